"""Tell a member about badges they earned since they last looked (once)."""

from django.core.cache import cache

from rewards.badges import mark_seen, unseen_awards, unseen_cache_key


def new_awards(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    key = unseen_cache_key(user.pk)
    if cache.get(key) is False:
        return {}
    awards = unseen_awards(user.pk)
    if awards:
        mark_seen(user.pk)
    else:
        cache.set(key, False, 300)
    return {"new_awards": awards}
