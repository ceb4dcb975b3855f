"""A French member and an English member on the same thread, in a real browser: each reads the site, and their
e-mail, in their own language (docs/i18n.md)."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from community.models import Member, Thread

PASSWORD = "une phrase de passe assez longue 42"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _reader(browser, language: str):
    """A browser whose user speaks ``language`` (its Accept-Language)."""
    context = browser.new_context(locale=language, viewport={"width": 1280, "height": 900})
    return context.new_page()


def _sign_up(page, base, email, username):
    page.goto(f"{base}/accounts/signup/")
    page.fill("input[name=email]", email)
    page.fill("input[name=username]", username)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_a_french_asker_and_an_english_helper_each_in_their_language(live_server, browser):
    base = live_server.url

    # Claire's browser speaks French: she signs up in French and asks in French.
    claire = _reader(browser, "fr-FR")
    claire.goto(f"{base}/accounts/signup/")
    assert claire.locator("html").get_attribute("lang") == "fr"
    assert "Sign" not in claire.locator("main button[type=submit]").inner_text()  # allauth's own French
    _sign_up(claire, base, "claire@example.com", "claire")
    assert Member.objects.get(username="claire").language == "fr"  # the language she signed up in
    # allauth's confirmation e-mail came in French; she confirms her address (we only e-mail confirmed ones).
    (welcome,) = [m for m in mail.outbox if m.to == ["claire@example.com"]]
    assert "Please" not in welcome.subject and "adresse" in welcome.body.lower(), (welcome.subject, welcome.body)
    EmailAddress.objects.filter(email="claire@example.com").update(verified=True)
    claire.click("header a:has-text('Poser')")
    expect(claire.locator("h1")).to_have_text("Poser une question")  # the header goes to the question form
    claire.wait_for_load_state("networkidle")  # the composer's scripts (draft look-up, tag box) are set up
    claire.fill("input[name=title]", "Comment exporter toutes mes notes d’un coup ?")
    claire.fill("textarea[name=body]", "Je voudrais une **sauvegarde complète** de tous mes carnets. Est-ce possible ?")
    claire.fill("input[name=tags]", "export sauvegarde")
    claire.click("main button:has-text('Publier')")
    claire.wait_for_selector("h1:has-text('Comment exporter toutes mes notes')")
    question_url = claire.url
    thread = Thread.objects.get()
    assert thread.language == "fr"
    assert claire.locator("h1").get_attribute("lang") == "fr"

    # Sam's browser speaks English and he says so in his settings: the same URLs, in English.
    sam = _reader(browser, "en-GB")
    _sign_up(sam, base, "sam@example.com", "sam")
    assert sam.locator("html").get_attribute("lang") == "en"
    Member.objects.filter(username="sam").update(language="en")
    EmailAddress.objects.filter(email="sam@example.com").update(verified=True)
    sam.goto(question_url)
    assert sam.locator("html").get_attribute("lang") == "en"
    assert sam.locator("h1").get_attribute("lang") == "fr"  # the thread is still French, and says so
    mail.outbox.clear()
    sam.fill("#id_body", "Use **File → Export → Everything**: it writes a zip of every notebook.")
    sam.click("button:has-text('Post your answer')")
    sam.wait_for_selector(".answer .prose:has-text('it writes a zip')")
    assert "1 answer" in sam.content()

    # Claire reads the answer in French, and was told by e-mail, in French, although Sam wrote in English.
    claire.goto(question_url)
    assert "1 réponse" in claire.content()
    claire.goto(f"{base}/inbox/")
    assert claire.locator("html").get_attribute("lang") == "fr"
    to_claire = [m for m in mail.outbox if m.to == ["claire@example.com"]]
    assert len(to_claire) == 1, [m.subject for m in mail.outbox]
    message = to_claire[0]
    assert "sam" in message.subject
    assert "a répondu" in message.subject + message.body, (message.subject, message.body)
    assert "answered" not in message.subject + message.body
    # And Sam's own e-mails stay English: Claire accepts, Sam is told in English.
    mail.outbox.clear()
    claire.goto(question_url)
    claire.click(".answer button:has-text('Accepter')")
    claire.wait_for_selector(".answer.is-accepted")
    to_sam = [m for m in mail.outbox if m.to == ["sam@example.com"]]
    assert len(to_sam) == 1 and "accepted" in (to_sam[0].subject + to_sam[0].body)
