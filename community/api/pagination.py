"""Cursor pagination for the API's long lists (threads, ideas, knowledge articles, a member's reputation ledger).

A page is one range of the list's index read from the last row of the page before (keyset pagination), never an
OFFSET: as fast at the 100,000th thread as at the first, and stable while members post — a new thread sorts
before the cursor, so walking a list never repeats or skips a row because of it. The cursor is the last row's
sort key, signed (``django.core.signing``) with the list it belongs to: opaque to clients, and a cursor edited
by hand or carried to another list or sort is refused with a 400 problem instead of reading a wrong range.

The lists come ordered from the site's query modules (``forum.queries.thread_list``, ``team.ideas.board``…),
every column descending and the last one unique — the same orders the site's pages use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.db.models import DateTimeField, F, Field, Func, Value
from django.db.models.lookups import LessThan
from django.utils.translation import gettext as _
from ninja.errors import HttpError

SALT = "guildhall.api.cursor"
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# A cursor carries a few numbers and dates: anything longer is not one of ours (checked before it is unsigned).
MAX_CURSOR_LENGTH = 400


class _RowValue(Func):
    """``(a, b, id)``: ``(a, b, id) < (x, y, z)`` is the keyset condition, which PostgreSQL reads as one bound of
    the sort's index range (SQLite compares row values too)."""

    template = "(%(expressions)s)"
    output_field = Field()


@dataclass
class CursorPage:
    items: list
    next_cursor: str | None


def order_of(rows) -> list[str]:
    """The queryset's order columns, without their "-": all must be descending."""
    order = [str(name) for name in rows.query.order_by]
    if not order or not all(name.startswith("-") for name in order):
        raise ValueError("A list paginated by cursors is ordered by descending columns.")
    return [name[1:] for name in order]


def _field(model, name: str):
    return model._meta.pk if name == "pk" else model._meta.get_field(name)


def _encode(row, order: list[str], scope: str) -> str:
    values = []
    for name in order:
        value = row.pk if name == "pk" else getattr(row, name)
        values.append(value.isoformat() if isinstance(value, datetime) else value)
    return signing.dumps({"s": scope, "k": values}, salt=SALT, compress=True)


def _decode(cursor: str, rows, order: list[str], scope: str) -> list:
    """The cursor's values typed as the order's columns, or a 400 problem for anything else."""
    refused = HttpError(400, _("This cursor is not valid for this list: start again from the first page without it."))
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise refused
    try:
        data = signing.loads(cursor, salt=SALT)
    except signing.BadSignature as exc:
        raise refused from exc
    if not isinstance(data, dict) or data.get("s") != scope or len(data.get("k") or ()) != len(order):
        raise refused
    values = []
    for name, value in zip(order, data["k"], strict=True):
        if isinstance(_field(rows.model, name), DateTimeField):
            values.append(datetime.fromisoformat(value))
        else:
            values.append(value)
    return values


def cursor_page(rows, *, cursor: str | None, limit: int, scope: str, load=list) -> CursorPage:
    """The page of ``rows`` after ``cursor`` (the first page without one): ``limit`` rows read with one more, to
    know whether the list goes on. ``scope`` names the list and its filters (a cursor only works in its own list);
    ``load`` turns the sliced queryset into the page's rows."""
    order = order_of(rows)
    if cursor:
        values = _decode(cursor, rows, order, scope)
        bound = _RowValue(*[Value(v, output_field=_field(rows.model, n)) for n, v in zip(order, values, strict=True)])
        rows = rows.filter(LessThan(_RowValue(*[F(name) for name in order]), bound))
    items = list(load(rows[: limit + 1]))
    more = len(items) > limit
    items = items[:limit]
    return CursorPage(items, _encode(items[-1], order, scope) if more and items else None)


def next_url(request, cursor: str | None, param: str = "cursor") -> str | None:
    """This request's URL with ``cursor`` as its cursor (None at the end of the list)."""
    if cursor is None:
        return None
    query = request.GET.copy()
    query[param] = cursor
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def page_url(request, number: int | None) -> str | None:
    """This request's URL at page ``number`` (numbered lists: tags, leaderboards, search); None at the end."""
    return next_url(request, None if number is None else str(number), param="page")
