"""CMS pages in the reader's language (docs/i18n.md, "Knowledge pages in two languages").

Wagtail keeps one page tree per locale (``WAGTAIL_I18N_ENABLED``), all under the same URLs: it serves the tree of
the active language (``site.root_page.localized``, the home page's translation), and ``HomePage.route`` falls back
to the other trees when a page has no translation in it — a reader never gets a 404 because a translation is
missing. What a reader sees of that:

- ``about_page(page)``: the page's language (its ``lang``), the note shown when it is not the reader's, and its
  live translations (the "Read in …" buttons, which switch the reader's language);
- ``in_reader_language(pages)``: a list as the reader reads it — the pages of their language, plus the pages
  that have no live translation in it (the default language's first), never a page *and* its translation;
- ``mark_languages(pages)``: which of those are in another language, for a marker and a ``lang`` attribute.

The reader's language is Django's active language (``community.core.language``: saved preference, cookie,
``Accept-Language``, default).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

# Shown above a page served in another language than the reader's, in the reader's language. One whole sentence
# per language of the page (a sentence is never built from translated pieces).
NOTES = {
    # Translators: above an article shown in English to a reader of your language ("your language" is yours).
    "en": gettext_lazy("This article does not exist in your language yet: here is the English version."),
    # Translators: above an article shown in French to a reader of your language ("your language" is yours).
    "fr": gettext_lazy("This article does not exist in your language yet: here is the French version."),
}
# Translators: above an article shown in its original language to a reader of your language.
OTHER_NOTE = gettext_lazy("This article does not exist in your language yet: here is the original version.")
# Beside a list item in another language than the reader's.
MARKS = {
    # Translators: a small label beside the title of an article written in English, in a list.
    "en": gettext_lazy("in English"),
    # Translators: a small label beside the title of an article written in French, in a list.
    "fr": gettext_lazy("in French"),
}


def content_language(code: str | None) -> str:
    """``code`` as one of ``WAGTAIL_CONTENT_LANGUAGES`` ("fr-ca" → "fr"), else an empty string."""
    try:
        return get_supported_content_language_variant(code) if code else ""
    except LookupError:
        return ""


@dataclass(frozen=True)
class Locales:
    """The site's locales, read in one query: ``codes`` maps a Locale id to its language."""

    codes: dict[int, str]
    reader: int | None  # the reader's Locale id (None: no Locale for their language)
    default: int | None  # LANGUAGE_CODE's

    @classmethod
    def now(cls) -> Locales:
        codes = dict(Locale.objects.values_list("pk", "language_code"))
        ids = {code: pk for pk, code in codes.items()}
        default = ids.get(content_language(settings.LANGUAGE_CODE))
        reader = ids.get(content_language(translation.get_language()), default)
        return cls(codes=codes, reader=reader, default=default)

    def code(self, locale_id: int | None) -> str:
        return self.codes.get(locale_id, "")


def in_reader_language(pages, locales: Locales | None = None):
    """``pages`` (a queryset of translatable pages, already limited to what may be listed) as the reader reads
    them: the reader's locale, plus pages whose translation key has no page in it — of those, the default
    locale's, else (a page that exists only in other languages) any. With two languages: never a page and its
    translation."""
    locales = locales or Locales.now()
    if locales.reader is None:
        return pages
    keys = pages.values("translation_key")
    in_reader = Q(translation_key__in=keys.filter(locale_id=locales.reader))
    shown = Q(locale_id=locales.reader)
    if locales.default is not None and locales.default != locales.reader:
        shown |= Q(locale_id=locales.default) & ~in_reader
        in_default = Q(translation_key__in=keys.filter(locale_id=locales.default))
        shown |= ~Q(locale_id__in=[locales.reader, locales.default]) & ~in_reader & ~in_default
    else:
        shown |= ~Q(locale_id=locales.reader) & ~in_reader
    return pages.filter(shown)


def mark_languages(pages, locales: Locales) -> list:
    """``pages`` as a list, each with ``shown_language`` (its language when it is not the reader's, else "") and
    ``language_mark`` ("in English")."""
    pages = list(pages)
    for page in pages:
        code = locales.code(page.locale_id) if page.locale_id != locales.reader else ""
        page.shown_language = code
        page.language_mark = MARKS.get(code, "") if code else ""
    return pages


def about_page(page, locales: Locales | None = None) -> dict:
    """For a page's template: ``page_language`` (its ``lang``), ``language_note`` (when the reader reads another
    language) and ``translations`` (its other live translations: language, name in that language, URL)."""
    locales = locales or Locales.now()
    language = locales.code(page.locale_id)
    note = None
    if locales.reader is not None and page.locale_id != locales.reader and language:
        note = NOTES.get(language, OTHER_NOTE)
    translations = []
    if page.pk:  # a preview of a page not saved yet has none
        for other in (
            page.get_translations(inclusive=False).live().order_by("locale_id").only("pk", "url_path", "locale_id")
        ):
            code = locales.code(other.locale_id)
            url = other.get_url()
            if code and url:
                name = translation.get_language_info(code)["name_local"]
                translations.append({"language": code, "name": name, "url": url})
    return {"page_language": language, "language_note": note, "translations": translations}
