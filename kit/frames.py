"""Framing lens, paragraphs: which frame dimensions each body paragraph uses.

The frame dimensions are those of the Media Frames Corpus (Boydstun et al. 2014): economic, capacity and
resources, morality, fairness and equality, legality and constitutionality, policy prescription and
evaluation, crime and punishment, security and defense, health and safety, quality of life, cultural
identity, public opinion, political, external regulation and reputation, and other. Cue words are data
(`kit/lexicons/frame_cues.tsv`); every paragraph's frames come with the cues that triggered them.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from kit import lexicons, schema
from kit.lang_id import applicable
from kit.load import Corpus

FRAMES = [
    "economic",
    "capacity and resources",
    "morality",
    "fairness and equality",
    "legality and constitutionality",
    "policy prescription and evaluation",
    "crime and punishment",
    "security and defense",
    "health and safety",
    "quality of life",
    "cultural identity",
    "public opinion",
    "political",
    "external regulation and reputation",
    "other",
]


@cache
def _cues() -> tuple[lexicons.WordStarts, dict[str, list[str]]]:
    table = lexicons.load("frame_cues")
    frames_of: dict[str, list[str]] = {}
    for cue, frame in zip(table.cue, table.frame, strict=True):
        frames_of.setdefault(cue.lower(), []).append(frame)
    return lexicons.WordStarts(sorted(frames_of, key=len, reverse=True), suffix="(?:s|es)?"), frames_of


def frame_cues(corpus: Corpus) -> pd.DataFrame:
    """Return every frame cue found in the body of each article, one row per cue and frame it cues.

    Returns
    -------
    DataFrame
        Columns `schema.FRAME_CUE_COLUMNS`; `cue` is `text[start:end]`.
    """
    pattern, frames_of = _cues()
    corpus = applicable(corpus, "kit.frame_cues")
    body = corpus.segments[corpus.segments.kind == "body"]
    texts = dict(zip(corpus.articles.article_id, corpus.articles.text, strict=True))
    rows = []
    columns = (body.article_id.tolist(), body.segment_id.tolist(), body.start.tolist(), body.end.tolist())
    for article_id, segment_id, start, end in zip(*columns, strict=True):
        text = texts[article_id]
        for found in pattern.finditer(text, int(start), int(end)):
            word = re.sub(r"\s+", " ", found.group(1).lower())
            for frame in frames_of.get(word, []):
                rows.append(
                    {
                        "article_id": article_id,
                        "segment_id": segment_id,
                        "start": found.start(),
                        "end": found.end(),
                        "cue": text[found.start() : found.end()],
                        "frame": frame,
                        "rule": "lex.frame_cues",
                        "reason": f"'{found.group(0)}' is a cue of the {frame} frame",
                    }
                )
    table = schema.table(rows, schema.FRAME_CUE_COLUMNS)
    return table.sort_values(["article_id", "start", "frame"], kind="stable").reset_index(drop=True)


def frames(corpus: Corpus, cues: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the frames of each body paragraph: one row per paragraph and frame it uses, with its cues.

    A paragraph with no cue gets one row with frame `other`. `is_primary` marks the frame with most cues
    (ties go to the frame listed first in `FRAMES`).

    Returns
    -------
    DataFrame
        Columns `schema.FRAME_COLUMNS`; `start`/`end` are the paragraph's offsets.
    """
    cues = frame_cues(corpus) if cues is None else cues
    body = corpus.segments[corpus.segments.kind == "body"]
    by_segment: dict[str, dict[str, list[str]]] = {}
    for segment_id, frame, cue in zip(cues.segment_id, cues.frame, cues.cue, strict=True):
        by_segment.setdefault(segment_id, {}).setdefault(frame, []).append(cue)
    rows = []
    for segment in body.itertuples(index=False):
        counts = by_segment.get(segment.segment_id)
        if not counts:
            rows.append(
                {
                    "article_id": segment.article_id,
                    "segment_id": segment.segment_id,
                    "start": segment.start,
                    "end": segment.end,
                    "frame": "other",
                    "n_cues": 0,
                    "cues": None,
                    "is_primary": True,
                    "rule": "frame.no_cue",
                    "reason": "no frame cue in this paragraph",
                }
            )
            continue
        order = sorted(counts, key=lambda f: (-len(counts[f]), FRAMES.index(f)))
        for frame in order:
            words = counts[frame]
            listed = ", ".join(dict.fromkeys(w.lower() for w in words))
            rows.append(
                {
                    "article_id": segment.article_id,
                    "segment_id": segment.segment_id,
                    "start": segment.start,
                    "end": segment.end,
                    "frame": frame,
                    "n_cues": len(words),
                    "cues": listed,
                    "is_primary": frame == order[0],
                    "rule": "frame.cues",
                    "reason": f"{len(words)} cue{'s' if len(words) > 1 else ''} of the {frame} frame: {listed}",
                }
            )
    return schema.table(rows, schema.FRAME_COLUMNS)


def frame_profile(frame_rows: pd.DataFrame) -> pd.DataFrame:
    """Return, per article, the share of its body paragraphs that use each frame (columns in `FRAMES` order)."""
    paragraphs = frame_rows.groupby("article_id").segment_id.nunique()
    counts = frame_rows.groupby(["article_id", "frame"]).segment_id.nunique().unstack(fill_value=0)
    shares = counts.div(paragraphs, axis=0).reindex(columns=[f for f in FRAMES if f in counts.columns])
    return shares.reset_index()
