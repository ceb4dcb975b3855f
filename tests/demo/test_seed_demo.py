"""``manage.py seed_demo``: a believable, consistent and repeatable demo community.

The seeder commits one week of history at a time (reputation, and with it the
privilege to vote and comment, is paid when a transaction commits), so the
database test is transactional and seeds once. Transactional tests empty the
database after themselves, so it makes sure of the one migration-made row the
seeder uses: the Moderators group (``serialized_rollback`` would restore it,
but collides with the content types an earlier transactional test's flush
recreated).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from community.demo import care, content, content_fr
from community.management.commands.seed_demo import SLOT_NAMES, build_plan
from community.models import Answer, Comment, Member, Tag, Thread, Vote

TAG_RE = re.compile(r"^[a-z0-9][a-z0-9.+#-]{0,34}$")
SLOT_LEFT = re.compile(r"\{(" + "|".join(sorted(SLOT_NAMES)) + r")\}")
FRENCH_MEMBERS = {m[0] for m in content_fr.MEMBERS}
ENGLISH_ONLY = {m[0] for m in content.MEMBERS} - content_fr.WRITES_BOTH


# --- the plan: pure Python, no database ------------------------------------------


@pytest.fixture(scope="module")
def plan():
    return build_plan(timezone.now().replace(second=0, microsecond=0))


def test_the_plan_is_the_same_every_time():
    now = timezone.now().replace(second=0, microsecond=0)
    first, second = build_plan(now), build_plan(now)
    assert [
        (t.title, t.body, t.author, t.at, [(o.kind, o.actor, o.at, o.body, o.value) for o in t.ops])
        for t in first.threads
    ] == [
        (t.title, t.body, t.author, t.at, [(o.kind, o.actor, o.at, o.body, o.value) for o in t.ops])
        for t in second.threads
    ]


def test_the_plan_respects_the_forum_rules(plan):
    limits = {"title": (10, 150), "body": (20, 30_000), "comment": (2, 600)}
    titles = [t.title for t in plan.threads]
    assert len(titles) == len(set(titles)), [t for t, n in Counter(titles).items() if n > 1]
    for t in plan.threads:
        assert limits["title"][0] <= len(t.title) <= limits["title"][1], t.title
        assert len(t.body.strip()) >= limits["body"][0], t.title
        assert 1 <= len(t.tags) <= 5 and all(TAG_RE.match(tag) for tag in t.tags), (t.title, t.tags)
        for text in [t.title, t.body] + [op.body for op in t.ops]:
            assert not SLOT_LEFT.search(text), (t.title, text[:120])
        for op in t.ops:
            if op.kind == "comment":
                assert limits["comment"][0] <= len(" ".join(op.body.split())) <= limits["comment"][1], op.body
            if op.kind == "answer":
                assert len(op.body.strip()) >= limits["body"][0], op.body


def test_the_plan_tells_a_plausible_story(plan):
    now = timezone.now()
    joined = {m.username: m.joined for m in plan.members}
    assert len(plan.members) >= 40
    assert min(t.at for t in plan.threads) > now - timedelta(days=content.HISTORY_DAYS + 2)
    kinds = Counter(t.kind for t in plan.threads)
    assert len(plan.threads) >= 200 and 0.6 <= kinds["question"] / len(plan.threads) <= 0.8, kinds
    for t in plan.threads:
        assert joined[t.author] < t.at < now, t.title
        answers = {op.answer: op for op in t.ops if op.kind == "answer"}
        assert len(answers) <= 6, t.title
        posted = {None: (t.at, t.author), **{i: (op.at, op.actor) for i, op in answers.items()}}
        for op in t.ops:
            assert joined[op.actor] < op.at < now, (t.title, op)
            if op.kind in ("comment", "vote", "accept"):
                assert op.at > posted[op.answer][0], (t.title, op)  # after the post it is about
            if op.kind == "vote":
                assert op.actor != posted[op.answer][1], (t.title, op)  # never on one's own post
            if op.kind == "accept":
                assert t.kind == "question" and op.actor == t.author, t.title
        voters = [(op.answer, op.actor) for op in t.ops if op.kind == "vote"]
        assert len(voters) == len(set(voters)), t.title
    questions = [t for t in plan.threads if t.kind == "question"]
    assert any(not any(op.kind == "answer" for op in t.ops) for t in questions), "some questions stay unanswered"


def test_a_third_of_the_community_speaks_french(plan):
    writes = {m.username: m.writes for m in plan.members}
    french = [t for t in plan.threads if t.language == "fr"]
    assert len(french) >= len(plan.threads) / 3, (len(french), len(plan.threads))
    assert {t.kind for t in french} == {"question", "tip"}
    answers = Counter(t.language for t in plan.threads for op in t.ops if op.kind == "answer")
    assert answers["fr"] >= sum(answers.values()) / 3, answers
    # A French thread is asked, answered and commented on by members who write French, and the other way round.
    for t in plan.threads:
        for who in [t.author] + [op.actor for op in t.ops if op.kind in ("answer", "comment")]:
            assert t.language in writes[who], (t.title, who)
    french_authors = {t.author for t in french}
    assert len(french_authors & FRENCH_MEMBERS) >= 12 and french_authors & content_fr.WRITES_BOTH
    assert {m.username: m.language for m in plan.members if m.language == "fr"}.keys() == (
        FRENCH_MEMBERS | content_fr.WRITES_BOTH
    )


def _french_texts(value, key=""):
    """Every piece of French prose in ``value`` (code, such as a shared template's, is not prose)."""
    if isinstance(value, str):
        if key != "tpl_code":
            yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _french_texts(v, k)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _french_texts(v, key)


CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
TYPO_MISTAKES = {
    "an ordinary space before : ; ! ? or »": re.compile(r" [:;!?»]"),
    "an ordinary space after «": re.compile(r"« "),
    "no space before ; ! ?": re.compile(r"[^\s\u202f\u00a0(\[][;!?]"),
    "no space before a colon that ends a phrase": re.compile(r"[^\s\u00a0/:+]:(?=\s)"),
    "a straight apostrophe": re.compile(r"\w'\w"),
    "straight quotes": re.compile(r'(^|\s)"\w'),
    "an ordinary space between thousands": re.compile(r"\d \d{3}\b"),
}


def test_the_french_content_uses_french_typography():
    mistakes = []
    material = [getattr(content_fr, name) for name in dir(content_fr) if name.isupper()]
    for text in _french_texts([value for value in material if isinstance(value, list | dict)]):
        prose = CODE.sub("", text)
        mistakes += [(what, text[:90]) for what, mistake in TYPO_MISTAKES.items() if mistake.search(prose)]
    assert not mistakes, mistakes[:10]


def test_the_demo_catalogue_is_complete_and_drawn():
    """Ten perks of the three kinds, every state the catalogue shows, and a picture for each (no database)."""
    from PIL import Image

    from community.demo import perk_images, rewards

    assert len(rewards.PERKS) >= 8 and {p.kind for p in rewards.PERKS} == {"digital", "physical", "experience"}
    assert len({p.slug for p in rewards.PERKS}) == len(rewards.PERKS)
    assert {s.perk for s in rewards.STORY} <= {p.slug for p in rewards.PERKS}
    assert {s.outcome for s in rewards.STORY} == {"code", "pending", "approved", "rejected", "fulfilled"}
    sold_out = next(p for p in rewards.PERKS if p.stock and sum(s.perk == p.slug for s in rewards.STORY) == p.stock)
    assert sold_out.kind == "physical"
    for perk in rewards.PERKS:
        picture = Image.open(io.BytesIO(perk_images.draw(perk.kind, perk.motif)))
        assert (picture.format, picture.size) == ("PNG", (600, 400)), perk.slug


# --- the command, on a real database -----------------------------------------------


def _counts() -> dict[str, int]:
    return {
        "members": Member.objects.count(),
        "threads": Thread.objects.count(),
        "answers": Answer.objects.count(),
        "comments": Comment.objects.count(),
        "votes": Vote.objects.count(),
        "accepted": Thread.objects.filter(accepted_answer__isnull=False).count(),
        "tags": Tag.objects.count(),
    }


@pytest.fixture
def search_indexing_paused():
    """Indexing is not under test here, and indexing every event one by one is most of the seeding time."""
    try:
        from search import handlers
    except ImportError:  # pragma: no cover - a project without the search app
        yield
        return
    handlers.disconnect()
    try:
        yield
    finally:
        handlers.connect()


@pytest.fixture
def moderators_group():
    """What community migration 0004 creates, as far as moderating on the site goes."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(Permission.objects.get(content_type__app_label="community", codename="change_thread"))
    return group


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    """The perks' pictures are Wagtail images: files under MEDIA_ROOT, which a test keeps out of var/."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.mark.django_db(transaction=True)
def test_seed_demo_builds_a_consistent_community_once(moderators_group, search_indexing_paused, media_in_tmp):
    out = io.StringIO()
    call_command("seed_demo", stdout=out, stderr=io.StringIO())
    report = out.getvalue()
    counts = _counts()

    # Enough of everything.
    demo = Member.objects.filter(email__endswith="@" + content.DEMO_EMAIL_DOMAIN).exclude(username="admin")
    assert demo.count() >= 40
    assert counts["threads"] >= 200
    assert set(Thread.objects.values_list("kind", flat=True).distinct()) == {"question", "tip", "idea"}
    # Community care: ideas with votes and statuses, follows, and unhappy posts for the watch (community/demo_care.py).
    assert Thread.objects.filter(kind="idea", score__gt=0).exclude(idea_status="new").count() >= 4
    from community.models import DissatisfactionItem, Follow

    assert Follow.objects.exists() and DissatisfactionItem.objects.filter(language="fr").exists()
    assert counts["answers"] >= 300 and counts["comments"] >= 200 and counts["votes"] >= 800
    assert Vote.objects.filter(value=Vote.DOWN).exists() and Vote.objects.filter(value=Vote.UP).exists()
    assert counts["tags"] >= 20
    answered = Thread.objects.filter(kind="question", answer_count__gt=0).count()
    assert 0.3 * answered <= counts["accepted"] <= 0.7 * answered
    assert Thread.objects.filter(kind="question", answer_count=0).exists()

    # Every denormalised counter equals what the source rows say.
    scores = dict(Vote.objects.filter(thread__isnull=False).values_list("thread").annotate(s=Sum("value")).order_by())
    answer_counts = dict(
        Answer.objects.filter(is_deleted=False).values_list("thread").annotate(n=Count("pk")).order_by()
    )
    comment_counts = dict(
        Comment.objects.filter(answer__isnull=True, is_deleted=False)
        .values_list("thread")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for pk, score, n_answers, n_comments in Thread.objects.values_list("pk", "score", "answer_count", "comment_count"):
        assert score == scores.get(pk, 0), pk
        assert n_answers == answer_counts.get(pk, 0), pk
        assert n_comments == comment_counts.get(pk, 0), pk
    answer_scores = dict(
        Vote.objects.filter(answer__isnull=False).values_list("answer").annotate(s=Sum("value")).order_by()
    )
    answer_comments = dict(
        Comment.objects.filter(answer__isnull=False, is_deleted=False)
        .values_list("answer")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for pk, score, n_comments in Answer.objects.values_list("pk", "score", "comment_count"):
        assert score == answer_scores.get(pk, 0), pk
        assert n_comments == answer_comments.get(pk, 0), pk

    # Nobody votes on their own post; accepted answers belong to their question.
    assert not Vote.objects.filter(thread__author=F("voter")).exists()
    assert not Vote.objects.filter(answer__author=F("voter")).exists()
    assert not Thread.objects.filter(accepted_answer__isnull=False).exclude(accepted_answer__thread=F("pk")).exists()
    assert not Thread.objects.filter(accepted_answer__isnull=False, kind="tip").exists()

    # A plausible order in time: replies, comments and votes come after what they are about.
    now = timezone.now()
    assert not Thread.objects.filter(created_at__gt=now).exists()
    assert Thread.objects.filter(created_at__lt=now - timedelta(days=365)).exists()
    assert not Answer.objects.filter(created_at__lte=F("thread__created_at")).exists()
    assert not Comment.objects.filter(created_at__lte=F("thread__created_at")).exists()
    assert not Comment.objects.filter(answer__isnull=False, created_at__lte=F("answer__created_at")).exists()
    assert not Vote.objects.filter(thread__isnull=False, created_at__lte=F("thread__created_at")).exists()
    assert not Vote.objects.filter(answer__isnull=False, created_at__lte=F("answer__created_at")).exists()
    assert not Thread.objects.filter(
        accepted_answer__isnull=False, accepted_at__lte=F("accepted_answer__created_at")
    ).exists()
    assert not Thread.objects.filter(last_activity_at__lt=F("created_at")).exists()
    assert not Thread.objects.filter(Q(answers__created_at__gt=F("last_activity_at"))).exists()
    assert not Thread.objects.filter(created_at__lt=F("author__date_joined")).exists()

    # The forum's own rules hold for what was written.
    assert all(TAG_RE.match(name) for name in Tag.objects.values_list("name", flat=True))
    assert not Thread.objects.annotate(n=Count("tags")).filter(Q(n=0) | Q(n__gt=5)).exists()
    assert Thread.objects.values("title").distinct().count() == counts["threads"]

    # Accounts: verified e-mail, the published passwords, staff moderators, an administrator.
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.filter(user__in=demo, verified=True, primary=True).count() == demo.count()
    member = demo.get(username=content.MEMBERS[0][0])
    assert member.email == f"{member.username}@{content.DEMO_EMAIL_DOMAIN}"
    assert member.check_password(content.DEMO_PASSWORD)
    admin = Member.objects.get(username=content.ADMIN["username"])
    assert admin.is_superuser and admin.is_staff and admin.check_password(content.ADMIN["password"])
    assert EmailAddress.objects.filter(user=admin, verified=True, primary=True).exists()
    assert set(demo.filter(groups__name="Moderators").values_list("username", flat=True)) == (
        content.TEAM | content_fr.TEAM
    )
    assert content.DEMO_PASSWORD in report and content.ADMIN["password"] in report

    # A bilingual forum: French-speaking members read the site in French, and the forum's own language detector
    # (the normal write path) labels their threads French: at least a third of the threads and of the answers.
    assert set(demo.filter(language="fr").values_list("username", flat=True)) == FRENCH_MEMBERS | (
        content_fr.WRITES_BOTH
    )
    assert all(
        set(reads) <= {"en", "fr"} and "fr" in reads
        for reads in demo.filter(language="fr").values_list("reads_languages", flat=True)
    )
    assert demo.get(username="jdelacroix").reads_languages == ["en", "fr"]
    threads = Thread.objects.filter(author__in=demo)
    french = threads.filter(language="fr")
    assert french.count() >= threads.count() / 3, (french.count(), threads.count())
    assert Answer.objects.filter(thread__in=french).count() >= Answer.objects.filter(thread__in=threads).count() / 3
    mislabelled = threads.filter(
        Q(author__username__in=FRENCH_MEMBERS, language="en") | Q(author__username__in=ENGLISH_ONLY, language="fr")
    )
    assert not mislabelled.exists(), list(mislabelled.values_list("title", "language")[:10])
    french_ideas = Thread.objects.filter(kind="idea", language="fr")
    assert set(french_ideas.values_list("title", flat=True)) == {idea[0] for idea in content_fr.IDEAS}
    assert not french_ideas.exclude(author__language="fr").exists()
    assert (
        not Thread.objects.filter(kind="idea", language="en", title__in=[i[0] for i in care.IDEAS])
        .filter(author__username__in=FRENCH_MEMBERS)
        .exists()
    )
    assert "in French" in report

    _the_recognition_programme_is_there(now)

    # A second run changes nothing and says so.
    again = io.StringIO()
    call_command("seed_demo", stdout=again, stderr=io.StringIO())
    assert "already there" in again.getvalue()
    assert _counts() == counts


def _the_recognition_programme_is_there(now) -> None:
    """The demo's catalogue, redemptions, bounties and recognition (community/demo/rewards.py), made by the real
    actions: what a member and the team see is consistent with the ledgers and the stock."""
    from community.models import AuditEntry, Bounty, Notification
    from rewards.models import Award, LedgerEntry, Perk, PerkCode, PointsEntry, Recognition, Redemption

    # A believable catalogue: at least 8 perks of the three kinds, with pictures, one sold out, one not open yet,
    # one for members with a badge or reputation, one handing out uploaded codes.
    perks = list(Perk.objects.all())
    assert len(perks) >= 8
    assert {p.kind for p in perks} == {"digital", "physical", "experience"}
    assert all(p.image_id and p.image.width == 600 for p in perks)
    assert any(p.stock == 0 and p.redeemed_count > 0 for p in perks), "a perk the members sold out"
    assert any(p.available_from and p.available_from > now for p in perks), "a perk not available yet"
    assert any(p.required_badge_id or p.min_reputation for p in perks)
    assert any(p.asks_size and p.asks_address for p in perks)
    coded = [p for p in perks if p.uses_codes]
    assert coded and PerkCode.objects.filter(perk__in=coded).count() >= 10
    for perk in perks:
        taken = perk.redemptions.exclude(status=Redemption.Status.REJECTED).count()
        assert perk.redeemed_count == taken, perk.slug
        if perk.uses_codes:
            assert perk.stock == PerkCode.objects.filter(perk=perk, redemption__isnull=True).count(), perk.slug

    # Redemptions in every state, each charged once; the rejected one refunded, with the team's reason.
    redemptions = Redemption.objects.select_related("perk")
    assert set(redemptions.values_list("status", flat=True)) == {"pending", "approved", "rejected", "fulfilled"}
    for r in redemptions:
        spent = PointsEntry.objects.filter(redemption=r, reason="redeemed").values_list("points", flat=True)
        assert list(spent) == [-r.cost], r
    rejected = redemptions.get(status="rejected")
    assert rejected.reason and PointsEntry.objects.filter(redemption=rejected, reason="refunded").exists()
    assert redemptions.filter(status="fulfilled", perk__uses_codes=True, code__isnull=False).exists()
    assert redemptions.filter(status="fulfilled", perk__kind="physical").exclude(note="").exists()
    assert redemptions.filter(perk__asks_address=True).exclude(details={}).exists()
    assert not redemptions.filter(member__is_staff=True).exists(), "Lumen's staff do not redeem their own perks"
    # Spread over the last weeks, each decision after its request and each shipment after its approval.
    assert redemptions.filter(created_at__lt=now - timedelta(days=7)).exists()
    assert not redemptions.filter(Q(decided_at__lt=F("created_at")) | Q(fulfilled_at__lt=F("created_at"))).exists()
    assert not redemptions.filter(Q(decided_at__gt=now) | Q(fulfilled_at__gt=now)).exists()
    # The members were told and the team's steps are in the audit log.
    assert Notification.objects.filter(kind="redemption").count() >= redemptions.count()
    assert AuditEntry.objects.filter(action="redemption_reject").count() == 1

    # Bounties still open on the featured list (in both languages), one awarded, paid through the reputation ledger.
    still_open = Bounty.objects.filter(closed_at__isnull=True)
    assert "en" in {b.thread.language for b in still_open}
    open_bounty = still_open.first()
    assert open_bounty.ends_at > now and open_bounty.thread.created_at < open_bounty.created_at - timedelta(days=2)
    awarded = Bounty.objects.get(answer__isnull=False)
    assert awarded.answer.author_id != awarded.offered_by_id
    assert LedgerEntry.objects.filter(member=awarded.answer.author, reason="bounty_awarded", points=awarded.amount)
    assert LedgerEntry.objects.filter(member=open_bounty.offered_by, reason="bounty_offered")

    # Last month's member of the month, with a citation, the badge and the points; not one of Lumen's staff.
    last_month = (now.date().replace(day=1) - timedelta(days=1)).replace(day=1)
    pick = Recognition.objects.get(kind="month", month=last_month)
    assert pick.citation and not pick.member.is_staff
    assert Award.objects.filter(member=pick.member, badge__slug="member-of-the-month").exists()
    assert PointsEntry.objects.filter(member=pick.member, reason="recognition", points=pick.points).exists()

    # Every balance is its ledger's sum and follows the reputation ledger.
    out = io.StringIO()
    call_command("rewards_recompute_points", "--check", stdout=out, stderr=out)  # exits 1 on drift
