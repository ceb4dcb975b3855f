"""Which language a reader gets: their saved preference, else the switcher's cookie, else Accept-Language, else
the site default; the same URLs in every language (docs/i18n.md)."""

import pytest
from django.conf import settings
from django.test import Client

from community.models import Member

COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a block's on-commit work (the events that refresh a member's cached row), as after a real commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _language(response) -> str:
    return response["Content-Language"]


@pytest.mark.django_db
def test_a_visitor_gets_their_browsers_language_else_the_site_default(client, settings):
    assert _language(client.get("/threads/")) == "en"
    assert _language(client.get("/threads/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9,en;q=0.5")) == "fr"
    assert _language(client.get("/threads/", HTTP_ACCEPT_LANGUAGE="de-DE,de")) == "en"  # not spoken: the default
    settings.LANGUAGE_CODE = "fr"
    assert _language(Client().get("/threads/", HTTP_ACCEPT_LANGUAGE="de-DE,de")) == "fr"


@pytest.mark.django_db
def test_the_same_url_is_cached_once_per_language():
    """Anonymous pages come from the page cache: a French render is never replayed to an English reader."""
    french = Client().get("/threads/", HTTP_ACCEPT_LANGUAGE="fr")
    english = Client().get("/threads/", HTTP_ACCEPT_LANGUAGE="en")
    again = Client().get("/threads/", HTTP_ACCEPT_LANGUAGE="fr")
    assert (_language(french), _language(english), _language(again)) == ("fr", "en", "fr")
    assert again.content == french.content != english.content
    assert 'lang="fr"' in again.content.decode()


@pytest.mark.django_db
def test_the_switchers_cookie_beats_the_browser():
    visitor = Client()
    response = visitor.post("/language/", {"language": "fr", "next": "/threads/?kind=tip"})
    assert response.status_code == 302 and response["Location"] == "/threads/?kind=tip"
    assert response.cookies[COOKIE].value == "fr"
    assert _language(visitor.get("/threads/", HTTP_ACCEPT_LANGUAGE="en")) == "fr"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [{"language": "de"}, {"language": ""}, {}, {"language": "fr\x01"}],
)
def test_the_switcher_refuses_a_language_the_site_does_not_speak(data):
    response = Client().post("/language/", data)
    assert response.status_code == 400
    assert COOKIE not in response.cookies


@pytest.mark.django_db
def test_the_footer_switcher_returns_to_the_page_it_was_on():
    response = Client().post("/language/", {"language": "fr"}, HTTP_REFERER="http://testserver/tags/?q=sync")
    assert response.status_code == 302 and response["Location"] == "http://testserver/tags/?q=sync"
    forged = Client().post("/language/", {"language": "fr"}, HTTP_REFERER="https://evil.example/")
    assert forged["Location"] == "/"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_the_switcher_never_sends_a_reader_off_site(target):
    response = Client().post("/language/", {"language": "fr", "next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_members_saved_language_beats_cookie_and_browser(client_for, make_member):
    claire = make_member("claire", language="fr")
    browser = client_for(claire)
    browser.cookies[COOKIE] = "en"
    assert _language(browser.get("/threads/", HTTP_ACCEPT_LANGUAGE="en")) == "fr"


def test_a_member_switching_in_the_footer_saves_it(make_member, committed):
    claire = make_member("claire")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(claire)
    # Without the token their pages carry, a forged switch changes nothing in their account.
    assert browser.post("/language/", {"language": "fr"}).status_code == 403
    claire.refresh_from_db()
    assert claire.language == ""
    page = browser.get("/threads/")
    token = page.cookies.get(settings.CSRF_COOKIE_NAME) or browser.cookies[settings.CSRF_COOKIE_NAME]
    with committed():
        response = browser.post(
            "/language/", {"language": "fr", "next": "/threads/", "csrfmiddlewaretoken": token.value}
        )
    assert response.status_code == 302
    claire.refresh_from_db()
    assert claire.language == "fr"
    assert _language(browser.get("/threads/", HTTP_ACCEPT_LANGUAGE="en")) == "fr"


def test_the_profile_settings_save_the_language_and_the_languages_read(client_for, make_member, committed):
    claire = make_member("claire")
    browser = client_for(claire)
    with committed():
        response = browser.post(
            "/settings/profile/",
            {"display_name": "Claire", "bio": "", "language": "fr", "reads_languages": ["fr", "en"]},
        )
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "fr"  # stays after signing out
    claire.refresh_from_db()
    assert (claire.language, claire.reads_languages) == ("fr", ["en", "fr"])
    assert _language(browser.get("/threads/")) == "fr"
    # Back to "Your browser's language": Accept-Language decides again (the cached member row went on commit).
    with committed():
        browser.post("/settings/profile/", {"display_name": "Claire", "bio": "", "language": ""})
    claire.refresh_from_db()
    assert claire.language == ""
    browser.cookies.pop(COOKIE, None)
    assert _language(browser.get("/threads/", HTTP_ACCEPT_LANGUAGE="en")) == "en"


def test_the_profile_refuses_a_language_the_site_does_not_speak(client_for, make_member):
    claire = make_member("claire")
    response = client_for(claire).post(
        "/settings/profile/", {"display_name": "Claire", "bio": "", "language": "de", "reads_languages": ["xx"]}
    )
    assert response.status_code == 400
    claire.refresh_from_db()
    assert (claire.language, claire.reads_languages) == ("", [])


@pytest.mark.django_db
def test_signing_up_in_french_saves_french():
    browser = Client(HTTP_ACCEPT_LANGUAGE="fr")
    response = browser.post(
        "/accounts/signup/",
        {
            "email": "claire@example.com",
            "username": "claire",
            "password1": "un mot de passe solide 42",
            "password2": "un mot de passe solide 42",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Member.objects.get(username="claire").language == "fr"
