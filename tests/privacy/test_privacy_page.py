"""The privacy page: created with the site, edited in the CMS, linked from the footer and the sign-up form."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from community.models import PrivacyPage


@pytest.mark.django_db
def test_a_fresh_install_has_a_privacy_page_linked_from_every_footer_and_the_sign_up_form():
    page = PrivacyPage.objects.live().get()
    assert page.url == "/privacy/"
    text = Client().get("/privacy/").content.decode()
    assert "Download your data" in text and "CC BY-SA 4.0" in text and "Delete your account" in text

    for url in ("/", "/threads/", "/tags/"):
        assert '<a href="/privacy/">Privacy</a>' in Client().get(url).content.decode(), url
    signup = Client().get("/accounts/signup/").content.decode()
    assert 'href="/privacy/">how we handle your data</a>' in signup


@pytest.mark.django_db
def test_editing_the_page_in_the_cms_changes_what_members_read_and_where_the_links_go(make_member):
    admin = make_member("editor", superuser=True)
    cms = Client()
    cms.force_login(admin)
    page = PrivacyPage.objects.get()
    data = nested_form_data(
        {
            "title": "Privacy notice",
            "slug": "privacy-notice",
            "intro": "Plain words about your data.",
            "body": streamfield([("paragraph", rich_text("<p>We keep only what the forum needs.</p>"))]),
            "action-publish": "publish",
        }
    )
    response = cms.post(f"/cms/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]

    text = Client().get("/privacy-notice/").content.decode()
    assert "We keep only what the forum needs." in text and "Plain words about your data." in text
    assert '<a href="/privacy-notice/">Privacy</a>' in Client().get("/threads/").content.decode()
    assert 'href="/privacy-notice/"' in Client().get("/accounts/signup/").content.decode()
