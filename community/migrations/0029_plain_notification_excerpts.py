"""Notifications written before excerpts were plain text get plain text too.

Until now a notification's ``detail`` was the start of the post's Markdown, so older rows showed ``**``,
``[text](url)`` and fences in the inbox, e-mails and digests. Each row about a post (event key ``thread:``,
``answer:`` or ``comment:``) is given the excerpt new rows get: the post's rendered HTML read as text. The
excerpt rules are frozen here (a migration must not change when ``community.notifications.inbox`` does).
"""

from bs4 import BeautifulSoup
from django.db import migrations
from django.utils.text import Truncator

BLOCKS = ["p", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "tr", "td", "th", "hr", "div"]
BATCH = 1000


def excerpt(html: str, length: int = 140) -> str:
    soup = BeautifulSoup(html or "", "html.parser")
    for block in soup.find_all(BLOCKS):
        block.insert_after(" ")
    return Truncator(" ".join(soup.get_text().split())).chars(length)


def plain_excerpts(apps, schema_editor):
    Notification = apps.get_model("community", "Notification")
    sources = {
        "thread:": (apps.get_model("community", "Thread"), "thread_id"),
        "answer:": (apps.get_model("community", "Answer"), "answer_id"),
        "comment:": (apps.get_model("community", "Comment"), "comment_id"),
    }
    for prefix, (model, field) in sources.items():
        rows = Notification.objects.filter(event_key__startswith=prefix).exclude(**{field: None}).order_by("pk")
        last = 0
        while True:
            batch = list(rows.filter(pk__gt=last).only("pk", "detail", field)[:BATCH])
            if not batch:
                break
            last = batch[-1].pk
            bodies = dict(
                model.objects.filter(pk__in={getattr(row, field) for row in batch}).values_list("pk", "body_html")
            )
            changed = []
            for row in batch:
                body = bodies.get(getattr(row, field))
                if body is None:
                    continue
                plain = excerpt(body)
                if plain != row.detail:
                    row.detail = plain
                    changed.append(row)
            Notification.objects.bulk_update(changed, ["detail"])


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0028_moderation_polish"),
    ]

    operations = [
        migrations.RunPython(plain_excerpts, migrations.RunPython.noop),
    ]
