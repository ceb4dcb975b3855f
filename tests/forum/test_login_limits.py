"""Failed log-ins slow an attacker down but never lock a member out (issue "Security hardening", point 4):
community/forum/accounts.py."""

import re

import pytest
from django.core import mail
from django.test import Client

from community.forum.accounts import DEVICE_COOKIE

PASSWORD = "correct horse battery staple"


def _log_in(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _guess(email, times, client=None):
    client = client or Client()
    for _ in range(times):
        response = _log_in(client, email, "wrong guess")
    return client, response


@pytest.fixture
def usual_browser(alice):
    """Alice's own browser: she signed in there once, then out."""
    browser = Client()
    assert _log_in(browser, alice.email, PASSWORD).status_code == 302
    browser.post("/accounts/logout/")
    assert DEVICE_COOKIE in browser.cookies and not _signed_in(browser)
    return browser


def test_guesses_elsewhere_slow_the_guesser_but_not_the_members_own_browser(alice, usual_browser):
    attacker, response = _guess(alice.email, 6)
    assert "Too many failed log-ins for this account" in response.content.decode()
    # The guesser is held back even with the right password …
    assert _log_in(attacker, alice.email, PASSWORD).status_code == 200 and not _signed_in(attacker)
    # … while Alice, in the browser she uses, signs in.
    assert _log_in(usual_browser, alice.email, PASSWORD).status_code == 302 and _signed_in(usual_browser)


def test_a_member_held_back_elsewhere_signs_in_with_a_code_sent_by_email(alice):
    stranger, _ = _guess(alice.email, 6)  # a new laptop, after someone else's guesses
    mail.outbox.clear()
    response = stranger.post("/accounts/login/code/", {"email": alice.email})
    assert response.status_code == 302
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.MULTILINE).group(1)
    response = stranger.post(response["Location"], {"code": code})
    assert response.status_code == 302 and _signed_in(stranger)


def test_a_forged_usual_device_cookie_counts_for_nothing(alice):
    forger = Client()
    forger.cookies[DEVICE_COOKIE] = str(alice.pk)
    _, response = _guess(alice.email, 6, forger)
    assert "Too many failed log-ins" in response.content.decode()
    assert _log_in(forger, alice.email, PASSWORD).status_code == 200 and not _signed_in(forger)


def test_guesses_at_many_accounts_from_one_address_do_not_lock_out_a_member_in_their_own_browser(
    alice, usual_browser, make_member
):
    victims = [make_member(f"victim{i}") for i in range(5)]
    sprayer = Client()
    for victim in victims:
        _guess(victim.email, 4, sprayer)  # 20 failures a minute from this address: the per-address limit
    _, response = _guess("bob@example.com", 1, Client())
    assert "Too many failed log-ins" in response.content.decode()  # the test client has one address
    assert _log_in(usual_browser, alice.email, PASSWORD).status_code == 302
