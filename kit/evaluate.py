"""Measure the taggers against human annotations, honestly and in the field's conventions.

Gold files are JSONL, one annotation per line with character offsets into the article text
(`text[start:end] == gold["text"]`), as in the annotated public corpora used for development and as
anyone can produce by annotating a sample of their own articles.

Quote spans match when their overlap divided by their union is at least 0.3, one-to-one and greedily by
overlap (the convention of the best public quote-extraction evaluations); the same figures with overlap
divided by the gold span's length are printed too.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from kit.load import Corpus, load_corpus

MATCH_THRESHOLD = 0.3
QUOTED_KINDS = ("direct", "partial", "unclosed")


def read_gold(path: str | Path, task: str) -> pd.DataFrame:
    """Return the gold annotations of one task from a JSONL file."""
    rows = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [row for row in rows if row.get("task", task) == task]
    if not rows:
        raise ValueError(f"{path}: no annotations with task '{task}'")
    return pd.DataFrame(rows)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_spans(
    predicted: list[tuple[int, int]], gold: list[tuple[int, int]], by: str = "union"
) -> list[tuple[int, int]]:
    """Pair predicted and gold spans one-to-one, greedily by overlap; return index pairs.

    >>> match_spans([(0, 10), (20, 30)], [(2, 9), (40, 50)])
    [(0, 0)]
    """
    candidates = []
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            shared = _overlap(p, g)
            if not shared:
                continue
            base = (max(p[1], g[1]) - min(p[0], g[0])) if by == "union" else (g[1] - g[0])
            if shared / base >= MATCH_THRESHOLD:
                candidates.append((shared, i, j))
    used_p, used_g, pairs = set(), set(), []
    for _, i, j in sorted(candidates, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i), used_g.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _last_name(name: str) -> str:
    words = re.findall(r"[\w’'-]+", name.lower().replace("’s", "").replace("'s", ""))
    return words[-1] if words else ""


def same_speaker(predicted, gold: str | None, resolved: str | None = None) -> bool:
    """Speakers agree when last names match or one contains the other (case-insensitive)."""
    if predicted is None or pd.isna(predicted) or not isinstance(gold, str):
        return False
    for wanted in (w for w in (gold, resolved) if isinstance(w, str) and w):
        p, g = str(predicted).lower(), wanted.lower()
        if _last_name(p) == _last_name(g) or p in g or g in p:
            return True
    return False


def _same_mention(predicted: pd.Series, gold: pd.Series) -> bool:
    spans = (
        predicted.get("speaker_start"),
        predicted.get("speaker_end"),
        gold.get("speaker_start"),
        gold.get("speaker_end"),
    )
    if any(value is None or pd.isna(value) for value in spans):
        return False
    return _overlap((int(spans[0]), int(spans[1])), (int(spans[2]), int(spans[3]))) > 0


def _prf(n_pred: int, n_gold: int, n_match: int) -> dict:
    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "predicted": n_pred, "gold": n_gold, "matched": n_match}


def attributions(predicted: pd.DataFrame) -> pd.DataFrame:
    """Merge rows that are parts of one attribution, as annotators mark them (discontinuous content is one
    attribution): a quotation continued after its cue ('“A,” she said. “B.”') becomes one span, and
    quoted words inside reported speech with the same cue ('X said Y was “unfair”') count once."""
    merged = []
    for _, rows in predicted.sort_values(["article_id", "start"]).groupby("article_id", sort=False):
        current = None
        for row in rows.to_dict("records"):
            same_cue = current is not None and pd.notna(row["cue_start"]) and row["cue_start"] == current["cue_start"]
            continues = (
                current is not None and row["rule"] == "quote.continues" and row["segment"] == current["segment"]
            )
            inside = current is not None and row["end"] <= current["end"] and same_cue
            if current is not None and (continues or inside or (same_cue and row["segment"] == current["segment"])):
                current["end"] = max(current["end"], row["end"])
                if row["kind"] in QUOTED_KINDS and current["kind"] == "indirect":
                    current["kind"] = "partial"  # reported speech with quoted words: 'mixed' in annotation schemes
                continue
            if current is not None:
                merged.append(current)
            current = dict(row)
        if current is not None:
            merged.append(current)
    return pd.DataFrame(merged, columns=predicted.columns)


def evaluate_quotes(gold: pd.DataFrame, corpus: Corpus, predicted: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return precision, recall and F1 of quote spans, and speaker accuracy on matched pairs.

    Rows: all attributions (scare quotes are not attributions and are left out), and quoted speech only
    (predicted direct/partial against gold direct and mixed), each by union overlap and by gold overlap.
    """
    from kit.quotes import quotes as tag_quotes

    predicted = tag_quotes(corpus) if predicted is None else predicted
    predicted = attributions(predicted[predicted.kind != "scare"])
    gold = gold[gold.article_id.isin(set(corpus.articles.article_id))]
    results = []
    for label, pred_kinds, gold_kinds in (
        ("all attributions", None, None),
        ("direct and partial quotes", QUOTED_KINDS, ("direct", "mixed")),
    ):
        for by in ("union", "gold"):
            totals = {"pred": 0, "gold": 0, "match": 0, "speaker_ok": 0}
            for article_id, gold_rows in gold.groupby("article_id"):
                pred_rows = predicted[predicted.article_id == article_id]
                if pred_kinds:
                    pred_rows = pred_rows[pred_rows.kind.isin(pred_kinds)]
                    gold_rows = gold_rows[gold_rows.kind.isin(gold_kinds)]
                p_spans = list(zip(pred_rows.start.astype(int), pred_rows.end.astype(int), strict=True))
                g_spans = list(zip(gold_rows.start.astype(int), gold_rows.end.astype(int), strict=True))
                pairs = match_spans(p_spans, g_spans, by)
                totals["pred"] += len(p_spans)
                totals["gold"] += len(g_spans)
                totals["match"] += len(pairs)
                for i, j in pairs:
                    g, p = gold_rows.iloc[j], pred_rows.iloc[i]
                    if _same_mention(p, g):  # the same words in the text, though one side resolved a pronoun
                        totals["speaker_ok"] += 1
                        continue
                    totals["speaker_ok"] += same_speaker(
                        pred_rows.speaker.iloc[i], g.get("speaker"), g.get("speaker_resolved")
                    )
            row = {
                "measure": label,
                "overlap": f"≥{MATCH_THRESHOLD} of {by}",
                **_prf(totals["pred"], totals["gold"], totals["match"]),
            }
            row["speaker_accuracy"] = totals["speaker_ok"] / totals["match"] if totals["match"] else 0.0
            results.append(row)
    return pd.DataFrame(results)


def run(task: str, gold_path: str | Path, corpus_path: str | Path | None = None) -> pd.DataFrame:
    """Load the corpus (default: `corpus.jsonl` beside the gold file) and evaluate one task."""
    gold_path = Path(gold_path)
    corpus = load_corpus(corpus_path or gold_path.with_name("corpus.jsonl"))
    if task == "quotes":
        return evaluate_quotes(read_gold(gold_path, "quotes"), corpus)
    if task == "loaded":
        return evaluate_loaded(read_gold(gold_path, "loaded"), corpus)
    if task == "comments":
        return evaluate_comments(read_gold(gold_path, "comments"), corpus)
    if task == "events":
        return evaluate_events(read_gold(gold_path, "events"), corpus)
    raise ValueError(f"unknown task {task!r}; the kit can evaluate: quotes, loaded, comments, events")


LOADED_GOLD_LABELS = ("Loaded_Language", "Name_Calling,Labeling")


def _covered_word_chars(spans: list[tuple[int, int]], text: str) -> set[int]:
    covered = set()
    for start, end in spans:
        for word in re.finditer(r"\w+", text[start:end]):
            covered.update(range(start + word.start(), start + word.end()))
    return covered


def evaluate_loaded(gold: pd.DataFrame, corpus: Corpus, predicted: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return span-level (any overlap) and token-level precision, recall and F1 of loaded-language tags.

    Gold labels `Loaded_Language` and `Name_Calling,Labeling` (the propaganda-technique scheme of Da San
    Martino et al. 2019) are scored against the kit's categories, for three selections of them. The first,
    `language.LOADED_CATEGORIES` (labelling + emotional), is the headline figure: those categories are what
    the scheme calls loaded language and name-calling. The next two count only the tags of high (or high and
    medium) `confidence`, what a view of the confident tags shows. Intensifiers, hedges, factives and loaded
    attribution verbs are stance cues the scheme labels otherwise (exaggeration, doubt) or not at all; the last
    two rows show what counting them too would do.
    """
    from kit.language import LOADED_CATEGORIES, loaded_terms

    predicted = loaded_terms(corpus) if predicted is None else predicted
    gold = gold[gold.label.isin(LOADED_GOLD_LABELS) & gold.article_id.isin(set(corpus.articles.article_id))]
    texts = dict(zip(corpus.articles.article_id, corpus.articles.text, strict=True))
    selections = {
        "labelling + emotional": (LOADED_CATEGORIES, None),
        "labelling + emotional, high confidence": (LOADED_CATEGORIES, ("high",)),
        "labelling + emotional, high or medium": (LOADED_CATEGORIES, ("high", "medium")),
        "+ intensifiers": (("labelling", "emotional", "intensifier"), None),
        "all categories": (None, None),
    }
    results = []
    for label, (categories, confidences) in selections.items():
        chosen = predicted if categories is None else predicted[predicted.category.isin(categories)]
        if confidences is not None and "confidence" in chosen.columns:
            chosen = chosen[chosen.confidence.isin(confidences)]
        span_p = span_r = n_pred = n_gold = 0
        token_pred = token_gold = token_both = 0
        for article_id, text in texts.items():
            p = [(int(a), int(b)) for a, b in chosen.loc[chosen.article_id == article_id, ["start", "end"]].to_numpy()]
            g = [(int(a), int(b)) for a, b in gold.loc[gold.article_id == article_id, ["start", "end"]].to_numpy()]
            n_pred, n_gold = n_pred + len(p), n_gold + len(g)
            span_p += sum(any(_overlap(x, y) for y in g) for x in p)
            span_r += sum(any(_overlap(y, x) for x in p) for y in g)
            cp, cg = _covered_word_chars(p, text), _covered_word_chars(g, text)
            token_pred, token_gold, token_both = token_pred + len(cp), token_gold + len(cg), token_both + len(cp & cg)
        for level, (hit_p, all_p, hit_r, all_r) in {
            "span (any overlap)": (span_p, n_pred, span_r, n_gold),
            "token (characters of words)": (token_both, token_pred, token_both, token_gold),
        }.items():
            precision = hit_p / all_p if all_p else 0.0
            recall = hit_r / all_r if all_r else 0.0
            f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            results.append(
                {
                    "categories": label,
                    "level": level,
                    "precision": precision,
                    "recall": recall,
                    "f1": f1,
                    "predicted": n_pred,
                    "gold": n_gold,
                }
            )
    return pd.DataFrame(results)


def _roc_auc(scores: pd.Series, positive: pd.Series) -> float:
    """ROC-AUC by the rank-sum (Mann-Whitney) formula; ties count half."""
    ranks = scores.rank(method="average")
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if not n_pos or not n_neg:
        return float("nan")
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def evaluate_comments(gold: pd.DataFrame, corpus: Corpus, predicted: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return how well `incivility` ranks annotated comments: ROC-AUC against toxicity >= 2 (of 4) and the
    Spearman correlation with the toxicity level; sentiment is shown beside it as a baseline."""
    from kit.comments import comments

    predicted = comments(corpus) if predicted is None else predicted
    merged = gold.merge(predicted, on=["article_id", "comment_id"], how="inner")
    toxic = merged.toxicity >= 2
    rows = []
    for score, label in (
        (merged.incivility.astype(float), "incivility"),
        (-merged.sentiment.astype(float), "negative sentiment"),
    ):
        rows.append(
            {
                "score": label,
                "roc_auc": _roc_auc(score, toxic),
                "spearman": float(score.rank().corr(merged.toxicity.rank())),
                "comments": len(merged),
                "toxic": int(toxic.sum()),
            }
        )
    return pd.DataFrame(rows)


def _adjusted_rand(labels_true: list, labels_pred: list) -> float:
    """Adjusted Rand index (Hubert and Arabie 1985) from the contingency table."""
    from math import comb

    pairs = Counter(zip(labels_true, labels_pred, strict=True))
    rows, cols = Counter(labels_true), Counter(labels_pred)
    n = len(labels_true)
    index = sum(comb(v, 2) for v in pairs.values())
    expected_rows, expected_cols = sum(comb(v, 2) for v in rows.values()), sum(comb(v, 2) for v in cols.values())
    expected = expected_rows * expected_cols / comb(n, 2) if n > 1 else 0.0
    maximum = (expected_rows + expected_cols) / 2
    return (index - expected) / (maximum - expected) if maximum != expected else 1.0


def evaluate_events(gold: pd.DataFrame, corpus: Corpus, predicted: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the adjusted Rand index and pairwise precision/recall of `kit.events` against gold event groups."""
    from itertools import combinations

    from kit.compare import events

    predicted = events(corpus) if predicted is None else predicted
    merged = gold[["article_id", "event_id"]].merge(
        predicted[["article_id", "event_id"]], on="article_id", suffixes=("_gold", "_kit")
    )
    same_gold = {p for p in combinations(merged.index, 2) if merged.event_id_gold[p[0]] == merged.event_id_gold[p[1]]}
    same_kit = {p for p in combinations(merged.index, 2) if merged.event_id_kit[p[0]] == merged.event_id_kit[p[1]]}
    both = len(same_gold & same_kit)
    precision = both / len(same_kit) if same_kit else 0.0
    recall = both / len(same_gold) if same_gold else 0.0
    return pd.DataFrame(
        [
            {
                "articles": len(merged),
                "gold_events": merged.event_id_gold.nunique(),
                "kit_events": merged.event_id_kit.nunique(),
                "adjusted_rand": round(_adjusted_rand(list(merged.event_id_gold), list(merged.event_id_kit)), 3),
                "pair_precision": round(precision, 3),
                "pair_recall": round(recall, 3),
                "pair_f1": round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
            }
        ]
    )
