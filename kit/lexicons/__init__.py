"""Word lists and cue patterns are data: TSV files in this folder, each with a `#` header.

Header keys `name`, `purpose`, `source`, `licence` and `method` are required. Every row carries its
own `rationale` and `example`, so a student can see why an entry is there.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path

import pandas as pd

HERE = Path(__file__).parent
REQUIRED_HEADER = ("name", "purpose", "source", "licence", "method")
REQUIRED_COLUMNS = ("rationale", "example")
_RUN = re.compile(r"[\w-]+")


class LexiconError(ValueError):
    """A lexicon file is missing header keys, columns, rationales, or has duplicate entries."""


def available() -> list[str]:
    """Return the names of the lexicons shipped with the kit."""
    return sorted(path.stem for path in HERE.glob("*.tsv"))


def header(name: str) -> dict[str, str]:
    """Return the `# key: value` header of lexicon `name`."""
    return _read(name)[0]


def load(name: str) -> pd.DataFrame:
    """Return lexicon `name` as a table (all columns text), after checking it.

    >>> load("page_cues").columns[:3].tolist()
    ['cue_id', 'role', 'pattern']
    """
    return _read(name)[1].copy()


def entries(name: str, cls: str, column: str = "class", field: str = "entry") -> list[str]:
    """Return the entries of one class of a lexicon, with `_` read as a space.

    >>> entries("function_words", "name_particle")[:3]
    ['de', 'da', 'del']
    """
    return list(_entries(name, cls, column, field))  # a fresh list: callers may change theirs


def phrase(term: str) -> str:
    r"""The regex of one lexicon phrase: its words escaped, any run of spaces between them.

    >>> phrase("witch hunt")
    'witch\\s+hunt'
    """
    return r"\s+".join(re.escape(part) for part in term.split())


class WordStarts:
    r"""Find the phrases of a word list in text, whole words only and in any case, fast.

    The pattern is `(?<![\w-])(A|B|...)SUFFIX(?![\w-])` with one alternative per term (`alternative(term)`,
    by default `phrase(term)`), tried in the order of `terms` (give them longest first). One alternation of
    hundreds of phrases is slow to try at every character; `finditer` tries, at the start of each word that can
    begin a term (its first run of letters, digits and hyphens, or that run plus a plural 's' or 'es'), a
    pattern of only the terms that begin with that word, and yields what `pattern.finditer` would.

    >>> starts = WordStarts(["so-called", "witch hunt", "thug"], suffix="(?:s|es)?")
    >>> [m.group(0) for m in starts.finditer("Thugs, a so-called Witch Hunt, thuggery.")]
    ['Thugs', 'so-called', 'Witch Hunt']
    >>> [m.group(0) for m in starts.finditer("Thugs, a so-called Witch Hunt, thuggery.")] == [
    ...     m.group(0) for m in starts.pattern.finditer("Thugs, a so-called Witch Hunt, thuggery.")]
    True
    """

    def __init__(self, terms: Iterable[str], alternative: Callable[[str], str] = phrase, suffix: str = ""):
        self.terms, self.alternative, self.suffix = list(terms), alternative, suffix
        self.pattern = self._compile(self.terms)
        lowered = [term.lower() for term in self.terms]
        self.by_first: dict[str, set[str]] | None = None
        if all(_RUN.match(term) for term in lowered):  # a term opening with punctuation ('#tag'): try everywhere
            self.by_first = {}
            for term, low in zip(self.terms, lowered, strict=True):
                self.by_first.setdefault(_RUN.match(low).group(0), set()).add(term)
        self._at: dict[str, re.Pattern | None] = {}  # a word -> the pattern of the terms that can begin there
        firsts = self.by_first or {}
        self.candidates = frozenset(first + ending for first in firsts for ending in ("", "s", "es"))

    def _compile(self, terms: list[str]) -> re.Pattern:
        body = "|".join(self.alternative(term) for term in terms)
        return re.compile(rf"(?<![\w-])({body}){self.suffix}(?![\w-])", re.I)

    def _starting(self, word: str) -> re.Pattern | None:
        if word not in self._at:
            keys = (word, word[:-1] if word.endswith("s") else "", word[:-2] if word.endswith("es") else "")
            chosen = set().union(*(self.by_first.get(key, ()) for key in keys if key))
            # the same terms in the same order as in the whole pattern, so the same alternative wins
            self._at[word] = self._compile([t for t in self.terms if t in chosen]) if chosen else None
        return self._at[word]

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match]:
        end = len(text) if end is None else end
        if self.by_first is None:
            yield from self.pattern.finditer(text, start, end)
            return
        reached, candidates = start, self.candidates
        for run in _RUN.finditer(text, start, end):
            word = run.group(0).lower()
            if word not in candidates or run.start() < reached:
                continue  # no term begins with this word, or it is inside the previous match
            pattern = self._starting(word)
            found = pattern.match(text, run.start(), end) if pattern else None
            if found:
                reached = found.end()
                yield found


@cache
def _entries(name: str, cls: str, column: str, field: str) -> tuple[str, ...]:
    table = _read(name)[1]
    return tuple(value.replace("_", " ") for value in table.loc[table[column] == cls, field])


@cache
def _read(name: str) -> tuple[dict[str, str], pd.DataFrame]:
    path = HERE / f"{name}.tsv"
    if not path.exists():
        raise LexiconError(f"no lexicon named {name!r}; available: {', '.join(available())}")
    meta: dict[str, str] = {}
    body: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            key, _, value = line[1:].partition(":")
            meta[key.strip()] = value.strip()
        elif line.strip():
            body.append(line)
    missing = [key for key in REQUIRED_HEADER if not meta.get(key)]
    if missing:
        raise LexiconError(f"{path.name}: header lacks {', '.join(missing)}")
    rows = list(csv.reader(body, delimiter="\t", quoting=csv.QUOTE_NONE))
    columns, records = rows[0], rows[1:]
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            raise LexiconError(f"{path.name}: no {column!r} column")
    for number, record in enumerate(records, start=2):
        if len(record) != len(columns):
            raise LexiconError(f"{path.name}: row {number} has {len(record)} fields, expected {len(columns)}")
    frame = pd.DataFrame(records, columns=columns, dtype="string")
    key = columns[0]
    duplicated = frame[key][frame[key].duplicated()].tolist()
    if duplicated:
        raise LexiconError(f"{path.name}: duplicate entries {duplicated}")
    for column in REQUIRED_COLUMNS:
        empty = frame[key][frame[column].str.strip() == ""].tolist()
        if empty:
            raise LexiconError(f"{path.name}: empty {column} for {empty}")
    if "pattern" in columns:
        for cue_id, pattern in zip(frame[key], frame["pattern"], strict=True):
            try:
                re.compile(pattern)
            except re.error as error:
                raise LexiconError(f"{path.name}: pattern of {cue_id!r} does not compile: {error}") from error
    return meta, frame
