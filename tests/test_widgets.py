"""Widgets and HTML views, driven without a browser: controls change what is shown, text is escaped."""

from __future__ import annotations

import pandas as pd

import kit
from kit.highlight import segments_html


def test_anatomy_explorer_follows_the_picker_and_the_shade_choice(corpus):
    explorer = kit.anatomy_explorer(corpus.articles, corpus.segments)
    pick, shade, _legend, summary, page, log = explorer.children
    assert 'data-article-id="000_88799ff349ff80df"' in page.value
    assert "Russia v. Trump Regime on" in summary.value
    pick.value = "002_b0f4844b8eb47614"
    assert 'data-article-id="002_b0f4844b8eb47614"' in page.value
    assert page.value.count('data-kind="comment"') == 8
    assert "Havana Times" in summary.value and "closed to new comments (8 comments)" in summary.value
    shade.value = "Furniture and comments"
    assert 'data-kind="body"' not in page.value and 'data-kind="comment"' in page.value
    shade.value = "Article only"
    assert 'data-kind="comment"' not in page.value and 'data-kind="body"' in page.value
    assert not log.outputs


def test_page_html_escapes_untrusted_text_and_labels_every_segment():
    text = 'Title <script>alert("x")</script>\n\nBody & more "quoted" text.'
    rows = pd.DataFrame(
        {
            "kind": ["headline", "body"],
            "start": [0, text.index("Body")],
            "end": [text.index("\n"), len(text)],
            "rule": ["r1", "r2"],
            "reason": ["a <b>reason</b>", "another"],
        }
    )
    shown = segments_html(text, rows, article_id='x" onload="bad')
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "<b>reason" not in shown
    assert 'onload="bad' not in shown
    assert shown.count("kit-tag") >= 2 and "HEADLINE" in shown and "BODY" in shown


def test_missing_metadata_is_visible(corpus):
    styled = kit.highlight_missing(corpus.articles[["article_id", "date"]])
    html = styled.to_html()
    assert html.count("missing") == 2
    assert "repeating-linear-gradient" in html


def test_composition_figure_is_titled_labelled_and_states_a_takeaway(corpus):
    figure = kit.page_composition(corpus.articles, corpus.segments)
    assert figure.layout.title.text == "How much of each page is the article?"
    assert "ranges from" in figure.layout.title.subtitle.text
    assert figure.layout.xaxis.title.text and figure.layout.yaxis.title.text
    assert len(figure.data) == 3 and all(len(trace.x) == 5 for trace in figure.data)


def test_building_a_lesson_widget_writes_nothing_through_an_output_widget(corpus, monkeypatch):
    """Voilà runs the lessons with nbclient, which can hang at "Executing N of M" when a cell writes into an
    Output widget (nbclient #312): factories draw their first view directly, and only later redraws, started
    by a control, go through the `log` Output that shows their errors."""
    import ipywidgets as widgets

    entered = []
    original_enter = widgets.Output.__enter__
    monkeypatch.setattr(widgets.Output, "__enter__", lambda self: entered.append(self) or original_enter(self))
    quotes = kit.quotes(corpus)
    built = [
        kit.anatomy_explorer(corpus.articles, corpus.segments),
        kit.quote_explorer(corpus.articles, corpus.segments, quotes),
        kit.loaded_explorer(corpus.articles, corpus.segments, kit.loaded_terms(corpus, quotes)),
        kit.comment_thread(corpus.articles, kit.comments(corpus)),
        kit.side_by_side(corpus.articles, corpus.segments, kit.events(corpus), kit.reuse(corpus)),
        kit.vocabulary_explorer(corpus),
    ]
    assert not entered, "a factory wrote into an Output widget while it was built"

    chart = built[-1].children[1]  # the figure is in its state (drawn in a browser: test_browser.py)
    assert [output["output_type"] for output in chart.outputs] == ["display_data"]
    pick = built[0].children[0]
    pick.value = "002_b0f4844b8eb47614"
    assert entered, "a change of a control redraws through the log"
    assert 'data-article-id="002_b0f4844b8eb47614"' in built[0].children[4].value
