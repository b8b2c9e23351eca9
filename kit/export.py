"""Write a corpus's tables to a folder, with a load report an analyst can read first."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kit.load import Corpus

TABLES = ("articles", "segments", "problems", "comment_records")


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


def export(corpus: Corpus, out_dir: str | Path, fmt: str = "csv") -> list[Path]:
    """Write every table of `corpus` to `out_dir` as CSV (or Parquet) plus `load_report.md`; return the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TABLES:
        frame = getattr(corpus, name)
        path = out / f"{name}.{fmt}"
        if fmt == "csv":
            frame.to_csv(path, index=False)
        elif fmt == "parquet":
            frame.to_parquet(path, index=False)
        else:
            raise ValueError(f"unknown format {fmt!r}; use csv or parquet")
        written.append(path)
    report = out / "load_report.md"
    report.write_text(load_report(corpus), encoding="utf-8")
    return [*written, report]
