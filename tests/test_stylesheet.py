"""The site's stylesheet stays layered, and no rule silently overrides another.

static/guildhall/site.css grew by appending one block per feature, and later blocks re-declared selectors
of earlier ones (`.header-row { gap }` twice, `.filters a` undoing what `.tabs a, .filters a` had just set):
the rule a reader found first was not the rule the browser applied. The file is now ordered base, components,
then one section per feature, and this module keeps it that way with a small, browser-free CSS reader:
comments are blanked out, rules are split, and each selector of a selector list is keyed together with the
conditions it sits in (`@media`, `@supports`, `@container`). Two rules with the same key that set the same
property, a shorthand counting as each of its longhands (`border` clashes with `border-color`), are an
override; a refinement must use a more specific selector or a modifier class instead.

`@layer` is deliberately left out of the key: a later layer wins over an earlier one, so the same selector
in two layers would be exactly the silent override this module forbids.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

SITE_CSS = Path(__file__).resolve().parent.parent / "static" / "guildhall" / "site.css"

# The sections of site.css, in cascade order: what later sections may build on comes first.
SECTIONS = (
    "Base",
    "Components",
    "Forum",
    "Accounts",
    "Moderation",
    "Knowledge",
    "Notifications",
    "Team",
    "Rewards",
    "Search",
)
SECTION_HEADING = re.compile(r"^/\* =+ (?P<name>[A-Z][\w ]*?)(?::[^=]*)? =+", re.MULTILINE)

# At-rules whose block holds ordinary style rules that apply under a condition.
CONDITIONAL_AT_RULES = ("@media", "@supports", "@container")
GROUPING_AT_RULES = (*CONDITIONAL_AT_RULES, "@layer")

_SIDES = ("top", "right", "bottom", "left")
_CORNERS = ("top-left", "top-right", "bottom-right", "bottom-left")
# Shorthand -> what it sets; expanded recursively, so `border` reaches `border-top-color`.
SHORTHANDS = {
    "margin": {f"margin-{s}" for s in _SIDES},
    "padding": {f"padding-{s}" for s in _SIDES},
    "inset": set(_SIDES),
    "border": {f"border-{s}" for s in _SIDES},
    **{f"border-{s}": {f"border-{s}-width", f"border-{s}-style", f"border-{s}-color"} for s in _SIDES},
    "border-width": {f"border-{s}-width" for s in _SIDES},
    "border-style": {f"border-{s}-style" for s in _SIDES},
    "border-color": {f"border-{s}-color" for s in _SIDES},
    "border-radius": {f"border-{c}-radius" for c in _CORNERS},
    "background": {
        "background-color", "background-image", "background-position", "background-size",
        "background-repeat", "background-attachment", "background-origin", "background-clip",
    },
    "font": {"font-style", "font-variant", "font-weight", "font-stretch", "font-size", "line-height", "font-family"},
    "flex": {"flex-grow", "flex-shrink", "flex-basis"},
    "flex-flow": {"flex-direction", "flex-wrap"},
    "gap": {"row-gap", "column-gap"},
    "grid-template": {"grid-template-rows", "grid-template-columns", "grid-template-areas"},
    "grid-area": {"grid-row-start", "grid-column-start", "grid-row-end", "grid-column-end"},
    "text-decoration": {
        "text-decoration-line", "text-decoration-style", "text-decoration-color", "text-decoration-thickness",
    },
    "outline": {"outline-color", "outline-style", "outline-width"},
    "list-style": {"list-style-type", "list-style-position", "list-style-image"},
    "overflow": {"overflow-x", "overflow-y"},
    "place-items": {"align-items", "justify-items"},
}


@dataclass(frozen=True)
class Rule:
    """One style rule: the conditions it sits in, its selectors, the properties it sets, where it starts."""

    conditions: tuple[str, ...]
    selectors: tuple[str, ...]
    properties: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Override:
    """A later rule that sets, for the same selector under the same conditions, a property an earlier one set."""

    selector: str
    conditions: tuple[str, ...]
    properties: tuple[str, ...]
    first_line: int
    later_line: int

    def __str__(self) -> str:
        where = " ".join(self.conditions) + " " if self.conditions else ""
        return (
            f"{where}{self.selector}: line {self.later_line} sets {', '.join(self.properties)} "
            f"again (first set on line {self.first_line})"
        )


class StylesheetError(ValueError):
    """The reader met something it cannot split into rules (an unbalanced brace, most likely)."""


def blank_comments(css: str) -> str:
    """Comments become spaces, newlines kept, so positions still give the file's line numbers."""
    return re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group()), css, flags=re.DOTALL)


def parse_rules(css: str) -> list[Rule]:
    """Every style rule of ``css`` in source order, with the conditional at-rules around it."""
    text = blank_comments(css)
    rules: list[Rule] = []
    end = _parse_block(text, 0, (), rules)
    if end != len(text):
        raise StylesheetError(f"unexpected '}}' on line {_line_at(text, end)}")
    return rules


def _parse_block(text: str, pos: int, conditions: tuple[str, ...], rules: list[Rule]) -> int:
    """Read rules from ``pos`` until a closing brace (returned, unconsumed) or the end of ``text``."""
    while True:
        stop = _next_delimiter(text, pos, "{;}")
        prelude = " ".join(text[pos:stop].split())
        pos += len(text[pos:stop]) - len(text[pos:stop].lstrip())  # where the prelude starts, for messages
        if stop == len(text) or text[stop] == "}":
            if prelude:
                raise StylesheetError(f"'{prelude}' has no block (line {_line_at(text, pos)})")
            return stop
        if text[stop] == ";":  # a statement at-rule such as `@layer base, components;` or `@import`
            pos = stop + 1
            continue
        body_start = stop + 1
        if prelude.lower().startswith(GROUPING_AT_RULES):
            inner = conditions if prelude.lower().startswith("@layer") else (*conditions, prelude)
            close = _parse_block(text, body_start, inner, rules)
        elif prelude.startswith("@"):  # @font-face, @keyframes...: no selectors to compare
            close = _matching_brace(text, stop)
        else:
            close = _next_delimiter(text, body_start, "{}")
            if close < len(text) and text[close] == "{":
                raise StylesheetError(f"a rule nested in '{prelude}' (line {_line_at(text, pos)}): write flat CSS")
            selectors, properties = _split_selectors(prelude), _property_names(text[body_start:close])
            rules.append(Rule(conditions, selectors, properties, _line_at(text, pos)))
        if close == len(text):
            raise StylesheetError(f"'{prelude}' is not closed (line {_line_at(text, pos)})")
        pos = close + 1


def _next_delimiter(text: str, pos: int, delimiters: str) -> int:
    """Index of the next delimiter outside quotes, parentheses and brackets, or len(text)."""
    depth, quote = 0, ""
    for i in range(pos, len(text)):
        char = text[i]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0 and char in delimiters:
            return i
    return len(text)


def _matching_brace(text: str, open_at: int) -> int:
    """Index of the brace closing the one at ``open_at`` (nested blocks skipped)."""
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def _split_selectors(prelude: str) -> tuple[str, ...]:
    """`a, b > c` -> ('a', 'b>c'): one canonical spelling per selector of the list."""
    selectors, pos = [], 0
    while pos <= len(prelude):
        comma = _next_delimiter(prelude, pos, ",")
        selectors.append(_canonical_selector(prelude[pos:comma]))
        pos = comma + 1
    return tuple(s for s in selectors if s)


def _canonical_selector(selector: str) -> str:
    selector = " ".join(selector.split())
    selector = re.sub(r"\s*([>+~])\s*", r"\1", selector)
    return re.sub(r"""=\s*["']([^"']*)["']\s*\]""", r"=\1]", selector)


def _property_names(declarations: str) -> tuple[str, ...]:
    names, pos = [], 0
    while pos < len(declarations):
        semicolon = _next_delimiter(declarations, pos, ";")
        name, colon, _ = declarations[pos:semicolon].partition(":")
        name = name.strip()
        if colon and name:
            names.append(name if name.startswith("--") else name.lower())
        pos = semicolon + 1
    return tuple(names)


def _line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def longhands(prop: str) -> frozenset[str]:
    """The longhand properties ``prop`` sets: itself when it is not a shorthand."""
    if prop not in SHORTHANDS:
        return frozenset({prop})
    return frozenset().union(*(longhands(part) for part in SHORTHANDS[prop]))


def find_overrides(css: str) -> list[Override]:
    """Every place where a rule sets again what an earlier rule set for the same selector and conditions."""
    seen: dict[tuple[tuple[str, ...], str], list[Rule]] = {}
    overrides = []
    for rule in parse_rules(css):
        for selector in rule.selectors:
            earlier_rules = seen.setdefault((rule.conditions, selector), [])
            for earlier in earlier_rules:
                clashing = _clashing_properties(earlier.properties, rule.properties)
                if clashing:
                    overrides.append(Override(selector, rule.conditions, clashing, earlier.line, rule.line))
            earlier_rules.append(rule)
    return overrides


def _clashing_properties(earlier: tuple[str, ...], later: tuple[str, ...]) -> tuple[str, ...]:
    earlier_longhands = frozenset().union(*(longhands(p) for p in earlier))
    return tuple(p for p in later if longhands(p) & earlier_longhands)


def section_names(css: str) -> list[str]:
    """The section headings (`/* ==== Name: what it covers ==== */`) in file order."""
    return [m.group("name").strip() for m in SECTION_HEADING.finditer(css)]


# --- the stylesheet itself -------------------------------------------------------------------------------


def test_no_rule_silently_overrides_an_earlier_one():
    overrides = find_overrides(SITE_CSS.read_text(encoding="utf-8"))
    assert not overrides, "site.css sets a property twice for the same selector:\n" + "\n".join(map(str, overrides))


def test_sections_are_layered_base_components_then_features():
    assert section_names(SITE_CSS.read_text(encoding="utf-8")) == list(SECTIONS)


def test_every_rule_of_the_stylesheet_is_read():
    """Guards the checker itself: a parse that lost rules would find no overrides in them either."""
    css = SITE_CSS.read_text(encoding="utf-8")
    rules = parse_rules(css)
    code = blank_comments(css)
    grouping_blocks = len(re.findall(r"@(?:media|supports|container|layer)\b[^;{]*\{", code))
    assert len(rules) == code.count("{") - grouping_blocks
    assert all(rule.selectors and rule.properties for rule in rules)


# --- the checker, on small sheets whose answer is known --------------------------------------------------


def test_a_repeated_selector_setting_the_same_property_is_found():
    css = "/* a { color: red } */\n.a { color: red; margin: 0 }\n.b { color: blue }\n.a { color: green }\n"
    assert [str(o) for o in find_overrides(css)] == [".a: line 4 sets color again (first set on line 2)"]


def test_selector_lists_shorthands_and_spelling_are_compared_per_selector():
    css = (
        ".tabs a, .filters a { border: 1px solid; }\n"
        ".filters  >  a[aria-current='page'] { color: red }\n"
        ".filters>a[aria-current=page] { font: inherit; color: blue }\n"
        ".filters a { border-color: red; }\n"
    )
    found = {(o.selector, o.properties, o.later_line) for o in find_overrides(css)}
    assert found == {(".filters>a[aria-current=page]", ("color",), 3), (".filters a", ("border-color",), 4)}


def test_a_different_condition_is_a_refinement_but_a_layer_is_not():
    css = (
        "@layer base, features;\n"
        "h1 { font-size: 2rem }\n"
        "@media (max-width: 720px) { h1 { font-size: 1.4rem } }\n"
        "@media (max-width: 720px) { h1 { margin: 0 } }\n"
        "@layer base { .x { color: red } }\n"
        "@layer features { .x { color: blue } }\n"
        "@media (max-width: 720px) { h1 { font: inherit } }\n"
    )
    found = [(o.selector, o.conditions, o.properties) for o in find_overrides(css)]
    assert found == [(".x", (), ("color",)), ("h1", ("@media (max-width: 720px)",), ("font",))]


def test_different_properties_on_the_same_selector_are_allowed():
    assert find_overrides(".a { color: red }\n.a { background-color: red }\n.a { flex-direction: row; flex: 1 }") == []


@pytest.mark.parametrize(
    ("css", "message"),
    [
        (".a { color: red }\n.b { color: blue\n", "'.b' is not closed (line 2)"),
        (".a { color: red }\n}\n", "unexpected '}' on line 2"),
        ("@media print {\n.a { color: red }\n", "'@media print' is not closed (line 1)"),
        (".a {\n  .b { color: red }\n}\n", "a rule nested in '.a' (line 1)"),
    ],
)
def test_a_stylesheet_it_cannot_read_is_reported_with_its_line(css, message):
    with pytest.raises(StylesheetError, match=re.escape(message)):
        parse_rules(css)
