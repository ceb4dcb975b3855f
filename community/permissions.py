"""Who may do what to which post.

One place for the rules, so actions, views and templates agree. Staff
(the Moderators group and administrators) are exempt from ownership rules. The
reputation-based privileges of the rewards app will plug in here through
its public ``rewards.api.can`` function, never by importing its models.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


MODERATOR_PERMISSION = "community.change_thread"


def is_moderator(member) -> bool:
    """Moderators are the members of the *Moderators* group (and superusers).

    Checked through the permission the group grants, so the public site and
    the Wagtail admin agree on who moderates; Django caches it per request.
    """
    return bool(member and member.is_authenticated and member.is_active and member.has_perm(MODERATOR_PERMISSION))


def can_edit(member, post) -> bool:
    if not (member and member.is_authenticated and member.is_active):
        return False
    if post.is_deleted and not is_moderator(member):
        return False
    return post.author_id == member.pk or is_moderator(member)


def can_hide(member, post) -> bool:
    return can_edit(member, post)


def can_restore(member) -> bool:
    return is_moderator(member)


def can_comment(member, target) -> bool:
    return bool(member and member.is_authenticated and member.is_active)


def can_accept(member, thread) -> bool:
    return bool(member and member.is_authenticated and thread.is_question and thread.author_id == member.pk)


def require_vote_privilege(member, value: int) -> None:
    if not (member and member.is_authenticated and member.is_active):
        raise PermissionDenied("Log in to vote.")
