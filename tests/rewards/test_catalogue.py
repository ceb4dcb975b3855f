"""The catalogue pages (rewards/catalogue): what visitors and members see, the confirmation step through the
real views, the error contract's statuses, one's own redemptions only, constant queries."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from rewards.models import Perk, PerkCode, PointsEntry, Redemption
from tests.rewards.test_redeem import balance, give, make_perk

pytestmark = pytest.mark.django_db

CATALOGUE = "/rewards/"


def key_of(page: str) -> str:
    return re.search(r'name="key" value="([^"]+)"', page).group(1)


def test_visitors_see_the_perks_and_an_invitation_to_log_in(client):
    make_perk(title="Vinyl stickers", cost=120, stock=4)
    make_perk(title="Early access", kind=Perk.Kind.EXPERIENCE, cost=900)
    make_perk(title="Hidden", is_live=False)
    page = client.get(CATALOGUE).content.decode()
    assert "Vinyl stickers" in page and "Early access" in page and "Hidden" not in page
    assert "4 left" in page and "<strong>120</strong> points" in page
    assert "Log in</a> to see your points" in page
    assert "You can redeem this" not in page and "more points needed" not in page


def test_the_navigation_links_the_catalogue(client):
    assert 'href="/rewards/"' in client.get("/badges/").content.decode()


def test_a_member_sees_their_balance_and_each_cards_verdict(client_for, make_member):
    member = make_member("mara", reputation=120)
    give(member, 300)
    make_perk(title="Affordable", cost=250)
    make_perk(title="Pricey", cost=1000)
    make_perk(title="For the trusted", cost=10, min_reputation=500)
    make_perk(title="Gone", cost=10, stock=0)
    make_perk(title="Soon", cost=10, available_from=timezone.now() + timedelta(days=3))
    page = client_for(member).get(CATALOGUE).content.decode()
    assert 'class="points-number">300<' in page
    assert "You can redeem this" in page
    assert "700 more points needed" in page
    assert "Needs 500 reputation" in page
    assert "Sold out" in page and "Available from" in page
    assert page.count("You can redeem this") == 1


def test_filters_by_kind_and_what_i_can_afford(client_for, alice):
    give(alice, 300)
    make_perk(title="Digital voucher", kind=Perk.Kind.DIGITAL, cost=100)
    make_perk(title="Hoodie", kind=Perk.Kind.PHYSICAL, cost=200)
    make_perk(title="Call with the team", kind=Perk.Kind.EXPERIENCE, cost=2000)
    make_perk(title="Sold-out mug", kind=Perk.Kind.PHYSICAL, cost=50, stock=0)
    c = client_for(alice)
    digital = c.get(CATALOGUE, {"kind": "digital"}).content.decode()
    assert "Digital voucher" in digital and "Hoodie" not in digital
    affordable = c.get(CATALOGUE, {"affordable": "1"}).content.decode()
    assert "Digital voucher" in affordable and "Hoodie" in affordable
    assert "Call with the team" not in affordable and "Sold-out mug" not in affordable
    both = c.get(CATALOGUE, {"affordable": "1", "kind": "physical"}).content.decode()
    assert "Hoodie" in both and "Digital voucher" not in both
    assert c.get(CATALOGUE, {"kind": "<script>"}).status_code == 200


def test_the_catalogue_runs_a_constant_number_of_queries(client_for, alice, django_assert_max_num_queries):
    give(alice, 300)
    c = client_for(alice)
    make_perk()
    c.get(CATALOGUE)  # warm the member's cached standing
    with django_assert_max_num_queries(12) as one:
        c.get(CATALOGUE)
    for i in range(15):
        make_perk(stock=i, min_reputation=i * 10, per_member_limit=1 + i % 2, min_account_days=i % 3)
    c.get(CATALOGUE)
    with django_assert_max_num_queries(12) as many:
        assert c.get(CATALOGUE).status_code == 200
    assert len(many.captured_queries) == len(one.captured_queries)


def test_the_perk_page_and_the_confirmation_redeem_once(client_for, alice):
    perk = make_perk(title="Hoodie", cost=200, stock=10, asks_address=True, asks_size=True, sizes="S, M, L")
    give(alice, 500)
    c = client_for(alice)
    detail = c.get(reverse("rewards:perk", args=[perk.slug])).content.decode()
    assert "Five vinyl stickers." in detail and reverse("rewards:redeem", args=[perk.slug]) in detail
    form = c.get(reverse("rewards:redeem", args=[perk.slug])).content.decode()
    assert "Balance after" in form and "300 points" in form and 'autocomplete="postal-code"' in form
    key = key_of(form)
    data = {
        "key": key,
        "name": "Alice Liddell",
        "street": "2 Rabbit Hole",
        "postcode": "OX1",
        "city": "Oxford",
        "country": "UK",
        "size": "M",
        "cost": 200,
    }
    done = c.post(reverse("rewards:redeem", args=[perk.slug]), data, follow=True)
    redemption = Redemption.objects.get(member=alice)
    assert done.redirect_chain[-1][0] == reverse("rewards:redemption", args=[redemption.pk])
    text = done.content.decode()
    assert "waiting for the community team’s approval" in text and "Waiting for approval" in text
    assert "Rabbit Hole" not in text  # the details are the team's, not shown back on the page
    again = c.post(reverse("rewards:redeem", args=[perk.slug]), data)  # the same form sent twice
    assert again.status_code == 302 and Redemption.objects.count() == 1 and balance(alice) == 300


def test_missing_details_are_a_400_beside_their_fields_and_nothing_is_spent(client_for, alice):
    perk = make_perk(cost=100, asks_address=True)
    give(alice, 500)
    c = client_for(alice)
    key = key_of(c.get(reverse("rewards:redeem", args=[perk.slug])).content.decode())
    response = c.post(reverse("rewards:redeem", args=[perk.slug]), {"key": key, "cost": 100, "name": "Alice"})
    assert response.status_code == 400
    page = response.content.decode()
    assert page.count("This is needed to send you the reward.") == 4
    assert 'value="Alice"' in page and f'value="{key}"' in page  # what was typed and the same key stay
    assert not Redemption.objects.exists() and balance(alice) == 500


def test_refusals_use_the_error_contract(client_for, make_member):
    poor = make_member("poor", reputation=600)
    give(poor, 50)
    perk = make_perk(cost=100)
    c = client_for(poor)
    url = reverse("rewards:redeem", args=[perk.slug])
    response = c.post(url, {"key": "abc", "cost": 100})
    assert response.status_code == 409
    assert "You have 50 points; this reward costs 100." in response.content.decode()
    trusted_only = make_perk(cost=10, min_reputation=1000)
    response = c.post(reverse("rewards:redeem", args=[trusted_only.slug]), {"key": "abc", "cost": 10})
    assert response.status_code == 403 and "needs 1000 reputation; you have 600" in response.content.decode()
    as_json = c.post(url, {"key": "abc", "cost": 100}, HTTP_ACCEPT="application/json")
    assert as_json.status_code == 409 and as_json.json() == {"error": "You have 50 points; this reward costs 100."}
    assert c.post(url, {}).status_code == 400  # no key: a form error
    assert not Redemption.objects.exists()


def test_a_price_changed_since_the_form_is_confirmed_again_not_charged(client_for, alice):
    perk = make_perk(cost=100, asks_size=True, sizes="S, M")
    give(alice, 500)
    c = client_for(alice)
    url = reverse("rewards:redeem", args=[perk.slug])
    key = key_of(c.get(url).content.decode())
    Perk.objects.filter(pk=perk.pk).update(cost=180)
    response = c.post(url, {"key": key, "cost": 100, "size": "M"})
    page = response.content.decode()
    assert response.status_code == 409 and "has just changed to 180 points" in page
    assert "Spend 180 points" in page and f'value="{key}"' in page and 'value="M" selected' in page
    assert not Redemption.objects.exists() and balance(alice) == 500
    assert c.post(url, {"key": key, "cost": 180, "size": "M"}).status_code == 302
    assert balance(alice) == 320


def test_visitors_are_sent_to_log_in_and_withdrawn_perks_are_404(client, client_for, alice):
    perk = make_perk()
    url = reverse("rewards:redeem", args=[perk.slug])
    assert client.post(url, {"key": "k"}).status_code == 302
    assert not Redemption.objects.exists()
    assert client.get(reverse("rewards:redemptions")).status_code == 302
    Perk.objects.filter(pk=perk.pk).update(is_live=False)
    assert client.get(reverse("rewards:perk", args=[perk.slug])).status_code == 404
    assert client_for(alice).post(url, {"key": "k", "cost": 100}).status_code == 404


def test_my_redemptions_show_each_state_and_only_mine(client_for, alice, bob):
    give(alice, 10_000)
    give(bob, 10_000)
    from rewards.actions.redeem import redeem

    code_perk = make_perk(title="Voucher", kind=Perk.Kind.DIGITAL, uses_codes=True, stock=1)
    PerkCode.objects.create(perk=code_perk, code="SECRET-CODE-42")
    with_code = redeem(alice, code_perk, key="a", details={})
    waiting = redeem(alice, make_perk(title="Mug"), key="b", details={})
    rejected = redeem(alice, make_perk(title="Cap"), key="c", details={})
    Redemption.objects.filter(pk=rejected.pk).update(status="rejected", reason="Out of caps in your region.")
    sent = redeem(alice, make_perk(title="Hoodie", asks_size=True, sizes="M"), key="d", details={"size": "M"})
    Redemption.objects.filter(pk=sent.pk).update(status="fulfilled", note="Tracking 1Z999AA10123456784")
    bobs = redeem(bob, make_perk(title="Bob's notebook"), key="e", details={})

    page = client_for(alice).get(reverse("rewards:redemptions")).content.decode()
    assert "SECRET-CODE-42" in page and "Waiting for approval" in page
    assert "The team’s reason: Out of caps in your region." in page
    assert "From the team: Tracking 1Z999AA10123456784" in page
    assert "Bob&#x27;s notebook" not in page and "Bob's notebook" not in page
    assert page.index("Hoodie") < page.index("Mug") < page.index("Voucher")  # newest first
    assert waiting.pk

    bob_page = client_for(bob).get(reverse("rewards:redemptions")).content.decode()
    assert "SECRET-CODE-42" not in bob_page and "Voucher" not in bob_page
    assert client_for(bob).get(reverse("rewards:redemption", args=[with_code.pk])).status_code == 404
    own = client_for(bob).get(reverse("rewards:redemption", args=[bobs.pk]))
    assert own.status_code == 200 and "SECRET-CODE-42" not in own.content.decode()


def test_my_redemptions_page_in_constant_queries(client_for, alice, django_assert_max_num_queries):
    give(alice, 100_000)
    from rewards.actions.redeem import redeem

    c = client_for(alice)
    redeem(alice, make_perk(), key="first", details={})
    c.get(reverse("rewards:redemptions"))
    with django_assert_max_num_queries(10) as one:
        c.get(reverse("rewards:redemptions"))
    for i in range(12):
        perk = make_perk(kind=Perk.Kind.DIGITAL, uses_codes=True, stock=1)
        PerkCode.objects.create(perk=perk, code=f"CODE-{i}")
        redeem(alice, perk, key=f"k{i}", details={})
    c.get(reverse("rewards:redemptions"))
    with django_assert_max_num_queries(10) as many:
        c.get(reverse("rewards:redemptions"))
    assert len(many.captured_queries) == len(one.captured_queries)


def test_a_negative_balance_is_explained(client_for, alice):
    points_entry = PointsEntry.Reason.CLAWED_BACK
    from rewards.actions import points

    points.credit(alice.pk, -30, reason=points_entry, origin="vote:9", event_key="vote:9:undo")
    make_perk(cost=10)
    page = client_for(alice).get(CATALOGUE).content.decode()
    assert "Your balance is -30 points" in page and "You can redeem this" not in page


def _image(title: str, colour: str):
    import io

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = io.BytesIO()
    PILImage.new("RGB", (320, 200), colour).save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


def test_pictures_and_placeholders_in_constant_queries(client, django_assert_max_num_queries):
    for i in range(3):
        make_perk(title=f"Pictured {i}", image=_image(f"perk{i}", "#2451b7"))
    make_perk(title="Drawn", kind=Perk.Kind.EXPERIENCE)
    page = client.get(CATALOGUE).content.decode()  # renditions are made on the first view
    assert page.count('class="perk-media perk-media-physical"><img') == 3
    assert 'perk-media-experience"><svg class="perk-placeholder"' in page
    with django_assert_max_num_queries(10) as three:
        client.get(CATALOGUE, {"page": "1"})
    for i in range(3, 12):
        make_perk(title=f"Pictured {i}", image=_image(f"perk{i}", "#1f7a4d"))
    client.get(CATALOGUE)
    with django_assert_max_num_queries(10) as twelve:
        client.get(CATALOGUE, {"page": "1"})
    assert len(twelve.captured_queries) == len(three.captured_queries)


def test_visitors_see_the_stock_move_after_a_redemption(client, alice, django_capture_on_commit_callbacks):
    from config.page_cache import STATUS_HEADER
    from rewards.actions.redeem import redeem

    perk = make_perk(title="Last hoodies", stock=5)
    give(alice, 500)
    for _ in range(3):
        response = client.get(CATALOGUE)
    assert response.headers[STATUS_HEADER] == "hit" and "5 left" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        redeem(alice, perk, key="k", details={})
    response = client.get(CATALOGUE)
    assert response.headers[STATUS_HEADER] == "miss" and "4 left" in response.content.decode()


def test_a_perk_reads_in_french_when_the_team_wrote_it_in_french(client, client_for, make_member):
    """The community speaks English and French: a French reader sees the French title and description the team
    wrote, anyone else the English ones, and a perk without French texts reads as written."""
    make_perk(
        title="Lumen mug",
        title_fr="Mug Lumen",
        slug="lumen-mug",
        description="A stoneware mug.",
        description_fr="Un mug en grès.",
    )
    make_perk(title="Sticker pack", slug="sticker-pack")
    english = client.get(CATALOGUE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Lumen mug" in english and "Mug Lumen" not in english
    french = client.get(CATALOGUE, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Mug Lumen" in french and "Lumen mug" not in french and "Sticker pack" in french
    detail = client.get("/rewards/lumen-mug/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Un mug en grès." in detail and "A stoneware mug." not in detail
