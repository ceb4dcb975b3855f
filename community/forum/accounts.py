"""django-allauth glue: new members go through community.forum.actions like everything else, and failed
log-ins slow an attacker down without locking the member out.

allauth counts failed log-ins per IP and per account (``ACCOUNT_RATE_LIMITS["login_failed"]``) *before* it
checks the password, so once someone had guessed wrong five times for an account, the member's own right
password was refused too: anyone who knew an address could lock its member out. Here the limits still apply
to every other browser, with growing windows, but not to a browser the member has signed in from before (a
signed "usual device" cookie set at each log-in, naming up to ``DEVICE_MEMBERS`` accounts), and a member
refused elsewhere can sign in with a one-time code sent to their e-mail (allauth's log-in by code): what is
refused is guessing, never the member. docs/security.md says why.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.core import language, validators
from community.forum import actions, queries

DEVICE_COOKIE = "guildhall_device"
DEVICE_SALT = "guildhall.usual-device"
DEVICE_MAX_AGE = 365 * 24 * 3600
DEVICE_MEMBERS = 5  # accounts remembered by one browser (a family computer)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": gettext_lazy(
            "Too many failed log-ins for this account from here: try again in a few minutes, or sign in with a "
            "code sent to your e-mail."
        ),
    }

    def clean_username(self, username, shallow=False):
        """Usernames as people will see them: NFKC-normalised (full-width "ｈａｎｎａｈ" is "hannah") and without
        invisible or bidirectional characters before the ASCII rule; and, since a member without a display name
        is shown by their username, never one that could pass for a moderator's or staff member's name."""
        try:
            username = validators.visible_text(username, field="username")
        except ValidationError as exc:  # a field's own clean: the message, not the {field: message} dict
            raise ValidationError(exc.message_dict["username"]) from exc
        username = super().clean_username(username, shallow=shallow)
        if not shallow and queries.looks_like_a_moderator(username):
            raise ValidationError(
                _("This username looks like the name of a moderator or of our staff: choose another.")
            )
        return username

    def save_user(self, request, user, form, commit=True):
        # The language they signed up in is the one we write to them in (they can change it in their settings).
        user.language = language.supported(translation.get_language()) or user.language
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            actions.member_joined(user)
        return user

    def get_signup_redirect_url(self, request):
        """A new member lands on the welcome page (community/onboarding): what the community is for, the privilege
        ladder and their first steps. With mandatory verification, the log-in that confirming the e-mail
        resumes carries this same address."""
        return reverse("community:welcome")

    def get_email_verification_redirect_url(self, email_address):
        """Confirming a first address (optional verification: the member is already signed in) leads to the
        welcome page too; confirming a changed address returns where allauth would."""
        if self.request.user.is_authenticated and not (
            EmailAddress.objects.filter(user_id=email_address.user_id, verified=True)
            .exclude(pk=email_address.pk)
            .exists()
        ):
            return reverse("community:welcome")
        return super().get_email_verification_redirect_url(email_address)

    def pre_authenticate(self, request, **credentials):
        usual = usual_members(request)
        if usual and _member_id(credentials) in usual:
            self._login_failed_rl_usage = None  # the member's own browser: never held back by others' guesses
            return
        super().pre_authenticate(request, **credentials)

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        remembered = [user.pk, *(pk for pk in usual_members(request) if pk != user.pk)][:DEVICE_MEMBERS]
        response.set_signed_cookie(
            DEVICE_COOKIE,
            ".".join(str(pk) for pk in remembered),
            salt=DEVICE_SALT,
            max_age=DEVICE_MAX_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
        return response


def usual_members(request) -> list[int]:
    """The members who signed in from this browser before (its signed cookie; nothing if absent or forged)."""
    value = request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    return [int(part) for part in value.split(".") if part.isdigit()]


def _member_id(credentials) -> int | None:
    email = (credentials.get("email") or "").strip()
    if not email:
        return None
    return EmailAddress.objects.filter(email__iexact=email).values_list("user_id", flat=True).first()
