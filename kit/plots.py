"""Plotly figures for the lessons: each has a title, labelled axes and a one-sentence takeaway.

Functions return `plotly.graph_objects.Figure` and never call `.show()`.
"""

from __future__ import annotations

import os

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.io.base_renderers import NotebookRenderer

from kit.highlight import PALETTE
from kit.schema import SEGMENT_GROUPS

GROUP_ORDER = ["article", "furniture", "comments"]
GROUP_NAMES = {
    "article": "Article (headline, byline, body, captions)",
    "furniture": "Furniture (menus, promos, disclaimers, author box)",
    "comments": "Comment section (header, comments, form)",
}
PATTERNS = {"article": "", "furniture": "/", "comments": "."}


class _OfflineNotebookRenderer(NotebookRenderer):
    """Figures as HTML that needs no network: plotly.js is inlined once (when the renderer is activated) and the
    MathJax CDN tag plotly adds by default is left out."""

    def to_mimebundle(self, fig_dict):
        html = pio.to_html(
            fig_dict,
            config=self.config,
            include_plotlyjs=False,
            include_mathjax=False,
            full_html=False,
            default_width="100%",
            default_height=525,
            validate=False,
        )
        return {"text/html": html}


def use_offline_html() -> None:
    """Render figures both for Lab/Voila (plotly's mimetype) and as offline HTML for nbconvert reports."""
    pio.renderers["kit_offline_html"] = _OfflineNotebookRenderer()
    pio.renderers.default = "plotly_mimetype+kit_offline_html"


if os.environ.get("KIT_OFFLINE_HTML"):  # set by `kit.report` for the kernels that run the lessons
    use_offline_html()


def titled(
    figure: go.Figure,
    title: str,
    takeaway: str,
    *,
    x: str,
    y: str,
    xaxis: dict | None = None,
    yaxis: dict | None = None,
    font_size: int = 15,
    **layout,
) -> go.Figure:
    """Return `figure` in the lessons' style: the question it answers as the title, its one-sentence takeaway as
    the subtitle, both axes titled, white template, text large enough for a projector. Every figure of the kit
    goes through here, so none can lack a title, a takeaway or an axis label.

    >>> fig = titled(go.Figure(), "Who speaks?", "Officials do.", x="Share (%)", y="Article", height=300)
    >>> fig.layout.title.subtitle.text, fig.layout.xaxis.title.text, fig.layout.height
    ('Officials do.', 'Share (%)', 300)
    """
    if not (title and takeaway and x and y):
        raise ValueError("a figure needs a title, a takeaway and both axis titles")
    figure.update_layout(
        template="plotly_white",
        font={"size": font_size},
        title={"text": title, "subtitle": {"text": takeaway}},
        xaxis={"title": {"text": x}, **(xaxis or {})},
        yaxis={"title": {"text": y}, **(yaxis or {})},
        **layout,
    )
    return figure


def article_labels(article_ids, articles: pd.DataFrame) -> list[str]:
    """Axis labels for articles: the first three characters of the id and the outlet ('002 · Daily Courier')."""
    outlets = articles.set_index("article_id").outlet.reindex(list(article_ids)).fillna("unknown outlet")
    return [f"{str(a)[:3]} · {o}" for a, o in zip(article_ids, outlets, strict=True)]


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
    table = shares.astype(float).reset_index()
    table.insert(1, "label", article_labels(table.article_id, articles))
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
        low, high = table.loc[table.article.idxmin()], table.loc[table.article.idxmax()]
        takeaway = (
            f"The article itself ranges from {low.article:.0%} of the page text ({low.label}) to "
            f"{high.article:.0%} ({high.label}); the rest is furniture and comments."
        )
    else:
        takeaway = "No articles loaded."
    return titled(
        figure,
        "How much of each page is the article?",
        takeaway,
        x="Share of the page's characters (%)",
        y="Article (id · outlet)",
        xaxis={"range": [0, 100], "ticksuffix": "%"},
        yaxis={"autorange": "reversed"},
        barmode="stack",
        height=120 + 48 * max(len(table), 1),
        legend={"orientation": "h", "y": -0.25, "x": 0},
        margin={"t": 90, "l": 10, "r": 10},
    )


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
    labels = article_labels(shares.article_id, shares)
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
    return titled(
        figure,
        "Whose words fill the article?",
        takeaway,
        x="Share of the body's characters (%)",
        y="Article (id · outlet)",
        xaxis={"range": [0, 100], "ticksuffix": "%"},
        yaxis={"autorange": "reversed"},
        barmode="stack",
        height=140 + 48 * max(len(shares), 1),
        legend={"orientation": "h", "y": -0.3, "x": 0},
        margin={"t": 90, "l": 10, "r": 10},
    )


def frame_heatmap(profile: pd.DataFrame, articles: pd.DataFrame) -> go.Figure:
    """Return a heat map of the share of each article's paragraphs that use each frame (`kit.frame_profile`)."""
    frames = [c for c in profile.columns if c != "article_id"]
    labels = article_labels(profile.article_id, articles)
    values = profile[frames].to_numpy() * 100
    figure = go.Figure(
        go.Heatmap(
            z=values,
            x=frames,
            y=labels,
            colorscale="Blues",
            zmin=0,
            zmax=100,
            text=values.round(0),
            texttemplate="%{text:.0f}%",
            colorbar={"title": {"text": "% of paragraphs"}},
            hovertemplate="%{y}<br>%{x}: %{z:.0f}% of paragraphs<extra></extra>",
        )
    )
    if len(profile):
        main = profile[frames].drop(columns=[f for f in ("other",) if f in frames]).mean().idxmax()
        takeaway = (
            f"Across these articles the {main} frame is the most common; compare which frames each article leaves out."
        )
    else:
        takeaway = "No articles."
    return titled(
        figure,
        "Which frames does each article use?",
        takeaway,
        x="Frame dimension (Media Frames Corpus)",
        y="Article (id · outlet)",
        xaxis={"tickangle": -35},
        yaxis={"autorange": "reversed"},
        font_size=14,
        height=160 + 50 * max(len(profile), 1),
        margin={"t": 90, "b": 160},
    )


def loaded_rates(loaded: pd.DataFrame, articles: pd.DataFrame) -> go.Figure:
    """Return a grouped bar chart of loaded terms per 1,000 body words, the writer's voice against quoted voices,
    per outlet."""
    words = articles.groupby(articles.outlet.fillna("unknown outlet")).n_words.sum()
    outlet_of = articles.set_index("article_id").outlet.fillna("unknown outlet")
    counts = (
        loaded.assign(outlet=loaded.article_id.map(outlet_of)).groupby(["outlet", "voice"]).size().unstack(fill_value=0)
    )
    counts = counts.reindex(index=words.index, columns=["writer", "quoted"], fill_value=0)
    rates = counts.div(words.clip(lower=1), axis=0) * 1000
    figure = go.Figure()
    for voice, colour, pattern in (("writer", "#D55E00", ""), ("quoted", "#56B4E9", "/")):
        figure.add_bar(
            x=rates.index,
            y=rates[voice],
            name=f"{voice}'s voice" if voice == "writer" else "quoted voices",
            marker={"color": colour, "pattern": {"shape": pattern}},
            hovertemplate="%{x}<br>%{y:.1f} per 1,000 words<extra>" + voice + "</extra>",
        )
    top = rates.writer.idxmax() if len(rates) else "none"
    return titled(
        figure,
        "How many loaded words, and in whose voice?",
        f"{top} uses the most loaded words in its own voice ({rates.writer.max():.0f} per 1,000 words); small "
        "samples: five articles say nothing about an outlet in general.",
        x="Outlet",
        y="Tagged terms per 1,000 body words",
        barmode="group",
        height=430,
        legend={"orientation": "h", "y": -0.25},
        margin={"t": 90},
    )


def readability_bars(scores: pd.DataFrame, articles: pd.DataFrame) -> go.Figure:
    """Return bars of each article's Flesch-Kincaid grade (years of US schooling), with Flesch reading ease on hover."""
    labels = article_labels(scores.article_id, articles)
    figure = go.Figure(
        go.Bar(
            x=labels,
            y=scores.flesch_kincaid_grade,
            marker={"color": "#0072B2"},
            customdata=scores[["flesch_reading_ease", "words_per_sentence"]],
            hovertemplate="%{x}<br>grade %{y:.1f}<br>reading ease %{customdata[0]:.0f}<br>"
            "%{customdata[1]:.1f} words per sentence<extra></extra>",
        )
    )
    spread = scores.flesch_kincaid_grade.max() - scores.flesch_kincaid_grade.min() if len(scores) else 0
    return titled(
        figure,
        "How hard is each article to read?",
        f"All need about {scores.flesch_kincaid_grade.min():.0f}+ years of schooling; the spread is {spread:.1f} "
        "grades. Length counts, not meaning: see the note below.",
        x="Article (id · outlet)",
        y="Flesch-Kincaid grade level",
        height=420,
    )


def thread_drift(comment_rows: pd.DataFrame, article_id: str) -> go.Figure:
    """Return sentiment and relevance of each comment by its position in one thread."""
    rows = comment_rows[comment_rows.article_id == article_id].sort_values("position")
    figure = go.Figure()
    figure.add_scatter(
        x=rows.position,
        y=rows.sentiment.astype(float),
        name="sentiment (VADER)",
        mode="lines+markers",
        marker={"color": "#D55E00", "symbol": "circle", "size": 10},
        line={"dash": "solid"},
    )
    figure.add_scatter(
        x=rows.position,
        y=rows.relevance.astype(float),
        name="relevance to the article",
        mode="lines+markers",
        marker={"color": "#0072B2", "symbol": "square", "size": 10},
        line={"dash": "dot"},
    )
    n = len(rows)
    if n >= 4:
        first, last = (
            rows.relevance.astype(float).iloc[: n // 2].mean(),
            rows.relevance.astype(float).iloc[n // 2 :].mean(),
        )
        trend = "drifts away from" if last < first else "stays close to"
        takeaway = f"Relevance {trend} the article down the thread ({first:.2f} → {last:.2f}); only {n} comments."
    else:
        takeaway = f"Only {n} comments: no trend can be read."
    return titled(
        figure,
        "Does the thread drift away from the article?",
        takeaway,
        x="Position in the thread (1 = first comment)",
        y="Score (sentiment -1 to 1; relevance 0 to 1)",
        xaxis={"dtick": 1},
        yaxis={"range": [-1.05, 1.05]},
        height=420,
        legend={"orientation": "h", "y": -0.25},
    )


def target_counts(comment_rows: pd.DataFrame) -> go.Figure:
    """Return a bar chart of which actors the comments are about."""
    counts = comment_rows.targets.dropna().str.split("; ").explode().value_counts()
    figure = go.Figure(
        go.Bar(
            x=counts.index,
            y=counts.to_numpy(),
            marker={"color": "#CC79A7"},
            hovertemplate="%{x}: %{y} comments<extra></extra>",
        )
    )
    top = f"{counts.index[0]} is mentioned in {counts.iloc[0]} comments" if len(counts) else "No actor is mentioned"
    return titled(
        figure,
        "Who are the comments about?",
        f"{top}; a comment can name several.",
        x="Actor named in the comment",
        y="Number of comments",
        height=400,
    )


def distinctive_scatter(table: pd.DataFrame, label_a: str, label_b: str, top: int = 12) -> go.Figure:
    """Return the Fightin' Words plot: each word's frequency against its z-score, the most distinctive labelled."""
    figure = go.Figure()
    for side, colour, label in ((table.z > 0, "#D55E00", label_a), (table.z <= 0, "#0072B2", label_b)):
        words = table[side]
        shown = words.reindex(words.z.abs().sort_values(ascending=False).index[:top]).index
        figure.add_scatter(
            x=words.frequency,
            y=words.z,
            mode="markers+text",
            name=f"more in {label}",
            marker={"color": colour, "symbol": "circle" if label == label_a else "square", "size": 7, "opacity": 0.6},
            text=[w if i in shown else "" for i, w in zip(words.index, words.word, strict=True)],
            textposition="top center",
            customdata=words[["word", "count_a", "count_b"]],
            hovertemplate="%{customdata[0]}: z %{y:.2f}<br>"
            + label_a
            + " %{customdata[1]}, "
            + label_b
            + " %{customdata[2]}<extra></extra>",
        )
    strong = table[table.z.abs() >= 1.96]
    takeaway = (
        f"{len(strong)} word{'s differ' if len(strong) != 1 else ' differs'} beyond |z| 1.96; "
        "with few articles most differences are topic, not outlet style."
    )
    titled(
        figure,
        f"Which words set {label_a} apart from {label_b}?",
        takeaway,
        x="Word frequency in both (log scale)",
        y="z-score of the weighted log-odds ratio",
        xaxis={"type": "log"},
        font_size=14,
        height=520,
        legend={"orientation": "h", "y": -0.2},
    )
    figure.add_hline(y=1.96, line_dash="dot", line_color="#777")
    figure.add_hline(y=-1.96, line_dash="dot", line_color="#777")
    return figure
