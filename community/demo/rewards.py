"""The demo's recognition programme: Lumen's rewards catalogue, members redeeming perks, three bounties and the
team's member of the month and tag champion.

Called by ``manage.py seed_demo`` once the history is played, so reward points have followed every member's
reputation (``rewards.actions.points``). Everything goes through the real actions — the perks' codes, each
redemption and the team's decisions through the doors of ``rewards.api`` (community may not import rewards'
actions), the bounties through ``community.bounties.actions`` — so stock, balances, ledgers, notifications and
the audit log are what real use would have left. Perks are made the way the team makes them in the CMS (a row
and a picture in Wagtail's image library); there is no action for that.

Perks have no translation (the CMS keeps one title and description per perk), so the catalogue is written in
English, Lumen's first language. French-speaking members redeem too, the team answers them in French, and a
French-speaking member of the month gets a French citation.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Count, F, Q
from wagtail.images import get_image_model

from community.bounties import actions as bounty_actions
from community.core.errors import ActionConflict
from community.demo import content, content_fr, perk_images
from community.forum.models import Answer, Bounty, Member, Tag, Thread
from rewards import api as rewards_api

NBSP, NNBSP = "\u00a0", "\u202f"  # French typography: before « : »; before ; ! ?


@dataclass(frozen=True)
class DemoPerk:
    slug: str
    kind: str  # digital | physical | experience
    motif: str  # its picture (community.demo.perk_images.MOTIFS)
    title: str
    description: str
    cost: int
    stock: int | None = None  # None: unlimited; a code perk's stock is its uploaded codes
    codes: int = 0  # digital codes uploaded by the team (uses_codes)
    code_prefix: str = ""  # what the codes start with, as a shop's voucher codes do
    min_reputation: int = 0
    badge: str = ""  # a required badge's slug
    min_account_days: int = 0
    per_member_limit: int | None = None
    opens_in_days: int | None = None  # available_from = now + this
    open_for_days: int | None = None  # available_until = available_from (or now) + this
    asks_address: bool = False
    sizes: str = ""  # asks for a size when set
    asks_phone: bool = False


# Ten perks, cheapest first within each kind. Costs fit the demo's balances (reward points are half of the
# reputation earned: the most active members hold 300 to 550 points, most others 50 to 150).
PERKS = [
    DemoPerk(
        "lumen-pro-25-off",
        "digital",
        "discount",
        "25% off a year of Lumen Pro",
        "A code for 25% off your next year of Lumen Pro (or your first one). Enter it under Settings → Plan → "
        "Redeem a code; it works on a new or a renewed yearly plan, and it is yours the moment you redeem it.",
        cost=100,
        codes=10,
        code_prefix="PRO25",
        per_member_limit=1,
    ),
    DemoPerk(
        "field-guide-ebook",
        "digital",
        "ebook",
        "The Lumen Field Guide (e-book)",
        "Our 140-page guide to getting more out of Lumen: daily notes, templates, tags that stay useful after "
        "a thousand notes, the command palette and a chapter on sync. EPUB and PDF, with a download code you get "
        "at once.",
        cost=60,
        codes=8,
        code_prefix="GUIDE",
        per_member_limit=1,
    ),
    DemoPerk(
        "early-access-5-1",
        "digital",
        "beta",
        "Early access to Lumen 5.1",
        "Try the next release a month before everyone else: the new editor, faster search and the web app's dark "
        "theme. We switch early access on for your account within a few days; for members with 200 reputation, "
        "whose reports we know we can act on.",
        cost=120,
        min_reputation=200,
        per_member_limit=1,
    ),
    DemoPerk(
        "sticker-pack",
        "physical",
        "stickers",
        "Lumen sticker pack",
        "Six matte vinyl stickers (the lightbulb, the notebook, “Synced.” and friends) that survive a laptop lid "
        "and a water bottle. Shipped in an envelope, anywhere in the world.",
        cost=40,
        per_member_limit=2,
        asks_address=True,
    ),
    DemoPerk(
        "dot-grid-notebook",
        "physical",
        "notebook",
        "Dot-grid paper notebook",
        "Yes, paper. A5, 160 pages of 100 g/m² dot-grid, a lay-flat binding and the Lumen lightbulb debossed on "
        "the cover, for the ideas that start away from a screen. A small run: when it is gone, it is gone.",
        cost=120,
        stock=3,
        per_member_limit=1,
        asks_address=True,
    ),
    DemoPerk(
        "lumen-mug",
        "physical",
        "mug",
        "Lumen mug",
        "A 350 ml stoneware mug in Lumen blue, dishwasher safe, with the keyboard shortcut for a new note printed "
        "where your thumb goes. Ships within two weeks.",
        cost=150,
        stock=25,
        per_member_limit=1,
        asks_address=True,
    ),
    DemoPerk(
        "community-t-shirt",
        "physical",
        "tshirt",
        "Community T-shirt",
        "Organic cotton, a relaxed fit and “I answer questions at community.lumen” on the back. Only for members "
        "of the community: it is not sold anywhere. Choose your size; we ship within two weeks.",
        cost=250,
        stock=40,
        per_member_limit=1,
        asks_address=True,
        sizes="XS, S, M, L, XL, XXL",
    ),
    DemoPerk(
        "beta-tester-seat",
        "experience",
        "seat",
        "A seat in the beta-tester programme",
        "Six months in the group that tests every Lumen release before it ships: the beta builds, a private "
        "channel with the developers and a say in what gets fixed first. For members who have had an answer "
        "accepted (the Solver badge).",
        cost=300,
        stock=10,
        badge="solver",
        per_member_limit=1,
    ),
    DemoPerk(
        "product-team-call",
        "experience",
        "call",
        "A video call with the product team",
        "Thirty minutes with Lumen's product managers and designers: show us how you work, tell us what gets in "
        "your way, see what we are sketching. Four a quarter, for members of three months or more with 500 "
        "reputation; we write to you to find a time.",
        cost=400,
        stock=4,
        min_reputation=500,
        min_account_days=90,
        per_member_limit=1,
    ),
    DemoPerk(
        "community-day-2027",
        "experience",
        "ticket",
        "Invitation to Lumen Community Day 2027",
        "A day in Lyon with the Lumen team and members from everywhere: talks, workshops, the roadmap first-hand "
        "and dinner together. Your ticket and one night at the hotel are on us; travel is yours. Invitations open "
        "three weeks from now.",
        cost=450,
        stock=30,
        per_member_limit=1,
        opens_in_days=21,
        open_for_days=60,
        asks_phone=True,
    ),
]


# French titles and descriptions of the demo's perks (Perk.title_fr / description_fr), keyed by slug.
PERKS_FR = {
    "lumen-pro-25-off": (
        "25\u00a0% de réduction sur un an de Lumen Pro",
        "Un code de 25\u00a0% de réduction sur votre prochaine année de Lumen Pro (ou la première). Saisissez-le "
        "dans Réglages → Abonnement → Utiliser un code\u202f; il vaut pour un abonnement annuel nouveau ou "
        "renouvelé, et il est à vous dès l’échange.",
    ),
    "field-guide-ebook": (
        "Le guide pratique de Lumen (livre numérique)",
        "Nos 140\u00a0pages pour tirer le meilleur de Lumen\u00a0: notes du jour, modèles, des tags qui restent "
        "utiles après mille notes, la palette de commandes et un chapitre sur la synchronisation. En EPUB et en "
        "PDF, avec un code de téléchargement reçu aussitôt.",
    ),
    "early-access-5-1": (
        "Accès anticipé à Lumen 5.1",
        "Essayez la prochaine version un mois avant tout le monde\u00a0: le nouvel éditeur, une recherche plus "
        "rapide et le thème sombre de l’application web. Nous activons l’accès anticipé sur votre compte sous "
        "quelques jours\u202f; réservé aux membres ayant 200 de réputation, dont nous savons exploiter les "
        "retours.",
    ),
    "sticker-pack": (
        "Planche d’autocollants Lumen",
        "Six autocollants en vinyle mat (l’ampoule, le carnet, «\u00a0Synchronisé.\u00a0» et leurs amis) qui "
        "résistent à un capot d’ordinateur comme à une gourde. Envoyés sous enveloppe, partout dans le monde.",
    ),
    "dot-grid-notebook": (
        "Carnet papier à pointillés",
        "Oui, du papier. Format A5, 160\u00a0pages de 100\u00a0g/m² à pointillés, une reliure qui s’ouvre à plat "
        "et l’ampoule de Lumen embossée sur la couverture, pour les idées qui naissent loin d’un écran. Petite "
        "série\u00a0: quand il n’y en a plus, il n’y en a plus.",
    ),
    "lumen-mug": (
        "Mug Lumen",
        "Un mug en grès de 350\u00a0ml, bleu Lumen, qui passe au lave-vaisselle, avec le raccourci clavier d’une "
        "nouvelle note imprimé là où se pose le pouce. Expédié sous deux semaines.",
    ),
    "community-t-shirt": (
        "T-shirt de la communauté",
        "Coton bio, coupe ample et «\u00a0Je réponds aux questions sur community.lumen\u00a0» dans le dos. "
        "Réservé aux membres de la communauté\u00a0: il n’est vendu nulle part. Choisissez votre taille\u202f; "
        "nous l’expédions sous deux semaines.",
    ),
    "beta-tester-seat": (
        "Une place dans le programme de bêta-test",
        "Six mois dans le groupe qui teste chaque version de Lumen avant sa sortie\u00a0: les versions bêta, un "
        "canal privé avec les développeurs et votre mot à dire sur ce qui est corrigé en premier. Pour les "
        "membres dont une réponse a été acceptée (le badge Solution).",
    ),
    "product-team-call": (
        "Un appel vidéo avec l’équipe produit",
        "Trente minutes avec les responsables produit et les designers de Lumen\u00a0: montrez-nous comment vous "
        "travaillez, dites-nous ce qui vous gêne, découvrez ce que nous esquissons. Quatre par trimestre, pour "
        "les membres inscrits depuis trois mois ou plus avec 500 de réputation\u202f; nous vous écrivons pour "
        "trouver un créneau.",
    ),
    "community-day-2027": (
        "Invitation à la journée de la communauté Lumen 2027",
        "Une journée à Lyon avec l’équipe Lumen et des membres venus de partout\u00a0: conférences, ateliers, "
        "la feuille de route de première main et un dîner ensemble. Votre billet et une nuit d’hôtel sont "
        "offerts\u202f; le voyage reste à votre charge. Les invitations ouvrent dans trois semaines.",
    ),
}


@dataclass(frozen=True)
class Step:
    """One member redeeming a perk, and what the team then did with it."""

    perk: str
    outcome: str  # "code" (handed out at once), "pending", "approved", "rejected", "fulfilled"
    size: str = ""
    french: bool = False  # a French-speaking member (the team answers in French)
    who: str = ""  # the member who tries first (else the next in line)
    days_ago: float = 0.0  # when it was redeemed
    took: tuple[float, ...] = ()  # days from the request to the team's decision, and to fulfilment
    message: dict = field(default_factory=dict)  # the team's reason or note, per language


SHIPPED = {
    "en": "Sent with DHL Parcel on Monday, tracking number 00340434161094042557.",
    "fr": f"Envoyé lundi par Colissimo, numéro de suivi 6A21948307562{NNBSP}; comptez trois à cinq jours.",
}
MARA = content.MEMBERS[0][0]  # the member README.md suggests logging in as: her "My redemptions" shows each state
# When each was redeemed (days ago) and how long the team took: a day to approve on working days, a few more to
# ship; what still waits is recent. The call is the member of the month's, redeemed with the points just given.
STORY = [
    Step("product-team-call", "approved", days_ago=0.3, took=(0.2,)),  # the dearest first, while it is affordable
    Step("lumen-pro-25-off", "code", who=MARA, days_ago=21.4),
    Step("lumen-pro-25-off", "code", french=True, days_ago=17.2),
    Step("lumen-pro-25-off", "code", days_ago=9.6),
    Step("field-guide-ebook", "code", french=True, days_ago=12.3),
    Step("dot-grid-notebook", "fulfilled", message=SHIPPED, days_ago=20.1, took=(1.1, 3.2)),
    Step("dot-grid-notebook", "approved", french=True, days_ago=6.2, took=(0.9,)),
    Step("dot-grid-notebook", "pending", days_ago=1.6),  # the last one: sold out
    Step(
        "lumen-mug",
        "rejected",
        who=MARA,
        days_ago=14.5,
        took=(1.2,),
        message={
            "en": "We cannot ship mugs to a PO box (the carrier needs a street address). Your points are back: "
            "redeem it again with a street address and we will send it the same week."
        },
    ),
    Step("lumen-mug", "approved", french=True, days_ago=5.3, took=(1.0,)),
    Step("community-t-shirt", "fulfilled", size="M", french=True, message=SHIPPED, days_ago=16.4, took=(0.8, 4.1)),
    Step("community-t-shirt", "pending", size="L", who=MARA, days_ago=1.1),
    Step(
        "sticker-pack",
        "fulfilled",
        who=MARA,
        days_ago=11.2,
        took=(1.1, 2.0),
        message={"en": "Posted in a letter on Tuesday; stickers travel without tracking, allow a week or two."},
    ),
    Step("sticker-pack", "pending", french=True, days_ago=0.8),
    Step(
        "early-access-5-1",
        "fulfilled",
        days_ago=8.3,
        took=(0.4, 0.9),
        message={"en": "Early access is on for your account: update from Settings → About, and tell us what breaks."},
    ),
    Step("beta-tester-seat", "pending", days_ago=2.2),
]

# Where the demo's members would have their parcels sent (fictional streets, real towns).
ADDRESSES = {
    "en": [
        ("14 Quay Street", "M3 3JE", "Manchester", "United Kingdom"),
        ("Kungsgatan 21", "753 21", "Uppsala", "Sweden"),
        ("Lindwurmstraße 88", "80337", "München", "Germany"),
        ("PO Box 4417", "1013", "Wellington", "New Zealand"),
        ("Rua da Prata 112", "1100-414", "Lisboa", "Portugal"),
    ],
    "fr": [
        ("12 rue Mercière", "69002", "Lyon", "France"),
        ("4380 rue Saint-Denis", "H2J 2L1", "Montréal", "Canada"),
        ("7 place du Capitole", "31000", "Toulouse", "France"),
        ("Rue du Marché 9", "1204", "Genève", "Suisse"),
    ],
}
PO_BOX = 3  # the English address the mug's rejection is about


# --- the catalogue ---------------------------------------------------------------------------------------------


def _picture(perk: DemoPerk):
    """The perk's picture in Wagtail's image library, as the team would upload it."""
    Image = get_image_model()
    title = f"Reward: {perk.title}"
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    image = Image(title=title)
    image.file = ImageFile(ContentFile(perk_images.draw(perk.kind, perk.motif)), name=f"reward-{perk.slug}.png")
    image.save()
    return image


def seed_catalogue(now: datetime, team_member: Member) -> dict:
    """The ten perks, their pictures and their codes; returns them by slug."""
    rng = random.Random(content.SEED + 17)
    perks = {}
    for order, spec in enumerate(PERKS, start=1):
        opens = now + timedelta(days=spec.opens_in_days) if spec.opens_in_days is not None else None
        with transaction.atomic():
            perk = rewards_api.ensure_perk(
                spec.slug,
                title=spec.title,
                title_fr=PERKS_FR[spec.slug][0],
                description=spec.description,
                description_fr=PERKS_FR[spec.slug][1],
                image=_picture(spec),
                kind=spec.kind,
                cost=spec.cost,
                stock=0 if spec.codes else spec.stock,
                min_reputation=spec.min_reputation,
                required_badge_id=rewards_api.badge_id(spec.badge) if spec.badge else None,
                min_account_days=spec.min_account_days,
                per_member_limit=spec.per_member_limit,
                available_from=opens,
                available_until=(opens or now) + timedelta(days=spec.open_for_days) if spec.open_for_days else None,
                asks_address=spec.asks_address,
                asks_size=bool(spec.sizes),
                sizes=spec.sizes,
                asks_phone=spec.asks_phone,
                uses_codes=bool(spec.codes),
                sort_order=order,
                created_at=now - timedelta(days=30),
            )
        if spec.codes and not perk.stock:
            prefix = spec.code_prefix
            alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
            codes = [
                f"{prefix}-{''.join(rng.choices(alphabet, k=4))}-{''.join(rng.choices(alphabet, k=4))}"
                for _ in range(spec.codes)
            ]
            rewards_api.upload_perk_codes(perk, codes, actor=team_member)
        perks[spec.slug] = perk
    return perks


# --- members redeeming, and the team's queue ---------------------------------------------------------------------


def _details(perk, member: Member, language: str, index: int, size: str) -> dict:
    details = {}
    if perk.asks_address:
        street, postcode, city, country = ADDRESSES[language][index % len(ADDRESSES[language])]
        details.update(name=member.display_name, street=street, postcode=postcode, city=city, country=country)
    if perk.asks_size:
        details["size"] = size or "M"
    if perk.asks_phone:
        details["phone"] = "+33 6 12 34 56 78" if language == "fr" else "+44 7700 900123"
    return details


def seed_redemptions(now: datetime, perks: dict, team: dict[str, Member]) -> list:
    """Members with enough points redeem perks (in turn, the richest first; a perk's limit per member holds), and
    the team approves, rejects and fulfils what arrives, answering each member in their language."""
    staff = {u for names in (content.TEAM, content_fr.TEAM) for u in names}
    buyers = {
        lang: list(
            Member.objects.filter(is_active=True, is_superuser=False, email__endswith="@" + content.DEMO_EMAIL_DOMAIN)
            .exclude(username__in=staff)
            .filter(Q(language="fr") if lang == "fr" else ~Q(language="fr"))
            .order_by("pk")
        )
        for lang in ("en", "fr")
    }
    balances = rewards_api.points_balances([m.pk for group in buyers.values() for m in group])
    for group in buyers.values():
        group.sort(key=lambda m: (-balances.get(m.pk, 0), m.pk))
    made, turns, addresses = [], Counter(), Counter()
    for n, step in enumerate(STORY):
        language = "fr" if step.french else "en"
        perk = perks[step.perk]
        perk.refresh_from_db()
        if step.outcome == "rejected":
            addresses[language] = PO_BOX  # the parcel the carrier would not take
        redemption = None
        asked = now - timedelta(days=step.days_ago)
        decided, shipped = (asked + timedelta(days=d) for d in (*step.took, 0, 0)[:2])
        # Each step starts with the next member in line, so the story spreads over many members.
        start = turns[language] % len(buyers[language])
        line = buyers[language][start:] + buyers[language][:start]
        line.sort(key=lambda m: m.username != step.who)  # stable: the rest keep their turn
        for member in line:
            try:
                with transaction.atomic():
                    redemption = rewards_api.redeem(
                        member,
                        perk,
                        key=f"demo-{n}",
                        details=_details(perk, member, language, addresses[language], step.size),
                        at=asked,
                    )
            except (ActionConflict, PermissionDenied, ValidationError):
                continue  # not enough points, not eligible: the next member
            addresses[language] += 1
            break
        turns[language] += 1
        if redemption is None:
            continue
        made.append(redemption)
        actor = team[language]
        message = step.message.get(language) or step.message.get("en", "")
        with transaction.atomic():
            if step.outcome in ("approved", "fulfilled"):
                redemption = rewards_api.approve_redemption(redemption, actor=actor, at=decided)
            if step.outcome == "fulfilled":
                redemption = rewards_api.fulfil_redemption(redemption, actor=actor, note=message, at=shipped)
            elif step.outcome == "rejected":
                redemption = rewards_api.reject_redemption(redemption, actor=actor, reason=message, at=decided)
    return made


# --- bounties ---------------------------------------------------------------------------------------------------


def _bounty_candidates(now: datetime, *, min_age_days: int, max_age_days: int, answered: bool, language: str = "en"):
    """Questions in ``language`` of the right age, open, with no accepted answer and no bounty yet, oldest first, with
    their answers by others than the asker; ``answered``: only those that have some (or only those with none)."""
    questions = (
        Thread.objects.filter(
            kind=Thread.Kind.QUESTION,
            language=language,
            is_deleted=False,
            is_locked=False,
            duplicate_of__isnull=True,
            accepted_answer__isnull=True,
            created_at__lt=now - timedelta(days=min_age_days),
            created_at__gt=now - timedelta(days=max_age_days),
        )
        .exclude(bounties__isnull=False)
        .exclude(answers__author=F("author"))  # an asker who answered themselves is not looking for help
        .select_related("author")
        .order_by("created_at", "pk")
    )
    for thread in questions:
        others = Answer.objects.filter(thread=thread, is_deleted=False).exclude(author_id=thread.author_id)
        if others.exists() == answered:
            yield thread, others


def _offer(thread: Thread, amount: int, at: datetime) -> Bounty | None:
    """The asker offers a bounty (as most bounties on Stack Exchange are) if it leaves them plenty of reputation,
    else one of the community's long-standing members does."""
    founders = [m[0] for m in content.MEMBERS[:12]] if thread.language == "en" else [m[0] for m in content_fr.MEMBERS]
    seniors = Member.objects.filter(username__in=founders).exclude(pk=thread.author_id)
    offerers = [thread.author, *seniors.order_by("pk")]
    for member in offerers:
        if rewards_api.reputation(member) < 3 * amount:
            continue
        try:
            with transaction.atomic():
                return bounty_actions.offer_bounty(member, thread, amount, at=at)
        except (ActionConflict, PermissionDenied, ValidationError):
            continue
    return None


def seed_bounties(now: datetime) -> tuple[Bounty | None, list[Bounty]]:
    """One bounty awarded three weeks ago to the best answer, and two open now on the featured list (an English
    question with five days left, a French one with three)."""
    awarded = None
    for thread, others in _bounty_candidates(now, min_age_days=30, max_age_days=200, answered=True):
        offered_at = now - timedelta(days=25)
        bounty = _offer(thread, 100, offered_at)
        if bounty is None:
            continue
        best = others.exclude(author_id=bounty.offered_by_id).order_by("-score", "created_at").first()
        if best is None:  # only the offerer answered: it ended unawarded, as the sweep says
            bounty_actions.close_ended_bounties(now)
            continue
        with transaction.atomic():
            awarded = bounty_actions.award_bounty(bounty.offered_by, bounty, best, at=offered_at + timedelta(days=4))
        break
    still_open = []
    for language, amount, days_ago in (("en", 50, 2), ("fr", 100, 4)):
        bounty = None
        for answered in (False, True):  # an unanswered question first, else one whose answers did not solve it
            candidates = _bounty_candidates(
                now, min_age_days=days_ago + 2, max_age_days=60, answered=answered, language=language
            )
            bounty = next(
                filter(None, (_offer(t, amount, now - timedelta(days=days_ago)) for t, _ in candidates)), None
            )
            if bounty is not None:
                still_open.append(bounty)
                break
    return awarded, still_open


# --- the team's recognition ------------------------------------------------------------------------------------


def _top_tag(member: Member, start: datetime, end: datetime) -> str:
    tags = (
        Tag.objects.filter(
            tagged_threads__content_object__answers__author=member,
            tagged_threads__content_object__answers__created_at__gte=start,
            tagged_threads__content_object__answers__created_at__lt=end,
        )
        .annotate(n=Count("pk"))
        .order_by("-n", "name")
        .values_list("name", flat=True)
    )
    return tags.first() or "sync"


def _citation(member: Member, language: str, tag: str, *, champion: bool = False) -> str:
    """What the team would write: what the member did, in words rather than the shortlist's figures, and thanks.
    The month is not repeated: the home page and the profile show it above the citation."""
    first = member.display_name.split()[0]
    if language == "fr":
        quoted = f"«{NBSP}{tag}{NBSP}»"
        if champion:
            return (
                f"C’est vers {first} que l’on se tournait pour les questions {quoted}{NBSP}: des réponses pas à "
                f"pas, vérifiées avant d’être postées. Merci, elles font gagner des heures à tout le monde{NNBSP}!"
            )
        return (
            f"{first} était là chaque fois que quelqu’un bloquait, surtout sur les questions {quoted}{NBSP}: des "
            "étapes claires, des captures quand il le faut et beaucoup de patience avec les nouveaux venus. Merci "
            f"de faire de cette communauté un endroit où l’on trouve des solutions{NNBSP}!"
        )
    if champion:
        return (
            f"{first} was the person to ask about “{tag}”: step-by-step answers, tried before they were posted. "
            "Thank you, they save everyone hours!"
        )
    return (
        f"{first} was there whenever someone got stuck, most of all on “{tag}” questions: clear steps, screenshots "
        "when they help and patience with newcomers. Thank you for making this a place where people get unstuck!"
    )


def _champion(month: date, staff: set[str]):
    """The tag whose best contributor (not a Lumen employee) did the most in ``month``, and that contributor."""
    popular = Tag.objects.annotate(n=Count("tagged_threads")).order_by("-n", "name")[:6]
    best = None
    for tag in popular:
        candidate = next(
            (c for c in rewards_api.recognition_shortlist(month, tag=tag) if c.member.username not in staff), None
        )
        if candidate is not None and candidate.accepted and (best is None or candidate.points > best[1].points):
            best = (tag, candidate)
    return best


def seed_recognition(now: datetime, team: dict[str, Member]):
    """Last month's member of the month and one tag's champion, picked from the CMS's shortlist as the team
    would: the best-ranked member who does not work at Lumen, with a citation in their language."""
    this_month = now.date().replace(day=1)
    month = (this_month - timedelta(days=1)).replace(day=1)
    start = datetime(month.year, month.month, 1, tzinfo=now.tzinfo)
    end = datetime(this_month.year, this_month.month, 1, tzinfo=now.tzinfo)
    staff = {u for names in (content.TEAM, content_fr.TEAM) for u in names}
    picks = []
    members = [c for c in rewards_api.recognition_shortlist(month) if c.member.username not in staff]
    candidate = next((c for c in members if c.accepted), members[0] if members else None)  # who helped most
    if candidate is not None:
        language = "fr" if candidate.member.language == "fr" else "en"
        citation = _citation(candidate.member, language, _top_tag(candidate.member, start, end))
        with transaction.atomic():
            picks.append(
                rewards_api.publish_recognition(
                    team[language], kind="month", member=candidate.member, month=month, citation=citation
                )
            )
    champion = _champion(month, staff)  # the shortlist now leaves out the member of the month
    if champion is not None:
        tag, candidate = champion
        language = "fr" if candidate.member.language == "fr" else "en"
        citation = _citation(candidate.member, language, tag.name, champion=True)
        with transaction.atomic():
            picks.append(
                rewards_api.publish_recognition(
                    team[language],
                    kind="tag_champion",
                    member=candidate.member,
                    month=month,
                    citation=citation,
                    tag=tag,
                )
            )
    return picks


# --- all of it -------------------------------------------------------------------------------------------------


def seed_programme(now: datetime) -> None:
    """The catalogue, redemptions in every state, three bounties (one awarded, two open) and last month's
    recognition."""
    team_names = {"en": "nina.h", "fr": next(iter(sorted(content_fr.TEAM)))}  # billing & accounts; the French desk
    team = {lang: Member.objects.filter(username=name).first() for lang, name in team_names.items()}
    if team["en"] is None:
        return
    team["fr"] = team["fr"] or team["en"]
    perks = seed_catalogue(now, team["en"])
    seed_bounties(now)  # before the redemptions: bounties move reputation, and so points
    seed_recognition(now, team)  # the recognition's points are spent like any other
    seed_redemptions(now, perks, team)
