"""Widget factories for the lessons: each takes tables, returns a ready widget, never calls display().

The HTML comes from `kit.highlight`; a widget only connects controls to it, so tests can build and
drive a widget without a browser.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from kit.highlight import legend_html, segments_html
from kit.schema import SEGMENT_GROUPS, SEGMENT_KINDS

VIEWS = {
    "Whole page": set(SEGMENT_GROUPS.values()),
    "Article only": {"article"},
    "Furniture and comments": {"furniture", "comments"},
}


def article_options(articles: pd.DataFrame) -> list[tuple[str, str]]:
    """Return dropdown options `(label, article_id)`: id, outlet and the start of the title."""
    options = []
    for row in articles.itertuples(index=False):
        outlet = row.outlet if pd.notna(row.outlet) else "unknown outlet"
        title = row.title if pd.notna(row.title) else "(no headline found)"
        options.append((f"{row.article_id[:3]} · {outlet} · {title[:48]}", row.article_id))
    return options


def page_summary(article: pd.Series, segments: pd.DataFrame) -> str:
    """Return one line of HTML summarising an article's anatomy (escaped)."""
    body = segments[segments.kind == "body"]
    shown = lambda value: html.escape(str(value)) if pd.notna(value) else "<em>not printed</em>"  # noqa: E731
    return (
        f"<p style='font-size:15px'><b>{shown(article.title)}</b><br>By {shown(article.author)} · "
        f"date {shown(article.date)} · outlet {shown(article.outlet)} · "
        f"body: {len(body)} paragraphs, {int(article.n_words)} words · "
        f"comment section: {html.escape(str(article.comments_status))} ({int(article.n_comments)} comments)</p>"
    )


def anatomy_explorer(articles: pd.DataFrame, segments: pd.DataFrame) -> widgets.VBox:
    """Return a widget to pick an article and see its page with every segment shaded and labelled."""
    pick = widgets.Dropdown(
        options=article_options(articles),
        description="Article",
        layout=widgets.Layout(width="46em"),
        style={"description_width": "initial"},
    )
    view_choice = widgets.ToggleButtons(
        options=list(VIEWS),
        description="Shade",
        style={"description_width": "initial"},
        tooltips=["every segment", "headline, byline, body, captions", "menus, promos, author box, comment section"],
    )
    summary, page, log = widgets.HTML(), widgets.HTML(), widgets.Output()
    legend = widgets.HTML(legend_html(SEGMENT_KINDS))

    @log.capture(clear_output=True)  # callback errors show under the widget instead of vanishing
    def refresh(_=None):
        article_id = pick.value
        article = articles.loc[articles.article_id == article_id].iloc[0]
        rows = segments[segments.article_id == article_id]
        shaded = rows[rows.kind.map(SEGMENT_GROUPS).isin(VIEWS[view_choice.value])]
        summary.value = page_summary(article, rows)
        page.value = segments_html(article.text, shaded, article_id)

    pick.observe(refresh, names="value")
    view_choice.observe(refresh, names="value")
    if len(articles):
        refresh()
    return widgets.VBox([pick, view_choice, legend, summary, page, log])
