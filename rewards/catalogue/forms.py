"""The confirmation form: a hidden idempotency key, and the fulfilment details the perk asks for.

The form only draws and parses the fields (labels, autocomplete hints, the size choices); what is required and
what is kept is decided by ``rewards.actions.redeem.clean_details``, whose errors land beside the same fields."""

from __future__ import annotations

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from rewards.actions import redeem
from rewards.models import Perk

# Each detail: its label and the browser's autocomplete token (so a saved address fills in by itself).
ADDRESS = (
    ("name", _("Full name"), "name"),
    ("street", _("Street address"), "street-address"),
    ("postcode", _("Postcode"), "postal-code"),
    ("city", _("City"), "address-level2"),
    ("country", _("Country"), "country-name"),
)


def new_key() -> str:
    """A fresh idempotency key for one rendered confirmation form."""
    return secrets.token_urlsafe(24)


class RedeemForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=redeem.KEY_MAX_LENGTH)
    # The price the member saw: if the team changes it meanwhile, they confirm again rather than pay another.
    cost = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, perk: Perk, **kwargs):
        super().__init__(*args, **kwargs)
        self.perk = perk
        # Required-ness is the action's to say (with its own sentence); the browser still asks before sending.
        if perk.asks_address:
            for name, label, autocomplete in ADDRESS:
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=redeem.MAX_LENGTHS[name],
                    widget=forms.TextInput(attrs={"autocomplete": autocomplete, "required": True}),
                )
        if perk.asks_size:
            self.fields["size"] = forms.ChoiceField(
                label=_("Size"),
                required=False,
                choices=[("", _("Choose a size"))] + [(s, s) for s in redeem.perk_sizes(perk)],
                widget=forms.Select(attrs={"required": True}),
            )
        if perk.asks_phone:
            self.fields["phone"] = forms.CharField(
                label=_("Phone number"),
                required=False,
                max_length=redeem.MAX_LENGTHS["phone"],
                help_text=_("With its country code, so the team can reach you."),
                widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "required": True}),
            )

    @property
    def detail_fields(self):
        return [self[name] for name in self.fields if name not in ("key", "cost")]

    def details(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name not in ("key", "cost")}
