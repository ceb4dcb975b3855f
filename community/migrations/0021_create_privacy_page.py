"""A privacy page at /privacy/ under the home page, with a default text the team edits in the CMS.

The footer and the sign-up form link to it, so a fresh install must have one. If someone already uses
/privacy/, or there is no home page, nothing is created (the page can be added in the CMS).
"""

import uuid

from django.db import migrations
from django.utils import timezone

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's materialised path, 4 characters a step
STEPLEN = 4
SLUG = "privacy"

INTRO = (
    "What this community stores about you, why, and how to take it with you or have it erased. "
    "Questions about your data? Write to the community team."
)

BODY = [
    ("heading", "What we store"),
    (
        "paragraph",
        "<ul><li><b>Your account</b>: your e-mail address(es), username, display name, the line about you, "
        "your password (only as a salted hash) and, if you sign in with GitHub or Google, the account it "
        "links to.</li>"
        "<li><b>What you post</b>: questions, tips, ideas, answers and comments, with their edit history.</li>"
        "<li><b>What you do</b>: your votes, the flags you raise, the threads and tags you follow, your "
        "reputation ledger and badges, your notifications and your e-mail settings, and the days you visited "
        "(for the Enthusiast badge).</li></ul>",
    ),
    ("heading", "Why"),
    (
        "paragraph",
        "<p>To run the community you joined: to show your posts under your name, count votes and reputation, "
        "tell you about answers and comments you asked to hear about, and keep the place free of spam and "
        "abuse. We use no advertising and no third-party trackers, and we sell nothing about you.</p>",
    ),
    ("heading", "Your posts are shared under CC BY-SA 4.0"),
    (
        "paragraph",
        "<p>Everything you post is published under the Creative Commons Attribution-ShareAlike 4.0 licence, "
        "so others may reuse it with attribution. If you delete your account, your posts stay in their threads "
        "(the answers others rely on would otherwise vanish), attributed to “deleted member” and a number "
        "instead of your name.</p>",
    ),
    ("heading", "Download your data"),
    (
        "paragraph",
        "<p>On <a href=\"/settings/data/\">Your data</a>, choose <b>Download my data</b>: we prepare an archive "
        "(JSON) of your profile, posts, votes, reputation, badges, follows, notifications and settings and "
        "e-mail you a link, valid for 7 days, that only you can open.</p>",
    ),
    ("heading", "Delete your account"),
    (
        "paragraph",
        "<p>On the same page, choose <b>Delete my account</b>. After a grace period (14 days unless the team "
        "says otherwise) we erase your e-mail addresses, names, profile, linked sign-in accounts, follows, "
        "notifications, settings and archives. Until then, signing in shows a button to cancel. Your votes "
        "keep counting and the reputation others earned from them stays.</p>",
    ),
    ("heading", "Contact"),
    (
        "paragraph",
        "<p>For any question about your data, or to exercise your other rights (correction, objection), "
        "write to the community team at the address in the e-mails we send you.</p>",
    ),
]


def _child_path(Page, parent):
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEPLEN:], 36) + 1 if last else 1
    step = ""
    while number:
        number, digit = divmod(number, 36)
        step = ALPHABET[digit] + step
    return parent.path + step.rjust(STEPLEN, "0")


def create_privacy_page(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    HomePage = apps.get_model("community", "HomePage")
    PrivacyPage = apps.get_model("community", "PrivacyPage")

    if PrivacyPage.objects.exists():
        return
    home = HomePage.objects.order_by("depth", "pk").first()
    if home is None:
        return
    if Page.objects.filter(path__startswith=home.path, depth=home.depth + 1, slug=SLUG).exists():
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="community", model="privacypage")
    now = timezone.now()
    PrivacyPage.objects.create(
        title="Privacy",
        draft_title="Privacy",
        slug=SLUG,
        content_type=content_type,
        path=_child_path(Page, home),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{SLUG}/",
        locale_id=home.locale_id,
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        seo_title="Privacy: your data in this community",
        search_description="What the community stores about its members, why, and how to download or erase it.",
        intro=INTRO,
        body=[{"type": kind, "value": value, "id": str(uuid.uuid4())} for kind, value in BODY],
    )
    Page.objects.filter(pk=home.pk).update(
        numchild=Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).count()
    )


def remove_privacy_page(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    PrivacyPage = apps.get_model("community", "PrivacyPage")
    for page in PrivacyPage.objects.filter(slug=SLUG, numchild=0):
        parent_path = page.path[:-STEPLEN]
        page.delete()
        parent = Page.objects.filter(path=parent_path).first()
        if parent is not None:
            Page.objects.filter(pk=parent.pk).update(numchild=max(0, parent.numchild - 1))


class Migration(migrations.Migration):
    dependencies = [
        ("community", "0020_privacy"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_privacy_page, remove_privacy_page)]
