"""Plotly figures for the lessons: each has a title, labelled axes and a one-sentence takeaway.

Functions return `plotly.graph_objects.Figure` and never call `.show()`.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kit.highlight import PALETTE
from kit.schema import SEGMENT_GROUPS

GROUP_ORDER = ["article", "furniture", "comments"]
GROUP_NAMES = {
    "article": "Article (headline, byline, body, captions)",
    "furniture": "Furniture (menus, promos, disclaimers, author box)",
    "comments": "Comment section (header, comments, form)",
}
PATTERNS = {"article": "", "furniture": "/", "comments": "."}


def page_composition_table(articles: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """Return, per article, the characters and share of the page in article, furniture and comments.

    >>> import kit
    >>> corpus = kit.load_corpus()
    >>> shares = page_composition_table(corpus.articles, corpus.segments)
    >>> bool((shares[["article", "furniture", "comments"]].sum(axis=1).round(6) == 1).all())
    True
    """
    lengths = segments.assign(group=segments.kind.map(SEGMENT_GROUPS), n=segments.end - segments.start)
    chars = lengths.pivot_table(index="article_id", columns="group", values="n", aggfunc="sum", fill_value=0)
    chars = chars.reindex(columns=GROUP_ORDER, fill_value=0).reindex(articles.article_id, fill_value=0)
    shares = chars.div(chars.sum(axis=1).where(lambda total: total > 0, 1), axis=0)
    labels = articles.set_index("article_id").apply(
        lambda row: f"{row.name[:3]} · {row.outlet if pd.notna(row.outlet) else 'unknown outlet'}", axis=1
    )
    table = shares.astype(float).reset_index()
    table.insert(1, "label", labels.reindex(table.article_id).to_numpy())
    table["total_chars"] = chars.sum(axis=1).to_numpy().astype(int)
    return table


def page_composition(articles: pd.DataFrame, segments: pd.DataFrame) -> go.Figure:
    """Return a stacked bar chart of how much of each page is the article, furniture and comments."""
    table = page_composition_table(articles, segments)
    figure = go.Figure()
    for group in GROUP_ORDER:
        figure.add_bar(
            y=table.label,
            x=table[group] * 100,
            name=GROUP_NAMES[group],
            orientation="h",
            marker={"color": PALETTE[group], "pattern": {"shape": PATTERNS[group], "fgcolor": "#222", "size": 6}},
            customdata=table[["article_id", "total_chars"]],
            hovertemplate="%{customdata[0]}<br>%{x:.0f}% of %{customdata[1]:,} characters<extra>" + group + "</extra>",
        )
    if len(table):
        low = table.loc[table.article.idxmin()]
        takeaway = (
            f"The article itself ranges from {table.article.min():.0%} ({low.label}) to "
            f"{table.article.max():.0%} of the page text; the rest is furniture and comments."
        )
    else:
        takeaway = "No articles loaded."
    figure.update_layout(
        barmode="stack",
        height=120 + 48 * max(len(table), 1),
        template="plotly_white",
        font={"size": 15},
        title={"text": "How much of each page is the article?", "subtitle": {"text": takeaway}},
        xaxis={"title": {"text": "Share of the page's characters (%)"}, "range": [0, 100], "ticksuffix": "%"},
        yaxis={"title": {"text": "Article (id · outlet)"}, "autorange": "reversed"},
        legend={"orientation": "h", "y": -0.25, "x": 0},
        margin={"t": 90, "l": 10, "r": 10},
    )
    return figure


VOICE_COLOURS = {
    "writer": "#BBBBBB",
    "reported speech": "#56B4E9",
    "quoted: official": "#0072B2",
    "quoted: expert": "#009E73",
    "quoted: ordinary person": "#E69F00",
    "quoted: anonymous": "#D55E00",
    "quoted: organisation": "#CC79A7",
    "quoted: named person, role not stated": "#882255",
    "quoted: unknown": "#444444",
}


def voice_share(shares: pd.DataFrame) -> go.Figure:
    """Return a stacked bar chart of whose words fill each article: the writer's, reported, or quoted by source group.

    `shares` is the output of `kit.voice_shares`.
    """
    voices = [v for v in VOICE_COLOURS if v in shares.columns] + [
        c for c in shares.columns if c.startswith("quoted: ") and c not in VOICE_COLOURS
    ]
    labels = shares.article_id.str.slice(0, 3) + " · " + shares.outlet.fillna("unknown outlet")
    figure = go.Figure()
    for voice in voices:
        figure.add_bar(
            y=labels,
            x=shares[voice] * 100,
            name=voice,
            orientation="h",
            marker={
                "color": VOICE_COLOURS.get(voice, "#999999"),
                "pattern": {"shape": "" if voice == "writer" else "/" if voice.startswith("quoted") else "."},
            },
            hovertemplate="%{y}<br>" + voice + ": %{x:.0f}% of the body<extra></extra>",
        )
    if len(shares):
        top = shares.loc[shares.writer.idxmax()]
        takeaway = (
            f"The writer's own voice fills {shares.writer.min():.0%}–{shares.writer.max():.0%} of the body "
            f"(most in {top.article_id[:3]}); the rest is other people's words."
        )
    else:
        takeaway = "No articles."
    figure.update_layout(
        barmode="stack",
        template="plotly_white",
        font={"size": 15},
        height=140 + 48 * max(len(shares), 1),
        title={"text": "Whose words fill the article?", "subtitle": {"text": takeaway}},
        xaxis={"title": {"text": "Share of the body's characters (%)"}, "range": [0, 100], "ticksuffix": "%"},
        yaxis={"title": {"text": "Article (id · outlet)"}, "autorange": "reversed"},
        legend={"orientation": "h", "y": -0.3, "x": 0},
        margin={"t": 90, "l": 10, "r": 10},
    )
    return figure
