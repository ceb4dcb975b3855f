"""The "Access tokens" settings page's form: it only parses; the rules live in ``community.api.actions``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from community.api.models import TokenScope


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=200,  # the action says how long a name may be, in a sentence of its own
        help_text=gettext_lazy("What will use it, e.g. “CRM sync” or “Support chat bot”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("What it may do"),
        choices=TokenScope.choices,
        initial=TokenScope.READ,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Read: what you can see, as you. Read and write: also ask, answer, comment, vote, accept, flag and "
            "follow in your name, with your privileges."
        ),
    )


class RevokeForm(forms.Form):
    """A moderator's revocation in the CMS: the reason is shown to the member."""

    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Shown to the member with the notice that their token was revoked."),
    )
