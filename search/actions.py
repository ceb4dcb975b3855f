"""Changes to search's own settings that moderators make: the synonym sets (``SearchSynonym``).

One function per change, each in one transaction, refused with ``PermissionDenied`` for non-moderators and
``ValidationError`` (a message saying what to change) for bad input, so nothing is half-saved. On commit the cached
sets and search results are dropped (the database backend expands the next search with the new ones) and
``search.tasks.apply_search_synonyms`` is enqueued, which gives the Elasticsearch index the new rules.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.core import permissions
from config import page_cache
from search import synonyms
from search.models import SearchSynonym

logger = logging.getLogger(__name__)


def add_synonyms(actor, text: str) -> SearchSynonym:
    """A new set from ``text`` ("ipa, india pale ale")."""
    _check_moderator(actor)
    with transaction.atomic():
        terms = _valid_terms(text, exclude_pk=None)
        synonym = SearchSynonym.objects.create(terms=", ".join(terms), changed_by=actor, changed_at=timezone.now())
        _apply_on_commit()
    return synonym


def change_synonyms(actor, synonym: SearchSynonym, text: str) -> SearchSynonym:
    """Replace the terms of ``synonym`` with those of ``text``."""
    _check_moderator(actor)
    with transaction.atomic():
        _lock_sets()
        current = SearchSynonym.objects.select_for_update().filter(pk=synonym.pk).first()
        if current is None:
            raise ValidationError(_("This synonym set no longer exists: another moderator deleted it."))
        terms = _valid_terms(text, exclude_pk=current.pk)
        current.terms = ", ".join(terms)
        current.changed_by = actor
        current.changed_at = timezone.now()
        current.save(update_fields=["terms", "changed_by", "changed_at"])
        _apply_on_commit()
    return current


def remove_synonyms(actor, synonym: SearchSynonym) -> None:
    """Delete ``synonym``: its terms are searched for as themselves again (deleting it twice is harmless)."""
    _check_moderator(actor)
    with transaction.atomic():
        SearchSynonym.objects.filter(pk=synonym.pk).delete()
        _apply_on_commit()


def _check_moderator(actor) -> None:
    if not permissions.is_moderator(actor):
        raise PermissionDenied(_("Only moderators can manage search synonyms."))


def _valid_terms(text: str, *, exclude_pk) -> list[str]:
    """The normalised terms, refused if one is already in another set (a term in two sets would make the two
    sets one, which the moderator should decide). Writers take turns (``_lock_sets``): two moderators adding the
    same term at once cannot both succeed."""
    terms = synonyms.normalise_terms(text)
    _lock_sets()
    others = list(SearchSynonym.objects.exclude(pk=exclude_pk).order_by("pk"))
    if exclude_pk is None and len(others) >= synonyms.MAX_SETS:
        raise ValidationError(
            _("There are already %(count)s synonym sets: merge or delete some first.") % {"count": synonyms.MAX_SETS}
        )
    taken = {synonyms.key(term): other for other in others for term in other.term_list()}
    for term in terms:
        other = taken.get(synonyms.key(term))
        if other is not None:
            raise ValidationError(
                _("“%(term)s” is already in the set “%(set)s”: add the other terms there instead.")
                % {"term": term, "set": other.terms}
            )
    return terms


def _lock_sets() -> None:
    """Until the transaction ends, no other writer of the sets may read them (PostgreSQL; SQLite's writers take
    turns anyway: the second to write is refused, so it never saves a term the first just took)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {SearchSynonym._meta.db_table} IN SHARE ROW EXCLUSIVE MODE")


def _apply_on_commit() -> None:
    transaction.on_commit(_apply)


def _apply() -> None:
    from search.tasks import apply_search_synonyms

    synonyms.forget()
    page_cache.bump(page_cache.CONTENT)  # search results kept for visitors were made with the old sets
    try:
        apply_search_synonyms.enqueue()
    except Exception:
        # The change is saved and the database backend uses it already; the index gets it from the next
        # `search_reindex` (docs/search.md, "Synonyms").
        logger.exception("Could not enqueue applying the search synonyms; run `manage.py search_reindex`")
