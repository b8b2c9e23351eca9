"""Framing lens, naming: how each article refers to governments and people.

A government can be 'the government', 'the administration', 'the regime'; a politician can be called by
title and full name, by bare surname, or with an epithet ('impostor', 'self-declared'). Actors are found
generally: capitalised names, countries and their demonyms before a word for government, titles and
offices before names (`kit/lexicons/naming_terms.tsv`, `source_words.tsv`, `demonyms.tsv`). No list of
particular people is used.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import pandas as pd

from kit import lexicons, schema
from kit.lang_id import applicable
from kit.load import Corpus

_NAME = r"[A-Z\u00c0-\u00de][\w’'.\-]*"
_PERSON_WORD = r"(?:[A-Z]\.|[A-Z\u00c0-\u00de][\w’'\-]*)"  # an initial keeps its full stop; a word never does
_WORDS = r"[\w’'\-]+"


@cache
def _terms() -> dict[str, dict]:
    table = lexicons.load("naming_terms")
    return {
        row.term.lower(): {"kind": row.kind, "stance": row.stance, "rationale": row.rationale}
        for row in table.itertuples(index=False)
    }


def _by_kind(kind: str) -> list[str]:
    return sorted((t for t, v in _terms().items() if v["kind"] == kind), key=len, reverse=True)


@cache
def _demonyms() -> dict[str, str]:
    table = lexicons.load("demonyms")
    return dict(zip(table.demonym, table.country, strict=True))


@cache
def _not_names() -> frozenset[str]:
    """Capitalised words that are offices, organisations or time words, never a person's name."""
    table = lexicons.load("source_words")
    return frozenset(table.word[table["class"].isin(["role", "organisation", "outlet", "time", "filler"])])


@cache
def _government_pattern() -> re.Pattern:
    heads = "|".join(re.escape(h) for h in _by_kind("head"))
    modifiers = "|".join(re.escape(m) for m in _by_kind("modifier"))
    owner = rf"(?P<owner>(?:{_NAME}\s){{0,2}}{_NAME}?)"
    # offices and labels in any case; the owner's name only capitalised
    return re.compile(rf"(?P<mods>(?:\b(?i:{modifiers})\s+)*){owner}(?:['’]s)?\s*\b(?P<head>(?i:{heads}))\b")


@cache
def _head_pattern() -> re.Pattern:
    """A word for a government ('government', 'regime'): without one, a paragraph has no government mention, and the
    full pattern (slow to try at every character) is not run."""
    return re.compile(rf"\b(?i:{'|'.join(re.escape(h) for h in _by_kind('head'))})\b")


@cache
def _person_pattern() -> re.Pattern:
    titles = "|".join(re.escape(t) for t in _by_kind("title"))
    modifiers = "|".join(re.escape(m) for m in _by_kind("modifier"))
    return re.compile(
        rf"(?P<mods>(?:\b(?:{modifiers})\s+)*)(?P<title>(?:\b(?:{titles})\.?\s+)*)(?P<name>{_PERSON_WORD}(?:\s+{_PERSON_WORD}){{0,6}})"
    )


def _stance(words: list[str]) -> tuple[str, list[str]]:
    found = [w for w in words if w.lower() in _terms()]
    stances = {_terms()[w.lower()]["stance"] for w in found}
    if "delegitimising" in stances:
        return "delegitimising", found
    if "legitimising" in stances:
        return "legitimising", found
    return "neutral", found


def naming(corpus: Corpus, quotes_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per mention of a government or a named person in the body of each article.

    Returns
    -------
    DataFrame
        Columns `schema.NAMING_COLUMNS`: `actor` (a canonical name: the fullest form of a person's name in
        the article, or '<owner> government' for a government), `form` (how this mention names the actor),
        `stance` (legitimising / neutral / delegitimising, from `naming_terms.tsv`), `voice` (writer or
        quoted), `rule` and `reason`. `text[start:end]` is the naming phrase.
    """
    from kit.quotes import quotes

    tags = quotes(corpus) if quotes_table is None else quotes_table
    quoted = tags[tags.kind.isin(["direct", "partial", "unclosed"])]
    corpus = applicable(corpus, "kit.naming")
    texts = dict(zip(corpus.articles.article_id, corpus.articles.text, strict=True))
    by_article: dict[str, list[tuple[int, int]]] = {}
    for article_id, start, end in zip(quoted.article_id, quoted.start, quoted.end, strict=True):
        by_article.setdefault(article_id, []).append((int(start), int(end)))
    rows = []
    for article_id, spans in corpus.paragraphs("body").items():
        text = texts[article_id]
        voices = by_article.get(article_id, [])
        rows += _article_naming(article_id, text, spans, voices)
    table = schema.table(rows, schema.NAMING_COLUMNS)
    return table.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)


def _clean_name(words: list[str]) -> list[str]:
    while words and (
        words[0].lower().strip(".") in _not_names() or words[0].lower() in _demonyms() or words[0].lower() in _terms()
    ):
        words = words[1:]
    return [w.rstrip(".,") for w in words]


def _article_naming(article_id: str, text: str, spans: list[tuple[int, int]], voices) -> list[dict]:
    from kit.quotes import proper_words

    proper = proper_words(text)
    mentions, taken = [], []
    for p_start, p_end in spans:
        governments = (
            _government_pattern().finditer(text, p_start, p_end) if _head_pattern().search(text, p_start, p_end) else ()
        )
        for found in governments:
            mention = _government_mention(found, proper)
            mentions.append(mention)
            taken.append((mention["start"], mention["end"]))
        for found in _person_pattern().finditer(text, p_start, p_end):
            if not any(a <= found.start("name") < b for a, b in taken):
                mention = _person_mention(found, text, p_start, proper)
                if mention:
                    mentions.append(mention)
    # a person's canonical name is the fullest form of the surname in the article
    full_names: dict[str, str] = {}
    for mention in mentions:
        words = mention.get("person")
        if words and len(words) >= 2 and len(words) > len(full_names.get(_fold(words[-1]), "").split()):
            full_names[_fold(words[-1])] = " ".join(words)  # 'Munoz' and 'Muñoz' are one surname
    for mention in mentions:  # 'the Ortega regime' belongs to the person named 'Daniel Ortega' in the article
        owner = mention["actor"].removesuffix(" government") if mention["rule"] == "naming.government" else ""
        surname = _fold(owner.split()[-1]) if owner else ""
        if owner and surname in full_names and len(owner.split()) < len(full_names[surname].split()):
            mention["actor"] = f"{full_names[surname]} government"
    rows = []
    for mention in sorted(mentions, key=lambda m: m["start"]):
        if "person" in mention:
            words = mention["person"]
            if _fold(words[-1]) not in full_names and not (mention["mods"] or mention["titles"]):
                continue  # a capitalised word never written as a full name, title or epithet: likely a place
            parts = (["epithet"] if mention["mods"] else []) + (["title"] if mention["titles"] else [])
            parts.append("full name" if len(words) >= 2 else "surname only")
            stance, signals = _stance(mention["mods"] + mention["titles"])
            actor = full_names.get(_fold(words[-1]), " ".join(words))
            mention.update(actor=actor, form=" + ".join(parts), stance=stance, signals=signals)
        voice = "quoted" if any(a <= mention["start"] < b for a, b in voices) else "writer"
        phrase = text[mention["start"] : mention["end"]]
        why = (
            "; ".join(f"'{w}': {_terms()[w.lower()]['rationale']}" for w in mention["signals"])
            or "no word takes a side"
        )
        rows.append(
            {
                "article_id": article_id,
                "start": mention["start"],
                "end": mention["end"],
                "phrase": phrase,
                "actor": mention["actor"],
                "form": mention["form"],
                "stance": mention["stance"],
                "voice": voice,
                "rule": mention["rule"],
                "reason": f"'{phrase}' names {mention['actor']} ({mention['form']}); {mention['stance']}: {why}",
            }
        )
    return rows


def _government_mention(found: re.Match, proper: set[str]) -> dict:
    """'the crisis-hit Bolivian government', 'the Ortega regime': who owns the government, and how it is called."""
    raw = found.group("owner").split()
    owner_words = _clean_name(raw)
    while owner_words and owner_words[0] not in proper and re.sub(r"['’]s$", "", owner_words[0]) not in proper:
        owner_words = owner_words[1:]  # 'For Ortega regime': a sentence-initial word is not part of the owner
    owner_words = [re.sub(r"['’]s$", "", w) for w in owner_words]
    mods, head = found.group("mods").split(), found.group("head").lower()
    demonym = next((w for w in raw if w.lower() in _demonyms()), None)
    owner = _demonyms()[demonym.lower()] if demonym else " ".join(owner_words)
    stance, signals = _stance([*mods, head])
    if owner:
        named_by = "by country" if demonym else "named after a leader"
        form = f"{'epithet + ' if mods else ''}{named_by}: {head}"
        first = demonym or owner_words[0]
        start = found.start("mods") if mods else found.start("owner") + found.group("owner").find(first)
    else:
        owner, form = "(unnamed)", f"{'epithet + ' if mods else ''}the {head}"
        start = found.start("mods") if mods else found.start("head")
    return {
        "start": start,
        "end": found.end(),
        "actor": f"{owner} government",
        "form": form,
        "stance": stance,
        "rule": "naming.government",
        "signals": signals,
    }


def _person_mention(found: re.Match, text: str, p_start: int, proper: set[str]) -> dict | None:
    """A capitalised name with the titles and epithets in front of it ('self-declared President Ana Ruiz')."""
    raw = found.group("name").split()
    # 'Ortega’s Energy Minister Salvador Mansell': the name is what follows the last office, possessive or demonym
    cut = max(
        (
            i
            for i, w in enumerate(raw)
            if re.search(r"['’]s$", w)
            or w.lower().strip(".") in _not_names()
            or w.lower() in _demonyms()
            or w.lower() in _terms()
        ),
        default=-1,
    )
    words = _clean_name(raw[cut + 1 :])
    if not words or any(w in _countries() or w.lower() in _demonyms() or w in ("The", "A", "An") for w in words):
        return None  # a place or a people, not a person
    lead = len(raw) - len(words)
    offset = len(" ".join(raw[:lead])) + (1 if lead else 0)
    name_start = found.start("name") + offset
    if re.search(r"\[[^\[\]\n]*$", text[p_start : found.start()]) and re.match(r"[^\[\]\n]*\]\(", text[found.end() :]):
        return None  # words in a link's text ('[Economic Sanctions as ...](url)') are a title, not a person
    particle = re.search(r"\b[A-Z][\w’'.-]*\s+(\w+)\s+$", text[max(p_start, found.start() - 40) : found.start()])
    if particle and particle.group(1) in _org_particles() and not (found.group("mods") or found.group("title")):
        return None  # 'Agency for International Development': the end of an organisation's name
    before = text[max(p_start, found.start() - 2) : found.start()]
    opens_sentence = not before.strip() or before.strip()[-1:] in '.!?“"‘'
    if opens_sentence and name_start == found.start() and words[0] not in proper:
        return None  # a capitalised word opening a sentence is no evidence of a name unless used as one elsewhere
    mods, titles = found.group("mods").split(), found.group("title").split() + raw[:lead]
    start = found.start() if (mods or found.group("title")) else name_start
    if not mods and not found.group("title") and lead:
        start = found.start("name")  # 'French President Emmanuel Macron': the title words belong to the mention
    return {
        "start": start,
        "end": found.end("name"),
        "person": [w.rstrip(".,") for w in words],
        "mods": mods,
        "titles": titles,
        "rule": "naming.person",
    }


def _fold(word: str) -> str:
    """A surname without accents or case, so spelling variants of one name match ('Muñoz', 'Munoz')."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()


@cache
def _org_particles() -> frozenset[str]:
    return frozenset(lexicons.entries("function_words", "org_particle"))


@cache
def _countries() -> frozenset[str]:
    return frozenset(w for country in _demonyms().values() for w in country.split())


def _merge_across_articles(actors: pd.Series) -> pd.Series:
    """One name per actor across articles: the longest form sharing its last name ('Ortega government' and
    'Daniel Ortega government' become one), accents aside."""

    def key(actor: str) -> tuple[bool, str]:
        core = actor.removesuffix(" government").split()
        return actor.endswith(" government"), _fold(core[-1] if core else "")

    longest: dict[tuple[bool, str], str] = {}
    for actor in actors.dropna().unique():
        k = key(actor)
        if len(actor) > len(longest.get(k, "")):
            longest[k] = actor
    return actors.map(lambda a: longest.get(key(a), a) if isinstance(a, str) else a)


def naming_table(names: pd.DataFrame, articles: pd.DataFrame, min_articles: int = 2) -> pd.DataFrame:
    """Return how each outlet names the actors that several articles mention: one row per actor, one column
    per outlet, each cell the forms used with their counts (most frequent first)."""
    outlets = articles.set_index("article_id").outlet.fillna("unknown outlet")
    frame = names.assign(outlet=names.article_id.map(outlets), actor=_merge_across_articles(names.actor))
    shared = frame.groupby("actor").article_id.nunique()
    frame = frame[frame.actor.isin(shared[shared >= min_articles].index)]
    if frame.empty:
        return pd.DataFrame(columns=["actor"])
    cells = frame.groupby(["actor", "outlet"]).phrase.agg(
        lambda phrases: "; ".join(
            f"{p} ×{n}" if n > 1 else p for p, n in phrases.str.replace(r"\s+", " ", regex=True).value_counts().items()
        )
    )
    table = cells.unstack(fill_value="—")
    table.insert(0, "n_mentions", frame.groupby("actor").size())
    return table.sort_values("n_mentions", ascending=False).reset_index()
