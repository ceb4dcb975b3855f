"""Knowledge pages in two languages (docs/i18n.md, "Knowledge pages in two languages"): Wagtail's locales, one page
tree per language under the same URLs, the fallback to the default language with a note, the hubs per language,
the CMS's "Translate" action, and the caches that must never hand one language's page to the other."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from community.core import events
from community.demo.knowledge import ARTICLE, seed_knowledge
from community.forum import actions
from community.knowledge import actions as knowledge_actions
from community.knowledge import cache as knowledge_cache
from community.knowledge.models import KnowledgeIndexPage, KnowledgePage
from community.models import HomePage
from community.site.languages import NOTES
from config import page_cache
from config.page_cache import STATUS_HEADER
from rewards.models import LedgerEntry
from tests.site.test_csp import assert_strict, policy

pytestmark = pytest.mark.django_db

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9,en;q=0.5"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def locale(code: str) -> Locale:
    return Locale.objects.get(language_code=code)


def index_in(code: str) -> KnowledgeIndexPage:
    return KnowledgeIndexPage.objects.get(locale__language_code=code)


def article(title: str, *, tags=("sync",), body="Words of the article.", code="en", publish=True) -> KnowledgePage:
    page = KnowledgePage(title=title, slug=slugify(title), live=False, body=[("paragraph", f"<p>{body}</p>")])
    page.tags.add(*tags)
    index_in(code).add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def translate(page: KnowledgePage, title: str, body: str, *, publish=True) -> KnowledgePage:
    """What the CMS's "Translate" makes (a draft copy under the French index), then written and published."""
    copy = page.copy_for_translation(locale("fr"))
    copy.title = copy.draft_title = title
    copy.body = [("paragraph", f"<p>{body}</p>")]
    revision = copy.save_revision()
    if publish:
        revision.publish()
    return KnowledgePage.objects.get(pk=copy.pk)


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def offline():
    """An article in English and its French translation, at the same URL."""
    english = article("Working offline", body="Keep a notebook on the device.")
    french = translate(english, "Travailler hors ligne", "Gardez un carnet sur l’appareil.")
    return english, french


# --- the locales and the trees -------------------------------------------------------------------------------


def test_both_languages_have_a_live_home_and_knowledge_index_at_the_same_urls():
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en", "fr"}
    english_home = Site.objects.get(is_default_site=True).root_page.specific
    french_home = english_home.get_translation(locale("fr"))
    assert english_home.locale.language_code == "en" and french_home.live
    english, french = index_in("en"), index_in("fr")
    assert french.translation_key == english.translation_key and french.live
    assert french.get_parent().pk == french_home.pk
    assert english.url == french.url == "/knowledge/"
    assert french.get_workflow() is not None and french.get_workflow().name == "Moderators approval"
    assert not any(Page.find_problems())  # the tree is consistent


def test_a_translation_keeps_the_slug_and_so_the_url(offline):
    english, french = offline
    assert french.slug == english.slug and french.url == english.url == f"/knowledge/{english.slug}/"
    assert french.get_parent().pk == index_in("fr").pk and french.locale.language_code == "fr"


# --- articles --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["accept-language", "cookie"])
def test_a_french_reader_gets_the_french_article_at_the_english_url(client, offline, how):
    english, french = offline
    if how == "cookie":
        client.cookies["django_language"] = "fr"
        response = client.get(english.url)
    else:
        response = client.get(english.url, **FRENCH)
    page = html(response)
    assert "Travailler hors ligne" in page and "Gardez un carnet" in page
    assert "Working offline" not in page.split("<main")[1].split('class="article-translations"')[0]
    assert 'class="article-body prose" lang="fr"' in page
    assert "language-note" not in page
    assert response["Content-Language"] == "fr"
    # A way back to the English text, in English, that switches the reader's language.
    switch = page.split('class="article-translations"')[1].split("</div>")[0]
    assert 'name="language" value="en"' in switch and f'name="next" value="{english.url}"' in switch
    assert 'lang="en"' in switch and "Read in English" in switch
    assert "csrfmiddlewaretoken" not in page  # an anonymous page stays shareable by the page cache


def test_an_english_reader_gets_the_english_article(client, offline):
    english, _ = offline
    page = html(client.get(english.url, **ENGLISH))
    assert "Working offline" in page and "Travailler hors ligne" not in page.split('class="article-translations"')[0]
    assert 'class="article-body prose" lang="en"' in page and "language-note" not in page
    switch = page.split('class="article-translations"')[1].split("</div>")[0]
    assert 'name="language" value="fr"' in switch and 'lang="fr"' in switch


def test_the_switch_sets_the_language_and_comes_back_to_the_translation(client, offline):
    english, _ = offline
    response = client.post("/language/", {"language": "fr", "next": english.url})
    assert response.status_code == 302 and response["Location"] == english.url
    assert "Travailler hors ligne" in html(client.get(english.url))


def test_an_untranslated_article_is_served_in_english_with_a_note(client):
    english = article("Exporting to PDF", body="Choose File, then Export.")
    response = client.get(english.url, **FRENCH)
    page = html(response)
    assert "Exporting to PDF" in page and 'class="article-body prose" lang="en"' in page
    assert 'class="message language-note"' in page
    # The note is the one for an English page, drawn while French is the reader's language (the French catalogue
    # turns it into « Cet article n’existe pas encore en français : voici la version anglaise. »).
    assert response.context["language_note"] is NOTES["en"]
    assert response["Content-Language"] == "fr"
    assert str(NOTES["en"]) in page or "Cet article" in page
    assert "article-translations" not in page  # nothing else to read it in
    # An English reader gets no note.
    assert "language-note" not in html(client.get(english.url, **ENGLISH))


def test_a_draft_translation_is_not_served(client):
    english = article("Shortcuts worth learning", body="Ctrl+K opens the palette.")
    translate(english, "Raccourcis à connaître", "Ctrl+K ouvre la palette.", publish=False)
    page = html(client.get(english.url, **FRENCH))
    assert "Shortcuts worth learning" in page and "Raccourcis" not in page and "language-note" in page


def test_an_article_that_exists_only_in_french_is_served_to_english_readers(client):
    french = article("Astuces pour les gabarits", body="Les gabarits gagnent du temps.", code="fr")
    page = html(client.get(french.url, **ENGLISH))
    assert "Astuces pour les gabarits" in page and 'class="article-body prose" lang="fr"' in page
    assert "language-note" in page


def test_without_the_french_tree_french_readers_get_the_english_pages(client):
    english = article("Backups you can restore", body="Lumen keeps thirty days of history.")
    HomePage.objects.get(locale__language_code="fr").get_descendants().delete()
    HomePage.objects.filter(locale__language_code="fr").delete()
    Site.clear_site_root_paths_cache()
    page = html(client.get(english.url, **FRENCH))
    assert "Backups you can restore" in page and "language-note" in page
    assert "Backups you can restore" in html(client.get("/knowledge/", **FRENCH))
    assert "Backups you can restore" in html(client.get("/knowledge/topics/sync/", **FRENCH))
    assert client.get("/knowledge/no-such-article/", **FRENCH).status_code == 404


def test_unpublishing_a_translation_falls_back_to_english(client, offline):
    english, french = offline
    french.unpublish()
    page = html(client.get(english.url, **FRENCH))
    assert "Working offline" in page and "language-note" in page
    index_in("fr").unpublish()  # the French index too: the English one serves French readers
    assert "Working offline" in html(client.get("/knowledge/", **FRENCH))


def test_pages_that_exist_nowhere_are_still_404(client):
    for url in ("/knowledge/nothing-here/", "/nothing-here/", "/knowledge/topics/no-such-tag/"):
        assert client.get(url, **FRENCH).status_code == 404, url
        assert client.get(url, **ENGLISH).status_code == 404, url


# --- hubs --------------------------------------------------------------------------------------------------------


def test_hubs_list_each_article_once_in_the_readers_language(client, offline):
    article("Exporting to PDF", tags=("sync", "export"))
    article("Astuces pour les gabarits", tags=("sync",), code="fr")
    for url in ("/knowledge/", "/knowledge/topics/sync/"):
        french = html(client.get(url, **FRENCH))
        assert "Travailler hors ligne" in french and "Working offline" not in french, url
        assert "Exporting to PDF" in french and "Astuces pour les gabarits" in french, url
        # The English one is marked as such, for the eye and for screen readers.
        row = french.split("Exporting to PDF")[0].rsplit("<li", 1)[1]
        assert 'lang="en"' in row, url
        assert 'class="badge badge-language"' in french.split("Exporting to PDF")[1].split("</li>")[0], url
        assert french.count('class="badge badge-language"') == 1, url

        english = html(client.get(url, **ENGLISH))
        assert "Working offline" in english and "Travailler hors ligne" not in english, url
        assert "Exporting to PDF" in english and "Astuces pour les gabarits" in english, url
        assert english.count('class="badge badge-language"') == 1, url  # the French-only one


def test_the_index_counts_articles_once(client, offline):
    article("Exporting to PDF")
    assert index_in("fr").articles().count() == 2
    with translation.override("fr"):
        titles = sorted(index_in("fr").articles().values_list("title", flat=True))
    assert titles == ["Exporting to PDF", "Travailler hors ligne"]
    with translation.override("en"):
        titles = sorted(index_in("en").articles().values_list("title", flat=True))
    assert titles == ["Exporting to PDF", "Working offline"]


# --- caches ------------------------------------------------------------------------------------------------------


def test_the_page_cache_never_serves_one_language_to_the_other(client, offline, settings):
    english, _ = offline
    settings.PAGE_CACHE_SECONDS = 300
    page_cache.clock()  # a cold cache stores nothing on its first miss
    french = client.get(english.url, **FRENCH)
    assert french[STATUS_HEADER] == "miss" and "Travailler hors ligne" in html(french)
    assert client.get(english.url, **FRENCH)[STATUS_HEADER] == "hit"
    english_reader = client.get(english.url, **ENGLISH)
    assert english_reader[STATUS_HEADER] == "miss", "the French copy must not be replayed"
    assert "Working offline" in html(english_reader) and 'class="article-body prose" lang="en"' in html(english_reader)
    again = client.get(english.url, **ENGLISH)
    assert again[STATUS_HEADER] == "hit" and "Travailler hors ligne" not in html(again).split("article-translations")[0]
    for url in ("/knowledge/", "/knowledge/topics/sync/"):
        client.get(url, **FRENCH)
        client.get(url, **FRENCH)
        assert "Travailler hors ligne" not in html(client.get(url, **ENGLISH)), url


def test_ranked_lists_are_cached_per_language(monkeypatch):
    monkeypatch.setattr(knowledge_cache, "compute", lambda names: ([translation.get_language()], 60))
    knowledge_cache.bump(everything=True)
    with translation.override("fr"):
        assert knowledge_cache.ranked_threads(["sync"]) == ["fr"]
    with translation.override("en"):
        assert knowledge_cache.ranked_threads(["sync"]) == ["en"]
    with translation.override("fr"):
        assert knowledge_cache.ranked_threads(["sync"]) == ["fr"]


def test_the_thread_page_links_the_article_in_the_readers_language(client, moderator, alice):
    tip = actions.create_thread(
        alice,
        kind="tip",
        title="Pin a notebook to keep it offline",
        body="Long-press a notebook and choose Keep offline: it syncs before you lose the network.",
        tags=["sync"],
    )
    page = knowledge_actions.promote_to_article(moderator, tip)
    KnowledgePage.objects.get(pk=page.pk).get_latest_revision().publish(user=moderator)
    english = KnowledgePage.objects.get(pk=page.pk)
    translate(english, "Épingler un carnet pour le garder hors ligne", "Appuyez longuement sur le carnet.")
    page_cache.bump(page_cache.KNOWLEDGE)
    french = html(client.get(tip.get_absolute_url(), **FRENCH))
    assert "Épingler un carnet" in french and french.count(f'href="{english.url}"') == 1
    english_page = html(client.get(tip.get_absolute_url(), **ENGLISH))
    assert "Épingler un carnet" not in english_page and english_page.count(f'href="{english.url}"') == 1


# --- the CMS -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["moderator", "editor"])
def test_the_team_translates_an_article_in_the_cms(client_for, make_member, role):
    from django.contrib.auth.models import Group

    member = make_member("translator", staff=role == "moderator")
    if role == "editor":
        member.groups.add(Group.objects.get(name="Editors"))
    english = article("Working offline")
    team = client_for(member)
    url = f"/cms/translation/submit/page/{english.pk}/"
    form = team.get(url)
    assert form.status_code == 200
    assert_strict(policy(form), url)  # the CMS's Content-Security-Policy holds on Wagtail's own views
    assert f'value="{locale("fr").pk}"' in form.content.decode()
    response = team.post(url, {"locales": [locale("fr").pk]})
    assert response.status_code == 302
    copy = KnowledgePage.objects.get(translation_key=english.translation_key, locale__language_code="fr")
    assert not copy.live and copy.slug == english.slug and copy.get_parent().pk == index_in("fr").pk
    assert response["Location"] == f"/cms/pages/{copy.pk}/edit/"
    assert team.get(response["Location"]).status_code == 200  # the French draft opens in the editor
    assert sorted(copy.tags.names()) == ["sync"]


def test_the_translate_button_is_offered_in_the_cms(client_for, moderator):
    english = article("Working offline")
    page = client_for(moderator).get(f"/cms/pages/{english.pk}/edit/").content.decode()
    assert f"/cms/translation/submit/page/{english.pk}/" in page


def test_members_without_the_permission_cannot_translate(client_for, alice):
    english = article("Working offline")
    response = client_for(alice).post(f"/cms/translation/submit/page/{english.pk}/", {"locales": [locale("fr").pk]})
    assert response.status_code in (302, 403)
    assert not KnowledgePage.objects.filter(translation_key=english.translation_key, locale__language_code="fr")


# --- publication and promotion ----------------------------------------------------------------------------------


def test_publishing_a_translation_pays_the_credited_authors_nothing_more(
    moderator, alice, django_capture_on_commit_callbacks
):
    seen = []
    events.subscribe(events.KnowledgeArticlePublished, seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            tip = actions.create_thread(
                alice,
                kind="tip",
                title="Pin a notebook to keep it offline",
                body="Long-press a notebook and choose Keep offline: it syncs before you lose the network.",
                tags=["sync"],
            )
        with django_capture_on_commit_callbacks(execute=True):
            page = knowledge_actions.promote_to_article(moderator, tip)
        with django_capture_on_commit_callbacks(execute=True):
            KnowledgePage.objects.get(pk=page.pk).get_latest_revision().publish(user=moderator)
        paid = LedgerEntry.objects.filter(reason=LedgerEntry.Reason.ARTICLE_PUBLISHED)
        assert list(paid.values_list("member__username", flat=True)) == ["alice"] and len(seen) == 1
        with django_capture_on_commit_callbacks(execute=True):
            french = translate(KnowledgePage.objects.get(pk=page.pk), "Épingler un carnet", "Appuyez longuement.")
        assert french.live and set(french.credited_authors.all()) == {alice}  # credits are copied
        assert paid.count() == 1 and len(seen) == 1
    finally:
        events.unsubscribe(events.KnowledgeArticlePublished, seen.append)


def test_a_french_thread_is_promoted_into_the_french_knowledge_base(moderator, make_member):
    author = make_member("camille", language="fr")
    tip = actions.create_thread(
        author,
        kind="tip",
        title="Épingler un carnet pour le garder hors ligne",
        body="Appuyez longuement sur un carnet et choisissez « Garder hors ligne » : il se synchronise avant que "
        "vous ne perdiez le réseau. Pratique en avion ou dans le train.",
        tags=["sync"],
    )
    assert tip.language == "fr"
    page = knowledge_actions.promote_to_article(moderator, tip)
    assert page.get_parent().pk == index_in("fr").pk and page.locale.language_code == "fr"


def test_an_english_thread_is_promoted_into_the_english_knowledge_base(moderator, alice):
    tip = actions.create_thread(
        alice,
        kind="tip",
        title="Pin a notebook to keep it offline",
        body="Long-press a notebook and choose Keep offline: it syncs before you lose the network.",
        tags=["sync"],
    )
    page = knowledge_actions.promote_to_article(moderator, tip)
    assert page.get_parent().pk == index_in("en").pk


# --- the demo ------------------------------------------------------------------------------------------------------


def test_the_demo_article_is_published_in_both_languages_once(client):
    english = seed_knowledge()
    assert seed_knowledge().pk == english.pk  # again: nothing new
    pages = KnowledgePage.objects.filter(translation_key=english.translation_key)
    assert sorted(pages.values_list("locale__language_code", "live")) == [("en", True), ("fr", True)]
    assert pages.count() == 2
    french = html(client.get(english.url, **FRENCH))
    assert ARTICLE["fr"]["title"] in french and "hors ligne" in french
    assert ARTICLE["en"]["title"] in html(client.get(english.url, **ENGLISH))
