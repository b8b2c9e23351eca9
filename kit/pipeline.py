"""Every lens over a whole corpus, in chunks: one process, several processes, or a Dask cluster.

The per-article lenses (`PER_ARTICLE`) are pure functions of one article, so `tag` cuts the corpus into chunks
of articles, tags each chunk separately (in this process, in a pool of worker processes, or on a Dask cluster)
and concatenates the results in article order: the tables are identical whichever way they were computed (a
test checks this). The corpus-wide steps (`CORPUS_WIDE`) compare articles with each other, so they run once on
the whole corpus afterwards: pairing quotations across articles, comment relevance (its word weights are
corpus-wide), events and text reuse, which all index or sample rather than compare every pair.

>>> import kit
>>> tables = tag(kit.load_corpus(), progress=False)
>>> sorted(tables) == sorted(PER_ARTICLE + CORPUS_WIDE)
True
"""

from __future__ import annotations

import os
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator

import pandas as pd

from kit.lang_id import applicable
from kit.load import Corpus

PER_ARTICLE = ("quotes", "sources", "loaded_terms", "naming", "frame_cues", "frames", "readability")
"""Tables computed chunk by chunk: each row depends on one article only."""
CORPUS_WIDE = ("quote_variants", "comments", "events", "reuse")
"""Tables computed once over the whole corpus: they compare articles with each other."""
IN_CORPUS_ORDER = frozenset({"frames", "readability"})
"""Per-article tables whose lens lists articles in corpus order; the others sort by `article_id`."""
CHUNK_SIZE = 200
DASK_CONNECT_TIMEOUT = "10s"


def chunks(corpus: Corpus, size: int = CHUNK_SIZE) -> Iterator[Corpus]:
    """Yield sub-corpora of at most `size` consecutive articles, each with its own segments and comments."""
    if size < 1:
        raise ValueError(f"chunk size must be at least 1, not {size}")
    ids = corpus.articles.article_id
    for begin in range(0, len(ids), size):
        yield corpus.select(ids.iloc[begin : begin + size])


def tag_chunk(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """Return the per-article tables (`PER_ARTICLE`) for one chunk: the unit of work sent to each worker."""
    from kit.frames import frame_cues, frames
    from kit.language import loaded_terms, readability
    from kit.naming import naming
    from kit.quotes import quotes, sources

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # `tag` has already warned once about articles the lenses skip
        tags = quotes(corpus)
        cues = frame_cues(corpus)
        return {
            "quotes": tags,
            "sources": sources(corpus, tags),
            "loaded_terms": loaded_terms(corpus, tags),
            "naming": naming(corpus, tags),
            "frame_cues": cues,
            "frames": frames(corpus, cues),
            "readability": readability(corpus),
        }


WINDOW_PER_WORKER = 2
"""Chunks handed to each worker ahead of the one it is tagging: enough to keep it busy, few enough that a
streamed input is read only as fast as it is tagged."""


def tag_chunks(
    parts: Iterable[Corpus], *, workers: int = 1, dask: str | None = None
) -> Iterator[dict[str, pd.DataFrame]]:
    """Yield `tag_chunk(part)` for each part, in order, computed here, in worker processes or on a Dask cluster.

    `parts` may be a generator (e.g. `kit.load.iter_corpus`): at most `WINDOW_PER_WORKER` chunks per worker are
    read ahead, so memory stays bounded however long the stream.
    """
    if dask:
        yield from _on_dask(parts, dask)
    elif workers != 1:
        yield from _in_pool(parts, workers if workers > 0 else os.cpu_count() or 1)
    else:
        yield from map(tag_chunk, parts)


def _windowed(submit: Callable[[Corpus], object], result: Callable[[object], dict], parts, window: int):
    """Submit parts as results are taken, keeping at most `window` in flight; yield results in order."""
    pending: deque = deque()
    for part in parts:
        pending.append(submit(part))
        if len(pending) >= window:
            yield result(pending.popleft())
    while pending:
        yield result(pending.popleft())


def _in_pool(parts: Iterable[Corpus], workers: int) -> Iterator[dict[str, pd.DataFrame]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # 'spawn' starts clean interpreters: safe inside Jupyter kernels and threads, where fork is not
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        submit = lambda part: pool.submit(tag_chunk, part)  # noqa: E731
        yield from _windowed(submit, lambda future: future.result(), parts, WINDOW_PER_WORKER * workers)


def _on_dask(parts: Iterable[Corpus], address: str) -> Iterator[dict[str, pd.DataFrame]]:
    try:
        from distributed import Client
    except ImportError as error:
        raise RuntimeError("a Dask cluster needs dask[distributed]: pip install 'dask[distributed]'") from error
    try:
        client = Client(address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
    except OSError as error:
        raise RuntimeError(f"cannot reach the Dask scheduler at {address}: {error}") from error
    with client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        submit = lambda part: client.submit(tag_chunk, part, pure=False)  # noqa: E731
        # results in submission order, so the output is in article order
        yield from _windowed(submit, lambda future: future.result(), parts, WINDOW_PER_WORKER * workers)


def tag(
    corpus: Corpus,
    *,
    workers: int = 1,
    dask: str | None = None,
    chunk_size: int = CHUNK_SIZE,
    progress: bool = True,
) -> dict[str, pd.DataFrame]:
    """Return every lens's table for `corpus`, computing the per-article lenses in chunks.

    Parameters
    ----------
    corpus : Corpus
        Output of `kit.load_corpus`.
    workers : int
        Worker processes on this machine (1: in this process; 0 or less: one per CPU).
    dask : str, optional
        Address of a Dask scheduler (e.g. "tcp://10.0.0.5:8786"): the chunks are tagged on its workers, which
        need the kit installed. Overrides `workers`.
    chunk_size : int
        Articles per chunk: the unit of work, of progress, and of memory held at once per worker.
    progress : bool
        Show a progress bar (tqdm) over the chunks and the corpus-wide steps.

    Returns
    -------
    dict of DataFrame
        One table per name in `PER_ARTICLE + CORPUS_WIDE`, the same whichever way it was computed.
    """
    english = applicable(corpus, "kit.tag")
    parts = list(chunks(english, chunk_size))
    results = tag_chunks(parts, workers=workers if len(parts) > 1 else 1, dask=dask)
    results = _bar(results, progress and len(parts) > 1, total=len(parts), desc="tagging articles", unit="chunk")
    collected: dict[str, list[pd.DataFrame]] = {name: [] for name in PER_ARTICLE}
    for result in results:
        for name in PER_ARTICLE:
            collected[name].append(result[name])
    tables = {name: _concat(frames, by_id=name not in IN_CORPUS_ORDER) for name, frames in collected.items()}
    show = progress and len(corpus.articles) > 500
    tables.update(compare_all(corpus, tables["quotes"], progress=show, naming=tables["naming"]))
    return tables


def compare_all(
    corpus: Corpus, quotes: pd.DataFrame, progress: bool = False, naming: pd.DataFrame | None = None
) -> dict[str, pd.DataFrame]:
    """Return the corpus-wide tables (`CORPUS_WIDE`), given the whole corpus and its quotes in article order (and
    its naming table, when at hand: the comments' targets come from it)."""
    from kit.comments import comments
    from kit.compare import events, reuse
    from kit.quotes import quote_variants

    steps: dict[str, Callable[[], pd.DataFrame]] = {
        "quote_variants": lambda: quote_variants(quotes),
        "comments": lambda: comments(corpus, quotes, naming),
        "events": lambda: events(corpus, quotes_table=quotes),
        "reuse": lambda: reuse(corpus),
    }
    return {name: steps[name]() for name in _bar(CORPUS_WIDE, progress, desc="comparing articles", unit="step")}


def _concat(frames: list[pd.DataFrame], by_id: bool) -> pd.DataFrame:
    """Concatenate chunk tables in the order the lens itself gives: by `article_id` (stable, so each article's
    rows keep their order) where the lens sorts by it, otherwise in corpus order."""
    if len(frames) == 1:
        return frames[0]
    table = pd.concat([frame for frame in frames if len(frame)] or frames[:1], ignore_index=True)
    return table.sort_values("article_id", kind="stable").reset_index(drop=True) if by_id else table


def _bar(items, show: bool, **options):
    if not show:
        return items
    import sys

    from tqdm.auto import tqdm

    return tqdm(items, file=sys.stderr, **options)
