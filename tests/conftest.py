"""Shared fixtures: the bundled corpus, loaded once, and the invariant every table must keep."""

from __future__ import annotations

import os
import re
from typing import NoReturn

import pandas as pd
import pytest

import kit
from kit import schema


@pytest.fixture(scope="session")
def corpus() -> kit.Corpus:
    return kit.load_corpus()


def assert_segments_valid(corpus: kit.Corpus) -> None:
    """Segments match the schema, slice exactly, never overlap, and cover every visible character."""
    schema.validate(corpus.articles, schema.ARTICLE_COLUMNS)
    schema.validate(corpus.segments, schema.SEGMENT_COLUMNS, corpus.articles, text_column="segment_text")
    assert set(corpus.segments.kind) <= set(schema.SEGMENT_KINDS)
    assert corpus.segments.reason.str.len().min() > 0 if len(corpus.segments) else True
    for article in corpus.articles.itertuples(index=False):
        rows = corpus.segments[corpus.segments.article_id == article.article_id].sort_values("start")
        covered = [False] * len(article.text)
        previous_end = 0
        for row in rows.itertuples(index=False):
            assert row.start >= previous_end, f"{article.article_id}: segments overlap at {row.start}"
            assert row.start < row.end, f"{article.article_id}: empty segment at {row.start}"
            segment_text = article.text[row.start : row.end]
            assert segment_text == segment_text.strip(), (
                f"{article.article_id}: segment {row.segment_id} has outer spaces"
            )
            covered[row.start : row.end] = [True] * (row.end - row.start)
            previous_end = row.end
        uncovered = "".join(ch for ch, seen in zip(article.text, covered, strict=True) if not seen)
        assert not re.sub(r"\s", "", uncovered), (
            f"{article.article_id}: visible text outside segments: {uncovered.strip()[:80]!r}"
        )


def problems_of(corpus: kit.Corpus, severity: str | None = None) -> pd.DataFrame:
    problems = corpus.problems
    return problems if severity is None else problems[problems.severity == severity]


def fail_or_skip(variable: str, message: str) -> NoReturn:
    """A tool a test needs is missing: fail where CI demands the test (`variable` set, as `.ci/run` does), else
    skip with `message`."""
    if os.environ.get(variable, "") not in ("", "0"):
        pytest.fail(f"{message} ({variable} is set: this test must run)")
    pytest.skip(message)
