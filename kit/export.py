"""Write a corpus's tables to a folder, with a load report an analyst can read first."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kit.load import Corpus

TABLES = ("articles", "segments", "problems", "comment_records")
LENS_TABLES = (
    "quotes",
    "sources",
    "quote_variants",
    "loaded_terms",
    "naming",
    "frame_cues",
    "frames",
    "readability",
    "comments",
    "events",
    "reuse",
)


def load_report(corpus: Corpus) -> str:
    """Return a short Markdown report: what was loaded, what is missing, every problem."""
    articles, problems = corpus.articles, corpus.problems
    counts = ", ".join(f"{n} {kind}" for kind, n in problems.severity.value_counts().items())
    lines = [
        f"# Load report: {corpus.source}",
        "",
        f"- articles loaded: {len(articles)}",
        f"- segments: {len(corpus.segments)}",
        f"- problems: {len(problems)} ({counts or 'none'})",
        "",
    ]
    if len(articles):
        lines += ["## Missing metadata", "", "| column | articles without it |", "|---|---|"]
        for column in ("title", "author", "date", "outlet", "url"):
            lines.append(f"| {column} | {int(articles[column].isna().sum())} of {len(articles)} |")
        lines += ["", "## Comment sections", ""]
        for status, count in articles.comments_status.value_counts().items():
            lines.append(f"- {status}: {count}")
        lines.append("")
    if len(problems):
        lines += ["## Problems", "", "| file | record | severity | problem | action |", "|---|---|---|---|---|"]
        for row in problems.itertuples(index=False):
            record = "" if pd.isna(row.record) else row.record
            cells = [row.source_file, record, row.severity, row.problem, row.action]
            lines.append("| " + " | ".join(str(cell).replace("|", "\\|") for cell in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def lens_tables(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """Return every lens's table for `corpus`, each computed once, in reading order."""
    from kit.comments import comments
    from kit.compare import events, reuse
    from kit.frames import frame_cues, frames
    from kit.language import loaded_terms, readability
    from kit.naming import naming
    from kit.quotes import quote_variants, quotes, sources

    tags = quotes(corpus)
    cues = frame_cues(corpus)
    return {
        "quotes": tags,
        "sources": sources(corpus, tags),
        "quote_variants": quote_variants(tags),
        "loaded_terms": loaded_terms(corpus, tags),
        "naming": naming(corpus, tags),
        "frame_cues": cues,
        "frames": frames(corpus, cues),
        "readability": readability(corpus),
        "comments": comments(corpus, tags),
        "events": events(corpus, quotes_table=tags),
        "reuse": reuse(corpus),
    }


def export(corpus: Corpus, out_dir: str | Path, fmt: str = "csv", lenses: bool = True) -> list[Path]:
    """Write the corpus tables (and, with `lenses`, every lens's table) to `out_dir` as CSV or Parquet, plus
    `load_report.md`; return the paths written."""
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"unknown format {fmt!r}; use csv or parquet")
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError as error:
            raise RuntimeError("Parquet needs the pyarrow package: pip install pyarrow, or export as csv") from error
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = {name: getattr(corpus, name) for name in TABLES}
    if lenses:
        tables.update(lens_tables(corpus))
    written = []
    for name, frame in tables.items():
        path = out / f"{name}.{fmt}"
        if fmt == "csv":
            frame.to_csv(path, index=False)
        else:
            frame.to_parquet(path, index=False)
        written.append(path)
    report = out / "load_report.md"
    report.write_text(load_report(corpus), encoding="utf-8")
    return [*written, report]
