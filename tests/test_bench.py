"""The benchmark runs end to end at a small size (it reports speed; no test asserts a time)."""

from __future__ import annotations

import subprocess
import sys

from kit.bench import run, synthetic_texts


def test_synthetic_pages_are_realistic_and_varied():
    texts = synthetic_texts(12, seed=1)
    assert len(texts) == 12 and len(set(texts.values())) == 12
    assert sum("Comments" in t for t in texts.values()) == 3  # one page in four has a thread
    assert all(t.startswith("Synthetic Report Number") for t in texts.values())


def test_every_stage_is_timed_and_compared_with_the_bare_pass():
    table = run(12, seed=1)
    stages = set(table.stage)
    assert {
        "load and segment",
        "quotes",
        "reuse (cross-article)",
        "per-article pipeline",
        "bare read and tokenise",
        "read and tokenise with syntok",
        "quote variants (cross-article)",
    } <= stages
    assert (table.seconds > 0).all() and (table.ratio_to_bare > 0).all() and (table.ratio_to_syntok > 0).all()
    assert table.attrs["articles"] == 12 and table.attrs["tokens"] > 1000


def test_bench_command_prints_the_ratios():
    result = subprocess.run(
        [sys.executable, "-m", "kit", "bench", "--articles", "8"], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "articles/s on one core" in result.stdout and "x the bare read-and-tokenise pass" in result.stdout
    assert "x a read-and-tokenise pass with syntok's tokenizer" in result.stdout
