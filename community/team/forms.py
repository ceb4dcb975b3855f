"""Forms of the community team on the public site."""

from __future__ import annotations

from django import forms

from community.forum.models import IdeaStatus


class IdeaStatusForm(forms.Form):
    status = forms.ChoiceField(choices=IdeaStatus.choices)
    explanation = forms.CharField(
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Public: shown on the idea and sent to its voters and followers.",
    )
