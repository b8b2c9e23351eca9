"""Annotate and compare: students mark quotes and loaded terms, then compare with the kit and with classmates.

An annotation is a row `article_id, start, end, text, layer, label, speaker, annotator` (`ANNOTATION_COLUMNS`)
with the kit's offsets contract: `articles.text[start:end] == text`. `layer` is `quote` (label: direct, partial,
indirect, scare) or `loaded` (label: one of the loaded-language categories of `kit.loaded_terms`).

The kit's own tags become one more annotator, named `kit` (`kit_annotations`): its opinion, not the answer key.
`compare_with_kit` counts how often the kit and a student tag the same spans (precision, recall, F1);
`agreement` measures agreement between two annotators with Cohen's kappa over the words of the article body;
`disagreements` lists the passages where annotators differ, for a class to discuss.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import warnings
from collections import Counter
from itertools import combinations
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from kit import schema
from kit.evaluate import same_speaker
from kit.highlight import _STYLE, LOADED_STYLE, QUOTE_STYLE, _tag_style, _tint
from kit.language import CATEGORIES as LOADED_LABELS
from kit.load import Corpus, bundled_dir
from kit.plots import titled
from kit.quotes import QUOTE_KINDS
from kit.widgets import article_options

ANNOTATION_COLUMNS = ["article_id", "start", "end", "text", "layer", "label", "speaker", "annotator"]
"""One row per annotated span; `text` is `articles.text[start:end]`; `speaker` only for quotes."""

QUOTE_LABELS = ["direct", "partial", "indirect", "scare"]
"""The quote labels a student chooses from (the kit also uses `unclosed`)."""

LABELS = {"quote": QUOTE_LABELS, "loaded": list(LOADED_LABELS)}
"""Labels offered per layer in the annotation widget."""

ACCEPTED_LABELS = {"quote": list(QUOTE_KINDS), "loaded": list(LOADED_LABELS)}
"""Labels a file may use per layer: the widget's, plus the kit's `unclosed` for quotes."""

KIT = "kit"
"""The annotator name the kit's own tags carry."""

DISAGREEMENT_COLUMNS = [
    "passage_id",
    "article_id",
    "layer",
    "start",
    "end",
    "text",
    "issue",
    "annotator",
    "label",
    "span_start",
    "span_end",
    "span_text",
    "speaker",
]
"""`disagreements`: one row per passage and annotator; `text` is the passage `articles.text[start:end]`,
`span_text` the annotator's own span (empty, with label `none`, where they tagged nothing there)."""

ISSUES = ["only some tagged it", "different labels", "different boundaries", "different speakers"]
"""Kinds of disagreement, from the most basic; a passage gets the first that applies."""

AGREEMENT_COLUMNS = [
    "annotator_a",
    "annotator_b",
    "layer",
    "level",
    "n_articles",
    "n_units",
    "n_tagged_a",
    "n_tagged_b",
    "observed",
    "expected",
    "kappa",
]
"""`agreement`: per pair, layer and level (`label`: which label each word has, `none` if untagged;
`span`: tagged or not), the share of words with the same label (`observed`), the share expected by chance
(`expected`) and Cohen's kappa."""

SCORE_COLUMNS = [
    "annotator",
    "layer",
    "label",
    "annotator_tags",
    "kit_tags",
    "matched",
    "precision",
    "recall",
    "f1",
]
"""`compare_with_kit`: per annotator, layer and label (`any` ignores labels), spans each made and how many match."""

_WORD = re.compile(r"\w+(?:[’'\-.]\w+)*")
# what the widget's word pickers step through: words, and each punctuation mark on its own, so a span
# can include or leave out a full stop or a quote mark
_TOKEN = re.compile(r"\w+(?:[’'\-.]\w+)*|[^\w\s]")
_QUOTE_COLOUR = "#0072B2"


# ---- reading and writing ----------------------------------------------------------------------------
def _texts(corpus: Corpus | pd.DataFrame) -> dict[str, str]:
    articles = corpus.articles if isinstance(corpus, Corpus) else corpus
    return dict(zip(articles["article_id"], articles["text"], strict=True))


def _body(corpus: Corpus | pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    """Body paragraphs per article; the whole text where no segments are known."""
    if isinstance(corpus, Corpus):
        body = corpus.segments[corpus.segments.kind == "body"].sort_values(["article_id", "start"])
        spans: dict[str, list[tuple[int, int]]] = {}
        for row in body.itertuples(index=False):
            spans.setdefault(row.article_id, []).append((int(row.start), int(row.end)))
        return {a: spans.get(a, [(0, len(t))]) for a, t in _texts(corpus).items()}
    return {a: [(0, len(t))] for a, t in _texts(corpus).items()}


def _table(rows: list[dict]) -> pd.DataFrame:
    annotations = schema.table(rows, ANNOTATION_COLUMNS)
    return annotations.sort_values(["annotator", "article_id", "start", "end"], kind="stable").reset_index(drop=True)


def _check_row(row: dict, texts: dict[str, str]) -> tuple[dict | None, str | None]:
    """Return the row typed, or the problem with it in words a student can act on."""
    article_id = (row.get("article_id") or "").strip()
    if article_id not in texts:
        return None, f"unknown article_id {article_id!r}"
    try:
        start, end = int(str(row.get("start")).strip()), int(str(row.get("end")).strip())
    except ValueError:
        return None, f"start {row.get('start')!r} and end {row.get('end')!r} must be whole numbers"
    text = texts[article_id]
    if not 0 <= start < end <= len(text):
        return None, f"offsets {start}–{end} are not a span inside the article (0–{len(text)})"
    given = row.get("text")
    if given != text[start:end]:
        return None, f"text {given!r} differs from the article's text at {start}–{end}: {text[start:end]!r}"
    layer = (row.get("layer") or "").strip()
    if layer not in ACCEPTED_LABELS:
        return None, f"layer {layer!r} is not one of {', '.join(ACCEPTED_LABELS)}"
    label = (row.get("label") or "").strip()
    if label not in ACCEPTED_LABELS[layer]:
        return None, f"label {label!r} is not a {layer} label ({', '.join(ACCEPTED_LABELS[layer])})"
    annotator = (row.get("annotator") or "").strip()
    if not annotator:
        return None, "annotator is empty: say who made the annotation"
    speaker = (row.get("speaker") or "").strip() or pd.NA
    return {
        "article_id": article_id,
        "start": start,
        "end": end,
        "text": given,
        "layer": layer,
        "label": label,
        "speaker": speaker if layer == "quote" else pd.NA,
        "annotator": annotator,
    }, None


def _read_records(path: Path) -> list[tuple[str, dict]]:
    """Records of one file with where each came from ('row 3 (line 7)'); CSV may open with '#' comment lines."""
    content = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".jsonl":
        records = []
        for number, line in enumerate(content.splitlines(), start=1):
            if line.strip():
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    raise ValueError(f"{path}: line {number} is not valid JSON ({error.msg})") from None
                if not isinstance(record, dict):
                    raise ValueError(f"{path}: line {number} is not a JSON object")
                # offsets may be numbers in JSON; `text` stays exactly as given, to be compared with the article
                record = {k: v if k == "text" else "" if v is None else str(v) for k, v in record.items()}
                records.append((f"line {number}", record))
        return records
    lines = content.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and lines[skipped].startswith("#"):
        skipped += 1
    reader = csv.DictReader(io.StringIO("".join(lines[skipped:]), newline=""))
    missing = [c for c in ANNOTATION_COLUMNS if c != "speaker" and c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(
            f"{path}: missing column(s) {', '.join(missing)}; a file needs {', '.join(ANNOTATION_COLUMNS)}"
        )
    extra = [c for c in reader.fieldnames or [] if c not in ANNOTATION_COLUMNS]
    if extra:
        warnings.warn(
            f"{path}: column(s) {', '.join(extra)} are not part of an annotation and were not read", stacklevel=3
        )
    records, number = [], 0
    for record in reader:
        number += 1
        records.append((f"row {number} (line {reader.line_num + skipped})", record))
    return records


def load_annotations(path: str | Path | list | None = None, *, corpus: Corpus | pd.DataFrame) -> pd.DataFrame:
    """Return annotations read from CSV or JSONL files, each row checked against the article text.

    Parameters
    ----------
    path : str, Path or list, optional
        A `.csv` or `.jsonl` file, a folder of them, or a list of either. Default: the constructed
        classmates' files bundled in `data/annotations/`. CSV files may open with `#` comment lines.
    corpus : Corpus or DataFrame
        The articles the offsets point into (`corpus.articles`).

    Returns
    -------
    DataFrame
        Columns `ANNOTATION_COLUMNS`, sorted by annotator, article and start.

    Raises
    ------
    ValueError
        Naming the file and row of every row that does not fit its article (wrong offsets, text that
        is not `text[start:end]`, unknown article, layer or label). No row is dropped silently.
    """
    paths = [bundled_dir() / "annotations"] if path is None else path if isinstance(path, list) else [path]
    files: list[Path] = []
    for item in map(Path, paths):
        if item.is_dir():
            files += sorted(p for p in item.iterdir() if p.suffix.lower() in (".csv", ".jsonl"))
        elif item.exists():
            files.append(item)
        else:
            raise FileNotFoundError(f"{item}: no such annotation file or folder")
    texts, rows, problems = _texts(corpus), [], []
    for file in files:
        for where, record in _read_records(file):
            row, problem = _check_row(record, texts)
            if problem:
                problems.append(f"{file.name}, {where}: {problem}")
            else:
                rows.append(row)
    if problems:
        shown = "\n  ".join(problems[:10]) + (f"\n  … and {len(problems) - 10} more" if len(problems) > 10 else "")
        raise ValueError(f"{len(problems)} annotation row(s) do not fit the article text:\n  {shown}")
    return _table(rows)


def save_annotations(annotations: pd.DataFrame, path: str | Path) -> Path:
    """Write annotations to a CSV file (or JSONL, if the name ends in `.jsonl`); return the path written.

    Columns are `ANNOTATION_COLUMNS`; a missing speaker is left empty.
    """
    schema.validate(annotations, ANNOTATION_COLUMNS)
    path = Path(path)
    if path.suffix.lower() == ".jsonl":
        records = annotations.astype(object).where(annotations.notna(), None).to_dict("records")
        lines = [
            json.dumps({k: (int(v) if k in ("start", "end") else v) for k, v in r.items()}, ensure_ascii=False)
            for r in records
        ]
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    else:
        annotations.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def kit_annotations(quotes: pd.DataFrame, loaded: pd.DataFrame, article_ids: list[str] | None = None) -> pd.DataFrame:
    """Return the kit's quote and loaded-term tags as annotations by the annotator `kit`.

    Parameters
    ----------
    quotes, loaded : DataFrame
        Output of `kit.quotes` and `kit.loaded_terms`.
    article_ids : list of str, optional
        Keep only these articles (those the students annotated).

    Returns
    -------
    DataFrame
        Columns `ANNOTATION_COLUMNS`; `label` is the quote `kind` or the loaded `category`.
    """
    rows = [
        {
            "article_id": r.article_id,
            "start": int(r.start),
            "end": int(r.end),
            "text": r.quote,
            "layer": "quote",
            "label": r.kind,
            "speaker": r.speaker,
            "annotator": KIT,
        }
        for r in quotes.itertuples(index=False)
    ]
    rows += [
        {
            "article_id": r.article_id,
            "start": int(r.start),
            "end": int(r.end),
            "text": r.term,
            "layer": "loaded",
            "label": r.category,
            "speaker": pd.NA,
            "annotator": KIT,
        }
        for r in loaded.itertuples(index=False)
    ]
    if article_ids is not None:
        rows = [r for r in rows if r["article_id"] in set(article_ids)]
    return _table(rows)


# ---- comparing -------------------------------------------------------------------------------------
def _n_matched(first: list[tuple[int, int]], second: list[tuple[int, int]], exact: bool) -> int:
    """Pair spans one-to-one: identical offsets, or (overlap) the largest shared stretch first."""
    if exact:
        return sum((Counter(first) & Counter(second)).values())
    candidates = sorted(
        (
            (min(a[1], b[1]) - max(a[0], b[0]), i, j)
            for i, a in enumerate(first)
            for j, b in enumerate(second)
            if min(a[1], b[1]) > max(a[0], b[0])
        ),
        reverse=True,
    )
    used_first, used_second = set(), set()
    for _, i, j in candidates:
        if i not in used_first and j not in used_second:
            used_first.add(i)
            used_second.add(j)
    return len(used_first)


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else float("nan")


def compare_with_kit(annotations: pd.DataFrame, kit_tags: pd.DataFrame, match: str = "overlap") -> pd.DataFrame:
    """Return how far the kit's tags and each annotator's agree: precision, recall and F1 per layer and label.

    The kit is treated as one more annotator, and each student's spans as the reference only for the
    arithmetic: `precision` is the share of the kit's tags the student also made, `recall` the share of the
    student's tags the kit also made. Only the articles a student annotated count.

    Parameters
    ----------
    annotations : DataFrame
        Students' annotations (`ANNOTATION_COLUMNS`); rows by the annotator `kit` are left out.
    kit_tags : DataFrame
        Output of `kit_annotations`.
    match : {"overlap", "exact"}
        "overlap": two spans match when they share at least one character, each span matching at most one
        other, largest overlap first. "exact": same start and end.

    Returns
    -------
    DataFrame
        Columns `SCORE_COLUMNS`; label `any` matches spans whatever their labels; a ratio with nothing to
        count is empty (NaN), not zero.
    """
    if match not in ("overlap", "exact"):
        raise ValueError(f"match must be 'overlap' or 'exact', not {match!r}")
    students = annotations[annotations.annotator != KIT]
    rows = []
    for annotator, mine in students.groupby("annotator", sort=True):
        theirs = kit_tags[kit_tags.article_id.isin(set(mine.article_id))]
        for layer in LABELS:
            mine_l, theirs_l = mine[mine.layer == layer], theirs[theirs.layer == layer]
            labels = [lab for lab in ACCEPTED_LABELS[layer] if lab in set(mine_l.label) | set(theirs_l.label)]
            for label in ["any", *labels]:
                a = mine_l if label == "any" else mine_l[mine_l.label == label]
                b = theirs_l if label == "any" else theirs_l[theirs_l.label == label]
                matched = sum(
                    _n_matched(
                        list(zip(a.start[a.article_id == art], a.end[a.article_id == art], strict=True)),
                        list(zip(b.start[b.article_id == art], b.end[b.article_id == art], strict=True)),
                        match == "exact",
                    )
                    for art in set(a.article_id) & set(b.article_id)
                )
                precision, recall = _ratio(matched, len(b)), _ratio(matched, len(a))
                if matched:
                    f1 = 2 * precision * recall / (precision + recall)
                else:  # nothing matched: F1 is 0 if both tagged something, undefined if one tagged nothing
                    f1 = 0.0 if len(a) and len(b) else float("nan")
                rows.append(
                    {
                        "annotator": annotator,
                        "layer": layer,
                        "label": label,
                        "annotator_tags": len(a),
                        "kit_tags": len(b),
                        "matched": matched,
                        "precision": precision,
                        "recall": recall,
                        "f1": f1,
                    }
                )
    table = pd.DataFrame(rows, columns=SCORE_COLUMNS)
    for column in ("annotator_tags", "kit_tags", "matched"):
        table[column] = table[column].astype("Int64")
    for column in ("precision", "recall", "f1"):
        table[column] = table[column].astype("Float64")
    return table


def cohen_kappa(first: list, second: list) -> float:
    """Return Cohen's kappa between two annotators' labels of the same units.

    kappa = (p_o - p_e) / (1 - p_e), where p_o is the share of units given the same label and p_e the share
    expected by chance, the sum over labels of the product of each annotator's share of that label
    (Cohen 1960, "A coefficient of agreement for nominal scales", Educational and Psychological Measurement
    20(1), 37-46). 1 is perfect agreement, 0 what chance alone gives, below 0 worse than chance. Undefined
    (NaN) when both annotators give every unit one and the same label.

    >>> cohen_kappa(["yes"] * 20 + ["yes"] * 5 + ["no"] * 10 + ["no"] * 15,
    ...             ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15)
    0.4
    """
    if len(first) != len(second):
        raise ValueError(f"the annotators labelled different numbers of units ({len(first)} and {len(second)})")
    n = len(first)
    if n == 0:
        return float("nan")
    observed = sum(a == b for a, b in zip(first, second, strict=True)) / n
    counts_a, counts_b = Counter(first), Counter(second)
    expected = sum(counts_a[label] * counts_b[label] for label in counts_a) / (n * n)
    if expected == 1:
        return float("nan")
    return round((observed - expected) / (1 - expected), 12)


def _word_labels(
    annotations: pd.DataFrame, corpus: Corpus | pd.DataFrame, layer: str, article_ids: list[str]
) -> list[str]:
    """Return one label per word of the articles' bodies: the label of the annotation covering the word
    (the shortest, most specific one where spans of the layer nest), or `none`."""
    texts, body = _texts(corpus), _body(corpus)
    rows = annotations[annotations.layer == layer]
    labels = []
    for article_id in article_ids:
        spans = sorted(
            (int(r.end) - int(r.start), int(r.start), int(r.end), r.label)
            for r in rows[rows.article_id == article_id].itertuples(index=False)
        )
        for p_start, p_end in body[article_id]:
            for word in _WORD.finditer(texts[article_id], p_start, p_end):
                covering = [s for s in spans if s[1] < word.end() and word.start() < s[2]]
                labels.append(covering[0][3] if covering else "none")
    return labels


def _pair_rows(a_rows, b_rows, name_a, name_b, corpus, article_ids) -> list[dict]:
    if article_ids is None:
        article_ids = sorted(set(a_rows.article_id) & set(b_rows.article_id))
    rows = []
    for layer in LABELS:
        labels_a = _word_labels(a_rows, corpus, layer, article_ids)
        labels_b = _word_labels(b_rows, corpus, layer, article_ids)
        for level in ("label", "span"):
            if level == "span":
                labels_a = ["none" if x == "none" else "tagged" for x in labels_a]
                labels_b = ["none" if x == "none" else "tagged" for x in labels_b]
            n = len(labels_a)
            counts_a, counts_b = Counter(labels_a), Counter(labels_b)
            rows.append(
                {
                    "annotator_a": name_a,
                    "annotator_b": name_b,
                    "layer": layer,
                    "level": level,
                    "n_articles": len(article_ids),
                    "n_units": n,
                    "n_tagged_a": n - counts_a["none"],
                    "n_tagged_b": n - counts_b["none"],
                    "observed": _ratio(sum(x == y for x, y in zip(labels_a, labels_b, strict=True)), n),
                    "expected": _ratio(sum(counts_a[k] * counts_b[k] for k in counts_a), n * n),
                    "kappa": cohen_kappa(labels_a, labels_b),
                }
            )
    return rows


def _agreement_table(rows: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)
    for column in ("n_articles", "n_units", "n_tagged_a", "n_tagged_b"):
        table[column] = table[column].astype("Int64")
    for column in ("observed", "expected", "kappa"):
        table[column] = table[column].astype("Float64")
    return table


def _one_annotator(annotations: pd.DataFrame, which: str) -> str:
    names = sorted(set(annotations.annotator))
    if len(names) != 1:
        raise ValueError(f"the {which} table should hold one annotator's rows, not {names or 'none'}")
    return names[0]


def agreement(
    first: pd.DataFrame, second: pd.DataFrame, corpus: Corpus | pd.DataFrame, article_ids: list[str] | None = None
) -> pd.DataFrame:
    """Return the agreement of two annotators, word by word: percentage agreement and Cohen's kappa.

    Every word of the article body is a unit. A word gets the label of the annotation that covers it, or
    `none`, so the words nobody tagged count too and kappa is defined. Layers are compared separately, at
    two levels: `label` (the same label) and `span` (both tagged the word, or both left it).

    Parameters
    ----------
    first, second : DataFrame
        One annotator's annotations each (`ANNOTATION_COLUMNS`), e.g. a student's and `kit_annotations`.
    corpus : Corpus or DataFrame
        The articles (with their segments, so that only body words count).
    article_ids : list of str, optional
        The articles to compare. Default: those both annotated (an article where one annotator found
        nothing at all must be named here to count).

    Returns
    -------
    DataFrame
        Columns `AGREEMENT_COLUMNS`, one row per layer and level; see `cohen_kappa`.
    """
    name_a, name_b = _one_annotator(first, "first"), _one_annotator(second, "second")
    if name_a == name_b:
        raise ValueError(f"both tables are by {name_a!r}: compare two different annotators")
    return _agreement_table(_pair_rows(first, second, name_a, name_b, corpus, article_ids))


def pairwise_agreement(
    annotations: pd.DataFrame, corpus: Corpus | pd.DataFrame, article_ids: list[str] | None = None
) -> pd.DataFrame:
    """Return `agreement` for every pair of annotators in one table (a class's files, and the kit's tags).

    Columns `AGREEMENT_COLUMNS`; the annotator `kit`, if present, is always `annotator_b`.
    """
    names = sorted(set(annotations.annotator), key=lambda n: (n == KIT, n))
    rows = []
    for name_a, name_b in combinations(names, 2):
        a_rows, b_rows = annotations[annotations.annotator == name_a], annotations[annotations.annotator == name_b]
        rows += _pair_rows(a_rows, b_rows, name_a, name_b, corpus, article_ids)
    return _agreement_table(rows)


def _passages(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join overlapping spans into passages."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _same_speaker(first, second) -> bool:
    if pd.isna(first) or pd.isna(second):
        return pd.isna(first) and pd.isna(second)
    return same_speaker(first, second)


def _issue(by_annotator: dict[str, list], layer: str) -> str | None:
    """The first of `ISSUES` that applies to one passage, or None where everyone marked it alike."""
    marks = [sorted(rows, key=lambda r: r[:3]) for rows in by_annotator.values()]
    if any(not rows for rows in marks):
        return ISSUES[0]
    if len({frozenset(r[2] for r in rows) for rows in marks}) > 1:
        return ISSUES[1]
    if len({tuple(r[:3] for r in rows) for rows in marks}) > 1:
        return ISSUES[2]
    if layer == "quote":
        for rows in marks[1:]:
            if not all(_same_speaker(a[3], b[3]) for a, b in zip(marks[0], rows, strict=True)):
                return ISSUES[3]
    return None


def disagreements(
    annotations: pd.DataFrame, corpus: Corpus | pd.DataFrame, annotators: list[str] | None = None
) -> pd.DataFrame:
    """Return the passages where annotators differ, one row per passage and annotator, with the text.

    Overlapping spans of one layer, by anyone, form a passage. Annotators who annotated an article are
    compared on every passage in it; one who tagged nothing in a passage gets a row with label `none`. A
    passage everyone tagged alike (same offsets, labels and, for quotes, speakers) is not listed.

    Parameters
    ----------
    annotations : DataFrame
        Everyone's annotations (`ANNOTATION_COLUMNS`), the kit's too if it is to be compared.
    corpus : Corpus or DataFrame
        The articles.
    annotators : list of str, optional
        Compare only these annotators.

    Returns
    -------
    DataFrame
        Columns `DISAGREEMENT_COLUMNS`, sorted by article and start; `issue` is one of `ISSUES`.
    """
    texts = _texts(corpus)
    if annotators is not None:
        annotations = annotations[annotations.annotator.isin(annotators)]
    order = sorted(set(annotations.annotator), key=lambda n: (n == KIT, n))
    rows, number = [], Counter()
    for article_id in sorted(set(annotations.article_id)):
        text = texts[article_id]
        in_article = annotations[annotations.article_id == article_id]
        present = [n for n in order if n in set(in_article.annotator)]
        found = []
        for layer in LABELS:
            tags = in_article[in_article.layer == layer]
            spans = list(zip(tags.start.astype(int), tags.end.astype(int), strict=True))
            for p_start, p_end in _passages(spans):
                inside = tags[(tags.start < p_end) & (tags.end > p_start)]
                by_annotator = {
                    name: [
                        (int(r.start), int(r.end), r.label, r.speaker)
                        for r in inside[inside.annotator == name].itertuples(index=False)
                    ]
                    for name in present
                }
                issue = _issue(by_annotator, layer)
                if issue is not None and len(present) > 1:
                    found.append((p_start, p_end, layer, issue, by_annotator))
        for p_start, p_end, layer, issue, by_annotator in sorted(found, key=lambda f: (f[0], f[1], f[2])):
            number[article_id] += 1
            passage_id = f"{article_id[:3]}-d{number[article_id]:02d}"
            base = {
                "passage_id": passage_id,
                "article_id": article_id,
                "layer": layer,
                "start": p_start,
                "end": p_end,
                "text": text[p_start:p_end],
                "issue": issue,
            }
            for name, marks in by_annotator.items():
                if not marks:
                    rows.append(
                        {
                            **base,
                            "annotator": name,
                            "label": "none",
                            "span_start": pd.NA,
                            "span_end": pd.NA,
                            "span_text": pd.NA,
                            "speaker": pd.NA,
                        }
                    )
                for start, end, label, speaker in sorted(marks):
                    rows.append(
                        {
                            **base,
                            "annotator": name,
                            "label": label,
                            "span_start": start,
                            "span_end": end,
                            "span_text": text[start:end],
                            "speaker": speaker,
                        }
                    )
    table = schema.table(rows, DISAGREEMENT_COLUMNS)
    for column in ("span_start", "span_end"):
        table[column] = table[column].astype("Int64")
    return table


# ---- HTML views -------------------------------------------------------------------------------------
def _mark_style(layer: str, label: str) -> tuple[str, str, str]:
    """Style, visible label and colour of one annotation: readable without colour (line style + label)."""
    if layer == "quote":
        line, name = QUOTE_STYLE.get(label, ("solid", label.upper()))
        style = (
            f"text-decoration: underline {line} {_QUOTE_COLOUR}; text-decoration-thickness: 3px; "
            f"text-underline-offset: 5px; background: {_tint(_QUOTE_COLOUR, 0.08)};"
        )
        return style, name, _QUOTE_COLOUR
    colour, line, name = LOADED_STYLE.get(label, ("#444444", "solid", label.upper()))
    return f"border: 2px {line} {colour}; background: {_tint(colour, 0.15)};", name, colour


def annotations_html(
    text: str, annotations: pd.DataFrame, start: int = 0, end: int | None = None, article_id: str | None = None
) -> str:
    """Return `text[start:end]` as escaped HTML with every annotation marked and labelled.

    Quotes are underlined (the line style gives the kind), loaded terms boxed (the border style gives the
    category), and each span starts with a visible label; details on hover. Spans may nest or cross.

    >>> rows = pd.DataFrame([{"start": 4, "end": 12, "layer": "loaded", "label": "labelling",
    ...                       "speaker": pd.NA, "annotator": "ana"}])
    >>> shown = annotations_html("The <regime> fell", rows)
    >>> "&lt;regime&gt;" in shown and "<regime>" not in shown and ">LABEL<" in shown
    True
    """
    ident = f' data-article-id="{html.escape(article_id, quote=True)}"' if article_id else ""
    inner = _marked_html(text, annotations, start, len(text) if end is None else end)
    return f'{_STYLE}<div class="kit-page kit-annotated"{ident}>{inner}</div>'


def _marked_html(text: str, annotations: pd.DataFrame, start: int, end: int) -> str:
    """`text[start:end]` escaped, cut at every span boundary so that each piece is wrapped in all the spans
    covering it (spans may cross without breaking the HTML)."""
    spans = sorted(
        (
            (int(r.start), int(r.end), r.layer, r.label, r.speaker, r.annotator)
            for r in annotations.itertuples(index=False)
            if start <= int(r.start) < int(r.end) <= end
        ),
        key=lambda s: (s[0], -s[1]),
    )
    cuts = sorted({start, end, *(s[0] for s in spans), *(s[1] for s in spans)})
    parts = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        fragment = html.escape(text[a:b])
        covering = [s for s in spans if s[0] <= a and b <= s[1]]
        tags = ""
        for s_start, _, layer, label, speaker, _ in covering:
            if s_start == a:
                _, name, colour = _mark_style(layer, label)
                who = f" · {html.escape(str(speaker).split()[-1])}" if layer == "quote" and pd.notna(speaker) else ""
                tags += f'<sup class="kit-tag" style="{_tag_style(colour)}">{html.escape(name)}{who}</sup>'
        fragment = tags + fragment
        for s_start, s_end, layer, label, speaker, annotator in reversed(covering):
            style, name, _ = _mark_style(layer, label)
            tip = f"{layer} · {label}" + (f" · speaker: {speaker}" if pd.notna(speaker) else "")
            tip += f" · by {annotator} · chars {s_start}–{s_end}"
            fragment = (
                f'<span class="kit-annotation" data-layer="{html.escape(layer)}" data-label="{html.escape(label)}" '
                f'title="{html.escape(tip, quote=True)}" style="{style}">{fragment}</span>'
            )
        parts.append(fragment)
    return "".join(parts)


def selection_html(text: str, para_start: int, para_end: int, start: int, end: int) -> str:
    """Return the paragraph with the selected span marked, and the exact selection `text[start:end]` below.

    >>> "<mark" in selection_html("a <b> c", 0, 7, 2, 5) and "&lt;b&gt;" in selection_html("a <b> c", 0, 7, 2, 5)
    True
    """
    before, chosen, after = text[para_start:start], text[start:end], text[end:para_end]
    return (
        '<div class="kit-selection" style="font-size:15px; line-height:1.5; max-width:60em">'
        f'<div style="white-space: pre-wrap">{html.escape(before)}<mark style="outline: 2px solid #222; '
        f'background:#fde68a">{html.escape(chosen)}</mark>{html.escape(after)}</div>'
        f"<p>Selected (characters {start}–{end}, {len(chosen)} characters): "
        f'<code class="kit-selected-text">{html.escape(chosen)}</code></p></div>'
    )


def disagreements_html(table: pd.DataFrame, corpus: Corpus | pd.DataFrame) -> str:
    """Return the passages of `disagreements` side by side: one column per annotator, their spans marked.

    The kit's column is headed 'kit (one opinion)': it is compared, not believed.
    """
    if table.empty:
        return '<div class="kit-disagreements"><p>No disagreements to show.</p></div>'
    texts = _texts(corpus)
    blocks = []
    for passage_id, rows in table.groupby("passage_id", sort=False):
        first = rows.iloc[0]
        text, p_start, p_end = texts[first.article_id], int(first.start), int(first.end)
        columns = []
        for name, mine in rows.groupby("annotator", sort=False):
            marked = mine[mine.label != "none"].rename(columns={"span_start": "s", "span_end": "e"})
            marks = pd.DataFrame(
                {
                    "start": marked.s,
                    "end": marked.e,
                    "layer": marked.layer,
                    "label": marked.label,
                    "speaker": marked.speaker,
                    "annotator": name,
                }
            )
            summary = "; ".join(
                f"{r.label}" + (f" ({r.speaker})" if pd.notna(r.speaker) else "") for r in mine.itertuples()
            )
            heading = f"{name} (one opinion)" if name == KIT else name
            columns.append(
                f'<div class="kit-opinion" data-annotator="{html.escape(name, quote=True)}" style="flex:1; '
                f'min-width:12em"><b>{html.escape(heading)}</b>: {html.escape(summary)}'
                f'<div class="kit-passage">{_marked_html(text, marks, p_start, p_end)}</div></div>'
            )
        blocks.append(
            f'<div class="kit-disagreement" data-passage="{html.escape(passage_id, quote=True)}" '
            f'data-issue="{html.escape(first.issue, quote=True)}" style="margin: 0 0 1.2em 0; padding: 0.4em 0.6em; '
            f'border-left: 5px solid #555"><p style="margin:0 0 0.3em 0"><b>{html.escape(passage_id)}</b> · '
            f"{html.escape(first.layer)} · <i>{html.escape(first.issue)}</i> · characters {p_start}–{p_end}</p>"
            f'<div style="display:flex; gap:0.8em; align-items:flex-start">{"".join(columns)}</div></div>'
        )
    style = (
        "<style>.kit-passage {font-family: Georgia, serif; font-size: 15px; line-height: 1.7; white-space: pre-wrap;}"
    )
    style = f"{style}</style>"
    return f'{_STYLE}{style}<div class="kit-disagreements">{"".join(blocks)}</div>'


# ---- figures ----------------------------------------------------------------------------------------
def agreement_heatmap(pairs: pd.DataFrame, layer: str = "quote", level: str = "label") -> go.Figure:
    """Return a heatmap of Cohen's kappa between every pair of annotators, the value written in each cell.

    `pairs` is the output of `pairwise_agreement`; the subtitle compares students with each other and with the kit.
    """
    rows = pairs[(pairs.layer == layer) & (pairs.level == level)]
    names = sorted(set(rows.annotator_a) | set(rows.annotator_b), key=lambda n: (n == KIT, n))
    kappa = {(r.annotator_a, r.annotator_b): float(r.kappa) for r in rows.itertuples(index=False)}
    grid = [[1.0 if a == b else kappa.get((a, b), kappa.get((b, a))) for b in names] for a in names]
    figure = go.Figure(
        go.Heatmap(
            z=grid,
            x=names,
            y=names,
            zmin=-1,
            zmax=1,
            colorscale="RdBu",
            texttemplate="%{z:.2f}",
            colorbar={"title": {"text": "kappa"}},
            hovertemplate="%{y} vs %{x}: kappa %{z:.2f}<extra></extra>",
        )
    )
    students = rows[(rows.annotator_a != KIT) & (rows.annotator_b != KIT)].kappa.astype(float)
    with_kit = rows[rows.annotator_b == KIT].kappa.astype(float)
    what = "quotes" if layer == "quote" else "loaded terms"
    if len(students) and len(with_kit):
        gap = students.mean() - with_kit.mean()
        relation = "about as much as" if abs(gap) < 0.05 else "more than" if gap > 0 else "less than"
        takeaway = (
            f"On {what}, students agree with each other at kappa {students.mean():.2f} on average, "
            f"{relation} with the kit ({with_kit.mean():.2f})."
        )
    elif len(rows):
        takeaway = f"On {what}, kappa ranges from {rows.kappa.min():.2f} to {rows.kappa.max():.2f}."
    else:
        takeaway = "No pairs of annotators to compare."
    return titled(
        figure,
        f"How much do annotators agree on {what}?",
        takeaway,
        x="Annotator",
        y="Annotator",
        xaxis={"side": "bottom"},
        yaxis={"autorange": "reversed"},
        height=200 + 60 * max(len(names), 1),
        margin={"t": 100, "l": 10, "r": 10},
    )


def _span_of(shares: pd.Series) -> str:
    low, high = shares.min(), shares.max()
    return f"{low:.0%}" if round(low, 2) == round(high, 2) else f"{low:.0%}–{high:.0%}"


def kit_score_bars(scores: pd.DataFrame) -> go.Figure:
    """Return grouped bars of precision and recall of the kit against each annotator, per layer (any label).

    `scores` is the output of `compare_with_kit`.
    """
    rows = scores[scores.label == "any"].sort_values(["layer", "annotator"], ascending=[False, True])
    x = [list(rows.layer.map({"quote": "quotes", "loaded": "loaded terms"})), list(rows.annotator)]
    figure = go.Figure()
    for measure, colour, pattern, words in (
        ("precision", "#0072B2", "", "of the kit's tags that the student also made"),
        ("recall", "#E69F00", "/", "of the student's tags that the kit also made"),
    ):
        figure.add_bar(
            x=x,
            y=rows[measure].astype(float) * 100,
            name=f"{measure}: share {words}",
            marker={"color": colour, "pattern": {"shape": pattern}},
            texttemplate="%{y:.0f}%",
            hovertemplate="%{x}<br>" + measure + ": %{y:.0f}%<extra></extra>",
        )
    quotes = rows[rows.layer == "quote"].recall.astype(float)
    loaded = rows[rows.layer == "loaded"].recall.astype(float)
    if len(quotes) and len(loaded):
        takeaway = (
            f"The kit found {_span_of(quotes)} of the quotes and {_span_of(loaded)} of the loaded terms the "
            "students marked."
        )
    else:
        takeaway = "Not enough annotations to compare."
    return titled(
        figure,
        "Does the kit tag what the students tagged?",
        takeaway,
        x="Layer and annotator",
        y="Share of tags (%)",
        yaxis={"range": [0, 105], "ticksuffix": "%"},
        barmode="group",
        height=460,
        legend={"orientation": "h", "y": -0.3, "x": 0},
        margin={"t": 90, "l": 10, "r": 10},
    )


# ---- widgets ----------------------------------------------------------------------------------------
def tokens(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Return the words and punctuation marks of `text[start:end]` as `(start, end, token)`.

    >>> tokens("He said “no.”", 0, 13)[-3:]
    [(9, 11, 'no'), (11, 12, '.'), (12, 13, '”')]
    """
    return [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text, start, end)]


def _file_for(name: str) -> str:
    """A file name for one annotator's work: no spaces or path characters."""
    return f"annotations_{re.sub(r'[^A-Za-z0-9]+', '_', name).strip('_') or 'me'}.csv"


def annotator(
    articles: pd.DataFrame,
    segments: pd.DataFrame,
    annotations: pd.DataFrame | None = None,
    name: str = "me",
    article_id: str | None = None,
) -> widgets.VBox:
    """Return a widget to mark spans of an article as quotes (with a speaker) or loaded terms, and save them.

    Everything works from the keyboard: pick a paragraph, then the first and last word (or type words and
    press *Select*); the preview shows exactly `text[start:end]`. *Add* stores the span, *Undo* removes the
    last one, *Save* writes `ANNOTATION_COLUMNS` to the file named (relative to the notebook). The table so
    far is the widget's `annotations` attribute; its controls are in `controls`.
    """
    texts = dict(zip(articles.article_id, articles.text, strict=True))
    state = {"rows": [] if annotations is None else annotations.to_dict("records"), "tokens": []}
    wide, label_style = widgets.Layout(width="46em"), {"description_width": "8em"}
    pick = widgets.Dropdown(options=article_options(articles), description="Article", layout=wide, style=label_style)
    if article_id is not None:
        pick.value = article_id
    paragraph = widgets.Dropdown(description="Paragraph", layout=wide, style=label_style)
    find = widgets.Text(description="Find words", placeholder="type words from the article", style=label_style)
    select = widgets.Button(description="Select", tooltip="select the words typed in 'Find words'")
    first = widgets.Dropdown(description="From word", style=label_style)
    last = widgets.Dropdown(description="To word", style=label_style)
    preview = widgets.HTML()
    layer = widgets.ToggleButtons(
        options=[("quote", "quote"), ("loaded term", "loaded")], description="Layer", style=label_style
    )
    label = widgets.Dropdown(options=LABELS["quote"], description="Label", style=label_style)
    speaker = widgets.Text(
        description="Speaker", placeholder="who is quoted (leave empty if nobody)", style=label_style
    )
    who = widgets.Text(value=name, description="Your name", style=label_style)
    add = widgets.Button(description="Add", button_style="primary", icon="plus")
    undo = widgets.Button(description="Undo", icon="undo")
    save = widgets.Button(description="Save", icon="save")
    file = widgets.Text(value=_file_for(name), description="Save as", style=label_style)
    status, page, listing, log = widgets.HTML(), widgets.HTML(), widgets.HTML(), widgets.Output()
    box = widgets.VBox()

    def selection() -> tuple[int, int]:
        chosen = state["tokens"]
        if not chosen or first.value is None or last.value is None:
            return 0, 0
        a, b = sorted((first.value, last.value))
        return chosen[a][0], chosen[b][1]

    def table() -> pd.DataFrame:
        return _table(state["rows"])

    def show_table():
        box.annotations = table()
        rows = box.annotations[box.annotations.article_id == pick.value]
        text = texts[pick.value]
        body = segments[(segments.article_id == pick.value) & (segments.kind == "body")]
        first_char = int(body.start.min()) if len(body) else 0
        last_char = int(body.end.max()) if len(body) else len(text)
        page.value = annotations_html(text, rows, first_char, last_char, pick.value)
        shown = rows[["start", "end", "layer", "label", "speaker", "text"]]
        listing.value = (
            f"<p><b>{len(rows)} annotation(s)</b> in this article ({len(box.annotations)} in all)</p>"
            + shown.to_html(index=False, na_rep="—", classes="kit-table", escape=True)
        )

    @log.capture(clear_output=True)  # callback errors show under the widget instead of vanishing
    def show_selection(_=None):
        if paragraph.value is None:
            preview.value = "<p>No body paragraph in this article.</p>"
            return
        start, end = selection()
        preview.value = selection_html(texts[pick.value], *paragraph.value, start, end)

    @log.capture(clear_output=True)
    def new_paragraph(_=None):
        if paragraph.value is None:
            state["tokens"] = []
            first.options = last.options = []
        else:
            state["tokens"] = tokens(texts[pick.value], *paragraph.value)
            options = [(f"{i + 1} · {tok}", i) for i, (_, _, tok) in enumerate(state["tokens"])]
            first.options, last.options = options, options
            first.value, last.value = (0, 0) if options else (None, None)
        show_selection()

    @log.capture(clear_output=True)
    def new_article(_=None):
        body = segments[(segments.article_id == pick.value) & (segments.kind == "body")].sort_values("start")
        text = texts[pick.value]
        paragraph.options = [
            (f"¶{n} · {text[int(r.start) : int(r.end)][:70]}", (int(r.start), int(r.end)))
            for n, r in enumerate(body.itertuples(index=False), start=1)
        ]
        # a Dropdown made without options keeps None when given some: choose the first paragraph
        paragraph.value = paragraph.options[0][1] if paragraph.options else None
        new_paragraph()
        show_table()

    @log.capture(clear_output=True)
    def on_first(_=None):
        if first.value is not None and last.value is not None and last.value < first.value:
            last.value = first.value
        show_selection()

    @log.capture(clear_output=True)
    def on_select(_=None):
        wanted = find.value.strip()
        if not wanted:
            status.value = "<p>Type some words of the article in <b>Find words</b> first.</p>"
            return
        text, options = texts[pick.value], list(paragraph.options)
        current = [o for o in options if o[1] == paragraph.value]
        pattern = re.compile(r"\s+".join(map(re.escape, wanted.split())), re.I)
        for option in current + [o for o in options if o not in current]:
            found = pattern.search(text, *option[1])
            if found:
                paragraph.value = option[1]
                chosen = state["tokens"]
                a = next(i for i, t in enumerate(chosen) if t[1] > found.start())
                b = max(i for i, t in enumerate(chosen) if t[0] < found.end())
                first.value, last.value = a, b
                status.value = f"<p>Selected the words found in paragraph {options.index(option) + 1}.</p>"
                return
        status.value = (
            f"<p>“{html.escape(wanted)}” is not in the article's body: check the spelling and the quote marks.</p>"
        )

    @log.capture(clear_output=True)
    def on_layer(_=None):
        label.options = LABELS[layer.value]
        label.value = LABELS[layer.value][0]
        speaker.disabled = layer.value != "quote"

    @log.capture(clear_output=True)
    def on_add(_=None):
        start, end = selection()
        if end <= start:
            status.value = "<p>Choose a paragraph and the words first.</p>"
            return
        text = texts[pick.value]
        is_quote = layer.value == "quote"
        row = {
            "article_id": pick.value,
            "start": start,
            "end": end,
            "text": text[start:end],
            "layer": layer.value,
            "label": label.value,
            "speaker": speaker.value.strip() if is_quote and speaker.value.strip() else pd.NA,
            "annotator": who.value.strip() or name,
        }
        same = [
            r
            for r in state["rows"]
            if (r["article_id"], r["start"], r["end"], r["layer"], r["annotator"])
            == (pick.value, start, end, layer.value, row["annotator"])
        ]
        if same:
            status.value = (
                "<p>You already marked exactly these words in this layer: <b>Undo</b> it to change the label.</p>"
            )
            return
        state["rows"].append(row)
        show_table()
        details = f" · speaker: {html.escape(row['speaker'])}" if pd.notna(row["speaker"]) else ""
        status.value = (
            f"<p>Added {html.escape(row['layer'])} · {html.escape(row['label'])}{details}: "
            f"<code>{html.escape(row['text'])}</code> (characters {start}–{end})</p>"
        )

    @log.capture(clear_output=True)
    def on_undo(_=None):
        if not state["rows"]:
            status.value = "<p>Nothing to undo.</p>"
            return
        row = state["rows"].pop()
        show_table()
        status.value = (
            f"<p>Removed {html.escape(row['layer'])} · {html.escape(row['label'])}: "
            f"<code>{html.escape(row['text'])}</code></p>"
        )

    @log.capture(clear_output=True)
    def on_save(_=None):
        try:
            path = save_annotations(table(), file.value.strip() or _file_for(who.value))
        except (OSError, ValueError) as error:
            status.value = f"<p>Could not save: {html.escape(str(error))}</p>"
            return
        status.value = (
            f"<p>Saved {len(state['rows'])} annotation(s) to <code>{html.escape(str(path.resolve()))}</code>.</p>"
        )

    def on_name(change):
        if file.value == _file_for(change["old"]):  # still the default: follow the name
            file.value = _file_for(change["new"])

    who.observe(on_name, names="value")
    pick.observe(new_article, names="value")
    paragraph.observe(new_paragraph, names="value")
    first.observe(on_first, names="value")
    last.observe(show_selection, names="value")
    layer.observe(on_layer, names="value")
    select.on_click(on_select)
    add.on_click(on_add)
    undo.on_click(on_undo)
    save.on_click(on_save)
    box.controls = {
        "article": pick,
        "paragraph": paragraph,
        "find": find,
        "select": select,
        "first": first,
        "last": last,
        "preview": preview,
        "layer": layer,
        "label": label,
        "speaker": speaker,
        "name": who,
        "add": add,
        "undo": undo,
        "save": save,
        "file": file,
        "status": status,
        "page": page,
        "table": listing,
    }
    box.annotations = table()
    box.children = [
        pick,
        paragraph,
        widgets.HBox([find, select]),
        widgets.HBox([first, last]),
        preview,
        layer,
        widgets.HBox([label, speaker]),
        who,
        widgets.HBox([add, undo, save, file]),
        status,
        page,
        listing,
        log,
    ]
    if len(articles):
        new_article()
    return box


def disagreement_explorer(table: pd.DataFrame, corpus: Corpus | pd.DataFrame) -> widgets.VBox:
    """Return a widget to read the passages of `disagreements` side by side, filtered by layer and issue."""
    layer = widgets.ToggleButtons(
        options=[("both layers", "all"), ("quotes", "quote"), ("loaded terms", "loaded")],
        description="Layer",
        style={"description_width": "initial", "button_width": "9em"},
    )
    issue = widgets.Dropdown(
        options=["any issue", *ISSUES], description="Issue", style={"description_width": "initial"}
    )
    summary, view, log = widgets.HTML(), widgets.HTML(), widgets.Output()

    @log.capture(clear_output=True)
    def refresh(_=None):
        shown = table if layer.value == "all" else table[table.layer == layer.value]
        if issue.value != "any issue":
            shown = shown[shown.issue == issue.value]
        n = shown.passage_id.nunique()
        summary.value = (
            f"<p style='font-size:15px'>{n} of {table.passage_id.nunique()} passages where annotators differ. "
            "For each: who is right, or is more than one reading defensible?</p>"
        )
        view.value = disagreements_html(shown, corpus)

    layer.observe(refresh, names="value")
    issue.observe(refresh, names="value")
    refresh()
    return widgets.VBox([widgets.HBox([layer, issue]), summary, view, log])
