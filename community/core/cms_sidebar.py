"""Wagtail's CMS sidebar, kept in the shared cache per staff member: it was half of every CMS page's time.

Wagtail builds the sidebar (the menu, the search area, the account menu) on every admin page: each menu item
asks its own permission question (collections, page permissions, every settings model, forms, reports) and the
review queues and redemptions count what waits in them. For one person the result is the same JSON from page to
page, so ``props`` keeps it under a key made of

- the member, their language, their Django permissions (already read by the page's own access check), the name
  and e-mail address the account menu shows;
- a version that moves, after the commit, whenever something the menu shows may have changed for anyone: review
  tasks queued or handled (``forget``, from ``community.moderation.queries.forget_open_counts``), redemptions
  requested or moved on (their events), groups, group membership, page and collection permissions, a CMS
  profile (avatar, dismissed hints; signals).

``TTL`` bounds what nothing announces (a page added above where a member's page explorer starts).
"""

from __future__ import annotations

import hashlib
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation
from django.utils.safestring import mark_safe

from community.core import events
from config import page_cache

VERSION_TAG = "cms-sidebar"  # a version of the shared page cache's (config.page_cache.versions, bump)
PREFIX = "cms:sidebar:"
TTL = 300


def props(context) -> str:
    """The sidebar's ``<script type="application/json">`` for the request's member: cached, else built by
    Wagtail's own ``sidebar_props`` tag and kept."""
    from wagtail.admin.templatetags import wagtailadmin_tags

    key = _key(context["request"].user)
    html = cache.get(key)
    if html is None:
        html = str(wagtailadmin_tags.sidebar_props(context))
        cache.set(key, html, TTL)
    return mark_safe(html)  # Wagtail's json_script output, escaped when it was built


def forget() -> None:
    """Every member's sidebar is rebuilt at their next CMS page, once the current transaction commits."""
    transaction.on_commit(lambda: page_cache.bump(VERSION_TAG))


def _key(user) -> str:
    raw = json.dumps(
        [
            page_cache.versions([VERSION_TAG])[VERSION_TAG],
            user.pk,
            translation.get_language() or "",
            user.is_superuser,
            sorted(user.get_all_permissions()),
            user.get_username(),
            getattr(user, "first_name", ""),
            getattr(user, "email", ""),
        ]
    )
    return PREFIX + hashlib.sha1(raw.encode()).hexdigest()


def _changed(*args, **kwargs) -> None:
    forget()


def connect() -> None:
    """``{% sidebar_props %}`` in Wagtail's admin templates becomes ``props`` (registered under the same name in
    Wagtail's own tag library, before any template is parsed), and what moves the version is wired."""
    from wagtail.admin.templatetags import wagtailadmin_tags
    from wagtail.models import GroupCollectionPermission, GroupPagePermission
    from wagtail.users.models import UserProfile

    wagtailadmin_tags.register.simple_tag(props, takes_context=True, name="sidebar_props")

    events.subscribe(events.RedemptionRequested, _changed)
    events.subscribe(events.RedemptionChanged, _changed)
    for model in (Group, GroupPagePermission, GroupCollectionPermission, UserProfile):
        post_save.connect(_changed, sender=model, dispatch_uid=f"guildhall-sidebar-saved-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"guildhall-sidebar-deleted-{model.__name__}")
    Member = get_user_model()
    for through in (Member.groups.through, Member.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(_changed, sender=through, dispatch_uid=f"guildhall-sidebar-{through.__name__}")
