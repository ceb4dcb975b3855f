"""Drafts and uploads are the member's data: in "Download my data", and erased with the account."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from community.composer.models import Draft, Upload
from community.privacy import actions as privacy_actions
from community.privacy.exports import archive_data
from tests.composer.conftest import image_bytes

pytestmark = pytest.mark.django_db


def _write(client):
    client.post("/drafts/", {"purpose": "tip", "object_id": "0", "title": "Half a tip", "body": "Use the"})
    return client.post(
        "/uploads/new",
        {"image": SimpleUploadedFile("p.png", image_bytes(), content_type="image/png")},
        HTTP_ACCEPT="application/json",
    ).json()["url"]


def test_download_my_data_holds_drafts_and_uploads(client_for, alice):
    url = _write(client_for(alice))
    data = archive_data(alice)
    assert [(d["purpose"], d["title"], d["body"]) for d in data["drafts"]] == [("tip", "Half a tip", "Use the")]
    assert [(u["url"], u["content_type"], u["width"]) for u in data["uploaded_images"]] == [(url, "image/png", 800)]


def test_erasing_the_account_erases_drafts_and_uploaded_files(
    client_for, alice, bob, django_capture_on_commit_callbacks
):
    _write(client_for(alice))
    _write(client_for(bob))
    name = Upload.objects.get(member=alice).name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        privacy_actions.erase_member(alice.pk)
    assert not Draft.objects.filter(member=alice).exists() and not Upload.objects.filter(member=alice).exists()
    assert not default_storage.exists(name)
    assert Draft.objects.filter(member=bob).count() == 1 and Upload.objects.filter(member=bob).count() == 1
