"""Count the days a member uses the site (the Enthusiast badge), once per member per day."""

from django.core.cache import cache
from django.utils import timezone

from rewards.badges import record_visit


class VisitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            day = timezone.now().date()
            key = f"rewards:visit:{user.pk}:{day.isoformat()}"
            if cache.add(key, True, 60 * 60 * 26):
                record_visit(user.pk, day)
        return self.get_response(request)
