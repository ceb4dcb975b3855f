import pytest
from django.urls import reverse
from tests.search_support import backend, es_url, live, post_thread  # noqa
pytestmark = pytest.mark.django_db
def test_x(backend, post_thread, client):
    post_thread("Sync conflicts <b>explained</b>", "When two devices edit a note, the sync keeps both & asks <you>.")
    html = client.get(reverse("search:search"), {"q": "sync"}).content.decode()
    i = html.index("search-hit"); print(backend, html[i:i+1500])
