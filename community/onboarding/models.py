"""What the welcome checklist stores: only what no other row says.

The steps "complete your profile", "ask or answer" and "vote" are read from the member's own row, posts and
votes (``queries.checklist``); opening the suggested good answer and putting the checklist away leave no other
trace, so they are kept here — one row per member, created by the first of them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class OnboardingProgress(models.Model):
    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="onboarding"
    )
    read_answer_at = models.DateTimeField(
        gettext_lazy("opened a good answer at"),
        null=True,
        blank=True,
        help_text=gettext_lazy("When the member opened the good answer their welcome checklist suggested."),
    )
    dismissed_at = models.DateTimeField(
        gettext_lazy("checklist dismissed at"),
        null=True,
        blank=True,
        help_text=gettext_lazy("When the member put their welcome checklist away (it is not shown again)."),
    )

    class Meta:
        verbose_name = gettext_lazy("onboarding progress")
        verbose_name_plural = gettext_lazy("onboarding progress")

    def __str__(self):
        return f"onboarding of member {self.member_id}"
