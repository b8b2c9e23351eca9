"""Comment-section lens: what readers write under the article, and how.

Comments come from the page (the loader's `comment` segments, with offsets into the raw text) or from records
(`corpus.comment_records`, no offsets). Each comment gets a sentiment score (VADER, whose lexicon ships with the
vaderSentiment package), an incivility score with its reasons (cues in `kit/lexicons/incivility.tsv` and the
alt-profanity-check classifier, whose scikit-learn model is loaded only when comments are scored), its
relevance to the article (tf-idf cosine against the body), the actors it is about, and whether it makes a
factual claim, cites a source or asks a question. Summaries carry intervals and warn on small samples.
"""

from __future__ import annotations

import math
import re
import warnings
from collections import Counter
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from kit import lexicons, schema
from kit.lang_id import ENGLISH, identify
from kit.load import Corpus
from kit.vectors import cosine, tfidf
from kit.vectors import words as tokenize

UNCIVIL_FROM = 0.5  # incivility score from which a comment counts as uncivil in summaries
EDGY_FROM = 0.1
"""Incivility score from which a comment is shown as 'edgy' (below: 'civil'); every edgy comment has a reason."""
ON_TOPIC_FROM = 0.1  # tf-idf cosine with the body from which a comment counts as on topic
SMALL_SAMPLE = 30
_AUTHOR_LINE = re.compile(
    r"^\s*(?:[•·▪‣◦●*–-]\s+)?(?P<author>[^:\n]{1,50}?)\s+(?:says|said|wrote|commented)\s*:\s*$", re.I
)


@cache
def _incivility_cues() -> tuple[lexicons.WordStarts, dict[str, dict]]:
    table = lexicons.load("incivility")
    cues = {
        row.term.lower(): {"kind": row.kind, "weight": float(row.weight), "rationale": row.rationale}
        for row in table.itertuples(index=False)
        if row.kind != "identity"  # identity words are never cues: they only switch off the classifier's weight
    }
    return lexicons.WordStarts(sorted(cues, key=len, reverse=True)), cues


@cache
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=8192)
def vader_compound(text: str) -> float:
    """VADER's compound score for `text` (-1 to 1); cached, since incivility and sentiment both need it."""
    return _analyzer().polarity_scores(text)["compound"]


@cache
def _targets() -> tuple[re.Pattern, re.Pattern]:
    """Patterns for what a harsh word is aimed at, built from `function_words.tsv` (idea_noun, person_pointer)."""
    ideas = "|".join(re.escape(w) for w in lexicons.entries("function_words", "idea_noun"))
    people = "|".join(
        re.escape(w) for w in sorted(lexicons.entries("function_words", "person_pointer"), key=len, reverse=True)
    )
    about_a_thing = re.compile(rf"\b(?:{ideas})\s+(?:is|was|are|were|seems|sounds)\s+(?:\w+\s+)?$", re.I)
    at_a_person = re.compile(rf"\b(?:{people})\s+(?:\w+\s+){{0,2}}$", re.I)
    return about_a_thing, at_a_person


# Where an insult is mentioned rather than used: the charge is reported ('she called me a liar'; 'I call him a
# liar' makes it, so I/we before the verb keep it), asked about ('how is it racist?') or denied ('not racist').
_REPORTED = re.compile(
    r"(?<!\bI )(?<!\bwe )\b(?:call|calls|called|calling|label|labels|labell?ed|labell?ing)\s+(?:\w+\s+){0,2}$", re.I
)
_ASKED = re.compile(r"\b(?:is|was|are)\s+(?:it|this|that|they|he|she)\s+(?:\w+\s+)?$", re.I)
# an opening quote mark right before a word: the writer quotes or mentions it ('the word \u2018idiot\u2019')
_OPENING_MARK = re.compile(r"\s*[\"'\u2018\u201c]$")
# denied: 'not racist', 'isn't a fool', 'doesn't make him a fool', 'the least stupid'
_NEGATED = re.compile(
    r"(?:\bnot|\bnever|n't)\s+(?:(?:make|makes|made|making)\s+(?:it|this|that|them|him|her)\s+)?"
    r"(?:(?:a|an|so|that|very|really|being|even)\s+)?$|\bleast\s+$",
    re.I,
)


@cache
def _idea_after() -> re.Pattern:
    """An insult adjective right before an idea noun ('a stupid policy') judges the idea, not a person."""
    ideas = "|".join(re.escape(w) for w in lexicons.entries("function_words", "idea_noun"))
    return re.compile(rf"\s+(?:{ideas})\b", re.I)


# laughter drawn out ('lolol', 'hahaha'; plain 'lol' is in the lexicon), 'hello?' put to the reader, and a
# stage direction in asterisks ('*cough*', '*sigh*': the insinuating cough of 'cough cough' in the lexicon)
_MOCKING = re.compile(
    r"\b(?:lo+l(?:ol)+|lo{2,}l|(?:ha){3,}h?|hel{3,}o+|hel+o{2,})\b|\bhel+o+\s*\?|\*\s*(?:cough|sigh)\b", re.I
)


MAX_COMMENT_CHARS = 5_000
"""Longer comments (pasted articles, spam) are scored on their first 5,000 characters and flagged."""
_LETTER = re.compile(r"[^\W\d_]")


CLASSIFIER = "alt-profanity-check"
CLASSIFIER_WEIGHT = 0.6
"""The classifier counts as one more cue weighing its probability times this: a sure verdict weighs like a listed
insult (0.6). On the even-numbered SOCC comments any weight from 0.2 to 1.0 ranked about as well."""
CLASSIFIER_SAYS_FROM = EDGY_FROM / CLASSIFIER_WEIGHT
"""Below this probability the classifier's share of the score is under `EDGY_FROM` and not listed among the reasons;
from it on, the reason is given, so no comment is shown as edgy without one."""


def incivility(text: str) -> tuple[float, list[str]]:
    """Return an incivility score in [0, 1] and the reasons, for one comment.

    Two kinds of evidence are combined. Rules: cues from `kit/lexicons/incivility.tsv` (insults, group slurs,
    profanity, dehumanising words, threats, dismissive words, put-downs aimed at the person addressed such as
    'you have no idea', after Culpeper's 2011 impoliteness formulae, and markers of mockery such as 'good luck
    with that'). Insults count in full when aimed at a person ('you idiot', 'he is a fool'), a third when aimed
    at a policy or idea ('this plan is stupid', 'a stupid policy': criticism, not abuse) or set in quote marks
    (the word 'racist' in marks is quoted or mentioned rather than said), and not at all when the writer denies,
    reports or questions the charge ('it is not racist', 'one vote doesn't make him a fool', 'the least stupid',
    'she called me a liar', 'how is it racist?'). Drawn-out laughter ('lolol'), a mock stage direction ('*cough*'),
    shouting (many words in capitals), stacked punctuation and a strongly negative tone (VADER) add a little.
    Classifier: alt-profanity-check, a linear SVM trained on tens of thousands of comments people labelled
    offensive (MIT licence, shipped in its wheel, runs offline); the words it weighs most in the comment are
    named. Identity words ('gay', 'Muslim', 'women') carry no weight in it (Dixon et al. 2018 on this bias), and
    words the rules judged mentioned rather than used carry none either, or a third when aimed at a policy or set
    in quote marks. Each piece of evidence is a weight; the score is 1 minus the product of 1 minus each weight,
    the classifier's weight being its probability times `CLASSIFIER_WEIGHT`. `comments` scores a whole corpus in
    one batch.

    >>> score, why = incivility("You are an idiot.")
    >>> round(score, 2), why[0].split(":")[0]
    (0.93, "insult 'idiot' aimed at a person")
    >>> print(why[-1].replace("; ", "\\n"))
    a classifier trained on comments people labelled offensive rates this 1.00 (alt-profanity-check)
    the words it weighs most here: 'idiot'
    >>> incivility("This plan is stupid and will cost too much.")[0] < 0.5
    True
    >>> incivility("It is not racist: the tax applies to every foreign buyer.")[1]
    []
    """
    return _incivility_batch([text])[0]


def _incivility_batch(texts: list[str]) -> list[tuple[float, list[str]]]:
    """`incivility` for many comments: the rules run per comment, the classifier once for the whole batch."""
    ruled = [_rule_evidence(text) for text in texts]
    judged = _classify(texts, [discounts for _, _, discounts in ruled])
    results = []
    for (weights, reasons, _), verdict in zip(ruled, judged, strict=True):
        if verdict is not None:
            probability, drivers = verdict
            weights = [*weights, CLASSIFIER_WEIGHT * probability]
            if probability >= CLASSIFIER_SAYS_FROM:
                named = ", ".join(f"'{word}'" for word in drivers)
                reasons = [
                    *reasons,
                    f"a classifier trained on comments people labelled offensive rates this {probability:.2f} "
                    f"({CLASSIFIER})" + (f"; the words it weighs most here: {named}" if named else ""),
                ]
        score = 1 - math.prod(1 - w for w in weights)
        results.append((round(score, 3), reasons))
    return results


def _rule_evidence(text: str) -> tuple[list[float], list[str], dict[str, float]]:
    """Return the rules' weights and reasons for one comment, and how much of each lexicon word the classifier
    may still count (0 when the word is denied, reported or a verb, a third when it is aimed at a policy)."""
    pattern, cues = _incivility_cues()
    weights, reasons = [], []
    share: dict[str, float] = {}
    for found in pattern.finditer(text):
        term = re.sub(r"\s+", " ", found.group(1).lower())
        cue = cues[term]
        weight, kind = cue["weight"], cue["kind"]
        raw = text[max(0, found.start() - 40) : found.start()]
        before = _OPENING_MARK.sub(" ", raw)  # the context rules read through a quote mark ('calls it \u2018stupid')
        quoted = before != raw
        after = text[found.end() : found.end() + 12]
        share.setdefault(term, 0.0)  # the best use of the word anywhere in the comment decides
        if kind == "insult" and re.match(r"\s+(?:the|a|an|them|him|her|us)\b", after, re.I):
            continue  # 'fool the people', 'hack the system': the word is a verb here
        if kind in ("insult", "dismissive") and _NEGATED.search(before):
            continue  # 'it is not racist', 'isn't stupid': the writer denies the charge instead of making it
        asked = _ASKED.search(before) and after.lstrip(" '\"\u2019\u201d").startswith("?")
        if kind == "insult" and (_REPORTED.search(before) or asked):
            continue  # 'she called me a liar', 'how is it racist?': the charge is reported or questioned, not made
        about_a_thing, at_a_person = _targets()
        softened = kind == "insult" and (quoted or about_a_thing.search(before) or _idea_after().match(after))
        if softened:
            weight, share[term] = weight / 3, max(share[term], 1 / 3)
            note = (
                f"insult '{term}' in quote marks (quoted or mentioned rather than said)"
                if quoted
                else f"insult '{term}' aimed at a policy or idea (criticism, not abuse)"
            )
        elif kind == "insult" and at_a_person.search(before):
            weight, note = min(weight + 0.2, 0.95), f"insult '{term}' aimed at a person"
            share[term] = 1.0
        elif kind == "insult":
            weight, note = weight * 0.75, f"insult '{term}' (its target is not clear)"
            share[term] = 1.0
        else:
            note = f"{kind} '{term}'"
            share[term] = 1.0
        weights.append(weight)
        reasons.append(note if softened else f"{note}: {cue['rationale']}")  # the rationale speaks of abuse
    mocking = _MOCKING.search(text)
    if mocking:
        weights.append(0.3)
        reasons.append(
            f"mocking tone: '{mocking.group(0)}' (drawn-out laughter, 'hello?' said to the reader, or a mock stage "
            "direction in asterisks)"
        )
    capitals = re.findall(r"\b[A-Z]{4,}\b", text)  # four capitals or more: shouting rather than an acronym
    if len(capitals) >= 3 and len(capitals) * 20 >= len(text.split()):  # a few acronyms in a long text are not shouting
        weights.append(0.3)
        reasons.append(f"shouting: {len(capitals)} words in capitals")
    if re.search(r"[!?]{3,}|!!|,{3,}|\?!", text):
        weights.append(0.15)
        reasons.append("stacked punctuation (!!, ?!, ,,,): a raised voice")
    if re.search(
        r"\b(?:these|those|such) people\b|\btypical (?:of )?(?:them|these|those|\w+ists|\w+ers)\b",
        text,
        re.I,
    ):
        weights.append(0.2)
        reasons.append("sweeping generalisation about a group ('these people', 'typical ...')")
    compound = vader_compound(text)
    if compound < -0.5:
        weights.append(0.2 * -compound)
        reasons.append(f"strongly negative tone (VADER {compound:+.2f} on a scale from -1 to +1)")
    return weights, reasons, {term: s for term, s in share.items() if s < 1}


@cache
def _classifier():
    """Load alt-profanity-check's vectorizer and calibrated linear SVM (scikit-learn is imported only here), with
    the mean of its five cross-validation SVMs' coefficients (to name the words behind a verdict) and a mask
    that zeroes identity words. None, with a warning, when the package is not installed."""
    try:
        from profanity_check import profanity_check as shipped
    except ImportError:  # an install without the kit's dependencies: the rules still work
        warnings.warn(
            f"{CLASSIFIER} is not installed: incivility scores use the rules alone", RuntimeWarning, stacklevel=3
        )
        return None
    vectorizer, model = shipped.vectorizer, shipped.model
    coefficients = np.mean([fold.estimator.coef_.ravel() for fold in model.calibrated_classifiers_], axis=0)
    keep = np.ones(len(coefficients))
    table = lexicons.load("incivility")
    for word in table.term[table.kind == "identity"].str.lower():
        if word in vectorizer.vocabulary_:
            keep[vectorizer.vocabulary_[word]] = 0.0
    return vectorizer, model, coefficients, keep, vectorizer.get_feature_names_out()


def _classify(texts: list[str], shares: list[dict[str, float]], top: int = 3) -> list[tuple[float, list[str]] | None]:
    """The classifier's probability for each text and the (at most `top`) words that raise it most, in one batch.

    A linear model's decision is a sum over words (tf-idf value times coefficient), so the words with the largest
    positive terms are the ones that drove it; words adding less than 0.1 to it are not named. Identity words are
    zeroed for every text, and each text's `shares` scale the words the rules found mentioned rather than used."""
    loaded = _classifier() if texts else None
    if loaded is None:
        return [None] * len(texts)
    vectorizer, model, coefficients, keep, names = loaded
    features = vectorizer.transform(texts).tocsr()
    features.data *= keep[features.indices]
    vocabulary = vectorizer.vocabulary_
    for row, share in enumerate(shares):
        for word, fraction in share.items():
            column = vocabulary.get(word)
            if column is None:
                continue
            lo, hi = features.indptr[row], features.indptr[row + 1]
            features.data[lo:hi][features.indices[lo:hi] == column] *= fraction
    probabilities = model.predict_proba(features)[:, 1]
    results = []
    for row, probability in enumerate(probabilities):
        lo, hi = features.indptr[row], features.indptr[row + 1]
        columns = features.indices[lo:hi]
        contributions = features.data[lo:hi] * coefficients[columns]
        order = np.argsort(-contributions)[:top]
        drivers = [str(names[columns[i]]) for i in order if contributions[i] > 0.1]
        results.append((float(probability), drivers))
    return results


@cache
def _claim_patterns() -> dict[str, re.Pattern]:
    verbs = "|".join(re.escape(f) for f in lexicons.load("speech_verbs").form if " " not in f)
    words = lexicons.load("source_words")
    names = words.word[words["class"].isin(["outlet", "organisation"])]
    outlets = "|".join(re.escape(form) for w in names for form in (w.capitalize(), w.upper()))  # as names are written
    return {
        "number": re.compile(r"\b\d[\d,.]*\s*(?:%|percent|per cent|million|billion|trillion|thousand)?|\$\s?\d", re.I),
        "attribution": re.compile(
            # a capitalised name before a speech verb: case matters there, and only there
            rf"\b(?:[A-Z][\w.]*\s+){{1,3}}(?:{verbs})\b|(?i:\baccording to\b|\b(?:studies|research|data|"
            r"figures|statistics|reports?)\s+(?:show|shows|showed|prove|found|suggest))",
        ),
        "fact": re.compile(
            r"\b(?:it is (?:a )?(?:known|fact|true)|the fact (?:is|that)|in fact|the truth is|"
            r"is a fact|studies show|history shows)\b",
            re.I,
        ),
        "source": re.compile(
            rf"https?://\S+|www\.\S+|\baccording to\b|\bsource:|\b(?:reported|published) (?:by|in)\b|"
            rf"\b(?:[A-Z][\w.]+\s){{0,3}}(?:{outlets})\b"
        ),
    }


def _page_comments(corpus: Corpus) -> list[dict]:
    """Comments from the page: each `comment` segment, its author and time when a 'NAME says:' line gives them."""
    rows = []
    segments = corpus.segments[corpus.segments.kind == "comment"].sort_values(["article_id", "start"])
    for article_id, group in segments.groupby("article_id", sort=False):
        for position, segment in enumerate(group.itertuples(index=False), start=1):
            lines = segment.segment_text.splitlines()
            author = posted = None
            found = _AUTHOR_LINE.match(lines[0]) if lines else None
            if found:
                author = found["author"].strip()
                if len(lines) > 1 and re.search(r"\d", lines[1]) and len(lines[1].split()) <= 8:
                    posted = lines[1].strip()
            rows.append(
                {
                    "article_id": article_id,
                    "comment_id": f"{article_id}-c{position:03d}",
                    "position": position,
                    "author": author,
                    "posted": posted,
                    "text": segment.segment_text,
                    "start": int(segment.start),
                    "end": int(segment.end),
                }
            )
    return rows


def comments(
    corpus: Corpus, quotes_table: pd.DataFrame | None = None, naming_table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return one row per reader comment with sentiment, incivility, relevance, targets and claims.

    Parameters
    ----------
    corpus : Corpus
        Output of `load_corpus`: comments found on the page and comments given as records.
    quotes_table : DataFrame, optional
        Output of `kit.quotes(corpus)`, used to find the article's actors; computed when not given.
    naming_table : DataFrame, optional
        Output of `kit.naming(corpus)`: the actors a comment can be about; computed, for the articles with
        comments only, when not given.

    Returns
    -------
    DataFrame
        Columns `schema.COMMENTS_COLUMNS`. For page comments `text` is `articles.text[start:end]`; for comments
        given as records `start` and `end` are empty.
    """
    rows = _page_comments(corpus)
    for record in corpus.comment_records.itertuples(index=False):
        rows.append(
            {
                "article_id": record.article_id,
                "comment_id": record.comment_id,
                "position": int(record.position),
                "author": record.author if pd.notna(record.author) else None,
                "posted": None,
                "text": record.text,
                "start": None,
                "end": None,
            }
        )
    if not rows:
        return schema.empty(schema.COMMENTS_COLUMNS)
    bodies = _bodies(corpus)
    actors = _actors(corpus, {row["article_id"] for row in rows}, quotes_table, naming_table)
    documents = {("body", aid): tokenize(text) for aid, text in bodies.items()}
    documents.update({("comment", i): tokenize(row["text"]) for i, row in enumerate(rows)})
    vectors = tfidf(documents, sublinear=False, idf_offset=1.0)
    body_vectors = {aid: vectors[("body", aid)] for aid in bodies}
    patterns = _claim_patterns()
    authors: dict[str, dict[str, str]] = {}
    first_seen: dict[tuple[str, str], str] = {}
    screened = [_screen(row, first_seen) for row in rows]
    readable = [language in ENGLISH and _LETTER.search(text) is not None for text, _, language in screened]
    scored = iter(_incivility_batch([text for (text, _, _), ok in zip(screened, readable, strict=True) if ok]))
    for i, row in enumerate(rows):
        vector = vectors[("comment", i)]
        text, flags, language = screened[i]
        score, reasons = next(scored) if readable[i] else (None, ["not judged: " + flags[-1]])
        names = actors.get(row["article_id"], {})
        words = set(re.findall(r"[\w’'-]+", text))  # one pass over the comment instead of a search per actor
        targets = sorted({actor for key, actor in names.items() if (key in words if " " not in key else key in text)})
        earlier = authors.setdefault(row["article_id"], {})
        reply = re.search(r"@(\w+)", text)
        reply_to = earlier.get(reply.group(1).lower()) if reply else None
        if reply_to is None:
            reply_to = next(
                (cid for name, cid in earlier.items() if re.match(rf"\W*{re.escape(name)}\b", text, re.I)), None
            )
        if row["author"]:
            earlier[row["author"].split()[0].lower()] = row["comment_id"]
        row.update(
            {
                "reply_to": reply_to,
                "sentiment": round(vader_compound(text), 3) if language in ENGLISH else None,
                "incivility": score,
                "incivility_reason": "; ".join(reasons) or None,
                "relevance": round(cosine(vector, body_vectors.get(row["article_id"], {})), 3),
                "targets": "; ".join(targets) or None,
                "has_claim": bool(
                    patterns["number"].search(text)
                    or patterns["attribution"].search(text)
                    or patterns["fact"].search(text)
                ),
                "cites_source": bool(patterns["source"].search(text)),
                "is_question": "?" in text,
                "language": language,
                "screening": "; ".join(flags) or None,
            }
        )
    table = schema.table(rows, schema.COMMENTS_COLUMNS)
    return table.sort_values(["article_id", "position"], kind="stable").reset_index(drop=True)


def _screen(row: dict, first_seen: dict[tuple[str, str], str]) -> tuple[str, list[str], str]:
    """Return (text to score, flags, language) for one comment: huge, symbol-only, foreign and repeated
    comments are scored as far as that is meaningful and flagged, never dropped."""
    text, flags = row["text"], []
    if not text.strip():
        flags.append("empty")
    if len(text) > MAX_COMMENT_CHARS:
        flags.append(f"huge: {len(text):,} characters, scored on the first {MAX_COMMENT_CHARS:,}")
        text = text[:MAX_COMMENT_CHARS]
    if text.strip() and not _LETTER.search(text):
        flags.append("no words: emoji or symbols only (VADER scores few emoji; most count as 0)")
    language, _ = identify(text)
    if language not in ENGLISH:
        flags.append(f"not English ({language}): the kit's word lists do not apply")
    key = (row["article_id"], " ".join(re.findall(r"\w+", text.lower())))
    if len(key[1].split()) >= 3:
        if key in first_seen:
            flags.append(f"same text as comment {first_seen[key]}")
        else:
            first_seen[key] = row["comment_id"]
    return text, flags, language


def _bodies(corpus: Corpus) -> dict[str, str]:
    body = corpus.segments[corpus.segments.kind == "body"].sort_values(["article_id", "start"], kind="stable")
    parts: dict[str, list[str]] = {article_id: [] for article_id in corpus.articles.article_id}
    for article_id, text in zip(body.article_id.tolist(), body.segment_text.tolist(), strict=True):
        parts.setdefault(article_id, []).append(text)
    return {article_id: "\n".join(texts) for article_id, texts in parts.items()}


def _actors(
    corpus: Corpus, commented: set[str], quotes_table: pd.DataFrame | None, naming_table: pd.DataFrame | None
) -> dict[str, dict[str, str]]:
    """Words that point at the actors of each article in `commented`: surnames of named people, owners of
    governments, countries."""
    from kit.naming import naming

    if naming_table is None:  # only the articles that have comments: the others' actors are never looked up
        corpus = corpus.select(commented)
        quotes = None if quotes_table is None else quotes_table[quotes_table.article_id.isin(commented)]
        names = naming(corpus, quotes)
    else:
        names = naming_table[naming_table.article_id.isin(commented)]
    demonyms = lexicons.load("demonyms")
    countries = dict(zip(demonyms.demonym, demonyms.country, strict=True))
    result: dict[str, dict[str, str]] = {}
    actors_of = names.groupby("article_id").actor.unique().to_dict() if len(names) else {}
    for article_id in corpus.articles.article_id:
        keys = {}
        for actor in actors_of.get(article_id, []):
            core = actor.removesuffix(" government")
            if core and core != "(unnamed)":
                keys[core.split()[-1]] = core
        keys.update({demonym.title(): country for demonym, country in countries.items() if len(demonym) > 3})
        keys.update({country: country for country in countries.values()})
        result[article_id] = keys
    return result


# ---- summaries -------------------------------------------------------------------------------------
def _wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for a proportion (honest for small n, unlike the normal approximation)."""
    if n == 0:
        return (float("nan"), float("nan"))
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def _bootstrap_mean(values: np.ndarray, rounds: int = 2000, seed: int = 0) -> tuple[float, float]:
    if len(values) == 0:
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    means = rng.choice(values, size=(rounds, len(values)), replace=True).mean(axis=1)
    return (float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5)))


def comment_summary(comment_rows: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """Return, per article with comments: how many, mean sentiment with a bootstrap 95% interval, the shares
    uncivil and on topic with Wilson 95% intervals, the most discussed targets, the words the thread uses far
    more than the article, and a warning when fewer than 30 comments make every figure fragile."""
    bodies = _bodies(corpus)
    rows = []
    for article_id, group in comment_rows.groupby("article_id", sort=False):
        n = len(group)
        sentiment = group.sentiment.astype(float).to_numpy()
        uncivil = int((group.incivility.astype(float) >= UNCIVIL_FROM).sum())
        on_topic = int((group.relevance.astype(float) >= ON_TOPIC_FROM).sum())
        low_s, high_s = _bootstrap_mean(sentiment)
        low_u, high_u = _wilson(uncivil, n)
        low_t, high_t = _wilson(on_topic, n)
        targets = Counter(t for cell in group.targets.dropna() for t in cell.split("; ")).most_common(3)
        rows.append(
            {
                "article_id": article_id,
                "n_comments": n,
                "mean_sentiment": round(float(sentiment.mean()), 3),
                "sentiment_low": round(low_s, 3),
                "sentiment_high": round(high_s, 3),
                "n_uncivil": uncivil,
                "share_uncivil_low": round(low_u, 3),
                "share_uncivil_high": round(high_u, 3),
                "n_on_topic": on_topic,
                "share_on_topic_low": round(low_t, 3),
                "share_on_topic_high": round(high_t, 3),
                "top_targets": "; ".join(f"{t} ({c})" for t, c in targets) or None,
                "thread_words": ", ".join(_distinctive(" ".join(group.text), bodies.get(article_id, ""))) or None,
                "warning": (
                    f"only {n} comments: read the intervals, not the point figures; a thread is not a sample of "
                    "readers, let alone the public"
                )
                if n < SMALL_SAMPLE
                else None,
            }
        )
    return pd.DataFrame(rows)


def _distinctive(thread: str, body: str, top: int = 8) -> list[str]:
    """Words the thread uses much more than the article (smoothed log ratio of relative frequencies)."""
    a, b = Counter(w for w in tokenize(thread) if len(w) > 2), Counter(w for w in tokenize(body) if len(w) > 2)
    total_a, total_b = sum(a.values()) or 1, sum(b.values()) or 1
    scores = {w: math.log(((c + 0.5) / total_a) / ((b.get(w, 0) + 0.5) / total_b)) for w, c in a.items() if c >= 2}
    return [w for w, _ in sorted(scores.items(), key=lambda kv: -kv[1])[:top]]
