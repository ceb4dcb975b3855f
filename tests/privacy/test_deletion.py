"""Delete my account: password and confirmation, a grace period with a way back, then an erasure that leaves
no personal data while posts, scores and reputation sums stay as they were."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.utils import timezone

from community.models import AccountDeletion, DataExport, Follow, Member, Notification, NotificationSettings, Thread
from community.privacy import actions
from rewards import api as rewards_api
from search import api as search_api
from tests.search_support import backend, es_url, titles  # noqa: F401  (fixtures)

PASSWORD = "correct horse battery staple"


def _log_in(email=None) -> Client:
    client = Client()
    assert (
        client.post("/accounts/login/", {"login": email or "zephyrine@example.com", "password": PASSWORD}).status_code
        == 302
    )
    return client


def _schedule(client, committed, **data):
    with committed():
        return client.post("/settings/data/delete", {"password": PASSWORD, "confirm": "on", **data})


@pytest.mark.django_db
def test_deleting_asks_for_the_password_and_a_confirmation(zephyr, client_for, committed):
    client = client_for(zephyr)
    page = client.get("/settings/data/delete").content.decode()
    assert 'name="password"' in page and 'name="confirm"' in page

    wrong = _schedule(client, committed, password="not it")
    assert wrong.status_code == 400 and "That is not your password." in wrong.content.decode()
    unconfirmed = client.post("/settings/data/delete", {"password": PASSWORD})
    assert unconfirmed.status_code == 400 and "Tick the box" in unconfirmed.content.decode()
    assert not AccountDeletion.objects.exists()
    assert client.get("/settings/data/").status_code == 200  # still signed in


@pytest.mark.django_db
def test_scheduling_signs_out_e_mails_and_signing_in_shows_the_cancel_banner(zephyr, settings, committed):
    settings.GUILDHALL = {**settings.GUILDHALL, "DELETION_GRACE_DAYS": 10}
    client = _log_in()
    mail.outbox.clear()
    response = _schedule(client, committed)
    assert response.status_code == 200 and "Your account will be deleted" in response.content.decode()

    deletion = AccountDeletion.objects.get(member=zephyr)
    assert timedelta(days=9, hours=23) < deletion.erase_after - timezone.now() <= timedelta(days=10)
    assert client.get("/settings/data/").status_code == 302  # signed out
    [message] = mail.outbox
    assert message.to == ["zephyrine@example.com"] and "will be deleted on" in message.body

    again = _log_in()
    home = again.get("/threads/").content.decode()
    assert "scheduled for deletion on" in home and 'action="/settings/data/delete/cancel"' in home

    with committed():
        assert again.post("/settings/data/delete/cancel").status_code == 302
    assert not AccountDeletion.objects.exists()
    assert "scheduled for deletion" not in again.get("/threads/").content.decode()


@pytest.mark.django_db
def test_a_suspended_member_can_still_leave(zephyr, committed):
    Member.objects.filter(pk=zephyr.pk).update(suspended_until=timezone.now() + timedelta(days=3))
    assert _schedule(_log_in(), committed).status_code == 200
    assert AccountDeletion.objects.filter(member=zephyr).exists()


@pytest.mark.django_db
def test_cancelling_during_the_grace_period_keeps_everything(zephyr, zephyr_activity, committed):
    _schedule(_log_in(), committed)
    with committed():
        assert actions.cancel_deletion(zephyr)
        assert call_command("erase_due_accounts", verbosity=0) is None
    AccountDeletion.objects.create(member=zephyr, erase_after=timezone.now() + timedelta(days=1))
    with committed():
        call_command("erase_due_accounts", verbosity=0)  # not due yet
    zephyr.refresh_from_db()
    assert zephyr.username == "zephyrine" and zephyr.email == "zephyrine@example.com" and zephyr.is_active
    assert EmailAddress.objects.filter(user=zephyr).exists() and Follow.objects.filter(member=zephyr).exists()


def _text_columns():
    """Every text column of every table (ours, allauth's, Wagtail's, Django's): where personal data could hide."""
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        if fields:
            yield model, fields


def _rows_mentioning(*needles) -> list[str]:
    found = []
    for model, fields in _text_columns():
        for needle in needles:
            query = models.Q()
            for name in fields:
                field = model._meta.get_field(name)
                lookup = "icontains" if not isinstance(field, models.JSONField) else "contains"
                if lookup == "contains":
                    continue
                query |= models.Q(**{f"{name}__{lookup}": needle})
            if query and model._default_manager.filter(query).exists():
                found.append(f"{model._meta.label} mentions {needle!r}")
    return found


@pytest.mark.django_db
def test_erasure_leaves_no_personal_data_and_keeps_posts_scores_and_reputation(
    zephyr, bob, zephyr_activity, client_for, var_dir, committed
):
    thread = zephyr_activity["thread"]
    answer = zephyr_activity["answer"]
    SocialAccount.objects.create(user=zephyr, provider="github", uid="zephyrine-gh", extra_data={"login": "zephyrine"})
    with committed():
        client_for(zephyr).post("/settings/data/export", {"archive": "everything"})
    archive = var_dir / DataExport.objects.get(member=zephyr).file_path
    zephyr_session = _log_in()
    scores = (Thread.objects.get(pk=thread.pk).score, answer.__class__.objects.get(pk=answer.pk).score)
    reputations = rewards_api.reputations([zephyr.pk, bob.pk])
    ledger = sum(e["points"] for e in rewards_api.ledger_of(zephyr))
    assert _rows_mentioning("zephyrine", "Zephyrine Quill", "Barista in Lyon")  # the search finds what is there

    _schedule(_log_in(), committed)
    AccountDeletion.objects.filter(member=zephyr).update(erase_after=timezone.now() - timedelta(seconds=1))
    with committed():
        call_command("erase_due_accounts", verbosity=0)

    assert _rows_mentioning("zephyrine", "Zephyrine Quill", "Barista in Lyon") == []
    zephyr.refresh_from_db()
    assert zephyr.username == f"deleted-{zephyr.pk}" and zephyr.display_name == f"deleted member {zephyr.pk}"
    assert not zephyr.is_active and not zephyr.has_usable_password() and zephyr.email == ""
    for model in (EmailAddress, SocialAccount):
        assert not model.objects.filter(user_id=zephyr.pk).exists()
    for rows in (
        Follow.objects.filter(member_id=zephyr.pk),
        Notification.objects.filter(recipient_id=zephyr.pk),
        NotificationSettings.objects.filter(member_id=zephyr.pk),
        DataExport.objects.filter(member_id=zephyr.pk),
    ):
        assert not rows.exists()
    assert not archive.exists()
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(zephyr.pk)]
    assert zephyr_session.get("/settings/data/").status_code == 302  # signed out everywhere

    # The community is whole: the thread and comment stay, credited to "deleted member N"; scores and sums hold.
    page = Client().get(thread.get_absolute_url()).content.decode()
    assert f"deleted member {zephyr.pk}" in page and "Worked a treat, thanks!" in page
    assert (Thread.objects.get(pk=thread.pk).score, answer.__class__.objects.get(pk=answer.pk).score) == scores
    assert rewards_api.reputations([zephyr.pk, bob.pk]) == reputations
    assert sum(e["points"] for e in rewards_api.ledger_of(zephyr)) == ledger
    leaderboard = Client().get("/leaderboard/?period=all").content.decode()
    assert f"deleted member {zephyr.pk}" not in leaderboard and "bob" in leaderboard

    # Idempotent: a second run (or a direct call) changes nothing.
    with committed():
        call_command("erase_due_accounts", verbosity=0)
        assert actions.erase_member(zephyr.pk) is False
    zephyr.refresh_from_db()
    assert zephyr.username == f"deleted-{zephyr.pk}"


@pytest.mark.django_db
def test_erasure_takes_the_members_username_and_name_out_of_search(backend, zephyr, zephyr_activity, committed):
    """The index is not personal data's hiding place: after erasure neither ``user:`` nor the name as words finds
    the member's question, which stays findable by its own words."""
    title = zephyr_activity["thread"].title
    search_api.refresh()  # Elasticsearch shows what was indexed after a refresh
    assert titles(search_api.search("user:zephyrine")) == [title]
    assert titles(search_api.search("Zephyrine Quill")) == [title]

    _schedule(_log_in(), committed)
    AccountDeletion.objects.filter(member=zephyr).update(erase_after=timezone.now() - timedelta(seconds=1))
    with committed():
        call_command("erase_due_accounts", verbosity=0)
    search_api.refresh()

    assert search_api.search("user:zephyrine").total == 0
    assert search_api.search("Zephyrine").total == 0
    assert search_api.search("Quill").total == 0
    assert titles(search_api.search("descale lever espresso")) == [title]
