"""Accessibility of the lessons' views, checked without a browser.

- Contrast: every run of text in every HTML view, on every tint it sits on, reaches WCAG 2's 4.5:1 (AA for
  normal text). The contrast is computed here from the HTML the views return, independently of the kit's own
  colour helpers, so a new colour or tint cannot slip through.
- Never colour alone: every highlight kind carries a written label and a line style of its own.
- Projector: text sizes and chart fonts stay large enough to read from the back of a room.
- Keyboard and screen readers: every control of every widget is labelled (ipywidgets renders native <select>,
  <button> and <input> elements, so a labelled control is reachable with Tab). The browser test
  (test_browser.py) operates the dashboards with the keyboard alone.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import ipywidgets as widgets
import pandas as pd
import pytest

import kit
from kit import highlight
from kit.comments import EDGY_FROM, UNCIVIL_FROM

WCAG_AA = 4.5
WHITE, PAGE_TEXT, TAG_TEXT, TAG_BACKGROUND = (255, 255, 255), (17, 17, 17), (255, 255, 255), (34, 34, 34)
# Text outside `.kit-page` takes the notebook's colour: JupyterLab's --jp-content-font-color1, rgba(0,0,0,0.87).
NOTEBOOK_TEXT = (33, 33, 33)
VOID = {"br", "hr", "img", "input", "meta", "wbr"}


# ------------------------------------------------------------------------------------- WCAG arithmetic


def parse_colour(value: str) -> tuple[tuple[float, float, float], float]:
    """`#rgb`, `#rrggbb` or `rgb[a](r, g, b[, a])` as ((r, g, b), alpha)."""
    value = value.strip().lower()
    if match := re.fullmatch(r"#([0-9a-f]{3}|[0-9a-f]{6})", value):
        digits = match[1] if len(match[1]) == 6 else "".join(c * 2 for c in match[1])
        return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4)), 1.0
    if match := re.fullmatch(r"rgba?\(([^)]*)\)", value):
        parts = [float(p) for p in match[1].split(",")]
        return tuple(parts[:3]), parts[3] if len(parts) == 4 else 1.0
    raise ValueError(f"not a colour: {value!r}")


def over(colour: str, backdrop: tuple[float, ...]) -> tuple[float, ...]:
    """The colour seen when `colour` (maybe translucent) is painted over an opaque backdrop."""
    rgb, alpha = parse_colour(colour)
    return tuple(alpha * c + (1 - alpha) * b for c, b in zip(rgb, backdrop, strict=True))


def luminance(rgb: tuple[float, ...]) -> float:
    """WCAG 2 relative luminance."""
    linear = [(c / 255) / 12.92 if c / 255 <= 0.04045 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    # widely quoted reference values: #767676 is the lightest grey that passes AA on white, #595959 passes AAA
    [("#000", "#fff", 21.0), ("#777777", "#ffffff", 4.48), ("#767676", "#fff", 4.54), ("#595959", "#fff", 7.0)],
)
def test_contrast_arithmetic_matches_published_values(a, b, expected):
    assert contrast(parse_colour(a)[0], parse_colour(b)[0]) == pytest.approx(expected, abs=0.01)


# ------------------------------------------------------------------------- contrast of the rendered views


class TextColours(HTMLParser):
    """Walk a view's HTML, tracking the text colour and the composited background of every text run."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = [(NOTEBOOK_TEXT, WHITE, "notebook")]
        self.runs: list[tuple[float, str, str]] = []  # (contrast, text, where)
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        if tag == "style":
            self.in_style = True
            return
        text, background, _ = self.stack[-1]
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if "kit-page" in classes:
            text, background = PAGE_TEXT, WHITE
        if "kit-tag" in classes:
            text, background = TAG_TEXT, TAG_BACKGROUND
        for declaration in (attributes.get("style") or "").split(";"):
            name, _, value = declaration.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name in ("background", "background-color") and re.match(r"#|rgba?\(", value):
                background = over(value, background)
            elif name == "background" and value:
                raise AssertionError(f"a background the test cannot check: {value}")
            elif name == "color":
                text = over(value, background)
            elif name == "opacity":  # fades the text into what lies under the element
                _, below, _ = self.stack[-1]
                alpha = float(value)
                text = tuple(alpha * t + (1 - alpha) * b for t, b in zip(text, below, strict=True))
        where = f"<{tag} class='{' '.join(classes)}'>"
        if tag not in VOID:
            self.stack.append((text, background, where))

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False
        elif tag not in VOID and len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_style or not data.strip():
            return
        text, background, where = self.stack[-1]
        self.runs.append((contrast(text, background), data.strip()[:40], where))


def lowest_contrast(view_html: str) -> tuple[float, str, str]:
    parser = TextColours()
    parser.feed(view_html)
    assert parser.runs, "the view shows no text"
    return min(parser.runs)


def views(corpus: kit.Corpus):
    """Every HTML view of the lessons, on every bundled article, in each of its modes."""
    quotes = kit.quotes(corpus)
    loaded = kit.loaded_terms(corpus, quotes)
    comments = kit.comments(corpus)
    reuse = kit.reuse(corpus)
    yield "legend", highlight.legend_html()
    yield "quote legend", highlight.quote_legend_html()
    yield "loaded legend", highlight.loaded_legend_html()
    for article in corpus.articles.itertuples(index=False):
        article_id, text = article.article_id, article.text
        segments = corpus.segments[corpus.segments.article_id == article_id]
        yield f"segments {article_id}", highlight.segments_html(text, segments, article_id)
        rows = quotes[quotes.article_id == article_id]
        yield f"quotes {article_id}", highlight.quotes_html(text, segments, rows, article_id)
        rows = loaded[loaded.article_id == article_id]
        for rewrite in (False, True):
            yield f"loaded {article_id} rewrite={rewrite}", highlight.loaded_html(text, segments, rows, rewrite=rewrite)
        thread = comments[comments.article_id == article_id]
        if len(thread):
            yield f"thread {article_id}", highlight.thread_html(thread)
    texts = dict(zip(corpus.articles.article_id, corpus.articles.text, strict=True))
    classmates = kit.load_annotations(corpus=corpus)  # lesson 05: every classmate's marks and the kit's
    marked = pd.concat([classmates, kit.kit_annotations(quotes, loaded, article_ids=list(set(classmates.article_id)))])
    for article_id, rows in marked.groupby("article_id"):
        yield f"annotations {article_id}", kit.annotations_html(texts[article_id], rows, article_id=article_id)
    for (a, b), shared in reuse.groupby(["article_a", "article_b"]):
        yield f"side by side {a} {b}", _side_by_side(corpus, a, b, shared)


def _side_by_side(corpus, a: str, b: str, shared: pd.DataFrame) -> str:
    """Articles `a` and `b` of `corpus` side by side, titled A and B, with their `shared` passages boxed."""
    texts = dict(zip(corpus.articles.article_id, corpus.articles.text, strict=True))
    segments = corpus.segments
    return highlight.side_by_side_html(
        texts[a], texts[b], segments[segments.article_id == a], segments[segments.article_id == b], shared, ("A", "B")
    )


def test_every_text_in_every_view_has_a_contrast_of_at_least_4_5(corpus):
    checked, failures = 0, []
    for name, view_html in views(corpus):
        ratio, text, where = lowest_contrast(view_html)
        checked += 1
        if ratio < WCAG_AA:
            failures.append(f"{name}: {ratio:.2f}:1 for {text!r} in {where}")
    assert checked > 20, "every view was checked"
    assert not failures, "text below 4.5:1 contrast:\n" + "\n".join(failures)


@pytest.mark.parametrize(
    "colour",
    sorted(
        {
            *highlight.SPEAKER_COLOURS,
            *highlight.SHARED_COLOURS,
            *(colour for colour, _border, _label in highlight.LOADED_STYLE.values()),
            "#444444",  # a quote with no named speaker
        }
    ),
)
def test_label_tags_are_readable_on_every_palette_colour(colour):
    style = highlight._tag_style(colour)
    ink = re.search(r"color:\s*(#[0-9a-fA-F]+)", style)[1]
    assert contrast(parse_colour(colour)[0], parse_colour(ink)[0]) >= WCAG_AA, style


@pytest.mark.parametrize("kind", sorted(highlight.PALETTE))
@pytest.mark.parametrize("alpha", [0.06, 0.10, 0.15, 0.22, 0.30])
def test_page_text_is_readable_on_every_tint(kind, alpha):
    """Every tint the views use (0.06 quoted words … 0.30 shared passages), for every palette colour."""
    backdrop = over(highlight._tint(highlight.PALETTE[kind], alpha), WHITE)
    assert contrast(PAGE_TEXT, backdrop) >= WCAG_AA


def test_missing_values_are_readable_on_both_stripes(corpus):
    styled = kit.highlight_missing(corpus.articles[["article_id", "date"]]).to_html()
    stripes = re.search(r"repeating-linear-gradient\(45deg, (#\w+), #\w+ 6px, (#\w+) 6px", styled).groups()
    text = re.search(r"[; ]color: (#\w+)", styled)[1]
    for stripe in stripes:
        assert contrast(parse_colour(text)[0], parse_colour(stripe)[0]) >= WCAG_AA, (text, stripe)


# --------------------------------------------------------------------------------- never colour alone


def test_every_segment_kind_has_its_own_label_and_its_group_a_border_style():
    from kit.schema import SEGMENT_GROUPS, SEGMENT_KINDS

    assert set(highlight.LABELS) == set(SEGMENT_KINDS)
    assert len(set(highlight.LABELS.values())) == len(highlight.LABELS), "labels are unique"
    groups = set(SEGMENT_GROUPS.values())
    assert {highlight.BORDER[group] for group in groups} == {"solid", "dashed", "dotted"}
    text = "Headline\n\nBody text.\n\nShare this!\n\n1 comment"
    rows = pd.DataFrame(
        {
            "kind": ["headline", "body", "boilerplate", "comment"],
            "start": [0, 10, 22, 35],
            "end": [8, 20, 33, 44],
            "rule": ["r"] * 4,
            "reason": ["why"] * 4,
        }
    )
    shown = highlight.segments_html(text, rows)
    for kind, style in [("headline", "solid"), ("body", "solid"), ("boilerplate", "dashed"), ("comment", "dotted")]:
        span = re.search(rf'<span class="kit-seg kit-{kind}"[^>]*>', shown)[0]
        assert f"5px {style}" in span, f"{kind} has a {style} border"
        assert f">{highlight.LABELS[kind]}</span>" in shown, f"{kind} is labelled in words"


@pytest.mark.parametrize(
    ("styles", "what"),
    [
        ({kind: style for kind, (style, _label) in highlight.QUOTE_STYLE.items()}, "quote underline"),
        ({cat: border for cat, (_colour, border, _label) in highlight.LOADED_STYLE.items()}, "loaded-word border"),
    ],
)
def test_each_quote_kind_and_loaded_category_has_its_own_line_style(styles, what):
    assert len(set(styles.values())) == len(styles), f"two kinds share a {what}: {styles}"


def test_quotes_and_loaded_words_show_their_label_and_line_style_in_the_page(corpus):
    quotes = kit.quotes(corpus)
    loaded = kit.loaded_terms(corpus, quotes)
    article = corpus.articles.iloc[0]
    segments = corpus.segments[corpus.segments.article_id == article.article_id]
    shown = highlight.quotes_html(article.text, segments, quotes[quotes.article_id == article.article_id])
    for kind in set(quotes[quotes.article_id == article.article_id].kind):
        style, label = highlight.QUOTE_STYLE[kind]
        span = re.search(rf'<span class="kit-quote" data-kind="{kind}"[^>]*>(<sup[^>]*>[^<]*)', shown)
        assert f"underline {style}" in span[0] and f">{label} · " in span[1], span[0]
    rows = loaded[loaded.article_id == article.article_id]
    shown = highlight.loaded_html(article.text, segments, rows)
    for row in rows.drop_duplicates("category").itertuples(index=False):
        _colour, border, label = highlight.LOADED_STYLE[row.category]
        span = re.search(rf'<span class="kit-loaded" data-category="{row.category}"[^>]*>(<sup[^>]*>[^<]*)', shown)
        assert f"3px {border}" in span[0] and f">{label}" in span[1], span[0]
    quoted = rows[rows.voice == "quoted"]
    if len(quoted):
        assert "· quoted</sup>" in shown, "quoted words say so in their label, not only with a paler tint"


def test_thread_marks_uncivil_comments_with_a_double_border_and_words(corpus):
    comments = kit.comments(corpus)
    shown = highlight.thread_html(comments)
    items = re.findall(r'<li class="kit-comment"[^>]*data-incivility="([\d.]+)"[^>]*>(.*?)</li>', shown, re.S)
    assert items
    for level, body in items:
        word = "uncivil" if float(level) >= UNCIVIL_FROM else "edgy" if float(level) >= EDGY_FROM else "civil"
        assert f">{word} {float(level):.2f}<" in body
    assert shown.count("6px double #D55E00") == sum(float(level) >= 0.5 for level, _ in items) > 0


def test_shared_passages_are_numbered_in_both_columns(corpus):
    reuse = kit.reuse(corpus)
    (a, b), shared = next(iter(reuse.groupby(["article_a", "article_b"])))
    shown = _side_by_side(corpus, a, b, shared)
    for number in range(1, len(shared) + 1):
        assert shown.count(f">SHARED {number}</sup>") == 2, f"passage {number} is numbered in both articles"


def test_chart_bars_differ_by_pattern_as_well_as_colour(corpus):
    figure = kit.page_composition(corpus.articles, corpus.segments)
    patterns = [trace.marker.pattern.shape for trace in figure.data]
    assert len(set(patterns)) == len(patterns) == 3


# ------------------------------------------------------------------------------------------- projector


def test_text_sizes_are_readable_on_a_projector():
    sizes = {
        rule: int(size)
        for rule, size in re.findall(r"\.(kit-page|kit-tag|kit-legend) \{[^}]*?font-size: (\d+)px", highlight._STYLE)
    }
    assert sizes.keys() == {"kit-page", "kit-tag", "kit-legend"}, sizes
    assert sizes["kit-page"] >= 16 and sizes["kit-tag"] >= 12 and sizes["kit-legend"] >= 14, sizes
    badge = highlight._badge("civil 0.00", "#009E73", "tip")
    assert int(re.search(r"font: (\d+)px", badge)[1]) >= 13


def test_lesson_charts_use_a_projector_sized_font(corpus):
    quotes = kit.quotes(corpus)
    figures = [
        kit.page_composition(corpus.articles, corpus.segments),
        kit.voice_share(kit.voice_shares(corpus, quotes)),
        kit.loaded_rates(kit.loaded_terms(corpus, quotes), corpus.articles),
        kit.readability_bars(kit.readability(corpus), corpus.articles),
    ]
    for figure in figures:
        assert figure.layout.font.size >= 14, figure.layout.title.text
        assert figure.layout.title.text, "every chart has a title"


# ------------------------------------------------------------------------------ keyboard, screen readers

CONTROLS = (
    widgets.Dropdown,
    widgets.Select,
    widgets.SelectMultiple,
    widgets.ToggleButtons,
    widgets.Checkbox,
    widgets.ToggleButton,
    widgets.FloatSlider,
    widgets.IntSlider,
    widgets.Text,
    widgets.Button,
)


def controls_of(widget) -> list[widgets.Widget]:
    found = [widget] if isinstance(widget, CONTROLS) else []
    for child in getattr(widget, "children", ()):
        found += controls_of(child)
    return found


def lesson_widgets(corpus: kit.Corpus):
    quotes = kit.quotes(corpus)
    events = kit.events(corpus)
    reuse = kit.reuse(corpus)
    yield "anatomy_explorer", kit.anatomy_explorer(corpus.articles, corpus.segments)
    yield "quote_explorer", kit.quote_explorer(corpus.articles, corpus.segments, quotes)
    yield "scare_quote_quiz", kit.scare_quote_quiz(corpus.articles, quotes, n=4)
    yield "loaded_explorer", kit.loaded_explorer(corpus.articles, corpus.segments, kit.loaded_terms(corpus, quotes))
    yield "comment_thread", kit.comment_thread(corpus.articles, kit.comments(corpus))
    yield "side_by_side", kit.side_by_side(corpus.articles, corpus.segments, events, reuse)
    yield "vocabulary_explorer", kit.vocabulary_explorer(corpus)


def test_every_control_of_every_lesson_widget_is_labelled(corpus):
    """A description becomes the control's visible <label> (or a button's text); tooltips name each toggle."""
    unlabelled, checked = [], 0
    for name, widget in lesson_widgets(corpus):
        for control in controls_of(widget):
            checked += 1
            if not (control.description or "").strip():
                unlabelled.append(f"{name}: {type(control).__name__} {getattr(control, 'options', '')}")
            if isinstance(control, widgets.ToggleButtons):
                tips = list(control.tooltips)
                if len(tips) != len(control.options) or not all(tip.strip() for tip in tips):
                    unlabelled.append(f"{name}: toggle buttons {control.description!r} without a tooltip each")
    assert checked >= 15
    assert not unlabelled, "controls a screen reader cannot name:\n" + "\n".join(unlabelled)


def test_quiz_questions_are_numbered_so_each_choice_says_which_sentence_it_is_for(corpus):
    quiz = kit.scare_quote_quiz(corpus.articles, kit.quotes(corpus), n=4)
    choices = [control for control in controls_of(quiz) if isinstance(control, widgets.ToggleButtons)]
    assert [choice.description for choice in choices] == [f"Sentence {n}" for n in range(1, 5)]


def test_quote_kind_buttons_use_the_words_of_the_page_labels(corpus):
    explorer = kit.quote_explorer(corpus.articles, corpus.segments, kit.quotes(corpus))
    kinds = explorer.children[1]
    labels = [label for label, _value in kinds.options]
    assert labels == ["all"] + [label.lower() for _style, label in highlight.QUOTE_STYLE.values()]
    kinds.value = "indirect"  # the button reads 'reported'; the value stays the table's kind
    assert 'data-kind="indirect"' in explorer.children[3].value
    assert 'data-kind="direct"' not in explorer.children[3].value
