"""The CMS form of a webhook endpoint (its rules are ``actions.clean_endpoint``'s, shown on the fields)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from community.webhooks.actions import MAX_HOURS
from community.webhooks.models import Event, new_secret


class EndpointForm(forms.Form):
    url = forms.URLField(
        label=_("Payload URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Where we POST each event as JSON, e.g. https://support.example.com/hooks/guildhall."),
        error_messages={"invalid": _("Enter a full web address, like https://example.com/hooks.")},
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("Optional: what receives it, for the other moderators (“Helpdesk”, “CRM”)."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=Event.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event to send.")},
    )
    unanswered_hours = forms.IntegerField(
        label=_("Hours without an answer"),
        min_value=1,
        max_value=MAX_HOURS,
        initial=24,
        help_text=_("For “Question unanswered after N hours”: each question is sent once, after this many hours."),
    )
    secret = forms.CharField(
        label=_("Secret"),
        max_length=128,
        min_length=16,
        help_text=_(
            "We sign every delivery with it (HMAC-SHA256, the X-Guildhall-Signature header). Copy it into the "
            "receiver; keep the generated one unless the receiver gives you its own."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "webhook-secret"}),
    )
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        initial=True,
        help_text=_("Turning an endpoint back on clears its count of failed deliveries."),
    )

    def __init__(self, *args, endpoint=None, **kwargs):
        if endpoint is not None:
            defaults = {
                "url": endpoint.url,
                "description": endpoint.description,
                "events": endpoint.events,
                "unanswered_hours": endpoint.unanswered_hours,
                "secret": endpoint.secret,
                "is_active": endpoint.is_active,
            }
        else:
            defaults = {"secret": new_secret(), "is_active": True, "unanswered_hours": 24}
        kwargs["initial"] = {**defaults, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
