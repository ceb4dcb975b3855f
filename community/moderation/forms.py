"""Forms of the moderation screens and the flag form of the public site."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from community.moderation.models import Flag


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Reason"), choices=Flag.Reason.choices, widget=forms.RadioSelect)
    duplicate_of = forms.CharField(
        label=gettext_lazy("Duplicate of"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("For duplicates: the original's number or link."),
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)
