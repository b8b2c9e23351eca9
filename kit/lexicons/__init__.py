"""Word lists and cue patterns are data: TSV files in this folder, each with a `#` header.

Header keys `name`, `purpose`, `source`, `licence` and `method` are required. Every row carries its
own `rationale` and `example`, so a student can see why an entry is there.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
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


class WordStarts:
    r"""Run a pattern of many lexicon phrases only where a phrase can begin: same matches, several times faster.

    `pattern` must match only at the start of a run of word characters and hyphens (it opens with `(?<![\w-])`)
    that is the first run of one of `terms`, in any case, or that run plus a plural ending 's' or 'es'. One regex
    alternation of hundreds of phrases is slow to try at every character; here it is tried at the few words that
    begin an entry, and `finditer` yields what `pattern.finditer` would.

    >>> pattern = re.compile(r"(?<![\w-])(thug|so-called|witch\s+hunt)(?:s|es)?(?![\w-])", re.I)
    >>> starts = WordStarts(pattern, ["thug", "so-called", "witch hunt"])
    >>> [m.group(0) for m in starts.finditer("Thugs, a so-called Witch Hunt, thuggery.")]
    ['Thugs', 'so-called', 'Witch Hunt']
    """

    def __init__(self, pattern: re.Pattern, terms: Iterable[str]):
        self.pattern = pattern
        terms = [term.lower() for term in terms]
        # a term opening with punctuation ('#tag') can start where no word does: then try every character
        self.firsts = (
            frozenset(_RUN.match(term).group(0) for term in terms) if all(_RUN.match(t) for t in terms) else None
        )

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match]:
        end = len(text) if end is None else end
        if self.firsts is None:
            yield from self.pattern.finditer(text, start, end)
            return
        firsts, reached = self.firsts, start
        for run in _RUN.finditer(text, start, end):
            if run.start() < reached:
                continue  # inside the previous match (a phrase of several words)
            word = run.group(0).lower()
            if (
                word in firsts
                or word[-1:] == "s"
                and (word[:-1] in firsts or word[-2:] == "es" and word[:-2] in firsts)
            ):
                found = self.pattern.match(text, run.start(), end)
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
