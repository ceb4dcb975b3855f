"""Webhooks end to end: a real HTTP receiver on 127.0.0.1, real events, the sweep, the CMS screens.

The receiver is ``http.server`` in a thread (one per module); its path says how it answers (``/ok`` 200,
``/fail`` 500). Retries are driven by the sweep's clock (``now``), never by sleeping.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import uuid
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from community.forum import actions as forum_actions
from community.models import Notification, WebhookDelivery, WebhookEndpoint
from community.webhooks import actions, tasks

ALL_EVENTS = ["thread.created", "answer.posted", "answer.accepted"]


# --- the documented recipe (docs/api.md, "Verifying a delivery in Python"), copied as a receiver writes it ---


def verify(secret: str, headers, body: bytes, tolerance: int = 300) -> bool:
    timestamp = headers["X-Guildhall-Timestamp"]
    signature = headers["X-Guildhall-Signature"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False  # too old (or from the future): a replay
    expected = "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


# --- the receiver ----------------------------------------------------------------------------------------


class Receiver:
    def __init__(self):
        self.requests: list[dict] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver.lock:
                    receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                status = 200 if self.path.startswith("/ok") else 500
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def take(self) -> list[dict]:
        with self.lock:
            taken, self.requests = self.requests, []
        return taken


@pytest.fixture(scope="module")
def receiver():
    server = Receiver()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def private_allowed(settings, receiver):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    receiver.take()
    return receiver


def endpoint_form(url: str, events=ALL_EVENTS, **extra) -> dict:
    return {
        "url": url,
        "description": "Helpdesk",
        "events": events,
        "unanswered_hours": "24",
        "secret": "whsec_test-secret-of-enough-length",
        "is_active": "on",
        **extra,
    }


def add_endpoint(moderator, url, events=ALL_EVENTS, **extra) -> WebhookEndpoint:
    return actions.save_endpoint(
        moderator,
        url=url,
        events_chosen=events,
        unanswered_hours=extra.get("unanswered_hours", 24),
        secret="whsec_test-secret-of-enough-length",
    )


def ask(live, author, title: str, tags=("sync",)):
    body = "I have tried the usual steps from the help pages and it still happens every day."
    return live(forum_actions.create_thread, author, kind="question", title=title, body=body, tags=list(tags))


# --- deliveries ------------------------------------------------------------------------------------------


def test_events_become_signed_deliveries_sent_outside_the_request(
    private_allowed, moderator, alice, bob, client_for, live
):
    receiver = private_allowed
    response = client_for(moderator).post("/cms/webhooks/add/", endpoint_form(receiver.url("/ok/hooks")))
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ALL_EVENTS and endpoint.is_active

    thread = live(
        forum_actions.create_thread,
        alice,
        kind="question",
        title="Where are my exported notes saved?",
        body="I exported my notes yesterday and cannot find the file anywhere on my laptop.",
        tags=["export"],
    )
    answer = live(
        forum_actions.post_answer, bob, thread, body="They go to Documents/Exports unless you chose a folder."
    )
    live(forum_actions.accept_answer, alice, answer)
    # The member's requests only wrote rows: nothing was sent while they waited.
    assert receiver.take() == []
    assert list(WebhookDelivery.objects.order_by("pk").values_list("event", "status")) == [
        ("thread.created", "pending"),
        ("answer.posted", "pending"),
        ("answer.accepted", "pending"),
    ]

    assert live(tasks.sweep).sent == 3
    received = receiver.take()
    assert [r["headers"]["X-Guildhall-Event"] for r in sorted(received, key=lambda r: r["headers"]["X-Guildhall-Event"])] == [
        "answer.accepted", "answer.posted", "thread.created",
    ]  # fmt: skip
    for request in received:
        assert verify(endpoint.secret, request["headers"], request["body"])
        assert not verify("whsec_someone-elses-secret-value", request["headers"], request["body"])
        assert request["headers"]["Content-Type"] == "application/json"
    created = next(r for r in received if r["headers"]["X-Guildhall-Event"] == "thread.created")
    payload = json.loads(created["body"])
    assert set(payload) == {"id", "event", "created_at", "data"}
    assert payload["event"] == "thread.created"
    assert payload["data"]["thread"]["id"] == thread.pk
    assert payload["data"]["thread"]["title"] == "Where are my exported notes saved?"
    assert payload["data"]["thread"]["url"].endswith(thread.get_absolute_url())
    assert payload["data"]["author"]["username"] == "alice"
    assert "email" not in json.dumps(payload)
    delivery = WebhookDelivery.objects.get(event="thread.created")
    assert created["headers"]["X-Guildhall-Delivery"] == str(delivery.uuid)
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("succeeded", 200, 1)
    assert delivery.duration_ms is not None and delivery.error == ""
    accepted = json.loads(next(r for r in received if r["headers"]["X-Guildhall-Event"] == "answer.accepted")["body"])
    assert accepted["data"]["answer"]["id"] == answer.pk and accepted["data"]["accepted_by"]["username"] == "alice"

    # Nothing due any more: a second sweep sends nothing again.
    assert live(tasks.sweep).sent == 0 and receiver.take() == []


def test_a_failing_receiver_gets_retries_with_back_off_then_the_endpoint_is_turned_off(
    private_allowed, moderator, alice, client_for, live
):
    receiver = private_allowed
    endpoint = add_endpoint(moderator, receiver.url("/fail"))
    for n in range(actions.DISABLE_AFTER):
        ask(live, alice, f"Sync stopped on my phone, case {n}")
    assert WebhookDelivery.objects.filter(status="pending").count() == actions.DISABLE_AFTER

    clock = timezone.now()
    gaps = []
    for _round in range(len(actions.BACKOFF) + 1):
        clock += timedelta(days=1)  # later than any back-off: every retry is due
        live(tasks.sweep, clock)
        first = WebhookDelivery.objects.order_by("pk").first()
        if first.next_attempt_at:
            gaps.append(round((first.next_attempt_at - first.last_attempt_at).total_seconds()))
    assert gaps == [60, 300, 1800, 7200, 21600]
    assert len(receiver.take()) == actions.DISABLE_AFTER * (len(actions.BACKOFF) + 1)
    assert set(WebhookDelivery.objects.values_list("status", "attempts", "response_code")) == {("failed", 6, 500)}

    endpoint.refresh_from_db()
    assert not endpoint.is_active
    assert endpoint.disabled_reason == "failures" and endpoint.consecutive_failures == actions.DISABLE_AFTER
    # The moderators hear of it, in their inbox and by e-mail; the CMS says why.
    note = Notification.objects.get(recipient=moderator, kind="webhook")
    assert note.detail == endpoint.url
    assert any(moderator.email in m.to and endpoint.url in m.body for m in mail.outbox)
    cms = client_for(moderator)
    page = cms.get("/cms/webhooks/").content.decode()
    assert "Turned off automatically" in page and "after 5 failed deliveries in a row" in page
    # Nothing more is sent to a turned-off endpoint.
    ask(live, alice, "Another sync question for the team")
    assert not WebhookDelivery.objects.filter(status="pending").exists()

    # Turning it back on clears the failures.
    response = cms.post(f"/cms/webhooks/{endpoint.pk}/", endpoint_form(receiver.url("/ok"), events=["thread.created"]))
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.consecutive_failures == 0 and endpoint.disabled_reason == ""


def test_a_moderator_redelivers_the_same_payload_as_a_new_delivery(private_allowed, moderator, alice, client_for, live):
    receiver = private_allowed
    add_endpoint(moderator, receiver.url("/ok"), events=["thread.created"])
    ask(live, alice, "How do I share a notebook with my team?")
    live(tasks.sweep)
    [first] = receiver.take()
    delivery = WebhookDelivery.objects.get()

    log = client_for(moderator).get(f"/cms/webhooks/deliveries/?endpoint={delivery.endpoint_id}")
    assert log.status_code == 200 and "Redeliver" in log.content.decode() and "thread.created" in log.content.decode()
    # Members cannot: no new delivery.
    assert client_for(alice).post(f"/cms/webhooks/deliveries/{delivery.pk}/redeliver/").status_code == 302
    assert WebhookDelivery.objects.count() == 1

    response = client_for(moderator).post(f"/cms/webhooks/deliveries/{delivery.pk}/redeliver/", {"from": "endpoint"})
    assert response.status_code == 302
    again = WebhookDelivery.objects.exclude(pk=delivery.pk).get()
    assert again.redelivery_of_id == delivery.pk and again.body == delivery.body and again.uuid != delivery.uuid
    live(tasks.sweep)
    [second] = receiver.take()
    assert second["body"] == first["body"]  # the same event id: the receiver can tell it has seen it
    assert second["headers"]["X-Guildhall-Delivery"] != first["headers"]["X-Guildhall-Delivery"]
    assert verify("whsec_test-secret-of-enough-length", second["headers"], second["body"])


def test_with_a_worker_each_delivery_is_a_task_and_a_retry_is_scheduled_for_its_back_off(
    private_allowed, settings, moderator, alice, live
):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # production's backend
    receiver = private_allowed
    add_endpoint(moderator, receiver.url("/fail"), events=["thread.created"])
    ask(live, alice, "My reminders fire an hour late since the clocks changed")
    # The request queued a task and sent nothing; the worker sends.
    assert receiver.take() == []
    [queued] = DBTaskResult.objects.ready().filter(task_path__endswith="webhooks.tasks.deliver")
    # What db_worker does with it (db_worker itself closes the connection, which holds this test's transaction).
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])
    assert len(receiver.take()) == 1
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("retrying", 1, 500)
    # Its retry waits in the queue for the back-off's time (django-tasks' run_after), not for the sweep.
    retry = DBTaskResult.objects.filter(task_path__endswith="webhooks.tasks.deliver").exclude(pk=queued.pk).get()
    assert retry.run_after == delivery.next_attempt_at
    assert delivery.next_attempt_at - delivery.last_attempt_at == timedelta(seconds=actions.BACKOFF[0])


def test_the_unanswered_sweep_fires_once_per_question(private_allowed, moderator, alice, bob, live):
    receiver = private_allowed
    add_endpoint(moderator, receiver.url("/ok"), events=["question.unanswered"], unanswered_hours=24)
    waiting = ask(live, alice, "Can I restore a deleted notebook?")
    answered = ask(live, alice, "Can I export notebooks to PDF?")
    live(forum_actions.post_answer, bob, answered, body="Yes: File → Export → PDF, one notebook at a time.")

    assert live(tasks.sweep).unanswered == 0  # not 24 hours yet
    later = timezone.now() + timedelta(hours=25)
    assert live(tasks.sweep, later).unanswered == 1
    assert live(tasks.sweep, later + timedelta(hours=1)).unanswered == 0
    [request] = receiver.take()
    payload = json.loads(request["body"])
    assert payload["event"] == "question.unanswered" and payload["data"]["thread"]["id"] == waiting.pk
    assert payload["data"]["hours"] == 24


# --- the SSRF guard --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hooks",
        "http://localhost/hooks",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/admin",
        "http://192.168.1.1/",
        "http://[::1]/hooks",
        "http://[::ffff:127.0.0.1]/hooks",
        "http://[fe80::1]/hooks",
        "http://0.0.0.0/",
        "ftp://example.com/hooks",
        "http://user:pass@example.com/hooks",
    ],
)
def test_private_and_odd_addresses_are_refused_in_the_cms(url, settings, moderator, client_for):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    response = client_for(moderator).post("/cms/webhooks/add/", endpoint_form(url))
    assert response.status_code == 400
    page = response.content.decode()
    assert "The endpoint was not saved" in page
    assert any(
        words in page
        for words in (
            "public internet addresses",
            "http:// or https://",
            "Enter a full web address",
            "user name and password",
        )
    )
    assert not WebhookEndpoint.objects.exists()


def test_a_host_that_now_leads_to_a_private_address_gets_nothing(settings, receiver, moderator, alice, live):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    receiver.take()
    # Saved when it led somewhere public; it resolves to loopback now (DNS rebinding): checked when connecting.
    WebhookEndpoint.objects.create(url=receiver.url("/ok", host="localhost"), events=["thread.created"])
    ask(live, alice, "Why is my sidebar empty after the update?")
    live(tasks.sweep)
    delivery = WebhookDelivery.objects.get()
    assert receiver.take() == []
    assert delivery.status == "retrying" and delivery.response_code is None
    assert "private or reserved address" in delivery.error


# --- who may see the screens ------------------------------------------------------------------------------


def test_members_get_no_access_to_the_webhook_screens(alice, make_member, moderator, client_for):
    from django.contrib.auth.models import Group

    editor = make_member("editor")  # opens the CMS (Wagtail's Editors) but does not moderate
    editor.groups.add(Group.objects.get(name="Editors"))
    endpoint = WebhookEndpoint.objects.create(url="https://hooks.example.net/in", events=["thread.created"])
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="thread.created", event_id=uuid.uuid4(), body="{}"
    )
    screens = ("/cms/webhooks/", "/cms/webhooks/add/", f"/cms/webhooks/{endpoint.pk}/", "/cms/webhooks/deliveries/")
    # Wagtail turns the refusal into a redirect: to the log-in page without the CMS, to the CMS home with it.
    for member, refused in ((alice, "/accounts/login/"), (editor, "/cms/")):
        client = client_for(member)
        posts = [
            ("/cms/webhooks/add/", endpoint_form("https://hooks.example.net/b")),
            (f"/cms/webhooks/{endpoint.pk}/", endpoint_form("https://hooks.example.net/c")),
            (f"/cms/webhooks/{endpoint.pk}/delete/", {}),
            (f"/cms/webhooks/deliveries/{delivery.pk}/redeliver/", {}),
        ]
        responses = [client.get(url) for url in screens] + [client.post(url, data) for url, data in posts]
        for response in responses:
            assert response.status_code == 302 and response["Location"].startswith(refused), member
    assert WebhookEndpoint.objects.get().url == "https://hooks.example.net/in"  # neither changed nor deleted
    assert WebhookDelivery.objects.count() == 1  # nor sent again
    moderators = client_for(moderator)
    for url in screens:
        assert moderators.get(url).status_code == 200, url
    assert "whsec_" in moderators.get("/cms/webhooks/add/").content.decode()  # a generated secret to copy
