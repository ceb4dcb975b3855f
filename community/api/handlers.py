"""What the API's tokens do when something happens elsewhere: an erased member's tokens go with the account."""

from __future__ import annotations

from community.api import actions
from community.core import events


def on_member_erased(event: events.MemberErased) -> None:
    actions.forget_member(event.member_id)


def connect() -> None:
    events.subscribe_within(events.MemberErased, on_member_erased)  # gone with the account, or not at all
