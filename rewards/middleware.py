"""Count the days a member uses the site (the Enthusiast badge), once per member per day."""

from django.core.cache import cache
from django.utils import timezone

from rewards.badges import record_visit


class VisitMiddleware:
    """The shared cache decides "first request of the day" across workers; each worker also remembers the
    members it has already seen today, so a member's later requests cost no cache round trip."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seen_today: set[tuple[int, str]] = set()

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            today = timezone.now().date()
            day = today.isoformat()
            if (user.pk, day) not in self.seen_today:
                if len(self.seen_today) > 100_000:  # bounded: a new day makes the old entries useless
                    self.seen_today.clear()
                if cache.add(f"rewards:visit:{user.pk}:{day}", True, 60 * 60 * 26):
                    record_visit(user.pk, today)
                self.seen_today.add((user.pk, day))
        return self.get_response(request)
