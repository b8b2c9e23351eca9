"""Duplicate articles in a corpus: the same URL twice, or the same text under two ids.

News-research exports often hold one story several times: collected twice, updated in place, or syndicated.
`find_duplicates` pairs each later copy with the first one:

- `url`: the same address once scheme, `www.`, trailing slash, fragment and tracking parameters (`utm_*`,
  `fbclid`, ...) are ignored;
- `text`: body words identical after lower-casing and collapsing whitespace;
- `near`: Jaccard similarity of the bodies' 5-word shingles at least `threshold` (0.9 by default), found with
  MinHash LSH (datasketch) so that the cost grows with the corpus, not with its square, then checked exactly.

`load_corpus(dedupe=...)` decides what to do with them: the same URL, or the same text from the same outlet
(or an unknown one), is one article loaded twice, so the later copy is dropped and reported; near-identical
text from *different* outlets is kept and reported, because that is syndication, which the cross-outlet lens
(`kit.reuse`) is there to study.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pandas as pd

from kit.vectors import WORD

THRESHOLD = 0.9
SHINGLE = 5
NUM_PERM = 64
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|ocid)$", re.IGNORECASE)


def normal_url(url: str | None) -> str | None:
    """Return `url` without scheme, `www.`, fragment, trailing slash and tracking parameters; None if empty.

    >>> normal_url("https://www.example.org/news/story/?utm_source=x&id=3#top")
    'example.org/news/story?id=3'
    """
    if not url or not str(url).strip():
        return None
    parts = urlsplit(str(url).strip())
    if not parts.netloc:
        return str(url).strip().lower()
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)))
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{query}" if query else "")


def _shingles(words: list[str]) -> set[str]:
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def find_duplicates(articles: pd.DataFrame, bodies: dict[str, str], threshold: float = THRESHOLD) -> pd.DataFrame:
    """Return `article_id, duplicate_of, how, similarity` for every later copy of an earlier article.

    `articles` gives the order (the first seen is the original) and `url`; `bodies` maps article ids to the
    text compared (the body, without page furniture). Each copy is reported once, against its earliest match.

    >>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "url": ["http://x.org/1", "https://x.org/1/", None]})
    >>> body = "the council voted on the new budget for schools and roads on monday night"
    >>> find_duplicates(arts, {"a": body, "b": "other", "c": body.upper()})[["article_id", "duplicate_of", "how"]]
      article_id duplicate_of   how
    0          b            a   url
    1          c            a  text
    """
    from datasketch import MinHash, MinHashLSH

    ids = list(articles["article_id"])
    found: dict[str, tuple[str, str, float]] = {}
    first_url: dict[str, str] = {}
    for article_id, url in zip(ids, articles.get("url", pd.Series([None] * len(ids))), strict=True):
        key = normal_url(None if pd.isna(url) else url)
        if key is None:
            continue
        if key in first_url:
            found[article_id] = (first_url[key], "url", 1.0)
        else:
            first_url[key] = article_id
    words = {article_id: WORD.findall(bodies.get(article_id, "").lower()) for article_id in ids}
    first_text: dict[str, str] = {}
    for article_id in ids:
        if article_id in found or not words[article_id]:
            continue
        digest = hashlib.blake2b(" ".join(words[article_id]).encode(), digest_size=16).hexdigest()
        if digest in first_text:
            found[article_id] = (first_text[digest], "text", 1.0)
        else:
            first_text[digest] = article_id
    candidates = [a for a in ids if a not in found and len(words[a]) >= SHINGLE]
    if len(candidates) > 1:
        shingles = {a: _shingles(words[a]) for a in candidates}
        hashes = MinHash.bulk([[s.encode() for s in shingles[a]] for a in candidates], num_perm=NUM_PERM, seed=1)
        # candidates from a looser LSH threshold, so that pairs just above `threshold` are not lost to the
        # estimate's variance; each candidate is then checked on the exact shingle sets
        lsh = MinHashLSH(threshold=max(0.5, threshold - 0.2), num_perm=NUM_PERM)
        order = {a: i for i, a in enumerate(ids)}
        for article_id, minhash in zip(candidates, hashes, strict=True):
            earlier = sorted(lsh.query(minhash), key=order.get)
            for other in earlier:
                a, b = shingles[article_id], shingles[other]
                similarity = len(a & b) / len(a | b)
                if similarity >= threshold:
                    found[article_id] = (other, "near", round(similarity, 3))
                    break
            else:
                lsh.insert(article_id, minhash)
    rows = [
        {"article_id": a, "duplicate_of": original, "how": how, "similarity": similarity}
        for a in ids
        if a in found
        for original, how, similarity in [found[a]]
    ]
    return pd.DataFrame(rows, columns=["article_id", "duplicate_of", "how", "similarity"])
