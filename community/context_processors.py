"""The header's inbox link: the member's unread count, computed only if a template shows it (cached a minute)."""

import functools


def inbox(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    from community.notifications import unread_count

    return {"inbox_unread": functools.cache(lambda: unread_count(user))}
