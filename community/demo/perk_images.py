"""Pictures for the demo's perks, drawn with Pillow: a soft gradient in the perk kind's colours and a simple
line drawing of the thing itself (a mug, a T-shirt, a ticket…), like the flat illustrations brands use in their
rewards shops. No font and no file of ours is needed, so a fresh machine draws the same pictures.

Each drawing works on a 600 × 400 canvas (the catalogue's 3:2 cards) in "units", drawn at twice the size and
scaled down for smooth edges.
"""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw

WIDTH, HEIGHT, SCALE = 600, 400, 2
CX, CY = 300, 205  # the centre the drawings are zoomed about
# Cards crop pictures differently (3:2 on wide screens, a narrow strip beside the text on phones): every drawing is
# zoomed to fit a band of this width at the centre, which a centred crop keeps.
MOTIF_WIDTH = 220

# Two gradient stops per kind, light enough for the white line drawing to read on it, and quiet beside the site.
PALETTES = {
    "digital": ((76, 81, 191), (123, 97, 214)),
    "physical": ((214, 111, 74), (226, 154, 84)),
    "experience": ((32, 128, 126), (62, 160, 120)),
}
INK = (255, 255, 255, 235)
SOFT = (255, 255, 255, 60)
LINE = 9  # stroke width in units


def _gradient(kind: str) -> Image.Image:
    """A diagonal gradient between the kind's two colours (from the top left to the bottom right): computed on a
    small grid and scaled up, which a linear gradient survives exactly."""
    (r1, g1, b1), (r2, g2, b2) = PALETTES[kind]
    cols, rows = 31, 21
    small = Image.new("RGB", (cols, rows))
    for y in range(rows):
        for x in range(cols):
            t = (x / (cols - 1) + y / (rows - 1)) / 2
            small.putpixel((x, y), (round(r1 + (r2 - r1) * t), round(g1 + (g2 - g1) * t), round(b1 + (b2 - b1) * t)))
    # RGB: drawing with RGBA colours blends them onto it.
    return small.resize((WIDTH * SCALE, HEIGHT * SCALE), Image.Resampling.BILINEAR)


class _Pen:
    """Draws in units on the scaled canvas, the drawing zoomed about the picture's centre by ``zoom`` (strokes keep
    their width, so every picture has the same line)."""

    def __init__(self, image: Image.Image, zoom: float = 1.0):
        self.image = image
        self.zoom = zoom
        self.draw = ImageDraw.Draw(image, "RGBA")

    def _s(self, values):
        """Alternating x, y units → canvas pixels."""
        z = self.zoom
        return [round((CX + (v - CX) * z if i % 2 == 0 else CY + (v - CY) * z) * SCALE) for i, v in enumerate(values)]

    def background(self, x, y) -> tuple:
        """The colour under a point before anything is drawn there: a notch cut through the drawing shows it."""
        return self.image.getpixel(tuple(self._s((x, y))))

    def rect(self, box, radius=14, fill=None, outline=INK, width=LINE):
        self.draw.rounded_rectangle(
            self._s(box),
            radius=radius * self.zoom * SCALE,
            fill=fill,
            outline=outline,
            width=width * SCALE if outline else 0,
        )

    def line(self, points, width=LINE, fill=INK):
        self.draw.line(self._s([c for p in points for c in p]), fill=fill, width=width * SCALE, joint="curve")
        r = width * SCALE / 2
        for x, y in (points[0], points[-1]):  # round caps
            px, py = self._s((x, y))
            self.draw.ellipse((px - r, py - r, px + r, py + r), fill=fill)

    def polygon(self, points, fill=None, outline=INK, width=LINE):
        self.draw.polygon(self._s([c for p in points for c in p]), fill=fill, outline=outline, width=width * SCALE)

    def circle(self, cx, cy, r, fill=None, outline=INK, width=LINE):
        px, py = self._s((cx, cy))
        pr = r * self.zoom * SCALE
        self.draw.ellipse(
            (px - pr, py - pr, px + pr, py + pr), fill=fill, outline=outline, width=width * SCALE if outline else 0
        )

    def arc(self, box, start, end, width=LINE):
        self.draw.arc(self._s(box), start, end, fill=INK, width=width * SCALE)


def _halo(pen: _Pen) -> None:
    """Two large quiet circles behind the drawing, so the card is not a flat field."""
    pen.circle(470, 70, 150, fill=SOFT, outline=None)
    pen.circle(110, 360, 110, fill=(255, 255, 255, 35), outline=None)


def _discount(pen: _Pen) -> None:  # a voucher with a percent sign
    pen.rect((150, 120, 450, 280), radius=18, fill=(255, 255, 255, 40))
    for y in range(136, 270, 22):
        pen.circle(360, y, 3, fill=INK, outline=None)
    pen.circle(232, 170, 17)
    pen.circle(288, 232, 17)
    pen.line([(300, 158), (220, 244)])
    pen.line([(385, 175), (425, 175)], width=7)
    pen.line([(385, 205), (425, 205)], width=7)


def _ebook(pen: _Pen) -> None:  # an open book
    pen.polygon([(300, 140), (190, 118), (190, 272), (300, 294)], fill=(255, 255, 255, 40))
    pen.polygon([(300, 140), (410, 118), (410, 272), (300, 294)], fill=(255, 255, 255, 40))
    for i in range(4):
        y = 160 + i * 28
        pen.line([(212, y - 4), (278, y + 9)], width=5)
        pen.line([(322, y + 9), (388, y - 4)], width=5)


def _beta(pen: _Pen) -> None:  # a flask with bubbles
    pen.polygon([(270, 110), (330, 110), (330, 175), (390, 285), (210, 285), (270, 175)], fill=(255, 255, 255, 40))
    pen.line([(255, 110), (345, 110)])
    pen.polygon([(246, 235), (354, 235), (375, 278), (225, 278)], fill=INK, outline=None, width=0)
    pen.circle(285, 205, 8)
    pen.circle(318, 182, 6)


def _stickers(pen: _Pen) -> None:  # three stickers, one peeling
    pen.circle(235, 215, 62, fill=(255, 255, 255, 40))
    pen.rect((290, 120, 400, 230), radius=26, fill=(255, 255, 255, 40))
    pen.polygon([(330, 300), (372, 226), (414, 300)], fill=(255, 255, 255, 40))
    pen.circle(235, 215, 22, fill=INK, outline=None)
    pen.line([(318, 175), (372, 175)], width=7)


def _mug(pen: _Pen) -> None:
    pen.rect((210, 150, 360, 300), radius=22, fill=(255, 255, 255, 40))
    pen.arc((330, 180, 410, 260), -90, 90)
    for x in (245, 285, 325):
        pen.arc((x - 16, 96, x + 16, 128), 90, 270, width=6)
        pen.arc((x - 16, 64, x + 16, 96), -90, 90, width=6)


def _tshirt(pen: _Pen) -> None:
    pen.polygon(
        [
            (255, 110),
            (300, 132),
            (345, 110),
            (420, 150),
            (395, 200),
            (370, 188),
            (370, 300),
            (230, 300),
            (230, 188),
            (205, 200),
            (180, 150),
        ],
        fill=(255, 255, 255, 40),
    )
    pen.arc((272, 96, 328, 146), 20, 160, width=7)


def _notebook(pen: _Pen) -> None:  # a dot-grid notebook with its elastic band
    pen.rect((215, 100, 385, 305), radius=12, fill=(255, 255, 255, 40))
    for row in range(6):
        for col in range(4):
            pen.circle(252 + col * 30, 135 + row * 28, 3.5, fill=INK, outline=None)
    pen.line([(360, 92), (360, 313)], width=7)


def _call(pen: _Pen) -> None:  # a video camera and a speech bubble
    pen.rect((150, 155, 320, 265), radius=20, fill=(255, 255, 255, 40))
    pen.polygon([(330, 210), (405, 165), (405, 255)], fill=(255, 255, 255, 40))
    pen.circle(235, 210, 24)
    pen.rect((370, 90, 450, 140), radius=14)
    pen.polygon([(385, 138), (380, 158), (405, 139)], fill=INK, outline=None, width=0)


def _seat(pen: _Pen) -> None:  # a star on a ribbon badge
    pen.polygon([(262, 240), (240, 320), (270, 305), (290, 330), (300, 250)], fill=(255, 255, 255, 40))
    pen.polygon([(338, 240), (360, 320), (330, 305), (310, 330), (300, 250)], fill=(255, 255, 255, 40))
    pen.circle(300, 190, 78, fill=(255, 255, 255, 40))
    points = []
    for i in range(10):
        r = 42 if i % 2 == 0 else 18
        a = -math.pi / 2 + i * math.pi / 5
        points.append((300 + r * math.cos(a), 192 + r * math.sin(a)))
    pen.polygon(points, fill=INK, outline=None, width=0)


def _ticket(pen: _Pen) -> None:  # an invitation: a ticket with a calendar page
    pen.rect((160, 130, 440, 280), radius=16, fill=(255, 255, 255, 40))
    for x in (160, 440):  # the notches, in the colour behind the ticket
        pen.circle(x, 205, 20, fill=pen.background(x + (-24 if x < 300 else 24), 205), outline=None)
    pen.rect((205, 160, 300, 250), radius=10)
    pen.line([(205, 185), (300, 185)], width=7)
    pen.line([(230, 150), (230, 170)], width=7)
    pen.line([(275, 150), (275, 170)], width=7)
    for i in range(3):
        pen.line([(330, 175 + i * 30), (405 - i * 20, 175 + i * 30)], width=7)


# Each drawing and the width it spans (in units) before it is zoomed to ``MOTIF_WIDTH``.
MOTIFS = {
    "discount": (_discount, 300),
    "ebook": (_ebook, 220),
    "beta": (_beta, 180),
    "stickers": (_stickers, 245),
    "mug": (_mug, 200),
    "tshirt": (_tshirt, 240),
    "notebook": (_notebook, 170),
    "call": (_call, 300),
    "seat": (_seat, 160),
    "ticket": (_ticket, 320),
}


def draw(kind: str, motif: str) -> bytes:
    """The PNG of a perk's picture."""
    image = _gradient(kind)
    _halo(_Pen(image))
    drawing, width = MOTIFS[motif]
    drawing(_Pen(image, zoom=min(1.0, MOTIF_WIDTH / width)))
    out = io.BytesIO()
    image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS).save(out, "PNG")
    return out.getvalue()
