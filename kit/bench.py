"""Benchmark: every stage of the kit on a synthetic corpus of realistic articles, with speed and memory ratios.

`python -m kit bench --articles N` recombines paragraphs of the bundled articles into N new pages (headline,
byline, body, furniture, and for one page in four a comment thread), changes a share of their words so that
pages are not copies of each other, and plants a little genuine reuse (one page in ten copies a paragraph of
another). It then times each stage and prints articles per second, the growth of peak memory, and the ratio of
the whole pipeline's time to a bare read-and-tokenise pass over the same text. Nothing here asserts a time:
the numbers are for reading, not for tests.
"""

from __future__ import annotations

import random
import re
import resource
import sys
import time
from collections.abc import Callable

import pandas as pd

from kit.load import Corpus, corpus_from_texts, load_corpus

_WORD = re.compile(r"\w+")


def synthetic_texts(n: int, seed: int = 0) -> dict[str, str]:
    """Return `n` page texts recombined from the bundled articles' paragraphs and comments."""
    source = load_corpus()
    body = source.segments[source.segments.kind == "body"].segment_text.tolist()
    comments = source.segments[source.segments.kind == "comment"].segment_text.tolist()
    from kit.lang_id import _common_english

    common = _common_english()
    words = {w for text in body for w in _WORD.findall(text)}
    # a changed word is replaced by one of its kind, so pages keep the share of very common words ('the', 'of')
    # that real English prose has (and that the language check reads)
    vocabulary = {True: sorted(w for w in words if w.lower() in common), False: sorted(w for w in words if len(w) > 3)}
    rng = random.Random(seed)
    texts = {}
    for i in range(n):
        paragraphs = []
        for paragraph in rng.sample(body, k=min(len(body), rng.randint(5, 12))):
            words = paragraph.split(" ")
            for j in range(len(words)):
                # a third of the words changed, and at least every fourth: related pages, not copies (no run of
                # five words, the shingle of `kit.reuse`, survives unchanged to meet another page's by chance)
                if rng.random() < 0.33 or j % 4 == 3:
                    words[j] = rng.choice(vocabulary[words[j].lower() in common])
            paragraphs.append(" ".join(words))
        if i >= 10 and rng.random() < 0.1:  # planted reuse: a paragraph copied from an earlier page
            earlier = texts[f"bench-{rng.randrange(i):05d}"].split("\n\n")
            paragraphs.insert(1, rng.choice(earlier[4:-1] or earlier))
        page = [
            f"Synthetic Report Number {i} On Regional Affairs",
            f"By Writer {i % 37} | March {1 + i % 28}, 2021",
            *paragraphs,
            "Share this:",
            "© 2021 Example Media. All rights reserved.",
        ]
        if i % 4 == 0:
            page += [f"{len(comments)} Comments", *comments, "Leave a Reply"]
        texts[f"bench-{i:05d}"] = "\n\n".join(page)
    return texts


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS, KiB on Linux


def _stages() -> list[tuple[str, Callable[[Corpus, dict], object]]]:
    from kit.comments import comments
    from kit.compare import events, reuse
    from kit.frames import frames
    from kit.language import loaded_terms, readability
    from kit.naming import naming
    from kit.quotes import quotes

    def tag_quotes(corpus, cache):
        cache["quotes"] = quotes(corpus)

    return [
        ("quotes", tag_quotes),
        ("loaded terms", lambda corpus, cache: loaded_terms(corpus, cache["quotes"])),
        ("naming", lambda corpus, cache: naming(corpus, cache["quotes"])),
        ("frames", lambda corpus, cache: frames(corpus)),
        ("readability", lambda corpus, cache: readability(corpus)),
        ("comments", lambda corpus, cache: comments(corpus, cache["quotes"])),
        ("events (cross-article)", lambda corpus, cache: events(corpus, quotes_table=cache["quotes"])),
        ("reuse (cross-article)", lambda corpus, cache: reuse(corpus)),
    ]


def run(n: int = 1000, seed: int = 0, workers: int = 1) -> pd.DataFrame:
    """Time every stage on `n` synthetic articles; return one row per stage and a total.

    With `workers` > 1, also time `kit.pipeline.tag` (every lens, per-article ones in worker processes) end to
    end, as an analyst's export runs it."""
    texts = synthetic_texts(n, seed)
    n_chars = sum(len(t) for t in texts.values())
    start = time.perf_counter()
    bare_tokens = sum(len(_WORD.findall(t)) for t in texts.values())  # the bare read-and-tokenise pass
    bare = time.perf_counter() - start
    rows = []
    base_memory = _peak_mb()
    start = time.perf_counter()
    corpus = corpus_from_texts(texts)
    rows.append(("load and segment", time.perf_counter() - start, _peak_mb()))
    cache: dict = {}
    for name, stage in _stages():
        start = time.perf_counter()
        stage(corpus, cache)
        rows.append((name, time.perf_counter() - start, _peak_mb()))
    table = pd.DataFrame(rows, columns=["stage", "seconds", "peak_mb"])
    table["articles_per_second"] = (n / table.seconds.clip(lower=1e-9)).round(1)
    per_article = table[~table.stage.str.contains("cross-article")].seconds.sum()
    total = table.seconds.sum()
    table = pd.concat(
        [
            table,
            pd.DataFrame(
                [
                    {
                        "stage": "per-article pipeline",
                        "seconds": per_article,
                        "peak_mb": table.peak_mb.max(),
                        "articles_per_second": round(n / per_article, 1),
                    },
                    {
                        "stage": "whole pipeline",
                        "seconds": total,
                        "peak_mb": table.peak_mb.max(),
                        "articles_per_second": round(n / total, 1),
                    },
                    {
                        "stage": "bare read and tokenise",
                        "seconds": bare,
                        "peak_mb": base_memory,
                        "articles_per_second": round(n / max(bare, 1e-9), 1),
                    },
                ]
            ),
        ],
        ignore_index=True,
    )
    if workers > 1:
        from kit.pipeline import tag

        start = time.perf_counter()
        tag(corpus, workers=workers, progress=False)
        seconds = time.perf_counter() - start
        parallel = {
            "stage": f"all lenses, {workers} worker processes",
            "seconds": seconds,
            "peak_mb": _peak_mb(),
            "articles_per_second": round(n / seconds, 1),
        }
        table = pd.concat([table, pd.DataFrame([parallel])], ignore_index=True)
    table["ratio_to_bare"] = (table.seconds / max(bare, 1e-9)).round(1)
    table.attrs.update(articles=n, characters=n_chars, tokens=bare_tokens, memory_growth_mb=_peak_mb() - base_memory)
    return table.round({"seconds": 3, "peak_mb": 1})


def report(table: pd.DataFrame) -> str:
    """Return the benchmark table as text, with the figures the goals are stated in."""
    per_article = table.set_index("stage").loc["per-article pipeline"]
    lines = [
        f"{table.attrs['articles']:,} synthetic articles, {table.attrs['characters']:,} characters, "
        f"{table.attrs['tokens']:,} word tokens",
        table.to_string(index=False),
        "",
        f"per-article pipeline: {per_article.articles_per_second:.0f} articles/s on one core; "
        f"{per_article.ratio_to_bare:.0f}x the bare read-and-tokenise pass; "
        f"peak memory grew by {table.attrs['memory_growth_mb']:.0f} MB",
    ]
    return "\n".join(lines)
