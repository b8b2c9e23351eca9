"""The command line writes tables that read back with the same offsets, and a load report."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import kit
from kit.export import LENS_TABLES


def run_kit(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kit", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_export_round_trip(tmp_path, corpus):
    result = run_kit("export", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "5 articles" in result.stdout
    articles = pd.read_csv(tmp_path / "out" / "articles.csv", dtype={"article_id": str}, keep_default_na=False)
    segments = pd.read_csv(tmp_path / "out" / "segments.csv", keep_default_na=False)
    assert list(articles.columns) == kit.schema.ARTICLE_COLUMNS
    assert list(segments.columns) == kit.schema.SEGMENT_COLUMNS
    assert articles.text.tolist() == corpus.articles.text.tolist()  # CSV keeps every byte of the raw text
    texts = dict(zip(articles.article_id, articles.text, strict=True))
    for row in segments.itertuples(index=False):
        assert texts[row.article_id][row.start : row.end] == row.segment_text
    quotes = pd.read_csv(tmp_path / "out" / "quotes.csv", keep_default_na=False)
    assert list(quotes.columns) == kit.schema.QUOTE_COLUMNS and len(quotes) > 50
    for row in quotes.itertuples(index=False):
        assert texts[row.article_id][row.start : row.end] == row.quote
    for name in LENS_TABLES:
        assert (tmp_path / "out" / f"{name}.csv").exists(), name
    reuse = pd.read_csv(tmp_path / "out" / "reuse.csv", keep_default_na=False)
    for row in reuse.itertuples(index=False):
        assert texts[row.article_a][row.a_start : row.a_end] == row.passage
    report = (tmp_path / "out" / "load_report.md").read_text()
    assert "articles loaded: 5" in report and "| date | 2 of 5 |" in report

    # the exported articles table is itself a corpus the kit can load again
    again = kit.load_corpus(tmp_path / "out" / "articles.csv")
    assert again.articles.article_id.tolist() == corpus.articles.article_id.tolist()
    assert again.articles.text.tolist() == corpus.articles.text.tolist()
    assert again.articles.title.tolist() == corpus.articles.title.tolist()
    pd.testing.assert_frame_equal(again.segments[["kind", "start", "end"]], corpus.segments[["kind", "start", "end"]])


def test_export_reports_problems_and_keeps_going(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text("The council approved the new bridge on Tuesday after a long debate.")
    (folder / "empty.txt").write_bytes(b"")
    result = run_kit("export", str(tmp_path / "out"), "--corpus", str(folder))
    assert result.returncode == 0
    assert "1 problems (1 errors)" in result.stderr
    report = (tmp_path / "out" / "load_report.md").read_text()
    assert "empty.txt" in report and "file is empty" in report
    assert len(pd.read_csv(tmp_path / "out" / "problems.csv")) == 1


def test_export_of_a_missing_path_fails_clearly(tmp_path):
    result = run_kit("export", str(tmp_path / "out"), "--corpus", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr


def test_a_data_dictionary_describes_every_column(tmp_path):
    result = run_kit("export", str(tmp_path / "out"), "--workers", "2")
    assert result.returncode == 0, result.stderr
    dictionary = pd.read_csv(tmp_path / "out" / "data_dictionary.csv")
    for name in ("articles", "segments", "problems", *LENS_TABLES):
        written = pd.read_csv(tmp_path / "out" / f"{name}.csv", nrows=0).columns.tolist()
        assert dictionary[dictionary.table == name].column.tolist() == written, name
    assert dictionary.description.str.len().min() > 10
    quotes_start = dictionary[(dictionary.table == "quotes") & (dictionary.column == "start")]
    assert quotes_start.dtype.item() == "Int64" and "raw text" in quotes_start.description.item()


def test_duckdb_export_answers_sql_with_ready_views(tmp_path, corpus):
    duckdb = __import__("pytest").importorskip("duckdb")
    result = run_kit("export", str(tmp_path / "db"), "--format", "duckdb")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "db").iterdir()) == [
        "data_dictionary.csv",
        "kit.duckdb",
        "load_report.md",
    ]
    with duckdb.connect(str(tmp_path / "db" / "kit.duckdb"), read_only=True) as con:
        per_outlet = con.sql("SELECT outlet, count(*) AS n FROM quotes_in_context GROUP BY outlet ORDER BY n DESC").df()
        starts = con.sql('SELECT article_id, start, "end", quote FROM quotes').df()
        views = set(con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal").df().view_name)
    assert set(per_outlet.outlet) == set(corpus.articles.outlet)
    assert per_outlet.n.sum() == len(starts) > 50
    texts = dict(zip(corpus.articles.article_id, corpus.articles.text, strict=True))
    assert all(texts[r.article_id][r.start : r.end] == r.quote for r in starts.itertuples())
    assert {"quotes_in_context", "sources_by_outlet", "loaded_per_1000_words", "naming_by_outlet"} <= views


_KEYS = ("article_id", "start", "segment_id", "comment_id", "article_a", "article_b", "a_start", "table", "column")


def _sorted(table: pd.DataFrame) -> pd.DataFrame:
    keys = [key for key in _KEYS if key in table.columns]
    return table.sort_values(keys, kind="stable").reset_index(drop=True) if keys else table


@pytest.mark.parametrize("workers", [1, 2])
def test_streamed_export_writes_the_same_tables_as_a_whole_corpus_export(tmp_path, corpus, workers):
    from kit.export import export, export_stream

    export(corpus, tmp_path / "whole", "csv")
    written = export_stream(None, tmp_path / "stream", "csv", chunk_size=2, workers=workers, progress=False)
    assert {path.name for path in written} == {path.name for path in (tmp_path / "whole").iterdir()}
    for path in sorted((tmp_path / "whole").glob("*.csv")):
        whole, streamed = pd.read_csv(path), pd.read_csv(tmp_path / "stream" / path.name)
        assert len(whole) == len(streamed), path.name
        pd.testing.assert_frame_equal(_sorted(whole), _sorted(streamed), obj=path.name)


def test_streamed_parquet_and_duckdb_read_back(tmp_path, corpus):
    import duckdb

    from kit.export import export_stream

    export_stream(None, tmp_path / "pq", "parquet", chunk_size=2, progress=False)
    quotes = pd.read_parquet(tmp_path / "pq" / "quotes")  # a folder of parts, one per chunk
    assert len(list((tmp_path / "pq" / "quotes").glob("part-*.parquet"))) == 3
    assert len(quotes) == len(kit.quotes(corpus))
    texts = dict(zip(corpus.articles.article_id, corpus.articles.text, strict=True))
    assert all(texts[row.article_id][row.start : row.end] == row.quote for row in quotes.itertuples())
    export_stream(None, tmp_path / "db", "duckdb", chunk_size=2, progress=False)
    assert sorted(path.name for path in (tmp_path / "db").iterdir()) == [
        "data_dictionary.csv",
        "kit.duckdb",
        "load_report.md",
    ]
    with duckdb.connect(str(tmp_path / "db" / "kit.duckdb"), read_only=True) as con:
        by_outlet = dict(con.sql("SELECT outlet, count(*) FROM quotes_in_context GROUP BY outlet").fetchall())
    assert sum(by_outlet.values()) == len(quotes) and len(by_outlet) == 4


def test_command_line_streams(tmp_path):
    result = run_kit("export", str(tmp_path / "out"), "--stream", "--chunk-size", "3")
    assert result.returncode == 0, result.stderr
    assert len(pd.read_csv(tmp_path / "out" / "articles.csv")) == 5
    assert "wrote" in result.stdout and (tmp_path / "out" / "reuse.csv").exists()


def test_streamed_export_of_no_english_article_writes_empty_tables(tmp_path):
    import json
    import warnings

    from kit.export import export_stream
    from kit.lang_id import LensSkipped

    french = "Le conseil municipal a voté lundi le budget des écoles et des routes pour l'année prochaine. " * 3
    (tmp_path / "fr.jsonl").write_text(json.dumps({"id": "fr", "text": "Titre\n\n" + french}) + "\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error", LensSkipped)
        with pytest.raises(LensSkipped, match="not in English"):
            export_stream(tmp_path / "fr.jsonl", tmp_path / "out", "csv", progress=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LensSkipped)
        export_stream(tmp_path / "fr.jsonl", tmp_path / "out", "csv", progress=False)
    assert len(pd.read_csv(tmp_path / "out" / "articles.csv")) == 1
    assert list(pd.read_csv(tmp_path / "out" / "quotes.csv").columns) == kit.schema.QUOTE_COLUMNS


def test_streamed_parquet_replaces_an_earlier_export(tmp_path):
    from kit.export import export_stream

    export_stream(None, tmp_path / "pq", "parquet", chunk_size=1, progress=False)
    export_stream(None, tmp_path / "pq", "parquet", chunk_size=5, progress=False)
    assert len(pd.read_parquet(tmp_path / "pq" / "articles")) == 5
