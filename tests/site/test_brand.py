"""The brand's look, set in the CMS (Settings → Community brand): site name, logo, colours and icon on every page
and in e-mails, colours that stay readable, and no query for any of it once the brand is in the cache."""

import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site

from community.models import CommunityBrand
from community.site import colours

pytestmark = pytest.mark.django_db


def _image(title: str, colour: str):
    buffer = io.BytesIO()
    PILImage.new("RGB", (96, 96), colour).save(buffer, "PNG")
    from django.core.files.images import ImageFile

    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=f"{title}.png"))


@pytest.fixture
def site():
    return Site.objects.get(is_default_site=True)


def _settings_url(site) -> str:
    return f"/cms/settings/community/communitybrand/{site.pk}/"


def _form(**values) -> dict:
    data = {"site_name": "", "brand_name": "Guildhall", "product_name": "", "purpose": "", "logo": "", "favicon": ""}
    data.update({"primary_colour": "", "accent_colour": ""})
    data.update(values)
    return data


def test_the_team_names_and_colours_the_site_in_the_cms_and_every_page_shows_it(
    client, client_for, make_member, site, django_capture_on_commit_callbacks
):
    admin = client_for(make_member("boss", superuser=True))
    logo, icon = _image("lumen-logo", "#f2a900"), _image("lumen-icon", "#2451b7")
    page = client.get("/threads/").content.decode()
    assert "<title>" in page and "· Guildhall</title>" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            _settings_url(site),
            _form(
                site_name="Lumen Community", brand_name="Lumen", logo=logo.pk, favicon=icon.pk,
                primary_colour="#0B5E55", accent_colour="#f2a900",
            ),
        )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = CommunityBrand.objects.get(site=site)
    assert saved.primary_colour == "#0b5e55"  # written as the stylesheet will use it

    page = client.get("/threads/").content.decode()  # saving the setting made the cached pages stale
    header = page.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert 'class="brand-name">Lumen Community<' in header
    assert 'class="brand-logo" src="' in header and "lumen-logo" in header
    assert "· Lumen Community</title>" in page
    assert '<link rel="icon" href="' in page and "lumen-icon" in page and "favicon.svg" not in page

    stylesheet_url = page.split('<link rel="stylesheet" href="/brand.css', 1)[1].split('"', 1)[0]
    css = client.get(f"/brand.css{stylesheet_url}".replace("&amp;", "&"))
    assert css["Content-Type"].startswith("text/css")
    text = css.content.decode()
    assert "--accent: #0b5e55;" in text and "--brand: #f2a900;" in text
    assert "--brand-ink: #1d2330;" in text  # ink reads better than white on a yellow
    dark = text.split("prefers-color-scheme: dark", 1)[1]
    dark_accent = dark.split("--accent: ", 1)[1].split(";", 1)[0]
    assert colours.contrast(dark_accent, colours.DARK_PAPER) >= 4.5  # links stay readable in the dark theme


def test_without_colours_no_stylesheet_and_the_initial_of_the_site_name(
    client, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        CommunityBrand.objects.create(site=site, brand_name="Lumen", site_name="Lumen Community")
    page = client.get("/").content.decode()
    assert "/brand.css" not in page
    assert 'class="brand-mark" aria-hidden="true">L<' in page and "favicon.svg" in page


@pytest.mark.parametrize(
    ("colour", "message"),
    [
        ("#ffd966", "too light to read as link text on a white page"),
        ("blue", "Write a colour as # and six hexadecimal digits"),
        ("#12345", "Write a colour as # and six hexadecimal digits"),
    ],
)
def test_an_unreadable_or_malformed_colour_is_refused_with_a_message(client_for, make_member, site, colour, message):
    admin = client_for(make_member("boss", superuser=True))
    response = admin.post(_settings_url(site), _form(brand_name="Lumen", primary_colour=colour))
    assert response.status_code == 200  # the form again, not a 500
    assert message in response.content.decode()
    assert not CommunityBrand.objects.filter(site=site, primary_colour=colour).exists()


def test_a_bad_accent_colour_is_refused_too(client_for, make_member, site):
    admin = client_for(make_member("boss", superuser=True))
    response = admin.post(_settings_url(site), _form(brand_name="Lumen", accent_colour="#gggggg"))
    assert response.status_code == 200 and "six hexadecimal digits" in response.content.decode()


def test_colours_keep_their_text_readable():
    assert colours.readable_on("#f2a900") == colours.INK
    assert colours.readable_on("#0b5e55") == colours.WHITE
    assert colours.contrast(colours.for_dark_pages("#0b5e55"), colours.DARK_PAPER) >= 4.5


def test_the_brand_costs_no_query_once_warm(client, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        CommunityBrand.objects.create(
            site=site, brand_name="Lumen", site_name="Lumen Community", primary_colour="#0b5e55",
            logo=_image("logo", "#123456"),
        )  # fmt: skip
    client.get("/tags/")  # warms the brand (and the renditions are made once, here)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/brand.css").content.decode()
    assert "--accent: #0b5e55;" in page and not queries.captured_queries


def test_notification_emails_are_signed_with_the_site_name(
    site, alice, bob, make_thread, live, django_capture_on_commit_callbacks
):
    from community.forum import actions

    with django_capture_on_commit_callbacks(execute=True):
        CommunityBrand.objects.create(site=site, brand_name="Lumen", site_name="Lumen Community")
    thread = make_thread(alice)
    mail.outbox.clear()
    live(actions.post_answer, bob, thread, body="Turn on offline mode in Settings → Sync; it keeps a local copy.")
    (message,) = mail.outbox
    assert "Lumen Community · " in message.body
    assert "Lumen Community" in message.alternatives[0][0]


def test_account_emails_are_signed_with_the_site_name_not_the_host(
    client, alice, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        CommunityBrand.objects.create(site=site, brand_name="Lumen", site_name="Lumen Community")
    mail.outbox.clear()
    client.post("/accounts/password/reset/", {"email": alice.email})
    (message,) = mail.outbox
    assert message.subject.startswith("[Lumen Community] ")
    assert "Hello from Lumen Community!" in message.body and "testserver!" not in message.body
