"""Community posts in knowledge articles are rich text the CMS edits with Draftail, never raw HTML; their code
blocks stay code blocks, on promotion and in the migration of the articles written before."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.urls import reverse
from django.utils.text import slugify

from community.forum import actions
from community.knowledge import actions as knowledge_actions
from community.knowledge.models import KnowledgeIndexPage, KnowledgePage
from community.site.blocks import post_parts

pytestmark = pytest.mark.django_db

CODE_POST = (
    "Keep notebooks offline with **long-press**, then run:\n\n"
    "```python\nsync(offline=True)\nprint('done')\n```\n\n"
    "- works on [the app](https://example.com/app)\n- and on the web\n"
)


def test_a_posts_html_becomes_rich_text_between_its_code_blocks():
    html = (
        '<p>Run <strong>this</strong>:</p>\n<pre><code class="language-python">a = 1\nb = 2\n</code></pre>\n'
        '<ul><li><a href="https://example.com">a link</a></li></ul>'
    )
    assert post_parts(html) == [
        {"type": "text", "value": "<p>Run <strong>this</strong>:</p>"},
        {"type": "code", "value": {"language": "python", "code": "a = 1\nb = 2\n"}},
        {"type": "text", "value": '<ul><li><a href="https://example.com">a link</a></li></ul>'},
    ]


@pytest.fixture
def tip(alice, make_thread):
    return make_thread(alice, kind="tip", title="Offline notebooks, the quick way", body=CODE_POST)


def test_a_promoted_tip_is_rich_text_edited_with_draftail_and_shown_with_its_code(
    client_for, moderator, tip, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = knowledge_actions.promote_to_article(moderator, tip)
    page = KnowledgePage.objects.get(pk=page.pk)
    parts = [(part.block_type, part.value) for part in page.body[0].value["body"]]
    assert [kind for kind, _ in parts] == ["text", "code", "text"]
    assert parts[1][1]["code"] == "sync(offline=True)\nprint('done')\n" and parts[1][1]["language"] == "python"

    cms = client_for(moderator)
    edit = cms.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    # The post's words arrive in the rich-text editor as Draftail content (blocks and an entity map), not as
    # a textarea of HTML.
    assert "wagtail.widgets.DraftailRichTextArea" in edit
    assert "entityMap" in edit and "long-press" in edit
    assert "Edit it as HTML" not in edit and "&lt;strong&gt;long-press" not in edit

    with django_capture_on_commit_callbacks(execute=True):
        page.get_latest_revision().publish(user=moderator)
    html = client_for(moderator).get(KnowledgePage.objects.get(pk=page.pk).url).content.decode()
    assert "<strong>long-press</strong>" in html
    assert '<code class="language-python">sync(offline=True)\nprint(&#x27;done&#x27;)\n</code>' in html
    assert '<a href="https://example.com/app"' in html


def test_the_migration_turns_an_old_html_post_into_rich_text_and_code(alice, make_thread):
    from django.apps import apps

    migration = import_module("community.migrations.0028_moderation_polish")
    index = KnowledgeIndexPage.objects.get(locale__language_code="en")
    page = KnowledgePage(title="Written before", slug=slugify("Written before"), live=True)
    index.add_child(instance=page)
    old = [
        {
            "type": "post",
            "id": "b1",
            "value": {
                "heading": "The answer",
                "html": "<p>Hello <em>there</em></p><script>alert(1)</script><pre><code>x\n  y\n</code></pre>",
            },
        },
        {"type": "heading", "id": "b2", "value": "Kept as it was"},
    ]
    KnowledgePage.objects.filter(pk=page.pk).update(body=old)
    revision = page.save_revision()
    revision.content["body"] = __import__("json").dumps(old)
    revision.save(update_fields=["content"])

    migration.posts_in_rich_text(apps, None)

    page = KnowledgePage.objects.get(pk=page.pk)
    post = page.body[0].value
    assert post["heading"] == "The answer"
    assert [(p.block_type, p.value.source if p.block_type == "text" else dict(p.value)) for p in post["body"]] == [
        ("text", "<p>Hello <em>there</em></p>"),  # the script is gone
        ("code", {"language": "", "code": "x\n  y\n"}),  # whitespace kept
    ]
    assert page.body[1].value == "Kept as it was"
    draft = page.get_latest_revision_as_object()
    assert [p.block_type for p in draft.body[0].value["body"]] == ["text", "code"]


def test_members_still_read_promoted_answers(client_for, moderator, alice, bob, make_thread):
    """The site renders the new blocks for a question and its accepted answer (no error, both posts)."""
    question = make_thread(alice, title="Where are offline notebooks kept?")
    answer = actions.post_answer(bob, question, body="In the *local* folder, see `~/notes`.")
    actions.accept_answer(alice, answer)
    page = knowledge_actions.promote_to_article(moderator, answer)
    page.get_latest_revision().publish(user=moderator)
    html = client_for(moderator).get(KnowledgePage.objects.get(pk=page.pk).url).content.decode()
    assert "<em>local</em>" in html and "<code>~/notes</code>" in html
