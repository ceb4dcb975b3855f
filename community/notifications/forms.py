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

    def __init__(self, *args, modes: dict, moderator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # Only moderators hear about webhook endpoints turned off: members are never offered the choice, and keep
        # their stored mode for it untouched.
        self.kinds = [
            (key, label) for key, label in notifications.EMAIL_KINDS if moderator or key != notifications.K.WEBHOOK
        ]
        self.kept = dict(modes)
        for key, label in self.kinds:
            allowed = notifications.BADGE_MODES if key == notifications.BADGE else tuple(notifications.MODES)
            self.fields[f"email_{key}"] = forms.ChoiceField(
                label=label,
                choices=[(m, notifications.MODES[m]) for m in allowed],
                initial=modes[key],
            )

    def email_fields(self):
        return [self[f"email_{key}"] for key, _ in self.kinds]

    def modes(self) -> dict:
        return {**self.kept, **{key: self.cleaned_data[f"email_{key}"] for key, _ in self.kinds}}
