"""The date of a member's scheduled deletion, for the grace period's banner on every page (templates/base.html).

The session carries it (handlers.on_login), so the banner costs no query. Read here rather than as
``request.session.guildhall_deletion_on`` in the template: that lookup misses for nearly every member, and a miss
ends in Django calling ``dir()`` on the session. A visitor's session is not touched."""

from community.privacy.handlers import DELETION_SESSION_KEY


def deletion(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"deletion_on": request.session.get(DELETION_SESSION_KEY)}
