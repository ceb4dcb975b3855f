"""The brand's colours, checked and turned into a stylesheet: readable on light and dark pages, whatever the CMS says.

The primary colour is the site's link and button colour (``--accent``): it is refused unless text in it is
readable on a white page (WCAG's 4.5:1), since links are written in it. The accent colour only fills the logo
mark and underlines the current section, so any colour goes: the text on it is computed (white or ink, whichever
reads better). The dark theme cannot use a dark blue for links on a dark page: it gets the same hue lightened
until it reads there too, computed here rather than asked of the team.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
INK = "#1d2330"  # site.css --ink
DARK_PAPER = "#1b2130"  # site.css --paper in the dark theme
READABLE = 4.5  # WCAG AA for body text


def parse(value: str) -> tuple[int, int, int]:
    value = value.strip()
    if not HEX.match(value):
        raise ValueError(value)
    return int(value[1:3], 16), int(value[3:5], 16), int(value[5:7], 16)


def to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def luminance(value: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in parse(value))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, other: str) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(value: str, other: str, share: float) -> str:
    """``value`` with ``share`` (0–1) of ``other`` mixed in."""
    return to_hex(tuple(a + (b - a) * share for a, b in zip(parse(value), parse(other), strict=True)))


def readable_on(background: str) -> str:
    """White or ink: whichever reads better on ``background``."""
    return WHITE if contrast(background, WHITE) >= contrast(background, INK) else INK


def for_dark_pages(value: str) -> str:
    """``value`` lightened just enough to read on the dark theme's paper."""
    for step in range(21):
        shade = mix(value, WHITE, step / 20)
        if contrast(shade, DARK_PAPER) >= READABLE:
            return shade
    return WHITE


def validate_hex(value: str) -> None:
    if value and not HEX.match(value.strip()):
        raise ValidationError(_("Write a colour as # and six hexadecimal digits, e.g. #2451b7."), code="invalid_colour")


def validate_primary(value: str) -> None:
    """Links are written in the primary colour on white: it must read there."""
    validate_hex(value)
    if value and contrast(value.strip(), WHITE) < READABLE:
        raise ValidationError(
            _(
                "This colour is too light to read as link text on a white page (contrast %(ratio)s:1, at least "
                "4.5:1 is needed): choose a darker shade."
            ),
            code="unreadable_colour",
            params={"ratio": f"{contrast(value.strip(), WHITE):.1f}"},
        )


def stylesheet(primary: str, accent: str) -> str:
    """The custom properties site.css reads, for the light theme and the dark one."""
    light, dark = [], []
    if primary:
        light += [
            f"--accent: {primary};",
            f"--accent-ink: {readable_on(primary)};",
            f"--accent-strong: {mix(primary, INK, 0.2)};",
            f"--accent-soft: {mix(primary, WHITE, 0.9)};",
        ]
        shade = for_dark_pages(primary)
        dark += [
            f"--accent: {shade};",
            f"--accent-ink: {readable_on(shade)};",
            f"--accent-strong: {mix(shade, WHITE, 0.2)};",
            f"--accent-soft: {mix(primary, DARK_PAPER, 0.75)};",
        ]
    if accent:
        light += [f"--brand: {accent};", f"--brand-ink: {readable_on(accent)};"]
        dark += [f"--brand: {accent};", f"--brand-ink: {readable_on(accent)};"]
    if not light:
        return ""
    return (
        "/* The community's colours, set in the CMS (Settings → Community brand). */\n"
        f":root {{ {' '.join(light)} }}\n"
        f"@media (prefers-color-scheme: dark) {{ :root {{ {' '.join(dark)} }} }}\n"
    )
