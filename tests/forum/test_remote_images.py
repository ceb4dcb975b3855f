"""No request leaves a reader's browser for another host (issue "Security hardening", point 6): images from other
sites are refused in new posts with a message, and drawn as links in older or imported ones."""

import pytest
from django.core.exceptions import ValidationError

from community.core.rendering import sanitize_html
from community.forum import actions
from community.forum.models import Thread

TRACKER = "https://tracker.example/pixel.png"


def test_a_post_embedding_an_image_from_another_site_is_refused_with_a_message(client, alice):
    client.force_login(alice)
    body = f"My grinder setup, see the picture: ![setup]({TRACKER})"
    response = client.post(
        "/ask/", {"kind": "question", "title": "Which grinder for espresso?", "body": body, "tags": "coffee"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Images from other sites cannot be shown here" in page and "[description](address)" in page
    assert f"![setup]({TRACKER})</textarea>" in page  # the member's text is kept
    assert not Thread.objects.exists()


@pytest.mark.parametrize("src", [TRACKER, "//tracker.example/p.gif", "http://plain.example/i.jpg"])
def test_answers_and_edits_are_refused_too(alice, bob, make_thread, src):
    thread = make_thread(alice)
    with pytest.raises(ValidationError, match="Images from other sites"):
        actions.post_answer(bob, thread, body=f"Here is how it looks: ![shot]({src})")
    with pytest.raises(ValidationError, match="Images from other sites"):
        actions.edit_thread(alice, thread, title=thread.title, body=f"Updated: ![shot]({src})", tags="sync")


def test_images_from_this_site_and_links_to_images_elsewhere_are_fine(alice, make_thread):
    thread = make_thread(alice, body=f"Ours: ![diagram](/media/diagram.png). Theirs: [the photo]({TRACKER}).")
    assert '<img src="/media/diagram.png" alt="diagram">' in thread.body_html
    assert f'<a href="{TRACKER}"' in thread.body_html


def test_imported_posts_show_remote_images_as_links():
    html = sanitize_html(f'<p>Before <img src="{TRACKER}" alt="a chart"> after <img src="/media/ok.png" alt="ok"></p>')
    assert "<img" in html and 'src="/media/ok.png"' in html
    assert f'<a href="{TRACKER}" rel="nofollow ugc noopener" class="remote-image">a chart</a>' in html
    assert f'src="{TRACKER}"' not in html


def test_an_edit_may_keep_the_remote_images_its_post_already_had(alice, make_thread):
    """Imported posts carry images from other hosts (drawn as links): editing their text must not be refused."""
    thread = make_thread(alice)
    Thread.objects.filter(pk=thread.pk).update(body_md=f"Imported, with ![a chart]({TRACKER}) inside.")
    thread.refresh_from_db()
    edited = actions.edit_thread(
        alice, thread, title=thread.title, body=f"Imported, with ![a chart]({TRACKER}) inside. Clarified.", tags="sync"
    )
    assert f'<a href="{TRACKER}" rel="nofollow ugc noopener" class="remote-image">a chart</a>' in edited.body_html
    with pytest.raises(ValidationError, match="Images from other sites"):
        actions.edit_thread(
            alice, edited, title=thread.title, body=edited.body_md + " ![new](https://other.example/x.png)", tags="sync"
        )
