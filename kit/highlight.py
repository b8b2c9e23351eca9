"""HTML views of tagged text: plain functions, tested on their own, that widgets connect to controls.

Article and comment text is untrusted: everything taken from it is escaped before it is shown.
Every highlight is readable without colour: each span carries a visible label and a border style.
"""

from __future__ import annotations

import html

import pandas as pd

from kit.comments import EDGY_FROM, UNCIVIL_FROM
from kit.schema import SEGMENT_GROUPS, SEGMENT_KINDS

# Okabe & Ito (2008) colour-blind-safe palette; tints keep black text readable on a projector (WCAG contrast
# of at least 4.5:1, checked in tests/test_accessibility.py).
PALETTE = {
    "headline": "#0072B2",
    "byline": "#56B4E9",
    "dateline": "#56B4E9",
    "body": "#009E73",
    "caption": "#F0E442",
    "bio": "#CC79A7",
    "boilerplate": "#7F7F7F",
    "comments_header": "#E69F00",
    "comment": "#E69F00",
    "comment_form": "#D55E00",
    "article": "#009E73",
    "furniture": "#7F7F7F",
    "comments": "#E69F00",
}
# A second channel besides colour: the left border's style differs by group.
BORDER = {"article": "solid", "furniture": "dashed", "comments": "dotted"}
LABELS = {
    "headline": "HEADLINE",
    "byline": "BYLINE",
    "dateline": "DATELINE",
    "body": "BODY",
    "caption": "CAPTION",
    "bio": "AUTHOR BIO",
    "boilerplate": "FURNITURE",
    "comments_header": "COMMENTS HEADER",
    "comment": "COMMENT",
    "comment_form": "COMMENT FORM",
}

_STYLE = """<style>
.kit-page {font-family: Georgia, 'DejaVu Serif', serif; font-size: 17px; line-height: 1.55; white-space: pre-wrap;
  max-width: 60em; color: #111; background: #fff; padding: 0.6em 1em; border: 1px solid #ccc;}
.kit-seg {display: inline; padding: 0.05em 0.2em; border-left-width: 5px; border-radius: 2px;
  -webkit-box-decoration-break: clone; box-decoration-break: clone;}
.kit-tag {font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 12px; font-weight: bold; letter-spacing: 0.04em;
  color: #fff; background: #222; padding: 0 0.35em; margin-right: 0.35em; border-radius: 3px; vertical-align: 2px;}
.kit-legend {font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 14px; display: flex; flex-wrap: wrap;
  gap: 0.4em 1em; margin: 0.4em 0;}
.kit-legend span.kit-swatch {display: inline-block; width: 1.6em; height: 1em; vertical-align: middle;
  margin-right: 0.3em; border-left-width: 5px;}
.kit-quote:focus-visible, .kit-loaded:focus-visible, .kit-badge:focus-visible {outline: 3px solid #111;
  outline-offset: 2px;}
</style>"""


def _tint(hex_colour: str, alpha: float = 0.22) -> str:
    red, green, blue = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def _luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of an `#rrggbb` colour."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _ink(background: str) -> str:
    """Black or white, whichever reads better on a solid `background` (label tags on palette colours).

    >>> _ink("#E69F00"), _ink("#0072B2")
    ('#000', '#fff')
    """
    lum = _luminance(background)
    return "#000" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "#fff"


def _tag_style(colour: str) -> str:
    """Inline style of a label tag on a palette colour, its text kept readable."""
    return f"background:{colour}; color:{_ink(colour)}"


def _span_style(kind: str) -> str:
    colour = PALETTE.get(kind, "#7F7F7F")
    border = BORDER.get(SEGMENT_GROUPS.get(kind, "furniture"), "solid")
    return f"background: {_tint(colour)}; border-left: 5px {border} {colour};"


def legend_html(kinds: list[str] | None = None) -> str:
    """Return a legend: swatch, border style and label for each segment kind.

    >>> "AUTHOR BIO" in legend_html(["bio"])
    True
    """
    kinds = kinds or SEGMENT_KINDS
    items = "".join(
        f'<span><span class="kit-swatch" style="{_span_style(kind)}"></span>{LABELS.get(kind, kind)}'
        f" <small>({SEGMENT_GROUPS.get(kind, '')})</small></span>"
        for kind in kinds
    )
    return f'{_STYLE}<div class="kit-legend" role="list" aria-label="legend">{items}</div>'


def segments_html(text: str, segments: pd.DataFrame, article_id: str | None = None) -> str:
    """Return the page as HTML with each segment shaded, labelled, and its reason on hover.

    Text between segments (white space) is kept, so the page reads as it was copied.

    >>> rows = pd.DataFrame({"kind": ["body"], "start": [0], "end": [5], "rule": ["r"], "reason": ["why"]})
    >>> "&lt;b&gt;" in segments_html("<b>x</b> rest", rows)
    True
    """
    parts, cursor = [], 0
    for row in segments.sort_values("start").itertuples(index=False):
        start, end = int(row.start), int(row.end)
        if start < cursor:
            continue
        parts.append(html.escape(text[cursor:start]))
        tip = html.escape(f"{LABELS.get(row.kind, row.kind)} · {row.rule}: {row.reason}", quote=True)
        parts.append(
            f'<span class="kit-seg kit-{html.escape(row.kind)}" data-kind="{html.escape(row.kind)}" '
            f'style="{_span_style(row.kind)}" title="{tip}"><span class="kit-tag" aria-hidden="false">'
            f"{LABELS.get(row.kind, html.escape(row.kind))}</span>{html.escape(text[start:end])}</span>"
        )
        cursor = end
    parts.append(html.escape(text[cursor:]))
    ident = f' data-article-id="{html.escape(article_id, quote=True)}"' if article_id else ""
    return f'{_STYLE}<div class="kit-page"{ident}>{"".join(parts)}</div>'


def highlight_missing(table: pd.DataFrame, label: str = "— missing —"):
    """Return a pandas Styler that shows missing values as a hatched, labelled cell, so gaps are visible.

    A gap means neither the page nor the catalog says: the kit never fills it with a guess."""
    shown = table.astype(object).where(table.notna(), label)
    return shown.style.map(
        lambda value: (
            (
                "background: repeating-linear-gradient(45deg, #fde0c5, #fde0c5 6px, #fff 6px, #fff 12px);"
                " color: #7a3300; font-style: italic;"
            )
            if value == label
            else ""
        )
    )


# ---- quotes --------------------------------------------------------------------------------------
# Kinds are told apart without colour: each has its own underline style and a visible label.
QUOTE_STYLE = {
    "direct": ("solid", "DIRECT"),
    "partial": ("dashed", "PARTIAL"),
    "indirect": ("dotted", "REPORTED"),
    "scare": ("wavy", "SCARE"),
    "unclosed": ("double", "UNCLOSED"),
}
SPEAKER_COLOURS = [
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#882255",
    "#117733",
    "#332288",
    "#AA4499",
]


def speaker_colours(speakers) -> dict[str, str]:
    """Give each speaker a colour from a colour-blind-safe cycle, in order of first appearance."""
    colours, order = {}, [s for s in dict.fromkeys(speakers) if isinstance(s, str)]
    for index, speaker in enumerate(order):
        colours[speaker] = SPEAKER_COLOURS[index % len(SPEAKER_COLOURS)]
    return colours


def nested_spans_html(text: str, start: int, end: int, spans: list[dict]) -> str:
    """Return `text[start:end]` as escaped HTML with spans wrapped, nesting allowed.

    Each span dict has `start, end, open` (the opening tag) and `close`. A span that crosses the end of an
    enclosing one is left out rather than breaking the HTML.

    >>> nested_spans_html("a <b> c", 0, 7, [{"start": 2, "end": 5, "open": "<u>", "close": "</u>"}])
    'a <u>&lt;b&gt;</u> c'
    """
    events = sorted((s for s in spans if start <= s["start"] < s["end"] <= end), key=lambda s: (s["start"], -s["end"]))
    out, stack, cursor = [], [], start
    for span in events:
        while stack and stack[-1]["end"] <= span["start"]:
            closing = stack.pop()
            out.append(html.escape(text[cursor : closing["end"]]) + closing["close"])
            cursor = closing["end"]
        if stack and span["end"] > stack[-1]["end"]:
            continue
        out.append(html.escape(text[cursor : span["start"]]) + span["open"])
        cursor = span["start"]
        stack.append(span)
    while stack:
        closing = stack.pop()
        out.append(html.escape(text[cursor : closing["end"]]) + closing["close"])
        cursor = closing["end"]
    out.append(html.escape(text[cursor:end]))
    return "".join(out)


def quotes_html(text: str, segments: pd.DataFrame, quotes: pd.DataFrame, article_id: str | None = None) -> str:
    """Return the article body with each quote underlined in its speaker's colour, labelled by kind, and
    its speaker, cue, intermediary and reason on hover. Furniture between body paragraphs is greyed."""
    body = segments[segments.kind == "body"].sort_values("start")
    if body.empty:
        return _STYLE + '<div class="kit-page">(no article body found)</div>'
    first, last = int(body.start.min()), int(body.end.max())
    colours = speaker_colours(quotes.sort_values("start").speaker)
    spans = []
    for seg in segments[(segments.start >= first) & (segments.end <= last) & (segments.kind != "body")].itertuples():
        spans.append(
            {
                "start": int(seg.start),
                "end": int(seg.end),
                "open": '<span style="color:#595959;font-size:80%">',
                "close": "</span>",
            }
        )
    for row in quotes.itertuples(index=False):
        style, label = QUOTE_STYLE.get(row.kind, ("solid", row.kind.upper()))
        speaker = row.speaker if pd.notna(row.speaker) else None
        colour = colours.get(speaker, "#444444")
        details = [f"{label.title()} · speaker: {speaker or 'none named'}"]
        details += [f"{name}: {value}" for name, value in (("cue", row.cue), ("via", row.via)) if pd.notna(value)]
        details.append(f"why: {row.reason}")
        tip = html.escape(" | ".join(details), quote=True)
        who = html.escape(speaker.split()[-1] if speaker else "?")
        underline = (
            f"text-decoration: underline {style} {colour}; text-decoration-thickness: 3px; "
            f"text-underline-offset: 4px; background: {_tint(colour, 0.10)};"
        )
        attributes = (
            f'class="kit-quote" data-kind="{html.escape(row.kind)}" '
            f'data-speaker="{html.escape(speaker or "", quote=True)}" title="{tip}" tabindex="0"'
        )
        label_html = f'<sup class="kit-tag" style="{_tag_style(colour)}">{label} · {who}</sup>'
        spans.append(
            {
                "start": int(row.start),
                "end": int(row.end),
                "open": f'<span {attributes} style="{underline}">{label_html}',
                "close": "</span>",
            }
        )
    ident = f' data-article-id="{html.escape(article_id, quote=True)}"' if article_id else ""
    return f'{_STYLE}<div class="kit-page"{ident}>{nested_spans_html(text, first, last, spans)}</div>'


def quote_legend_html() -> str:
    """Legend for quote kinds: underline style and label, readable without colour."""
    items = "".join(
        f'<span><span style="text-decoration: underline {style} #222; text-decoration-thickness: 3px;">'
        f"{label}</span></span>"
        for style, label in QUOTE_STYLE.values()
    )
    return (
        f'{_STYLE}<div class="kit-legend" role="list" aria-label="legend">{items}<span>· colour = speaker; '
        "hover a quote to see speaker, cue and reason (the table below lists them too)</span></div>"
    )


# ---- loaded language -------------------------------------------------------------------------------
LOADED_STYLE = {  # border style and label per category: readable without colour
    "labelling": ("#D55E00", "solid", "LABEL"),
    "emotional": ("#CC79A7", "dashed", "EMOTIVE"),
    "intensifier": ("#E69F00", "dotted", "INTENSIFIER"),
    "hedge": ("#56B4E9", "double", "HEDGE"),
    "factive": ("#0072B2", "ridge", "FACTIVE"),
    "loaded attribution verb": ("#009E73", "groove", "SAID-VERB"),
}


def rewrite_term(term: str, alternative: str | None) -> str | None:
    """Return the neutral wording for a term: the alternative, '' to leave it out, or None to keep it.

    >>> rewrite_term("regime", "government"), rewrite_term("utterly", "(leave out)")
    ('government', '')
    >>> rewrite_term("allegedly", "(attribute the claim)") is None
    True
    """
    if not alternative or (alternative.startswith("(") and alternative != "(leave out)"):
        return None
    return "" if alternative == "(leave out)" else alternative


def loaded_html(
    text: str, segments: pd.DataFrame, rows: pd.DataFrame, article_id: str | None = None, rewrite: bool = False
) -> str:
    """Return the article body with loaded terms boxed and labelled by category, reason and neutral wording on
    hover; with `rewrite`, the neutral wording replaces each term (marked, the original on hover)."""
    body = segments[segments.kind == "body"].sort_values("start")
    if body.empty:
        return _STYLE + '<div class="kit-page">(no article body found)</div>'
    parts, cursor = [], int(body.start.min())
    last = int(body.end.max())
    for row in rows.sort_values("start").itertuples(index=False):
        start, end = int(row.start), int(row.end)
        if start < cursor or end > last:
            continue
        parts.append(html.escape(text[cursor:start]))
        colour, border, label = LOADED_STYLE.get(row.category, ("#444444", "solid", row.category.upper()))
        alternative = row.neutral_alternative if pd.notna(row.neutral_alternative) else None
        tip = html.escape(f"{label.title()} ({row.voice}) · {row.reason}", quote=True)
        shown = text[start:end]
        # quoted words are the speaker's: a neutral rewrite of the writer's voice leaves them as they were
        replacement = rewrite_term(shown, alternative) if rewrite and row.voice == "writer" else None
        if replacement is not None:
            shown = replacement or "∅"
            tip = html.escape(f"was: '{text[start:end]}' · {row.reason}", quote=True)
        # quoted words get a paler tint and a "· quoted" label; no opacity, which would fade the text itself
        tint = 0.15 if row.voice == "writer" else 0.06
        attributes = (
            f'class="kit-loaded" data-category="{html.escape(row.category)}" data-voice="{html.escape(row.voice)}" '
            f'tabindex="0" title="{tip}"'
        )
        style = f"border-bottom: 3px {border} {colour}; background: {_tint(colour, tint)};"
        quoted = " · quoted" if row.voice == "quoted" else ""
        tag = f'<sup class="kit-tag" style="{_tag_style(colour)}">{label}{quoted}</sup>'
        parts.append(f'<span {attributes} style="{style}">{tag}{html.escape(shown)}</span>')
        cursor = end
    parts.append(html.escape(text[cursor:last]))
    ident = f' data-article-id="{html.escape(article_id, quote=True)}"' if article_id else ""
    mode = ' data-rewrite="on"' if rewrite else ""
    return f'{_STYLE}<div class="kit-page"{ident}{mode}>{"".join(parts)}</div>'


def loaded_legend_html() -> str:
    """Legend for loaded-language categories: border style and label, readable without colour."""
    items = "".join(
        f'<span><span class="kit-swatch" style="border-bottom: 3px {border} {colour}; '
        f'background: {_tint(colour, 0.15)}"></span>{label} <small>({category})</small></span>'
        for category, (colour, border, label) in LOADED_STYLE.items()
    )
    return f'{_STYLE}<div class="kit-legend" role="list" aria-label="legend">{items}</div>'


# ---- comments --------------------------------------------------------------------------------------
def _badge(text: str, colour: str, tip: str, border: str = "solid") -> str:
    return (
        f'<span class="kit-badge" title="{html.escape(tip, quote=True)}" tabindex="0" style="display:inline-block; '
        f"font: 13px 'DejaVu Sans', Arial, sans-serif; padding: 1px 6px; margin-right: 4px; border-radius: 10px; "
        f'border: 2px {border} {colour}; background: {_tint(colour, 0.15)}">{html.escape(text)}</span>'
    )


def thread_html(comment_rows: pd.DataFrame) -> str:
    """Return a comment thread with badges for sentiment, incivility and relevance; reasons on hover. Comment
    text is escaped: it is untrusted. An uncivil comment's left border is double as well as orange."""
    items = []
    for row in comment_rows.itertuples(index=False):
        sentiment = float(row.sentiment)
        mood = "positive" if sentiment >= 0.05 else "negative" if sentiment <= -0.05 else "neutral"
        level = float(row.incivility)
        civil = "uncivil" if level >= UNCIVIL_FROM else "edgy" if level >= EDGY_FROM else "civil"
        badges = [
            _badge(
                f"{mood} {sentiment:+.2f}",
                {"positive": "#009E73", "negative": "#D55E00", "neutral": "#7F7F7F"}[mood],
                "VADER compound sentiment, from -1 (negative) to +1 (positive)",
            ),
            _badge(
                f"{civil} {level:.2f}",
                {"uncivil": "#D55E00", "edgy": "#E69F00", "civil": "#009E73"}[civil],
                row.incivility_reason if pd.notna(row.incivility_reason) else "no incivility cue found",
                "dashed" if civil != "civil" else "solid",
            ),
            _badge(
                f"relevance {float(row.relevance):.2f}",
                "#0072B2",
                "tf-idf cosine similarity with the article body: 0 shares no distinctive words, 1 is the same text",
                "dotted",
            ),
        ]
        if bool(row.has_claim):
            badges.append(
                _badge(
                    "claim" + (" + source" if bool(row.cites_source) else ", no source"),
                    "#CC79A7",
                    "states a number, a fact or what someone said; 'source' when it names or links one",
                )
            )
        if bool(row.is_question):
            badges.append(_badge("question", "#56B4E9", "asks a question"))
        who = html.escape(row.author) if pd.notna(row.author) else "<em>no name shown</em>"
        targets = f" · about: {html.escape(row.targets)}" if pd.notna(row.targets) else ""
        items.append(
            f'<li class="kit-comment" data-comment-id="{html.escape(row.comment_id, quote=True)}" '
            f'data-incivility="{level:.3f}" style="margin: 0 0 0.8em 0; padding: 0.4em 0.6em; '
            f'border-left: {"6px double #D55E00" if level >= UNCIVIL_FROM else "5px solid #BBBBBB"}">'
            f"<div><b>#{int(row.position)}</b> {who}{targets}</div><div>{''.join(badges)}</div>"
            f'<div style="white-space: pre-wrap">{html.escape(str(row.text))}</div></li>'
        )
    body = "".join(items) or "<li>No comment matches the filters.</li>"
    return f'{_STYLE}<ol class="kit-page kit-thread" style="list-style: none">{body}</ol>'


# ---- side by side ----------------------------------------------------------------------------------
SHARED_COLOURS = ["#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00"]


def side_by_side_html(
    text_a: str,
    text_b: str,
    segments_a: pd.DataFrame,
    segments_b: pd.DataFrame,
    shared: pd.DataFrame,
    titles: tuple[str, str],
    only_shared: bool = False,
) -> str:
    """Return two article bodies side by side with each shared passage boxed, numbered and coloured alike;
    with `only_shared`, only the paragraphs that hold part of a shared passage, the rest folded to '…'."""

    def column(text, segments, starts, ends):
        body = segments[segments.kind == "body"].sort_values("start")
        if body.empty:
            return "(no article body found)"
        passages = [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]
        spans = []
        for number, (start, end) in enumerate(passages, start=1):
            colour = SHARED_COLOURS[(number - 1) % len(SHARED_COLOURS)]
            spans.append(
                {
                    "start": start,
                    "end": end,
                    "close": "</span>",
                    "open": f'<span class="kit-shared" data-passage="{number}" style="background: '
                    f'{_tint(colour, 0.3)}; outline: 2px solid {colour};"><sup class="kit-tag" '
                    f'style="{_tag_style(colour)}">SHARED {number}</sup>',
                }
            )
        if not (only_shared and passages):
            return nested_spans_html(text, int(body.start.min()), int(body.end.max()), spans)
        # the paragraphs a passage touches, joined into runs so a passage never crosses a fold
        runs: list[list[int]] = []
        for segment in body.itertuples(index=False):
            first, last = int(segment.start), int(segment.end)
            if not any(a < last and first < b for a, b in passages):
                continue
            if runs and any(a < first <= b for a, b in passages if a < runs[-1][1]):
                runs[-1][1] = last
            else:
                runs.append([first, last])
        fold = "\n\n<span style='color:#595959'>[…]</span>\n\n"
        return fold.join(
            nested_spans_html(text, a, b, [s for s in spans if a <= s["start"] and s["end"] <= b]) for a, b in runs
        )

    left = column(text_a, segments_a, shared.a_start, shared.a_end)
    right = column(text_b, segments_b, shared.b_start, shared.b_end)
    header = "".join(f'<div style="flex:1"><b>{html.escape(t)}</b></div>' for t in titles)
    page = '<div class="kit-page" style="flex:1; font-size:15px">'
    return (
        f'{_STYLE}<div style="display:flex; gap:1em">{header}</div><div class="kit-side-by-side" '
        f'style="display:flex; gap:1em; align-items:flex-start">{page}{left}</div>{page}{right}</div></div>'
    )
