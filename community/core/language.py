"""Which language a member reads the site in, and in which language we write to them.

The order (docs/i18n.md): a signed-in member's saved preference, else the footer switcher's cookie, else the
browser's ``Accept-Language``, else the site default (``LANGUAGE_CODE``, set by ``GUILDHALL_LANGUAGE``). Django's
``LocaleMiddleware`` does the last three; ``MemberLanguageMiddleware`` below puts the preference first. E-mails,
digests and notifications are written in the recipient's language (``language_of``), never the actor's.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.utils import translation


def supported(code: str | None) -> str:
    """``code`` if the site speaks it (``fr-CA`` counts as ``fr``), else an empty string."""
    if not code:
        return ""
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return ""


def language_of(member) -> str:
    """The language we write to ``member`` in: their saved preference, else the site default."""
    return supported(getattr(member, "language", "")) or settings.LANGUAGE_CODE


@contextmanager
def speaking_to(member):
    """Render what goes to ``member`` (an e-mail, a notification text) in their language."""
    with translation.override(language_of(member)):
        yield


class MemberLanguageMiddleware:
    """A signed-in member with a saved language reads every page in it, whatever the browser or cookie says.

    Sits after ``AuthenticationMiddleware``; ``LocaleMiddleware`` (outer) has already chosen from the cookie and
    ``Accept-Language`` and later adds ``Content-Language`` from the language active here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            speak_their_language(request)
        return self.get_response(request)


def speak_their_language(request) -> None:
    """Activate the signed-in ``request.user``'s saved language, if any, for the rest of the request.

    ``StandingMiddleware`` calls it first on page reads (the privilege refusals it recalls are sentences, cached per
    language); ``MemberLanguageMiddleware`` then finds it active already."""
    preferred = supported(getattr(request.user, "language", ""))
    if preferred and preferred != getattr(request, "LANGUAGE_CODE", None):
        translation.activate(preferred)
        request.LANGUAGE_CODE = preferred


# ``?lang=mine`` on a list: only the threads written in the reader's languages.
MINE = "mine"


def reading_languages(user) -> list[str]:
    """The languages ``user`` reads threads in: the ones ticked in their settings, else the page's language."""
    chosen = [code for code in (getattr(user, "reads_languages", None) or []) if supported(code)]
    return chosen or [supported(translation.get_language()) or settings.LANGUAGE_CODE]


def listed_languages(request) -> list[str] | None:
    """The languages a list is limited to: the reader's with ``?lang=mine``, else None (every language)."""
    return reading_languages(request.user) if request.GET.get("lang") == MINE else None
