"""The CMS's "Tag synonyms" section: moderators list, add (merging a tag of that name) and remove synonyms after a
confirmation; bad input is a 400 with the reason and saves nothing; nobody else sees or opens it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from community.models import AuditEntry, Tag, TagSynonym, Thread
from community.moderation import actions as moderation

pytestmark = pytest.mark.django_db

INDEX = "/cms/tag-synonyms/"


@pytest.fixture
def cms(client_for, moderator):
    return client_for(moderator)


@pytest.fixture
def tags(make_thread, alice):
    make_thread(alice, title="How do I debounce an input handler?", tags=("javascript",))
    return make_thread(alice, title="Closures in a loop keep the last value", tags=("js", "closures"))


def test_a_moderator_adds_a_synonym_that_merges_the_tag_of_that_name(cms, moderator, tags):
    page = cms.get(INDEX)
    assert page.status_code == 200
    html = page.content.decode()
    assert "No tag synonyms yet." in html and 'list="synonym-tag-choices"' in html
    assert '<option value="javascript">' in html  # the main-tag field offers the tags in use

    done = cms.post(INDEX, {"synonym": " JS ", "tag": "javascript", "reason": "Same language."})
    assert (done.status_code, done["Location"]) == (302, INDEX)
    row = TagSynonym.objects.get()
    assert (row.synonym, row.tag.name, row.created_by) == ("js", "javascript", moderator)
    assert sorted(Thread.objects.get(pk=tags.pk).tags.names()) == ["closures", "javascript"]
    assert not Tag.objects.filter(name="js").exists()
    assert AuditEntry.objects.get(action="add_tag_synonym").reason == "Same language."

    listing = cms.get(INDEX).content.decode()
    assert "“js” is now a synonym of “javascript”" in listing  # the message after the redirect
    row_html = next(chunk for chunk in listing.split("<tr") if "<code>js</code>" in chunk)
    assert ">javascript</a>" in row_html and "mod" in row_html and f"/cms/tag-synonyms/{row.pk}/remove/" in row_html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"synonym": "javascript", "tag": "javascript"}, "A tag cannot be a synonym of itself."),
        ({"synonym": "ecmascript", "tag": "nothing-here"}, "There is no tag “nothing-here”"),
        ({"synonym": "bad tag!", "tag": "javascript"}, "A tag name uses lower-case letters"),
        ({"synonym": "", "tag": "javascript"}, "This field is required."),
    ],
)
def test_bad_input_is_a_400_with_the_reason_and_saves_nothing(cms, tags, data, message):
    response = cms.post(INDEX, {**data, "reason": ""})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TagSynonym.objects.exists() and not AuditEntry.objects.exists()
    assert Tag.objects.filter(name="js").exists()


def test_a_name_already_taken_is_refused_on_the_form(cms, moderator, tags):
    moderation.add_tag_synonym(moderator, "js", "javascript")
    response = cms.post(INDEX, {"synonym": "js", "tag": "closures"})
    assert response.status_code == 400
    assert "“js” is already a synonym of “javascript”." in response.content.decode()
    assert TagSynonym.objects.get().tag.name == "javascript"


def test_removing_asks_first_then_removes(cms, moderator, tags):
    row = moderation.add_tag_synonym(moderator, "js", "javascript")
    url = f"/cms/tag-synonyms/{row.pk}/remove/"
    confirm = cms.get(url)
    assert confirm.status_code == 200
    assert "Yes, remove this synonym" in confirm.content.decode()
    assert cms.post(url, {}).status_code == 200 and TagSynonym.objects.exists()  # not confirmed: asks again
    done = cms.post(url, {"confirmed": "1", "reason": "A library here."})
    assert (done.status_code, done["Location"]) == (302, INDEX)
    assert not TagSynonym.objects.exists()
    assert AuditEntry.objects.get(action="remove_tag_synonym").reason == "A library here."
    assert cms.get(url).status_code == 404


def test_nobody_but_moderators_sees_or_uses_the_section(client, client_for, make_member, alice, moderator, tags):
    row = moderation.add_tag_synonym(moderator, "js", "javascript")
    editor = make_member("editor")
    editor.is_staff = True
    editor.save()
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    as_editor = client_for(editor)
    assert INDEX not in as_editor.get(reverse("wagtailadmin_home")).content.decode()  # no menu entry
    assert INDEX in client_for(moderator).get(reverse("wagtailadmin_home")).content.decode()
    for c in (as_editor, client_for(alice), client):
        assert c.get(INDEX).status_code in (302, 403)
        assert c.post(INDEX, {"synonym": "ecmascript", "tag": "javascript"}).status_code in (302, 403)
        assert c.post(f"/cms/tag-synonyms/{row.pk}/remove/", {"confirmed": "1"}).status_code in (302, 403)
    assert list(TagSynonym.objects.values_list("synonym", flat=True)) == ["js"]


def test_the_list_runs_a_constant_number_of_queries(cms, moderator, make_thread, alice, make_member):
    make_thread(alice, title="How do I debounce an input handler?", tags=("javascript",))

    def queries() -> int:
        cms.get(INDEX)
        with CaptureQueriesContext(connection) as captured:
            assert cms.get(INDEX).status_code == 200
        return len(captured)

    moderation.add_tag_synonym(moderator, "js", "javascript")
    one = queries()
    for i in range(8):
        other = make_member(f"othermod{i}", staff=True)
        moderation.add_tag_synonym(other, f"js{i}", "javascript")
    assert queries() == one
