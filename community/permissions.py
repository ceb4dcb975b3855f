"""Who may do what to which post.

One place for the rules, so actions, views and templates agree. Staff
(moderators and administrators) are exempt from ownership rules. The
reputation-based privileges of the rewards app will plug in here through
its public ``rewards.api.can`` function, never by importing its models.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


def is_moderator(member) -> bool:
    return bool(member and member.is_authenticated and member.is_active and member.is_staff)


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
