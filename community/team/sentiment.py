"""Does a post read as a complaint or as frustration? (English and French, offline.)

The dissatisfaction watch (``community.team.watch``) asks :func:`read` about every
new or edited post. The answer combines two things:

1. **VADER** (``vaderSentiment``, MIT, Hutto & Gilbert 2014): a lexicon and
   rule-based sentiment model that needs no network and no model download. For
   English it runs as shipped. For French it runs with the French lexicon of
   *vaderSentiment-fr* (Deprez & Ek, 7 Lieues Technologies, MIT; a manual
   translation of VADER's lexicon), copied to ``community/data/vader_fr_lexicon.txt``
   (see ``community/data/README.md``), plus French negations ("ne … pas",
   "jamais", "plus", "rien", "sans") and "mais" in place of "but".
2. **Complaint cues** of our own (:data:`CUES`): phrases that support teams know
   mean "a customer is unhappy" even when the words are not emotional — "still
   not fixed", "third time I ask", "nobody answers", "refund", "toujours pas",
   "personne ne répond", "remboursé"…

``score`` is VADER's compound (−1 … +1) minus the cues' weights; a post is
dissatisfied when the score is at or below :data:`THRESHOLD` *and* something
says "complaint": a cue of at least medium weight, a strongly negative word, or
a very negative whole (negative tone alone, "tried that already,
unfortunately", is not enough). ``negativity``
(0 … 1) orders the watch list. Code blocks, inline code and links are ignored:
an error message quoted in a question is not frustration.

Accuracy on ``tests/data/dissatisfaction_labelled.csv`` is checked by
``tests/test_dissatisfaction.py`` and reported in ``docs/community-team.md``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from vaderSentiment import vaderSentiment as vader

from community.core.rendering import plain_text

DATA = Path(__file__).resolve().parent.parent / "data"
THRESHOLD = -0.3
# Negative tone alone is not a complaint ("Tried that already, unfortunately"); it also takes a complaint cue of
# at least MEDIUM weight, a strongly negative word (valence ≤ STRONG_WORD) or a very negative whole (COMPOUND_ALONE).
STRONG_WORD = -2.0
COMPOUND_ALONE = -0.75

_CODE_FENCE = re.compile(r"```.*?(```|$)|~~~.*?(~~~|$)", re.S)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_URL = re.compile(r"https?://\S+")
_WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ']+", re.I)

FRENCH_WORDS = frozenset(
    "le la les un une des du de et est je j tu il elle nous vous ils elles pas ne que qui quoi pour avec sur dans "
    "ce cette ces mon ma mes ton ta tes son sa ses notre votre leur au aux ou où mais donc car très plus rien "
    "toujours encore depuis personne aucune aucun c ça cela n l d qu m s t y en sont suis ai a avez avons été "
    "comment pourquoi quand quel quelle quels quelles merci bonjour faut peut".split()
)
ENGLISH_WORDS = frozenset(
    "the a an and is are was were i you he she it we they not no to of for with on in this that these those my "
    "your his her our their at or but so very more nothing always still again since nobody anyone any how why "
    "when what which thanks hello can could should would do does did have has had be been am".split()
)

# Phrases (lower case, accents kept; matched on word boundaries) and how much
# each one moves the score down. Strong cues alone make a post dissatisfied;
# weak ones only tip a post that already reads negative.
STRONG, MEDIUM, WEAK = 0.6, 0.35, 0.15
CUES: dict[str, dict[str, float]] = {
    "en": {
        "fed up": STRONG,
        "sick of": STRONG,
        "refund": STRONG,
        "unacceptable": STRONG,
        "not acceptable": STRONG,
        "ridiculous": STRONG,
        "a joke": STRONG,
        "nobody answers": STRONG,
        "no one answers": STRONG,
        "nobody from": MEDIUM,
        "no answer": MEDIUM,
        "no reply": MEDIUM,
        "ignored": MEDIUM,
        "third time": STRONG,
        "second time": MEDIUM,
        "still not": MEDIUM,
        "still no": MEDIUM,
        "still broken": STRONG,
        "still doesn't": MEDIUM,
        "still does not": MEDIUM,
        "still not fixed": STRONG,
        "broken for": STRONG,
        "breaks": WEAK,
        "broke": WEAK,
        "broken": WEAK,
        "useless": MEDIUM,
        "unusable": STRONG,
        "waste of": STRONG,
        "worst": MEDIUM,
        "terrible": MEDIUM,
        "lost my": MEDIUM,
        "lost a": MEDIUM,
        "every update": MEDIUM,
        "keeps crashing": MEDIUM,
        "keeps happening": MEDIUM,
        "crashes every": MEDIUM,
        "again": WEAK,
        "why is it so": MEDIUM,
        "fix it": MEDIUM,
        "fix the": WEAK,
        "already": WEAK,
        "waited": WEAK,
        "doesn't work": WEAK,
        "not work": WEAK,
        "slow": WEAK,
        "what's the point": STRONG,
        "what is the point": STRONG,
        "disappointed": MEDIUM,
        "disappointing": MEDIUM,
        "upset": MEDIUM,
        "annoyed": MEDIUM,
        "angry": MEDIUM,
        "frustrated": MEDIUM,
        "frustrating": MEDIUM,
        "hate": MEDIUM,
        "?!": MEDIUM,
        "!!": WEAK,
    },
    "fr": {
        "ras le bol": STRONG,
        "marre": STRONG,
        "en ai assez": STRONG,
        "rembours": STRONG,
        "inadmissible": STRONG,
        "inacceptable": STRONG,
        "n'importe quoi": STRONG,
        "scandaleux": STRONG,
        "scandaleuse": STRONG,
        "lamentable": STRONG,
        "honte": MEDIUM,
        "insupportable": STRONG,
        "personne ne répond": STRONG,
        "aucune réponse": MEDIUM,
        "pas de réponse": MEDIUM,
        "ignoré": MEDIUM,
        "troisième fois": STRONG,
        "deuxième fois": MEDIUM,
        "toujours pas": MEDIUM,
        "toujours aucune": STRONG,
        "toujours rien": STRONG,
        "ne marche plus": MEDIUM,
        "ne fonctionne plus": MEDIUM,
        "ne marche toujours pas": STRONG,
        "cassé": WEAK,
        "inutilisable": STRONG,
        "inutile": MEDIUM,
        "catastroph": STRONG,
        "perdu mes": MEDIUM,
        "perdu une": MEDIUM,
        "à chaque mise à jour": MEDIUM,
        "sans arrêt": MEDIUM,
        "encore": WEAK,
        "pourquoi est-ce si": MEDIUM,
        "à quoi sert": STRONG,
        "corrigez": MEDIUM,
        "j'attends": WEAK,
        "j'attends une réponse": MEDIUM,
        "déçu": MEDIUM,
        "déçue": MEDIUM,
        "décevant": MEDIUM,
        "horrible": MEDIUM,
        "nul": MEDIUM,
        "franchement": WEAK,
        "rend fou": STRONG,
        "ne sert à rien": STRONG,
        "lent": WEAK,
        "lente": WEAK,
        "?!": MEDIUM,
        "!!": WEAK,
        "énervé": MEDIUM,
        "énervée": MEDIUM,
        "agacé": MEDIUM,
        "agacée": MEDIUM,
        "frustré": MEDIUM,
        "frustrée": MEDIUM,
        "frustrant": MEDIUM,
        "en colère": MEDIUM,
        "déteste": MEDIUM,
    },
}

# Domain adaptation of the lexicons. In a product community "error", "crash" or
# "problem" describe what a member needs help with, not how they feel, so they
# carry no valence here; the emotion comes from the other words and the cues.
# A few French entries are also brought in line with their English originals.
NEUTRAL_WORDS = {
    "en": (
        "error errors fail fails failed failure failing crash crashed problem problems wrong conflict conflicts "
        "warning warnings fire fires fired kill killed dead lost missing stop stops stopped block blocked reject "
        "rejected empty hard stuck attack limit limits debug"
    ).split(),
    "fr": (
        "erreur erreurs problème problèmes souci soucis échec échoue échouent échoué plantage conflit conflits "
        "défaut saisie vide vider prévenir supprimer supprimé supprimée manque manquant limite bloqué bloquée"
    ).split(),
}
LEXICON_OVERRIDES = {
    "en": {},
    "fr": {"déçu": -2.1, "déçue": -2.1, "énervé": -2.2, "énervée": -2.2, "agacé": -1.8, "agacée": -1.8},
}

FRENCH_NEGATIONS = frozenset(["ne", "n", "pas", "jamais", "plus", "rien", "aucun", "aucune", "sans", "ni", "guère"])
_ELISION = re.compile(r"\b(qu|[cdjlmnst])['’]", re.I)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class FrenchAnalyzer(vader.SentimentIntensityAnalyzer):
    """VADER with the French lexicon, French negations and "mais"."""

    def __init__(self):
        super().__init__(lexicon_file=str(DATA / "vader_fr_lexicon.txt"))
        _adapt(self.lexicon, "fr")
        # Members often type without accents ("decu", "genial"): accept both spellings.
        for word, value in list(self.lexicon.items()):
            self.lexicon.setdefault(strip_accents(word), value)

    @staticmethod
    def _negation_check(valence, words_and_emoticons, start_i, i):
        before = words_and_emoticons[i - (start_i + 1)]
        if str(before).lower() in FRENCH_NEGATIONS:
            valence = valence * vader.N_SCALAR
        return valence

    @staticmethod
    def _but_check(words_and_emoticons, sentiments):
        lowered = [str(w).lower() for w in words_and_emoticons]
        if "mais" in lowered:
            at = lowered.index("mais")
            for k, sentiment in enumerate(sentiments):
                if k < at:
                    sentiments[k] = sentiment * 0.5
                elif k > at:
                    sentiments[k] = sentiment * 1.5
        return sentiments


def _adapt(lexicon: dict, language: str) -> None:
    for word in NEUTRAL_WORDS[language]:
        lexicon.pop(word, None)
    lexicon.update(LEXICON_OVERRIDES[language])


@functools.cache
def _analyzer(language: str) -> vader.SentimentIntensityAnalyzer:
    if language == "fr":
        return FrenchAnalyzer()
    analyzer = vader.SentimentIntensityAnalyzer()
    _adapt(analyzer.lexicon, "en")
    return analyzer


@dataclass(frozen=True)
class Reading:
    language: str  # "en" or "fr"
    compound: float  # VADER, −1 … +1
    cues: tuple[str, ...]  # the complaint cues found
    score: float  # compound minus the cues' weights
    dissatisfied: bool

    @property
    def negativity(self) -> float:
        """0 (not negative) … 1 (very): how urgent the watch list makes it."""
        return round(min(1.0, max(0.0, -self.score) / 2), 3)


def detect_language(text: str) -> str:
    words = [w.strip("'").lower() for w in _WORD.findall(text.replace("’", "'"))]
    fr = sum(1 for w in words if w in FRENCH_WORDS or w.split("'")[0] in FRENCH_WORDS)
    en = sum(1 for w in words if w in ENGLISH_WORDS)
    accents = sum(1 for c in text if c in "éèêàçùâîôûœ")
    return "fr" if fr + min(accents, 3) > en else "en"


def _prepare(text: str, language: str) -> str:
    text = text.replace("’", "'")
    if language == "fr":
        # "l'application", "j'en", "n'importe": VADER splits on spaces only.
        text = _ELISION.sub(lambda m: m.group(1) + "e ", text)
    return text


def _cues(text: str, language: str) -> list[str]:
    lowered = " " + " ".join(text.lower().replace("’", "'").split()) + " "
    found = []
    for phrase in CUES[language]:
        if phrase in ("?!", "!!"):
            if phrase in lowered:
                found.append(phrase)
        elif re.search(r"(?<!\w)" + re.escape(phrase), lowered):  # "j'en ai assez" has "en ai assez"
            found.append(phrase)
    # A phrase inside a longer one that also matched counts once ("still not" in "still not fixed").
    return [p for p in found if not any(p != q and p in q for q in found)]


def read(text: str) -> Reading:
    """Read a post (Markdown or plain text)."""
    text = " ".join(plain_text(text).split())[:5000]
    if not text:
        return Reading("en", 0.0, (), 0.0, False)
    language = detect_language(text)
    compound = _analyzer(language).polarity_scores(_prepare(text, language))["compound"]
    cues = _cues(text, language)
    weight = sum(CUES[language][c] for c in cues)
    score = round(compound - weight, 4)
    signal = weight >= 2 * WEAK or _strongest(text, language) <= STRONG_WORD or compound <= COMPOUND_ALONE
    return Reading(language, compound, tuple(cues), score, score <= THRESHOLD and signal)


def _strongest(text: str, language: str) -> float:
    """The most negative valence of any word of the text (0 if none)."""
    lexicon = _analyzer(language).lexicon
    words = re.findall(r"[\w']+", _prepare(text, language).lower())
    return min((lexicon[w] for w in words if w in lexicon), default=0.0)
