"""Community events → queued webhook deliveries (after commit), handed to the worker.

Each subscriber builds the payload once (``payloads``), writes one delivery row per endpoint that asked for the
event (``actions.queue``) and enqueues them (``tasks.enqueue``): the member's request sends nothing. Backdated
events (the demo seeder, importers) are history, not news: they are not sent. "Question unanswered after N
hours" has no event; the sweep finds those questions (``tasks.fire_unanswered``).
"""

from __future__ import annotations

from community.core import events
from community.webhooks import actions, payloads, tasks
from community.webhooks.models import Event


def announce(name: str, event, *, thread_id=None) -> list[int]:
    if getattr(event, "backdated", False):
        return []
    endpoint_ids = [pk for pk, names in actions.active_endpoints() if name in names]
    if not endpoint_ids:
        return []
    data = payloads.BUILDERS[name](event)
    if data is None:
        return []
    delivery_ids = actions.queue(name, data, at=event.at, endpoint_ids=endpoint_ids, thread_id=thread_id)
    tasks.enqueue(delivery_ids)
    return delivery_ids


def _announcer(name: str):
    def handler(event) -> None:
        announce(name, event, thread_id=getattr(event, "thread_id", None))

    handler.__name__ = f"webhook_{name.replace('.', '_')}"
    return handler


def on_redelivered(event: events.WebhookRedelivered) -> None:
    tasks.enqueue([event.delivery_id])


SUBSCRIPTIONS = [
    (events.ThreadCreated, Event.THREAD_CREATED),
    (events.AnswerPosted, Event.ANSWER_POSTED),
    (events.AnswerAccepted, Event.ANSWER_ACCEPTED),
    (events.IdeaStatusChanged, Event.IDEA_STATUS_CHANGED),
    (events.PostFlagged, Event.FLAG_RAISED),
    (events.DissatisfactionDetected, Event.DISSATISFACTION_DETECTED),
    (events.MemberJoined, Event.MEMBER_JOINED),
]
HANDLERS = {event_type: _announcer(name) for event_type, name in SUBSCRIPTIONS}


def connect() -> None:
    for event_type, handler in HANDLERS.items():
        events.subscribe(event_type, handler)
    events.subscribe(events.WebhookRedelivered, on_redelivered)
