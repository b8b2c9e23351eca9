"""Column lists of every table the kit returns, and one function that checks them.

Every tag table follows one contract: `article_id, start, end` index `articles.text` (0-based,
end-exclusive Python string offsets), so `text[start:end]` is exactly the tagged text.
Changing a list here is deliberate: update the golden tables and say so in the changelog.
"""

from __future__ import annotations

import pandas as pd

ARTICLE_COLUMNS = [
    "article_id",
    "source_file",
    "record",
    "outlet",
    "outlet_type",
    "title",
    "author",
    "date",
    "date_source",
    "url",
    "wire_credit",
    "n_words",
    "n_chars",
    "comments_status",
    "n_comments",
    "n_comments_claimed",
    "language",
    "language_detail",
    "duplicate_of",
    "encoding",
    "text",
]
"""`corpus.articles`: one row per article. `text` is the string every offset points into;
`date` is ISO `YYYY-MM-DD` where printed (or given), `date_source` says where it came from;
`n_words` counts body words only; `n_comments_claimed` is the count a thread header announces;
`language` is the body's ISO 639-1 code, `mixed` or `und` (see `kit.lang_id`); `duplicate_of` names an
earlier article with near-identical text from another outlet (see `kit.dedupe`)."""

SEGMENT_COLUMNS = ["article_id", "segment_id", "kind", "start", "end", "segment_text", "rule", "reason"]
"""`corpus.segments`: the anatomy of each page. Segments never overlap, are sorted by `start`,
and together cover every non-whitespace character of the text."""

SEGMENT_KINDS = [
    "headline",
    "byline",
    "dateline",
    "body",
    "caption",
    "bio",
    "boilerplate",
    "comments_header",
    "comment",
    "comment_form",
]
"""Segment kinds in reading order. `body` is the article proper; every lens tags only body
(and comment) segments."""

SEGMENT_GROUPS = {
    "headline": "article",
    "byline": "article",
    "dateline": "article",
    "body": "article",
    "caption": "article",
    "bio": "furniture",
    "boilerplate": "furniture",
    "comments_header": "comments",
    "comment": "comments",
    "comment_form": "comments",
}
"""Each kind's share of the page: the article package, page furniture, or the comment section."""

COMMENTS_STATUSES = ["open", "closed", "form_only", "offsite", "none"]
"""`articles.comments_status`: comments shown; a closed notice; a reply form but no comments;
a link to comment on another platform; no sign of a comment section."""

QUOTE_COLUMNS = [
    "article_id",
    "quote_id",
    "start",
    "end",
    "quote",
    "kind",
    "speaker",
    "speaker_type",
    "speaker_start",
    "speaker_end",
    "cue",
    "cue_start",
    "cue_end",
    "via",
    "segment",
    "alterations",
    "rule",
    "reason",
]
"""`kit.quotes`: one row per quotation or attribution. `quote` is `text[start:end]` (marks excluded);
`speaker` is the canonical name (fullest form in the article) or a description ("US officials");
`via` names an intermediary ("Reuters", "statement"); `alterations` lists insertions and ellipses
inside the marks; `segment` is the body paragraph's `segment_id`."""

SOURCE_COLUMNS = [
    "article_id",
    "speaker",
    "speaker_type",
    "source_group",
    "country",
    "n_quotes",
    "n_direct",
    "n_partial",
    "n_indirect",
    "quoted_chars",
    "reported_chars",
    "share_of_body",
    "via",
    "is_second_hand",
]
"""`kit.sources`: one row per article and speaker. `share_of_body` is the share of the body's characters in
this speaker's quoted or reported words; `is_second_hand` is true when an intermediary (`via`) is named."""

QUOTE_VARIANT_COLUMNS = [
    "article_a",
    "quote_id_a",
    "speaker_a",
    "article_b",
    "quote_id_b",
    "speaker_b",
    "quote_a",
    "quote_b",
    "similarity",
    "wording",
    "differences",
]
"""`kit.quote_variants`: pairs of quotations in different articles that render the same statement;
`wording` is verbatim, contained (one is a cut of the other) or reworded."""

LOADED_COLUMNS = [
    "article_id",
    "term_id",
    "start",
    "end",
    "term",
    "category",
    "voice",
    "speaker",
    "neutral_alternative",
    "confidence",
    "rule",
    "reason",
]
"""`kit.loaded_terms`: one row per loaded word or phrase; `voice` is writer or quoted (then `speaker` says
whose words they are); `neutral_alternative` is what a neutral report would write, where the lexicon says;
`confidence` (high, medium, low) says how much evidence the tag has (`reason` says which)."""

READABILITY_COLUMNS = [
    "article_id",
    "n_sentences",
    "n_words",
    "words_per_sentence",
    "syllables_per_word",
    "flesch_reading_ease",
    "flesch_kincaid_grade",
    "gunning_fog",
    "smog_grade",
]
"""`kit.readability`: scores of each article's body on sentences split by the kit (see
`kit.language.READABILITY_NOTE` for what they can and cannot say)."""

FRAME_CUE_COLUMNS = ["article_id", "segment_id", "start", "end", "cue", "frame", "rule", "reason"]
"""`kit.frame_cues`: one row per cue word and the frame dimension it cues."""

FRAME_COLUMNS = [
    "article_id",
    "segment_id",
    "start",
    "end",
    "frame",
    "n_cues",
    "cues",
    "is_primary",
    "rule",
    "reason",
]
"""`kit.frames`: one row per body paragraph and frame it uses; `start`/`end` span the paragraph."""

NAMING_COLUMNS = ["article_id", "start", "end", "phrase", "actor", "form", "stance", "voice", "rule", "reason"]
"""`kit.naming`: one row per mention of a government or a named person; `stance` is legitimising, neutral
or delegitimising; `phrase` is `text[start:end]`."""

COMMENTS_COLUMNS = [
    "article_id",
    "comment_id",
    "position",
    "author",
    "posted",
    "text",
    "start",
    "end",
    "reply_to",
    "sentiment",
    "incivility",
    "incivility_reason",
    "relevance",
    "targets",
    "has_claim",
    "cites_source",
    "is_question",
    "language",
    "screening",
]
"""`kit.comments`: one row per reader comment. `sentiment` is VADER's compound score (-1 to 1), `incivility`
a score in [0, 1] with its reasons, `relevance` the tf-idf cosine with the article body; `start`/`end` index
the page text for comments found on the page and are empty for comments given as records. `language` is `und`
for comments too short to tell; comments not in English get no sentiment or incivility. `screening` lists what
makes a comment unusual (empty, huge, no words, not English, the same text as an earlier comment)."""

EVENT_COLUMNS = ["article_id", "event_id", "n_articles", "rule", "reason"]
"""`kit.events`: one row per article; articles with the same `event_id` report the same event."""

REUSE_COLUMNS = [
    "article_a",
    "article_b",
    "a_start",
    "a_end",
    "b_start",
    "b_end",
    "n_words",
    "similarity",
    "passage",
    "rule",
    "reason",
]
"""`kit.reuse`: one row per passage two articles share; `passage` is `text_a[a_start:a_end]`."""

PROBLEM_COLUMNS = ["source_file", "record", "article_id", "severity", "problem", "action"]
"""`corpus.problems`: one row per problem met while loading; `severity` is error (the item was
not loaded), warning (loaded, but check it) or info."""

PROBLEM_SEVERITIES = ["error", "warning", "info"]

COMMENT_RECORD_COLUMNS = ["article_id", "comment_id", "position", "author", "text"]
"""`corpus.comment_records`: comments supplied as separate records (JSONL `comments`), which
have no offsets into the article text."""

_INT_COLUMNS = {
    "a_start",
    "a_end",
    "b_start",
    "b_end",
    "n_articles",
    "n_sentences",
    "start",
    "end",
    "speaker_start",
    "speaker_end",
    "cue_start",
    "cue_end",
    "n_words",
    "n_chars",
    "n_comments",
    "n_comments_claimed",
    "position",
    "record",
}


_FLOAT_COLUMNS = {"similarity", "sentiment", "incivility", "relevance", *READABILITY_COLUMNS[3:]}


def _dtype(column: str, values: pd.Series | None = None) -> str:
    if column in _INT_COLUMNS or column.startswith("n_") or column.endswith("_chars"):
        return "Int64"
    if column.startswith(("is_", "has_")) or column == "cites_source":
        return "boolean"
    if (
        column.startswith("share_")
        or column in _FLOAT_COLUMNS
        or (values is not None and pd.api.types.is_float_dtype(values))
    ):
        return "Float64"
    return "string"


def empty(columns: list[str]) -> pd.DataFrame:
    """Return an empty table with the given columns and the kit's dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in columns})


def table(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """Return rows as a table with exactly `columns`, integer columns as `Int64`, text as `string`.

    >>> rows = table([{"article_id": "a", "start": 0, "end": 3}], ["article_id", "start", "end"])
    >>> [str(dtype) for dtype in rows.dtypes]
    ['string', 'Int64', 'Int64']
    """
    if not rows:
        return empty(columns)
    frame = pd.DataFrame.from_records(rows, columns=columns)
    for column in columns:
        frame[column] = frame[column].astype(_dtype(column, frame[column]))
    return frame


def validate(
    frame: pd.DataFrame, columns: list[str], articles: pd.DataFrame | None = None, text_column: str | None = None
) -> None:
    """Raise ValueError unless `frame` has exactly `columns` and, given `articles`, valid offsets.

    With `articles`, every row's `start`/`end` must lie inside its article's text, and where
    `text_column` is named, `text[start:end]` must equal that column.
    """
    if list(frame.columns) != list(columns):
        raise ValueError(f"columns {list(frame.columns)} differ from the schema {list(columns)}")
    if articles is None or frame.empty or "start" not in frame:
        return
    texts = dict(zip(articles["article_id"], articles["text"], strict=True))
    for row in frame.itertuples(index=False):
        text = texts.get(row.article_id)
        if text is None:
            raise ValueError(f"row for unknown article {row.article_id!r}")
        if pd.isna(row.start):
            continue
        if not 0 <= row.start <= row.end <= len(text):
            raise ValueError(f"{row.article_id}: offsets {row.start}-{row.end} outside 0-{len(text)}")
        if text_column and text[row.start : row.end] != getattr(row, text_column):
            raise ValueError(f"{row.article_id}: text[{row.start}:{row.end}] differs from {text_column}")
