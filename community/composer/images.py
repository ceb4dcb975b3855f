"""Members' images made safe to publish, with Pillow.

What a file *is* is decided from the decoded image, never from its name or the browser's content type. Too many
bytes or too many pixels (a decompression bomb: a small file that decodes to gigabytes) are refused before
decoding. The image is turned as its EXIF orientation says, then re-encoded from its pixels alone, so EXIF (GPS
position, camera serial), XMP, ICC comments and PNG text chunks are all left behind; wide images are scaled down
for display. GIFs keep their first frame only and are stored as PNG.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Decoded format -> (stored format, extension, content type).
FORMATS = {
    "JPEG": ("JPEG", "jpg", "image/jpeg"),
    "PNG": ("PNG", "png", "image/png"),
    "GIF": ("PNG", "png", "image/png"),
    "WEBP": ("WEBP", "webp", "image/webp"),
}
CONTENT_TYPES = {ext: content_type for _fmt, ext, content_type in FORMATS.values()}


def limits() -> dict:
    return settings.GUILDHALL["UPLOADS"]


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    extension: str
    content_type: str
    width: int
    height: int


def clean_image(file) -> CleanImage:
    """The image in ``file`` (an uploaded file or any binary file object), cleaned; ``ValidationError`` with a
    message a member can act on if it is not an image we take."""
    max_bytes, max_pixels, max_width = limits()["MAX_BYTES"], limits()["MAX_PIXELS"], limits()["MAX_WIDTH"]
    raw = file.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise ValidationError(
            _("The image is too large: at most %(size)s.") % {"size": filesizeformat(max_bytes)}, code="too_large"
        )
    if not raw:
        raise ValidationError(_("Choose an image file to upload."), code="empty")
    unsupported = ValidationError(_("Upload a JPEG, PNG, GIF or WebP image."), code="type")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw))  # reads the header only: size and format, no pixels yet
            if image.format not in FORMATS:
                raise unsupported
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(_too_many_pixels(max_pixels), code="pixels")
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_too_many_pixels(max_pixels), code="pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise unsupported from None
    stored_format, extension, content_type = FORMATS[image.format]
    image = ImageOps.exif_transpose(image)  # turn it first: the orientation tag goes with the rest of the EXIF
    image = _plain_pixels(image, stored_format)
    if image.width > max_width:
        image = image.resize((max_width, max(1, round(image.height * max_width / image.width))), Image.LANCZOS)
    out = io.BytesIO()
    options = {"quality": 85, "optimize": True} if stored_format == "JPEG" else {}
    if stored_format == "WEBP":
        options = {"quality": 85}
    image.save(out, format=stored_format, **options)
    return CleanImage(out.getvalue(), extension, content_type, image.width, image.height)


def _plain_pixels(image: Image.Image, stored_format: str) -> Image.Image:
    """A new image holding only the pixels: no ``info`` (EXIF, XMP, ICC, text chunks, comments) comes along."""
    if stored_format == "JPEG":
        mode = "L" if image.mode in ("L", "1") else "RGB"
    else:
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        mode = "RGBA" if has_alpha else "RGB"
    converted = image.convert(mode)
    clean = Image.new(mode, converted.size)
    clean.paste(converted)
    return clean


def _too_many_pixels(max_pixels: int) -> str:
    return _("The image has too many pixels: at most %(megapixels)s million.") % {
        "megapixels": round(max_pixels / 1_000_000)
    }
