"""The first-steps checklist on a member's own pages: shown while open, gone once finished or dismissed, and
free (no query) for members who are past it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.core import events
from community.forum import actions as forum_actions
from community.models import OnboardingProgress
from community.onboarding import actions
from rewards import api as rewards_api

pytestmark = pytest.mark.django_db

COMPACT = 'class="onboarding-compact"'


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.fixture
def newcomer(make_member):
    return make_member("newcomer", reputation=1)


def test_the_checklist_shows_on_the_members_home_and_own_profile_only(client_for, client, newcomer, bob):
    own = client_for(newcomer)
    assert COMPACT in own.get("/").content.decode()
    assert COMPACT in own.get("/members/newcomer/").content.decode()
    assert COMPACT not in own.get("/members/bob/").content.decode()  # someone else's profile
    assert COMPACT not in client.get("/").content.decode()  # visitors


def test_a_dismissed_checklist_is_never_shown_again(client_for, newcomer, django_capture_on_commit_callbacks):
    client = client_for(newcomer)
    assert COMPACT in client.get("/").content.decode()
    seen = []
    events.subscribe(events.OnboardingDismissed, seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/welcome/dismiss", {"next": "/members/newcomer/"})
    finally:
        events.unsubscribe(events.OnboardingDismissed, seen.append)
    assert response.status_code == 302 and response["Location"] == "/members/newcomer/"
    assert OnboardingProgress.objects.get(member=newcomer).dismissed_at is not None
    assert [e.member_id for e in seen] == [newcomer.pk]

    for url in ("/", "/members/newcomer/", "/"):
        assert COMPACT not in client.get(url).content.decode()
    # Taking a step later does not bring it back.
    forum_actions.update_profile(newcomer, display_name="New Comer", bio="Hello")
    assert COMPACT not in client.get("/").content.decode()
    # The welcome page still works, without the dismiss button.
    page = client.get("/welcome/").content.decode()
    assert "Your first steps" in page and "/welcome/dismiss" not in page


def test_dismissing_needs_a_post_and_never_redirects_off_site(client_for, newcomer):
    client = client_for(newcomer)
    assert client.get("/welcome/dismiss").status_code == 405
    response = client.post("/welcome/dismiss", {"next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/welcome/"


def test_a_finished_checklist_leaves_the_members_pages(client_for, make_member, alice, make_thread, make_answer, live):
    member = make_member("keen", reputation=20)
    client = client_for(member)
    assert COMPACT in client.get("/").content.decode()
    thread = make_thread(alice)
    live(forum_actions.update_profile, member, display_name="Keen Bean", bio="Notes all day.")
    live(forum_actions.post_answer, member, thread, body="Offline mode keeps a copy of every notebook.")
    live(forum_actions.vote, member, thread, 1)
    accepted = make_answer(alice, make_thread(make_member("asker"), title="Which plan has offline sync?"))
    live(actions.open_good_answer, member, accepted.pk)
    assert COMPACT not in client.get("/").content.decode()
    assert "You have taken every first step." in client.get("/welcome/").content.decode()


def test_the_compact_checklist_follows_the_members_steps(client_for, newcomer, live):
    client = client_for(newcomer)
    assert "0 of 4 steps done" in client.get("/").content.decode()
    live(forum_actions.update_profile, newcomer, display_name="New Comer", bio="Hello there")
    assert "1 of 4 steps done" in client.get("/").content.decode()


@pytest.mark.parametrize("url", ["/", "/members/{username}/"])
def test_members_past_the_checklist_pay_no_query_for_it(client_for, make_member, url):
    """Warm: the open checklist and the dismissed one both come from the shared cache (read ahead with the
    member's standing), so the member's pages cost what they cost before the checklist existed."""
    open_one, dismissed = make_member("open-one", reputation=1), make_member("put-away", reputation=1)
    actions.dismiss_checklist(dismissed)
    counts = {}
    for member in (open_one, dismissed):
        client = client_for(member)
        page = url.format(username=member.username)
        client.get(page)
        client.get(page)  # the first view after a cold clock stores nothing
        counts[member.username] = _queries(client, page)
    assert counts["open-one"] == counts["put-away"], counts


def test_the_welcome_page_runs_the_same_queries_however_much_the_member_did(
    client_for, make_member, alice, make_thread, live
):
    member = make_member("busy", reputation=200)
    client = client_for(member)
    client.get("/welcome/")
    client.get("/welcome/")
    before = _queries(client, "/welcome/")
    for i in range(5):
        thread = make_thread(alice, title=f"A question number {i} about sync")
        live(forum_actions.post_answer, member, thread, body=f"Answer {i}: offline mode keeps a copy.")
        live(forum_actions.vote, member, thread, 1)
    rewards_api.mark_awards_seen(member)  # the new-badge banner is the frame's, not the welcome page's
    client.get("/welcome/")
    client.get("/welcome/")
    assert _queries(client, "/welcome/") == before <= 8
