"""Write a corpus's tables to a folder, with a load report an analyst can read first."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd

from kit import schema
from kit.lang_id import LensSkipped
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
    names = naming(corpus, tags)
    return {
        "quotes": tags,
        "sources": sources(corpus, tags),
        "quote_variants": quote_variants(tags),
        "loaded_terms": loaded_terms(corpus, tags),
        "naming": names,
        "frame_cues": cues,
        "frames": frames(corpus, cues),
        "readability": readability(corpus),
        "comments": comments(corpus, tags, names),
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
    return [*written, *_describe(out, tables, corpus)]


def export_stream(
    path: str | Path | None,
    out_dir: str | Path,
    fmt: str = "csv",
    *,
    chunk_size: int = 200,
    workers: int = 1,
    dask: str | None = None,
    progress: bool = True,
    **load_options,
) -> list[Path]:
    """Like `export`, reading `path` chunk by chunk and writing as it goes, for corpora whose tag tables do not fit
    in memory.

    The input (default: the bundled corpus) is read with `kit.load.iter_corpus` (`load_options` as in
    `load_corpus`: `catalog`, `columns`, `dedupe`, ...); each chunk of
    `chunk_size` articles is tagged (here, in `workers` processes or on a Dask cluster, a few chunks ahead at
    most) and its tables are appended to the output at once: one CSV per table, a folder of Parquet parts per
    table (`quotes/part-00000.parquet`, ...: read the folder with `pandas.read_parquet("quotes")`), or the
    DuckDB database. Rows come in input order. The cross-article steps (`comments`, `events`, `reuse`,
    `quote_variants`) compare articles with each other, so what they read is kept until the end: the articles
    with their text and segments, the comment records and the quotations. Nothing else is held: the per-article
    tag tables, which are most of the output, leave memory with their chunk.
    """
    from kit.load import iter_corpus
    from kit.pipeline import PER_ARTICLE, _bar, compare_all, tag_chunk, tag_chunks

    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    _require("parquet" if fmt == "duckdb" else fmt)  # DuckDB output is built from Parquet parts
    _require(fmt)
    sink = _Sink(Path(out_dir), fmt)
    kept: dict[str, list[pd.DataFrame]] = {name: [] for name in (*TABLES, "quotes")}
    skipped: list[str] = []

    def english_chunks():
        from kit.lang_id import applicable

        for chunk in iter_corpus(path, chunk_size=chunk_size, **load_options):
            for name in TABLES:
                sink.write(name, getattr(chunk, name))
                kept[name].append(getattr(chunk, name))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # one warning for the whole stream, below
                english = applicable(chunk, "kit.export")
            skipped.extend(set(chunk.articles.article_id) - set(english.articles.article_id))
            if len(english.articles):
                yield english

    results = _bar(tag_chunks(english_chunks(), workers=workers, dask=dask), progress, desc="tagging", unit="chunk")
    for tables in results:
        for name in PER_ARTICLE:
            sink.write(name, tables[name])
        kept["quotes"].append(tables["quotes"])
    if skipped:
        warnings.warn(f"kit.export: skipped {len(skipped)} article(s) not in English", LensSkipped, stacklevel=2)
    columns = {name: getattr(schema, column) for name, column in _TABLE_COLUMNS.items()}
    corpus = Corpus(*(_stack(kept[name], columns[name]) for name in TABLES), source=str(path or "the bundled corpus"))
    if not kept["quotes"]:  # nothing was tagged (no article, or none in English): the tables, empty
        for name, table in tag_chunk(corpus).items():
            sink.write(name, table)
    # in article order, as `kit.tag` gives them, so that pairs across articles come out the same way round
    quotes = _stack(kept["quotes"], schema.QUOTE_COLUMNS).sort_values("article_id", kind="stable")
    quotes = quotes.reset_index(drop=True)
    for name, table in compare_all(corpus, quotes, progress=progress).items():
        sink.write(name, table)
    return [*sink.close(), *_describe(Path(out_dir), sink.first, corpus)]


def _describe(out: Path, tables: dict[str, pd.DataFrame], corpus: Corpus) -> list[Path]:
    """Write `data_dictionary.csv` (the columns of `tables`) and `load_report.md` beside the tables."""
    dictionary = out / "data_dictionary.csv"
    data_dictionary(tables).to_csv(dictionary, index=False)
    report = out / "load_report.md"
    report.write_text(load_report(corpus), encoding="utf-8")
    return [dictionary, report]


_TABLE_COLUMNS = {
    "articles": "ARTICLE_COLUMNS",
    "segments": "SEGMENT_COLUMNS",
    "problems": "PROBLEM_COLUMNS",
    "comment_records": "COMMENT_RECORD_COLUMNS",
}


def _stack(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """Concatenate chunk tables (the first one alone if all are empty, to keep its types; none: an empty table)."""
    non_empty = [frame for frame in frames if len(frame)]
    if len(non_empty) > 1:
        return pd.concat(non_empty, ignore_index=True)
    return (non_empty or frames)[0] if frames else schema.empty(columns)


class _Sink:
    """Appends tables chunk by chunk: to one CSV per table, to Parquet parts, or (through Parquet parts in a
    temporary folder) to a DuckDB database with the `VIEWS`."""

    def __init__(self, out: Path, fmt: str):
        self.out, self.fmt = out, fmt
        out.mkdir(parents=True, exist_ok=True)
        self.parts = out / "kit.duckdb.parts" if fmt == "duckdb" else out
        self.first: dict[str, pd.DataFrame] = {}  # each table's first chunk: its columns and types
        self.count: dict[str, int] = {}

    def write(self, name: str, frame: pd.DataFrame) -> None:
        number = self.count.get(name, 0)
        if name not in self.first or (self.first[name].empty and len(frame)):
            self.first[name] = frame.head(0) if len(frame) else frame
        self.count[name] = number + 1
        if self.fmt == "csv":
            path = self.out / f"{name}.csv"
            frame.to_csv(path, index=False, mode="w" if number == 0 else "a", header=number == 0)
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(frame, preserve_index=False)
        # a column empty in this chunk would be typed 'null' and clash with the next chunk's strings
        fields = [field.with_type(pa.string()) if pa.types.is_null(field.type) else field for field in table.schema]
        table = table.cast(pa.schema(fields))
        folder = self.parts / name
        if number == 0 and folder.exists():  # parts of an earlier export into the same folder
            shutil.rmtree(folder)
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(table, folder / f"part-{number:05d}.parquet")

    def close(self) -> list[Path]:
        if self.fmt == "csv":
            return [self.out / f"{name}.csv" for name in self.count]
        if self.fmt == "parquet":
            return [self.out / name for name in self.count]
        import duckdb

        path = self.out / "kit.duckdb"
        with duckdb.connect(str(path)) as con:
            for name in self.count:
                parts = str(self.parts / name / "*.parquet")
                con.execute(
                    f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM read_parquet(?, union_by_name = true)',
                    [parts],
                )
            for view, query in VIEWS.items():
                con.execute(f'CREATE OR REPLACE VIEW "{view}" AS {query}')
        shutil.rmtree(self.parts)
        return [path]


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
