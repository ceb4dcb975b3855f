"""The CMS sidebar comes from the shared cache (community/core/cms_sidebar.py), yet never shows a stale count, another
member's menu, the wrong language or a menu from before a permission changed."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import GroupPagePermission, Page
from wagtail.users.models import UserProfile

from rewards import api as rewards_api
from rewards.models import Perk, Redemption

pytestmark = pytest.mark.django_db


def sidebar(client, path="/cms/", **headers) -> list[str]:
    """The labels of the sidebar's menu as Wagtail's script renders them on the CMS page at ``path``."""
    html = client.get(path, **headers).content.decode()
    props = re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S)
    assert props, html[:500]
    return [json.loads(f'"{label}"') for label in re.findall(r'"label": "([^"]*)"', props.group(1))]


@pytest.fixture
def editor(make_member):
    """A member of a "Writers" group that may open the CMS and nothing else yet."""
    group = Group.objects.create(name="Writers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    member = make_member("editor")
    member.groups.add(group)
    return member


def test_the_second_cms_page_builds_no_sidebar(client_for, moderator):
    cms = client_for(moderator)
    sidebar(cms, "/cms/review/")
    with CaptureQueriesContext(connection) as second:
        sidebar(cms, "/cms/review/")
    statements = " ".join(q["sql"] for q in second.captured_queries)
    # The menu's own questions (collections, page permissions, the redemptions' count) are not asked again.
    assert "wagtailcore_groupcollectionpermission" not in statements
    assert "rewards_redemption" not in statements


def test_a_redemption_handled_leaves_the_count_at_the_next_page(
    client_for, moderator, alice, django_capture_on_commit_callbacks
):
    perk = Perk.objects.create(title="Sticker pack", slug="stickers", description="Five.", cost=10)
    waiting = Redemption.objects.create(member=alice, perk=perk, cost=10, status="approved", idempotency_key="k")
    cms = client_for(moderator)
    assert "Redemptions (1)" in sidebar(cms)
    with django_capture_on_commit_callbacks(execute=True):
        rewards_api.fulfil_redemption(waiting, actor=moderator, note="Posted today")
    labels = sidebar(cms)
    assert "Redemptions" in labels and "Redemptions (1)" not in labels


def test_each_member_gets_their_own_menu(client_for, moderator, editor):
    assert any(label.startswith("Review queues") for label in sidebar(client_for(moderator)))
    assert not any(label.startswith("Review queues") for label in sidebar(client_for(editor)))


def test_the_menu_follows_the_readers_language(client_for, moderator):
    cms = client_for(moderator)
    assert any(label.startswith("Review queues") for label in sidebar(cms))
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = "fr"  # the CMS's own setting; saved outside a commit, so only the key can tell
    profile.save()
    labels = sidebar(cms)
    assert any(label.startswith("Files de modération") for label in labels), labels


def test_a_page_permission_granted_shows_the_pages_at_the_next_cms_page(
    client_for, editor, django_capture_on_commit_callbacks
):
    cms = client_for(editor)
    assert "Pages" not in sidebar(cms)
    change_page = Permission.objects.get(codename="change_page")
    with django_capture_on_commit_callbacks(execute=True):
        GroupPagePermission.objects.create(
            group=Group.objects.get(name="Writers"),
            page=Page.objects.filter(depth=2).order_by("path").first(),
            permission=change_page,
        )
    assert "Pages" in sidebar(cms)
