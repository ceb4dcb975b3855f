"""Who may do what to which post.

One place for the rules, so actions, views and templates agree. Staff
(the Moderators group and administrators) are exempt from ownership rules. The
reputation-based privileges of the rewards app plug in here through its
public ``rewards.api`` functions, never by importing its models.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.core.errors import PrivilegeRequired
from community.core.rendering import count_links
from config import page_cache
from rewards import api as rewards_api


def recall_standing(member) -> None:
    """For a page read (GET): the member's page permissions and privilege refusals from the shared cache.

    Every member page asks both (the header's CMS link, the moderator check, the vote and comment controls):
    two queries and a privilege table built in Python. They change only when the member's reputation or groups
    change (both bump ``member:<id>``: rewards' ledger writes, community/core/freshness.py for groups) or the
    rules do (``site``), so they are kept under those versions. Writes never call this: the checks of an action
    read the database.
    """
    if not (member and member.is_authenticated) or hasattr(member, "_page_refusals"):
        return

    def build():
        held = {name: member._holds(name) for name in member.PAGE_PERMISSIONS}
        return (held, _refusals(member)), [page_cache.member_tag(member.pk)]

    (held, refusals), _versions = page_cache.remember(standing_key(member.pk), build)
    # Attributes, not __dict__: request.user is a lazy proxy that forwards them to the member.
    member._held_permissions = {**held, **(getattr(member, "_held_permissions", None) or {})}
    member._page_refusals = refusals


def standing_key(member_id: int) -> str:
    """Per language: the privilege refusals it keeps are sentences, written in the reader's language."""
    return f"standing:{member_id}:{translation.get_language() or ''}"


def is_moderator(member) -> bool:
    """Moderators are the members of the *Moderators* group (and superusers): ``Member.is_moderator``.
    Anonymous visitors and inactive members never are."""
    return bool(member and member.is_authenticated and member.is_moderator)


def can_edit(member, post) -> bool:
    if not (member and member.is_authenticated and member.is_active):
        return False
    if post.is_deleted and not is_moderator(member):
        return False
    return post.author_id == member.pk or is_moderator(member) or rewards_api.can(member, "edit_others")


def edit_refusal(member) -> str:
    # Translators: %(privilege)s is the sentence saying how much reputation editing others' posts needs.
    return _("You can only edit your own posts. %(privilege)s") % {
        "privilege": rewards_api.refusal(member, "edit_others")
    }


def can_hide(member, post) -> bool:
    """Authors delete their own posts; moderators hide anyone's. Editing privileges do not extend to deleting."""
    if not (member and member.is_authenticated and member.is_active):
        return False
    return post.author_id == member.pk or is_moderator(member)


def can_restore(member) -> bool:
    return is_moderator(member)


def can_comment(member, target, thread) -> bool:
    """Everyone may comment on their own posts and on answers to their own questions; elsewhere it is a privilege."""
    if not (member and member.is_authenticated and member.is_active):
        return False
    if target.author_id == member.pk or thread.author_id == member.pk:
        return True
    return can_comment_everywhere(member)


def can_comment_everywhere(member) -> bool:
    return bool(member and member.is_authenticated and rewards_api.can(member, "comment_everywhere"))


def comment_refusal(member) -> str:
    return rewards_api.refusal(member, "comment_everywhere")


def can_accept(member, thread) -> bool:
    return bool(member and member.is_authenticated and thread.is_question and thread.author_id == member.pk)


def require_vote_privilege(member, value: int) -> None:
    if not (member and member.is_authenticated and member.is_active):
        raise PermissionDenied(_("Log in to vote."))
    privilege = "upvote" if value > 0 else "downvote"
    if not rewards_api.can(member, privilege):
        raise PrivilegeRequired(rewards_api.refusal(member, privilege))


def page_refusals(member) -> dict:
    """For pages: what the vote and comment controls would refuse this member, from one lookup."""
    if not (member and member.is_authenticated):
        return {}
    recalled = getattr(member, "_page_refusals", None)  # recall_standing
    return _refusals(member) if recalled is None else recalled


def _refusals(member) -> dict:
    lacking = rewards_api.refusals(member)
    return {
        "up": lacking.get("upvote", ""),
        "down": lacking.get("downvote", ""),
        "comment": lacking.get("comment_everywhere", ""),
        "flag": lacking.get("flag", ""),
        "edit_others": lacking.get("edit_others", ""),
        "promote": lacking.get("promote", ""),
    }


def check_links(member, html: str, field: str = "body") -> None:
    """New members may put only a few links in a post: most spam is links."""
    limit = rewards_api.max_links(member)
    links = count_links(html)
    if limit is not None and links > limit:
        message = ngettext(
            # Translators: %(privilege)s is the sentence saying how much reputation more links need.
            "New members can put at most %(limit)s link in a post; yours has %(links)s. %(privilege)s",
            "New members can put at most %(limit)s links in a post; yours has %(links)s. %(privilege)s",
            limit,
        ) % {"limit": limit, "links": links, "privilege": rewards_api.refusal(member, "post_links")}
        raise ValidationError({field: message})


def can_flag(member) -> bool:
    return bool(member and member.is_authenticated and member.is_active and rewards_api.can(member, "flag"))


def can_promote(member) -> bool:
    return bool(member and member.is_authenticated and member.is_active and rewards_api.can(member, "promote"))


def require_member(member) -> None:
    """Logged in, active and not suspended: what every action that writes content asks first."""
    if member is None or not member.is_authenticated:
        raise PermissionDenied(_("Log in to do that."))
    if not member.is_active:
        raise PermissionDenied(_("Your account is not active."))
    if getattr(member, "is_suspended", False):
        until = formats.date_format(timezone.localtime(member.suspended_until), "DATETIME_FORMAT")
        if member.suspension_reason:
            raise PermissionDenied(
                # Translators: %(reason)s is the moderator's own words.
                _("Your account is suspended until %(until)s UTC: %(reason)s")
                % {"until": until, "reason": member.suspension_reason}
            )
        raise PermissionDenied(_("Your account is suspended until %(until)s UTC.") % {"until": until})


def require_moderator(member) -> None:
    require_member(member)
    if not is_moderator(member):
        raise PermissionDenied(_("Only moderators can do that."))
