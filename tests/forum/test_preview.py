"""The editors' "Preview": the Markdown being written, drawn by the server exactly as the post will be (the same
renderer and sanitiser), for members only, throttled, and nothing saved."""

import pytest

from community.forum.models import Thread

pytestmark = pytest.mark.django_db


def test_a_member_sees_their_markdown_drawn_as_the_post_will_be(client_for, alice):
    body = "Sync **works** offline.\n\n<script>alert(1)</script>\n\n- one\n- two"
    response = client_for(alice).post("/preview/", {"body": body}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    html = response.json()["html"]
    assert "<strong>works</strong>" in html and "<li>one</li>" in html
    assert "<script" not in html
    assert not Thread.objects.exists()


def test_a_visitor_is_told_to_log_in(client):
    response = client.post("/preview/", {"body": "**hello** there, visitor"})
    assert response.status_code == 403
    assert response.json() == {"error": "Log in to preview a post."}


def test_a_preview_is_asked_for_with_post_only(client_for, alice):
    assert client_for(alice).get("/preview/", {"body": "**hello**"}).status_code == 405


def test_previews_past_the_members_limit_get_a_429(client_for, alice, settings):
    settings.GUILDHALL = {**settings.GUILDHALL, "THROTTLES": {"preview": {"member": 2, "address": 10}}}
    as_alice = client_for(alice)
    for _ in range(2):
        assert as_alice.post("/preview/", {"body": "**hi** there"}).status_code == 200
    response = as_alice.post("/preview/", {"body": "**hi** there"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 429
    assert "at most 2 previews a minute" in response.json()["error"]


def test_the_post_editors_carry_the_preview(client_for, alice, bob, make_thread):
    as_alice = client_for(alice)
    ask = as_alice.get("/ask/question/").content.decode()
    assert 'data-preview-url="/preview/"' in ask and 'data-preview-label="Preview"' in ask
    thread = make_thread(alice, title="Where do offline notes live on disk?")
    assert 'data-preview-url="/preview/"' in client_for(bob).get(thread.get_absolute_url()).content.decode()
