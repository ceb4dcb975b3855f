"""Images made with Pillow for the upload tests, and a media folder of the test's own."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads land in the test's own folder, through the site's default storage (the file system)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def image_bytes(size=(800, 600), fmt="PNG", colour=(200, 80, 40), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=fmt, **save)
    return out.getvalue()


def noisy_png(size=(300, 300)) -> bytes:
    """An image that does not compress: its bytes grow with its pixels."""
    import os

    out = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(out, format="PNG")
    return out.getvalue()


def jpeg_with_gps(size=(1200, 800), orientation=6) -> bytes:
    """A phone photo: EXIF with a GPS position, a camera make and an orientation (turn 90° to show it)."""
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 7.0)}  # GPSInfo: Paris
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_bomb(width=100_000, height=100_000) -> bytes:
    """A valid PNG header claiming 10 gigapixels over a few bytes of data: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )
