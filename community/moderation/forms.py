"""Forms of the moderation screens and the flag form of the public site."""

from __future__ import annotations

from django import forms

from community.moderation.models import Flag


class FlagForm(forms.Form):
    reason = forms.ChoiceField(choices=Flag.Reason.choices, widget=forms.RadioSelect)
    duplicate_of = forms.CharField(
        max_length=300, required=False, help_text="For duplicates: the original's number or link."
    )
    note = forms.CharField(max_length=300, required=False)
