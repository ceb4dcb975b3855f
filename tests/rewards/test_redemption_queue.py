"""The redemption queue, the team's side (rewards/actions/redemptions.py, rewards/catalogue_cms.py): approve,
reject with a refund, fulfil; the member told at each step (inbox and e-mail, in their language); every step in
the audit log; fulfilment details for the team's eyes only, erased after the retention period."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from community.core.errors import ActionConflict
from community.core.models import AuditEntry
from community.models import Notification
from community.privacy import actions as privacy_actions
from community.privacy.exports import archive_data
from rewards.actions import points, redemptions
from rewards.actions.redeem import redeem
from rewards.models import Perk, PointsEntry, Redemption

pytestmark = pytest.mark.django_db

S = Redemption.Status
_n = itertools.count(1)
ADDRESS = {
    "name": "Alice Liddell",
    "street": "12 Rabbit Hole Lane",
    "postcode": "OX1 1AA",
    "city": "Oxford",
    "country": "United Kingdom",
}


def make_perk(**fields) -> Perk:
    n = next(_n)
    values = {
        "title": f"Guildhall hoodie {n}",
        "slug": f"hoodie-{n}",
        "description": "A warm hoodie with the community's logo.",
        "cost": 300,
        "kind": Perk.Kind.PHYSICAL,
    }
    values.update(fields)
    return Perk.objects.create(**values)


def give(member, amount: int) -> None:
    points.credit(
        member.pk, amount, reason=PointsEntry.Reason.ADJUSTMENT, origin="test", event_key=f"test-give:{next(_n)}"
    )


@pytest.fixture
def hoodie():
    return make_perk(stock=4, asks_address=True)


@pytest.fixture
def pending(live, alice, hoodie):
    """Alice redeemed the hoodie with her address: 300 of her 1,000 points are spent, 3 hoodies are left."""
    give(alice, 1000)
    return live(redeem, alice, hoodie, key="form-1", details=dict(ADDRESS))


def refunds(member) -> int:
    return PointsEntry.objects.filter(member=member, reason=PointsEntry.Reason.REFUNDED).count()


# --- the actions ---------------------------------------------------------------------------------------------


def test_approve_then_fulfil_tells_the_member_and_logs_each_step(live, alice, moderator, pending):
    approved = live(redemptions.approve, pending, actor=moderator)
    assert approved.status == S.APPROVED and approved.decided_by == moderator and approved.decided_at
    done = live(redemptions.fulfil, pending, actor=moderator, note="Royal Mail, tracking RM123456789GB")
    assert done.status == S.FULFILLED and done.fulfilled_at and done.note == "Royal Mail, tracking RM123456789GB"
    notes = list(Notification.objects.filter(recipient=alice, kind="redemption").order_by("created_at", "pk"))
    assert [n.detail for n in notes] == ["", "Royal Mail, tracking RM123456789GB"]
    from community.notifications.models import describe

    assert describe(notes[0]) == f"Your redemption of “{pending.perk.title}” was approved: the team is preparing it."
    assert describe(notes[1]) == f"Your redemption of “{pending.perk.title}” is on its way."
    assert notes[0].get_absolute_url() == "/rewards/redemptions/"
    entries = list(AuditEntry.objects.filter(target_type="redemption", target_id=pending.pk).order_by("pk"))
    assert [(e.action, e.actor_id, e.member_id, e.target_label) for e in entries] == [
        ("redemption_approve", moderator.pk, alice.pk, pending.perk.title),
        ("redemption_fulfil", moderator.pk, alice.pk, pending.perk.title),
    ]
    assert entries[1].details["note"] == "Royal Mail, tracking RM123456789GB"
    assert points.balance(alice.pk) == 700  # fulfilling refunds nothing


def test_reject_refunds_the_points_and_returns_the_unit_once(live, alice, moderator, pending, hoodie):
    hoodie.refresh_from_db()
    assert (hoodie.stock, hoodie.redeemed_count, points.balance(alice.pk)) == (3, 1, 700)
    live(redemptions.reject, pending, actor=moderator, reason="Sold out in your size, sorry.")
    hoodie.refresh_from_db()
    pending.refresh_from_db()
    assert pending.status == S.REJECTED and pending.reason == "Sold out in your size, sorry."
    assert (hoodie.stock, hoodie.redeemed_count, points.balance(alice.pk)) == (4, 0, 1000)
    # The same form sent again (a stale page, a double click): refused, nothing moves a second time.
    with pytest.raises(ActionConflict, match="already rejected"):
        live(redemptions.reject, pending, actor=moderator, reason="Sold out in your size, sorry.")
    with pytest.raises(ActionConflict, match="already rejected"):
        live(redemptions.approve, pending, actor=moderator)
    hoodie.refresh_from_db()
    assert (hoodie.stock, hoodie.redeemed_count, points.balance(alice.pk), refunds(alice)) == (4, 0, 1000, 1)
    (note,) = Notification.objects.filter(recipient=alice, kind="redemption")
    from community.notifications.models import describe

    assert describe(note) == f"Your redemption of “{hoodie.title}” was rejected: your 300 points are back."
    assert note.detail == "Sold out in your size, sorry."
    entry = AuditEntry.objects.get(action="redemption_reject")
    assert entry.reason == "Sold out in your size, sorry." and entry.member_id == alice.pk


def test_an_unlimited_perk_gets_no_stock_back(live, alice, moderator):
    perk = make_perk(cost=100)
    give(alice, 100)
    redemption = live(redeem, alice, perk, key="k", details={})
    live(redemptions.reject, redemption, actor=moderator, reason="Not in your country yet.")
    perk.refresh_from_db()
    assert perk.stock is None and perk.redeemed_count == 0 and points.balance(alice.pk) == 100


def test_a_rejection_needs_a_reason_and_changes_nothing_without_one(live, alice, moderator, pending):
    for reason in ("", "   ", "x" * 301):
        with pytest.raises(ValidationError):
            live(redemptions.reject, pending, actor=moderator, reason=reason)
    pending.refresh_from_db()
    assert pending.status == S.PENDING and points.balance(alice.pk) == 700 and refunds(alice) == 0
    assert not AuditEntry.objects.filter(target_type="redemption").exists()


def test_only_the_team_moves_a_redemption(live, alice, bob, pending):
    for step in (
        lambda: redemptions.approve(pending, actor=bob),
        lambda: redemptions.reject(pending, actor=bob, reason="No."),
        lambda: redemptions.fulfil(pending, actor=alice, note="Sent to myself"),
    ):
        with pytest.raises(PermissionDenied):
            step()
    pending.refresh_from_db()
    assert pending.status == S.PENDING and points.balance(alice.pk) == 700


def test_a_fulfilled_redemption_can_no_longer_be_rejected(live, alice, moderator, pending):
    live(redemptions.fulfil, pending, actor=moderator, note="")
    with pytest.raises(ActionConflict, match="already marked fulfilled"):
        live(redemptions.reject, pending, actor=moderator, reason="Changed my mind")
    assert points.balance(alice.pk) == 700 and refunds(alice) == 0


def test_a_code_is_handed_out_audited_and_announced(live, alice):
    from rewards.actions.perks import upload_codes

    perk = make_perk(kind=Perk.Kind.DIGITAL, uses_codes=True, stock=0, cost=50)
    upload_codes(perk, ["GH-AAAA-1111"], actor=None)
    give(alice, 50)
    redemption = live(redeem, alice, perk, key="k", details={})
    assert redemption.status == S.FULFILLED
    entry = AuditEntry.objects.get(action="redemption_code")
    assert (entry.actor_id, entry.member_id, entry.target_id) == (None, alice.pk, redemption.pk)
    (note,) = Notification.objects.filter(recipient=alice, kind="redemption")
    from community.notifications.models import describe

    assert describe(note) == f"Here is your code for “{perk.title}”: it is on your redemptions page."
    assert "GH-AAAA" not in note.detail and "GH-AAAA" not in note.event_key  # the code stays on the member's page


def test_the_email_is_in_the_members_language(live, make_member, moderator):
    """Written by an English-speaking moderator, read by a French member: the e-mail speaks French, and names the
    perk by the French title the team gave it."""
    camille = make_member("camille", language="fr")
    perk = make_perk(title="Guildhall hoodie", title_fr="Sweat Guildhall", cost=200)
    give(camille, 200)
    redemption = live(redeem, camille, perk, key="k", details={})
    mail.outbox.clear()
    live(redemptions.reject, redemption, actor=moderator, reason="Plus de stock dans votre taille.")
    (message,) = mail.outbox
    assert message.to == ["camille@example.com"]
    expected = (
        "Votre échange de «\u00a0Sweat Guildhall\u00a0» a été refusé\u00a0: vos 200\u00a0points vous sont rendus."
    )
    assert message.subject == expected
    assert "Plus de stock dans votre taille." in message.body
    assert "Guildhall hoodie" not in message.subject + message.body


# --- personal data -------------------------------------------------------------------------------------------


def test_details_are_erased_after_the_retention_period(live, alice, moderator, pending, settings):
    settings.GUILDHALL = {**settings.GUILDHALL, "FULFILMENT_RETENTION_DAYS": 30}
    live(redemptions.fulfil, pending, actor=moderator, note="Sent")
    still_open = live(redeem, alice, pending.perk, key="form-2", details=dict(ADDRESS))
    now = timezone.now()
    assert redemptions.erase_expired_details(now + timedelta(days=29)) == 0
    assert redemptions.erase_expired_details(now + timedelta(days=31)) == 1
    pending.refresh_from_db()
    still_open.refresh_from_db()
    assert pending.details == {} and pending.details_erased_at is not None
    assert still_open.details == ADDRESS and still_open.details_erased_at is None  # not sent yet: kept
    assert redemptions.erase_expired_details(now + timedelta(days=400)) == 0  # pending ones are never due


def test_the_command_erases_what_is_due(live, alice, moderator, pending):
    live(redemptions.reject, pending, actor=moderator, reason="Address outside our shipping area.")
    Redemption.objects.filter(pk=pending.pk).update(decided_at=timezone.now() - timedelta(days=91))
    call_command("rewards_erase_fulfilment_details", verbosity=0)
    pending.refresh_from_db()
    assert pending.details == {} and pending.details_erased_at is not None
    assert pending.reason == "Address outside our shipping area."  # the team's own words stay


def test_an_erased_member_loses_their_details_at_once(live, alice, pending):
    live(privacy_actions.erase_member, alice.pk)
    pending.refresh_from_db()
    assert pending.details == {} and pending.details_erased_at is not None


def test_the_data_export_holds_the_members_redemptions(live, alice, moderator, pending):
    live(redemptions.approve, pending, actor=moderator)
    data = archive_data(alice)
    (row,) = data["redemptions"]
    assert row["perk"] == pending.perk.title and row["cost"] == 300 and row["status"] == "approved"
    assert row["details"] == ADDRESS and row["decided_at"]


# --- the CMS queue ---------------------------------------------------------------------------------------------


def test_the_queue_lists_waiting_ones_first_oldest_first(live, client_for, make_member, moderator, hoodie):
    members = [make_member(f"redeemer{i}") for i in range(3)]
    made = []
    for i, member in enumerate(members):
        give(member, 300)
        r = live(redeem, member, hoodie, key="k", details=dict(ADDRESS))
        Redemption.objects.filter(pk=r.pk).update(created_at=timezone.now() - timedelta(hours=10 - i))
        made.append(r)
    live(redemptions.approve, made[0], actor=moderator)  # the oldest, approved: after the waiting ones
    client = client_for(moderator)
    page = client.get("/cms/rewards/redemptions/").content.decode()
    order = [page.index(f"@{m.username}") for m in (members[1], members[2], members[0])]
    assert order == sorted(order)
    approved_only = client.get("/cms/rewards/redemptions/?status=approved").content.decode()
    assert "@redeemer0" in approved_only and "@redeemer1" not in approved_only
    assert client.get("/cms/rewards/redemptions/?status=lost").status_code == 400


def test_the_queue_costs_a_constant_number_of_queries(
    live, client_for, make_member, moderator, hoodie, django_assert_max_num_queries
):
    client = client_for(moderator)
    client.get("/cms/rewards/redemptions/")  # warm the session and the admin's caches
    for i in range(6):
        member = make_member(f"many{i}")
        give(member, 300)
        live(redeem, member, make_perk(cost=10), key="k", details={})
    with django_assert_max_num_queries(14):
        assert client.get("/cms/rewards/redemptions/").status_code == 200


def test_the_team_sees_the_address_and_nobody_else_does(live, client_for, alice, bob, moderator, pending):
    team_page = client_for(moderator).get(f"/cms/rewards/redemptions/{pending.pk}/").content.decode()
    assert "12 Rabbit Hole Lane" in team_page and "OX1 1AA" in team_page
    # The member's own pages show the redemption, not the address they typed (a screen seen over a shoulder).
    own = client_for(alice)
    for url in ("/rewards/redemptions/", f"/rewards/redemptions/{pending.pk}/"):
        response = own.get(url)
        assert response.status_code == 200 and "12 Rabbit Hole Lane" not in response.content.decode()
    # Another member sees neither the CMS page nor the redemption.
    assert client_for(bob).get(f"/cms/rewards/redemptions/{pending.pk}/").status_code in (302, 403)
    assert client_for(bob).get(f"/rewards/redemptions/{pending.pk}/").status_code == 404
    # The API has no door to redemptions at all.
    api = client_for(alice).get(f"/api/v1/members/{alice.username}")
    assert "Rabbit Hole" not in api.content.decode()


def test_reject_in_the_cms_needs_a_reason_and_a_second_submit_refunds_nothing(
    live, client_for, alice, moderator, pending, django_capture_on_commit_callbacks
):
    client = client_for(moderator)
    url = f"/cms/rewards/redemptions/{pending.pk}/reject/"
    assert "Yes, reject and refund" in client.get(url).content.decode()
    missing = client.post(url, {"reason": "  "})
    assert missing.status_code == 400 and "Say why it is rejected" in missing.content.decode()
    pending.refresh_from_db()
    assert pending.status == S.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"reason": "Out of stock"}, follow=True)
    assert "the points are back" in done.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"reason": "Out of stock"}, follow=True)
    assert "already rejected" in again.content.decode()
    assert points.balance(alice.pk) == 1000 and refunds(alice) == 1
    # The confirmation page of a step no longer possible sends back to the redemption, saying why.
    stale = client.get(f"/cms/rewards/redemptions/{pending.pk}/approve/", follow=True)
    assert "already rejected" in stale.content.decode()


def test_approve_and_fulfil_through_the_cms(
    live, client_for, alice, moderator, pending, django_capture_on_commit_callbacks
):
    client = client_for(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/cms/rewards/redemptions/{pending.pk}/approve/", {})
        client.post(f"/cms/rewards/redemptions/{pending.pk}/fulfil/", {"note": "DHL 00340434161094042557"})
    pending.refresh_from_db()
    assert pending.status == S.FULFILLED and pending.note == "DHL 00340434161094042557"
    detail = client.get(f"/cms/rewards/redemptions/{pending.pk}/").content.decode()
    assert "DHL 00340434161094042557" in detail and "Mark fulfilled" not in detail


def test_members_cannot_open_the_queue(client_for, alice):
    assert client_for(alice).get("/cms/rewards/redemptions/").status_code in (302, 403)


# --- the audit log -----------------------------------------------------------------------------------------------


def test_the_audit_log_words_each_step(live, client_for, alice, moderator, pending):
    from rewards.actions.perks import upload_codes

    live(redemptions.reject, pending, actor=moderator, reason="Sold out")
    codes = make_perk(title="Voucher", kind=Perk.Kind.DIGITAL, uses_codes=True, stock=0)
    live(upload_codes, codes, ["V-1", "V-2", "V-1"], actor=moderator)
    page = client_for(moderator).get("/cms/review/audit/").content.decode()
    assert f"Rejected the redemption of “{pending.perk.title}” by" in page
    assert "Uploaded 2 codes for “Voucher”" in page
    assert "Redemption rejected" in page and "Perk codes uploaded" in page  # the filter's names


def test_a_published_recognition_is_audited_with_its_month(live, alice, moderator):
    from datetime import date

    from community.core.audit import describe
    from rewards.actions.spotlight import publish_recognition

    live(
        publish_recognition,
        moderator,
        kind="month",
        member=alice,
        month=date(2026, 11, 1),
        citation="For forty patient answers about offline sync.",
    )
    entry = AuditEntry.objects.get(action="recognition")
    assert (entry.actor_id, entry.member_id, entry.details["month"]) == (moderator.pk, alice.pk, "2026-11-01")
    assert "Named <a href" in describe(entry) and "member of the month for November 2026" in describe(entry)
