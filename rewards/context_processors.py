"""Tell a member about badges they earned since they last looked (read only: nothing writes while rendering).

The banner stays until the member dismisses it (``rewards:awards_seen``, a POST) or opens their reputation
page; both go through ``rewards.actions.mark_awards_seen``.
"""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from rewards.badges import unseen_awards, unseen_cache_key
from rewards.recognition import standing as recognition_standing


def new_awards(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    key = unseen_cache_key(user.pk)
    if cache.get(key) is False:
        return {}
    awards = unseen_awards(user.pk)
    if not awards:
        cache.set(key, False, 300)
    return {"new_awards": awards}


def recognition(request):
    """The signed-in member's own standing for the header: reputation, progress to the next privilege, unseen
    reputation changes (``rewards.recognition.standing``: the shared cache, read ahead with the member's row)."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"my_standing": SimpleLazyObject(lambda: recognition_standing(user))}
