"""Moderation screens that prevent mistakes.

Community posts in knowledge articles (and the privacy page, which shares the blocks) become rich text the CMS
edits with Draftail: each "post" block's HTML is cut into rich text and code parts (``post_parts``), in the
pages and in their revisions (drafts and history open in the new form too).

The audit log keeps what it needs to word an act as data (``AuditEntry.details``), no longer as English text
in ``reason``; existing rows are rewritten the same way, and the doubles the review queue used to write (an
"approved" entry beside each lock or close-as-duplicate) are removed.
"""

import json
import re

import wagtail.fields
from django.db import migrations, models

DOUBLE_REASONS = re.compile(r"^(lock|unlock): |^closed as duplicate of #\d+$")
AUTO_HIDE = re.compile(r"^(\d+) spam or rude flags from trusted members; hidden until reviewed$")
SUSPEND = re.compile(r"^(\d+) days: (.*)$", re.S)
MERGE = re.compile(r"^(.*?) → (.*?)(?:: (.*))?$", re.S)
PROMOTE = re.compile(r"^Draft knowledge article “.*” \(page (\d+)\)$", re.S)


def words_not_codes(apps, schema_editor):
    AuditEntry = apps.get_model("community", "AuditEntry")
    Thread = apps.get_model("community", "Thread")
    Answer = apps.get_model("community", "Answer")
    Comment = apps.get_model("community", "Comment")
    AuditEntry.objects.filter(action="review_approve").filter(
        models.Q(reason__startswith="lock: ")
        | models.Q(reason__startswith="unlock: ")
        | models.Q(reason__startswith="closed as duplicate of #")
    ).delete()
    for entry in AuditEntry.objects.iterator():
        details = dict(entry.details or {})
        reason, label = entry.reason, entry.target_label
        post = None
        if entry.target_type == "thread":
            post = Thread.objects.filter(pk=entry.target_id).values("pk", "title", "duplicate_of_id").first()
            if post:
                details.setdefault("thread_id", post["pk"])
        elif entry.target_type in ("answer", "comment"):
            model = Answer if entry.target_type == "answer" else Comment
            row = model.objects.filter(pk=entry.target_id).values("thread_id", "thread__title").first()
            if row:
                details.setdefault("thread_id", row["thread_id"])
                label = row["thread__title"][:200]
        if entry.action == "close_duplicate":
            if reason.startswith("Duplicate of “"):
                reason = ""
            if post and post["duplicate_of_id"]:
                original = Thread.objects.filter(pk=post["duplicate_of_id"]).values("pk", "title").first()
                if original:
                    details.setdefault("original_id", original["pk"])
                    details.setdefault("original_title", original["title"][:200])
        elif entry.action == "auto_hide" and (found := AUTO_HIDE.match(reason)):
            details["flags"], reason = int(found.group(1)), ""
        elif entry.action == "suspend" and (found := SUSPEND.match(reason)):
            details["days"], reason = int(found.group(1)), found.group(2)
        elif entry.action == "merge_tags" and (found := MERGE.match(reason)):
            details["source"], details["target"], reason = found.group(1), found.group(2), found.group(3) or ""
        elif entry.action == "promote_article" and (found := PROMOTE.match(reason)):
            details["page_id"], reason = int(found.group(1)), ""
        if (details, reason, label) != (entry.details, entry.reason, entry.target_label):
            AuditEntry.objects.filter(pk=entry.pk).update(details=details, reason=reason, target_label=label)


def _rich_posts(raw: list) -> tuple[list, bool]:
    """The blocks with each old "post" (``{"heading", "html"}``) in the new form; whether any changed."""
    from community.core.rendering import sanitize_html
    from community.site.blocks import post_parts

    changed = False
    blocks = []
    for block in raw or []:
        value = block.get("value") if isinstance(block, dict) else None
        if block.get("type") == "post" and isinstance(value, dict) and "html" in value:
            block = {
                **block,
                "value": {"heading": value.get("heading") or "", "body": post_parts(sanitize_html(value["html"]))},
            }
            changed = True
        blocks.append(block)
    return blocks, changed


def posts_in_rich_text(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    for model_name in ("knowledgepage", "privacypage"):
        model = apps.get_model("community", model_name)
        for page in model.objects.all():
            blocks, changed = _rich_posts(list(page.body.raw_data))
            if changed:
                model.objects.filter(pk=page.pk).update(body=blocks)
        content_type = ContentType.objects.filter(app_label="community", model=model_name).first()
        if content_type is None:
            continue
        for revision in Revision.objects.filter(content_type=content_type).iterator():
            content = revision.content or {}
            body = content.get("body")
            raw = json.loads(body) if isinstance(body, str) else body
            if not isinstance(raw, list):
                continue
            blocks, changed = _rich_posts(raw)
            if changed:
                content["body"] = json.dumps(blocks)
                Revision.objects.filter(pk=revision.pk).update(content=content)


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0027_brand_look"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="details",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(words_not_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="knowledgepage",
            name="body",
            field=wagtail.fields.StreamField(
                [("heading", 0), ("paragraph", 1), ("code", 4), ("post", 8), ("callout", 13)],
                blank=True,
                block_lookup={
                    0: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "form_classname": "title",
                            "icon": "title",
                            "template": "community/blocks/section_heading.html",
                        },
                    ),
                    1: (
                        "wagtail.blocks.RichTextBlock",
                        (),
                        {
                            "features": [
                                "h2",
                                "h3",
                                "h4",
                                "bold",
                                "italic",
                                "link",
                                "ol",
                                "ul",
                                "code",
                                "blockquote",
                                "hr",
                            ]
                        },
                    ),
                    2: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"help_text": "e.g. python, bash (optional)", "max_length": 30, "required": False},
                    ),
                    3: ("wagtail.blocks.TextBlock", (), {}),
                    4: ("wagtail.blocks.StructBlock", [[("language", 2), ("code", 3)]], {}),
                    5: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"help_text": "e.g. “The question”, “The answer”", "max_length": 120, "required": False},
                    ),
                    6: (
                        "wagtail.blocks.RichTextBlock",
                        (),
                        {
                            "features": [
                                "h2",
                                "h3",
                                "h4",
                                "bold",
                                "italic",
                                "link",
                                "ol",
                                "ul",
                                "code",
                                "blockquote",
                                "hr",
                            ],
                            "label": "Text",
                        },
                    ),
                    7: ("wagtail.blocks.StreamBlock", [[("text", 6), ("code", 4)]], {"required": False}),
                    8: ("wagtail.blocks.StructBlock", [[("heading", 5), ("body", 7)]], {}),
                    9: ("wagtail.blocks.CharBlock", (), {"max_length": 80}),
                    10: ("wagtail.blocks.TextBlock", (), {"max_length": 400}),
                    11: ("wagtail.blocks.CharBlock", (), {"max_length": 40, "required": False}),
                    12: (
                        "wagtail.blocks.RegexBlock",
                        (),
                        {
                            "error_messages": {
                                "invalid": "Start with / for a page of this site, or http(s):// for another site."
                            },
                            "help_text": "A page of this site such as /ask/, or a full URL.",
                            "regex": "^(/|https?://)\\S*$",
                            "required": False,
                        },
                    ),
                    13: (
                        "wagtail.blocks.StructBlock",
                        [[("title", 9), ("text", 10), ("link_label", 11), ("link_url", 12)]],
                        {},
                    ),
                },
            ),
        ),
        migrations.AlterField(
            model_name="privacypage",
            name="body",
            field=wagtail.fields.StreamField(
                [("heading", 0), ("paragraph", 1), ("code", 4), ("post", 8), ("callout", 13)],
                blank=True,
                block_lookup={
                    0: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "form_classname": "title",
                            "icon": "title",
                            "template": "community/blocks/section_heading.html",
                        },
                    ),
                    1: (
                        "wagtail.blocks.RichTextBlock",
                        (),
                        {
                            "features": [
                                "h2",
                                "h3",
                                "h4",
                                "bold",
                                "italic",
                                "link",
                                "ol",
                                "ul",
                                "code",
                                "blockquote",
                                "hr",
                            ]
                        },
                    ),
                    2: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"help_text": "e.g. python, bash (optional)", "max_length": 30, "required": False},
                    ),
                    3: ("wagtail.blocks.TextBlock", (), {}),
                    4: ("wagtail.blocks.StructBlock", [[("language", 2), ("code", 3)]], {}),
                    5: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"help_text": "e.g. “The question”, “The answer”", "max_length": 120, "required": False},
                    ),
                    6: (
                        "wagtail.blocks.RichTextBlock",
                        (),
                        {
                            "features": [
                                "h2",
                                "h3",
                                "h4",
                                "bold",
                                "italic",
                                "link",
                                "ol",
                                "ul",
                                "code",
                                "blockquote",
                                "hr",
                            ],
                            "label": "Text",
                        },
                    ),
                    7: ("wagtail.blocks.StreamBlock", [[("text", 6), ("code", 4)]], {"required": False}),
                    8: ("wagtail.blocks.StructBlock", [[("heading", 5), ("body", 7)]], {}),
                    9: ("wagtail.blocks.CharBlock", (), {"max_length": 80}),
                    10: ("wagtail.blocks.TextBlock", (), {"max_length": 400}),
                    11: ("wagtail.blocks.CharBlock", (), {"max_length": 40, "required": False}),
                    12: (
                        "wagtail.blocks.RegexBlock",
                        (),
                        {
                            "error_messages": {
                                "invalid": "Start with / for a page of this site, or http(s):// for another site."
                            },
                            "help_text": "A page of this site such as /ask/, or a full URL.",
                            "regex": "^(/|https?://)\\S*$",
                            "required": False,
                        },
                    ),
                    13: (
                        "wagtail.blocks.StructBlock",
                        [[("title", 9), ("text", 10), ("link_label", 11), ("link_url", 12)]],
                        {},
                    ),
                },
            ),
        ),
        migrations.RunPython(posts_in_rich_text, migrations.RunPython.noop),
    ]
