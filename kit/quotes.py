"""Sourcing lens: who is quoted, in their own words or paraphrased, and how we know.

`quotes` finds these kinds of attribution in the body of each article:

- `direct`: a full statement between quote marks;
- `partial`: a few quoted words woven into the writer's sentence;
- `indirect`: reported speech without quote marks ("X said that ...", "..., according to X");
- `scare`: a few words in quote marks with no speaker: the writer keeps a distance from them;
- `unclosed`: an opening quote mark that never closes (read to the end of its paragraph).

Cues are data (`kit/lexicons/speech_verbs.tsv`, `kit/lexicons/source_words.tsv`). The rules follow the
structure of attribution relations in news (source, cue, content: Pareti 2015; Newell et al. 2018) and
of quote-speaker attribution (Muzny et al. 2017), written so that each row says in plain words why.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache

import pandas as pd

from kit import lexicons, schema
from kit.lang_id import applicable
from kit.load import Corpus
from kit.segment import sentence_spans

QUOTE_KINDS = ["direct", "partial", "indirect", "scare", "unclosed"]
SPEAKER_TYPES = ["named person", "organisation", "anonymous", "unknown"]

_OPEN = "“„«"
_CLOSE = "”»"
_MARK_PATTERN = re.compile("''|[" + re.escape(_OPEN + _CLOSE + '"') + "]")
_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f][\w.'’\-]*|\d[\w.,]*|[^\w\s]")
_MARK = "¦"  # stands in for a quote mark in masked text: a clause break that is never part of a speaker
_ALTERATION = re.compile(r"\[[^\]]{1,60}\]|\((?:[a-z]{1,3}|[^()]{1,60})\)|\.\.\.|…")
_ADD_TO = re.compile(r"\s+to\b")  # 'adds to the total'
_CONTRACTION = re.compile(r"\b(?i:he|she|it)['’]s\s*$")  # 'she’s saying': ’s is 'is', not a possessive
QUOTED_ADOPT = ("partial",)  # quote kinds that reported speech around them takes over
MAX_SCARE_WORDS = 4
PROGRESS_FROM = 200  # articles: below this a progress bar is noise
MAX_SPEAKER_WORDS = 9
MAX_NAME_WORDS = 3
MIN_CONTENT_WORDS = 4  # reported speech shorter than this is a fragment ('said so'); one word less passes when it does
# not open with a preposition or a time word ('mocked the complaint', but not 'said on Thursday')


# ---- lexicons --------------------------------------------------------------------------------------
@cache
def _verbs() -> dict[str, dict]:
    table = lexicons.load("speech_verbs")
    return {
        row.form: {"lemma": row.lemma, "stance": row.stance, "clause": row.clause == "yes"}
        for row in table.itertuples(index=False)
    }


def _trie(words: list[str]) -> str:
    """A regular expression matching exactly `words`, shared prefixes written once ('sa(?:id|y(?:s|ing)?)').

    At each position the regex engine then follows one branch per character instead of trying every word in
    turn, which makes the search several times faster. Optional tails are greedy, so the longest word that
    ends at a word boundary wins, as in an alternation sorted longest first.

    >>> _trie(["say", "said", "says"])
    'sa(?:id|y(?:s)?)'
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


@cache
def _verb_pattern() -> re.Pattern:
    return re.compile(r"\b(" + _trie(list(_verbs())) + r")\b", re.I)


@cache
def _nominal_pattern() -> re.Pattern:
    """'Ana Ruiz’s claim that', 'the union’s repeated warning that', 'his assertion that'."""
    nouns = "|".join(sorted((re.escape(n) for n in lexicons.load("attribution_nouns").noun), key=len, reverse=True))
    possessives = "|".join(  # the pronouns that are also determiners: 'his', 'her', 'their', 'its'
        re.escape(w) for w, cls in _words().items() if cls == "pronoun" and w in _function_words("determiner")
    )
    return re.compile(
        rf"(?P<owner>(?:[A-Z][\w.’'-]*\s+){{0,3}}[A-Z][\w.’'-]*(?=['’]s\s)|\b(?i:{possessives})\b|\b[a-z]+(?=['’]s\s))"
        rf"(?:['’]s)?\s+(?:[a-z]+\s+)?(?P<noun>{nouns})\s+that\s+"
    )


@cache
def _words() -> dict[str, str]:
    table = lexicons.load("source_words")
    return dict(zip(table.word, table["class"], strict=True))


def _word_class(token: str) -> str | None:
    return _words().get(token.lower().strip(".,'’"))


@cache
def _function_words(cls: str) -> frozenset[str]:
    return frozenset(lexicons.entries("function_words", cls))


@cache
def _countries() -> frozenset[str]:
    """Country names (lower case) from `demonyms.tsv`: as speakers they are states, not people."""
    return frozenset(lexicons.load("demonyms").country.str.lower())


def _is_function_word(word: str) -> bool:
    """An article, preposition or clause word ('the', 'for', 'that'): never the head of a speaker phrase
    (numerals and pronouns that are also determiners can be: 'no one', 'the city might sell one')."""
    word = word.lower()
    return word in ("the", "a", "an") or any(word in _function_words(cls) for cls in ("preposition", "clause_break"))


def _plural(word: str) -> bool:
    """A regular English plural noun ('groups', 'analysts'), not a word that merely ends in s ('bus', 'this')."""
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "ous"))


def _alternation(cls: str) -> str:
    return "|".join(sorted((re.escape(w) for w in _function_words(cls)), key=len, reverse=True))


@cache
def _patterns() -> dict[str, re.Pattern]:
    """Patterns built from `function_words.tsv`, so the grammar words live in data, not in code."""
    breaks, prepositions = _alternation("clause_break"), _alternation("preposition")
    return {
        "clause_break": re.compile(rf"[,;:()\[\]—–{_MARK}]|\b(?:{breaks})\b"),
        "title_cue": re.compile(rf"\b(?:{_alternation('title_cue')})\W*$", re.I),
        "not_a_verb": re.compile(rf"(?:\b(?:{_alternation('noun_marker')})|['’]s|-)\s*$", re.I),
        "preposition": re.compile(rf"\s(?:{prepositions})\s"),
        "after_stop": re.compile(rf"[,.;:!?()—–]|\b(?:{prepositions}|{breaks})\b"),
        "platform": re.compile(rf"\b(?:on|via) ({_alternation('platform')})\b"),
    }


def proper_words(text: str) -> set[str]:
    """Capitalised words that also occur capitalised inside a sentence: evidence that they are names,
    not ordinary words capitalised at the start of a sentence ("Nothing", "Last").

    >>> sorted(proper_words("Last year Ana Ruiz won. Then Ruiz left."))
    ['Ana', 'Ruiz']
    """
    return {m.group(1) for m in re.finditer(r"(?<=[a-z0-9,;:’'\)”\"] )([A-Z][\w.’'\-]*)", text)}


# ---- data ------------------------------------------------------------------------------------------
@dataclass
class _Speaker:
    phrase: str
    start: int
    end: int
    name: str | None = None  # the proper name inside the phrase, if any
    kind: str = "unknown"  # named person / organisation / anonymous / role / pronoun / unknown
    via: str | None = None
    resolved: str = ""  # how a pronoun or description was resolved, for the reason


@dataclass
class _Quote:
    start: int  # content start (after the opening mark)
    end: int  # content end (before the closing mark)
    kind: str = "direct"
    closed: bool = True
    speaker: _Speaker | None = None
    cue: tuple[int, int] | None = None
    rule: str = ""
    reason: str = ""
    alterations: list[str] = field(default_factory=list)
    mark: int = 1  # characters per quote mark: 2 for typewriter double apostrophes ('' ... '')


# ---- quote marks -----------------------------------------------------------------------------------
def find_quote_marks(text: str, paragraphs: list[tuple[int, int]]) -> list[_Quote]:
    """Return spans between quote marks (curly or straight double marks, and single marks outside them).

    A quotation runs on across paragraphs where the next paragraph opens with a quote mark again (the
    typographic convention for long quotations); otherwise an unclosed mark ends at its paragraph.
    """
    found: list[_Quote] = []
    open_at: int | None = None
    open_width = 1
    open_paragraph_end = 0
    for p_start, p_end in paragraphs:
        first = p_start + len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
        skip = None
        if open_at is not None:
            if first < p_end and (text[first] in _OPEN or text[first] == '"' or text.startswith("''", first)):
                skip = first
            else:
                found.append(
                    _Quote(open_at + open_width, open_paragraph_end, "unclosed", closed=False, mark=open_width)
                )
                open_at = None
        position = p_start
        while True:
            # jump to the next quote mark (typewriter double apostrophes stand for a double mark)
            mark = _MARK_PATTERN.search(text, position, min(len(text), p_end + 1))
            if mark is None or mark.start() >= p_end:
                break
            i, width = mark.start(), len(mark.group(0))
            if i == skip:
                position = i + 1
                continue
            char = text[i]
            if char in _OPEN and open_at is None:
                open_at, open_width = i, 1
            elif char in _CLOSE and open_at is not None:
                found.append(_Quote(open_at + open_width, i, mark=open_width))
                open_at = None
            elif char == '"' or width == 2:
                before = text[i - 1] if i > p_start else " "
                opens = before.isspace() or before in "([{—–-/"
                if open_at is None and opens and i + width < p_end and not text[i + width].isspace():
                    open_at, open_width = i, width
                elif open_at is not None and (width == open_width or char == '"'):
                    found.append(_Quote(open_at + open_width, i, mark=open_width))
                    open_at = None
            position = i + width
        open_paragraph_end = p_end
    if open_at is not None:
        found.append(_Quote(open_at + open_width, open_paragraph_end, "unclosed", closed=False, mark=open_width))
    found = [q for q in found if q.end > q.start]
    for p_start, p_end in paragraphs:  # single marks outside double quotes: British style or scare quotes
        for match in re.finditer(r"(?:^|(?<=[\s(\[—–]))‘(?=\S)([^‘’\n]{1,200}?)’(?![A-Za-z])", text[p_start:p_end]):
            start, end = p_start + match.start(1), p_start + match.end(1)
            if not any(q.start <= start and end <= q.end for q in found):
                found.append(_Quote(start, end))
    return sorted(found, key=lambda q: q.start)


def _alterations(content: str) -> list[str]:
    found = []
    for match in _ALTERATION.finditer(content):
        piece = match.group(0)
        found.append("ellipsis (words left out)" if piece in ("...", "…") else f"insertion {piece}")
    return found


# ---- one article -----------------------------------------------------------------------------------
class _Tagger:
    """Tags one article's body; every method reads the same text, sentences and quote spans."""

    def __init__(self, article_id: str, text: str, paragraphs: list[tuple[int, int]], segment_ids: list[str]):
        self.article_id, self.text, self.paragraphs, self.segment_ids = article_id, text, paragraphs, segment_ids
        self.proper = proper_words(text)
        self.quotes = find_quote_marks(text, paragraphs)
        self.sentences = self._sentences()
        self._masked = self._mask_all()
        self._verbs = self._all_verbs()
        self.rows: list[dict] = []
        self.used_cues: set[int] = set()

    # -- structure ------------------------------------------------------------------------------------
    def _sentences(self) -> list[tuple[int, int]]:
        """Sentence spans from syntok, merged where a boundary falls inside a quotation."""
        spans = [list(span) for span in sentence_spans(self.text, self.paragraphs)]
        merged: list[list[int]] = []
        for span in spans:
            splits_quote = merged and any(
                q.closed and q.start <= merged[-1][1] <= q.end and q.end <= span[1] for q in self.quotes
            )
            # a sentence never starts in lower case, nor after a title ('Rep. Ana Ruiz'): the splitter took an
            # abbreviation's full stop for the end of a sentence ('(D-Md.) said ...')
            continues = (
                merged
                and not self.text[merged[-1][1] : span[0]].count("\n")
                and (self.text[span[0] : span[0] + 1].islower() or self.ends_in_title(merged[-1][1]))
            )
            if (splits_quote or continues) and span[0] - merged[-1][1] < 4:
                merged[-1][1] = span[1]
            else:
                merged.append(span)
        return [(s, e) for s, e in merged if e > s]

    def ends_in_title(self, end: int) -> bool:
        """Whether the text before `end` is an abbreviated title such as 'Rep.' or 'Dr.' (a role word)."""
        found = re.search(r"\b([A-Z][a-z]{1,3})\.$", self.text[max(0, end - 6) : end])
        return bool(found) and _word_class(found.group(1)) == "role"

    def sentence_of(self, offset: int) -> tuple[int, int]:
        for span in self.sentences:
            if span[0] <= offset < span[1] + 1:
                return span
        return next((p for p in self.paragraphs if p[0] <= offset <= p[1]), (offset, offset))

    def paragraph_index(self, offset: int) -> int:
        return next((i for i, p in enumerate(self.paragraphs) if p[0] <= offset <= p[1]), 0)

    def masked(self, start: int, end: int) -> str:
        """The text with quoted words blanked out, so verbs inside quotes are never taken as cues."""
        return self._masked[start:end]

    def _mask_all(self) -> str:
        chars = list(self.text)
        for q in self.quotes:
            for i in range(q.start - q.mark, min(q.end + q.mark, len(chars))):
                if (i < q.start or (i >= q.end and q.closed)) and not chars[i].isspace():
                    chars[i] = _MARK
                elif not chars[i].isspace():
                    chars[i] = " "
        return "".join(chars)

    def _all_verbs(self) -> list[tuple[int, int, str]]:
        """Speech verbs in the body, leaving out the same words used as nouns or infinitives."""
        masked, hits = self._masked, []
        pattern, not_a_verb = _verb_pattern(), _patterns()["not_a_verb"]
        for p_start, p_end in self.paragraphs:
            for found in pattern.finditer(masked, p_start, p_end):
                word = found.group(1)
                if word[0].isupper() and word.lower() != "according to":
                    continue  # 'Said' or 'Report' capitalised starts a name or a sentence about something else
                marker = not_a_verb.search(masked[max(p_start, found.start(1) - 12) : found.start(1)])
                if marker and not (word.endswith("ing") and _CONTRACTION.search(marker.string)):
                    continue  # 'the report', 'Twain’s remark', 'to maintain', 'self-declared' ('she’s saying' is)
                if word[:3].lower() == "add" and _ADD_TO.match(masked, found.end(1), p_end):
                    continue  # 'adds to the total' is arithmetic, not speech
                hits.append((found.start(1), found.end(1), word.lower()))
        return hits

    def verbs_in(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Speech verbs between two offsets."""
        return [hit for hit in self._verbs if start <= hit[0] and hit[1] <= end]

    # -- speakers -------------------------------------------------------------------------------------
    def tokens(self, start: int, end: int) -> list[tuple[int, int]]:
        return [(start + m.start(), start + m.end()) for m in _TOKEN.finditer(self.text[start:end])]

    def is_name_word(self, word: str, first: bool, next_word: str = "") -> bool:
        """A capitalised word that is not a function or time word; at a sentence start it must also be
        known as a name elsewhere in the article, or be followed by another capitalised word."""
        if not word[:1].isupper() or _word_class(word) in ("time", "pronoun"):
            return False
        if _word_class(word) == "filler" and first:
            return False  # 'Then' at a sentence start; capitalised inside a phrase it is a name ('Huey Long')
        if not first:
            return True
        known = word in self.proper or re.sub(r"['’]s$", "", word) in self.proper
        return known or (len(word) > 1 and word.isupper()) or next_word[:1].isupper()

    def speaker_from(self, tokens: list[tuple[int, int]]) -> _Speaker | None:
        """A speaker from a short phrase: the name at its head, or a pronoun, role or anonymous description."""
        text = self.text
        tokens = [t for t in tokens if re.match(r"\w", text[t[0] : t[1]])]
        words = [text[s:e] for s, e in tokens]
        led = 0  # where a leading determiner stood: 'The Democratic presidential nominee' is a description
        while words and (
            _word_class(words[0]) in ("filler", "time")
            or (words[0].lower() in ("the", "a", "an") and len(words) > 1 and words[1][:1].isupper())
        ):
            led = tokens[0][0] if words[0].lower() in ("the", "a", "an") else 0
            tokens, words = tokens[1:], words[1:]
        while words and (
            (_word_class(words[-1]) in ("filler", "be") and words[-1].islower())  # 'Senator Huey Long' keeps Long
            or (words[-1].islower() and words[-1].endswith("ly"))
            or _is_function_word(words[-1])
        ):
            # 'X also said', 'an unnamed source allegedly close'; a phrase cut short ('comments transcribed for
            # the') never ends in a determiner or preposition: those words lead into a noun, they are not one
            tokens, words = tokens[:-1], words[:-1]
        if words and all(_is_function_word(w) or _word_class(w) in ("filler", "time") for w in words):
            return None  # 'the', 'for the': grammar words alone name nobody
        if not words or len(words) > MAX_SPEAKER_WORDS:
            return None
        start, end = tokens[0][0], tokens[-1][1]
        phrase, classes = text[start:end], [_word_class(w) for w in words]
        if classes[-1] == "pronoun":  # 'Though she called ...': the pronoun is the head of the phrase
            return _Speaker(words[-1], tokens[-1][0], tokens[-1][1], kind="pronoun")
        contracted = re.fullmatch(r"(\w+)['’]s", words[-1])
        if contracted and _word_class(contracted.group(1)) == "pronoun":  # 'she’s saying': 'she is saying'
            return _Speaker(
                contracted.group(1), tokens[-1][0], tokens[-1][0] + len(contracted.group(1)), kind="pronoun"
            )
        # the name is the run of capitalised words at the head (end) of the phrase
        run = []
        for i in range(len(words) - 1, -1, -1):
            word = words[i]
            next_word = words[i + 1] if i + 1 < len(words) else ""
            if self.is_name_word(word, first=i == 0 or not words[i - 1][:1].isalpha(), next_word=next_word):
                run.insert(0, i)
            elif word.lower() in _function_words("name_particle") and run:
                run.insert(0, i)
            else:
                break
        while run and words[run[0]].lower() in _function_words("name_particle"):
            run = run[1:]
        # 'the chief executive of the National Urban League': a lowercase role, then a preposition, then a
        # name: the name is the employer, not the speaker (unlike 'Minister of Defense Ana Ruiz')
        lead = run[0] - 1 if run else -1
        while lead >= 0 and words[lead].lower() in ("the", "a", "an"):
            lead -= 1
        if lead >= 1 and words[lead].lower() in _function_words("preposition"):
            if words[lead - 1].islower():
                run = []
        cut = max((i for i in run if classes[i] in ("role", "organisation")), default=None)
        if run:
            # titles and offices in front of a person's name are description ('Energy Minister Ana Ruiz')
            if cut is not None and cut < run[-1]:
                run = [i for i in run if i > cut]
            # 'the White House', 'the Defense Ministry': a run that ends in an organisation word is an organisation
            org_name = (cut is not None and cut == run[-1]) or any(
                classes[i] in ("organisation", "outlet") for i in run
            )
            if not org_name and len(run) > MAX_NAME_WORDS:
                run = run[-2:]
            name = text[tokens[run[0]][0] : tokens[run[-1]][1]]
            name = re.sub(r"['’]s$", "", name).strip(".,")
            descriptor = [classes[i] for i in range(len(words)) if i < run[0]]
            if org_name or (len(run) == 1 and name.isupper() and len(name) > 1) or name.lower() in _countries():
                kind = "organisation"  # 'the White House', 'NATO', and a state speaking by metonymy ('France said')
            elif len(run) == 1 and "organisation" in descriptor and "role" not in descriptor:
                kind = "organisation"  # 'state arms exporter Armacorp'
            else:
                kind = "named person"
            return _Speaker(phrase, start, end, name, kind)
        if any(c == "anonymous" for c in classes):
            return _Speaker(phrase, start, end, kind="anonymous")
        if any(c == "role" for c in classes):
            return _Speaker(phrase, start, end, kind="role")
        if any(c in ("organisation", "outlet") for c in classes):
            return _Speaker(phrase, start, end, kind="organisation")
        if len(words) <= 6 and words[0].lower() in _function_words("determiner"):
            return _Speaker(phrase, start, end, kind="description")  # 'my father', 'the ad’s narrator'
        if led and len(words) <= 5 and words[-1].islower():
            return _Speaker(text[led:end], led, end, kind="description")  # 'the Democratic presidential nominee'
        sentence_initial = len(words) == 1 and words[0][1:].islower() and words[0] not in self.proper
        if len(words) <= 4 and (words[-1].islower() or sentence_initial) and _plural(words[-1].lower()):
            return _Speaker(phrase, start, end, kind="description")  # 'environmental groups', 'Clinton supporters'
        return None

    def acronym_owner(self, clause_start: int, end: int, parenthesis: str) -> _Speaker | None:
        """'The Agency for International Development (USAID) announced': before a parenthesised acronym, the
        capitalised words joined by lowercase particles ('of', 'for', 'and') are one organisation's full name."""
        if not re.fullmatch(r"\s*\([A-Z][A-Za-z.&-]{1,9}\)\s*", parenthesis) or not re.search(r"[A-Z]{2}", parenthesis):
            return None
        particles = "|".join(re.escape(w) for w in _function_words("org_particle"))
        found = re.search(
            rf"(?:[A-Z][\w’'.-]*(?:,?\s+(?:{particles}))*\s+)+[A-Z][\w’'.-]*$", self.text[clause_start:end].rstrip()
        )
        if not found:
            return None
        start = clause_start + found.start()
        name = re.sub(r"^(?:The|A|An)\s+", "", found.group(0))
        if len(name.split()) < 2:
            return None
        name_start = start + found.group(0).index(name)
        return _Speaker(name, name_start, name_start + len(name), name, "organisation")

    def speaker_before(self, clause_start: int, verb_start: int) -> _Speaker | None:
        """The subject right before a speech verb, back to the nearest clause break.

        Also tried, in order: an appositive between commas ('..., Ana Ruiz, said'), the phrase before an
        appositive ('France, one of its backers, said'), and the phrase before a prepositional phrase
        ('Ruiz at the press conference announced'). A candidate with a name wins.
        """
        chunk = self.masked(clause_start, verb_start)
        parenthesis = re.search(r"\s*\([^()]{0,40}\)\s*$", chunk)
        if parenthesis:  # 'Rep. Ana Ruiz (D-Ohio) said': the parenthesis is transparent
            acronym = self.acronym_owner(clause_start, clause_start + parenthesis.start(), parenthesis.group(0))
            if acronym:
                return acronym
            verb_start = clause_start + parenthesis.start()
            chunk = chunk[: parenthesis.start()]
        breaks = list(_patterns()["clause_break"].finditer(chunk))
        spans = []
        start = clause_start + (breaks[-1].end() if breaks else 0)
        lead = re.match(r"\s*([\w’'-]+)", self.text[start:verb_start])
        after_quote = bool(breaks) and breaks[-1].group(0) == _MARK
        if after_quote and lead and lead.group(1).lower() in _function_words("preposition"):
            # 'an unnamed source “close” to the palace claimed': the words after the preposition describe the
            # subject; the subject stands before them, up to any quoted words
            plain = [b for b in breaks if b.group(0) != _MARK and clause_start + b.end() <= start]
            head_start = clause_start + (plain[-1].end() if plain else 0)
            mark = chunk.find(_MARK, head_start - clause_start)
            head_end = clause_start + mark if 0 <= mark < start - clause_start else start
            spans.append((head_start, head_end))
        else:
            spans.append((start, verb_start))
        commas = [m.start() for m in re.finditer(",", chunk)]
        if commas and not chunk[commas[-1] + 1 :].strip():
            # '..., Ana Ruiz, said' or 'The agency, which runs the program, said': an appositive between commas
            # and the phrase before it; the phrase before the first comma stops at its own clause break
            first_comma = commas[-2] if len(commas) >= 2 else None
            if first_comma is not None:
                spans.append((clause_start + first_comma + 1, clause_start + commas[-1]))
            head_end = first_comma if first_comma is not None else commas[-1]
            head_breaks = [b for b in breaks if b.end() <= head_end and b.group(0) != ","]
            earlier_commas = [c for c in commas if c < head_end]
            head_start = max([b.end() for b in head_breaks] + [c + 1 for c in earlier_commas] + [0])
            spans.append((clause_start + head_start, clause_start + head_end))
        preposition = _patterns()["preposition"].search(self.text[start:verb_start])
        if preposition:
            spans.append((start, start + preposition.start()))
        found = []
        for a, b in spans:
            tokens = self.tokens(a, b)
            speaker = (
                self.speaker_from(tokens[-MAX_SPEAKER_WORDS:]) if tokens and _MARK not in self.masked(a, b) else None
            )
            if speaker is not None:
                found.append(speaker)
        # a person's name beats another name (often an employer in an appositive), which beats a description
        for test in (lambda sp: sp.kind == "named person", lambda sp: bool(sp.name), lambda sp: True):
            chosen = next((sp for sp in found if test(sp)), None)
            if chosen is not None:
                return chosen
        return None

    def speaker_after(self, verb_end: int, limit: int) -> _Speaker | None:
        """The phrase after an inverted verb ('said Ana Ruiz, the mayor')."""
        chunk = self.text[verb_end:limit]
        stop = _patterns()["after_stop"].search(chunk)
        end = verb_end + (stop.start() if stop else len(chunk))
        return self.speaker_from(self.tokens(verb_end, end))

    def sentence_subject(self, start: int, end: int) -> _Speaker | None:
        """The subject of a sentence: from its start (after an opening adverbial, 'Earlier, X ...') to the
        first name that a lowercase word or a comma follows ('Democratic nominee Ana Ruiz chimed in')."""
        masked = self.masked(start, end)
        lead = re.match(r"^\s*(?:[A-Z][\w ’']{0,30},\s+)?", masked)
        offset = start + (lead.end() if lead else 0)
        tokens = []
        for token in self.tokens(offset, end)[: MAX_SPEAKER_WORDS + 1]:
            if masked[token[0] - start] in (" ", _MARK):
                break  # quoted words are never the subject
            tokens.append(token)
        words = [self.text[s:e] for s, e in tokens]
        if words and _word_class(words[0]) == "pronoun":
            return self.speaker_from(tokens[:1])
        for k in range(len(words) - 1):
            head, after = words[k], words[k + 1]
            if self.is_name_word(head, first=k == 0, next_word=after) and (
                after in (",", "’s", "'s") or after.islower()
            ):
                return self.speaker_from(tokens[: k + 1])
        return None

    def resolve(self, speaker: _Speaker | None, at: int) -> _Speaker | None:
        """Resolve a pronoun or a description ('the minister') to a person named earlier in the article."""
        if speaker is None or speaker.kind not in ("pronoun", "role"):
            return speaker
        word = speaker.phrase.lower()
        if speaker.kind == "pronoun":
            wanted = "organisation" if re.fullmatch(r"its?|they|their", word) else "named person"
            if wanted == "named person":
                recent = self.recent_person(speaker.start)
                if recent:
                    return self._resolved(speaker, recent[0], "named person", recent[1])
            for row in reversed(self.rows):
                if row["_kind"] == wanted and row["_name"] and row["start"] < at:
                    return self._resolved(speaker, row["speaker"], wanted, "the last speaker before it")
            names = self.names_between(max(0, at - 800), speaker.start)
            if names and wanted == "named person":
                return self._resolved(speaker, names[-1], "named person", "the last name mentioned before it")
            return speaker
        # a description: an earlier name introduced with the same words ('French president' ... 'Emmanuel Macron')
        keys = [w for w in re.findall(r"[\w’'-]+", speaker.phrase) if w.lower() not in ("the", "a", "an")]
        head = keys[-1].lower() if keys else ""
        best = None
        for match in re.finditer(r"((?:[\w’'-]+\s){0,4})((?:[A-Z][\w’'-]+\s?){2,3})", self.text[: speaker.start]):
            before = match.group(1).lower()
            if head and head in before and all(k.lower() in before for k in keys[:-1]):
                best = match.group(2).strip()
        if best:
            return self._resolved(speaker, best, "named person", f"an earlier mention of a {head} by name")
        return speaker

    def recent_person(self, before: int) -> tuple[str, str] | None:
        """The person most recently in subject position: a speaker credited in, or the named subject of,
        one of the last few sentences (a simple salience rule, after centering theory)."""
        index = next((i for i, s in enumerate(self.sentences) if s[0] <= before < s[1] + 1), len(self.sentences) - 1)
        for k in range(index, max(-1, index - 5), -1):
            s_start, s_end = self.sentences[k]
            limit = min(s_end, before)
            credited = [
                r
                for r in self.rows
                if r["_kind"] == "named person" and r["cue_start"] is not None and s_start <= r["cue_start"] < limit
            ]
            if credited:
                return credited[-1]["speaker"], "the person quoted just before it"
            if k == index:
                continue  # in '..., she said' the sentence's own subject belongs to what was said
            subject = self.sentence_subject(s_start, limit) if limit > s_start else None
            if subject is not None and subject.kind == "named person" and subject.start < before:
                return subject.name, "the person the recent sentences are about"
        return None

    def names_between(self, start: int, end: int) -> list[str]:
        names = []
        for match in re.finditer(
            r"\b([A-Z][\w’'-]+(?:\s+(?:[A-Z][\w’'-]+|de|da|van|von|al|bin)){0,3})", self.masked(start, end)
        ):
            words = match.group(1).split()
            while (
                words
                and not self.is_name_word(words[0], first=True)
                or words
                and _word_class(words[0]) in ("role", "organisation")
            ):
                words = words[1:]
            if words and all(_word_class(w) not in ("organisation", "outlet", "time") for w in words):
                if len(words) > 1 or words[0] in self.proper:
                    names.append(" ".join(words))
        return names

    @staticmethod
    def _resolved(speaker: _Speaker, name: str, kind: str, how: str) -> _Speaker:
        return _Speaker(
            speaker.phrase, speaker.start, speaker.end, name, kind, speaker.via, f"'{speaker.phrase}' read as {how}"
        )

    def attribution(self, sentence: tuple[int, int], verb: tuple[int, int, str]) -> _Speaker | None:
        """The speaker credited by one speech verb in a sentence."""
        v_start, v_end, form = verb
        s_start, s_end = sentence
        if form == "according to":  # whatever short phrase follows is the source ('according to city engineers')
            titled = re.match(
                r"\s*((?:an?|the)\s+(?:[a-z]+\s+){0,2}?[a-z]+)\s+(?:titled|entitled|called|headlined)\b",
                self.text[v_end:s_end],
            )
            if titled:  # 'according to a report titled X': X is a title, the source is 'a report'
                start = v_end + titled.start(1)
                return _Speaker(titled.group(1), start, v_end + titled.end(1), kind="description")
            found = self.speaker_after(v_end, s_end)
            if found is None:  # a description with no name or source word: its words up to a preposition or break
                stop = _patterns()["after_stop"].search(self.text, v_end, s_end)
                tokens = self.tokens(v_end, stop.start() if stop else s_end)[:5]
                while tokens and _is_function_word(self.text[tokens[-1][0] : tokens[-1][1]]):
                    tokens = tokens[:-1]
                if tokens and not all(_is_function_word(self.text[a:b]) for a, b in tokens):
                    start, end = tokens[0][0], tokens[-1][1]
                    return _Speaker(self.text[start:end], start, end, kind="description")
            return found
        if form == "quoted":
            after = re.match(r"\s+((?:[A-Z][\w.’'-]*\s?){1,4})\s+as\s+say", self.text[v_end:s_end])
            if after:
                speaker = self.speaker_from(self.tokens(v_end, v_end + after.end(1)))
                via = self.speaker_before(s_start, v_start)
                if speaker and via:
                    speaker.via = via.name or via.phrase
                return speaker
        left = self.masked(s_start, v_start).rstrip()
        if self.is_passive(s_start, verb):
            return None  # 'the minister was told', 'the plan has been criticized': the subject did not speak
        after_break = not left.replace(_MARK, "").strip() or left.endswith((",", _MARK))
        if (form.endswith("ing") and after_break) or self.coordinated(s_start, v_start):
            # 'X did Y, saying ...', 'X praised Y and said ...': an earlier speech clause's speaker, else the
            # sentence's subject
            earlier = self.governing(sentence, verb)
            if earlier is not None:
                return self.attribution(sentence, earlier)
            return self.sentence_subject(s_start, v_start) if left.replace(_MARK, "").strip() else None
        addressed = _verbs()[form]["lemma"] == "tell"  # 'told The Daily Post': the phrase after is the addressee
        if left.endswith(",") and not addressed:  # '..., added the statement.': a short closing phrase speaks
            after = self.speaker_after(v_end, s_end)
            if after is not None and after.end >= s_end - 2 and len(after.phrase.split()) <= 3:
                return after
        if form.endswith("ing"):  # 'footage of Ana Ruiz saying ...': the name right before the participle speaks
            prepositions = list(_patterns()["preposition"].finditer(self.text, s_start, v_start))
            if prepositions and not _patterns()["clause_break"].search(self.masked(prepositions[-1].end(), v_start)):
                named = self.speaker_from(self.tokens(prepositions[-1].end(), v_start))
                if named is not None and named.kind == "named person":
                    return named
        relative = self.relative_antecedent(s_start, v_start)
        if relative is not None:
            return relative
        before = self.speaker_before(s_start, v_start)
        if before is not None and left.endswith(",") and self.lone_comma(s_start, v_start):
            before = None  # 'its actions and remarks, discussed in ...': a participle after a comma has no subject
        if before is not None and before.name:
            return before
        if after_break and not addressed:  # an inverted cue: '..., said Ana Ruiz'
            after = self.speaker_after(v_end, s_end)
            if after is not None and self.ends_phrase(after, s_end):
                return after
        return before

    def governing(self, sentence: tuple[int, int], verb: tuple[int, int, str]) -> tuple[int, int, str] | None:
        """The earlier speech verb whose clause a participle or a coordinated verb continues ('X said ...,
        adding ...', 'X praised Y and said ...'), if one in the sentence credits a speaker."""
        for earlier in reversed(self.verbs_in(sentence[0], verb[0])):
            if self.attribution(sentence, earlier):
                return earlier
        return None

    def continues_clause(self, sentence: tuple[int, int], verb: tuple[int, int, str]) -> bool:
        """Whether a verb continues an earlier clause: an -ing form after a break ('..., citing') or a verb
        after 'and'/'but' ('... and said')."""
        left = self.masked(sentence[0], verb[0]).rstrip()
        after_break = not left.replace(_MARK, "").strip() or left.endswith((",", _MARK))
        return (verb[2].endswith("ing") and after_break) or self.coordinated(sentence[0], verb[0])

    def ends_phrase(self, speaker: _Speaker, limit: int) -> bool:
        """Whether a speaker phrase after an inverted verb ends its clause: 'said Ana Ruiz, the mayor', 'said a
        spokesman for the ministry.', or a name before a preposition ('said Ana Ruiz on Monday'). When other words
        follow a phrase without a name ('said the city might sell ...'), the verb reports that clause instead."""
        rest = self.text[speaker.end : limit]
        if not rest.strip() or re.match(r"\s*[,.;:!?)”\"’'—–-]", rest):
            return True
        short = bool(speaker.name) or len(speaker.phrase.split()) <= 3  # 'a spokesman for ...', not a clause
        return short and bool(re.match(r"\s+(?:on|in|at|of|from|for|with|to)\b", rest))

    def relative_antecedent(self, s_start: int, v_start: int) -> _Speaker | None:
        """'Ana Ruiz, who said ...': after a relative 'who' (adverbs aside), the speaker is the phrase before it."""
        words = list(re.finditer(r"[\w’'-]+", self.masked(s_start, v_start)))
        while words and (_word_class(words[-1].group(0)) in ("filler", "be") or words[-1].group(0).endswith("ly")):
            words = words[:-1]
        if not words or words[-1].group(0).lower() != "who":
            return None
        end = s_start + words[-1].start()
        end = s_start + len(self.masked(s_start, end).rstrip().rstrip(","))
        return self.speaker_before(s_start, end) if end > s_start else None

    def coordinated(self, s_start: int, v_start: int) -> bool:
        """Whether the verb follows 'and' or 'but' directly (adverbs aside): a second verb of the same subject
        ('she praised the plan and said ...')."""
        words = re.findall(r"[\w’'-]+", self.masked(s_start, v_start))
        while words and (_word_class(words[-1]) in ("filler", "be") or words[-1].endswith("ly")):
            words = words[:-1]
        return len(words) > 1 and words[-1].lower() in ("and", "but")

    def lone_comma(self, s_start: int, v_start: int) -> bool:
        """Whether the only comma before the verb in its sentence is the one right before it: no appositive
        (', X,') is closed there, so the words before the comma are not the verb's subject."""
        return self.masked(s_start, v_start).rstrip()[:-1].count(",") == 0

    def is_passive(self, s_start: int, verb: tuple[int, int, str]) -> bool:
        """A form of 'to be' (adverbs aside) right before a verb that is not an -ing form: a passive verb."""
        # only the words after the last quote mark: in 'the answers are “not enough,” says X' the quote is the subject
        words = re.findall(r"[\w’'-]+", self.masked(s_start, verb[0]).rsplit(_MARK, 1)[-1])[-3:]
        while words and (_word_class(words[-1]) == "filler" or words[-1].endswith("ly")):
            words = words[:-1]
        return bool(words) and _word_class(words[-1]) == "be" and not verb[2].endswith("ing")

    def via(self, start: int, end: int) -> str | None:
        """The intermediary of second-hand speech: 'told Reuters', 'in a statement', 'on Twitter'."""
        window = self.text[start:end]
        for pattern in (
            r"\btold (?:the )?((?:[A-Z][\w.&’'-]*\s?){1,5})",
            r"\bin an? (?:interview|op-ed|article) (?:with|in|for) (?:the )?((?:[A-Z][\w.&’'-]*\s?){1,5})",
        ):
            found = re.search(pattern, window)
            name = found.group(1).strip() if found else ""
            if name and _word_class(name.split()[0]) != "pronoun" and name.lower() not in _function_words("addressee"):
                return name
        found = _patterns()["platform"].search(window)
        if found:
            return found.group(1)
        found = re.search(
            r"\bin an? (?:written |joint |press )?(statement|interview|press release|press conference|letter|speech|"
            r"tweet|post|briefing)\b",
            window,
        )
        return found.group(1) if found else None

    # -- quotes ---------------------------------------------------------------------------------------
    def tag(self) -> list[dict]:
        last: dict = {}
        for quote in self.quotes:
            speaker = self.tag_quote(quote, last)
            if speaker is not None:
                last = {"speaker": speaker, "paragraph": self.paragraph_index(quote.end), "end": quote.end}
        self.indirect()
        self.after_reported_speech()
        self.canonical_names()
        self.rows.sort(key=lambda r: r["start"])
        for number, row in enumerate(self.rows, start=1):
            row["quote_id"] = f"{self.article_id}-q{number:03d}"
            row.pop("_kind"), row.pop("_name")
        return self.rows

    def tag_quote(self, quote: _Quote, last: dict) -> _Speaker | None:
        text = self.text
        sentence = self.sentence_of(quote.start - 1)
        end_sentence = self.sentence_of(max(quote.end - 1, quote.start))
        span = (min(sentence[0], quote.start - 1), max(end_sentence[1], quote.end))
        content = text[quote.start : quote.end]
        n_words = len(re.findall(r"\w+", content))
        pre = text[span[0] : quote.start - 1]
        if _patterns()["title_cue"].search(pre) and n_words <= 15:
            return None  # the title of a book, film or report, or a nickname: not speech
        quote.alterations = _alterations(content)
        span = (span[0], self.inverted_cue_sentence(quote, span[1]))
        verbs = self.verbs_in(*span)
        after = [v for v in verbs if v[0] >= quote.end]
        before = [v for v in verbs if v[1] <= quote.start]
        speaker, cue, rule, where = None, None, "", ""
        between = self.masked(quote.end, after[0][0]) if after else ""
        if re.match(rf"\W*(?:{_alternation('clause_break')})\b", between) and not re.match(
            r"\W*(?:and|but|as)\b", between
        ):
            # '“That makes me smart,” when Ana Ruiz said ...': a verb in a subordinate clause is not this quote's cue
            # (a verb after 'and' or 'but' continues the clause and is weighed below; 'as Ruiz said' is a cue)
            after = []
        # words of the speaker phrase between the quote and its cue; a parenthesis ('(D-Ohio)') is transparent
        gap = len(re.findall(r"[\w’'.-]+", re.sub(r"\([^()]*\)", " ", between))) if after else 99
        if after and gap <= MAX_SPEAKER_WORDS:  # '..., ” the minister said.'
            cue, rule, where = after[0], "quote.cue_after", "follows the quote"
            speaker = self.attribution(span, cue)
        if speaker is None and before:  # 'X said ... “...”', 'X said:'
            cue, rule, where = before[-1], "quote.cue_before", "comes before the quote in the same sentence"
            speaker = self.attribution(span, cue)
        if speaker is None and after and cue is None:
            cue, rule, where = after[0], "quote.cue_later", "comes later in the same sentence"
            speaker = self.attribution(span, cue)
        if cue is not None and cue[0] >= quote.end and (speaker is None or speaker.kind != "named person"):
            # '“...,” Ana Ruiz, the attorney general of a state suing the agency, said': a name right after the
            # closing mark, before a comma, is the speaker, whatever the appositives after it name
            lead = re.match(r"[\s,¦]*([^,¦]+),", self.masked(quote.end, cue[0]))
            if lead:
                named = self.speaker_from(self.tokens(quote.end + lead.start(1), quote.end + lead.end(1)))
                if named is not None and named.kind == "named person":
                    speaker = named
        credit = re.match(r"[\s,.]*[―—–-]{1,2}\s*((?:[A-Z][\w.’'-]*\s?){1,4})", text[quote.end + 1 : quote.end + 60])
        if speaker is None and credit:
            name_start = quote.end + 1 + credit.start(1)
            speaker = self.speaker_from(self.tokens(name_start, name_start + len(credit.group(1).rstrip())))
            if speaker is not None:
                rule, where = "quote.dash_credit", ""
        p_index = self.paragraph_index(quote.start)
        lead_words = len(re.findall(r"\w+", text[self.paragraphs[p_index][0] : quote.start - 1]))
        whole_sentence = not re.search(r"\w", self.masked(*span).replace(text[quote.start - 1], " "))
        if speaker is None and cue is None and p_index > 0 and lead_words <= 4:
            # the paragraph before introduces this one: '... she said, adding:' / '... Ruiz said'
            prev_start, prev_end = self.paragraphs[p_index - 1]
            prev_sentence = self.sentence_of(prev_end - 1)
            prev_verbs = self.verbs_in(*prev_sentence)
            tail = text[prev_start:prev_end].rstrip()
            if prev_verbs and (tail.endswith(":") or prev_verbs[-1][1] >= prev_start + len(tail.rstrip(":,. ")) - 2):
                cue, rule, where = (
                    prev_verbs[-1],
                    "quote.intro_paragraph",
                    "ends the paragraph before, which introduces it",
                )
                speaker = self.attribution(prev_sentence, cue)
                if speaker is None and last.get("paragraph") == p_index - 1:
                    speaker = last["speaker"]
        if (
            speaker is None
            and cue is None
            and last
            and whole_sentence
            and self.paragraph_index(last["end"]) >= p_index - 1
        ):
            speaker, rule = last["speaker"], "quote.continues"
        if cue is not None and speaker is None:
            speaker = self.sentence_subject(*self.sentence_of(cue[0]))
        if cue is not None and speaker is not None and cue[0] >= quote.end and self.continues_clause(span, cue):
            # 'called it a “champion” for its members, citing ...': a verb after the quote that continues an
            # earlier clause reports what follows it; the quote belongs to the verb that opened the clause
            earlier = self.governing(span, cue)
            if earlier is not None:
                where = f"opens the clause that '{text[cue[0] : cue[1]]}' continues"
                cue = earlier
            else:  # 'X admires Y as a “strong leader,” comparing ...': the words are the subject's, with no cue
                where = f"'{text[cue[0] : cue[1]]}' after them reports what follows it"
                cue, rule = None, "quote.subject"
        if speaker is None and rule not in ("quote.continues", "quote.subject"):
            cue, rule, where = None, "", ""  # a speech verb that credits nobody does not make these words a quote
        speaker = self.resolve(speaker, quote.start)
        if speaker is not None and speaker.kind in ("pronoun", "role") and not speaker.name:
            pass  # kept as a description; type 'unknown'
        self.describe(quote, speaker, cue, rule, where, content, n_words, pre)
        if quote.cue is not None and quote.kind != "partial":
            # a partial quote's cue may still introduce reported speech around it ('X said the plan was
            # "unfair" and would fail'): the reported row then carries the whole attribution
            self.used_cues.add(quote.cue[0])
        self.rows.append(self.row(quote, p_index))
        return speaker if speaker is not None and quote.kind not in ("scare",) else None

    def inverted_cue_sentence(self, quote: _Quote, span_end: int) -> int:
        """Where the sentence of a quote ends when its cue stands in the next sentence: the sentence splitter
        ends a sentence after '!”', '?”' or '.”', but in '“We won!” Ana Ruiz said.' the short clause after the
        marks is the quote's own cue. Returns `span_end`, or the end of that clause."""
        if (
            not quote.closed
            or span_end > quote.end + quote.mark + 1
            or not re.search(r"[.!?]\W*$", self.text[quote.start : quote.end])
        ):
            return span_end
        following = self.sentence_of(quote.end + quote.mark + 1)
        if following[0] < span_end or following[0] - (quote.end + quote.mark) > 2:
            return span_end
        verbs = self.verbs_in(*following)
        if not verbs or self.paragraph_index(following[0]) != self.paragraph_index(quote.end):
            return span_end
        v_start, v_end, _ = verbs[0]
        before = len(re.findall(r"\w+", self.masked(following[0], v_start)))
        rest = self.masked(v_end, following[1])  # 'He said that if “...”': the verb has content of its own
        after = len(re.findall(r"\w+", rest))
        # an inverted cue names its speaker and perhaps a short appositive ('asked Ana Ruiz, the mayor.'), where
        # 'According to the arms maker, the city will ...' goes on to content of its own
        inverted = before == 0 and after <= MAX_SPEAKER_WORDS - 2
        if before <= MAX_SPEAKER_WORDS and (after <= 4 or inverted) and _MARK not in rest:
            return following[1]
        return span_end

    def after_reported_speech(self) -> None:
        """A full quoted sentence with no cue right after a sentence of reported speech ('Ruiz called him a master
        at deals. “He showed it again and again.”') goes on with that speaker, as after a quotation."""
        rows = sorted(self.rows, key=lambda r: r["start"])
        for before, row in zip(rows, rows[1:], strict=False):
            if row["rule"] != "quote.no_cue" or row["kind"] != "direct" or before["kind"] != "indirect":
                continue
            if before["_kind"] != "named person" or self.paragraph_index(before["end"]) != self.paragraph_index(
                row["start"]
            ):
                continue
            sentence = self.sentence_of(row["start"] - 1)
            if self.sentence_of(before["cue_start"])[1] < sentence[0] - 2 or re.search(
                r"\w", self.text[sentence[0] : row["start"] - 1]
            ):
                continue  # only the sentence right before, and a quote that opens its own sentence
            for column in ("speaker", "speaker_type", "speaker_start", "speaker_end", "via", "_kind", "_name"):
                row[column] = before[column]
            row["rule"] = "quote.after_reported"
            row["reason"] = (
                f"A full statement in quote marks, continuing the reported speech before it by '{row['speaker']}'"
            )

    def describe(self, quote, speaker, cue, rule, where, content, n_words, pre) -> None:
        """Set the quote's kind, rule and the reason a student reads."""
        woven = bool(re.search(r"[\w’')]\s*$", pre)) and not re.search(r"[:,]\s*$", pre)
        fragment = woven or not re.sub(r"^\(\w\)", "X", content.strip()).lstrip("‘'(…. ")[:1].isupper()
        if speaker is None and cue is None and rule not in ("quote.continues", "quote.dash_credit", "quote.subject"):
            if n_words <= MAX_SCARE_WORDS and not re.search(r"[.!?]\s+\S", content) and quote.closed:
                quote.kind, quote.rule = "scare", "quote.scare"
                quote.reason = (
                    f"{n_words} word{'s' if n_words > 1 else ''} in quote marks with no speech verb nearby: "
                    "the writer keeps a distance from the words rather than quoting anyone"
                )
                return
            quote.kind = "unclosed" if not quote.closed else ("partial" if fragment else "direct")
            quote.rule = "quote.no_cue"
            quote.reason = "quoted words with no speech verb nearby: the speaker is not named"
        else:
            if quote.closed:
                quote.kind = "partial" if fragment and n_words < 40 else "direct"
            quote.rule, quote.cue = rule, (cue[0], cue[1]) if cue else None
            who = (speaker.name or speaker.phrase) if speaker else "no clear speaker"
            what = {"direct": "A full statement", "partial": "A few words woven into the sentence"}.get(
                quote.kind, "An unclosed quotation"
            )
            if cue is not None:
                quote.reason = f"{what} in quote marks; '{self.text[cue[0] : cue[1]]}' {where}; speaker: '{who}'"
            elif rule == "quote.dash_credit":
                quote.reason = f"{what} in quote marks, credited after a dash to '{who}'"
            elif rule == "quote.subject":
                quote.reason = f"{what} in quote marks, credited to the subject of the sentence, '{who}' ({where})"
            else:
                quote.reason = f"{what} in quote marks, continuing the quotation before it by '{who}'"
            if speaker is not None and speaker.resolved:
                quote.reason += f" ({speaker.resolved})"
        quote.speaker = speaker
        if quote.alterations:
            quote.reason += "; changed inside the marks: " + ", ".join(quote.alterations)

    def row(self, quote: _Quote, p_index: int) -> dict:
        speaker, text = quote.speaker, self.text
        kind = speaker.kind if speaker else None
        return {
            "article_id": self.article_id,
            "quote_id": "",
            "start": quote.start,
            "end": quote.end,
            "quote": text[quote.start : quote.end],
            "kind": quote.kind,
            "speaker": (speaker.name or speaker.phrase) if speaker else None,
            "speaker_type": kind if kind in ("named person", "organisation", "anonymous") else "unknown",
            "speaker_start": speaker.start if speaker else None,
            "speaker_end": speaker.end if speaker else None,
            "cue": text[quote.cue[0] : quote.cue[1]] if quote.cue else None,
            "cue_start": quote.cue[0] if quote.cue else None,
            "cue_end": quote.cue[1] if quote.cue else None,
            "via": (speaker.via if speaker and speaker.via else None)
            or self.via(*self.sentence_of(quote.cue[0] if quote.cue else quote.start)),
            "segment": self.segment_ids[p_index],
            "alterations": "; ".join(quote.alterations) or None,
            "rule": quote.rule,
            "reason": quote.reason,
            "_kind": kind,
            "_name": speaker.name if speaker else None,
        }

    # -- reported speech ------------------------------------------------------------------------------
    def indirect(self) -> None:
        """Reported speech without quote marks: 'X said (that) ...', '..., X said.', 'according to X, ...'."""
        text = self.text
        for s_start, s_end in self.sentences:
            masked = self.masked(s_start, s_end)
            taken: list[tuple[int, int]] = []  # 'X said Y said ...': an inner cue inside taken content is skipped
            for verb in self.verbs_in(s_start, s_end):
                v_start, v_end, form = verb
                info = _verbs().get(form)
                if v_start in self.used_cues or not info or not info["clause"]:
                    continue
                if any(a <= v_start < b for a, b in taken):
                    continue
                speaker = self.attribution((s_start, s_end), verb)
                if speaker is None:
                    continue
                content = self.content_span(masked, s_start, s_end, verb, speaker)
                if content is None:
                    continue
                c_start, c_end = content
                covered = sum(
                    min(q.end, c_end) - max(q.start, c_start)
                    for q in self.quotes
                    if q.start < c_end and q.end > c_start
                )
                if covered > 0.8 * (c_end - c_start):
                    continue  # a quote row already carries these words
                speaker = self.resolve(speaker, v_start)
                quote = _Quote(c_start, c_end, "indirect", speaker=speaker, cue=(v_start, v_end), rule="quote.indirect")
                who = speaker.name or speaker.phrase
                quote.reason = (
                    f"Reported speech without quote marks: '{text[v_start:v_end]}' credits '{who}' with what "
                    f"{'follows' if c_start >= v_end else 'comes before'}"
                    + (f" ({speaker.resolved})" if speaker.resolved else "")
                )
                self.rows.append(self.row(quote, self.paragraph_index(c_start)))
                self.adopt_quoted_words(self.rows[-1])
                self.used_cues.add(v_start)
                taken.append((c_start, c_end))
            self.nominal((s_start, s_end), taken)

    def adopt_quoted_words(self, reported: dict) -> None:
        """Quoted words inside reported speech ('Ruiz said the plan was “unfair” and late') are the reported
        speaker's words: their row takes the reported row's speaker and cue, so the two read as one attribution
        with quoted and paraphrased parts (a mixed quote, Pareti 2015), whatever verb stood nearer the marks.
        Quotations that shared the nearer verb as their cue go with them."""
        cue = reported["cue_start"]
        inside = [
            row
            for row in self.rows
            if row["kind"] in QUOTED_ADOPT
            and row["cue_start"] != cue
            and reported["start"] <= row["start"]
            and row["end"] <= reported["end"]
            and not self.adopted_within(row, reported)
        ]
        nearer = {row["cue_start"] for row in inside if row["cue_start"] is not None}
        inside += [
            r for r in self.rows if r["cue_start"] in nearer and r["kind"] in ("direct", "partial") and r not in inside
        ]
        for row in inside:
            for column in ("speaker", "speaker_type", "speaker_start", "speaker_end", "cue", "cue_start", "cue_end"):
                row[column] = reported[column]
            row["via"], row["_kind"], row["_name"] = reported["via"], reported["_kind"], reported["_name"]
            row["rule"] = "quote.in_reported"
            row["kind"] = "partial" if row["kind"] in QUOTED_ADOPT else row["kind"]
            row["reason"] = (
                f"{'A few words' if row['kind'] == 'partial' else 'A statement'} in quote marks that belongs to "
                f"reported speech: '{row['cue']}' credits '{row['speaker']}' with the sentence around them, and the "
                "marks show which words are the speaker's own"
            )

    def adopted_within(self, row: dict, reported: dict) -> bool:
        """True when `row` already belongs to reported speech nested inside `reported`'s content ('according to
        X, Ana Ruiz reaffirmed the council's support for the “lawful leader”': the quoted words are Ruiz's)."""
        cue = row["cue_start"]
        if cue is None or not reported["start"] <= cue < reported["end"]:
            return False
        nested = any(
            other["kind"] == "indirect"
            and other["cue_start"] == cue
            and reported["start"] <= other["start"]
            and other["end"] <= reported["end"]
            for other in self.rows
        )
        return nested or row["rule"] == "quote.in_reported"

    def nominal(self, sentence: tuple[int, int], taken: list[tuple[int, int]]) -> None:
        """Nominal attribution: 'Ruiz’s claim that ...', 'his warning that ...' (nouns in `attribution_nouns.tsv`).
        The possessor is the source; the that-clause, up to the next comma or the sentence end, is the content."""
        text, (s_start, s_end) = self.text, sentence
        masked = self.masked(s_start, s_end)
        if "that" not in masked:  # every nominal attribution has a that-clause: most sentences are done here
            return
        for found in _nominal_pattern().finditer(masked):
            n_start, n_end = s_start + found.start("noun"), s_start + found.end("noun")
            if any(a <= n_start < b for a, b in taken):
                continue
            owner = found.group("owner")
            o_start = s_start + found.start("owner")
            if _word_class(owner) == "pronoun":  # 'his claim': the pronoun stands for someone named before
                speaker = _Speaker(owner, o_start, o_start + len(owner), kind="pronoun")
            else:
                speaker = self.speaker_from(self.tokens(o_start, o_start + len(owner)))
            if speaker is None:
                continue
            c_start = s_start + found.end()
            stop = re.search(r"[,;:—–]|\s-\s", masked[found.end() :])
            c_end = c_start + (stop.start() if stop else len(masked) - found.end())
            c_end = c_start + len(text[c_start:c_end].rstrip(" .!?"))
            if len(re.findall(r"\w+", text[c_start:c_end])) < MIN_CONTENT_WORDS:
                continue
            speaker = self.resolve(speaker, n_start)
            if speaker.kind == "pronoun" and not speaker.name:
                continue  # 'his claim' with nobody named before it: no source to show
            speaker.phrase = owner
            quote = _Quote(c_start, c_end, "indirect", speaker=speaker, cue=(n_start, n_end), rule="quote.nominal")
            quote.reason = (
                f"Reported speech without quote marks: the noun '{text[n_start:n_end]}' with the possessive "
                f"'{owner}' credits '{speaker.name or owner}' with the that-clause after it"
                + (f" ({speaker.resolved})" if speaker.resolved else "")
            )
            self.rows.append(self.row(quote, self.paragraph_index(c_start)))
            taken.append((c_start, c_end))

    def content_span(self, masked, s_start, s_end, verb, speaker) -> tuple[int, int] | None:
        text = self.text
        v_start, v_end, form = verb
        left = masked[: v_start - s_start].rstrip()
        if form == "according to":
            # '..., according to X.' credits what comes before; 'According to X, ...' what follows
            before = len(re.findall(r"\w+", masked[: v_start - s_start])) >= 3
            c_start, c_end = (s_start, v_start) if speaker.end >= s_end - 2 or before else (speaker.end, s_end)
        elif left.endswith((",", _MARK)) and speaker.start > v_start:  # '..., said X.', '... “unfair,” says X.'
            c_start, c_end = s_start, v_start
        elif (
            speaker.end <= v_start
            and re.search(r",\s*$", text[s_start : speaker.start])
            and speaker.start > s_start + 10
            and len(re.findall(r"\w+", masked[v_end - s_start :])) <= 4  # the cue closes the sentence
        ):
            c_start, c_end = s_start, speaker.start  # '..., X said (on Monday).'
        else:
            c_start, c_end = v_end, s_end
            if form in ("told", "tells", "tell", "telling"):
                addressee = re.match(r"\s+(?:the\s+)?(?:(?:[A-Z][\w.’'-]*\s?){1,4}|[a-z]+)", text[v_end:s_end])
                c_start = v_end + (addressee.end() if addressee else 0)
        cut = self.next_attribution(c_start, c_end) if c_start >= v_end else c_end
        piece = text[c_start:cut]
        lead = len(piece) - len(re.sub(r"^[\s,:;—–-]*(?:that\s+)?", "", piece))
        trail = len(piece) - len(re.sub(r"[\s,.;:—–-]+$", "", piece))
        c_start, c_end = c_start + lead, max(c_start + lead, cut - trail)
        n_words = len(re.findall(r"\w+", text[c_start:c_end]))
        if n_words < MIN_CONTENT_WORDS - 1:
            return None
        first = re.match(r"[\w’'-]+", text[c_start:c_end])
        if n_words < MIN_CONTENT_WORDS and (
            first is None
            or first.group(0).lower() in _function_words("preposition")
            or _word_class(first.group(0)) in ("time", "filler", "be")
        ):
            # three words are content when they are a clause or an object ('mocked the complaint', 'said they
            # were winning'), not when they only say when or where ('said on Thursday', 'wrote in his book')
            return None
        return c_start, c_end

    def next_attribution(self, c_start: int, c_end: int) -> int:
        """Where reported content ends because a new attribution starts after a comma in the same sentence:
        '..., arguing that ...', '..., though she noted ...'. Returns the comma's offset, or `c_end`."""
        for v_start, _, form in self.verbs_in(c_start, c_end):
            info = _verbs().get(form)
            if not info or not info["clause"]:
                continue
            lead = self.masked(c_start, v_start)
            if self.coordinated(c_start, v_start):  # '... and said ...': the same speaker's next statement
                conjunction = list(re.finditer(r"\s*\b(?:and|but)\b", lead))[-1]
                return c_start + conjunction.start()
            comma, keep = max(lead.rfind(","), lead.rfind(";")), 0
            mark = lead.rfind(_MARK)
            if mark > max(comma, 0) and self.text[c_start + mark - 1] in ",;":
                comma, keep = mark, 1  # '... because “most people don’t know,” she said': the comma is inside the marks
            if comma < 0 or len(re.findall(r"[\w’'-]+", lead[comma:])) > 4:
                continue
            between = [w for w in re.findall(r"[\w’'-]+", lead[comma + 1 :]) if _word_class(w) != "filler"]
            if not between:
                # '..., adding that ...': a new clause about the same speaker; '..., who asked not to be named,
                # said ...': the sentence's own verb after a relative clause
                return c_start + comma + keep
            speaker = self.speaker_before(c_start + comma + 1, v_start)
            if speaker is not None and speaker.start > c_start + comma:
                return c_start + comma + keep  # '..., though she noted ...', '..., and officials said ...'
        return c_end

    # -- names ----------------------------------------------------------------------------------------
    def canonical_names(self) -> None:
        """One name per person per article: the fullest form used, merging surnames and spelling variants."""
        uses = Counter(r["_name"] for r in self.rows if r["_kind"] == "named person" and r["_name"])
        # fullest first; among equally full forms the most used, then the alphabetical first (never set order,
        # which changes from one Python process to the next)
        names = sorted(uses, key=lambda n: (-len(n.split()), -len(n), -uses[n], n))
        canonical: dict[str, str] = {}
        for name in names:
            parts = name.split()
            for full in names:
                full_parts = full.split()
                if full == name or len(full_parts) < len(parts) or full in canonical:
                    continue
                # spelling variants of a surname ('Gonzales', 'Gonzalez', 'Gonsalez') count as one
                same_last = SequenceMatcher(None, parts[-1].lower(), full_parts[-1].lower()).ratio() >= 0.75
                same_first = len(parts) == 1 or parts[0].lower() == full_parts[0].lower()
                if same_last and same_first and (len(full_parts) > len(parts) or full < name):
                    canonical[name] = full
                    break
        for row in self.rows:
            name = row["_name"]
            if name in canonical and row["speaker"] == name:
                row["speaker"] = canonical[name]
                row["reason"] += f"; '{name}' is merged with '{canonical[name]}', the fullest form in the article"


# ---- public ----------------------------------------------------------------------------------------
def quotes(corpus: Corpus) -> pd.DataFrame:
    """Tag quotations and attributions in the body of every article.

    Parameters
    ----------
    corpus : Corpus
        Output of `load_corpus`; only body segments are read, never headlines, bios or boilerplate.

    Returns
    -------
    DataFrame
        One row per quotation or attribution, columns `schema.QUOTE_COLUMNS`. `text[start:end]` is the
        quoted (or reported) content without the marks; `speaker_start/end` and `cue_start/end` point at the
        speaker phrase and the speech verb; `reason` says which rule fired.

    Examples
    --------
    >>> import kit
    >>> text = "Floods Close Schools\\n\\n“We had no choice,” the mayor, Ana Ruiz, said on Monday."
    >>> kit.quotes(kit.corpus_from_texts({"a": text}))[["kind", "speaker", "cue"]].values.tolist()
    [['direct', 'Ana Ruiz', 'said']]
    """
    corpus = applicable(corpus, "kit.quotes")
    texts = dict(zip(corpus.articles.article_id, corpus.articles.text, strict=True))
    rows: list[dict] = []
    groups = corpus.paragraphs("body", ids=True).items()
    if len(groups) > PROGRESS_FROM:
        from tqdm.auto import tqdm

        groups = tqdm(groups, total=len(groups), desc="tagging quotes", unit="article")
    for article_id, paragraphs in groups:
        spans = [(start, end) for start, end, _ in paragraphs]
        rows += _Tagger(article_id, texts[article_id], spans, [segment for _, _, segment in paragraphs]).tag()
    table = schema.table(rows, schema.QUOTE_COLUMNS)
    return table.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)


# ---- source diversity ------------------------------------------------------------------------------
@cache
def _groups() -> dict[str, str]:
    table = lexicons.load("source_words")
    return {word: group for word, group in zip(table.word, table.group, strict=True) if group != "-"}


@cache
def _demonyms() -> dict[str, str]:
    table = lexicons.load("demonyms")
    return dict(zip(table.demonym, table.country, strict=True))


def _source_group(description: str, speaker_type: str) -> tuple[str, str | None]:
    """Which kind of source a description signals (official, expert, ordinary person...) and its country."""
    words = re.findall(r"[\w.’'-]+", description.lower())
    raw = re.findall(r"[\w.’'-]+", description)
    country = None
    for i, word in enumerate(words):  # 'Russian Foreign Ministry spokeswoman', 'US Treasury Secretary'
        if word in _demonyms():
            following = words[i + 1 : i + 5]
            for j, later in enumerate(following):
                if _word_class(later) in ("role", "organisation") or later in _groups():
                    country = _demonyms()[word]
                    break
                if not raw[i + 1 + j][:1].isupper():
                    break
        if country:
            break
    groups = [_groups()[w] for w in words if w in _groups()]
    if speaker_type == "anonymous":
        return "anonymous", country
    if "official" in groups:
        return "official", country
    if "expert" in groups:
        return "expert", country
    if "citizen" in groups:
        return "ordinary person", country
    if speaker_type == "organisation":
        return "organisation", country
    if speaker_type == "named person":
        return "named person, role not stated", country
    return "unknown", country


def sources(corpus: Corpus, quotes_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return who speaks in each article, how much, as what kind of source, and through whom.

    Parameters
    ----------
    corpus : Corpus
        Output of `load_corpus`.
    quotes_table : DataFrame, optional
        Output of `quotes(corpus)`; computed when not given.

    Returns
    -------
    DataFrame
        One row per article and speaker, columns `schema.SOURCE_COLUMNS`: counts by kind, characters of
        quoted and reported words and their share of the body, the source group (official, expert,
        ordinary person, anonymous, organisation) with its country when the description names one, and
        whether the words reached the writer through an intermediary (`via`). Scare quotes have no
        speaker and are left out.
    """
    tags = quotes(corpus) if quotes_table is None else quotes_table
    tags = tags[tags.kind != "scare"]
    body = corpus.segments[corpus.segments.kind == "body"]
    body_chars = (body.end - body.start).groupby(body.article_id).sum().to_dict()
    texts = dict(zip(corpus.articles.article_id, corpus.articles.text, strict=True))
    groups: dict[tuple[str, str], list[dict]] = {}
    for tag in tags.fillna({"speaker": "(no speaker named)"}).to_dict("records"):  # plain dicts: fast per row
        groups.setdefault((tag["article_id"], tag["speaker"]), []).append(tag)
    rows = []
    for (article_id, speaker), group in sorted(groups.items()):
        text = texts[article_id]
        descriptions = " ".join(
            text[int(t["speaker_start"]) : int(t["speaker_end"])] for t in group if pd.notna(t["speaker_start"])
        )
        first = text.find(speaker) if speaker != "(no speaker named)" else -1
        if first > 0:  # the words that introduce the name at its first mention ('Energy Minister ...')
            descriptions += " " + text[max(0, first - 60) : first]
        types = Counter(t["speaker_type"] for t in group)
        speaker_type = min(types, key=lambda kind: (-types[kind], kind))  # the most common; ties alphabetical
        source_group, country = _source_group(descriptions, speaker_type)
        kinds = Counter(t["kind"] for t in group)
        quoted_chars = sum(t["end"] - t["start"] for t in group if t["kind"] in ("direct", "partial", "unclosed"))
        reported_chars = sum(t["end"] - t["start"] for t in group if t["kind"] == "indirect")
        vias = sorted({t["via"] for t in group if pd.notna(t["via"]) and t["via"]})
        total = int(body_chars.get(article_id, 0)) or 1
        rows.append(
            {
                "article_id": article_id,
                "speaker": speaker,
                "speaker_type": speaker_type,
                "source_group": source_group,
                "country": country,
                "n_quotes": len(group),
                "n_direct": kinds["direct"],
                "n_partial": kinds["partial"],
                "n_indirect": kinds["indirect"],
                "quoted_chars": int(quoted_chars),
                "reported_chars": int(reported_chars),
                "share_of_body": float((quoted_chars + reported_chars) / total),
                "via": "; ".join(vias) or None,
                "is_second_hand": bool(vias),
            }
        )
    table = schema.table(rows, schema.SOURCE_COLUMNS)
    return table.sort_values(["article_id", "share_of_body"], ascending=[True, False], kind="stable").reset_index(
        drop=True
    )


def voice_shares(corpus: Corpus, quotes_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return, per article, the share of body characters in the writer's own voice, in quoted words and in
    reported speech, with quoted words split by source group (nested quotes are counted once)."""
    tags = quotes(corpus) if quotes_table is None else quotes_table
    groups = sources(corpus, tags)
    group_of = {(r.article_id, r.speaker): r.source_group for r in groups.itertuples(index=False)}
    body = corpus.segments[corpus.segments.kind == "body"]
    body_chars = (body.end - body.start).groupby(body.article_id).sum().to_dict()
    spoken = tags[tags.kind != "scare"].sort_values("kind", kind="stable")
    tags_of = {article_id: rows for article_id, rows in spoken.groupby("article_id", sort=False)}
    rows = []
    for article in corpus.articles.itertuples(index=False):
        total = int(body_chars.get(article.article_id, 0))
        owner = {}  # character -> voice; quoted words override reported speech around them
        for row in tags_of.get(article.article_id, spoken.iloc[:0]).itertuples():
            speaker = row.speaker if pd.notna(row.speaker) else "(no speaker named)"
            voice = (
                "reported speech"
                if row.kind == "indirect"
                else "quoted: " + group_of.get((row.article_id, speaker), "unknown")
            )
            for i in range(int(row.start), int(row.end)):
                if voice != "reported speech" or i not in owner:
                    owner[i] = voice
        counts = pd.Series(list(owner.values()), dtype="string").value_counts()
        record = {"article_id": article.article_id, "outlet": article.outlet, "body_chars": total}
        record["writer"] = max(total - len(owner), 0) / total if total else 0.0
        for voice, n in counts.items():
            record[voice] = n / total if total else 0.0
        rows.append(record)
    return pd.DataFrame(rows).fillna(0.0)


# ---- the same statement across articles ------------------------------------------------------------
def _normal_words(text: str) -> list[str]:
    text = re.sub(r"[\[(][^\])]{0,60}[\])]", " ", text)  # bracketed insertions are the writer's, not the speaker's
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def quote_variants(quotes_table: pd.DataFrame, min_words: int = 3, min_similarity: float = 0.5) -> pd.DataFrame:
    """Return pairs of quotations in different articles that render the same statement, and how they differ.

    Candidate pairs share a run of three words (an index over word trigrams, so the search stays near-linear);
    each pair is then compared word by word (difflib). `wording` is `verbatim` when the words agree (case,
    punctuation and bracketed insertions aside), `contained` when one quote is a cut of the other, else
    `reworded`; `differences` lists the words only one side has.

    Returns
    -------
    DataFrame
        Columns `schema.QUOTE_VARIANT_COLUMNS`.
    """
    from difflib import SequenceMatcher as _Matcher

    quoted = quotes_table[quotes_table.kind.isin(["direct", "partial", "unclosed"])].reset_index(drop=True)
    words = [_normal_words(q) for q in quoted.quote]
    index: dict[tuple[str, ...], list[int]] = {}
    for i, tokens in enumerate(words):
        if len(tokens) < min_words:
            continue
        for gram in {tuple(tokens[k : k + 3]) for k in range(len(tokens) - 2)}:
            index.setdefault(gram, []).append(i)
    article, quote_id, speaker, quote = (quoted[c].tolist() for c in ("article_id", "quote_id", "speaker", "quote"))
    pairs = set()
    for members in index.values():
        if len(members) > 50:
            continue  # a stock phrase shared by many quotes says nothing about one statement
        for a in members:
            for b in members:
                if a < b and article[a] != article[b]:
                    pairs.add((a, b))
    counts = [Counter(tokens) for tokens in words]
    rows = []
    for a, b in sorted(pairs):
        # the words both share (as a multiset) bound the matched words from above: skip pairs that cannot pass
        bound, sizes = (counts[a] & counts[b]).total(), (len(words[a]), len(words[b]))
        if 2 * bound / sum(sizes) < min_similarity and bound < 0.8 * min(sizes):
            continue
        matcher = _Matcher(None, words[a], words[b], autojunk=False)
        shared = sum(block.size for block in matcher.get_matching_blocks())
        similarity = 2 * shared / (len(words[a]) + len(words[b]))
        shorter = min(len(words[a]), len(words[b]))
        if similarity < min_similarity and shared < 0.8 * shorter:
            continue
        only_a = [
            w for tag, i1, i2, _, _ in matcher.get_opcodes() if tag in ("replace", "delete") for w in words[a][i1:i2]
        ]
        only_b = [
            w for tag, _, _, j1, j2 in matcher.get_opcodes() if tag in ("replace", "insert") for w in words[b][j1:j2]
        ]
        if not only_a and not only_b:
            wording = "verbatim"
        elif not only_a or not only_b:
            wording = "contained"
        else:
            wording = "reworded"
        differences = "; ".join(
            part
            for part in (
                f"only in {article[a]}: {' '.join(only_a)}" if only_a else "",
                f"only in {article[b]}: {' '.join(only_b)}" if only_b else "",
            )
            if part
        )
        rows.append(
            {
                "article_a": article[a],
                "quote_id_a": quote_id[a],
                "speaker_a": speaker[a],
                "article_b": article[b],
                "quote_id_b": quote_id[b],
                "speaker_b": speaker[b],
                "quote_a": quote[a],
                "quote_b": quote[b],
                "similarity": round(similarity, 3),
                "wording": wording,
                "differences": differences or None,
            }
        )
    return schema.table(rows, schema.QUOTE_VARIANT_COLUMNS)
