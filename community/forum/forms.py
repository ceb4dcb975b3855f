"""Forms only parse what members typed; the rules live in community.forum.actions."""

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

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


class ThreadLanguageField(forms.ChoiceField):
    """The thread's language: detected from the text unless the author says (community/forum/content_language.py)."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=[("", gettext_lazy("Detect it from the text"))] + list(settings.LANGUAGES),
            required=False,
            label=gettext_lazy("Language of the thread"),
            **kwargs,
        )


class ThreadForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("kind of thread", "Kind"),
        choices=Thread.Kind.choices,
        widget=forms.RadioSelect,
        initial=Thread.Kind.QUESTION,
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=10_000,
        widget=forms.TextInput(
            attrs={"placeholder": gettext_lazy("What is your question or tip about?"), "autocomplete": "off"}
        ),
    )
    body = forms.CharField(
        label=gettext_lazy("Body"),
        max_length=100_000,
        widget=markdown_area(12),
        help_text=gettext_lazy("Markdown is supported."),
    )
    tags = forms.CharField(
        label=gettext_lazy("Tags"),
        max_length=1_000,
        help_text=gettext_lazy(
            "1 to 5 tags, separated by spaces, e.g. “sync offline”. Lower-case letters, digits and . + # -."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    language = ThreadLanguageField()


# Translators: the label of the field where an editor says what they changed.
EDIT_SUMMARY = gettext_lazy("Summary")


class EditThreadForm(ThreadForm):
    summary = forms.CharField(
        label=EDIT_SUMMARY,
        max_length=200,
        required=False,
        help_text=gettext_lazy("What did you change? (optional)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["kind"]


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Body"),
        max_length=100_000,
        widget=markdown_area(8),
        help_text=gettext_lazy("Markdown is supported."),
    )


class EditAnswerForm(AnswerForm):
    summary = forms.CharField(
        label=EDIT_SUMMARY,
        max_length=200,
        required=False,
        help_text=gettext_lazy("What did you change? (optional)"),
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=pgettext_lazy("noun", "Comment"),
        max_length=5_000,
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": gettext_lazy("Add a comment (plain text, links allowed)")}
        ),
    )


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=gettext_lazy("Display name"), max_length=60, required=False)
    bio = forms.CharField(
        label=gettext_lazy("Bio"), max_length=280, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Each language is named in itself ("Français" for everyone), as a reader looks for their own.
    language = forms.ChoiceField(
        choices=[("", gettext_lazy("Your browser's language"))] + list(settings.LANGUAGES),
        required=False,
        label=gettext_lazy("Language of the site and of our e-mails"),
    )
    reads_languages = forms.MultipleChoiceField(
        choices=settings.LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Languages you read"),
        help_text=gettext_lazy("Lists set to “My languages” show threads in these. None ticked: the site’s language."),
    )


class SignupForm(AllauthSignupForm):
    """allauth's sign-up with the public handle explained."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "username" in self.fields:
            self.fields["username"].label = gettext_lazy("Username")
            self.fields["username"].help_text = gettext_lazy(
                "Your public handle: 3 to 30 letters, digits, dots, dashes or underscores."
            )


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
        label=gettext_lazy("Leave this empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Sign-up refused. If you are a person, leave the last field empty."))
        return ""

    def clean(self):
        """allauth compares the two passwords only once the first passes the password rules: someone who typed a
        short password and a different second one was told only "too short". Say both, each under its field."""
        cleaned_data = super().clean()
        if {"password1", "password2"} <= self.fields.keys() and not self.has_error("password2"):
            first, second = self["password1"].data, self["password2"].data
            if first and second and first != second:
                self.add_error("password2", _("You must type the same password each time."))
        return cleaned_data
