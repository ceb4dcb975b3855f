"""The catalogue in a real browser (Debian's headless Chromium): a member redeems a physical perk through the
confirmation form — a double click spends once — and sees it in their redemptions; the catalogue's pages pass
axe at both widths and in the dark colour scheme, with their headings in order (tests/site/test_accessibility.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rewards.actions.redeem import redeem
from rewards.models import Perk, PerkCode, Redemption
from tests.rewards.test_redeem import balance, give, make_perk
from tests.site.test_accessibility import _open, audit, axe_source  # noqa: F401 - axe_source is a fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shop(make_member):
    member = make_member("mara", display_name="Mara Okafor", reputation=600)
    give(member, 2_000)
    hoodie = make_perk(title="Community hoodie", slug="hoodie", cost=1_200, stock=4, asks_address=True,
                       asks_size=True, sizes="S, M, L")  # fmt: skip
    voucher = make_perk(
        title="One month of Pro", slug="pro", kind=Perk.Kind.DIGITAL, uses_codes=True, stock=2, cost=300
    )
    PerkCode.objects.bulk_create([PerkCode(perk=voucher, code=c) for c in ("PRO-1111", "PRO-2222")])
    make_perk(title="Call with the team", slug="call", kind=Perk.Kind.EXPERIENCE, cost=5_000, min_reputation=1_000)
    make_perk(title="Mug", slug="mug", cost=100, stock=0)
    redeem(member, voucher, key="earlier", details={})
    return {"member": member, "hoodie": hoodie}


def test_a_member_redeems_with_the_form_and_a_double_click_spends_once(live_server, browser, shop):
    member = shop["member"]
    context, page = _open(browser, live_server, member=member)
    try:
        page.goto(f"{live_server.url}/rewards/hoodie/")
        page.get_by_role("link", name="Redeem").click()
        page.wait_for_url("**/rewards/hoodie/redeem/")
        expect(page.get_by_text("Balance after")).to_be_visible()
        page.get_by_label("Full name").fill("Mara Okafor")
        page.get_by_label("Street address").fill("1 Main Street")
        page.get_by_label("Postcode").fill("10115")
        page.get_by_label("City").fill("Berlin")
        page.get_by_label("Country").fill("Germany")
        page.get_by_label("Size").select_option("M")
        page.get_by_role("button", name="Spend 1,200 points").dblclick()
        page.wait_for_url("**/rewards/redemptions/*/")
        expect(page.get_by_text("waiting for the community team’s approval")).to_be_visible()
        assert "1 Main Street" not in page.content()
        page.goto(f"{live_server.url}/rewards/redemptions/")
        expect(page.get_by_text("PRO-1111")).to_be_visible()
        expect(page.get_by_text("Waiting for approval")).to_be_visible()
    finally:
        context.close()
    hoodie_redemptions = Redemption.objects.filter(member=member, perk=shop["hoodie"])
    assert hoodie_redemptions.count() == 1
    assert hoodie_redemptions.get().details["size"] == "M"
    assert balance(member) == 2_000 - 300 - 1_200


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_the_catalogue_pages_pass_axe(axe_source, live_server, browser, shop, who):  # noqa: F811
    member = shop["member"] if who == "member" else None
    context, page = _open(browser, live_server, member=member)
    context.add_init_script(script=axe_source)
    pages = {"catalogue": "/rewards/", "perk": "/rewards/hoodie/", "sold-out perk": "/rewards/mug/"}
    if member:
        mine = Redemption.objects.filter(member=member).first()
        pages.update({
            "confirmation": "/rewards/hoodie/redeem/",
            "not eligible": "/rewards/call/redeem/",
            "my redemptions": "/rewards/redemptions/",
            "a redemption": f"/rewards/redemptions/{mine.pk}/",
        })  # fmt: skip
    try:
        problems = audit(page, live_server.url, pages)
    finally:
        context.close()
    assert not problems, f"{who}: axe violations or headings out of order:\n" + "\n".join(problems)
