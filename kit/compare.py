"""Cross-outlet lens: which articles report the same event, who copies whom, what each includes or leaves out,
and which words set outlets apart.

Everything here stays near-linear in the number of articles: candidate pairs come from an inverted index of
each article's most distinctive words (events) and from MinHash locality-sensitive hashing of paragraph
shingles (text reuse, with datasketch); exact comparison runs only on candidates.
"""

from __future__ import annotations

import math
import re
import sys
from array import array
from collections import Counter, defaultdict
from difflib import SequenceMatcher

import pandas as pd

from kit import schema
from kit.load import Corpus
from kit.vectors import WORD, cosines, tfidf
from kit.vectors import words as tokenize

EVENT_SIMILARITY = 0.1  # tf-idf cosine from which two articles are read as reports of the same event
EVENT_MAX_DAYS = 3  # printed dates further apart than this never join one event
EVENT_DAY_WEIGHT = 1.0  # similarity is divided by 1 + this × the days between two printed dates
EXHAUSTIVE_UP_TO = 400  # articles: below this every pair is compared
MAX_CANDIDATES = 20  # above it, each article is compared with this many likely partners at most
QUOTE_BONUS = 0.05  # similarity added per shared run of quoted words (at most two)
QUOTE_GRAM = 3  # words per run of quoted words compared across articles
QUOTE_GRAM_MAX_ARTICLES = 3  # a run quoted in more articles than this (and than the share below) is a stock phrase
QUOTE_GRAM_MAX_SHARE = 0.02
KEY_TERMS = 12  # distinctive words per article used to find candidate pairs
SHINGLE = 5  # words per shingle for text reuse
MIN_REUSED_WORDS = 12  # a shared passage shorter than this is a phrase, not reuse


def _body_text(corpus: Corpus) -> dict[str, str]:
    body = corpus.segments[corpus.segments.kind == "body"]
    texts = {aid: "\n\n".join(group.sort_values("start").segment_text) for aid, group in body.groupby("article_id")}
    return {aid: texts.get(aid, "") for aid in corpus.articles.article_id}


# ---- events ----------------------------------------------------------------------------------------
def events(
    corpus: Corpus,
    threshold: float = EVENT_SIMILARITY,
    max_days: int = EVENT_MAX_DAYS,
    quotes_table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Group articles that report the same event, and say why.

    Articles are compared by the tf-idf cosine of headline and body, plus a bonus for each quoted statement
    both articles carry (the same quoted words are strong evidence of one event). Dates weigh in as well:
    reports of one event appear within a day or two, while the same topic returns days later with a new
    event (a law takes effect, then the president responds to it), so the similarity of two articles is
    divided by 1 + the number of days between their printed (or catalog) dates, and pairs more than
    `max_days` apart never link. Groups grow by average linkage: the most similar pairs first, and two groups
    join only when their members are on average at least `threshold` similar, so one loose link cannot chain
    two stories together. Small corpora compare every pair; large ones only pairs on close dates that share a
    distinctive word or a quoted phrase, so the work grows with the corpus, not its square.

    Returns
    -------
    DataFrame
        Columns `schema.EVENT_COLUMNS`: one row per article; `event_id` is shared by the articles of one event;
        `reason` names the closest partner, the similarity, the shared distinctive words and quotations.
    """
    articles = corpus.articles
    bodies = _body_text(corpus)
    docs = {}
    for row in articles.itertuples(index=False):
        text = f"{row.title if pd.notna(row.title) else ''}\n{bodies[row.article_id]}"
        docs[row.article_id] = tokenize(text) + _name_terms(text)
    vectors = tfidf(docs)
    keys = {aid: sorted(vec, key=vec.get, reverse=True)[:KEY_TERMS] for aid, vec in vectors.items()}
    quoted = _quoted_grams(corpus, quotes_table)
    dates = {
        row.article_id: pd.to_datetime(row.date) if pd.notna(row.date) else None
        for row in articles.itertuples(index=False)
    }
    similar, shared_quotes = {}, {}
    pairs = []
    for a, b in sorted(_candidate_pairs(sorted(docs), keys, quoted, dates, max_days, vectors)):
        days = _days_apart(dates[a], dates[b])
        if days is None or days <= max_days:
            pairs.append((a, b))
    for (a, b), cosine in zip(pairs, cosines(vectors, pairs), strict=True):
        days = _days_apart(dates[a], dates[b])
        common = len(quoted.get(a, set()) & quoted.get(b, set()))
        shared_quotes[(a, b)] = common
        similarity = cosine + QUOTE_BONUS * min(common, 2)
        similar[(a, b)] = similarity / (1 + EVENT_DAY_WEIGHT * (days or 0))
    group = {aid: [aid] for aid in docs}
    best: dict[str, tuple[float, str]] = {}
    # ties in order of the pair's ids, so that the grouping is the same in every Python process
    for (a, b), similarity in sorted(similar.items(), key=lambda kv: (-kv[1], kv[0])):
        if similarity < threshold:
            break
        for x, y in ((a, b), (b, a)):
            if similarity > best.get(x, (0.0, ""))[0]:
                best[x] = (similarity, y)
        ga, gb = group[a], group[b]
        if ga is gb:
            continue
        average = sum(similar.get((x, y) if x < y else (y, x), 0.0) for x in ga for y in gb) / (len(ga) * len(gb))
        if average >= threshold:
            merged = ga + gb
            for member in merged:
                group[member] = merged
    rows = []
    clusters = {id(g): g for g in group.values()}.values()
    for number, members in enumerate(sorted(clusters, key=lambda m: sorted(m)[0]), start=1):
        for aid in sorted(members):
            rows.append(
                {
                    "article_id": aid,
                    "event_id": f"event-{number:03d}",
                    "n_articles": len(members),
                    "rule": "event.average_link",
                    "reason": _event_reason(aid, members, best, vectors, dates, shared_quotes, threshold),
                }
            )
    return schema.table(rows, schema.EVENT_COLUMNS)


# a capitalised word with a lowercase letter: 'Texas', 'McConnell', "O'Brien", 'Al-Qaeda'; never 'US' or the
# possessive "'s"
_NAME_WORD = r"[A-Z](?:[a-z]|[A-Z](?=[a-z])|['’-](?=[A-Z]))*[a-z]"
# a run of them inside a sentence: not after . ! ? or at a line start
_NAME_RUN = re.compile(rf"(?<![.!?]\s)(?<!^)\b{_NAME_WORD}(?:\s+{_NAME_WORD})*", re.MULTILINE)


def _name_terms(text: str) -> list[str]:
    """Capitalised runs inside sentences ('Texas', 'Joe Biden') as extra terms: the people, places and bodies
    an event involves tell events apart better than their common words (adjusted Rand on AllSides story
    groups: 0.79 with words only, 0.82 with names added).

    >>> _name_terms("Talks resumed when Sen. Mitch McConnell met Joe Biden's envoy in Al-Qaeda's old base.")
    ['name:sen', 'name:mcconnell', 'name:joe biden', 'name:al-qaeda']
    """
    return ["name:" + found.group(0).lower() for found in _NAME_RUN.finditer(text)]


def _days_apart(a: pd.Timestamp | None, b: pd.Timestamp | None) -> int | None:
    """Whole days between two dates, or None when either is unknown."""
    return None if a is None or b is None else abs((a - b).days)


def _candidate_pairs(
    ids: list[str],
    keys: dict[str, list[str]],
    quoted: dict[str, set[str]],
    dates: dict[str, pd.Timestamp | None] | None = None,
    max_days: int = EVENT_MAX_DAYS,
    vectors: dict[str, dict[str, float]] | None = None,
) -> set[tuple[str, str]]:
    """Pairs worth comparing: every pair in a small corpus; in a large one, for each article the
    `MAX_CANDIDATES` articles within `max_days` that contain most of its distinctive words (anywhere in their
    `vectors`, not only among their own distinctive words: a word central to one report of an event may be
    secondary in another) and share its quoted phrases. The work grows with the number of articles, not with
    its square, and no candidate place goes to an article from another week."""
    if len(ids) <= EXHAUSTIVE_UP_TO:
        return {(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]}
    dates = dates or {}
    terms = vectors if vectors is not None else {aid: dict.fromkeys(words) for aid, words in keys.items()}
    wanted = {word for words in keys.values() for word in words}  # only words some article looks up
    index: dict[str, list[str]] = defaultdict(list)
    for aid, vector in terms.items():
        for word in vector:
            if word in wanted:
                index[f"w:{word}"].append(aid)
    for aid, grams in quoted.items():
        for gram in grams:
            index[f"q:{gram}"].append(aid)
    # dates as nanoseconds: `_days_apart` on integers, a million times cheaper than on timestamps
    ns = {aid: None if date is None or pd.isna(date) else date.value for aid, date in dates.items()}
    day = 86_400 * 10**9
    pairs = set()
    for aid in ids:
        mine = ns.get(aid)
        shared = Counter(
            other
            for key in [f"w:{w}" for w in keys[aid]] + [f"q:{g}" for g in sorted(quoted.get(aid, ()))]
            if len(index[key]) <= 200
            for other in index[key]
            if other != aid and (mine is None or ns.get(other) is None or abs((mine - ns[other]) // day) <= max_days)
        )
        pairs |= {(aid, other) if aid < other else (other, aid) for other, _ in shared.most_common(MAX_CANDIDATES)}
    return pairs


def _event_reason(aid, members, best, vectors, dates, shared_quotes, threshold) -> str:
    partner = best.get(aid)
    if len(members) == 1 or not partner:
        return f"no other article is similar enough (similarity below {threshold}) on close dates"
    similarity, other = partner
    # the words that add most to the cosine: weighty in both articles, so both sides of the reason agree
    both = sorted((w for w in vectors[aid] if w in vectors[other]), key=lambda w: -vectors[aid][w] * vectors[other][w])
    shared = list(dict.fromkeys(w.removeprefix("name:") for w in both))[:5]
    reason = (
        f"reports the same event as {other}: similarity {similarity:.2f} (from {threshold}); "
        f"shared distinctive words: {', '.join(shared) or 'none'}"
    )
    common = shared_quotes.get((aid, other) if aid < other else (other, aid))
    if common:
        reason += f"; both quote the same words ({common} runs of {QUOTE_GRAM} words)"
    days = _days_apart(dates[aid], dates[other])
    if days == 0:
        reason += "; same date"
    elif days is not None:
        divisor = 1 + EVENT_DAY_WEIGHT * days
        reason += f"; dates {days} day{'s' if days > 1 else ''} apart, so the similarity was divided by {divisor:g}"
    return reason


def _quoted_grams(corpus: Corpus, quotes_table: pd.DataFrame | None = None) -> dict[str, set[str]]:
    """Runs of `QUOTE_GRAM` words inside each article's quotations: the same quoted words in two articles."""
    from kit.quotes import quotes

    tags = quotes(corpus) if quotes_table is None else quotes_table
    tags = tags[tags.kind.isin(["direct", "partial", "unclosed"])]
    grams: dict[str, set[str]] = defaultdict(set)
    for row in tags.itertuples(index=False):
        words = tokenize(row.quote)
        for i in range(len(words) - QUOTE_GRAM + 1):
            grams[row.article_id].add(" ".join(words[i : i + QUOTE_GRAM]))
    # a run quoted in many articles is a stock phrase ('the united states'), not a shared statement
    frequency = Counter(gram for found in grams.values() for gram in found)
    limit = max(QUOTE_GRAM_MAX_ARTICLES, QUOTE_GRAM_MAX_SHARE * len(corpus.articles))
    return {aid: {g for g in found if frequency[g] <= limit} for aid, found in grams.items()}


# ---- text reuse ------------------------------------------------------------------------------------
def _word_spans(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [
        (start + m.start(), start + m.end(), m.group(0).lower().replace("’", "'"))
        for m in WORD.finditer(text[start:end])
    ]


def reuse(corpus: Corpus, threshold: float = 0.3, num_perm: int = 128) -> pd.DataFrame:
    """Find passages two articles share: self-reuse, wire copy, press releases, quotes copied with or without credit.

    Each body paragraph becomes a set of word 5-grams; MinHash signatures in a locality-sensitive hashing
    index (datasketch) propose article pairs whose paragraphs overlap; only those pairs are aligned word by word
    (difflib), and runs of at least `MIN_REUSED_WORDS` matching words become rows.

    Returns
    -------
    DataFrame
        Columns `schema.REUSE_COLUMNS`: one row per shared passage, with offsets into each article's text
        (`text_a[a_start:a_end]`), its length in words and the similarity of the two passages.
    """
    from datasketch import LeanMinHash, MinHash, MinHashLSH

    texts = dict(zip(corpus.articles.article_id, corpus.articles.text, strict=True))
    body = corpus.segments[corpus.segments.kind == "body"].sort_values(["article_id", "start"])
    # per article: word starts, ends and forms in parallel compact arrays (a tuple per word costs ten times the
    # memory), and for each word the length in words of its paragraph
    words: dict[str, tuple[array, array, list[str]]] = {}
    paragraph_words: dict[str, array] = {}
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    template = MinHash(num_perm=num_perm)  # one set of permutations, shared by every paragraph's signature
    signatures = []
    for segment in body.itertuples(index=False):
        spans = _word_spans(texts[segment.article_id], int(segment.start), int(segment.end))
        starts, ends, forms = words.setdefault(segment.article_id, (array("q"), array("q"), []))
        starts.extend(s for s, _, _ in spans)
        ends.extend(e for _, e, _ in spans)
        forms.extend(sys.intern(w) for _, _, w in spans)
        paragraph_words.setdefault(segment.article_id, array("q")).extend([len(spans)] * len(spans))
        grams = {" ".join(w for _, _, w in spans[i : i + SHINGLE]) for i in range(len(spans) - SHINGLE + 1)}
        if len(grams) < 3:
            continue
        signature = MinHash(num_perm=num_perm, permutations=template.permutations, scheme=template.scheme)
        signature.update_batch([g.encode("utf-8") for g in grams])
        signature = LeanMinHash(signature)  # keeps the hash values only, not a copy of the permutations
        key = f"{segment.article_id}\t{segment.segment_id}"
        signatures.append((key, signature))
    with lsh.insertion_session() as session:
        for key, signature in signatures:
            session.insert(key, signature)
    candidates = set()
    for key, signature in signatures:
        own = key.split("\t")[0]
        for other in lsh.query(signature):
            other_article = other.split("\t")[0]
            if other_article != own:
                candidates.add(tuple(sorted((own, other_article))))
    rows = []
    for a, b in sorted(candidates):
        (a_starts, a_ends, a_forms), (b_starts, b_ends, b_forms) = words[a], words[b]
        matcher = SequenceMatcher(None, a_forms, b_forms, autojunk=False)
        for block in matcher.get_matching_blocks():
            if block.size < MIN_REUSED_WORDS:
                continue
            a_start, a_end = a_starts[block.a], a_ends[block.a + block.size - 1]
            b_start, b_end = b_starts[block.b], b_ends[block.b + block.size - 1]
            rows.append(
                {
                    "article_a": a,
                    "article_b": b,
                    "a_start": a_start,
                    "a_end": a_end,
                    "b_start": b_start,
                    "b_end": b_end,
                    "n_words": block.size,
                    "similarity": round(
                        min(1.0, block.size / max(paragraph_words[a][block.a], paragraph_words[b][block.b])), 3
                    ),
                    "passage": texts[a][a_start:a_end],
                    "rule": "reuse.minhash_align",
                    "reason": f"{block.size} words in the same order in both articles (found by MinHash of "
                    f"{SHINGLE}-word shingles, then aligned word by word); similarity = share of the longer paragraph",
                }
            )
    table = schema.table(rows, schema.REUSE_COLUMNS)
    return table.sort_values(["article_a", "article_b", "a_start"], kind="stable").reset_index(drop=True)


def reuse_pairs(reuse_rows: pd.DataFrame, corpus: Corpus) -> pd.DataFrame:
    """Summarise reuse per article pair: passages, words shared, and the share of each body they make up."""
    words = corpus.articles.set_index("article_id").n_words
    if reuse_rows.empty:
        return pd.DataFrame(columns=["article_a", "article_b", "n_passages", "n_words", "share_of_a", "share_of_b"])
    pairs = reuse_rows.groupby(["article_a", "article_b"]).agg(
        n_passages=("n_words", "size"), n_words=("n_words", "sum")
    )
    pairs = pairs.reset_index()
    pairs["share_of_a"] = (pairs.n_words / pairs.article_a.map(words).clip(lower=1)).round(3)
    pairs["share_of_b"] = (pairs.n_words / pairs.article_b.map(words).clip(lower=1)).round(3)
    return pairs.sort_values("n_words", ascending=False).reset_index(drop=True)


# ---- distinctive vocabulary ------------------------------------------------------------------------
def distinctive_words(
    corpus: Corpus, group_a: list[str], group_b: list[str], prior_scale: float = 0.01, min_count: int = 2
) -> pd.DataFrame:
    """Weighted log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008,
    'Fightin' Words'): which words set the bodies of articles `group_a` apart from those of `group_b`.

    The prior is the word's frequency in the whole corpus (scaled by `prior_scale`), which shrinks rare words
    towards zero; `z` is the log-odds difference over its standard deviation, so |z| > 1.96 marks a difference
    unlikely to be noise at the 5% level (for one word; with many words, expect a few by chance).

    Returns
    -------
    DataFrame
        One row per word: `word, count_a, count_b, frequency, log_odds, z`, sorted by `z`.
    """
    bodies = _body_text(corpus)
    counts_a = Counter(w for aid in group_a for w in tokenize(bodies.get(aid, "")))
    counts_b = Counter(w for aid in group_b for w in tokenize(bodies.get(aid, "")))
    background = Counter(w for text in bodies.values() for w in tokenize(text))
    total_background = sum(background.values()) or 1
    alpha0 = prior_scale * total_background
    n_a, n_b = sum(counts_a.values()), sum(counts_b.values())
    rows = []
    for word in set(counts_a) | set(counts_b):
        ya, yb = counts_a.get(word, 0), counts_b.get(word, 0)
        if ya + yb < min_count:
            continue
        alpha = alpha0 * background[word] / total_background
        delta = math.log((ya + alpha) / (n_a + alpha0 - ya - alpha)) - math.log(
            (yb + alpha) / (n_b + alpha0 - yb - alpha)
        )
        variance = 1 / (ya + alpha) + 1 / (yb + alpha)
        rows.append(
            {
                "word": word,
                "count_a": ya,
                "count_b": yb,
                "frequency": ya + yb,
                "log_odds": round(delta, 4),
                "z": round(delta / math.sqrt(variance), 3),
            }
        )
    table = pd.DataFrame(rows, columns=["word", "count_a", "count_b", "frequency", "log_odds", "z"])
    return table.sort_values("z", ascending=False, kind="stable").reset_index(drop=True)


def _fold(word: str) -> str:
    """A name without accents, so 'Muñoz' and 'Munoz' are one item."""
    import unicodedata

    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode() or word


# ---- include / omit --------------------------------------------------------------------------------
def include_omit(corpus: Corpus, article_ids: list[str], quotes_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return what each article of an event includes or leaves out: sources quoted, numbers, named actors.

    One row per item, one column per article: `✓` where the article has it, `—` where it does not.
    """
    from kit.naming import naming
    from kit.quotes import quotes

    tags = quotes(corpus) if quotes_table is None else quotes_table
    bodies = _body_text(corpus)
    subset = corpus.articles[corpus.articles.article_id.isin(article_ids)]
    names = naming(corpus, tags)
    items: dict[tuple[str, str], set[str]] = defaultdict(set)
    for aid in subset.article_id:
        for speaker in tags.loc[(tags.article_id == aid) & tags.kind.ne("scare"), "speaker"].dropna():
            items[("source quoted", _fold(speaker.split()[-1]))].add(aid)
        for number in re.findall(r"\$?\d[\d,.]*(?:\s*%|\s+per ?cent)?", bodies[aid]):
            if len(number.strip()) > 1:
                items[("number", number.strip().rstrip(".,"))].add(aid)
        mine = names[names.article_id == aid]
        for row in mine.itertuples(index=False):
            core = row.actor.removesuffix(" government")
            if row.rule == "naming.government" or len(core.split()) >= 2:  # a person needs a full name somewhere
                items[("named actor", _fold(core.split()[-1]))].add(aid)
    rows = []
    for (kind, item), present in sorted(items.items(), key=lambda kv: (kv[0][0], -len(kv[1]), kv[0][1])):
        rows.append({"kind": kind, "item": item, **{aid: "✓" if aid in present else "—" for aid in subset.article_id}})
    return pd.DataFrame(rows)


# ---- outlet profiles -------------------------------------------------------------------------------
def outlet_profiles(corpus: Corpus) -> pd.DataFrame:
    """Return one row per outlet combining the lenses, normalised by length, with intervals where samples are small.

    Columns: articles, body words, quotes per 1,000 words, share of the body in quoted or reported words, the
    most quoted kind of source, loaded terms per 1,000 words in the writer's voice and in quoted voices (with a
    Poisson 95% interval on the writer's rate), the most used frame, mean Flesch-Kincaid grade, the share of
    the body shared with other articles (reuse), and the comment sections seen.
    """
    from kit.frames import frames
    from kit.language import loaded_terms, readability
    from kit.quotes import quotes, sources

    tags = quotes(corpus)
    speakers = sources(corpus, tags)
    loaded = loaded_terms(corpus, tags)
    frame_rows = frames(corpus)
    grades = readability(corpus).set_index("article_id").flesch_kincaid_grade
    reused = reuse(corpus)
    rows = []
    for outlet, group in corpus.articles.groupby(corpus.articles.outlet.fillna("unknown outlet"), sort=True):
        ids = set(group.article_id)
        words = int(group.n_words.sum()) or 1
        per_k = 1000 / words
        mine = loaded[loaded.article_id.isin(ids)]
        writer = int((mine.voice == "writer").sum())
        low, high = _poisson_interval(writer)
        voices = speakers[speakers.article_id.isin(ids)]
        top_group = voices.groupby("source_group").share_of_body.sum().sort_values(ascending=False)
        primary = frame_rows[frame_rows.article_id.isin(ids) & frame_rows.is_primary & frame_rows.frame.ne("other")]
        shared_words = sum(int(r.n_words) for r in reused.itertuples() if r.article_a in ids or r.article_b in ids)
        rows.append(
            {
                "outlet": outlet,
                "articles": len(ids),
                "body_words": words,
                "quotes_per_1000_words": round(len(tags[tags.article_id.isin(ids) & tags.kind.ne("scare")]) * per_k, 1),
                "share_quoted_or_reported": round(float(voices.share_of_body.astype(float).sum()) / len(ids), 3),
                "most_quoted_sources": top_group.index[0] if len(top_group) else None,
                "loaded_writer_per_1000": round(writer * per_k, 1),
                "loaded_writer_interval": f"{low * per_k:.1f}–{high * per_k:.1f}",
                "loaded_quoted_per_1000": round(int((mine.voice == "quoted").sum()) * per_k, 1),
                "main_frame": primary.frame.mode().iloc[0] if len(primary) else None,
                "grade_level": round(float(grades.reindex(list(ids)).mean()), 1),
                "share_reused": round(min(1.0, shared_words / words), 3),
                "comment_sections": ", ".join(f"{s} ×{n}" for s, n in group.comments_status.value_counts().items()),
                "warning": f"{len(ids)} article{'s' if len(ids) > 1 else ''}: says nothing about this outlet in general"
                if len(ids) < 10
                else None,
            }
        )
    return pd.DataFrame(rows)


def _poisson_interval(count: int, z: float = 1.96) -> tuple[float, float]:
    """Approximate 95% interval for a Poisson count (Wilson and Hilferty 1931; close to the exact interval
    even for small counts).

    >>> [round(x, 1) for x in _poisson_interval(4)]
    [1.1, 10.2]
    """
    low = 0.0 if count == 0 else count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    k = count + 1
    return max(0.0, low), k * (1 - 1 / (9 * k) + z / (3 * math.sqrt(k))) ** 3
