"""One form per kind of thread, each with its own guidance; old links and posts to /ask/ keep working."""

import pytest
from django.urls import reverse

from community.models import Thread

pytestmark = pytest.mark.django_db

BODY = "I travel a lot and need my notes without a connection. What works?"


def test_the_chooser_offers_three_kinds_each_saying_what_it_is_for(client_for, alice):
    html = client_for(alice).get("/ask/").content.decode()
    assert 'href="/ask/question/"' in html and 'href="/ask/tip/"' in html and 'href="/ask/idea/"' in html
    assert "the community helps you find an answer" in html
    assert "members vote and the team replies" in html


@pytest.mark.parametrize(
    ("path", "guidance", "placeholder"),
    [
        ("/ask/question/", "How to ask a good question", "e.g. Why do my notes not sync offline on Android 14?"),
        ("/ask/tip/", "Share what you learned", "e.g. Export every notebook at once"),
        ("/ask/idea/", "Suggest an improvement", "e.g. Let me pin notes to the top of a notebook"),
    ],
)
def test_each_kind_has_its_own_guidance_and_placeholders(client_for, alice, path, guidance, placeholder):
    html = client_for(alice).get(path).content.decode()
    assert guidance in html and placeholder in html
    assert 'name="kind"' not in html  # the page is the kind


@pytest.mark.parametrize("kind", ["question", "tip", "idea"])
def test_each_form_creates_its_kind(client_for, alice, kind):
    response = client_for(alice).post(
        f"/ask/{kind}/", {"title": f"A {kind} about offline sync", "body": BODY, "tags": "sync", "kind": "question"}
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert thread.kind == kind  # from the page, whatever the request says


def test_old_links_show_the_kind_form(client_for, alice):
    html = client_for(alice).get("/ask/?kind=tip").content.decode()
    assert "Share what you learned" in html


def test_a_post_to_ask_naming_a_kind_still_posts(client_for, alice):
    response = client_for(alice).post(
        "/ask/", {"kind": "idea", "title": "Pin notes to the top", "body": BODY, "tags": "ux"}
    )
    assert response.status_code == 302 and Thread.objects.get().kind == "idea"


def test_a_post_to_ask_with_a_wrong_kind_is_a_400_and_saves_nothing(client_for, alice):
    response = client_for(alice).post("/ask/", {"kind": "poem", "title": "Roses are red", "body": BODY, "tags": "ux"})
    assert response.status_code == 400 and not Thread.objects.exists()


def test_a_wrong_form_keeps_what_was_typed_with_a_message(client_for, alice):
    response = client_for(alice).post("/ask/tip/", {"title": "Short", "body": BODY, "tags": "sync"})
    assert response.status_code == 400 and BODY in response.content.decode()
    assert not Thread.objects.exists()


def test_the_header_and_the_ideas_board_lead_to_the_right_form(client_for, alice):
    c = client_for(alice)
    assert 'href="/ask/question/"' in c.get(reverse("community:threads")).content.decode()
    assert 'href="/ask/idea/"' in c.get("/ideas/").content.decode()


def test_the_question_form_keeps_the_similar_questions_hint(client_for, alice):
    html = client_for(alice).get("/ask/question/").content.decode()
    assert 'data-similar-url="/search/similar/"' in html and "guildhall/search.js" in html


def test_without_javascript_markdown_help_and_plain_controls_are_there(client_for, alice):
    html = client_for(alice).get("/ask/question/").content.decode()
    assert "Markdown is supported" in html
    assert 'type="file"' in html and "Upload image" in html and "Save draft" in html
    assert 'enctype="multipart/form-data"' in html and "guildhall/composer.js" in html


def test_visitors_are_sent_to_log_in(client):
    assert client.get("/ask/question/").status_code == 302
