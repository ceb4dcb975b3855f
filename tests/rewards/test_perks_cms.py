"""Perks in the CMS (rewards/catalogue_cms.py): the team adds and edits them with clear refusals, uploads codes in
bulk (rewards/actions/perks.py), and sees how many are left — never the codes handed out."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import strip_tags

from community.core.models import AuditEntry
from rewards.actions import points
from rewards.actions.perks import upload_codes
from rewards.actions.redeem import redeem
from rewards.models import Perk, PerkCode, PointsEntry

pytestmark = pytest.mark.django_db


def form(**overrides) -> dict:
    """A valid perk form as the CMS posts it (unticked boxes are absent)."""
    data = {
        "title": "Early access to the beta",
        "slug": "",
        "description": "Try the next release a month before everyone else.",
        "image": "",
        "kind": "experience",
        "cost": "500",
        "stock": "",
        "min_reputation": "0",
        "required_badge": "",
        "min_account_days": "0",
        "per_member_limit": "1",
        "available_from": "",
        "available_until": "",
        "sizes": "",
        "is_live": "on",
        "sort_order": "0",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def code_perk(**fields) -> Perk:
    values = {"title": "Store voucher", "slug": "store-voucher", "description": "10 € off.", "cost": 200}
    return Perk.objects.create(kind=Perk.Kind.DIGITAL, uses_codes=True, stock=0, **{**values, **fields})


def test_the_team_adds_a_perk_and_its_address_is_made_from_the_title(client_for, moderator):
    response = client_for(moderator).post("/cms/rewards/perks/new/", form())
    assert response.status_code == 302, response.content.decode()[:2000]
    perk = Perk.objects.get()
    assert (perk.slug, perk.cost, perk.stock, perk.per_member_limit) == ("early-access-to-the-beta", 500, None, 1)
    # The same title again gets an address of its own.
    client_for(moderator).post("/cms/rewards/perks/new/", form())
    assert set(Perk.objects.values_list("slug", flat=True)) == {
        "early-access-to-the-beta",
        "early-access-to-the-beta-2",
    }


def test_the_list_shows_cost_stock_left_redeemed_and_live(client_for, moderator):
    Perk.objects.create(title="Sticker pack", slug="stickers", description="Five.", cost=100, stock=7)
    Perk.objects.create(title="Call with the product team", slug="call", description="30 min.", cost=900)
    page = client_for(moderator).get("/cms/rewards/perks/").content.decode()
    for words in ("Sticker pack", "Call with the product team", "Units left", "Redeemed", "unlimited"):
        assert words in page
    cells = [re.sub(r"\s+", " ", strip_tags(c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)]
    assert "7" in cells


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"available_from": "2026-12-10 10:00", "available_until": "2026-12-01 10:00"},
            "available_until",
            "must come after its start",
        ),
        ({"kind": "physical", "asks_size": "on", "sizes": " , "}, "sizes", "List the sizes"),
        ({"kind": "physical", "uses_codes": "on"}, "uses_codes", "Only a digital perk hands out codes"),
        ({"kind": "digital", "uses_codes": "on", "asks_address": "on"}, "uses_codes", "A code is handed out at once"),
        ({"cost": "0"}, "cost", ""),
        ({"slug": "points"}, "slug", "one of the catalogue's own pages"),
        ({"slug": "redemptions"}, "slug", "one of the catalogue's own pages"),
    ],
)
def test_a_wrong_perk_is_refused_with_a_clear_message(client_for, moderator, overrides, field, message):
    response = client_for(moderator).post("/cms/rewards/perks/new/", form(**overrides))
    assert response.status_code == 200  # the form again, with its errors
    assert field in response.context["form"].errors
    assert message in " ".join(response.context["form"].errors[field])
    assert not Perk.objects.exists()


def test_editing_a_code_perk_never_writes_its_stock_back(client_for, moderator, alice):
    perk = code_perk()
    upload_codes(perk, ["A-1", "A-2", "A-3"], actor=moderator)
    edit_url = f"/cms/rewards/perks/edit/{perk.pk}/"
    page = client_for(moderator).get(edit_url)
    assert "Codes (3 left)" in page.content.decode()
    # A member redeems one while the page is open; the form still says 3.
    points.credit(alice.pk, 200, reason=PointsEntry.Reason.ADJUSTMENT, origin="t", event_key="t")
    redeem(alice, perk, key="k", details={})
    data = form(title="Store voucher, 10 €", slug="store-voucher", kind="digital", uses_codes="on", stock="3")
    response = client_for(moderator).post(edit_url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    perk.refresh_from_db()
    assert perk.title == "Store voucher, 10 €" and perk.stock == 2 and perk.redeemed_count == 1


def test_members_cannot_open_the_catalogue_screens(client_for, alice):
    perk = code_perk()
    for url in ("/cms/rewards/perks/", "/cms/rewards/perks/new/", f"/cms/rewards/perks/{perk.pk}/codes/"):
        assert client_for(alice).get(url).status_code in (302, 403)
    assert client_for(alice).post(f"/cms/rewards/perks/{perk.pk}/codes/", {"codes": "X"}).status_code in (302, 403)
    assert not PerkCode.objects.exists()


# --- codes ----------------------------------------------------------------------------------------------------


def test_upload_skips_blanks_and_repeats_and_raises_the_stock_by_the_codes_added(moderator):
    perk = code_perk()
    assert upload_codes(perk, ["  A-1 ", "", "A-2", "A-1", "   "], actor=moderator) == 2
    assert upload_codes(perk, ["A-2", "A-3"], actor=moderator) == 1
    perk.refresh_from_db()
    assert perk.stock == 3
    assert sorted(PerkCode.objects.values_list("code", flat=True)) == ["A-1", "A-2", "A-3"]
    entries = list(AuditEntry.objects.filter(action="perk_codes").order_by("pk"))
    assert [(e.details["added"], e.details["skipped"], e.target_label) for e in entries] == [
        (2, 1, "Store voucher"),
        (1, 1, "Store voucher"),
    ]


def test_upload_refuses_what_is_not_a_code_perk_or_not_codes(moderator):
    physical = Perk.objects.create(title="Mug", slug="mug", description="A mug.", cost=100, stock=5)
    with pytest.raises(ValidationError, match="does not hand out codes"):
        upload_codes(physical, ["X"], actor=moderator)
    perk = code_perk()
    with pytest.raises(ValidationError, match="No codes found"):
        upload_codes(perk, ["", "  "], actor=moderator)
    with pytest.raises(ValidationError, match="at most 200 characters"):
        upload_codes(perk, ["OK", "x" * 201], actor=moderator)
    perk.refresh_from_db()
    assert perk.stock == 0 and not PerkCode.objects.exists()  # all or nothing
    physical.refresh_from_db()
    assert physical.stock == 5


def test_codes_page_pastes_and_uploads_and_never_lists_codes(client_for, moderator, alice):
    perk = code_perk()
    client = client_for(moderator)
    url = f"/cms/rewards/perks/{perk.pk}/codes/"
    pasted = client.post(url, {"codes": "GH-1\nGH-2\n\nGH-2\n"}, follow=True).content.decode()
    assert "2 codes added." in pasted and "1 skipped" in pasted
    csv_file = SimpleUploadedFile("codes.csv", b"\xef\xbb\xbfGH-3,batch 2\nGH-4,batch 2\nGH-1,old\n", "text/csv")
    uploaded = client.post(url, {"codes": "", "file": csv_file}, follow=True).content.decode()
    assert "2 codes added." in uploaded and "1 skipped" in uploaded
    perk.refresh_from_db()
    assert perk.stock == 4
    points.credit(alice.pk, 200, reason=PointsEntry.Reason.ADJUSTMENT, origin="t", event_key="t")
    redeem(alice, perk, key="k", details={})
    page = client.get(url).content.decode()
    assert "code left to hand out" not in page and "codes left to hand out" in page
    assert ">3<" in page and ">1<" in page  # 3 left, 1 handed out
    for code in ("GH-1", "GH-2", "GH-3", "GH-4"):
        assert code not in page


def test_a_bad_codes_file_is_a_clear_400(client_for, moderator):
    perk = code_perk()
    client = client_for(moderator)
    url = f"/cms/rewards/perks/{perk.pk}/codes/"
    for upload, message in (
        (SimpleUploadedFile("codes.xlsx", b"PK\x03\x04", "application/octet-stream"), "Choose a .txt or a .csv file."),
        (SimpleUploadedFile("codes.txt", b"\xff\xfe\x00A", "text/plain"), "not UTF-8 text"),
    ):
        response = client.post(url, {"file": upload})
        assert response.status_code == 400 and message in response.content.decode()
    empty = client.post(url, {"codes": "\n\n"})
    assert empty.status_code == 400 and "No codes found" in empty.content.decode()
    assert not PerkCode.objects.exists()


def test_a_title_whose_address_is_a_catalogue_page_gets_another_one(client_for, moderator):
    client_for(moderator).post("/cms/rewards/perks/new/", form(title="Points"))
    assert Perk.objects.get().slug == "points-perk"  # /rewards/points/ is the member's points page


def test_the_sidebar_counts_the_redemptions_waiting_for_the_team(client_for, moderator, alice):
    from rewards.models import Redemption

    perk = Perk.objects.create(title="Sticker pack", slug="stickers", description="Five.", cost=10)
    for n, status in enumerate(["pending", "approved", "fulfilled", "rejected"]):
        Redemption.objects.create(member=alice, perk=perk, cost=10, status=status, idempotency_key=f"k{n}")
    page = client_for(moderator).get("/cms/").content.decode()
    assert "Redemptions (2)" in page  # pending and approved wait; fulfilled and rejected are done
