"""Recognition where it motivates: reputation and badge counts beside every name, a member's reputation changes
per day with a header indicator, and progress to the next privilege (issue 14, point 1)."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from community.core import flair
from community.forum import actions
from rewards import api, badges
from rewards.models import Award, Reputation
from search import api as search_api
from tests.search_support import backend, es_url, post_thread  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def flair_of(html: str, member, where: str = "") -> str:
    """The flair shown right after ``member``'s name link (the first one on the page)."""
    match = re.search(
        rf'href="[^"]*{re.escape(member.username)}/[^"]*">[^<]*</a>\s*(<span class="flair[^"]*" title="([^"]*)")',
        html,
    )
    assert match, f"no flair after {member.username}'s name {where}"
    return match.group(2)


def give_badges(member, *, gold=0, silver=0, bronze=0):
    slugs = {1: ["great-answer", "great-question"], 2: ["good-answer", "good-question"], 3: ["curious", "helper"]}
    for tier, count in ((1, gold), (2, silver), (3, bronze)):
        for slug in slugs[tier][:count]:
            badges.award(member.pk, slug)


@pytest.fixture
def discussed(live, make_member):
    """A question by Asha (1,234 reputation, 1 gold, 2 silver, 1 bronze badge), answered by Ben (57) who is
    commented on by Chloé (61)."""
    asha = make_member("asha", reputation=1234)
    ben = make_member("ben", reputation=57)
    chloe = make_member("chloe", reputation=61)
    give_badges(asha, gold=1, silver=2, bronze=1)
    question = live(
        actions.create_thread, asha, kind="question", title="Sync stops at 99 %", body="It stops at 99 % every time.",
        tags=["sync"],
    )  # fmt: skip
    answer = live(actions.post_answer, ben, question, body="Clear the local cache, then sync again.")
    live(actions.post_comment, chloe, thread=question, answer=answer, body="That worked for me too.")
    for who in (asha, ben, chloe):
        who.refresh_from_db()
    return question, answer, asha, ben, chloe


def test_the_thread_page_shows_reputation_and_badges_beside_authors_and_reputation_beside_commenters(client, discussed):
    question, _answer, asha, ben, chloe = discussed
    page = client.get(question.get_absolute_url()).content.decode()
    asha_points = api.reputation(asha)
    assert flair_of(page, asha) == f"{asha_points:,} reputation, 1 gold badge, 2 silver badges, 1 bronze badge"
    assert flair_of(page, ben).startswith(f"{api.reputation(ben)} reputation")
    # Comments carry the reputation only (as on Stack Overflow).
    comment = re.search(r'chloe/">chloe</a><span class="flair flair-compact" title="([^"]*)">(.*?)</span></span>', page)
    assert comment and "badge" not in comment.group(2) and comment.group(1).startswith(f"{api.reputation(chloe)} ")
    assert "gh-flair" not in page  # every marker was filled


def test_lists_search_hits_and_the_leaderboard_show_flair(backend, client, discussed):  # noqa: F811
    _question, _answer, asha, *_ = discussed
    expected = flair.describe(api.flair([asha.pk])[asha.pk])
    for url in ("/threads/", "/tags/sync/", "/leaderboard/?period=all"):
        assert flair_of(client.get(url).content.decode(), asha, url) == expected, url
    search_api.refresh()  # Elasticsearch shows what was indexed after its refresh
    hits = client.get(reverse("search:search"), {"q": "tag:sync"}).content.decode()
    assert flair_of(hits, asha, "search") == expected


def test_the_inbox_shows_the_actors_flair_and_the_header_the_members_own(client_for, discussed):
    _question, _answer, asha, ben, _chloe = discussed
    page = client_for(asha).get("/inbox/").content.decode()
    # "ben answered your question …", then ben's flair
    assert re.search(
        rf'<strong>ben</strong> answered your question[^<]*</a> <span class="flair" title="{api.reputation(ben)} reputation',
        page,
    )
    header = page.split("</header>")[0]
    assert f'title="{flair.describe(api.flair([asha.pk])[asha.pk])}"' in header


def test_large_reputations_are_compact_and_french_has_its_own_numbers():
    assert flair.compact(999) == "999"
    assert flair.compact(1234) == "1,234"
    assert flair.compact(12_345) == "12.3k"
    assert flair.compact(123_456) == "123k"
    with translation.override("fr"):
        assert flair.compact(12_345) == "12,3\xa0k"
        assert flair.describe(api.Flair(points=1234, gold=1)) == "1\xa0234 points de réputation, 1 badge or"


def test_badge_counts_move_with_awards_and_are_rebuilt_from_them(make_member):
    member = make_member("collector")
    give_badges(member, gold=1, bronze=2)
    assert api.flair([member.pk])[member.pk] == api.Flair(points=api.reputation(member), gold=1, bronze=2)
    Award.objects.filter(member=member, badge__slug="curious").delete()
    assert api.flair([member.pk])[member.pk].bronze == 1
    Reputation.objects.filter(pk=member.pk).update(gold=9, silver=9, bronze=9)  # drifted
    badges.recount_awards()
    assert api.flair([member.pk])[member.pk] == api.Flair(points=api.reputation(member), gold=1, bronze=1)


def test_a_member_with_no_row_shows_one_point_and_erased_members_show_nothing(client, make_member, live):
    newcomer = make_member("newcomer", reputation=1)
    thread = live(
        actions.create_thread, newcomer, kind="question", title="First question here", body="A body that is long enough.",
        tags=["sync"],
    )  # fmt: skip
    shown = flair_of(client.get(thread.get_absolute_url()).content.decode(), newcomer)
    assert shown == "1 reputation, 1 bronze badge"  # the Curious badge of a first question
    newcomer.is_active = False  # as an erased account's kept posts show it
    newcomer.save()
    cache.clear()
    assert 'class="flair"' not in client.get(thread.get_absolute_url()).content.decode().split("</header>")[1]


def test_members_cannot_forge_a_flair_marker(client, make_member, live):
    author = make_member("forger")
    forged = flair.marker(author.pk)
    thread = live(
        actions.create_thread, author, kind="question", title=f"Title {forged} here",
        body=f"Some text {forged} and <!--gh-flair:{author.pk}:full--> more.", tags=["sync"],
    )  # fmt: skip
    page = client.get(thread.get_absolute_url()).content.decode()
    assert page.count('class="flair"') == 1  # the byline's only: the title shows the text, the body drops comments
    assert "Title &lt;!--gh-flair" in page


def test_flair_drawn_once_per_language_reads_in_the_readers_language(client, discussed):
    """Flair is drawn once per process for each language and figures: an English list must not hand its drawing
    to a French reader of the same member."""
    _question, _answer, asha, *_ = discussed
    english = flair_of(client.get("/threads/", HTTP_ACCEPT_LANGUAGE="en").content.decode(), asha)
    cache.clear()  # the anonymous page cache would answer the second request with the first page
    french = flair_of(client.get("/threads/", HTTP_ACCEPT_LANGUAGE="fr").content.decode(), asha)
    assert english.startswith("1,234 reputation")
    assert french.startswith("1\xa0234 points de réputation")


def test_an_anonymous_cached_list_shows_a_new_reputation_at_once(client, discussed, make_member, live):
    question, _answer, asha, _ben, _chloe = discussed
    before = flair_of(client.get("/threads/").content.decode(), asha)
    voter = make_member("voter")
    with CaptureQueriesContext(connection) as hit:
        assert flair_of(client.get("/threads/").content.decode(), asha) == before
    assert len(hit) == 0  # served from the page cache
    with live():  # a badge alone (no community event) still reaches the cached list
        badges.award(asha.pk, "great-question")
    assert "2 gold badges" in flair_of(client.get("/threads/").content.decode(), asha)
    live(actions.vote, voter, question, 1)
    assert flair_of(client.get("/threads/").content.decode(), asha).startswith("1,244 reputation")


def test_a_warm_thread_page_needs_no_flair_query(client_for, discussed):
    question, _answer, _asha, ben, _chloe = discussed
    viewer = client_for(ben)
    viewer.get("/")
    viewer.get(question.get_absolute_url())
    viewer.get(question.get_absolute_url())
    with CaptureQueriesContext(connection) as warm:
        page = viewer.get(question.get_absolute_url()).content.decode()
    assert not [q for q in warm.captured_queries if "rewards_reputation" in q["sql"]]
    assert "1 gold badge" in page
    # The region and its fragments were stored each under its own key: the warm page is the page, once.
    assert page.count("<h1") == 1 and page.count('id="answer-') == 1 and page.count("chloe/") == 1


# --- reputation changes, the header indicator, progress ------------------------------------------------------


def test_reputation_changes_per_day_with_a_header_indicator_until_seen(client_for, discussed, make_member, live):
    question, answer, asha, ben, _chloe = discussed
    api.mark_changes_seen(ben, unseen=1)
    viewer = client_for(ben)
    assert "rep-delta" not in viewer.get("/").content.decode().split("</header>")[0]
    for voter in (make_member("v1"), make_member("v2")):
        live(actions.vote, voter, answer, 1)
    live(actions.accept_answer, asha, answer)
    header = viewer.get("/").content.decode().split("</header>")[0]
    assert '<span aria-hidden="true">+35</span>' in header
    assert "+35 reputation since you last looked (3 changes)" in header

    with live():  # the page marks them seen when its request commits
        page = viewer.get(reverse("community:reputation_changes")).content.decode()
    assert len(re.findall(r'<li class="rep-day[^"]*">', page)) == 1  # all of it today, the start included
    assert re.search(r'rep-points gain">\+10</span>\s*<span class="rep-reason">Answer upvoted', page)
    assert re.search(r'rep-points gain">\+15</span>\s*<span class="rep-reason">Answer accepted', page)
    assert page.count('class="unread-dot"') == 3 and question.title in page
    # Seen: the indicator goes, the changes stay listed (no longer new).
    assert "rep-delta" not in viewer.get("/").content.decode().split("</header>")[0]
    again = viewer.get(reverse("community:reputation_changes")).content.decode()
    assert "Answer upvoted" in again and 'class="unread-dot"' not in again


def test_the_header_counts_unseen_changes_of_the_last_thirty_days_only(client_for, make_member, live):
    """What the Reputation tab lists (30 days): a member who never looked is not told about years of history,
    and the page does not sum it (rewards.recognition.UNSEEN_DAYS)."""
    from datetime import timedelta

    from django.utils import timezone

    from rewards.models import LedgerEntry

    dana = make_member("dana", reputation=200)  # +199 at sign-up: backdated below, as if long ago
    LedgerEntry.objects.filter(member=dana).update(created_at=timezone.now() - timedelta(days=40))
    live(api.adjust, dana, 7, note="a recent change")
    header = client_for(dana).get("/").content.decode().split("</header>")[0]
    assert "+7 reputation since you last looked (1 change)" in header
    assert "+206" not in header


def test_the_header_and_the_profile_show_progress_to_the_next_privilege(client_for, make_member, client):
    member = make_member("climber", reputation=100)  # past "offer bounties" (75): next comes downvoting
    header = client_for(member).get("/").content.decode().split("</header>")[0]
    assert "<strong>100 / 125</strong> to downvote" in header
    assert '<progress value="' in header and reverse("rewards:privileges") in header
    for url in (member.get_absolute_url(), reverse("rewards:profile", args=[member.username])):
        page = client.get(url).content.decode()
        assert "<strong>100 / 125</strong> to downvote" in page, url
    with translation.override("fr"):
        page = client_for(member).get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "<strong>100 / 125</strong> pour voter contre" in page


def test_moderators_and_members_with_every_privilege_see_no_progress(client_for, make_member, moderator):
    assert "privilege-progress" not in client_for(moderator).get("/").content.decode()
    veteran = make_member("veteran", reputation=5000)
    assert "privilege-progress" not in client_for(veteran).get("/").content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_names_with_flair_cost_the_same_queries_for_2_and_20_names(client_for, make_member, live, settings):
    """The leaderboard, the inbox and the reputation tab show a flair per name or change in constant queries."""
    settings.PAGE_CACHE_SECONDS = 0  # count the rendering, not the anonymous page cache
    owner = make_member("owner", reputation=500)
    question = live(
        actions.create_thread, owner, kind="question", title="Which sync mode is best?", body="Tell me which one, and why it is best.",
        tags=["sync"],
    )  # fmt: skip
    viewer = client_for(owner)
    urls = ("/leaderboard/?period=all", "/inbox/", reverse("community:reputation_changes"))

    def add_members(n, start):
        for i in range(start, start + n):
            member = make_member(f"answerer{i}", reputation=20 + i)
            answer = live(actions.post_answer, member, question, body=f"Use mode number {i}, it is the best.")
            live(actions.vote, member, question, 1)
            live(actions.vote, owner, answer, 1)

    add_members(2, 0)
    for url in urls:
        viewer.get(url)  # per-process caches warm
    few = {url: _count(viewer, url) for url in urls}
    add_members(18, 2)
    for url in urls:
        viewer.get(url)  # the writes made the member's cached standing stale: refilled here, not counted
    many = {url: _count(viewer, url) for url in urls}
    assert few == many, (few, many)
    page = viewer.get("/leaderboard/?period=all").content.decode()
    assert page.count('class="flair"') >= 20
