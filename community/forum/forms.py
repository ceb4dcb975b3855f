"""Forms only parse what members typed; the rules live in community.forum.actions."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy

from community.forum.models import Thread


def markdown_area(rows: int) -> forms.Textarea:
    """A Markdown textarea that ``static/guildhall/site.js`` gives a "Preview" button: the server renders the
    text as a post would be (``community:preview``); the labels come from here so they are translated."""
    return forms.Textarea(
        attrs={
            "rows": rows,
            "data-preview-url": reverse_lazy("community:preview"),
            "data-preview-label": gettext_lazy("Preview"),
            "data-preview-empty": gettext_lazy("Nothing to preview yet."),
            "data-preview-failed": gettext_lazy("The preview could not be made: try again in a moment."),
        }
    )


class ThreadForm(forms.Form):
    kind = forms.ChoiceField(choices=Thread.Kind.choices, widget=forms.RadioSelect, initial=Thread.Kind.QUESTION)
    title = forms.CharField(
        max_length=10_000,
        widget=forms.TextInput(attrs={"placeholder": "What is your question or tip about?", "autocomplete": "off"}),
    )
    body = forms.CharField(max_length=100_000, widget=markdown_area(12), help_text="Markdown is supported.")
    tags = forms.CharField(
        max_length=1_000,
        help_text="1 to 5 tags, separated by spaces, e.g. “sync offline”. Lower-case letters, digits and . + # -.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class EditThreadForm(ThreadForm):
    summary = forms.CharField(max_length=200, required=False, help_text="What did you change? (optional)")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


class AnswerForm(forms.Form):
    body = forms.CharField(max_length=100_000, widget=markdown_area(8), help_text="Markdown is supported.")


class EditAnswerForm(AnswerForm):
    summary = forms.CharField(max_length=200, required=False, help_text="What did you change? (optional)")


class CommentForm(forms.Form):
    body = forms.CharField(
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "Add a comment (plain text, links allowed)"}),
    )


class ProfileForm(forms.Form):
    display_name = forms.CharField(max_length=60, required=False)
    bio = forms.CharField(max_length=280, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with the public handle explained."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "username" in self.fields:
            self.fields["username"].label = "Username"
            self.fields[
                "username"
            ].help_text = "Your public handle: 3 to 30 letters, digits, dots, dashes or underscores."


def parse_thread_reference(value: str):
    """A visible thread from its number or its link (…/t/<number>/…)."""
    value = (value or "").strip()
    digits = value.split("/t/", 1)[1].split("/", 1)[0] if "/t/" in value else value.lstrip("#")
    if not digits.isdigit():
        return None
    return Thread.objects.filter(pk=int(digits), is_deleted=False).first()


class HoneypotSignupForm(SignupForm):
    """Sign-up with a field people never see: bots that fill it are turned away."""

    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError("Sign-up refused. If you are a person, leave the last field empty.")
        return ""
