"""The header's inbox link: the member's unread count, computed only if a template shows it (cached a minute)."""

import functools

from community.notifications.inbox import unread_count


def inbox(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"inbox_unread": functools.cache(lambda: unread_count(user))}
