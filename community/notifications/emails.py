"""Notification e-mails: one right away, or a digest; every one with a one-click unsubscribe link.

The unsubscribe link carries a signed token (``django.core.signing``) naming
the member and the list ("answer", "daily", "all"…): opening it turns that list
off without logging in, and the page offers an undo. Messages also carry
``List-Unsubscribe`` and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``
(RFC 8058) so mail programs show their own unsubscribe button, which POSTs to
the same URL.

E-mails go through Django's mail (the console backend in development,
``mail.outbox`` in tests, SMTP in production) from a django-tasks task, so a
slow mail server never slows the request that caused the notification.

Every e-mail is written in its recipient's language (``community.core.language.speaking_to``: their saved
``Member.language``, else the site's), whoever caused it and whatever language the request or the task runs
in: subject, body and the notification's sentence (``models.describe``) are rendered inside it. The templates
get ``line``, the whole sentence with the actor's name (plain text, the HTML template escapes it).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from community.core.language import speaking_to
from community.notifications.models import Notification, describe
from community.site import brand

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "community.unsubscribe"
RESUBSCRIBE_SALT = "community.resubscribe"


def site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def unsubscribe_token(member_id: int, email_list: str) -> str:
    return signing.dumps({"m": member_id, "l": email_list}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(member id, list); ``signing.BadSignature`` for a forged or damaged link."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("m"), int) or not isinstance(data.get("l"), str):
        raise signing.BadSignature("Not an unsubscribe token.")
    return data["m"], data["l"]


def resubscribe_token(member_id: int, previous: dict) -> str:
    return signing.dumps({"m": member_id, "p": previous}, salt=RESUBSCRIBE_SALT, compress=True)


def read_resubscribe_token(token: str) -> tuple[int, dict]:
    data = signing.loads(token, salt=RESUBSCRIBE_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("m"), int) or not isinstance(data.get("p"), dict):
        raise signing.BadSignature("Not a resubscribe token.")
    return data["m"], data["p"]


def verified_ids(member_ids) -> set[int]:
    """Members whose primary e-mail address is verified: we never e-mail an address nobody confirmed."""
    from allauth.account.models import EmailAddress

    return set(
        EmailAddress.objects.filter(user_id__in=list(member_ids), verified=True, primary=True).values_list(
            "user_id", flat=True
        )
    )


def unsubscribe_url(member_id: int, email_list: str) -> str:
    return site_url(reverse("community:unsubscribe", args=[unsubscribe_token(member_id, email_list)]))


def build_message(member, *, subject: str, template: str, context: dict, email_list: str) -> EmailMultiAlternatives:
    """One e-mail to ``member`` from the template pair; call it inside ``speaking_to(member)`` (the templates
    render in the active language)."""
    link = unsubscribe_url(member.pk, email_list)
    context = {
        **context,
        "member": member,
        "unsubscribe_url": link,
        "site_url": site_url("/"),
        "site_name": brand.default().name,  # the signature: the CMS brand's site name, not the host
        "settings_url": site_url(reverse("community:notification_settings")),
        "inbox_url": site_url(reverse("community:inbox")),
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"community/notifications/email/{template}.txt", context),
        to=[member.email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(render_to_string(f"community/notifications/email/{template}.html", context), "text/html")
    return message


# --- immediate e-mails -----------------------------------------------------------------------


def send_immediately(keys: list[tuple[int, str]]) -> None:
    """Queue the e-mails of just-written notifications (identified by recipient and event key)."""
    try:
        send_notification_emails.enqueue([[member_id, key] for member_id, key in keys])
    except Exception:  # a task backend outage must not undo or hide the notifications themselves
        logger.exception("Could not queue notification e-mails for %s", keys)


@task()
def send_notification_emails(keys: list[list]) -> int:
    from django.db.models import Q
    from django.utils import timezone

    if not keys:
        return 0
    match = Q()
    for member_id, key in keys:
        match |= Q(recipient_id=int(member_id), event_key=str(key))
    pending = list(
        Notification.objects.filter(
            match, email_due="immediate", emailed_at__isnull=True, recipient__is_active=True
        ).select_related("recipient", "actor", "thread", "tag")
    )
    sent = 0
    for note in pending:
        if not note.recipient.email:
            continue
        with speaking_to(note.recipient):
            line = describe(note)
            message = build_message(
                note.recipient,
                subject=line[:150],
                template="notification",
                context={"note": note, "line": line, "url": site_url(note.get_absolute_url())},
                email_list=note.kind,
            )
        try:
            message.send()
        except Exception:
            logger.exception("Could not send notification %s", note.pk)
            continue
        Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent
