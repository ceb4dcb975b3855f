"""The production topology as a whole: two gunicorn web nodes and the task worker, on PostgreSQL, Redis and
Elasticsearch. What one process changes, the other serves on the very next request.

Each web node runs one sync worker, so a request to node A and the next one to node B are certainly handled
by two different processes (a load balancer in front of N nodes behaves the same). With the per-process
local-memory cache of the embedded default, every check below would see node B's stale copy.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from tests.production_site import Browser, ProductionSite
from tests.services import wait_for

pytestmark = pytest.mark.postgres

PASSWORD = "correct horse battery staple"

SEED = f"""
from django.contrib.auth.models import Group
from allauth.account.models import EmailAddress
from community.forum import actions
from community.models import Member
from rewards import api as rewards_api
from search import api as search_api

def member(username, reputation=1, **extra):
    m = Member.objects.create_user(username=username, email=username + "@example.com", password={PASSWORD!r}, **extra)
    EmailAddress.objects.create(user=m, email=m.email, verified=True, primary=True)
    if reputation > 1:
        rewards_api.adjust(m, reputation - 1, note="seed")
    return m

alice = member("alice", 200)
bob = member("bob", 200)
carol = member("carol", 200)
member("admin", is_staff=True, is_superuser=True)
thread = actions.create_thread(alice, kind="question", title="How long should a lager condition?",
                     body="My lager tastes green after two weeks. How long do you condition yours?", tags=["lagering"])
search_api.sync()
print("THREAD", thread.pk)
"""


def _seed(site: ProductionSite) -> int:
    out = site.shell(SEED, timeout=180)
    match = re.search(r"THREAD (\d+)", out)
    assert match, out
    return int(match.group(1))


class FormFields(HTMLParser):
    """The values a browser would submit for the first ``<form>`` containing ``field`` (inputs, checkboxes,
    selects, textareas)."""

    def __init__(self, field: str):
        super().__init__()
        self.field, self.forms, self.current, self._select, self._textarea = field, [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = {}
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self.current[a["name"]] = a.get("value", "on")
            elif a.get("type") not in ("submit", "button", "file"):
                self.current[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.current[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.current[self._textarea] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.current is not None:
            self.current[self._textarea] += data

    def values(self) -> dict:
        for form in self.forms:
            if self.field in form:
                return form
        raise AssertionError(f"no form with a {self.field!r} field")


@pytest.fixture(scope="module")
def site():
    # The webhook test's receiver listens on 127.0.0.1, which the SSRF guard refuses unless allowed.
    with ProductionSite.create("topology", GUILDHALL_WEBHOOKS_ALLOW_PRIVATE="1") as site:
        site.thread_id = _seed(site)
        site.a = site.web(workers=1)
        site.b = site.web(workers=1)
        site.task_worker()
        yield site


def _unread(html: str) -> int:
    match = re.search(r'class="unread-count">(\d+)', html)
    return int(match.group(1)) if match else 0


def test_an_unread_count_changed_by_one_node_is_what_the_other_serves(site):
    alice = Browser(site.b)
    alice.login("alice@example.com", PASSWORD)
    before = _unread(alice.get("/threads/").text)  # node B now caches alice's unread count

    bob = Browser(site.a)
    bob.login("bob@example.com", PASSWORD)
    response = bob.post(f"/t/{site.thread_id}/answer", {"body": "Four to six weeks near freezing; taste it weekly."})
    assert response.status_code == 200 and "Four to six weeks" in response.text

    assert _unread(alice.get("/threads/").text) == before + 1


def test_a_rule_edited_in_the_cms_on_one_node_is_what_the_other_serves(site):
    visitor = Browser(site.b)
    assert "You need" not in visitor.get("/privileges/").text
    page = visitor.get("/privileges/").text
    assert re.search(r'privilege-needed">125<', page), "the default vote-down threshold"

    admin = Browser(site.a)
    admin.login("admin@example.com", PASSWORD)
    listing = admin.get("/cms/rewards/rules/")
    assert listing.status_code == 200
    edit_url = re.search(r'href="(/cms/rewards/rules/edit/\d+/)"', listing.text).group(1)
    parser = FormFields("privilege_downvote")
    parser.feed(admin.get(edit_url).text)
    form = parser.values()
    form["privilege_downvote"] = "140"
    saved = admin.post(edit_url, form, allow_redirects=False)
    assert saved.status_code == 302, saved.text[:2000]

    assert re.search(r'privilege-needed">140<', visitor.get("/privileges/").text)


def test_a_knowledge_list_after_a_vote_on_one_node_is_what_the_other_serves(site):
    topic = "/knowledge/topics/lagering/"
    visitor = Browser(site.b)
    first = visitor.get(topic)
    assert first.status_code == 200 and "How long should a lager condition?" in first.text
    assert "<strong>0</strong> votes" in first.text  # node B caches the ranked list

    carol = Browser(site.a)
    carol.login("carol@example.com", PASSWORD)
    assert carol.post(f"/thread/{site.thread_id}/vote", {"value": "up"}).status_code == 200

    # The task worker (a third process) delivers the index update; then node B must not serve its old list.
    def indexed() -> bool:
        hits = requests.get(
            f"{site.env['ELASTICSEARCH_URL']}/{site.env['SEARCH_INDEX_PREFIX']}threads/_search",
            json={"query": {"term": {"object_id": site.thread_id}}},
            timeout=5,
        ).json()["hits"]["hits"]
        return bool(hits) and hits[0]["_source"]["score"] == 1

    wait_for(indexed, 30, "the task worker to index the vote")
    assert "<strong>1</strong> vote<" in visitor.get(topic).text


def test_login_limits_count_across_web_nodes(site):
    """allauth's failed-login limit (5 per account in 5 minutes) is kept in the shared cache: spreading
    attempts over two nodes does not double it."""
    attempts = [Browser(site.a), Browser(site.b)]
    for i in range(5):
        response = attempts[i % 2].post("/accounts/login/", {"login": "carol@example.com", "password": "wrong"})
        assert response.status_code == 200 and "too many" not in response.text.lower()
    sixth = attempts[1].post("/accounts/login/", {"login": "carol@example.com", "password": "wrong"})
    assert "Too many failed log-ins" in sixth.text, re.findall(r"errorlist[^>]*>(.*?)</ul>", sixth.text)


def test_signup_limits_count_across_web_nodes(site):
    """allauth's sign-up limit (20 a minute per IP) holds for the whole site, not per worker."""
    nodes = [Browser(site.a), Browser(site.b)]
    for i in range(20):
        node = nodes[i % 2]
        response = node.post(
            "/accounts/signup/",
            {
                "email": f"newcomer{i}@example.com",
                "username": f"newcomer{i}",
                "password1": "a long and unusual passphrase",
                "password2": "a long and unusual passphrase",
            },
            allow_redirects=False,
        )
        assert response.status_code == 302, response.text[:1000]
        node.session.cookies.clear()
    refused = Browser(site.b).post(
        "/accounts/signup/",
        {
            "email": "one.more@example.com",
            "username": "onemore",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
        },
        allow_redirects=False,
    )
    assert refused.status_code == 429


def test_a_long_search_gets_a_normal_page_under_gunicorn(site):
    """A search box's longest query in a non-Latin script (800 characters, ~7 KB in the address), and a
    5,000-character one, get the results page with a note, not gunicorn's 414."""
    visitor = Browser(site.a)
    for query in ("é" * 800, "beer " * 1000):
        response = visitor.get("/search/?q=" + query)
        assert response.status_code == 200, response.status_code
        assert "Your search was long" in response.text


class Receiver(BaseHTTPRequestHandler):
    """A brand's system receiving webhooks: keeps each delivery's headers and body."""

    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_an_api_answer_on_one_node_is_read_on_the_other_and_signed_to_a_webhook_by_the_worker(site):
    """The API and webhooks in production: a write token's answer posted through node A is in node B's
    API read at once, and the task worker (not the web request) delivers its signed ``answer.posted``."""
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{receiver.server_address[1]}/hooks"
        out = site.shell(
            f"""
from community.api import actions as api_actions
from community.models import Member
from community.webhooks import actions as webhook_actions
admin = Member.objects.get(username="admin")
webhook_actions.save_endpoint(admin, url={url!r}, events_chosen=["answer.posted"], unanswered_hours=24,
                              secret="s3cret-for-the-test")
token, raw = api_actions.create_token(Member.objects.get(username="carol"), name="Helpdesk", scope="write")
print("TOKEN", raw)
"""
        )
        token = re.search(r"TOKEN (\S+)", out).group(1)
        visitor = requests.Session()
        before = visitor.get(f"{site.b}/api/v1/threads/{site.thread_id}", timeout=10)
        assert before.status_code == 200  # node B now holds the visitor's copy in the shared page cache

        posted = requests.post(
            f"{site.a}/api/v1/threads/{site.thread_id}/answers",
            json={"body": "Condition it at 2 °C for five weeks, then taste weekly."},
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert posted.status_code == 201, posted.text
        answer_id = posted.json()["id"]

        after = visitor.get(f"{site.b}/api/v1/threads/{site.thread_id}", timeout=10).json()
        assert answer_id in [answer["id"] for answer in after["answers"]]

        wait_for(lambda: Receiver.received, 30, "the task worker to deliver the webhook")
        headers, body = Receiver.received[0]
        expected = (
            "sha256="
            + hmac.new(
                b"s3cret-for-the-test", headers["X-Guildhall-Timestamp"].encode() + b"." + body, hashlib.sha256
            ).hexdigest()
        )
        assert hmac.compare_digest(headers["X-Guildhall-Signature"], expected)
        delivery = json.loads(body)
        assert delivery["event"] == "answer.posted" and delivery["data"]["answer"]["id"] == answer_id
    finally:
        receiver.shutdown()
