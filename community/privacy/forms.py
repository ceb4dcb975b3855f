"""The two forms of "Your data": ask for an archive, and delete the account (password + confirmation)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ExportForm(forms.Form):
    """One fixed choice, sent by the page's button: a POST without it (a script, a stray form) asks for nothing."""

    archive = forms.ChoiceField(choices=[("everything", _("Everything we hold about me"))], widget=forms.HiddenInput)


class DeleteAccountForm(forms.Form):
    """Asks for the member's password (members without one re-authenticate with allauth first) and an explicit
    confirmation; a wrong password or a missing tick is a form error and schedules nothing."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be erased after the grace period."),
        error_messages={"required": _("Tick the box to confirm that you want your account deleted.")},
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        if not member.has_usable_password():
            del self.fields["password"]  # they proved who they are by re-authenticating (views.delete_account)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.member.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
