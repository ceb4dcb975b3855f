"""Image uploads: decided from the decoded image, bounded in bytes and pixels, stripped of metadata, resized,
stored through the storage API and served by the site itself (DEBUG off)."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from community.composer.models import Draft, Upload
from community.core.rendering import render_markdown
from tests.composer.conftest import image_bytes, jpeg_with_gps, noisy_png, png_bomb

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name="photo.jpg", content_type="image/jpeg", **extra):
    return client.post(
        "/uploads/new",
        {"image": SimpleUploadedFile(name, data, content_type=content_type), **extra},
        HTTP_ACCEPT="application/json",
    )


def stored(url: str) -> bytes:
    name = "uploads/" + url.rsplit("/", 1)[-1]
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def test_a_phone_photo_comes_back_turned_and_without_exif(client_for, alice):
    original = jpeg_with_gps(size=(1200, 800), orientation=6)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the GPS position is in there
    response = upload(client_for(alice), original)
    assert response.status_code == 200
    data = response.json()
    assert data["markdown"] == f"![image description]({data['url']})"
    saved = stored(data["url"])
    image = Image.open(io.BytesIO(saved))
    assert image.format == "JPEG" and image.size == (800, 1200)  # turned as the orientation said
    assert not image.getexif() and b"Exif" not in saved and b"PhoneMaker" not in saved
    row = Upload.objects.get()
    assert (row.member, row.width, row.height, row.content_type) == (alice, 800, 1200, "image/jpeg")
    assert row.size == len(saved)


def test_wide_images_are_scaled_down_for_display(client_for, alice):
    response = upload(client_for(alice), image_bytes((3200, 800)), name="wide.png", content_type="image/png")
    image = Image.open(io.BytesIO(stored(response.json()["url"])))
    assert image.size == (1600, 400)


def test_the_type_comes_from_the_image_not_the_name(client_for, alice):
    # A PNG called .jpg is stored as the PNG it is; a GIF becomes a PNG (first frame).
    response = upload(client_for(alice), image_bytes(fmt="PNG"), name="looks.jpg", content_type="image/jpeg")
    assert response.json()["url"].endswith(".png")
    response = upload(client_for(alice), image_bytes(fmt="GIF"), name="anim.gif", content_type="image/gif")
    assert response.json()["url"].endswith(".png")
    response = upload(client_for(alice), image_bytes(fmt="WEBP"), name="a.webp", content_type="image/webp")
    assert response.json()["url"].endswith(".webp")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<?php echo 'hello'; ?>" * 20, "Upload a JPEG, PNG, GIF or WebP image."),
        (image_bytes(fmt="BMP"), "Upload a JPEG, PNG, GIF or WebP image."),
        (image_bytes(fmt="TIFF"), "Upload a JPEG, PNG, GIF or WebP image."),
        (png_bomb(), "The image has too many pixels"),
    ],
    ids=["script", "bmp", "tiff", "bomb"],
)
def test_what_is_not_an_image_we_take_is_a_400_and_nothing_is_saved(client_for, alice, data, message):
    response = upload(client_for(alice), data, name="cat.jpg", content_type="image/jpeg")
    assert response.status_code == 400 and message in response.json()["error"]
    assert not Upload.objects.exists()
    _dirs, files = default_storage.listdir("uploads") if default_storage.exists("uploads") else ([], [])
    assert files == []


def test_too_many_bytes_is_a_400(client_for, alice, settings):
    settings.GUILDHALL = {**settings.GUILDHALL, "UPLOADS": {**settings.GUILDHALL["UPLOADS"], "MAX_BYTES": 20_000}}
    response = upload(client_for(alice), noisy_png((200, 200)), name="big.png", content_type="image/png")
    assert response.status_code == 400 and "too large: at most 19.5\xa0KB" in response.json()["error"]
    assert not Upload.objects.exists()


def test_visitors_cannot_upload(client):
    assert upload(client, image_bytes()).status_code == 302
    assert not Upload.objects.exists()


def test_uploads_are_throttled_per_member(client_for, alice, settings):
    settings.GUILDHALL = {**settings.GUILDHALL, "THROTTLES": {"upload": {"member": 2, "address": 10}}}
    c = client_for(alice)
    for _ in range(2):
        assert upload(c, image_bytes()).status_code == 200
    response = upload(c, image_bytes())
    assert response.status_code == 429 and "2 image uploads a minute" in response.json()["error"]
    assert Upload.objects.count() == 2


def test_uploads_go_through_the_storage_api(client_for, alice):
    with override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ):
        response = upload(client_for(alice), image_bytes())
        name = Upload.objects.get().name
        assert type(default_storage._wrapped).__name__ == "InMemoryStorage" and default_storage.exists(name)
        served = client_for(alice).get(response.json()["url"])
        assert b"".join(served.streaming_content) == stored(response.json()["url"])


def test_uploads_are_served_in_production_with_their_type_never_sniffed_and_cached(client, client_for, alice, settings):
    settings.DEBUG = False
    url = upload(client_for(alice), image_bytes(fmt="PNG"), name="x.png", content_type="image/png").json()["url"]
    response = client.get(url)  # anyone may see an image a post shows
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client.get("/uploads/nothing-here.png").status_code == 404
    assert client.get("/uploads/..%2Fsettings.py").status_code == 404


def test_uploaded_images_stay_images_in_posts(client_for, alice):
    url = upload(client_for(alice), image_bytes()).json()["url"]
    assert f'<img src="{url}" alt="cat">' in render_markdown(f"![cat]({url})")


def test_without_javascript_the_image_is_added_to_the_text_as_a_draft(client_for, alice):
    c = client_for(alice)
    response = c.post(
        "/uploads/new",
        {
            "image": SimpleUploadedFile("p.png", image_bytes(), content_type="image/png"),
            "purpose": "question",
            "object_id": "0",
            "title": "Why is my screen blank?",
            "body": "See the screenshot:",
            "tags": "display",
            "next": "/ask/question/",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/ask/question/"
    draft = Draft.objects.get()
    url = "/uploads/" + Upload.objects.get().file_name
    assert draft.body == f"See the screenshot:\n\n![image description]({url})\n"
    html = c.get("/ask/question/").content.decode()
    assert url in html and 'value="Why is my screen blank?"' in html


def test_a_bad_file_without_javascript_is_a_400_and_nothing_is_saved(client_for, alice):
    response = client_for(alice).post(
        "/uploads/new",
        {
            "image": SimpleUploadedFile("p.png", b"not an image at all", content_type="image/png"),
            "purpose": "question",
            "body": "typed words",
        },
    )
    assert response.status_code == 400 and "Upload a JPEG, PNG, GIF or WebP image." in response.content.decode()
    assert not Upload.objects.exists() and not Draft.objects.exists()
