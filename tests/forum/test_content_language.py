"""Each thread knows its language: detected when posted or edited, correctable by its author."""

from pathlib import Path

import pytest
from django.test import Client

from community.forum import actions
from community.forum.content_language import detect
from community.models import Thread

LABELLED = Path(__file__).resolve().parents[1] / "data" / "languages.tsv"


def _labelled():
    for line in LABELLED.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            language, text = line.split("\t", 1)
            yield language, text


def test_the_detector_labels_our_own_posts():
    posts = list(_labelled())
    wrong = [(language, text) for language, text in posts if detect(text, fallback="xx") != language]
    assert len(posts) >= 50
    assert not wrong, wrong


def test_too_short_to_tell_takes_the_authors_language(settings):
    assert detect("ok", fallback="fr") == "fr"
    assert detect("IPA vs APA", fallback="fr") == "fr"
    assert detect("IPA vs APA") == settings.LANGUAGE_CODE


def test_a_french_question_is_stored_as_french(make_thread, alice):
    thread = make_thread(
        alice,
        title="Comment synchroniser mes notes hors ligne ?",
        body="Je voyage beaucoup et j’ai besoin de mes notes sans connexion. Qu’est-ce qui marche ?",
    )
    assert thread.language == "fr"
    assert make_thread(alice, title="How do I sync notes offline on a plane?").language == "en"


def test_the_asker_can_say_which_language(client_for, alice):
    response = client_for(alice).post(
        "/ask/",
        {
            "kind": "question",
            "title": "Sync stops on the train every morning",
            "body": "Since the last update the sync stops when the train enters a tunnel.",
            "tags": "sync",
            "language": "fr",  # a French speaker practising their English: their call
        },
    )
    assert response.status_code == 302
    assert Thread.objects.get().language == "fr"


def test_the_author_corrects_the_language_and_an_edit_can_detect_it_again(client_for, alice, make_thread):
    thread = make_thread(alice, title="Export to PDF loses images", body="Exporting drops every image I pasted.")
    assert thread.language == "en"
    edit = {"title": thread.title, "body": thread.body_md, "tags": "sync", "language": "fr"}
    assert client_for(alice).post(f"/t/{thread.pk}/edit", edit).status_code == 302
    thread.refresh_from_db()
    assert thread.language == "fr"
    page = client_for(alice).get(f"/t/{thread.pk}/edit").content.decode()
    assert '<option value="fr" selected>' in page
    rewritten = {
        "title": "L’export en PDF perd les images",
        "body": "Quand j’exporte une note en PDF, toutes les images collées disparaissent.",
        "tags": "sync",
        "language": "",  # "Detect it from the text"
    }
    client_for(alice).post(f"/t/{thread.pk}/edit", rewritten)
    thread.refresh_from_db()
    assert thread.language == "fr"
    rewritten.update(title="Export to PDF loses pasted images", body="Every image I paste disappears in the PDF.")
    client_for(alice).post(f"/t/{thread.pk}/edit", rewritten)
    thread.refresh_from_db()
    assert thread.language == "en"


def test_a_language_the_site_does_not_speak_is_refused(client_for, alice):
    response = client_for(alice).post(
        "/ask/",
        {"kind": "question", "title": "Sync question here", "body": "Body text.", "tags": "sync", "language": "de"},
    )
    assert response.status_code == 400
    assert not Thread.objects.exists()


def test_a_suggested_edit_keeps_the_language(make_thread, alice, moderator):
    thread = make_thread(alice, title="Export to PDF loses images", body="Exporting drops every image I pasted.")
    Thread.objects.filter(pk=thread.pk).update(language="fr")
    actions.edit_thread(
        moderator, thread, title=thread.title, body="Exporting drops every single image I pasted.", tags=["sync"]
    )
    thread.refresh_from_db()
    assert thread.language == "fr"


@pytest.mark.parametrize("path", ["/threads/", "/tags/sync/"])
def test_lists_limited_to_my_languages(
    client_for, make_member, make_thread, alice, path, django_capture_on_commit_callbacks
):
    make_thread(alice, title="Comment synchroniser mes notes hors ligne ?", body="Je voyage beaucoup, que faire ?")
    make_thread(alice, title="How do I sync my notes offline?", body="I travel a lot: what works?")
    reader = make_member("claire", language="fr")
    everything = client_for(reader).get(path).content.decode()
    assert "Comment synchroniser" in everything and "How do I sync" in everything
    mine = client_for(reader).get(path, {"lang": "mine"}).content.decode()
    assert "Comment synchroniser" in mine and "How do I sync" not in mine
    # A visitor's languages are the page's: here English, from their browser.
    anonymous = Client().get(path, {"lang": "mine"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "How do I sync" in anonymous and "Comment synchroniser" not in anonymous
    # Ticking both languages in the settings lists both.
    with django_capture_on_commit_callbacks(execute=True):  # the member's cached row goes on commit
        reader.reads_languages = ["en", "fr"]
        reader.save()
    both = client_for(reader).get(path, {"lang": "mine"}).content.decode()
    assert "Comment synchroniser" in both and "How do I sync" in both


def test_pages_mark_the_threads_language(client, make_thread, make_answer, alice, bob):
    thread = make_thread(
        alice,
        title="Comment synchroniser mes notes hors ligne ?",
        body="Je voyage beaucoup et j’ai besoin de mes notes sans connexion.",
    )
    make_answer(bob, thread, body="Activez le mode hors ligne dans les paramètres de synchronisation.")
    page = client.get(thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in page  # the interface's language …
    assert '<h1 lang="fr">' in page  # … and the thread's, for screen readers and browsers
    assert page.count('class="prose" lang="fr"') == 2
    listing = client.get("/threads/").content.decode()
    assert f'href="{thread.get_absolute_url()}" lang="fr"' in listing


def test_revision_summaries_the_site_wrote_are_in_the_readers_language(client, make_thread, alice):
    thread = make_thread(alice)
    actions.edit_thread(
        alice, thread, title=thread.title, body="Offline mode keeps a copy.", tags=["sync"], summary="Fixed a typo"
    )
    page = client.get(f"/thread/{thread.pk}/revisions", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "— Publication" in page  # "Posted", written by the site
    assert "— Fixed a typo" in page  # the member's own words
