"""The site's icon: named by every page, and where browsers look for it unasked (/favicon.ico)."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_pages_name_the_icon_and_favicon_ico_leads_to_it(client):
    page = client.get("/threads/").content.decode()
    assert '<link rel="icon" href="/static/guildhall/favicon.svg" type="image/svg+xml">' in page
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/guildhall/favicon.svg"
    icon = finders.find("guildhall/favicon.svg")
    assert icon and open(icon, encoding="utf-8").read().startswith("<svg")
