"""Two-factor authentication and passkeys (issue "Security hardening", point 7): allauth.mfa with the site's
rules in community/core/two_factor.py.

A member with an authenticator gives a code at every log-in, from their usual browser too; recovery codes
stand in once each; passkeys enrol and sign in in a real Chromium (its virtual authenticator); with
``GUILDHALL["REQUIRE_MFA_FOR_STAFF"]`` a moderator without two-factor is sent to set it up first.
"""

from __future__ import annotations

import base64
import hmac
import json
import re
import struct
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail
from django.test import Client

from community.forum.accounts import DEVICE_COOKIE
from tests.site import test_browser

PASSWORD = "correct horse battery staple"
browser = test_browser.browser  # the suite's Chromium fixture


def totp_code(secret: str) -> str:
    """The current code of an authenticator app (RFC 6238, as the member's phone computes it), waiting for the
    next period when this one is about to end."""
    if 30 - time.time() % 30 < 3:
        time.sleep(3.5)
    digest = hmac.new(base64.b32decode(secret, casefold=True), struct.pack(">Q", int(time.time()) // 30), "sha1")
    raw = digest.digest()
    offset = raw[-1] & 0x0F
    return f"{(struct.unpack('>I', raw[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def with_totp(member) -> str:
    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    return secret


def _log_in(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _reauthenticate(client):
    assert client.post("/accounts/reauthenticate/", {"password": PASSWORD}).status_code == 302


@pytest.fixture
def require_for_staff(settings):
    settings.GUILDHALL = {**settings.GUILDHALL, "REQUIRE_MFA_FOR_STAFF": True}


# --- The second factor at log-in -------------------------------------------------------------------------------


def test_a_code_is_asked_at_every_log_in_even_from_the_usual_browser(alice):
    usual = Client()
    assert _log_in(usual, alice.email).status_code == 302
    usual.post("/accounts/logout/")
    assert DEVICE_COOKIE in usual.cookies
    secret = with_totp(alice)

    response = _log_in(usual, alice.email)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert not _signed_in(usual)
    page = usual.get(response["Location"])
    assert "Please enter an authenticator code" in page.content.decode()
    wrong = usual.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200 and "Incorrect code" in wrong.content.decode() and not _signed_in(usual)
    assert usual.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)}).status_code == 302
    assert _signed_in(usual)


def test_an_emailed_sign_in_code_is_not_a_second_factor(alice):
    with_totp(alice)
    stranger = Client()
    mail.outbox.clear()
    response = stranger.post("/accounts/login/code/", {"email": alice.email})
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[-1].body, re.MULTILINE).group(1)
    response = stranger.post(response["Location"], {"code": code})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert not _signed_in(stranger)


def test_a_recovery_code_signs_in_once(alice):
    with_totp(alice)
    code = RecoveryCodes.activate(alice).get_unused_codes()[0]
    first, second = Client(), Client()
    for client in (first, second):
        assert _log_in(client, alice.email)["Location"] == "/accounts/2fa/authenticate/"
    assert first.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302 and _signed_in(first)
    assert second.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 200
    assert not _signed_in(second)


def test_passkey_enrolment_page_gives_registration_options(client_for, alice):
    client = client_for(alice)
    _reauthenticate(client)
    page = client.get("/accounts/2fa/webauthn/add/").content.decode()
    data = json.loads(re.search(r'<script id="js_data" type="application/json">(.*?)</script>', page, re.S).group(1))
    options = data["creation_options"]["publicKey"]
    assert options["rp"] == {"id": "testserver", "name": "Guildhall"}
    assert options["challenge"] and options["user"]["name"] == alice.email
    assert 'src="/static/mfa/js/webauthn.js"' in page and "<script>" not in page  # no inline code (CSP)


def test_the_members_page_links_to_two_factor_settings(client_for, alice):
    page = client_for(alice).get(alice.get_absolute_url()).content.decode()
    assert 'href="/accounts/2fa/"' in page


# --- Moderators and staff can be required to use it --------------------------------------------------------------


def test_a_required_moderator_without_two_factor_is_sent_to_set_it_up(
    require_for_staff, client_for, moderator, alice, make_thread
):
    thread = make_thread(alice)
    mod = client_for(moderator)
    for path in ("/cms/", "/", thread.get_absolute_url()):
        response = mod.get(path)
        assert response.status_code == 302 and response["Location"] == "/accounts/2fa/", path
    page = mod.get("/accounts/2fa/").content.decode()
    assert "Moderators and staff must protect their account with two-factor authentication" in page
    # A moderator's act is refused too, and changes nothing.
    assert mod.post(f"/thread/{thread.pk}/delete").status_code == 302
    thread.refresh_from_db()
    assert not thread.is_deleted
    refused = mod.get("/cms/", HTTP_ACCEPT="application/json")
    assert refused.status_code == 403 and "two-factor" in refused.json()["error"]
    # The set-up pages and log-out stay open.
    assert mod.get("/accounts/2fa/totp/activate/")["Location"].startswith("/accounts/reauthenticate/")
    _reauthenticate(mod)
    assert mod.get("/accounts/2fa/totp/activate/").status_code == 200
    assert mod.post("/accounts/logout/").status_code == 302 and not _signed_in(mod)


def test_a_required_moderator_with_two_factor_works_and_keeps_it(require_for_staff, client_for, moderator):
    with_totp(moderator)
    mod = client_for(moderator)
    assert mod.get("/cms/").status_code == 200
    _reauthenticate(mod)
    refused = mod.post("/accounts/2fa/totp/deactivate/")
    assert "Moderators and staff must keep two-factor authentication on" in refused.content.decode()
    assert Authenticator.objects.filter(user=moderator, type=Authenticator.Type.TOTP).exists()


def test_ordinary_members_are_never_asked(require_for_staff, client_for, alice, make_thread):
    thread = make_thread(alice)
    member = client_for(alice)
    for path in ("/", "/threads/", thread.get_absolute_url(), alice.get_absolute_url()):
        assert member.get(path).status_code == 200, path


def test_without_the_setting_moderators_are_not_asked(settings, client_for, moderator):
    assert settings.GUILDHALL["REQUIRE_MFA_FOR_STAFF"] is False  # the embedded default
    assert client_for(moderator).get("/cms/").status_code == 200


# --- In a real browser ----------------------------------------------------------------------------------------


def _browser_log_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()


def _browser_log_out(page):
    page.click("header .account-menu > summary")  # the account menu holds "Log out"
    page.click("header form button:has-text('Log out')")
    page.wait_for_load_state()


def _confirm_password_if_asked(page):
    if page.locator("input[name=password]").count():
        page.fill("input[name=password]", PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_enrol_totp_log_out_log_in_with_a_code_then_with_a_recovery_code(live_server, browser, make_member):
    member = make_member("dana")
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    _browser_log_in(page, base, member.email)
    page.goto(f"{base}{member.get_absolute_url()}")
    page.click("main a:has-text('Two-factor authentication')")
    page.click("main a:has-text('Activate')")
    _confirm_password_if_asked(page)
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", totp_code(secret))
    page.click("main form button:has-text('Activate')")
    page.wait_for_selector("#recovery_codes")
    codes = page.input_value("#recovery_codes").split()
    assert len(codes) == 10 and Authenticator.objects.filter(user=member, type="totp").exists()
    _browser_log_out(page)

    _browser_log_in(page, base, member.email)
    assert page.url.endswith("/accounts/2fa/authenticate/") and page.locator("header .me").count() == 0
    page.fill("input[name=code]", totp_code(secret))
    page.click("main form button:has-text('Sign In')")
    page.wait_for_selector("header button:has-text('Log out')", state="attached")
    _browser_log_out(page)

    _browser_log_in(page, base, member.email)
    page.fill("input[name=code]", codes[0])
    page.click("main form button:has-text('Sign In')")
    page.wait_for_selector("header button:has-text('Log out')", state="attached")
    assert (
        codes[0] not in RecoveryCodes(Authenticator.objects.get(user=member, type="recovery_codes")).get_unused_codes()
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_enrol_a_passkey_and_sign_in_with_it(live_server, browser, make_member, settings):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # http://localhost, as in development
    member = make_member("erin")
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )

    _browser_log_in(page, base, member.email)
    page.goto(f"{base}/accounts/2fa/webauthn/add/")
    _confirm_password_if_asked(page)
    page.check("input[name=passwordless]")
    with page.expect_navigation():
        page.click("#mfa_webauthn_add")
    page.wait_for_load_state()
    key = Authenticator.objects.get(user=member, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().is_passwordless
    _browser_log_out(page)

    page.goto(f"{base}/accounts/login/")
    with page.expect_navigation():
        page.click("#passkey_login")
    page.wait_for_selector("header button:has-text('Log out')", state="attached")
    assert page.locator("header .me").count() == 1
