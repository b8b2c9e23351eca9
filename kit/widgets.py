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

STATUS_WORDS = {
    "open": "open",
    "closed": "closed to new comments",
    "form_only": "a reply form, no comments yet",
    "offsite": "on another platform",
    "none": "none on the page",
}
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
        f"comment section: {STATUS_WORDS.get(article.comments_status, article.comments_status)} "
        f"({int(article.n_comments)} comments)</p>"
    )


def _article_picker(articles: pd.DataFrame) -> widgets.Dropdown:
    """The article dropdown every explorer starts with (keyboard-operable, labelled for screen readers)."""
    return widgets.Dropdown(
        options=article_options(articles),
        description="Article",
        layout=widgets.Layout(width="46em"),
        style={"description_width": "initial"},
    )


def _redraw_on_change(log: widgets.Output, redraw, *controls: widgets.Widget) -> None:
    """Call `redraw` whenever a control's value changes, with errors shown in `log` instead of vanishing.

    Factories draw the first view with a plain call *before* connecting the controls, so that building a widget
    writes nothing into an Output widget. Where Voilà (nbclient) runs the notebook, every output captured by an
    Output widget makes it send a message on the kernel's shell channel while it waits for the cell's reply
    there, and that wait can then miss the reply and hang the dashboard at "Executing N of M" (nbclient #312).
    """
    captured = log.capture(clear_output=True)(redraw)
    for control in controls:
        control.observe(captured, names="value")


def anatomy_explorer(articles: pd.DataFrame, segments: pd.DataFrame) -> widgets.VBox:
    """Return a widget to pick an article and see its page with every segment shaded and labelled."""
    pick = _article_picker(articles)
    view_choice = widgets.ToggleButtons(
        options=list(VIEWS),
        description="Shade",
        style={"description_width": "initial", "button_width": "15em"},
        tooltips=["every segment", "headline, byline, body, captions", "menus, promos, author box, comment section"],
    )
    summary, page, log = widgets.HTML(), widgets.HTML(), widgets.Output()
    legend = widgets.HTML(legend_html(SEGMENT_KINDS))

    def refresh(_=None):
        article_id = pick.value
        article = articles.loc[articles.article_id == article_id].iloc[0]
        rows = segments[segments.article_id == article_id]
        shaded = rows[rows.kind.map(SEGMENT_GROUPS).isin(VIEWS[view_choice.value])]
        summary.value = page_summary(article, rows)
        page.value = segments_html(article.text, shaded, article_id)

    if len(articles):
        refresh()
    _redraw_on_change(log, refresh, pick, view_choice)
    return widgets.VBox([pick, view_choice, legend, summary, page, log])


def quote_explorer(articles: pd.DataFrame, segments: pd.DataFrame, quotes: pd.DataFrame) -> widgets.VBox:
    """Return a widget to pick an article and kinds of quote, and see who speaks, where and why."""
    from kit.highlight import QUOTE_STYLE, quote_legend_html, quotes_html

    pick = _article_picker(articles)
    # buttons read like the labels on the page (REPORTED, not 'indirect'), each with a tooltip
    kinds = widgets.ToggleButtons(
        options=[("all", "all")] + [(label.lower(), kind) for kind, (_style, label) in QUOTE_STYLE.items()],
        description="Show",
        tooltips=[
            "every quote",
            *(f"only {label.lower()} quotes ({style} underline)" for style, label in QUOTE_STYLE.values()),
        ],
        style={"description_width": "initial", "button_width": "8em"},
    )
    page, table, log = widgets.HTML(), widgets.HTML(), widgets.Output()

    def refresh(_=None):
        article_id = pick.value
        rows = quotes[quotes.article_id == article_id]
        if kinds.value != "all":
            rows = rows[rows.kind == kinds.value]
        article = articles.loc[articles.article_id == article_id].iloc[0]
        page.value = quotes_html(article.text, segments[segments.article_id == article_id], rows, article_id)
        shown = rows[["kind", "speaker", "speaker_type", "cue", "via", "quote"]].copy()
        shown["quote"] = shown.quote.str.slice(0, 90)
        table.value = shown.to_html(index=False, na_rep="—", classes="kit-table", escape=True)

    if len(articles):
        refresh()
    _redraw_on_change(log, refresh, pick, kinds)
    return widgets.VBox([pick, kinds, widgets.HTML(quote_legend_html()), page, table, log])


def scare_quote_quiz(articles: pd.DataFrame, quotes: pd.DataFrame, n: int = 4, seed: int = 0) -> widgets.VBox:
    """Return a short activity: for sentences with quote marks, decide 'scare quote or real quote?', then
    check against the kit's labels and read its reasons (the kit is one opinion, not the answer key)."""
    import random

    texts = dict(zip(articles.article_id, articles.text, strict=True))
    scare = quotes[quotes.kind == "scare"]
    quoted = quotes[quotes.kind.isin(["direct", "partial"]) & (quotes.end - quotes.start < 160)]
    rng = random.Random(seed)
    picks = [r for _, r in scare.sample(min(len(scare), (n + 1) // 2), random_state=seed).iterrows()]
    picks += [r for _, r in quoted.sample(min(len(quoted), n - len(picks)), random_state=seed).iterrows()]
    rng.shuffle(picks)
    items, answers = [], []
    for row in picks:
        text = texts[row.article_id]
        start = max(text.rfind("\n", 0, int(row.start)) + 1, int(row.start) - 160)
        end = text.find("\n", int(row.end))
        end = len(text) if end == -1 else min(end, int(row.end) + 120)
        snippet = (
            html.escape(text[start : int(row.start)])
            + "<mark>"
            + html.escape(text[int(row.start) : int(row.end)])
            + "</mark>"
            + html.escape(text[int(row.end) : end])
        )
        number = len(items) + 1  # a label per question, so a screen reader says which sentence a choice is for
        choice = widgets.ToggleButtons(
            options=["scare quote", "someone's words"],
            value=None,
            description=f"Sentence {number}",
            tooltips=[f"sentence {number}: the writer keeps a distance", f"sentence {number}: someone is quoted"],
            style={"description_width": "initial", "button_width": "11em"},
        )
        items.append(widgets.VBox([widgets.HTML(f"<p style='font-size:16px'>…{snippet}…</p>"), choice]))
        answers.append((choice, row))
    result = widgets.HTML()
    check = widgets.Button(description="Check my answers", button_style="primary", icon="check")

    def on_check(_=None):
        lines, agree = [], 0
        for number, (choice, row) in enumerate(answers, start=1):
            kit_says = "scare quote" if row.kind == "scare" else "someone's words"
            agree += choice.value == kit_says
            yours = html.escape(choice.value or "no answer")
            lines.append(f"<li><b>{number}.</b> you: {yours} · kit: {kit_says} — <i>{html.escape(row.reason)}</i></li>")
        result.value = (
            f"<p>You agree with the kit on {agree} of {len(answers)}. Where you disagree, who is right? "
            f"Read the sentence again.</p><ol style='list-style:none'>{''.join(lines)}</ol>"
        )

    check.on_click(on_check)
    return widgets.VBox([*items, check, result])


CONFIDENCE_VIEWS = {
    "all levels": ("high", "medium", "low"),
    "high only": ("high",),
    "high and medium": ("high", "medium"),
}
"""The loaded explorer's confidence filter: which `loaded_terms.confidence` values each choice shows."""


def loaded_explorer(articles: pd.DataFrame, segments: pd.DataFrame, loaded: pd.DataFrame) -> widgets.VBox:
    """Return a widget to see an article's loaded words by category and voice, and to read it rewritten
    with neutral wording ('feel the difference')."""
    from kit.highlight import LOADED_STYLE, loaded_html, loaded_legend_html

    pick = _article_picker(articles)
    category = widgets.Dropdown(
        options=["all categories", *LOADED_STYLE], description="Show", style={"description_width": "initial"}
    )
    voice = widgets.ToggleButtons(
        options=["both voices", "writer", "quoted"],
        description="Voice",
        tooltips=["every tagged word", "only the writer's own words", "only words inside quotes"],
        style={"description_width": "initial", "button_width": "9em"},
    )
    confidence = widgets.Dropdown(
        options=list(CONFIDENCE_VIEWS),
        description="Confidence",
        style={"description_width": "initial"},
        tooltip="high: usually right (precision 0.68 on a public annotated corpus); medium: nouns and labels; "
        "low: repeats, and nouns after 'the' or 'these'",
    )
    rewrite = widgets.Checkbox(value=False, description="Neutral rewrite", indent=False)
    summary, page, log = widgets.HTML(), widgets.HTML(), widgets.Output()

    def refresh(_=None):
        article_id = pick.value
        rows = loaded[loaded.article_id == article_id]
        if category.value != "all categories":
            rows = rows[rows.category == category.value]
        if voice.value != "both voices":
            rows = rows[rows.voice == voice.value]
        if "confidence" in rows:
            rows = rows[rows.confidence.isin(CONFIDENCE_VIEWS[confidence.value])]
        article = articles.loc[articles.article_id == article_id].iloc[0]
        words = max(int(article.n_words), 1)
        writer = int((loaded[(loaded.article_id == article_id)].voice == "writer").sum())
        summary.value = (
            f"<p style='font-size:15px'>{len(rows)} tagged terms shown · in the writer's own voice: "
            f"{writer} ({writer / words * 1000:.1f} per 1,000 words)</p>"
        )
        page.value = loaded_html(
            article.text, segments[segments.article_id == article_id], rows, article_id, rewrite=rewrite.value
        )

    if len(articles):
        refresh()
    _redraw_on_change(log, refresh, pick, category, voice, confidence, rewrite)
    return widgets.VBox(
        [
            pick,
            widgets.HBox([category, confidence, rewrite]),
            voice,
            widgets.HTML(loaded_legend_html()),
            summary,
            page,
            log,
        ]
    )


def comment_thread(articles: pd.DataFrame, comment_rows: pd.DataFrame) -> widgets.VBox:
    """Return a widget to read an article's comment thread with badges, filtered by incivility and target."""
    from kit.highlight import thread_html

    with_comments = articles[articles.article_id.isin(set(comment_rows.article_id))]
    pick = _article_picker(with_comments if len(with_comments) else articles)
    level = widgets.FloatSlider(
        value=0.0,
        min=0.0,
        max=1.0,
        step=0.05,
        description="Incivility at least",
        tooltip="show comments whose incivility score is at least this (arrow keys move it by 0.05)",
        continuous_update=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="32em"),
    )
    target = widgets.Dropdown(description="About", style={"description_width": "initial"})
    summary, view, log = widgets.HTML(), widgets.HTML(), widgets.Output()

    def targets_of(article_id):
        cells = comment_rows.loc[comment_rows.article_id == article_id, "targets"].dropna()
        return ["anyone", *sorted({t for cell in cells for t in cell.split("; ")})]

    def refresh(_=None):
        rows = comment_rows[comment_rows.article_id == pick.value]
        shown = rows[rows.incivility.astype(float) >= level.value]
        if target.value and target.value != "anyone":
            shown = shown[shown.targets.fillna("").str.contains(target.value, regex=False)]
        summary.value = f"<p style='font-size:15px'>{len(shown)} of {len(rows)} comments shown</p>"
        view.value = thread_html(shown)

    def new_article(_=None):
        target.options = targets_of(pick.value)
        target.value = "anyone"
        refresh()

    if pick.value is not None:
        new_article()
    _redraw_on_change(log, new_article, pick)
    _redraw_on_change(log, refresh, level, target)
    return widgets.VBox([pick, widgets.HBox([level, target]), summary, view, log])


def side_by_side(
    articles: pd.DataFrame, segments: pd.DataFrame, event_rows: pd.DataFrame, reuse_rows: pd.DataFrame
) -> widgets.VBox:
    """Return a widget to pick two articles (those of one event, or any pair that shares passages) and read
    them side by side with the shared passages numbered in both."""
    from kit.highlight import side_by_side_html

    labels = {article_id: label for label, article_id in article_options(articles)}
    pairs = []
    for _, group in event_rows[event_rows.n_articles > 1].groupby("event_id"):
        ids = sorted(group.article_id)
        pairs += [
            (f"same event: {labels[a][:40]}  ↔  {labels[b][:40]}", (a, b))
            for i, a in enumerate(ids)
            for b in ids[i + 1 :]
        ]
    for (a, b), group in reuse_rows.groupby(["article_a", "article_b"]):  # pairs that share passages come first
        option = (f"{int(group.n_words.sum())} shared words: {labels[a][:36]}  ↔  {labels[b][:36]}", (a, b))
        pairs = [option] + [p for p in pairs if p[1] != (a, b)]
    if not pairs:
        return widgets.VBox([widgets.HTML("<p>No two articles report the same event or share passages.</p>")])
    pick = widgets.Dropdown(
        options=pairs, description="Pair", layout=widgets.Layout(width="60em"), style={"description_width": "initial"}
    )
    only_shared = widgets.Checkbox(value=True, description="Only paragraphs with shared passages", indent=False)
    summary, view, log = widgets.HTML(), widgets.HTML(), widgets.Output()

    def refresh(_=None):
        a, b = pick.value
        shared = reuse_rows[(reuse_rows.article_a == a) & (reuse_rows.article_b == b)]
        text = dict(zip(articles.article_id, articles.text, strict=True))
        summary.value = (
            f"<p style='font-size:15px'>{len(shared)} shared passages, {int(shared.n_words.sum())} words "
            "in the same order in both articles.</p>"
        )
        view.value = side_by_side_html(
            text[a],
            text[b],
            segments[segments.article_id == a],
            segments[segments.article_id == b],
            shared,
            (labels[a], labels[b]),
            only_shared=only_shared.value,
        )

    refresh()
    _redraw_on_change(log, refresh, pick, only_shared)
    return widgets.VBox([pick, only_shared, summary, view, log])


def vocabulary_explorer(corpus) -> widgets.VBox:
    """Return a widget to pick two outlets and see which words set them apart (weighted log-odds, Fightin' Words)."""
    from kit.compare import distinctive_words
    from kit.plots import distinctive_scatter

    outlets = sorted(corpus.articles.outlet.fillna("unknown outlet").unique())
    first = widgets.Dropdown(
        options=outlets, value=outlets[0], description="Outlet A", style={"description_width": "initial"}
    )
    second = widgets.Dropdown(
        options=outlets, value=outlets[-1], description="Outlet B", style={"description_width": "initial"}
    )
    chart, log = widgets.Output(), widgets.Output()

    def refresh(_=None):
        outlet = corpus.articles.outlet.fillna("unknown outlet")
        table = distinctive_words(
            corpus,
            list(corpus.articles.article_id[outlet == first.value]),
            list(corpus.articles.article_id[outlet == second.value]),
        )
        # the figure goes into the Output's state, not through a captured display(): see _redraw_on_change
        chart.outputs = ()
        chart.append_display_data(distinctive_scatter(table, first.value, second.value))

    refresh()
    _redraw_on_change(log, refresh, first, second)
    return widgets.VBox([widgets.HBox([first, second]), chart, log])
