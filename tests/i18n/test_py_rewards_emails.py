"""E-mails and digests speak the recipient's language, whoever caused them and whatever the request or the task
speaks; notifications are stored as data and worded when they are read, in the reader's language
(community/notifications, docs/i18n.md).

French catalogues are built later: the tests watch the language active while a message is rendered (and stand a
fake translator in for the catalogue where they check what is worded when)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from community.forum import actions
from community.models import Answer, Member, Notification
from community.moderation import actions as moderation
from community.notifications import digests, emails
from community.notifications import inbox as notifications
from community.notifications import models as notification_models
from community.team import actions as team

pytestmark = pytest.mark.django_db


@pytest.fixture
def question(live, alice):
    return live(
        actions.create_thread,
        alice,
        kind="question",
        title="How do I sync offline?",
        body="I travel a lot, what works?",
        tags=["sync"],
    )


@pytest.fixture
def rendered_in(monkeypatch):
    """The language active each time an e-mail template was rendered (the body, text and HTML)."""
    languages: list[str] = []
    render = emails.render_to_string

    def recording(*args, **kwargs):
        languages.append(translation.get_language())
        return render(*args, **kwargs)

    monkeypatch.setattr(emails, "render_to_string", recording)
    return languages


def speaks(member: Member, language: str) -> Member:
    member.language = language
    member.save(update_fields=["language"])
    return member


def test_an_immediate_email_is_in_the_recipients_language_not_the_actors(live, alice, bob, question, rendered_in):
    speaks(alice, "fr")
    mail.outbox.clear()
    with translation.override("en"):  # bob's request, in English
        live(actions.post_answer, bob, question, body="An answer long enough to e-mail.")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["alice@example.com"]
    assert rendered_in == ["fr", "fr"]  # the text and the HTML part
    assert 'lang="fr"' in mail.outbox[0].alternatives[0][0]
    assert "a répondu à votre question" in mail.outbox[0].subject  # the French catalogue's wording


def test_an_english_reader_gets_english_from_a_french_actor(live, alice, bob, question, rendered_in):
    speaks(bob, "fr")  # the actor reads French; alice has no preference: the site's language
    mail.outbox.clear()
    with translation.override("fr"):
        live(actions.post_answer, bob, question, body="Une réponse assez longue pour un e-mail.")
    assert len(mail.outbox) == 1
    assert rendered_in == ["en", "en"]
    assert "answered your question" in mail.outbox[0].subject


def test_the_subject_is_worded_in_the_recipients_language(live, alice, bob, question, monkeypatch):
    """The subject is the notification's sentence: worded inside the recipient's language, like the body."""
    worded_in = []
    describe = emails.describe

    def recording(note, **kwargs):
        worded_in.append(translation.get_language())
        return describe(note, **kwargs)

    monkeypatch.setattr(emails, "describe", recording)
    speaks(alice, "fr")
    mail.outbox.clear()
    live(actions.post_answer, bob, question, body="An answer long enough to e-mail.")
    assert worded_in == ["fr"] and len(mail.outbox) == 1


def test_a_digest_is_in_its_recipients_language(live, alice, bob, question, client_for, rendered_in, monkeypatch):
    c = client_for(alice)
    c.post("/settings/notifications/", {f"email_{k}": "daily" for k in notifications.EMAIL_KIND_KEYS})
    speaks(alice, "fr")
    subject_in = []
    subject = digests._subject
    monkeypatch.setattr(
        digests, "_subject", lambda mode, count: subject_in.append(translation.get_language()) or subject(mode, count)
    )
    live(actions.post_answer, bob, question, body="First answer, long enough to digest.")
    mail.outbox.clear()
    with translation.override("en"):  # the command runs in the site's language
        call_command("community_send_digests", "daily", verbosity=0)
    assert len(mail.outbox) == 1
    assert subject_in == ["fr"] and rendered_in == ["fr", "fr"]
    assert 'lang="fr"' in mail.outbox[0].alternatives[0][0]


# --- notifications: data in the row, the sentence at read time ----------------------------------------------


@pytest.fixture
def worded(monkeypatch):
    """A stand-in French catalogue for the notification sentences: each one says which language worded it."""

    def gettext(message):
        return f"[{translation.get_language()}] {message}"

    monkeypatch.setattr(notification_models, "gettext", gettext)


def test_the_inbox_words_each_notification_in_its_readers_language(live, alice, bob, question, client_for, worded):
    speaks(alice, "fr")
    with translation.override("en"):  # written during bob's English request
        live(actions.post_answer, bob, question, body="An answer long enough to e-mail.")
    note = Notification.objects.get(recipient=alice)
    assert note.detail == "An answer long enough to e-mail."  # the excerpt, no sentence stored
    page = client_for(alice).get("/inbox/").content.decode()
    assert "[fr] " in page and "[en] " not in page
    with translation.override("en"):
        assert notification_models.describe(note).startswith("[en] ")


def test_an_idea_status_notice_keeps_the_status_key(live, alice, bob, moderator, make_thread):
    idea = make_thread(alice, kind="idea", title="Dark mode for the reader")
    live(team.set_idea_status, moderator, idea, status="planned", explanation="It is on the roadmap.")
    note = Notification.objects.get(recipient=alice, kind="idea_status")
    assert note.detail == "planned"  # a key, never the label in the actor's language
    with translation.override("en"):
        assert notification_models.describe(note) == (
            f"{moderator.public_name} moved the idea “Dark mode for the reader” to Planned"
        )
    with translation.override("fr"):
        assert "Dark mode for the reader" in notification_models.describe(note)
        french = notification_models.idea_status_label("planned")
        # A row written before kept the English label: it reads as the status, in the reader's language too.
        assert notification_models.idea_status_label("Planned") == french
    with translation.override("en"):
        assert notification_models.idea_status_label("Planned") == "Planned"


def test_a_moderation_notice_is_stored_as_data(live, alice, moderator, question, make_member):
    answer = live(actions.post_answer, make_member("carol"), question, body="An answer that will be hidden.")
    live(moderation.lock_thread, moderator, question, reason="Off topic here")
    note = Notification.objects.get(recipient=alice, kind="moderation")
    assert note.detail == "Off topic here"  # the moderator's words only
    assert note.event_key.startswith("moderation:lock:thread:")
    with translation.override("en"):
        assert notification_models.describe(note) == (
            "A moderator locked your thread “How do I sync offline?”. Reason: Off topic here"
        )
    live(moderation.moderate_hide, moderator, answer)
    hidden = Notification.objects.get(recipient=answer.author, kind="moderation")
    assert (hidden.thread_id, hidden.answer_id, hidden.detail) == (question.pk, answer.pk, "")
    with translation.override("en"):
        assert notification_models.describe(hidden) == "A moderator hid your answer to “How do I sync offline?”."
    assert f"#answer-{answer.pk}" in hidden.get_absolute_url()
    assert Answer.objects.filter(pk=answer.pk, is_deleted=True).exists()


def test_a_moderation_notice_written_before_keeps_its_sentence(alice, question):
    note = Notification(
        recipient=alice,
        kind="moderation",
        event_key="moderation:moderation:lock:thread:1:2024-01-01T00:00:00+00:00",
        detail="locked your thread “Old”. Reason: spam.",
    )
    with translation.override("fr"):  # an English sentence it was written with, in any language
        assert notification_models.describe(note) == "A moderator locked your thread “Old”. Reason: spam."
