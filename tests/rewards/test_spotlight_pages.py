"""The team's recognition as people see it: the CMS shortlist and publish form, the home page's panel, the
member's profile and reputation pages — each in a constant number of queries."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.forum import actions as forum
from community.models import AuditEntry, Notification, Tag
from rewards.actions import points as points_actions
from rewards.actions.spotlight import publish_recognition
from rewards.models import Recognition
from rewards.spotlight import queries

CMS = "/cms/rewards/recognition/"
MONTH = Recognition.Kind.MEMBER_OF_THE_MONTH
CHAMPION = Recognition.Kind.TAG_CHAMPION


@pytest.fixture
def month():
    return queries.this_month()


@pytest.fixture
def helper(make_member):
    """A member with an accepted answer this month: the top of the shortlist."""
    asker, helper = make_member("asker"), make_member("helper", display_name="Helpful Hana")
    thread = forum.create_thread(
        asker, kind="question", title="How do I sync notes offline?", body="A body long enough to post.", tags=["sync"]
    )
    forum.accept_answer(asker, forum.post_answer(helper, thread, body="Turn on offline mode in Settings → Sync."))
    return helper


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


# --- the CMS ------------------------------------------------------------------------------------------------------


def test_the_team_sees_the_shortlist_and_names_a_member_of_the_month(client_for, moderator, helper, month, live):
    team = client_for(moderator)
    page = team.get(f"{CMS}?month={month:%Y-%m}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Helpful Hana" in html and "Name as member of the month" in html
    assert "each answer accepted in the month counts 15" in html  # the weights, said under the table

    form = team.get(f"{CMS}name/?kind=month&member={helper.pk}&month={month:%Y-%m}")
    assert form.status_code == 200 and "Citation" in form.content.decode()

    fields = {"kind": "month", "member": helper.pk, "month": f"{month:%Y-%m}"}
    citation = "Hana answered every sync question this month <with patience>."
    preview = team.post(f"{CMS}name/", {**fields, "citation": citation, "step": "preview"})
    assert preview.status_code == 200
    assert "How it will read" in preview.content.decode()
    assert "&lt;with patience&gt;" in preview.content.decode()  # escaped, as members will read it
    assert not Recognition.objects.exists()  # a preview publishes nothing

    with live():
        done = team.post(f"{CMS}name/", {**fields, "citation": citation, "step": "publish"})
    assert done.status_code == 302 and done["Location"] == f"{CMS}?month={month:%Y-%m}"
    recognition = Recognition.objects.get()
    assert (recognition.member, recognition.kind, recognition.month, recognition.citation) == (
        helper,
        MONTH,
        month,
        citation,
    )
    assert recognition.chosen_by == moderator
    assert points_actions.balance(helper.pk) == 500
    assert Notification.objects.filter(recipient=helper, kind=Notification.Kind.RECOGNITION).count() == 1
    assert AuditEntry.objects.filter(action="recognition", member=helper).count() == 1

    after = team.get(f"{CMS}?month={month:%Y-%m}").content.decode()
    assert "is the member of the month for" in after and "Name as member of the month" not in after
    assert "Helpful Hana" in team.get(f"{CMS}past/").content.decode()

    # A second pick for the month (another tab left open): a warning, nothing written.
    again = team.post(f"{CMS}name/", {**fields, "citation": "Again.", "step": "publish"}, follow=True)
    assert "already named" in again.content.decode()
    assert Recognition.objects.count() == 1


def test_a_tags_champion_is_named_from_the_tags_shortlist(client_for, moderator, helper, month):
    team = client_for(moderator)
    assert "Choose a tag" in team.get(f"{CMS}tags/?month={month:%Y-%m}").content.decode()
    page = team.get(f"{CMS}tags/?month={month:%Y-%m}&tag=sync").content.decode()
    assert "Helpful Hana" in page and "Name as champion" in page

    fields = {"kind": "tag_champion", "member": helper.pk, "month": f"{month:%Y-%m}", "tag": "sync"}
    response = team.post(f"{CMS}name/", {**fields, "citation": "Our sync expert.", "step": "publish"})
    assert response.status_code == 302
    assert Recognition.objects.get().tag == Tag.objects.get(slug="sync")
    assert "champion: helper" in team.get(f"{CMS}tags/?month={month:%Y-%m}").content.decode()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"citation": ""}, "Write a citation"),
        ({"citation": "x" * 601}, "at most 600 characters"),
    ],
)
def test_a_bad_citation_is_a_400_with_the_reason(client_for, moderator, helper, month, data, message):
    fields = {"kind": "month", "member": helper.pk, "month": f"{month:%Y-%m}", "step": "publish"}
    response = client_for(moderator).post(f"{CMS}name/", {**fields, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Recognition.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        f"{CMS}?month=2026-13",
        f"{CMS}?month=next-week",
        f"{CMS}tags/?tag=no-such-tag",
        f"{CMS}name/?kind=hero&member={{me}}",
        f"{CMS}name/?kind=month&member=abc",
        f"{CMS}name/?kind=tag_champion&member={{me}}",
    ],
)
def test_bad_addresses_are_400s(client_for, moderator, url):
    assert client_for(moderator).get(url.replace("{me}", str(moderator.pk))).status_code == 400


def test_a_future_month_is_refused(client_for, moderator, month):
    future = queries.add_months(month, 1)
    response = client_for(moderator).get(f"{CMS}?month={future:%Y-%m}")
    assert response.status_code == 400 and "not begun" in response.content.decode()


def test_members_cannot_open_or_use_the_screens(client_for, make_member, helper, month):
    member = make_member("curious")
    for url in (CMS, f"{CMS}tags/", f"{CMS}past/", f"{CMS}name/?kind=month&member={helper.pk}"):
        assert client_for(member).get(url).status_code == 302  # Wagtail: no admin access, to the login
    # With the CMS open to them (an editor) but not moderating: refused (Wagtail turns the 403 into a
    # redirect to the dashboard with the refusal), and nothing published.
    editor = make_member("editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    refused = client_for(editor).get(CMS)
    assert refused.status_code == 302 and refused["Location"] == "/cms/"
    fields = {"kind": "month", "member": helper.pk, "month": f"{month:%Y-%m}", "citation": "Me!", "step": "publish"}
    refused = client_for(editor).post(f"{CMS}name/", fields)
    assert refused.status_code == 302 and refused["Location"] == "/cms/"
    assert not Recognition.objects.exists()


# --- what members see ---------------------------------------------------------------------------------------------


def test_the_home_page_shows_the_member_of_the_month_and_the_champions(client, make_member, moderator, month, live):
    alice = make_member("alice", display_name="Alice Liddell")
    bob = make_member("bob")
    client.get("/")  # a visitor's page, cached
    with live():
        publish_recognition(moderator, kind=MONTH, member=alice, month=month, citation="Patient, precise & kind.")
        publish_recognition(
            moderator,
            kind=CHAMPION,
            member=bob,
            month=month,
            citation="Sync.",
            tag=Tag.objects.create(name="sync", slug="sync"),
        )
    html = client.get("/").content.decode()  # the publication made the cached page stale
    assert "Member of the month" in html
    assert "Alice Liddell" in html and "Patient, precise &amp; kind." in html
    assert 'href="/members/alice/"' in html
    assert "Tag champions" in html and 'href="/tags/sync/"' in html and ">bob<" in html


def test_no_panel_when_the_team_named_nobody_lately(client, alice, moderator, month):
    old = queries.add_months(month, -(queries.SHOWN_FOR_MONTHS + 1))
    publish_recognition(moderator, kind=MONTH, member=alice, month=old, citation="Long ago.")
    assert "Member of the month" not in client.get("/").content.decode()


def test_profiles_show_the_recognitions_with_their_citations(client, alice, moderator, month):
    earlier = queries.add_months(month, -1)
    publish_recognition(moderator, kind=MONTH, member=alice, month=earlier, citation="The first month.")
    sync = Tag.objects.create(name="sync", slug="sync")
    publish_recognition(moderator, kind=CHAMPION, member=alice, month=month, citation="The sync champion.", tag=sync)
    for url in ("/members/alice/", "/members/alice/reputation/"):
        html = client.get(url).content.decode()
        assert f"Member of the month, {earlier:%B %Y}" in html, url
        assert f"Champion of the tag “sync”, {month:%B %Y}" in html, url
        assert "The first month." in html and "The sync champion." in html
    assert "Recognised by the community team" not in client.get("/members/mod/").content.decode()


@pytest.mark.parametrize("url", ["/", "/members/alice/", "/members/alice/reputation/"])
def test_pages_with_recognitions_run_the_same_queries(client_for, make_member, moderator, month, url, live):
    alice = make_member("alice")
    viewer = client_for(make_member("viewer"))
    viewer.get(url)  # warm the per-process caches
    last_month = queries.add_months(month, -1)
    with live():
        publish_recognition(moderator, kind=MONTH, member=alice, month=last_month, citation="One.")
    viewer.get(url)  # the publication made the member's standing stale: refilled once, as after any change
    one = _queries(viewer, url)
    with live():
        for i, tag in enumerate(("sync", "ios", "android")):
            publish_recognition(
                moderator,
                kind=CHAMPION,
                member=make_member(f"champion{i}") if url == "/" else alice,
                month=last_month,
                citation=f"Champion of {tag}.",
                tag=Tag.objects.create(name=tag, slug=tag),
            )
    assert "Champion of android." in viewer.get(url).content.decode() or url == "/"
    many = _queries(viewer, url)
    assert one == many <= 12, f"{url}: {one} queries with one recognition, {many} with four"
