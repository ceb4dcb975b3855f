"""manage.py import_stackexchange: a crafted dump, re-runs, malformed files, and reputation parity on beer.SE."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from django.core.management import CommandError, call_command

from community.importers.stackexchange import tag_names, unique_username
from community.models import (
    Answer,
    Bounty,
    Comment,
    ImportRecord,
    Member,
    Revision,
    Tag,
    TaggedThread,
    Thread,
    ThreadLink,
    Vote,
)

SITE = "brew.example.com"
BEER = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "stackexchange" / "beer.stackexchange.com"
MODELS = [Member, Thread, Answer, Comment, Vote, Revision, Tag, TaggedThread, ThreadLink, Bounty, ImportRecord]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def write_table(folder: Path, name: str, root: str, rows: list[dict]) -> None:
    lines = ['\ufeff<?xml version="1.0" encoding="utf-8"?>', f"<{root}>"]
    for row in rows:
        lines.append("  <row " + " ".join(f"{k}={quoteattr(str(v))}" for k, v in row.items()) + " />")
    lines.append(f"</{root}>")
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


USERS = [
    dict(
        Id=-1,
        Reputation=1,
        CreationDate="2019-12-01T00:00:00.000",
        DisplayName="Community",
        AboutMe="<p>Hi, I'm not really a person.</p>",
    ),
    dict(
        Id=1,
        Reputation=40,
        CreationDate="2019-12-02T08:00:00.000",
        DisplayName="Alice Ale",
        AboutMe="<p>I brew <b>stouts</b> &amp; porters.</p>\n<p>" + "More. " * 80 + "</p>",
    ),
    dict(Id=2, Reputation=60, CreationDate="2019-12-03T09:30:00.000", DisplayName="Bob Brewer"),
    dict(Id=3, Reputation=1, CreationDate="2019-12-04T10:00:00.000", DisplayName="Carol"),
    dict(Id=4, Reputation=1, CreationDate="2019-12-05T11:00:00.000", DisplayName="Bob Brewer"),
    dict(Id=5, Reputation=1, CreationDate="2019-12-06T12:00:00.000", DisplayName="李"),
]
POSTS = [
    dict(
        Id=10,
        PostTypeId=1,
        AcceptedAnswerId=11,
        CreationDate="2020-01-01T10:00:00.000",
        Score=2,
        Body='<p>How cold? <script>alert("x")</script><strong>Really</strong> <a href="javascript:evil()">me</a></p>\n'
        "<pre><code>temp = 8\n</code></pre>\n",
        OwnerUserId=1,
        LastEditorUserId=1,
        LastEditDate="2020-01-01T11:00:00.000",
        LastActivityDate="2020-01-03T09:00:00.000",
        Title="How cold should a stout be served?",
        Tags="<stout><Serving Temperature><c++><.net><a><b>",
        AnswerCount=2,
        CommentCount=1,
    ),
    dict(
        Id=11,
        PostTypeId=2,
        ParentId=10,
        CreationDate="2020-01-01T12:00:00.000",
        Score=2,
        Body=f'<p>About 10 °C, cellar temperature, as <a href="https://{SITE}/a/16/">this answer</a> says.</p>',
        OwnerUserId=2,
        LastActivityDate="2020-01-01T12:00:00.000",
    ),
    dict(
        Id=12,
        PostTypeId=2,
        ParentId=10,
        CreationDate="2020-01-01T13:00:00.000",
        Score=-1,
        Body="<p>Ice cold, always.</p>",
        OwnerUserId=3,
        LastActivityDate="2020-01-01T13:00:00.000",
    ),
    dict(
        Id=13,
        PostTypeId=1,
        CreationDate="2020-01-02T10:00:00.000",
        Score=0,
        Body="<p>What temperature for a stout?</p>",
        OwnerUserId=4,
        LastActivityDate="2020-01-02T10:00:00.000",
        Title="Stout serving temperature?",
        Tags="<stout>",
    ),
    dict(
        Id=14,
        PostTypeId=1,
        CreationDate="2020-01-02T11:00:00.000",
        Score=0,
        CommunityOwnedDate="2020-01-02T11:00:00.000",
        Body="<p>List your favourite stouts.</p>",
        OwnerUserId=-1,
        LastActivityDate="2020-01-02T11:00:00.000",
        Title="Favourite stouts (community list)",
        Tags="<stout><лист>",
    ),
    dict(
        Id=15,
        PostTypeId=2,
        ParentId=999,
        CreationDate="2020-01-02T12:00:00.000",
        Score=0,
        Body="<p>An answer whose question was deleted.</p>",
        OwnerUserId=2,
    ),
    dict(
        Id=16,
        PostTypeId=2,
        ParentId=13,
        CreationDate="2020-01-02T13:00:00.000",
        Score=0,
        Body="<p>Answered by someone who left.</p>",
        OwnerDisplayName="user77",
    ),
    dict(
        Id=17,
        PostTypeId=4,
        CreationDate="2020-01-02T14:00:00.000",
        Score=0,
        Body="<p>Dark beers made with roasted malt.</p>",
        OwnerUserId=-1,
    ),
]
COMMENTS = [
    dict(
        Id=100,
        PostId=10,
        Score=0,
        Text="Depends on the   stout, see http://example.com/stouts",
        CreationDate="2020-01-01T10:30:00.000",
        UserId=2,
    ),
    dict(Id=101, PostId=11, Score=1, Text="Thanks! <b>not bold</b>", CreationDate="2020-01-01T12:30:00.000", UserId=1),
    dict(Id=102, PostId=12, Score=0, Text="x" * 700, CreationDate="2020-01-01T13:30:00.000", UserDisplayName="user77"),
    dict(Id=103, PostId=15, Score=0, Text="On a deleted post.", CreationDate="2020-01-02T12:30:00.000", UserId=1),
]
VOTES = [
    dict(Id=1000, PostId=10, VoteTypeId=2, CreationDate="2020-01-01T00:00:00.000"),
    dict(Id=1001, PostId=10, VoteTypeId=2, CreationDate="2020-01-01T00:00:00.000"),
    dict(Id=1002, PostId=11, VoteTypeId=2, CreationDate="2020-01-01T00:00:00.000"),
    dict(Id=1003, PostId=10, VoteTypeId=3, CreationDate="2020-01-02T00:00:00.000"),
    dict(Id=1004, PostId=10, VoteTypeId=2, CreationDate="2020-01-02T00:00:00.000"),
    dict(Id=1005, PostId=11, VoteTypeId=2, CreationDate="2020-01-02T00:00:00.000"),
    dict(Id=1006, PostId=12, VoteTypeId=3, CreationDate="2020-01-02T00:00:00.000"),
    dict(Id=1007, PostId=11, VoteTypeId=1, CreationDate="2020-01-02T00:00:00.000"),
    dict(Id=1008, PostId=15, VoteTypeId=2, CreationDate="2020-01-02T00:00:00.000"),
    dict(Id=1009, PostId=10, VoteTypeId=5, UserId=2, CreationDate="2020-01-02T00:00:00.000"),
    dict(Id=1010, PostId=13, VoteTypeId=8, UserId=4, BountyAmount=50, CreationDate="2020-01-03T00:00:00.000"),
    dict(Id=1011, PostId=16, VoteTypeId=9, BountyAmount=50, CreationDate="2020-01-10T00:00:00.000"),
]
LINKS = [
    dict(Id=500, CreationDate="2020-01-02T15:00:00.000", PostId=13, RelatedPostId=10, LinkTypeId=3),
    dict(Id=501, CreationDate="2020-01-02T16:00:00.000", PostId=10, RelatedPostId=14, LinkTypeId=1),
    dict(Id=502, CreationDate="2020-01-02T17:00:00.000", PostId=10, RelatedPostId=999, LinkTypeId=1),
]
TAGS = [dict(Id=1, TagName="stout", Count=3, ExcerptPostId=17)]


def write_dump(folder: Path, *, posts=POSTS, votes=VOTES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_table(folder, "Users.xml", "users", USERS)
    write_table(folder, "Posts.xml", "posts", posts)
    write_table(folder, "Comments.xml", "comments", COMMENTS)
    write_table(folder, "Votes.xml", "votes", votes)
    write_table(folder, "PostLinks.xml", "postlinks", LINKS)
    write_table(folder, "Tags.xml", "tags", TAGS)
    return folder


def run_import(folder: Path, **options):
    call_command("import_stackexchange", str(folder), no_replay=True, verbosity=0, **options)


def imported(kind: str, source_id: int, source: str = SITE) -> int:
    return ImportRecord.objects.get(source=source, kind=kind, source_id=source_id).object_id


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def dump(tmp_path):
    return write_dump(tmp_path / SITE)


# --- the crafted dump -------------------------------------------------------------


@pytest.mark.django_db
def test_crafted_dump_imports_authors_dates_scores_accepts_tags_links(dump):
    run_import(dump)

    alice = Member.objects.get(pk=imported("user", 1))
    assert alice.display_name == "Alice Ale"
    assert alice.username == "alice-ale"
    assert alice.date_joined == utc("2019-12-02T08:00:00")
    assert alice.email == f"se-1@{SITE}.invalid"
    assert not alice.has_usable_password()
    assert alice.bio.startswith("I brew stouts & porters. More.")
    assert len(alice.bio) == 280 and "<" not in alice.bio
    bobs = Member.objects.filter(display_name="Bob Brewer").order_by("date_joined")
    assert [b.username for b in bobs] == ["bob-brewer", "bob-brewer-4"]
    assert Member.objects.get(pk=imported("user", 5)).username == "user-5"
    community = Member.objects.get(pk=imported("user", -1))
    assert (community.username, community.is_active) == ("community", False)

    thread = Thread.objects.get(pk=imported("question", 10))
    assert thread.kind == "question"
    assert thread.author == alice
    assert thread.title == "How cold should a stout be served?"
    assert thread.slug == "how-cold-should-a-stout-be-served"
    assert thread.created_at == utc("2020-01-01T10:00:00")
    assert thread.edited_at == utc("2020-01-01T11:00:00")
    assert thread.last_activity_at == utc("2020-01-03T09:00:00")
    assert sorted(thread.tags.names()) == sorted(["stout", "serving-temperature", "c++", "net", "a"])
    # Sanitised: no script, no javascript: link; the markup we allow stays.
    assert "script" not in thread.body_html and "alert" not in thread.body_html
    assert "javascript" not in thread.body_html
    assert "<strong>Really</strong>" in thread.body_html and "<pre><code>temp = 8" in thread.body_html
    assert "**Really**" in thread.body_md and "temp = 8" in thread.body_md and "alert" not in thread.body_md
    # Counters equal the imported rows (and here the dump's Score/AnswerCount/CommentCount).
    assert (thread.score, thread.answer_count, thread.comment_count) == (2, 2, 1)

    accepted = Answer.objects.get(pk=imported("answer", 11))
    assert accepted.author.display_name == "Bob Brewer" and accepted.thread == thread
    assert (accepted.score, accepted.comment_count) == (2, 1)
    assert thread.accepted_answer == accepted
    assert thread.accepted_at.date() == utc("2020-01-02T00:00:00").date()
    assert Answer.objects.get(pk=imported("answer", 12)).score == -1
    assert not ImportRecord.objects.filter(kind="answer", source_id=15).exists()  # its question is missing
    assert not ImportRecord.objects.filter(kind__in=["question", "answer"], source_id=17).exists()  # tag wiki

    # Votes: anonymous, inactive placeholders, one per member per post, in the dump's order within a day.
    votes = list(Vote.objects.filter(thread=thread).select_related("voter").order_by("created_at"))
    assert [v.value for v in votes] == [1, 1, -1, 1]
    assert [v.voter.username for v in votes] == ["se-voter-1", "se-voter-2", "se-voter-3", "se-voter-4"]
    assert all(not v.voter.is_active and v.voter.display_name == "Anonymous voter" for v in votes)
    assert votes[2].created_at.date() == utc("2020-01-02T00:00:00").date()
    assert Vote.objects.count() == 7  # the vote on the deleted post is skipped; type 5 (favourite) ignored

    comments = {c.body[:20]: c for c in Comment.objects.all()}
    assert len(comments) == 3
    first = comments["Depends on the stout"]
    assert first.thread == thread and first.answer is None and first.created_at == utc("2020-01-01T10:30:00")
    assert '<a href="http://example.com/stouts"' in first.body_html
    assert comments["Thanks! <b>not bold<"].answer == accepted
    assert "&lt;b&gt;" in comments["Thanks! <b>not bold<"].body_html
    long = comments["x" * 20]
    assert len(long.body) == 600 and long.author.display_name == "user77" and not long.author.is_active

    duplicate = Thread.objects.get(pk=imported("question", 13))
    community_list = Thread.objects.get(pk=imported("question", 14))
    assert community_list.author == community
    assert list(community_list.tags.names()) == ["stout"]
    assert ThreadLink.objects.get(from_thread=duplicate, to_thread=thread).kind == "duplicate"
    assert ThreadLink.objects.get(from_thread=thread, to_thread=community_list).kind == "related"
    # The accepted answer links to an answer of question 13: question 10 was answered there.
    assert ThreadLink.objects.get(from_thread=thread, to_thread=duplicate).kind == "answered"
    assert ThreadLink.objects.count() == 3

    ghost_answer = Answer.objects.get(pk=imported("answer", 16))
    assert ghost_answer.author == long.author  # one member per deleted user's display name
    bounty = Bounty.objects.get()
    assert (bounty.thread, bounty.offered_by.display_name, bounty.amount) == (duplicate, "Bob Brewer", 50)
    assert bounty.answer == ghost_answer and bounty.awarded_at.date() == utc("2020-01-10T00:00:00").date()

    assert Revision.objects.filter(number=1).count() == Thread.objects.count() + Answer.objects.count() == 6
    first_revision = Revision.objects.get(thread=thread)
    assert (first_revision.editor, first_revision.body_md) == (alice, thread.body_md)
    assert Tag.objects.get(name="stout").description == "Dark beers made with roasted malt."


@pytest.mark.django_db
def test_running_the_import_again_duplicates_nothing(dump, tmp_path):
    run_import(dump)
    before = counts()
    run_import(dump)
    assert counts() == before

    # A newer dump: one more vote, an edited title. Updated in place, still nothing duplicated.
    posts = [dict(p, Title="How cold should a stout really be?") if p["Id"] == 10 else p for p in POSTS]
    votes = VOTES + [dict(Id=1012, PostId=10, VoteTypeId=2, CreationDate="2020-01-05T00:00:00.000")]
    write_dump(dump, posts=posts, votes=votes)
    run_import(dump)
    after = counts()
    # The fifth vote on the question needs a fifth anonymous voter.
    assert after == dict(
        before, Vote=before["Vote"] + 1, ImportRecord=before["ImportRecord"] + 1, Member=before["Member"] + 1
    )
    thread = Thread.objects.get(pk=imported("question", 10))
    assert (thread.title, thread.score) == ("How cold should a stout really be?", 3)
    assert Revision.objects.get(thread=thread).title == thread.title
    assert Vote.objects.filter(thread=thread).values("voter").distinct().count() == 5


@pytest.mark.django_db
def test_malformed_xml_stops_with_the_file_and_line(dump):
    posts = (dump / "Posts.xml").read_text(encoding="utf-8").splitlines()
    assert 'Id="12"' in posts[4]
    posts[4] = posts[4].replace("<row ", "<row <", 1)  # line 5, row Id=12: not well-formed
    (dump / "Posts.xml").write_text("\n".join(posts), encoding="utf-8")

    with pytest.raises(CommandError) as failure:
        run_import(dump)
    message = str(failure.value)
    assert "Posts.xml" in message and "line 5, column 8" in message and "after row Id=11" in message
    assert counts()["Member"] == 0 and not ImportRecord.objects.exists()


@pytest.mark.django_db
def test_a_bad_value_names_the_row_and_rolls_everything_back(dump):
    comments = [dict(c, CreationDate="yesterday") if c["Id"] == 101 else c for c in COMMENTS]
    write_table(dump, "Comments.xml", "comments", comments)

    with pytest.raises(CommandError) as failure:
        run_import(dump)
    assert "Comments.xml: row Id=101" in str(failure.value) and "CreationDate" in str(failure.value)
    # Users and posts were written before the comments: the transaction took them back.
    assert counts() == {model.__name__: 0 for model in MODELS} | {"Tag": counts()["Tag"]}
    assert not Thread.objects.exists()


@pytest.mark.django_db
def test_the_votes_are_replayed_through_the_chosen_rules(dump):
    from rewards.api import reputations

    call_command("import_stackexchange", str(dump), rules="Stack Exchange 2016", verbosity=0)
    alice, bob = imported("user", 1), imported("user", 2)
    # Alice: 3 question upvotes × 5, one downvote −2, +2 for accepting; Bob: 2 answer upvotes × 10, +15 accepted.
    assert reputations([alice, bob]) == {alice: 1 + 15 - 2 + 2, bob: 1 + 20 + 15}


@pytest.mark.django_db
def test_an_unknown_rules_profile_imports_nothing(dump):
    with pytest.raises(CommandError, match="no rewards rule profile named 'Stack Exchange 1999'"):
        call_command("import_stackexchange", str(dump), rules="Stack Exchange 1999", verbosity=0)
    assert not Thread.objects.exists() and not ImportRecord.objects.exists()


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="not a folder"):
        call_command("import_stackexchange", str(tmp_path / "nowhere"), verbosity=0)


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("<stout><Serving Temperature>", ["stout", "serving-temperature"]),
        ("<c++><.net><c#>", ["c++", "net", "c#"]),
        ("<a><b><c><d><e><f>", ["a", "b", "c", "d", "e"]),
        ("<" + "x" * 50 + ">", ["x" * 35]),
        ("", ["untagged"]),
        ("<пиво>", ["untagged"]),
    ],
)
def test_tags_are_made_valid(raw, names):
    assert tag_names(raw, 5) == names


def test_usernames_are_valid_and_unique():
    taken = {"bob"}
    assert unique_username("Bob", "2", taken) == "bob-2"
    assert unique_username("Bob", "2", taken) == "bob-2-2"
    assert unique_username("李", "5", taken) == "user-5"
    assert unique_username("Jo", "6", taken) == "jo-6"
    assert len(unique_username("x" * 80, "123456", taken)) == 30


# --- the real dump ----------------------------------------------------------------------


def _beer_or_skip() -> Path:
    if not (BEER / "Users.xml").is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{BEER} is missing")
        pytest.skip("needs ../shared/data/stackexchange (CI has it)")
    return BEER


@pytest.mark.django_db
def test_beer_reputation_matches_the_dump(capsys):
    """Replaying beer.SE's votes with the 2016 rules gives each member the dump's reputation (±100 bonus)."""
    folder = _beer_or_skip()
    call_command("import_stackexchange", str(folder), rules="Stack Exchange 2016", verbosity=0)
    from rewards.api import reputations

    source = folder.name
    dumped = {}
    for _, element in ET.iterparse(folder / "Users.xml"):
        if element.tag == "row" and int(element.get("Reputation")) > 1 and int(element.get("Id")) > 0:
            dumped[int(element.get("Id"))] = int(element.get("Reputation"))
    members = dict(ImportRecord.objects.filter(source=source, kind="user").values_list("source_id", "object_id"))
    ours = reputations([members[uid] for uid in dumped])
    matched = sum(1 for uid, rep in dumped.items() if ours.get(members[uid]) in (rep, rep - 100))
    share = matched / len(dumped)
    with capsys.disabled():
        print(f"\nbeer.stackexchange.com reputation parity: {matched}/{len(dumped)} = {share:.1%}")
    assert share >= 0.9, f"only {matched}/{len(dumped)} ({share:.1%}) members match the dump's reputation"
    # The dump's badges come along: ours where the name matches, the site's own otherwise.
    from rewards.models import Award

    assert Award.objects.filter(badge__slug="autobiographer").count() > 1000
    assert Award.objects.filter(badge__slug="se-teacher").count() > 300
    assert Award.objects.filter(badge__slug="supporter", member__isnull=False).exists()
