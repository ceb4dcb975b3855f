"""Forms of the notification settings."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from community.notifications import inbox as notifications


class NotificationSettingsForm(forms.Form):
    expert_requests = forms.BooleanField(
        required=False,
        label=_("Ask me about unanswered questions in tags I know well"),
    )

    def __init__(self, *args, modes: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in notifications.EMAIL_KINDS:
            allowed = notifications.BADGE_MODES if key == notifications.BADGE else tuple(notifications.MODES)
            self.fields[f"email_{key}"] = forms.ChoiceField(
                label=label,
                choices=[(m, notifications.MODES[m]) for m in allowed],
                initial=modes[key],
            )

    def email_fields(self):
        return [self[f"email_{key}"] for key, _ in notifications.EMAIL_KINDS]

    def modes(self) -> dict:
        return {key: self.cleaned_data[f"email_{key}"] for key, _ in notifications.EMAIL_KINDS}
