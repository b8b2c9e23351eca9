"""Load news articles from text, markdown, HTML, CSV or JSONL into tidy tables.

`load_corpus` never stops at a bad file or record: it loads everything it can, and reports every
problem (which file, which row, what is wrong, what was done) in `corpus.problems`. The text every
offset points into is kept exactly as read. `iter_corpus` reads the same input chunk by chunk, for large
corpora.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from kit import lexicons, schema
from kit.dedupe import Duplicates
from kit.lang_id import ENGLISH, article_language
from kit.segment import count_words, find_date, segment

TEXT_SUFFIXES = (".txt", ".md", ".text", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
RECORD_SUFFIXES = (".csv", ".jsonl", ".ndjson")
MAX_BYTES = 10_000_000
MAX_CHARS = 2_000_000
STREAM_FROM_BYTES = 64_000_000
"""CSV and JSONL files at least this big are read as they are parsed (UTF-8), not whole into memory."""
RECORD_FIELDS = ("id", "text", "title", "outlet", "author", "date", "url", "comments")
CATALOG_NAME = "catalog.csv"
CATALOG_FIELDS = ("outlet", "outlet_type", "url", "date", "author", "wire_credit")


def bundled_dir() -> Path:
    """Return the folder of the bundled corpus (`data/` beside the package, or `$KIT_DATA`)."""
    return Path(os.environ.get("KIT_DATA", Path(__file__).resolve().parent.parent / "data"))


@dataclass
class Corpus:
    """Articles with their anatomy: `articles`, `segments`, `problems`, `comment_records` tables.

    Columns are listed in `kit.schema`. `articles.text` is the string every offset points into.
    """

    articles: pd.DataFrame
    segments: pd.DataFrame
    problems: pd.DataFrame
    comment_records: pd.DataFrame = field(default_factory=lambda: schema.empty(schema.COMMENT_RECORD_COLUMNS))
    source: str = ""

    def text(self, article_id: str) -> str:
        """Return the raw text of one article (what every offset indexes)."""
        found = self.articles.loc[self.articles.article_id == article_id, "text"]
        if found.empty:
            raise KeyError(f"no article {article_id!r}; ids: {', '.join(self.articles.article_id[:10])}")
        return found.iloc[0]

    def paragraphs(self, kind: str = "body", ids: bool = False) -> dict[str, list[tuple]]:
        """Return each article's segments of one `kind` as (start, end) offsets in reading order, or as
        (start, end, segment_id) with `ids`.

        Every lens walks the body paragraph by paragraph; grouping once here is much cheaper than a pandas
        group and sort per article.

        >>> corpus = corpus_from_texts({"a": "A Title Here\\n\\nFirst paragraph of the body.\\n\\nSecond one here."})
        >>> corpus.paragraphs()
        {'a': [(14, 42), (44, 60)]}
        """
        rows = self.segments[self.segments.kind == kind]
        columns = [rows.article_id.tolist(), rows.start.tolist(), rows.end.tolist()]
        if ids:
            columns.append(rows.segment_id.tolist())
        spans: dict[str, list[tuple]] = {}
        for article_id, start, end, *segment_id in zip(*columns, strict=True):
            spans.setdefault(article_id, []).append((int(start), int(end), *segment_id))
        for found in spans.values():
            found.sort()
        return spans

    def select(self, article_ids) -> Corpus:
        """Return a corpus of the given articles only, with their segments and comment records (same order)."""
        ids = set(article_ids)
        return replace(
            self,
            articles=self.articles[self.articles.article_id.isin(ids)].reset_index(drop=True),
            segments=self.segments[self.segments.article_id.isin(ids)].reset_index(drop=True),
            comment_records=self.comment_records[self.comment_records.article_id.isin(ids)].reset_index(drop=True),
        )

    def __repr__(self) -> str:
        counts = self.problems.severity.value_counts().to_dict() if len(self.problems) else {}
        issues = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in counts.items()) or "no problems"
        return f"Corpus({len(self.articles)} articles, {len(self.segments)} segments, {issues}; from {self.source})"


def _shown_path(path: Path | str) -> str:
    """Return a path as users should see it: relative to the kit's checkout or the working folder."""
    return _shown(str(path), str(bundled_dir().parent), os.getcwd())


@lru_cache(maxsize=1024)
def _shown(path: str, checkout: str, cwd: str) -> str:  # cached: every record of a CSV or JSONL names one file
    path = Path(path)
    for root in (Path(checkout), Path(cwd)):
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


class _Loader:
    """Collects articles, segments and problems while walking the input."""

    def __init__(self, max_bytes: int, max_chars: int, columns: dict[str, str] | None):
        self.max_bytes, self.max_chars = max_bytes, max_chars
        self.columns = {"article_id": "id", **(columns or {})}
        self.aliases = _aliases()
        self.articles: list[dict] = []
        self.segments: list[dict] = []
        self.problems: list[dict] = []
        self.comment_records: list[dict] = []
        self.seen_ids: dict[str, int] = {}
        self.progress = True  # bars for large inputs; off when a caller shows its own (streaming)

    def problem(
        self,
        source: Path | str,
        severity: str,
        problem: str,
        action: str,
        record: int | None = None,
        article_id: str | None = None,
    ) -> None:
        self.problems.append(
            {
                "source_file": _shown_path(source),
                "record": record,
                "article_id": article_id,
                "severity": severity,
                "problem": problem,
                "action": action,
            }
        )

    def unique_id(self, wanted: str, source: Path | str, record: int | None) -> str:
        count = self.seen_ids.get(wanted, 0)
        self.seen_ids[wanted] = count + 1
        if count == 0:
            return wanted
        renamed = f"{wanted}~{count + 1}"
        self.problem(source, "warning", f"duplicate id {wanted!r}", f"loaded as {renamed!r}", record, renamed)
        return renamed

    def add(
        self,
        article_id: str,
        source: Path | str,
        text: str,
        meta: dict,
        record: int | None = None,
        encoding: str | None = "utf-8",
    ) -> None:
        """Segment one article and store its rows; metadata given in `meta` wins over what the page prints."""
        page = segment(text, title=meta.get("title"), author=meta.get("author"))
        body_words = sum(count_words(text[s["start"] : s["end"]]) for s in page.segments if s["kind"] == "body")
        # a date given with the record wins; then the date the page prints; a catalog date only fills a gap
        date, date_source = meta.get("date"), meta.get("date_source")
        if page.date and (not date or date_source == "catalog"):
            date, date_source = page.date, page.date_source
        n_given = len(meta.get("comments") or [])
        paragraphs = [(s["start"], s["end"]) for s in page.segments if s["kind"] == "body"]
        language, language_detail = article_language(text, paragraphs)
        if language not in ENGLISH:
            self.problem(
                source,
                "warning",
                f"the article body is {'partly ' if language == 'mixed' else ''}not in English ({language_detail})",
                "loaded; the lenses skip it (their rules are English)"
                if language != "mixed"
                else "loaded; the lenses read it, but miss the parts in other languages",
                record,
                article_id,
            )
        self.articles.append(
            {
                "article_id": article_id,
                "source_file": _shown_path(source),
                "record": record,
                "outlet": meta.get("outlet"),
                "outlet_type": meta.get("outlet_type"),
                "title": meta.get("title") or page.title,
                "author": meta.get("author") or page.author,
                "date": date or None,
                "date_source": date_source if date else None,
                "url": meta.get("url"),
                "wire_credit": meta.get("wire_credit") or page.wire_credit,
                "n_words": body_words,
                "n_chars": len(text),
                "comments_status": "open" if n_given and page.comments_status == "none" else page.comments_status,
                "n_comments": page.n_comments + n_given,
                "n_comments_claimed": page.n_comments_claimed,
                "language": language,
                "language_detail": language_detail,
                "duplicate_of": None,
                "encoding": encoding,
                "text": text,
            }
        )
        for number, seg in enumerate(page.segments):
            self.segments.append(
                {
                    "article_id": article_id,
                    "segment_id": f"{article_id}-s{number:03d}",
                    "segment_text": text[seg["start"] : seg["end"]],
                    **seg,
                }
            )
        for message in page.warnings:
            self.problem(source, "warning", message, "loaded; check the segments", record, article_id)
        claimed = page.n_comments_claimed
        if claimed is not None and claimed > page.n_comments + n_given:
            self.problem(
                source,
                "warning",
                f"the comment thread's header says {claimed} comments, {page.n_comments + n_given} are present",
                "loaded those present; the rest may be collapsed, on later pages, or removed by moderators",
                record,
                article_id,
            )
        for position, comment in enumerate(meta.get("comments") or [], start=1):
            self.comment_records.append({"article_id": article_id, "position": position, **comment})

    # ---- files -------------------------------------------------------------------------------
    def read_bytes(self, path: Path, limit: bool = True) -> bytes | None:
        """Return the file's bytes, or None (reported) when it is empty or, with `limit`, too big."""
        size = path.stat().st_size
        if limit and size > self.max_bytes:
            self.problem(
                path,
                "error",
                f"file is {size:,} bytes, over the limit of {self.max_bytes:,}",
                "skipped; pass max_bytes= to load_corpus to raise the limit",
            )
            return None
        data = path.read_bytes()
        if not data.strip():
            self.problem(path, "error", "file is empty" if not data else "file holds only white space", "skipped")
            return None
        return data

    def decode(self, path: Path, data: bytes) -> tuple[str, str] | None:
        """Return (text, encoding); fall back from UTF-8 with a warning; refuse binary data."""
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16"), "utf-16"
        head = data[:8192]
        controls = sum(byte < 9 or 13 < byte < 32 for byte in head)
        if b"\x00" in head or controls > len(head) * 0.05:
            self.problem(
                path,
                "error",
                "binary data (NUL or control bytes), not text",
                "skipped; convert PDF, Word or image files to text first",
            )
            return None
        try:
            return data.decode("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"), "utf-8"
        except UnicodeDecodeError as error:
            if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
                self.problem(
                    path,
                    "warning",
                    "file ends in the middle of a character: it looks truncated",
                    "loaded without the incomplete last character",
                )
                return data[: error.start].decode("utf-8"), "utf-8"
            for encoding in ("cp1252", "latin-1"):
                try:
                    text = data.decode(encoding)
                except UnicodeDecodeError:
                    continue
                self.problem(
                    path,
                    "warning",
                    f"not valid UTF-8 (byte {error.start:,})",
                    f"read as {encoding}; check accented letters and quote marks",
                )
                return text, encoding
        return None  # latin-1 decodes every byte, so this is never reached

    def load_path(self, path: Path, catalog: dict[str, dict]) -> Iterator[None]:
        """Load one file, yielding after each article it adds (a CSV or JSONL file holds many)."""
        suffix = path.suffix.lower()
        if suffix in RECORD_SUFFIXES:
            yield from self.load_records(path)
            return
        if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES:
            self.problem(
                path,
                "info",
                f"unsupported file type {suffix or '(none)'}",
                f"skipped; the kit reads {', '.join(TEXT_SUFFIXES + HTML_SUFFIXES + RECORD_SUFFIXES)}",
            )
            return
        data = self.read_bytes(path)
        if data is None:
            return
        decoded = self.decode(path, data)
        if decoded is None:
            return
        text, encoding = decoded
        meta = {key: value for key, value in catalog.get(path.name, {}).items() if value}
        if meta.get("date"):
            meta["date"], meta["date_source"] = _iso_date(meta["date"]), "catalog"
        article_id = self.unique_id(path.stem, path, None)
        if suffix in HTML_SUFFIXES:
            extracted = _extract_html(text, meta.get("url"))
            if extracted is None:
                self.problem(
                    path, "error", "no article text could be extracted from the HTML", "skipped", None, article_id
                )
                return
            text, html_meta = extracted
            # the page's own metadata wins for what it prints (title, author, date); the catalog for the rest
            page_keys = ("title", "author", "date", "date_source")
            meta = {
                **{k: v for k, v in html_meta.items() if v and (k in page_keys or k not in meta)},
                **{k: v for k, v in meta.items() if k not in page_keys or not html_meta.get(k)},
            }
        self.add(article_id, path, text, meta, None, encoding)
        if suffix not in HTML_SUFFIXES and text.rstrip() and not re.search(r"[.!?…\"'”’)\]:]\s*$", text):
            own = []  # this article's segments are the last ones added
            for seg in reversed(self.segments):
                if seg["article_id"] != article_id:
                    break
                own.append(seg)
            last = max(own, key=lambda seg: seg["end"]) if own else None
            if last and last["kind"] == "body" and last["end"] == len(text.rstrip()):
                self.problem(
                    path,
                    "warning",
                    "the text ends mid-sentence: the file may be truncated",
                    "loaded as it is",
                    None,
                    article_id,
                )
        yield

    # ---- records -----------------------------------------------------------------------------
    def load_records(self, path: Path) -> Iterator[None]:
        """Load a CSV or JSONL file record by record, yielding after each one (so a caller can stream)."""
        reader = self.read_csv if path.suffix.lower() == ".csv" else self.read_jsonl
        rows = reader(path)
        if self.progress and path.stat().st_size > 500_000:  # a large export: show records as they are read
            rows = _progress(rows, f"loading {path.name}")
        try:
            for number, row in rows:
                self.load_record(path, number, row)
                yield
        except OSError as error:
            self.problem(path, "error", f"cannot read: {error}", "the records before the error were loaded")

    def read_csv(self, path: Path) -> Iterator[tuple[int, dict]]:
        csv.field_size_limit(max(self.max_chars * 4, 131072))
        if path.stat().st_size >= STREAM_FROM_BYTES:  # a large export: read as it is parsed, not whole
            with path.open(encoding="utf-8-sig", newline="") as handle:
                yield from self.read_csv_rows(path, csv.reader(handle, strict=True))
            return
        decoded = self.read_text(path)
        if decoded is None:
            return
        yield from self.read_csv_rows(path, csv.reader(io.StringIO(decoded[0], newline=""), strict=True))

    def read_csv_rows(self, path: Path, reader) -> Iterator[tuple[int, dict]]:
        try:
            header = next(reader)
        except (StopIteration, csv.Error) as error:
            self.problem(
                path, "error", f"no readable header row ({error})" if str(error) else "no header row", "skipped"
            )
            return
        header = self.rename(path, [name.strip() for name in header])
        if not self.check_columns(path, header):
            return
        number = 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as error:
                self.problem(
                    path,
                    "error",
                    f"row {number + 1} is not UTF-8 ({error.reason})",
                    f"rows before it loaded; reading stopped at row {number + 1}",
                    number + 1,
                )
                return
            except csv.Error as error:
                self.problem(
                    path,
                    "error",
                    f"row {number + 1}: {error}; the file may be truncated",
                    f"rows before it loaded; reading stopped at row {number + 1}",
                    number + 1,
                )
                return
            number += 1
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                self.problem(
                    path,
                    "warning",
                    f"row {number} has {len(values)} fields, the header {len(header)}",
                    "loaded the fields that line up with the header",
                    number,
                )
            yield number, dict(zip(header, values, strict=False))

    def read_jsonl(self, path: Path) -> Iterator[tuple[int, dict]]:
        if path.stat().st_size >= STREAM_FROM_BYTES:  # a large export: read line by line, not whole
            lines: Iterable[str] = self.stream_lines(path)
        else:
            decoded = self.read_text(path)
            if decoded is None:
                return
            # records end at "\n" only: U+2028 and other breaks `splitlines` knows may sit inside a JSON string
            parts = decoded[0].split("\n")
            lines = [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
        renames: dict[str, str] | None = None  # fixed by the first record, as a CSV header would be
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                last = not line.endswith(("\n", "\r"))  # only the last line can lack its line break
                hint = "; the last line is incomplete, so the file looks truncated" if last else ""
                self.problem(
                    path, "error", f"line {number} is not valid JSON ({error.msg}){hint}", "line skipped", number
                )
                continue
            if not isinstance(row, dict):
                self.problem(
                    path,
                    "error",
                    f"line {number} is a JSON {type(row).__name__}, not an object",
                    "line skipped",
                    number,
                )
                continue
            first = renames is None
            if first:
                renames = dict(zip(row, self.rename(path, list(row)), strict=True))
            row = {renames.get(key, self.columns.get(key, key)): value for key, value in row.items()}
            if first and "text" not in row:
                self.problem(path, "error", "records have no 'text' field", "skipped the file", number)
                return
            yield number, row

    def stream_lines(self, path: Path) -> Iterator[str]:
        """Yield the lines of a large JSONL file one at a time, as UTF-8 (a line that is not is read as cp1252 and
        reported)."""
        with path.open("rb") as file:
            for number, raw in enumerate(file, start=1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    self.problem(path, "warning", f"line {number} is not UTF-8", "read as Windows-1252", number)
                    line = raw.decode("cp1252", errors="replace")
                yield line.removeprefix("\ufeff") if number == 1 else line

    def rename(self, path: Path, names: list[str]) -> list[str]:
        """Return the kit's field names for a file's columns: the user's `columns` mapping first, then the
        known names of other tools' exports (`column_aliases` lexicon), each use reported."""
        renamed = [self.columns.get(name, name) for name in names]
        present = set(renamed)
        for index, name in enumerate(renamed):
            field = self.aliases.get(name.lower())
            if field is None or name in self.columns or field in present:
                continue
            renamed[index] = field
            present.add(field)
            self.problem(path, "info", f"column {name!r} read as {field!r}", "renamed (pass columns= to override)")
        return renamed

    def read_text(self, path: Path) -> tuple[str, str] | None:
        """Return (text, encoding) of a whole records file: no size limit, since it holds many articles."""
        data = self.read_bytes(path, limit=False)
        return None if data is None else self.decode(path, data)

    def check_columns(self, path: Path, header: list[str]) -> bool:
        if "text" not in header:
            self.problem(
                path,
                "error",
                f"no 'text' column (columns: {', '.join(header)})",
                "skipped the file; rename the text column or pass columns={'yours': 'text'}",
            )
            return False
        if "id" not in header:
            self.problem(
                path, "warning", "no 'id' column", f"ids made from the file name and row number ({path.stem}-2, ...)"
            )
        extra = [name for name in header if name not in RECORD_FIELDS and name not in schema.ARTICLE_COLUMNS]
        if extra:
            self.problem(path, "info", f"columns the kit does not use: {', '.join(extra)}", "ignored")
        return True

    def load_record(self, path: Path, number: int, row: dict) -> None:
        raw_id = row.get("id")
        wanted = str(raw_id).strip() if raw_id not in (None, "") else f"{path.stem}-{number}"
        text = row.get("text")
        if not isinstance(text, str):
            if text is None or (isinstance(text, float) and pd.isna(text)):
                self.problem(path, "error", "record has no text", "skipped", number, wanted)
                return
            self.problem(
                path, "warning", f"text is a {type(text).__name__}, not a string", "converted to text", number, wanted
            )
            text = str(text)
        if not text.strip():
            self.problem(path, "error", "record has empty text", "skipped", number, wanted)
            return
        if len(text) > self.max_chars:
            self.problem(
                path,
                "error",
                f"text has {len(text):,} characters, over the limit of {self.max_chars:,}",
                "skipped; pass max_chars= to load_corpus to raise the limit",
                number,
                wanted,
            )
            return
        article_id = self.unique_id(wanted, path, number)
        meta = {key: _clean(row.get(key)) for key in ("title", "outlet", "outlet_type", "author", "url", "wire_credit")}
        given_date = _clean(row.get("date"))
        if given_date:
            iso = _iso_date(given_date)
            if iso:
                meta["date"], meta["date_source"] = iso, "record"
            else:
                self.problem(
                    path, "warning", f"date {given_date!r} not understood", "date left empty", number, article_id
                )
        meta["comments"] = self.record_comments(path, number, article_id, row.get("comments"))
        self.add(article_id, path, text, meta, number)

    def record_comments(self, path: Path, number: int, article_id: str, comments) -> list[dict]:
        if comments in (None, "", []):
            return []
        if not isinstance(comments, list):
            self.problem(path, "warning", "'comments' is not a list", "comments ignored", number, article_id)
            return []
        kept = []
        for index, comment in enumerate(comments, start=1):
            if isinstance(comment, str):
                comment = {"text": comment}
            if not isinstance(comment, dict) or not str(comment.get("text") or "").strip():
                self.problem(path, "warning", f"comment {index} has no text", "comment skipped", number, article_id)
                continue
            kept.append(
                {
                    "comment_id": str(comment.get("id") or f"{article_id}-c{index:02d}"),
                    "author": _clean(comment.get("author")),
                    "text": str(comment["text"]),
                }
            )
        return kept


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Other tools' column names, lower-cased, mapped to the kit's fields (first listed wins)."""
    table = lexicons.load("column_aliases")
    return dict(zip(table["alias"].str.lower(), table["field"], strict=True))


def _clean(value) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, list | tuple):  # e.g. a list of authors
        value = ", ".join(str(item).strip() for item in value if str(item).strip())
    value = str(value).strip()
    return value or None


def _iso_date(value: str) -> str | None:
    """Return an ISO date for a given date string, or None when it cannot be read without guessing."""
    found = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})", value)
    if found:
        return find_date(found.group(0).strip())
    return find_date(value)


def _extract_html(html: str, url: str | None) -> tuple[str, dict] | None:
    """Return (text, metadata) of an HTML page with trafilatura; the text starts with the title line."""
    import trafilatura

    document = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True, favor_recall=True
    )
    if document is None or not (document.text or "").strip():
        return None
    title = (document.title or "").strip()
    paragraphs = [line.strip() for line in document.text.splitlines() if line.strip()]
    text = "\n\n".join(([title] if title else []) + paragraphs) + "\n"
    meta = {
        "title": title or None,
        "author": document.author,
        "outlet": document.sitename,
        "url": document.url or url,
        "date": document.date,
    }
    if meta["date"]:
        meta["date"], meta["date_source"] = _iso_date(meta["date"]), "html metadata"
    return text, meta


def _read_catalog(path: Path, loader: _Loader) -> dict[str, dict]:
    """Return catalog rows keyed by file name; columns other than the known ones are ignored."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError, pd.errors.ParserError) as error:
        loader.problem(path, "error", f"catalog cannot be read: {error}", "loaded without it")
        return {}
    if "file" not in table.columns:
        loader.problem(path, "error", "catalog has no 'file' column", "loaded without it")
        return {}
    rows = {}
    for record in table.to_dict("records"):
        rows[record["file"]] = {key: record.get(key) or None for key in CATALOG_FIELDS}
    return rows


def _progress(items, description: str):
    from tqdm.auto import tqdm

    return tqdm(items, desc=description, unit="item", file=sys.stderr)


def load_corpus(
    path: str | os.PathLike | None = None,
    *,
    catalog: str | os.PathLike | None = None,
    columns: dict[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
    max_chars: int = MAX_CHARS,
    dedupe: str | None = "drop",
) -> Corpus:
    """Load articles and their page anatomy; with no path, the bundled corpus.

    Parameters
    ----------
    path : str or Path, optional
        A folder of `.txt`/`.md`/`.html` (and `.csv`/`.jsonl`) files, one such file, a CSV or a
        JSONL file. CSV/JSONL records need `id` and `text`; `title, outlet, author, date, url` and
        (JSONL) `comments` (a list of `{"id", "author", "text"}`) are optional.
    catalog : str or Path, optional
        A CSV with a `file` column and any of `outlet, outlet_type, url, date, author, wire_credit`
        for facts the page does not print. Default: `catalog.csv` inside the folder, if present.
    columns : dict, optional
        Rename record fields on the way in, e.g. `{"publish_date": "date", "media_name": "outlet"}`.
    max_bytes, max_chars : int
        Size limits for one article file and one record's text; larger ones are reported, not loaded.
    dedupe : {"drop", "report", None}
        Duplicates (`kit.dedupe`): with "drop", a later copy with the same URL, or the same or
        near-identical text from the same (or an unknown) outlet, is left out and reported; near-identical
        text from another outlet is kept and marked in `duplicate_of`. "report" keeps every copy and
        reports it; None skips the check.

    Returns
    -------
    Corpus
        `articles` (`schema.ARTICLE_COLUMNS`), `segments` (`schema.SEGMENT_COLUMNS`), `problems`
        (`schema.PROBLEM_COLUMNS`) and `comment_records`.

    Examples
    --------
    >>> corpus = load_corpus()
    >>> len(corpus.articles), corpus.problems.empty
    (5, True)
    """
    _check_dedupe(dedupe)
    loader = _Loader(max_bytes, max_chars, columns)
    path, walk = _walk(loader, path, catalog)
    for _ in walk:
        pass
    return _finish(loader, path, dedupe, Duplicates() if dedupe else None)


def iter_corpus(
    path: str | os.PathLike | None = None,
    *,
    chunk_size: int = 500,
    catalog: str | os.PathLike | None = None,
    columns: dict[str, str] | None = None,
    max_bytes: int = MAX_BYTES,
    max_chars: int = MAX_CHARS,
    dedupe: str | None = "drop",
) -> Iterator[Corpus]:
    """Read the same input as `load_corpus`, yielding a corpus of at most `chunk_size` articles at a time.

    Files and records are read as the chunks are consumed, so a large corpus can be tagged chunk by chunk
    (`kit.export_stream`) without holding every tag table. Ids stay unique and duplicates are found across the whole
    stream, however far apart the copies come (`kit.dedupe.Duplicates`); each chunk's `problems` lists what
    was found while reading it. Parameters as in `load_corpus`.

    >>> sizes = [len(chunk.articles) for chunk in iter_corpus(chunk_size=2)]
    >>> sizes
    [2, 2, 1]
    """
    if chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, not {chunk_size}")
    _check_dedupe(dedupe)
    loader = _Loader(max_bytes, max_chars, columns)
    loader.progress = False  # the consumer of the chunks shows progress (e.g. export_stream's bar)
    path, walk = _walk(loader, path, catalog)
    seen = Duplicates() if dedupe else None
    for _ in walk:
        if len(loader.articles) >= chunk_size:
            yield _finish(loader, path, dedupe, seen)
            loader.articles, loader.segments, loader.problems, loader.comment_records = [], [], [], []
    if loader.articles or loader.problems:
        yield _finish(loader, path, dedupe, seen)


def _check_dedupe(dedupe: str | None) -> None:
    if dedupe not in ("drop", "report", None):
        raise ValueError(f"dedupe must be 'drop', 'report' or None, not {dedupe!r}")


def _walk(loader: _Loader, path, catalog) -> tuple[Path, Iterator[None]]:
    """Resolve `path` (default: the bundled corpus) and return it with a walk that loads it article by article."""
    if path is None:
        path = bundled_dir() / "articles"
        catalog = catalog or bundled_dir() / CATALOG_NAME
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no such file or folder: {path}")
    if catalog is None and path.is_dir() and (path / CATALOG_NAME).exists():
        catalog = path / CATALOG_NAME
    catalog_rows = _read_catalog(Path(catalog), loader) if catalog else {}

    def walk() -> Iterator[None]:
        if not path.is_dir():
            yield from loader.load_path(path, catalog_rows)
            return
        files = sorted(
            p
            for p in path.iterdir()
            if p.is_file() and not p.name.startswith(".") and not (catalog and p.resolve() == Path(catalog).resolve())
        )
        if not files:
            loader.problem(path, "error", "folder holds no files", "nothing loaded")
        for file in _progress(files, "loading files") if loader.progress and len(files) > 200 else files:
            try:
                yield from loader.load_path(file, catalog_rows)
            except Exception as error:  # one bad file must not stop the rest; report what happened
                loader.problem(file, "error", f"could not be loaded: {type(error).__name__}: {error}", "skipped")

    return path, walk()


def _finish(loader: _Loader, path: Path, dedupe: str | None, seen: Duplicates | None) -> Corpus:
    """Deduplicate what the loader holds and return it as a corpus."""
    if dedupe and seen is not None:
        _dedupe(loader, dedupe == "drop", seen)
    articles = schema.table(loader.articles, schema.ARTICLE_COLUMNS)
    segments = schema.table(loader.segments, schema.SEGMENT_COLUMNS)
    if not segments.empty:
        segments = segments.sort_values(["article_id", "start"], kind="stable").reset_index(drop=True)
    problems = schema.table(loader.problems, schema.PROBLEM_COLUMNS)
    comments = schema.table(loader.comment_records, schema.COMMENT_RECORD_COLUMNS)
    return Corpus(articles, segments, problems, comments, source=_shown_path(path))


class _Found(NamedTuple):
    article_id: str
    duplicate_of: str
    how: str
    similarity: float


def _dedupe(loader: _Loader, drop: bool, seen: Duplicates) -> None:
    """Find the loader's articles that copy an earlier one (`kit.dedupe`, also from earlier chunks in `seen`);
    drop or mark them, and report each one."""
    bodies: dict[str, list[str]] = {}
    for seg in loader.segments:
        if seg["kind"] == "body":
            bodies.setdefault(seg["article_id"], []).append(seg["segment_text"])
    by_id = {article["article_id"]: article for article in loader.articles}
    found = []
    for article_id, article in by_id.items():
        match = seen.check(article_id, article["url"], "\n".join(bodies.get(article_id, [])))
        seen.outlets[article_id] = article["outlet"]  # any article can be matched later (by URL)
        if match:
            found.append((article_id, *match))
    described = {"url": "the same URL as", "text": "the same text as", "near": "near-identical text to"}
    dropped = set()
    for row in (_Found(*item) for item in found):
        copy, original_outlet = by_id[row.article_id], seen.outlets[row.duplicate_of]
        other_outlet = copy["outlet"] and original_outlet and copy["outlet"] != original_outlet
        what = f"{described[row.how]} {row.duplicate_of}" + (
            f" (Jaccard {row.similarity:.2f})" if row.how == "near" else ""
        )
        if row.how != "url" and other_outlet:
            copy["duplicate_of"] = row.duplicate_of
            loader.problem(
                copy["source_file"],
                "info",
                f"{what}, from another outlet",
                "kept: likely syndication, see kit.reuse",
                copy["record"],
                row.article_id,
            )
        elif drop:
            dropped.add(row.article_id)
            loader.problem(
                copy["source_file"],
                "warning",
                f"duplicate: {what}",
                "left out (pass dedupe='report' to keep it)",
                copy["record"],
                row.article_id,
            )
        else:
            copy["duplicate_of"] = row.duplicate_of
            loader.problem(copy["source_file"], "warning", f"duplicate: {what}", "kept", copy["record"], row.article_id)
    if dropped:
        loader.articles = [a for a in loader.articles if a["article_id"] not in dropped]
        loader.segments = [s for s in loader.segments if s["article_id"] not in dropped]
        loader.comment_records = [c for c in loader.comment_records if c["article_id"] not in dropped]


def corpus_from_texts(texts: dict[str, str], **metadata: dict[str, dict]) -> Corpus:
    """Return a corpus built from `{article_id: text}`, for trying the lenses on a few lines of your own.

    >>> corpus = corpus_from_texts({"a": "Storm Hits Coast\\n\\nThe storm hit the coast on Monday, officials said."})
    >>> corpus.articles.title[0]
    'Storm Hits Coast'
    """
    loader = _Loader(MAX_BYTES, MAX_CHARS, None)
    for article_id, text in texts.items():
        loader.add(article_id, "<text>", text, dict(metadata.get(article_id, {})))
    return Corpus(
        schema.table(loader.articles, schema.ARTICLE_COLUMNS),
        schema.table(loader.segments, schema.SEGMENT_COLUMNS),
        schema.table(loader.problems, schema.PROBLEM_COLUMNS),
        source="texts",
    )
