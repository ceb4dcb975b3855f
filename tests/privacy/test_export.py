"""Download my data: an archive of the member's rows, built by a task, e-mailed, served to its owner only."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from community.models import DataExport


def _ask(client, committed):
    with committed():
        return client.post("/settings/data/export", {"archive": "everything"})


def _archive(response) -> dict:
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert "README.txt" in archive.namelist()
        return json.loads(archive.read("data.json"))


@pytest.mark.django_db
def test_the_archive_holds_the_members_rows_and_the_link_is_e_mailed(
    zephyr, zephyr_activity, client_for, var_dir, committed
):
    client = client_for(zephyr)
    mail.outbox.clear()
    response = _ask(client, committed)
    assert response.status_code == 302

    export = DataExport.objects.get(member=zephyr)
    assert export.status == DataExport.Status.READY
    assert export.expires_at - export.ready_at == timedelta(days=7)
    assert (var_dir / export.file_path).is_file()

    [message] = mail.outbox
    assert message.to == ["zephyrine@example.com"]
    assert f"/settings/data/download/{export.token}/" in message.body

    data = _archive(client.get(f"/settings/data/download/{export.token}/"))
    assert data["profile"]["username"] == "zephyrine"
    assert data["profile"]["display_name"] == "Zephyrine Quill"
    assert data["profile"]["bio"] == "Barista in Lyon, tea at home."
    assert data["email_addresses"] == [{"email": "zephyrine@example.com", "verified": True, "primary": True}]
    [thread] = data["threads"]
    assert thread["title"] == "How do I descale a lever espresso machine?"
    assert thread["tags"] == ["coffee"] and "without a connection" in thread["body_markdown"]
    assert [c["body"] for c in data["comments"]] == ["Worked a treat, thanks!"]
    assert data["answers"] == []
    assert [(v["answer_id"], v["value"]) for v in data["votes"]] == [(zephyr_activity["answer"].pk, 1)]
    assert sum(e["points"] for e in data["reputation"]["ledger"]) == data["reputation"]["points"] - 1
    assert any(e["thread_id"] == zephyr_activity["thread"].pk for e in data["reputation"]["ledger"])  # Bob's vote
    assert [f["tag"] for f in data["follows"]] == ["coffee"]
    assert any(n["kind"] == "answer" for n in data["notifications"])  # Bob answered her question
    assert data["notification_settings"]["email"]["answer"] == "daily"
    assert data["notification_settings"]["expert_requests"] is False
    assert isinstance(data["badges"], list)


@pytest.mark.django_db
def test_only_the_owner_can_download(zephyr, bob, client_for, var_dir, committed):
    _ask(client_for(zephyr), committed)
    export = DataExport.objects.get(member=zephyr)
    url = f"/settings/data/download/{export.token}/"

    assert client_for(bob).get(url).status_code == 404
    visitor = Client().get(url)
    assert visitor.status_code == 302 and "/accounts/login/" in visitor["Location"]  # no file, no hint
    assert client_for(zephyr).get("/settings/data/download/not-a-token/").status_code == 404
    assert client_for(zephyr).get(url).status_code == 200


@pytest.mark.django_db
def test_an_expired_link_is_refused_and_its_file_removed(zephyr, client_for, var_dir, committed):
    from community.privacy import actions

    _ask(client_for(zephyr), committed)
    export = DataExport.objects.get(member=zephyr)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    response = client_for(zephyr).get(f"/settings/data/download/{export.token}/")
    assert response.status_code == 410
    assert "expired" in response.content.decode()

    with committed():
        assert actions.expire_exports() == 1
    export.refresh_from_db()
    assert export.status == DataExport.Status.EXPIRED
    assert not (var_dir / export.file_path).exists()


@pytest.mark.django_db
def test_one_archive_at_a_time_and_one_a_day(zephyr, client_for, var_dir, settings, committed):
    client = client_for(zephyr)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # stays "pending"
    _ask(client, committed)
    assert DataExport.objects.get(member=zephyr).status == DataExport.Status.PENDING

    again = _ask(client, committed)
    assert again.status_code == 409
    assert "being prepared" in again.content.decode()

    DataExport.objects.filter(member=zephyr).update(status=DataExport.Status.READY)
    later = _ask(client, committed)
    assert later.status_code == 429
    assert "one archive a day" in later.content.decode()
    assert DataExport.objects.filter(member=zephyr).count() == 1


@pytest.mark.django_db
def test_a_post_without_the_buttons_choice_asks_for_nothing(zephyr, client_for, var_dir):
    response = client_for(zephyr).post("/settings/data/export", {"archive": "x" * 300})
    assert response.status_code == 400
    assert not DataExport.objects.exists()


@pytest.mark.django_db
def test_your_data_page_offers_both_actions(zephyr, client_for):
    page = client_for(zephyr).get("/settings/data/").content.decode()
    assert "Download my data" in page and 'action="/settings/data/export"' in page
    assert 'href="/settings/data/delete"' in page
    assert 'href="/settings/data/"' in client_for(zephyr).get(zephyr.get_absolute_url()).content.decode()
