"""The welcome page: where a new member lands, what the community is for, the ladder and the first steps."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from wagtail.models import Site

from community.forum import actions as forum_actions
from community.models import CommunityBrand, Member, OnboardingProgress

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 42"


def _signup(client, email="new@example.com", username="newcomer"):
    return client.post(
        "/accounts/signup/", {"email": email, "username": username, "password1": PASSWORD, "password2": PASSWORD}
    )


@override_settings(ACCOUNT_EMAIL_VERIFICATION="optional")
def test_a_new_member_lands_on_the_welcome_page_after_signing_up(client):
    response = _signup(client)
    assert response.status_code == 302 and response["Location"] == "/welcome/"
    page = client.get("/welcome/").content.decode()
    assert "Welcome to the Guildhall community" in page
    assert "Your first steps" in page and "0 of 4 steps done" in page


@override_settings(ACCOUNT_EMAIL_VERIFICATION="optional")
def test_confirming_the_first_address_while_signed_in_leads_to_the_welcome_page(client):
    _signup(client)
    link = re.search(r"http://testserver(/accounts/\S+)", mail.outbox[-1].body).group(1)
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == "/welcome/"


@override_settings(ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_with_mandatory_verification_the_confirmation_link_signs_in_to_the_welcome_page(client):
    _signup(client)
    assert "_auth_user_id" not in client.session
    link = re.search(r"http://testserver(/accounts/\S+)", mail.outbox[-1].body).group(1)
    response = client.post(link)
    assert client.session["_auth_user_id"] == str(Member.objects.get(username="newcomer").pk)
    assert response.status_code == 302 and response["Location"] == "/welcome/"


def test_visitors_are_asked_to_log_in(client):
    response = client.get("/welcome/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_brand_and_product_come_from_the_site_settings(client_for, make_member, django_capture_on_commit_callbacks):
    member = make_member("newcomer", reputation=1)
    client = client_for(member)
    assert "This is where people who use Guildhall ask questions" in client.get("/welcome/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        brand = CommunityBrand.objects.create(site=Site.objects.get(is_default_site=True), brand_name="Lumen")
    page = client.get("/welcome/").content.decode()  # saving the setting made the cached brand stale
    assert "Welcome to the Lumen community" in page and "people who use Lumen ask" in page

    brand.product_name = "Lumen Notes"
    brand.purpose = "Questions about notes, sync and plugins."
    with django_capture_on_commit_callbacks(execute=True):
        brand.save()
    page = client.get("/welcome/").content.decode()
    assert "Welcome to the Lumen community" in page and "Questions about notes, sync and plugins." in page


def test_the_welcome_page_speaks_french(client_for, make_member):
    member = make_member("nouvelle", reputation=1, language="fr")
    page = client_for(member).get("/welcome/").content.decode()
    assert "Bienvenue dans la communauté Guildhall" in page
    assert "Vos premiers pas" in page


def test_the_ladder_shows_where_the_member_stands(client_for, make_member):
    page = client_for(make_member("middling", reputation=40)).get("/welcome/").content.decode()
    assert "You have 40 reputation: Contributor." in page
    ladder = page.split('class="welcome-ladder"', 1)[1].split("</ol>", 1)[0]
    assert re.search(r'class="is-earned">\s*<span class="rung-needed">15<', ladder)
    assert re.search(r'class="is-next">\s*<span class="rung-needed">50<', ladder)
    assert 'href="/privileges/"' in page


def test_each_step_is_read_from_the_members_own_rows(client_for, make_member, alice, make_thread, live):
    member = make_member("newcomer", reputation=20)
    client = client_for(member)

    def done(page):
        return set(re.findall(r'class="onboarding-step is-done" id="step-(\w+)"', page))

    assert done(client.get("/welcome/").content.decode()) == set()

    live(forum_actions.update_profile, member, display_name="New Comer", bio="I write notes on trains.")
    question = make_thread(alice)
    live(forum_actions.post_answer, member, question, body="Offline mode keeps a copy of every notebook.")
    live(forum_actions.vote, member, question, 1)
    page = client.get("/welcome/").content.decode()
    assert done(page) == {"profile", "post", "vote"}
    assert "3 of 4 steps done" in page
    # Badges beside the steps, earned ones marked as earned; the read step has none.
    assert "Autobiographer badge earned" in page and "Helper badge earned" in page and "Supporter badge earned" in page
    assert "earns the Curious badge" in page
    assert "step-read" in page and 'id="step-read"' in page
    read_step = page.split('id="step-read"', 1)[1].split("</li>", 1)[0]
    assert "badge-chip" not in read_step


def test_reading_the_suggested_answer_is_remembered(client_for, make_member, alice, bob, make_thread, make_answer):
    question = make_thread(alice)
    answer = make_answer(bob, question)
    forum_actions.accept_answer(alice, answer)
    member = make_member("newcomer", reputation=1)
    client = client_for(member)
    page = client.get("/welcome/").content.decode()
    assert f'action="/welcome/read/{answer.pk}"' in page and question.title in page

    response = client.post(f"/welcome/read/{answer.pk}")
    assert response.status_code == 302 and response["Location"] == answer.get_absolute_url()
    assert OnboardingProgress.objects.get(member=member).read_answer_at is not None
    assert 'class="onboarding-step is-done" id="step-read"' in client.get("/welcome/").content.decode()


def test_the_suggested_answer_is_in_the_members_language(client_for, make_member, alice, bob, make_answer):
    english = forum_actions.create_thread(
        alice, kind="question", title="How do I sync offline?", body="I need my notes on the plane.", tags=["sync"]
    )
    french = forum_actions.create_thread(
        alice,
        kind="question",
        title="Comment synchroniser hors ligne ?",
        body="J’ai besoin de mes notes dans l’avion, sans connexion.",
        tags=["sync"],
    )
    for thread in (english, french):
        forum_actions.accept_answer(alice, make_answer(bob, thread))
    assert french.__class__.objects.get(pk=french.pk).language == "fr"
    page = client_for(make_member("nouvelle", reputation=1, language="fr")).get("/welcome/").content.decode()
    assert "Comment synchroniser hors ligne" in page and "How do I sync offline?" not in page


def test_reading_a_missing_answer_is_a_404_not_a_500(client_for, make_member):
    response = client_for(make_member("newcomer", reputation=1)).post("/welcome/read/999999")
    assert response.status_code == 404
    assert not OnboardingProgress.objects.exists()
