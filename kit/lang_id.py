"""Which language is an article (or a comment) in, and do the lenses apply to it?

The lenses' rules and word lists are English. An article in another language is still loaded (its raw text
is kept and its anatomy found), but it is reported at load time and each lens skips it with a warning that
names it, rather than tagging Spanish with English rules and reporting confident nonsense.

Identification uses py3langid (a maintained fork of langid.py, Lui & Baldwin 2012: a naive Bayes model over
byte n-grams, trained on 97 languages, shipped in the wheel, deterministic and offline). It is reliable on a
paragraph and unreliable on a few words ("lol" comes out as Sesotho), so text shorter than `MIN_CHARS` letters,
or identified with probability under `MIN_PROBABILITY`, is `und` (undetermined), which the lenses treat as
English. We rejected langdetect (random unless seeded, unmaintained since 2021) and lingua (a far larger
model for a gain that matters on short texts, which we do not classify anyway).

>>> identify("El gobierno anunció nuevas medidas económicas para los próximos meses del año.")[0]
'es'
>>> identify("lol")
('und', 0.0)
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

MIN_CHARS = 40
"""Fewer letters than this and the language is not guessed: short strings are identified at random."""
MIN_PROBABILITY = 0.9
"""A guess less probable than this is reported as `und`."""
SAMPLE_CHARS = 2_000
"""How much of a paragraph is read: identification time grows with length, accuracy stops growing early."""
MIXED_SHARE = 0.2
"""An article is `mixed` when paragraphs in other languages make up at least this share of its body."""
ENGLISH = frozenset({"en", "und"})
QUICK_MIN_WORDS = 8
QUICK_SHARE = 0.15
SUSPECT_WORDS = 30
SUSPECT_SHARE = 0.05
"""A paragraph of `QUICK_MIN_WORDS` words or more whose tokens are at least this share very common English
words (`english_common_words` lexicon) is English without asking the model: running English prose has 30-40%,
other languages almost none. This keeps the model (about 1 s to load) out of English-only corpora. In an
article that looks English, only a paragraph of `SUSPECT_WORDS` words or more with fewer than `SUSPECT_SHARE`
common English words is given to the model (a passage in another language, making the article mixed)."""

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


class LensSkipped(UserWarning):
    """A lens skipped articles it does not apply to (not in English)."""


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


@lru_cache(maxsize=1)
def _common_english() -> frozenset[str]:
    from kit import lexicons

    return frozenset(lexicons.load("english_common_words")["word"])


def _english_share(text: str) -> tuple[int, float]:
    """Return (number of words, share of them in the very common English words) for the start of `text`."""
    words = _WORD.findall(text[:SAMPLE_CHARS].lower())
    if not words:
        return 0, 0.0
    return len(words), sum(word in _common_english() for word in words) / len(words)


def looks_english(text: str) -> bool:
    """Return True when `text` is at least `QUICK_MIN_WORDS` words of which `QUICK_SHARE` are very common English.

    >>> looks_english("The minister said that the plan was approved by the council.")
    True
    >>> looks_english("El ministro dijo que el plan fue aprobado por el consejo.")
    False
    """
    n_words, share = _english_share(text)
    return n_words >= QUICK_MIN_WORDS and share >= QUICK_SHARE


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str, float]:
    """Return `(ISO 639-1 code, probability)` for `text`, or `('und', 0.0)` where a guess would be unreliable.

    Text that `looks_english` is English with probability 1 without consulting the model."""
    if len(_LETTERS.findall(text[:SAMPLE_CHARS])) < MIN_CHARS:
        return "und", 0.0
    if looks_english(text):
        return "en", 1.0
    language, probability = _identifier().classify(text[:SAMPLE_CHARS])
    if probability < MIN_PROBABILITY:
        return "und", 0.0
    return language, round(float(probability), 3)


def article_language(text: str, paragraphs: list[tuple[int, int]]) -> tuple[str, str]:
    """Return `(language, detail)` for an article's body paragraphs `(start, end)`.

    `language` is the language of most body characters, `mixed` when other languages make up at least
    `MIXED_SHARE` of them, or `und`; `detail` gives the shares, e.g. "en 72%, es 28%".

    >>> text = "Intro.\\n\\n" + "The council met on Monday to discuss the budget for the next year. " * 2
    >>> article_language(text, [(8, len(text))])
    ('en', 'en 100%')
    """
    sizes: dict[str, int] = {}
    english_article = looks_english(" ".join(text[start:end] for start, end in paragraphs[:20]))
    for start, end in paragraphs:
        n_words, share = _english_share(text[start:end])
        if english_article and (n_words < SUSPECT_WORDS or share >= SUSPECT_SHARE):
            # a short or ordinary paragraph of an English article: headline-like English sentences can have
            # no common words at all, and the model is only worth asking about long paragraphs that look foreign
            language = "en" if n_words >= QUICK_MIN_WORDS else "und"
        else:
            language, _ = identify(text[start:end])
        sizes[language] = sizes.get(language, 0) + (end - start)
    known = {language: size for language, size in sizes.items() if language != "und"}
    total = sum(known.values())
    if not total:
        return "und", "too little text to tell"
    shares = sorted(((size / total, language) for language, size in known.items()), reverse=True)
    detail = ", ".join(f"{language} {share:.0%}" for share, language in shares)
    main_share, main = shares[0]
    return ("mixed" if 1 - main_share >= MIXED_SHARE else main), detail


def applicable(corpus, lens: str):
    """Return `corpus` without the articles `lens` cannot read (not English), warning with their ids.

    Articles whose language is `en`, `und` or missing are kept; a `mixed` article is kept when most of its body
    is English (its load report says which part is not).
    """
    articles = corpus.articles
    if "language" not in articles or articles.empty:
        return corpus
    language = articles["language"].fillna("und")
    mostly_english = articles["language_detail"].fillna("").str.startswith("en ")  # shares, largest first
    keep = language.isin(ENGLISH) | ((language == "mixed") & mostly_english)
    if keep.all():
        return corpus
    skipped = articles.loc[~keep, ["article_id", "language"]]
    listed = ", ".join(f"{row.article_id} ({row.language})" for row in skipped.head(5).itertuples(index=False))
    more = f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
    warnings.warn(
        f"{lens}: skipped {len(skipped)} article(s) not in English: {listed}{more}. "
        "The kit's rules and word lists are English; these articles would be tagged wrongly.",
        LensSkipped,
        stacklevel=3,
    )
    return corpus.select(articles.loc[keep, "article_id"])
