"""Write a corpus's tables to a folder, with a load report an analyst can read first."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kit.load import Corpus

COLUMNS_FILE = Path(__file__).with_name("columns.tsv")
FORMATS = ("csv", "parquet", "duckdb")
VIEWS = {
    "quotes_in_context": """
        SELECT a.outlet, a.outlet_type, a.date, a.title, q.*
        FROM quotes q JOIN articles a USING (article_id)""",
    "sources_by_outlet": """
        SELECT a.outlet, s.source_group, count(*) AS n_speakers, sum(s.n_quotes) AS n_quotes,
               round(avg(s.share_of_body), 4) AS mean_share_of_body
        FROM sources s JOIN articles a USING (article_id)
        GROUP BY ALL ORDER BY a.outlet, n_quotes DESC""",
    "loaded_per_1000_words": """
        SELECT a.article_id, a.outlet, t.voice, count(*) AS n_terms,
               round(1000.0 * count(*) / nullif(any_value(a.n_words), 0), 2) AS per_1000_words
        FROM loaded_terms t JOIN articles a USING (article_id)
        GROUP BY ALL ORDER BY per_1000_words DESC""",
    "naming_by_outlet": """
        SELECT a.outlet, n.actor, n.stance, count(*) AS n_mentions
        FROM naming n JOIN articles a USING (article_id)
        GROUP BY ALL ORDER BY n_mentions DESC""",
    "comments_in_context": """
        SELECT a.outlet, a.title, c.*
        FROM comments c JOIN articles a USING (article_id)""",
}
"""Ready-made DuckDB views: each lens table joined with the article facts an analyst filters by."""

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


def data_dictionary(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Return `table, column, dtype, description` for every column of `tables` (from `kit/columns.tsv`).

    >>> import kit
    >>> d = data_dictionary({"articles": kit.load_corpus().articles})
    >>> bool(d[d.column == "duplicate_of"].description.str.startswith("An earlier article").all())
    True
    """
    described = pd.read_csv(COLUMNS_FILE, sep="\t", comment="#", dtype=str)
    own = {(row.table, row.column): row.description for row in described.itertuples(index=False)}
    shared = {row.column: row.description for row in described.itertuples(index=False) if row.table == "*"}
    rows = []
    for name, frame in tables.items():
        for column in frame.columns:
            description = own.get((name, column)) or shared.get(column)
            if description is None:
                raise KeyError(f"column {name}.{column} is not described in {COLUMNS_FILE.name}")
            rows.append(
                {"table": name, "column": column, "dtype": str(frame[column].dtype), "description": description}
            )
    return pd.DataFrame(rows, columns=["table", "column", "dtype", "description"])


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


def export(
    corpus: Corpus,
    out_dir: str | Path,
    fmt: str = "csv",
    lenses: bool = True,
    *,
    workers: int = 1,
    dask: str | None = None,
) -> list[Path]:
    """Write the corpus tables (and, with `lenses`, every lens's table) to `out_dir`; return the paths written.

    `fmt` is csv or parquet (one file per table) or duckdb (one `kit.duckdb` database with every table and the
    `VIEWS`). `data_dictionary.csv` describes every column and `load_report.md` lists what was loaded and every
    problem. `workers` and `dask` say where the per-article lenses run (see `kit.pipeline.tag`).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    _require(fmt)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = {name: getattr(corpus, name) for name in TABLES}
    if lenses:
        from kit.pipeline import tag

        tables.update(tag(corpus, workers=workers, dask=dask))
    written = []
    if fmt == "duckdb":
        written.append(to_duckdb(tables, out / "kit.duckdb"))
    for name, frame in tables.items() if fmt != "duckdb" else ():
        path = out / f"{name}.{fmt}"
        if fmt == "csv":
            frame.to_csv(path, index=False)
        else:
            frame.to_parquet(path, index=False)
        written.append(path)
    dictionary = out / "data_dictionary.csv"
    data_dictionary(tables).to_csv(dictionary, index=False)
    report = out / "load_report.md"
    report.write_text(load_report(corpus), encoding="utf-8")
    return [*written, dictionary, report]


def _require(fmt: str) -> None:
    package = {"parquet": "pyarrow", "duckdb": "duckdb"}.get(fmt)
    if package is None:
        return
    try:
        __import__(package)
    except ImportError as error:
        raise RuntimeError(f"{fmt} output needs the {package} package: pip install {package}, or use csv") from error


def to_duckdb(tables: Corpus | dict[str, pd.DataFrame], path: str | Path) -> Path:
    """Write tables into a DuckDB database at `path` (replacing same-named tables), with the ready `VIEWS`.

    `tables` is a dict of DataFrames or a Corpus (then its own tables and every lens's table are written).
    Query it with SQL: `duckdb.connect(path, read_only=True).sql("SELECT * FROM quotes_in_context").df()`.
    """
    _require("duckdb")
    import duckdb

    if isinstance(tables, Corpus):
        from kit.pipeline import tag

        tables = {name: getattr(tables, name) for name in TABLES} | tag(tables)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(path)) as con:
        for name, frame in tables.items():
            con.register("incoming", frame)
            con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM incoming')
            con.unregister("incoming")
        needed = {"articles", "quotes", "sources", "loaded_terms", "naming", "comments"}
        for view, query in VIEWS.items() if needed <= set(tables) else ():
            con.execute(f'CREATE OR REPLACE VIEW "{view}" AS {query}')
    return path
