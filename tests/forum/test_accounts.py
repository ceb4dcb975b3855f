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
