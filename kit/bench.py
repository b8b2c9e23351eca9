"""Benchmark: every stage of the kit on a synthetic corpus of realistic articles, with speed and memory ratios.

`python -m kit bench --articles N` recombines paragraphs of the bundled articles into N new pages (headline,
byline, body, furniture, and for one page in four a comment thread), changes a share of their words so that
pages are not copies of each other, and plants a little genuine reuse (one page in ten copies a paragraph of
another). It writes them to a JSONL file, then times each stage as the pipeline runs it (the start-up every
process pays once: imports, lexicons, models; loading the file; the per-article lenses chunk by chunk; the
corpus-wide steps) and prints articles per second, the growth of peak memory, and the ratio of each stage's time
to a bare pass that reads the same file and splits it into words (and to one that tokenises it with syntok).
Nothing here asserts a time: the numbers are for reading, not for tests.
"""

from __future__ import annotations

import json
import random
import re
import resource
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from kit.load import Corpus, load_corpus

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


def _per_article_stages() -> list[tuple[str, Callable[[Corpus, dict], object]]]:
    """The per-article lenses in the order `kit.pipeline.tag_chunk` runs them on each chunk (the sentence splits
    of one chunk are shared by the lenses that read sentences, as in the pipeline)."""
    from kit.frames import frame_cues, frames
    from kit.language import loaded_terms, readability
    from kit.naming import naming
    from kit.quotes import quotes, sources

    def tag_quotes(corpus, tables):
        tables["quotes"] = quotes(corpus)

    def tag_naming(corpus, tables):
        tables["naming"] = naming(corpus, tables["quotes"])

    return [
        ("quotes", tag_quotes),
        ("sources", lambda corpus, tables: sources(corpus, tables["quotes"])),
        ("loaded terms", lambda corpus, tables: loaded_terms(corpus, tables["quotes"])),
        ("naming", tag_naming),
        ("frames", lambda corpus, tables: frames(corpus, frame_cues(corpus))),
        ("readability", lambda corpus, tables: readability(corpus)),
    ]


def _write_jsonl(texts: dict[str, str], path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for article_id, text in texts.items():
            out.write(json.dumps({"id": article_id, "text": text}, ensure_ascii=False) + "\n")


def _bare_pass(path: Path) -> tuple[float, int]:
    """Read the JSONL file and split every text into words: the least any analysis of the corpus must do."""
    start = time.perf_counter()
    tokens = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            tokens += len(_WORD.findall(json.loads(line)["text"]))
    return time.perf_counter() - start, tokens


def _start_up() -> None:
    """What every process pays once, whatever the corpus size: imports, lexicons, compiled patterns and the
    models (language identification, the comment classifier, the syllable table), by tagging the bundled pages."""
    from kit.lang_id import _identifier
    from kit.pipeline import compare_all, tag_chunk

    _identifier()  # the bundled pages are English throughout: nothing else would load the language model
    corpus = load_corpus()
    tables = tag_chunk(corpus)  # readability loads the syllable table
    compare_all(corpus, tables["quotes"], naming=tables["naming"])  # the comments load the classifier


def _tokeniser_pass(path: Path) -> float:
    """Read the JSONL file and tokenise every text with syntok's tokenizer (the one the kit's sentence splitter
    is built on): the least a pipeline with a real tokenizer must do."""
    from syntok.tokenizer import Tokenizer

    tokenizer = Tokenizer()
    start = time.perf_counter()
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            for _ in tokenizer.tokenize(json.loads(line)["text"]):
                pass
    return time.perf_counter() - start


def run(n: int = 1000, seed: int = 0, workers: int = 1) -> pd.DataFrame:
    """Time every stage on `n` synthetic articles; return one row per stage and the totals.

    The corpus is written to a JSONL file, then read by `kit.load_corpus` (as an analyst's would be) and, for
    the bare pass, by `json` plus a word regex. Per-article lenses are timed chunk by chunk, in the order the
    pipeline runs them; comments, events and reuse over the whole corpus. With `workers` > 1, also time
    `kit.pipeline.tag` (every lens, per-article ones in worker processes) end to end, as an analyst's export
    runs it."""
    from kit.comments import comments
    from kit.compare import events, reuse
    from kit.pipeline import chunks
    from kit.quotes import quote_variants

    texts = synthetic_texts(n, seed)
    n_chars = sum(len(t) for t in texts.values())
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.jsonl"
        _write_jsonl(texts, path)
        del texts
        bare, bare_tokens = _bare_pass(path)
        tokeniser = _tokeniser_pass(path)
        base_memory = _peak_mb()
        seconds: dict[str, float] = {}
        peaks: dict[str, float] = {}

        def timed(name: str, step: Callable[[], object]) -> object:
            start = time.perf_counter()
            result = step()
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - start
            peaks[name] = _peak_mb()
            return result

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # lens-skipped warnings: every synthetic page is English
            timed("start-up (once per process)", _start_up)
            corpus = timed("load and segment", lambda: load_corpus(path))
            quotes_parts, naming_parts = [], []
            for part in chunks(corpus):
                tables: dict = {}
                for name, stage in _per_article_stages():
                    timed(name, lambda stage=stage, part=part, tables=tables: stage(part, tables))
                quotes_parts.append(tables["quotes"])
                naming_parts.append(tables["naming"])
            quotes_table, naming_table = pd.concat(quotes_parts), pd.concat(naming_parts)
            timed("comments", lambda: comments(corpus, quotes_table, naming_table))
            timed("quote variants (cross-article)", lambda: quote_variants(quotes_table))
            timed("events (cross-article)", lambda: events(corpus, quotes_table=quotes_table))
            timed("reuse (cross-article)", lambda: reuse(corpus))
    table = pd.DataFrame({"stage": list(seconds), "seconds": list(seconds.values()), "peak_mb": list(peaks.values())})
    table["articles_per_second"] = (n / table.seconds.clip(lower=1e-9)).round(1)
    per_article = table[~table.stage.str.contains("cross-article|start-up")].seconds.sum()
    total = table.seconds.sum()
    summary = [
        ("per-article pipeline", per_article, table.peak_mb.max()),
        ("whole pipeline", total, table.peak_mb.max()),
        ("bare read and tokenise", bare, base_memory),
        ("read and tokenise with syntok", tokeniser, base_memory),
    ]
    rows = [
        {"stage": s, "seconds": t, "peak_mb": m, "articles_per_second": round(n / max(t, 1e-9), 1)}
        for s, t, m in summary
    ]
    table = pd.concat([table, pd.DataFrame(rows)], ignore_index=True)
    if workers > 1:
        from kit.pipeline import tag

        start = time.perf_counter()
        tag(corpus, workers=workers, progress=False)
        elapsed = time.perf_counter() - start
        parallel = {
            "stage": f"all lenses, {workers} worker processes",
            "seconds": elapsed,
            "peak_mb": _peak_mb(),
            "articles_per_second": round(n / elapsed, 1),
        }
        table = pd.concat([table, pd.DataFrame([parallel])], ignore_index=True)
    table["ratio_to_bare"] = (table.seconds / max(bare, 1e-9)).round(1)
    table["ratio_to_syntok"] = (table.seconds / max(tokeniser, 1e-9)).round(1)
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
        f"{per_article.ratio_to_bare:.0f}x the bare read-and-tokenise pass (a regex word split), "
        f"{per_article.ratio_to_syntok:.1f}x a read-and-tokenise pass with syntok's tokenizer; "
        f"peak memory grew by {table.attrs['memory_growth_mb']:.0f} MB",
    ]
    return "\n".join(lines)
