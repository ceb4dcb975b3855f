"""Tag synonyms under concurrent moderators, on PostgreSQL with real connections (tests/conftest.py
``run_at_once``): opposite requests ("a → b" and "b → a") or the same one twice leave one synonym and one tag,
never a cycle, a lost thread or a server error."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from community.core.errors import ActionConflict
from community.models import Tag, TagSynonym, Thread
from community.moderation import actions as moderation
from tests.conftest import run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("opposite", [True, False])
def test_two_moderators_at_once_leave_one_synonym_and_every_thread(
    require_postgres, make_member, make_thread, opposite
):
    author = make_member("author")
    make_thread(author, title="Closures in a loop keep the last value", tags=("js",))
    make_thread(author, title="How do I debounce an input handler?", tags=("javascript",))
    moderators = [make_member(f"mod{i}", staff=True) for i in range(2)]
    requests = {
        moderators[0]: ("js", "javascript"),
        moderators[1]: ("javascript", "js") if opposite else ("js", "javascript"),
    }
    refused: list[Exception] = []

    def add(moderator):
        try:
            moderation.add_tag_synonym(moderator, *requests[moderator])
        except (ActionConflict, ValidationError) as exc:
            refused.append(exc)

    assert run_at_once(moderators, add) == []
    assert len(refused) == 1
    row = TagSynonym.objects.select_related("tag").get()
    assert Tag.objects.filter(name=row.synonym).count() == 0  # the synonym is no tag, and no cycle
    assert set(Tag.objects.values_list("name", flat=True)) == {row.tag.name}
    assert all(list(thread.tags.names()) == [row.tag.name] for thread in Thread.objects.all())
