"""The language a thread is written in, detected offline when it is posted or edited.

``py3langid`` (a maintained fork of langid.py: a naive Bayes model over byte n-grams, trained on 97 languages and
shipped with the package) restricted to the languages the site speaks (``LANGUAGES``), so adding a language to the
site adds it here. A short or ambiguous text ("Merci", "IPA vs APA") is not worth guessing: below ``CONFIDENCE``
it takes the author's language instead. The author can correct it on the edit form; tests/forum/test_content_language.py
checks the detector against our own labelled posts (tests/data/languages.tsv).
"""

from __future__ import annotations

import threading

from django.conf import settings

from community.core.language import supported

# Below this probability (normalised over the site's languages) a text is too short or too mixed to tell.
CONFIDENCE = 0.9
# Enough to tell; longer posts only cost time (the model reads every byte).
SAMPLE_CHARS = 2000

_lock = threading.Lock()
_identifiers: dict[tuple[str, ...], object] = {}


def site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _identifier():
    """The model, loaded once per process (~1 s: it is decompressed from the package) for the site's languages."""
    languages = tuple(site_languages())
    identifier = _identifiers.get(languages)
    if identifier is None:
        with _lock:
            identifier = _identifiers.get(languages)
            if identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                identifier.set_languages(list(languages))
                _identifiers[languages] = identifier
    return identifier


def detect(text: str, *, fallback: str = "") -> str:
    """The site language ``text`` is written in; ``fallback`` (else the site default) when it cannot tell."""
    fallback = supported(fallback) or settings.LANGUAGE_CODE
    languages = site_languages()
    if len(languages) == 1:
        return languages[0]
    text = " ".join((text or "").split())[:SAMPLE_CHARS]
    if len(text) < 3:
        return fallback
    language, probability = _identifier().classify(text)
    return language if probability >= CONFIDENCE else fallback


def thread_language(title: str, body_md: str, *, author=None) -> str:
    """A thread's language from its title and body; the author's language when the text cannot tell."""
    fallback = getattr(author, "language", "") or ""
    return detect(f"{title}\n{body_md}", fallback=fallback)
