"""Forms of the community team on the public site."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.forum.models import IdeaStatus


class IdeaStatusForm(forms.Form):
    status = forms.ChoiceField(label=pgettext_lazy("idea", "Status"), choices=IdeaStatus.choices)
    explanation = forms.CharField(
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Explanation"),
        help_text=_("Public: shown on the idea and sent to its voters and followers."),
    )
