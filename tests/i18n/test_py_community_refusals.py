"""The community's Python strings (refusals, messages, labels, e-mails) speak the reader's language.

The French catalogue is built from the code later, so these tests read French through a *pseudo-French*
translation: every string gettext looks up in "fr" comes back as ``[fr]`` + the English. A string that was not
marked for translation, or that was translated once at import time (in whatever language was active then),
comes back without the mark. Dates and numbers use Django's own French formats, which exist already.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context
from django.utils import formats, timezone, translation
from django.utils.translation import trans_real

from community.core import audit, fragments, permissions, validators
from community.forum import actions, queries
from community.forum.forms import ThreadForm
from community.models import DataExport, Flag, IdeaStatus, ReviewTask, Thread
from config import page_cache, throttle

MARK = "[fr]"


class PseudoFrench:
    """Django's French translation object, answering every lookup with the mark and the English text."""

    def __init__(self, real):
        self.real = real

    def gettext(self, message):
        return MARK + message.split(trans_real.CONTEXT_SEPARATOR, 1)[-1]

    def ngettext(self, singular, plural, number):
        return self.gettext(singular if number == 1 else plural)

    def __getattr__(self, name):  # to_language(), language(), plural …
        return getattr(self.real, name)


@pytest.fixture
def pseudo_french(monkeypatch):
    real = trans_real.translation("fr")
    monkeypatch.setitem(trans_real._translations, "fr", PseudoFrench(real))
    return MARK


def _refusal(call) -> str:
    with pytest.raises((PermissionDenied, ValidationError)) as caught:
        call()
    exc = caught.value
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


# --- refusals are translated when they are raised, in the reader's language ------------------------------------


@pytest.mark.django_db
def test_action_refusals_are_written_at_request_time_in_the_active_language(pseudo_french, alice, make_thread):
    thread = make_thread(alice)
    with translation.override("fr"):
        own_vote = _refusal(lambda: actions.vote(alice, thread, 1))
        short_title = _refusal(lambda: actions.clean_title("Hi"))
        invisible = _refusal(lambda: validators.visible_text("\u200b\u200b", field="display_name"))
    with translation.override("en"):
        english = _refusal(lambda: actions.vote(alice, thread, 1))
    assert own_vote == "[fr]You cannot vote on your own post."
    assert short_title.startswith("[fr]Please write a title of at least ") and short_title.endswith(" characters.")
    assert invisible == "[fr]Your display name has no visible characters: write it with letters or digits."
    assert english == "You cannot vote on your own post."


@pytest.mark.django_db
def test_a_refused_vote_answers_in_the_browsers_language(pseudo_french, client_for, alice, make_thread):
    thread = make_thread(alice)
    client = client_for(alice)
    page = client.post(f"/thread/{thread.pk}/vote", {"value": "1"}, HTTP_ACCEPT_LANGUAGE="fr")
    script = client.post(
        f"/thread/{thread.pk}/vote", {"value": "1"}, HTTP_ACCEPT_LANGUAGE="fr", HTTP_ACCEPT="application/json"
    )
    assert page.status_code == script.status_code == 403
    assert "[fr]You cannot vote on your own post." in page.content.decode()
    assert script.json() == {"error": "[fr]You cannot vote on your own post."}


def test_plural_refusals_agree_with_their_number(pseudo_french):
    """One ngettext per sentence: "1 vote a minute", never "1 votes" nor a word glued into another sentence."""
    with translation.override("fr"):
        one = str(throttle.REFUSALS["vote"] % {"count": 1})
        many = str(throttle.REFUSALS["vote"] % {"count": 30})
    assert one == "[fr]You are going faster than people do: at most 1 vote a minute. Wait a minute and try again."
    assert many.startswith("[fr]") and "at most 30 votes a minute" in many


@pytest.mark.django_db
def test_a_suspension_names_its_end_as_the_reader_writes_dates(make_member):
    member = make_member("suspended", suspended_until=datetime(2999, 1, 5, 15, 4, tzinfo=UTC), suspension_reason="")
    with translation.override("fr"):
        french = _refusal(lambda: permissions.require_member(member))
    with translation.override("en"):
        english = _refusal(lambda: permissions.require_member(member))
    assert "5 janvier 2999" in french and "January" not in french
    assert "Jan. 5, 2999" in english


def test_capped_counts_are_written_as_the_reader_writes_numbers():
    """Django's French grouping (a no-break space), never the English comma."""
    with translation.override("fr"):
        french = queries._number_label(10_000, True)
        assert french == f"10{formats.get_format('THOUSAND_SEPARATOR')}000+" and "," not in french
    with translation.override("en"):
        assert queries._number_label(10_000, True) == "10,000+"


# --- labels evaluated at import time are lazy ---------------------------------------------------------------------


def test_choices_labels_and_sorts_are_lazy(pseudo_french):
    labels = {
        "idea status": lambda: IdeaStatus.UNDER_REVIEW.label,
        "thread kind": lambda: Thread.Kind.TIP.label,
        "flag reason": lambda: Flag.Reason.RUDE.label,
        "review queue": lambda: ReviewTask.Queue.LATE_ANSWERS.label,
        "archive status": lambda: DataExport.Status.PENDING.label,
        "sort tab": lambda: queries.SORTS["unanswered"][0],
        "kind tab": lambda: queries.KINDS["tip"],
        "audit action": lambda: audit.action_label("close_duplicate"),
        "form label": lambda: ThreadForm().fields["tags"].help_text,
    }
    with translation.override("fr"):
        french = {name: str(label()) for name, label in labels.items()}
    with translation.override("en"):
        english = {name: str(label()) for name, label in labels.items()}
    assert all(text.startswith(MARK) for text in french.values()), french
    assert not any(text.startswith(MARK) for text in english.values()), english
    assert french["idea status"] == "[fr]Under review" and english["audit action"] == "Closed as a duplicate"


# --- caches keep one copy per language ----------------------------------------------------------------------------


def test_cached_regions_are_kept_per_language():
    """A page region drawn for an English reader is never served to a French one (community/core/fragments.py)."""

    def draw():
        return translation.get_language()

    shown = {}
    for language in ("en", "fr", "en"):
        with translation.override(language):
            shown.setdefault(language, []).append(
                str(fragments.render_region("i18n-test", draw, context=Context(), clock_at_start=page_cache.clock()))
            )
    assert shown == {"en": ["en", "en"], "fr": ["fr"]}


@pytest.mark.django_db
def test_a_members_standing_is_recalled_in_their_saved_language(client_for, make_member, monkeypatch):
    """The privilege refusals kept with a member's standing are sentences: recalled in the member's own language,
    not the browser's (``StandingMiddleware`` runs before ``MemberLanguageMiddleware``)."""
    member = make_member("francoise", language="fr")
    recalled = []
    real_recall = permissions.recall_standing
    monkeypatch.setattr(
        permissions, "recall_standing", lambda m: recalled.append(translation.get_language()) or real_recall(m)
    )
    response = client_for(member).get("/threads/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and recalled == ["fr"]
    with translation.override("fr"):
        french_key = permissions.standing_key(member.pk)
    with translation.override("en"):
        assert permissions.standing_key(member.pk) != french_key


# --- e-mails of the data rights go out in the recipient's language ------------------------------------------------


@pytest.mark.django_db
def test_the_archive_e_mail_and_readme_are_in_the_members_language(
    pseudo_french, make_member, settings, tmp_path, django_capture_on_commit_callbacks, mailoutbox
):
    from community.privacy import actions as privacy_actions

    settings.VAR_DIR = tmp_path
    member = make_member("amelie", language="fr")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        privacy_actions.request_export(member)  # asked from an English page: still written to her in French
    [message] = mailoutbox
    assert message.subject == "[fr]Your data archive is ready"
    export = DataExport.objects.get(member=member)
    with zipfile.ZipFile(io.BytesIO((tmp_path / export.file_path).read_bytes())) as archive:
        readme = archive.read("README.txt").decode()
    assert readme.startswith("[fr]Your data from ") and "[fr]Your posts are published under CC BY-SA 4.0." in readme


@pytest.mark.django_db
def test_the_deletion_banner_date_is_written_as_the_member_reads_dates(make_member, client):
    from community.privacy import actions as privacy_actions
    from community.privacy.handlers import DELETION_SESSION_KEY

    member = make_member("gaston", language="fr")
    deletion = privacy_actions.schedule_deletion(member)
    client.post("/accounts/login/", {"login": member.email, "password": "correct horse battery staple"})
    with translation.override("fr"):
        expected = formats.date_format(timezone.localtime(deletion.erase_after), "DATE_FORMAT")  # "5 janvier 2026"
    assert client.session[DELETION_SESSION_KEY] == expected
