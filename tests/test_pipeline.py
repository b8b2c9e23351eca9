"""Chunked, multi-process and Dask tagging give exactly the tables the lenses give on the whole corpus."""

from __future__ import annotations

import pandas as pd
import pytest

import kit
from kit.bench import synthetic_texts
from kit.export import lens_tables
from kit.pipeline import CORPUS_WIDE, PER_ARTICLE, chunks, tag


@pytest.fixture(scope="module")
def shuffled():
    """A synthetic corpus whose ids are not in sorted order, so chunk order and id order differ."""
    texts = synthetic_texts(24, seed=5)
    return kit.corpus_from_texts({article_id: texts[article_id] for article_id in reversed(list(texts))})


@pytest.fixture(scope="module")
def whole(shuffled):
    return lens_tables(shuffled)


def assert_same_tables(expected: dict, actual: dict) -> None:
    assert sorted(actual) == sorted(PER_ARTICLE + CORPUS_WIDE)
    for name in expected:
        pd.testing.assert_frame_equal(expected[name], actual[name], obj=name)


def test_chunks_partition_the_corpus(shuffled):
    parts = list(chunks(shuffled, 5))
    assert [len(part.articles) for part in parts] == [5, 5, 5, 5, 4]
    assert pd.concat([part.articles for part in parts]).article_id.tolist() == shuffled.articles.article_id.tolist()
    assert sum(len(part.segments) for part in parts) == len(shuffled.segments)
    for part in parts:
        assert set(part.segments.article_id) == set(part.articles.article_id)
    with pytest.raises(ValueError, match="chunk size"):
        next(chunks(shuffled, 0))


def test_chunked_tables_equal_the_whole_corpus_tables(shuffled, whole):
    assert len(whole["quotes"]) > 50 and len(whole["loaded_terms"]) > 50  # a real workload, not empty tables
    assert_same_tables(whole, tag(shuffled, chunk_size=5, progress=False))


def test_worker_processes_give_identical_tables(shuffled, whole):
    assert_same_tables(whole, tag(shuffled, chunk_size=5, workers=2, progress=False))


def test_a_local_dask_cluster_gives_identical_tables(shuffled, whole):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None, processes=True
    ) as cluster:
        assert_same_tables(whole, tag(shuffled, chunk_size=5, dask=cluster.scheduler_address, progress=False))


def test_an_unreachable_scheduler_is_a_clear_error(shuffled, monkeypatch):
    monkeypatch.setattr("kit.pipeline.DASK_CONNECT_TIMEOUT", "1s")
    with pytest.raises(RuntimeError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        tag(shuffled, dask="tcp://127.0.0.1:9", progress=False)


_DETERMINISM = """
import sys, kit
from kit.bench import synthetic_texts
corpus = kit.corpus_from_texts(synthetic_texts(450))  # over 400 articles: events take the candidate-pair path
quotes = kit.quotes(corpus)
kit.events(corpus, quotes_table=quotes).to_csv(sys.argv[1] + "-events.csv", index=False)
quotes.to_csv(sys.argv[1] + "-quotes.csv", index=False)
"""


def test_results_do_not_depend_on_the_process_hash_seed(tmp_path):
    """Worker processes each get their own string-hash seed: no output may depend on set or dict order."""
    import os
    import subprocess
    import sys

    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _DETERMINISM, str(tmp_path / seed)], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr[-2000:]
    for table in ("events", "quotes"):
        first, second = (pd.read_csv(tmp_path / f"{seed}-{table}.csv") for seed in ("1", "2"))
        assert len(first) > 100
        pd.testing.assert_frame_equal(first, second, obj=table)
