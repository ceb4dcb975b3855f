"""Personal access tokens (issue 16, point 2): created, named and scoped in the member's settings, shown once and
kept as a hash, acting as their member; revoked by the member or any moderator (audited, the member told); refused
when revoked, when read-only on a write, while the member is suspended; gone with an erased account. Session
writes need the CSRF token."""

import hashlib
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from community.api import actions as token_actions
from community.api.models import AccessToken
from community.core.models import AuditEntry
from community.forum.models import Vote
from community.moderation import actions as moderation_actions
from community.notifications.models import Notification
from community.privacy import actions as privacy_actions
from tests.api.writes_support import Api, as_token, assert_problem, token_for

TOKEN_RE = re.compile(r'value="(gh_[A-Za-z0-9_-]{40,})"')


def _create(client, name="CRM sync", scope="read"):
    return client.post("/settings/tokens/", {"name": name, "scope": scope})


def test_a_new_token_is_shown_once_and_only_its_hash_is_kept(client_for, alice):
    page = client_for(alice)
    response = _create(page, "CRM sync", "write")
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    raw = TOKEN_RE.search(response.content.decode()).group(1)
    token = AccessToken.objects.get()
    assert (token.member, token.name, token.scope) == (alice, "CRM sync", "write")
    assert token.hashed == hashlib.sha256(raw.encode()).hexdigest()
    assert token.hint == raw[:8] and len(raw) > 40
    stored = " ".join(str(v) for v in AccessToken.objects.values_list().get())
    assert raw not in stored

    again = page.get("/settings/tokens/").content.decode()
    assert raw not in again and not TOKEN_RE.search(again)
    assert "CRM sync" in again and f"{raw[:8]}…" in again and "Read and write" in again
    assert "Never" in again  # not used yet


def test_the_token_reads_as_its_member_and_its_last_use_shows(client_for, alice):
    raw = token_for(alice, "read", name="Support bot")
    response = Api(raw).get("me")
    assert response.status_code == 200
    assert response.data["username"] == "alice"
    assert response.data["token"]["name"] == "Support bot" and response.data["token"]["scope"] == "read"
    assert AccessToken.objects.get().last_used_at is not None
    page = client_for(alice).get("/settings/tokens/").content.decode()
    assert "Never" not in page.split("Support bot", 1)[1].split("</tr>", 1)[0]


def test_me_without_credentials_is_a_401_problem(db):
    assert_problem(Api().get("me"), 401)


def test_a_read_token_cannot_write_and_a_write_token_writes_as_its_member(alice, bob, make_thread):
    thread = make_thread(bob)
    refused = as_token(alice, "read").put(f"threads/{thread.pk}/vote", {"value": "up"})
    assert_problem(
        refused, 403, "This access token can only read. Create a token with the write scope to post or vote."
    )
    assert not Vote.objects.exists()
    allowed = as_token(alice, "write").put(f"threads/{thread.pk}/vote", {"value": "up"})
    assert allowed.status_code == 200 and allowed.data == {"score": 1, "vote": 1}
    assert Vote.objects.get().voter == alice


def test_unknown_and_malformed_tokens_are_refused_not_read_as_a_visitor(db):
    assert_problem(
        Api("gh_not-a-real-token").get("threads/"),
        401,
        "This access token is not valid: it was revoked or never existed.",
    )


def test_the_member_revokes_a_token_after_confirming_and_it_stops_working(client_for, alice):
    raw = token_for(alice, name="Old script")
    token = AccessToken.objects.get()
    page = client_for(alice)
    confirm = page.get(f"/settings/tokens/{token.pk}/revoke")
    assert confirm.status_code == 200 and "Revoke this token?" in confirm.content.decode()
    unconfirmed = page.post(f"/settings/tokens/{token.pk}/revoke")
    assert unconfirmed.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is None

    done = page.post(f"/settings/tokens/{token.pk}/revoke", {"confirmed": "1"})
    assert done.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == alice
    assert not AuditEntry.objects.exists()  # the member's own act: not a moderation
    listed = page.get("/settings/tokens/").content.decode()
    assert "is revoked: it no longer works" in listed and "Revoked on" in listed
    assert_problem(Api(raw).get("me"), 401, "This access token is not valid: it was revoked or never existed.")
    again = page.post(f"/settings/tokens/{token.pk}/revoke", {"confirmed": "1"})
    assert again.status_code == 409


def test_nobody_else_reaches_a_members_token_page(client_for, alice, bob):
    token_for(alice)
    token = AccessToken.objects.get()
    response = client_for(bob).post(f"/settings/tokens/{token.pk}/revoke", {"confirmed": "1"})
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "Test tool" not in client_for(bob).get("/settings/tokens/").content.decode()
    assert Client().get("/settings/tokens/").status_code == 302  # to the login page


def test_a_suspended_members_tokens_stop_until_the_suspension_ends(alice, moderator):
    api = as_token(alice, "read")
    assert api.get("me").status_code == 200
    moderation_actions.suspend_member(moderator, alice, days=3, reason="Spam links")
    assert_problem(api.get("me"), 403, "Your account is suspended until …")
    assert_problem(api.get("threads/"), 403)  # reads too: the token acts as the member, who may not now
    moderation_actions.suspend_member(moderator, alice, days=0, reason="")
    assert api.get("me").status_code == 200


def test_a_suspended_member_may_still_revoke_but_not_create(client_for, alice, moderator):
    token_for(alice)
    moderation_actions.suspend_member(moderator, alice, days=3, reason="Spam links")
    page = client_for(alice)
    listed = page.get("/settings/tokens/")
    assert listed.status_code == 200 and "its access tokens do not work until then" in listed.content.decode()
    refused = _create(page, "Another")
    assert refused.status_code == 403 and AccessToken.objects.count() == 1
    token = AccessToken.objects.get()
    assert page.post(f"/settings/tokens/{token.pk}/revoke", {"confirmed": "1"}).status_code == 302


def test_a_member_holds_a_limited_number_of_live_tokens(client_for, alice, settings):
    settings.GUILDHALL = {**settings.GUILDHALL, "MAX_ACCESS_TOKENS": 2}
    page = client_for(alice)
    assert _create(page, "One").status_code == 201
    assert _create(page, "Two").status_code == 201
    third = _create(page, "Three")
    assert third.status_code == 409
    assert "You have 2 access tokens, the most a member may hold" in third.content.decode()
    assert AccessToken.objects.count() == 2
    token_actions.revoke_token(alice, AccessToken.objects.first())
    assert _create(page, "Three").status_code == 201  # revoked ones do not count


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "scope": "read"}, "This field is required."),
        ({"name": "\u200b\u200b", "scope": "read"}, None),
        ({"name": "x" * 81, "scope": "read"}, "A token’s name is at most 80 characters; yours has 81."),
        ({"name": "Bot", "scope": "admin"}, "Select a valid choice."),
    ],
)
def test_a_bad_name_or_scope_is_refused_with_a_reason_and_nothing_is_made(client_for, alice, data, message):
    response = client_for(alice).post("/settings/tokens/", data)
    assert response.status_code == 400
    if message:
        assert message in response.content.decode()
    assert not AccessToken.objects.exists()


def test_the_tokens_page_costs_the_same_queries_for_one_token_or_many(client_for, alice):
    page = client_for(alice)
    token_for(alice)
    for _ in range(2):
        page.get("/settings/tokens/")  # warm the member's standing and the session's cached member

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert page.get("/settings/tokens/").status_code == 200
        return len(queries)

    one = count()
    for n in range(4):
        token_for(alice, name=f"Tool {n}")
    token_actions.revoke_token(alice, AccessToken.objects.first())
    assert count() == one


# --- moderators --------------------------------------------------------------------------------------------------


def test_a_moderator_revokes_any_token_from_the_cms_audited_and_told(
    client_for, alice, moderator, django_capture_on_commit_callbacks
):
    raw = token_for(alice, name="Scraper")
    token = AccessToken.objects.get()
    cms = client_for(moderator)
    listing = cms.get("/cms/access-tokens/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "alice" in page and "Scraper" in page and f"/cms/access-tokens/{token.pk}/revoke/" in page
    assert cms.get(f"/cms/access-tokens/{token.pk}/revoke/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):  # the member's notice is written after the commit
        done = cms.post(f"/cms/access-tokens/{token.pk}/revoke/", {"reason": "It scraped every page twice a second."})
    assert done.status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == moderator and token.revoked_at is not None
    entry = AuditEntry.objects.get(action="revoke_token")
    assert (entry.actor, entry.member, entry.reason) == (moderator, alice, "It scraped every page twice a second.")
    notice = Notification.objects.get(recipient=alice, kind=Notification.Kind.MODERATION)
    assert notice.detail == "It scraped every page twice a second."
    assert_problem(Api(raw).get("me"), 401)
    audit_log = cms.get("/cms/review/audit/").content.decode()
    assert "Revoked the access token" in audit_log
    revoked_list = cms.get("/cms/access-tokens/?state=revoked").content.decode()
    assert "Scraper" in revoked_list and "by mod" in revoked_list


def test_members_who_do_not_moderate_cannot_list_or_revoke_tokens(client_for, alice, make_member):
    token_for(alice)
    token = AccessToken.objects.get()
    editor = make_member("editor", staff=False)
    editor.is_staff = True
    editor.save()
    from django.contrib.auth.models import Permission

    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    as_editor = client_for(editor)
    listing = as_editor.get("/cms/access-tokens/")
    assert listing.status_code in (302, 403) and "Test tool" not in listing.content.decode()  # the CMS says no
    assert as_editor.post(f"/cms/access-tokens/{token.pk}/revoke/", {"reason": "no"}).status_code in (302, 403)
    assert client_for(alice).post(f"/cms/access-tokens/{token.pk}/revoke/").status_code in (302, 403)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_action_refuses_a_member_revoking_someone_elses_token(alice, bob):
    token_for(alice)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        token_actions.revoke_token(bob, AccessToken.objects.get())


# --- the account's end, and the session's CSRF ----------------------------------------------------------------------


def test_erasing_an_account_deletes_its_tokens(alice, bob):
    token_for(alice)
    token_for(bob)
    privacy_actions.erase_member(alice.pk)
    assert list(AccessToken.objects.values_list("member__username", flat=True)) == ["bob"]


def test_a_session_write_needs_the_csrf_token(alice, bob, make_thread):
    thread = make_thread(bob)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    api = Api(client=browser)
    refused = api.put(f"threads/{thread.pk}/vote", {"value": "up"})
    assert_problem(
        refused, 403, "The page's security token (CSRF) is missing or out of date: reload the page and try again."
    )
    assert not Vote.objects.exists()
    page = browser.get(thread.get_absolute_url()).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    allowed = api.put(f"threads/{thread.pk}/vote", {"value": "up"}, HTTP_X_CSRFTOKEN=csrf)
    assert allowed.status_code == 200 and Vote.objects.get().voter == alice


def test_the_api_limits_requests_per_member_with_retry_after(alice, settings):
    settings.PAGE_CACHE_SECONDS = 0  # visitors' reads replayed from the page cache cost nothing and count nothing
    settings.GUILDHALL = {
        **settings.GUILDHALL,
        "THROTTLES": {**settings.GUILDHALL["THROTTLES"], "api": {"member": 3, "address": 2}},
    }
    api = as_token(alice, "read")
    for _ in range(3):
        assert api.get("me").status_code == 200
    limited = assert_problem(api.get("me"), 429)
    assert limited["detail"]
    response = api.get("me")
    assert 1 <= int(response["Retry-After"]) <= 60
    visitor = Api()
    for _ in range(2):
        assert visitor.get("tags/").status_code == 200
    assert_problem(visitor.get("tags/"), 429)
