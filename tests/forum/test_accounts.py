"""Accounts through django-allauth: sign-up, verification, log in by e-mail, reset, change e-mail, profile."""

import re
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import override_settings

from community.models import Member
from config.env import social_providers

PASSWORD = "a long and unusual passphrase 42"


def _link(message) -> str:
    match = re.search(r"http://testserver(/accounts/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def _signup(client, email="new@example.com", username="newbie"):
    return client.post(
        "/accounts/signup/", {"email": email, "username": username, "password1": PASSWORD, "password2": PASSWORD}
    )


@pytest.mark.django_db
def test_sign_up_with_email_and_password_creates_a_member_and_sends_verification(client):
    response = _signup(client)
    assert response.status_code == 302
    member = Member.objects.get(username="newbie")
    assert member.email == "new@example.com"
    assert member.check_password(PASSWORD)
    assert EmailAddress.objects.get(user=member).verified is False
    assert len(mail.outbox) == 1 and "confirm" in mail.outbox[0].body.lower()


@pytest.mark.django_db
@override_settings(ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_mandatory_verification_blocks_login_until_the_link_is_followed(client):
    _signup(client)
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/login/", {"login": "new@example.com", "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 302 and "confirm-email" in response["Location"]

    confirm_url = _link(mail.outbox[-1])
    client.post(confirm_url)
    assert EmailAddress.objects.get(email="new@example.com").verified
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"login": "new@example.com", "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(Member.objects.get(username="newbie").pk)


def test_verification_is_mandatory_when_debug_is_off():
    code = "import config.settings as s; print(s.DEBUG, s.ACCOUNT_EMAIL_VERIFICATION)"
    env = {"DJANGO_SECRET_KEY": "x" * 50, "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "mandatory"]
    env["DJANGO_DEBUG"] = "1"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "optional"]


@pytest.mark.django_db
def test_log_in_by_email_and_log_out(client, alice):
    response = client.post(
        "/accounts/login/", {"login": "alice@example.com", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_message(client, alice):
    response = client.post("/accounts/login/", {"login": "alice@example.com", "password": "nope"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_by_email(client, alice):
    client.post("/accounts/password/reset/", {"email": "alice@example.com"})
    assert len(mail.outbox) == 1
    response = client.get(_link(mail.outbox[0]), follow=True)
    set_url = response.redirect_chain[-1][0] if response.redirect_chain else _link(mail.outbox[0])
    response = client.post(set_url, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


@pytest.mark.django_db
def test_change_email_takes_effect_after_verification(client, alice):
    client.force_login(alice)
    response = client.post("/accounts/email/", {"email": "alice.new@example.com", "action_add": ""})
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="alice.new@example.com").verified is False
    client.post(_link(mail.outbox[-1]))
    alice.refresh_from_db()
    assert alice.email == "alice.new@example.com"
    assert not EmailAddress.objects.filter(email="alice@example.com").exists()


@pytest.mark.django_db
def test_profile_edit_shows_display_name_bio_and_initials_avatar(client, bob):
    client.force_login(bob)
    response = client.post("/settings/profile/", {"display_name": "Bob Marley", "bio": "Sync nerd."})
    assert response.status_code == 302
    page = client.get("/members/bob/").content.decode()
    assert "Bob Marley" in page and "Sync nerd." in page
    assert ">BM</span>" in page


@pytest.mark.django_db
def test_profile_bio_too_long_is_a_form_error(client, bob):
    client.force_login(bob)
    response = client.post("/settings/profile/", {"display_name": "B", "bio": "x" * 300})
    assert response.status_code == 400
    bob.refresh_from_db()
    assert bob.bio == ""


def test_social_providers_switch_on_by_settings_alone():
    assert social_providers({}) == ([], {})
    apps, config = social_providers({"GITHUB_CLIENT_ID": "id", "GITHUB_CLIENT_SECRET": "s"})
    assert apps == ["allauth.socialaccount.providers.github"]
    assert config["github"]["APP"] == {"client_id": "id", "secret": "s", "key": ""}
    apps, _ = social_providers({"GOOGLE_CLIENT_ID": "id", "GOOGLE_CLIENT_SECRET": "s", "GITHUB_CLIENT_ID": "only-id"})
    assert apps == ["allauth.socialaccount.providers.google"]


def test_configured_provider_appears_on_the_login_page():
    code = (
        "import django, os; django.setup();"
        "from django.test import Client; from django.test.utils import setup_test_environment;"
        "setup_test_environment();"
        "print('github' in Client().get('/accounts/login/').content.decode().lower())"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GITHUB_CLIENT_ID": "abc",
        "GITHUB_CLIENT_SECRET": "def",
        "GUILDHALL_VAR_DIR": "/tmp/guildhall-social-test",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.core.management import call_command; django.setup();"
            "call_command('migrate', verbosity=0);" + code.split("django.setup();", 1)[1],
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.strip().endswith("True"), result.stderr[-2000:]


def _field_block(html: str, name: str) -> str:
    """The sign-up form's block of one field: its box, its errors and its help, up to the next field."""
    match = re.search(
        rf'<div class="auth-field[^"]*">\s*<p><label for="id_{name}">.*?</div>\s*(?=<div class="auth-field|<button)',
        html,
        re.S,
    )
    assert match, html
    return match.group(0)


@pytest.mark.django_db
def test_sign_up_errors_sit_under_their_own_field(client, alice):
    html = client.post(
        "/accounts/signup/",
        {"email": "someone@example.com", "username": "alice", "password1": "short", "password2": "other"},
    ).content.decode()
    username, password1, password2 = (_field_block(html, n) for n in ("username", "password1", "password2"))
    assert "already exists" in username and 'aria-describedby="id_username_helptext id_username_error"' in username
    assert "too short" in password1 and "already exists" not in password1 and "same password" not in password1
    # The mismatch is reported even though the first password broke the rules (allauth stayed silent then).
    assert (
        '<ul class="errorlist" id="id_password2_error"><li>You must type the same password each time.</li></ul>'
        in password2
    )
    assert 'aria-invalid="true"' in password2
    # Errors come after their field's box, not before it (Django's as_p puts them above the field).
    assert password1.index('id="id_password1"') < password1.index("too short")
    assert not Member.objects.filter(email="someone@example.com").exists()


@pytest.mark.django_db
def test_a_password_mismatch_alone_is_reported_under_the_second_password(client):
    html = client.post(
        "/accounts/signup/",
        {"email": "new@example.com", "username": "newbie", "password1": PASSWORD, "password2": PASSWORD + "!"},
    ).content.decode()
    assert "same password each time" in _field_block(html, "password2")
    assert "errorlist" not in _field_block(html, "password1") and "errorlist" not in _field_block(html, "email")


@pytest.mark.django_db
def test_errors_of_the_whole_form_open_it_as_an_alert(client, alice):
    html = client.post("/accounts/login/", {"login": "alice@example.com", "password": "wrong"}).content.decode()
    alert = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', html, re.S)
    assert alert and "not correct" in alert.group(1)
    assert html.index('class="form-errors"') < html.index('id="id_login"')


@pytest.mark.django_db
def test_sign_up_errors_in_french(client):
    html = client.post(
        "/accounts/signup/",
        {"email": "nouveau@example.com", "username": "nouveau", "password1": "court", "password2": "autre"},
        HTTP_ACCEPT_LANGUAGE="fr",
    ).content.decode()
    assert "Vous devez saisir deux fois le même mot de passe." in _field_block(html, "password2")
    assert "trop court" in _field_block(html, "password1")
