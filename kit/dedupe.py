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

import numpy as np
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


class Duplicates:
    """Find each copy of an earlier article as articles arrive one by one (`check`), keeping per article its
    normalised URL, a digest of its body, and for near-identical text a MinHash signature in an LSH index plus
    its shingles as sorted 64-bit hashes for the exact check (8 bytes per word of the body): far less than the
    text itself.

    `find_duplicates` runs it over a whole table; `kit.load.iter_corpus` over a stream of chunks, so a copy is
    found however far apart the two arrive.

    >>> seen = Duplicates()
    >>> seen.check("a", "http://x.org/1", "the council voted on the budget for schools on monday night")
    >>> seen.check("b", "https://www.x.org/1/", "another text")
    ('a', 'url', 1.0)
    """

    def __init__(self, threshold: float = THRESHOLD):
        from datasketch import MinHash, MinHashLSH

        self.threshold = threshold
        self.template = MinHash(num_perm=NUM_PERM, seed=1)  # one set of permutations for every signature
        self.first_url: dict[str, str] = {}
        self.first_text: dict[str, str] = {}
        # candidates from a looser LSH threshold, so that pairs just above `threshold` are not lost to the
        # estimate's variance; each candidate is then checked on the exact shingle sets
        self.lsh = MinHashLSH(threshold=max(0.5, threshold - 0.2), num_perm=NUM_PERM)
        self.hashed: dict[str, np.ndarray] = {}
        self.order: dict[str, int] = {}
        self.outlets: dict[str, str | None] = {}  # each article's outlet, kept by `kit.load` as it checks them

    def check(self, article_id: str, url: str | None, body: str) -> tuple[str, str, float] | None:
        """Return `(duplicate_of, how, similarity)` if this article copies an earlier one, else None (and
        remember it as a possible original)."""
        from datasketch import MinHash

        self.order.setdefault(article_id, len(self.order))
        key = normal_url(None if url is None or pd.isna(url) else url)
        if key is not None:
            if key in self.first_url:
                return self.first_url[key], "url", 1.0
            self.first_url[key] = article_id
        words = WORD.findall(body.lower())
        if not words:
            return None
        digest = hashlib.blake2b(" ".join(words).encode(), digest_size=16).hexdigest()
        if digest in self.first_text:
            return self.first_text[digest], "text", 1.0
        self.first_text[digest] = article_id
        if len(words) < SHINGLE:
            return None
        shingles = _shingles(words)
        hashed = np.unique(np.fromiter(map(_hash64, shingles), dtype=np.uint64, count=len(shingles)))
        # the signature hashes the shingles' own 64-bit hashes (their low 32 bits): each shingle is hashed once
        minhash = MinHash(
            num_perm=NUM_PERM, permutations=self.template.permutations, scheme=self.template.scheme, hashfunc=int
        )
        minhash.update_batch((hashed & np.uint64(0xFFFFFFFF)).tolist())
        for other in sorted(self.lsh.query(minhash), key=self.order.get):
            shared = len(np.intersect1d(hashed, self.hashed[other], assume_unique=True))
            similarity = shared / (len(hashed) + len(self.hashed[other]) - shared)
            if similarity >= self.threshold:
                return other, "near", round(similarity, 3)
        self.lsh.insert(article_id, minhash)
        self.hashed[article_id] = hashed
        return None


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


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
    seen = Duplicates(threshold)
    urls = articles["url"] if "url" in articles else pd.Series([None] * len(articles))
    rows = []
    for article_id, url in zip(articles["article_id"], urls, strict=True):
        found = seen.check(article_id, url, bodies.get(article_id, ""))
        if found:
            rows.append({"article_id": article_id, "duplicate_of": found[0], "how": found[1], "similarity": found[2]})
    return pd.DataFrame(rows, columns=["article_id", "duplicate_of", "how", "similarity"])
