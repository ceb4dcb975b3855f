"""The importer's reaction to an erasure: the record linking an erased member to their imported identity (a
Stack Exchange user id, public and named there) is deleted with the erasure, in its transaction."""

from __future__ import annotations

from community.core import events
from community.importers.models import ImportRecord


def forget_imported_identity(event: events.MemberErased) -> None:
    ImportRecord.objects.filter(kind="user", object_id=event.member_id).delete()


def connect() -> None:
    events.subscribe_within(events.MemberErased, forget_imported_identity)
