"""Word vectors shared by the lenses that compare texts (comment relevance, same-event grouping).

Plain tf-idf with sublinear term frequency, kept small and dependency-free so it runs anywhere and is easy to
explain: a word counts for more when it is frequent in a text and rare across the collection.
"""

from __future__ import annotations

import math
import re
from collections import Counter

WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w’'-]*")  # a word: a letter, then letters, digits, ' or -


def words(text: str) -> list[str]:
    """Return the lowercase words of `text` (letters first; apostrophes and hyphens kept inside).

    >>> words("The U.S. team’s plan")
    ['the', 'u', 's', "team's", 'plan']
    """
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


def tfidf(docs: dict, min_length: int = 3, sublinear: bool = True, idf_offset: float = 0.0) -> dict:
    """Return a unit-length tf-idf vector per document.

    Weight: tf × (log((n + 1) / (df + 1)) + `idf_offset`), with tf = 1 + log(count) when `sublinear`, else the
    raw count. Event grouping uses the defaults (words in every article weigh nothing); comment relevance uses
    raw counts and an offset of 1 (smoothed idf), so words shared by article and comment still count in a
    small collection. Words shorter than `min_length` letters are left out.
    """
    df = Counter(w for tokens in docs.values() for w in set(tokens))
    n = len(docs)
    vectors = {}
    for key, tokens in docs.items():
        counts = Counter(w for w in tokens if len(w) >= min_length)
        vector = {
            w: ((1 + math.log(c)) if sublinear else c) * (math.log((n + 1) / (df[w] + 1)) + idf_offset)
            for w, c in counts.items()
        }
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors[key] = {w: v / norm for w, v in vector.items() if v > 0}
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Cosine similarity of two unit-length sparse vectors (0: no shared weighted word, 1: the same)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())


def cosines(vectors: dict[str, dict[str, float]], pairs: list[tuple[str, str]], block: int = 20_000) -> list[float]:
    """`cosine` of many pairs at once, as sparse matrix products (numpy and scipy), a block of pairs at a time.

    >>> vectors = {"a": {"x": 0.6, "y": 0.8}, "b": {"x": 1.0}, "c": {"z": 1.0}}
    >>> [round(value, 6) for value in cosines(vectors, [("a", "b"), ("a", "c")])]
    [0.6, 0.0]
    """
    import numpy as np
    from scipy.sparse import csr_matrix

    if not pairs:
        return []
    ids = sorted({aid for pair in pairs for aid in pair})
    row_of = {aid: i for i, aid in enumerate(ids)}
    columns: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for aid in ids:
        for word, weight in vectors[aid].items():
            indices.append(columns.setdefault(word, len(columns)))
            data.append(weight)
        indptr.append(len(indices))
    matrix = csr_matrix((np.array(data), np.array(indices), np.array(indptr)), shape=(len(ids), len(columns)))
    result: list[float] = []
    for begin in range(0, len(pairs), block):
        part = pairs[begin : begin + block]
        left = matrix[[row_of[a] for a, _ in part]]
        right = matrix[[row_of[b] for _, b in part]]
        result += np.asarray(left.multiply(right).sum(axis=1)).ravel().tolist()
    return result
