"""Annotate and compare: exact offsets, hand-checked kappa and precision/recall, loud load errors, escaped HTML,
and the annotation widget driven in-process."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import kit
from kit.annotate import (
    ANNOTATION_COLUMNS,
    DISAGREEMENT_COLUMNS,
    ISSUES,
    disagreements_html,
    selection_html,
    tokens,
)

TEXT = "The regime said the plan was a total disaster for everyone."
HAVANA_TIMES = "002_b0f4844b8eb47614"


def annotation(text, words, layer, label, annotator, speaker=None, article_id="a", nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return {
        "article_id": article_id,
        "start": start,
        "end": start + len(words),
        "text": words,
        "layer": layer,
        "label": label,
        "speaker": speaker if speaker is not None else pd.NA,
        "annotator": annotator,
    }


def table(*rows):
    return kit.annotate._table(list(rows))


@pytest.fixture()
def articles():
    return pd.DataFrame({"article_id": ["a"], "text": [TEXT]})


# ---- Cohen's kappa ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # Two raters, 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15.
        # p_o = 35/50 = 0.7; p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = 0.2 / 0.5 = 0.4
        (["y"] * 25 + ["n"] * 25, ["y"] * 20 + ["n"] * 5 + ["y"] * 10 + ["n"] * 15, 0.4),
        # three labels: p_o = 4/6; p_e = (3*2 + 2*2 + 1*2) / 36 = 1/3; kappa = (1/3) / (2/3) = 0.5
        (list("aaabbc"), list("aabbcc"), 0.5),
        (list("abab"), list("abab"), 1.0),  # perfect agreement
        (list("yynn"), list("ynyn"), 0.0),  # p_o = 0.5 = p_e: no better than chance
        (list("yn"), list("ny"), -1.0),  # always disagree
    ],
)
def test_cohen_kappa_matches_hand_worked_values(first, second, expected):
    assert kit.cohen_kappa(first, second) == pytest.approx(expected)


def test_kappa_is_undefined_when_both_give_every_unit_one_label():
    assert math.isnan(kit.cohen_kappa(["none"] * 5, ["none"] * 5))
    with pytest.raises(ValueError, match="different numbers"):
        kit.cohen_kappa(["a"], ["a", "b"])


def test_agreement_counts_every_word_including_the_untagged_ones(articles):
    ana = table(
        annotation(TEXT, "regime", "loaded", "labelling", "ana"),
        annotation(TEXT, "total disaster", "loaded", "emotional", "ana"),
    )
    ben = table(
        annotation(TEXT, "regime", "loaded", "labelling", "ben"),
        annotation(TEXT, "disaster", "loaded", "emotional", "ben"),
    )
    scores = kit.agreement(ana, ben, articles).set_index(["layer", "level"])
    loaded = scores.loc[("loaded", "label")]
    # 11 words; they differ only on 'total'. ana: none 8, labelling 1, emotional 2; ben: none 9, 1, 1.
    # p_o = 10/11; p_e = (8*9 + 1*1 + 2*1) / 121 = 75/121; kappa = (110 - 75) / (121 - 75) = 35/46
    assert loaded.n_units == 11 and loaded.n_tagged_a == 3 and loaded.n_tagged_b == 2
    assert loaded.observed == pytest.approx(10 / 11)
    assert loaded.expected == pytest.approx(75 / 121)
    assert loaded.kappa == pytest.approx(35 / 46)
    quote = scores.loc[("quote", "label")]
    assert quote.observed == 1.0 and pd.isna(quote.kappa), "nobody tagged a quote: agreement is total, kappa undefined"
    assert set(scores.reset_index().annotator_a) == {"ana"} and set(scores.reset_index().annotator_b) == {"ben"}


def test_agreement_wants_one_annotator_per_table(articles):
    ana = table(annotation(TEXT, "regime", "loaded", "labelling", "ana"))
    with pytest.raises(ValueError, match="both tables are by 'ana'"):
        kit.agreement(ana, ana, articles)
    both = table(annotation(TEXT, "regime", "loaded", "labelling", "ben"), *ana.to_dict("records"))
    with pytest.raises(ValueError, match="one annotator"):
        kit.agreement(both, ana, articles)


# ---- precision and recall against the kit -----------------------------------------------------------
def test_compare_with_kit_on_a_small_constructed_case():
    kit_tags = table(
        annotation(TEXT, "regime", "loaded", "labelling", "kit"),
        annotation(TEXT, "total", "loaded", "intensifier", "kit"),
        annotation(TEXT, "plan", "loaded", "emotional", "kit"),
    )
    student = table(
        annotation(TEXT, "regime", "loaded", "labelling", "ana"),
        annotation(TEXT, "total disaster", "loaded", "emotional", "ana"),
    )
    scores = kit.compare_with_kit(student, kit_tags).set_index(["layer", "label"])
    # any label: regime-regime and total-'total disaster' overlap; the kit's 'plan' has no partner
    assert tuple(scores.loc[("loaded", "any"), ["kit_tags", "annotator_tags", "matched"]]) == (3, 2, 2)
    assert scores.loc[("loaded", "any"), "precision"] == pytest.approx(2 / 3)
    assert scores.loc[("loaded", "any"), "recall"] == 1.0
    assert scores.loc[("loaded", "any"), "f1"] == pytest.approx(0.8)
    assert scores.loc[("loaded", "labelling"), "f1"] == 1.0
    emotional = scores.loc[("loaded", "emotional")]
    assert emotional.matched == 0 and emotional.precision == 0 and emotional.recall == 0 and emotional.f1 == 0
    intensifier = scores.loc[("loaded", "intensifier")]
    assert intensifier.precision == 0 and pd.isna(intensifier.recall), "the student tagged no intensifier"
    exact = kit.compare_with_kit(student, kit_tags, match="exact").set_index(["layer", "label"])
    assert exact.loc[("loaded", "any"), "precision"] == pytest.approx(1 / 3)
    assert exact.loc[("loaded", "any"), "recall"] == pytest.approx(1 / 2)
    with pytest.raises(ValueError, match="overlap"):
        kit.compare_with_kit(student, kit_tags, match="fuzzy")


def test_overlap_matching_is_one_to_one():
    kit_tags = table(annotation(TEXT, "the plan was", "quote", "indirect", "kit"))
    student = table(
        annotation(TEXT, "the plan", "quote", "indirect", "ana"),
        annotation(TEXT, "was", "quote", "indirect", "ana"),
    )
    any_label = kit.compare_with_kit(student, kit_tags).iloc[0]
    assert (any_label.matched, any_label.precision, any_label.recall) == (1, 1.0, 0.5)


def test_kit_tags_become_annotations_with_exact_offsets(corpus):
    quotes = kit.quotes(corpus)
    loaded = kit.loaded_terms(corpus, quotes)
    tags = kit.kit_annotations(quotes, loaded, [HAVANA_TIMES])
    assert list(tags.columns) == ANNOTATION_COLUMNS and set(tags.annotator) == {"kit"}
    text = corpus.articles.set_index("article_id").text[HAVANA_TIMES]
    assert all(text[r.start : r.end] == r.text for r in tags.itertuples())
    oas = tags[(tags.layer == "quote") & (tags.text == "illegitimate regime.")]
    assert list(oas.label) == ["partial"] and list(oas.speaker) == ["Maduro"], "the kit's own (wrong) reading"
    assert {"labelling", "emotional"} <= set(tags[tags.layer == "loaded"].label)


# ---- reading and writing ----------------------------------------------------------------------------
def test_save_and_load_round_trip_keeps_every_character(tmp_path, articles):
    text = 'He said “no, “never”, "not ever”,\nthen left.'
    arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
    rows = table(
        annotation(text, 'no, “never”, "not ever', "quote", "direct", "ana", speaker="He, himself"),
        annotation(text, "never", "loaded", "intensifier", "ana"),
        annotation(text, ",\nthen", "loaded", "emotional", "ana"),
    )
    for name in ("mine.csv", "mine.jsonl"):
        path = kit.save_annotations(rows, tmp_path / name)
        again = kit.load_annotations(path, corpus=arts)
        pd.testing.assert_frame_equal(again, rows)


def test_bundled_classmates_files_load_and_are_marked_as_constructed(corpus):
    classmates = kit.load_annotations(corpus=corpus)
    assert set(classmates.annotator) == {"amira", "ben", "chloe"}
    assert set(classmates.article_id) == {HAVANA_TIMES}
    text = corpus.articles.set_index("article_id").text[HAVANA_TIMES]
    assert all(text[r.start : r.end] == r.text for r in classmates.itertuples())
    folder = kit.load.bundled_dir() / "annotations"
    assert "constructed" in (folder / "README.md").read_text().lower()
    assert all("CONSTRUCTED" in path.read_text() for path in folder.glob("*.csv"))


def write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


HEADER = "article_id,start,end,text,layer,label,speaker,annotator"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("a,4,10,regim,loaded,labelling,,ana", "text 'regim' differs from the article's text at 4–10: 'regime'"),
        ("b,4,10,regime,loaded,labelling,,ana", "unknown article_id 'b'"),
        ("a,4,100,regime,loaded,labelling,,ana", "offsets 4–100 are not a span inside the article"),
        ("a,four,10,regime,loaded,labelling,,ana", "must be whole numbers"),
        ("a,4,10,regime,loaded,partial,,ana", "label 'partial' is not a loaded label"),
        ("a,4,10,regime,frame,labelling,,ana", "layer 'frame' is not one of quote, loaded"),
        ("a,4,10,regime,loaded,labelling,,", "annotator is empty"),
    ],
)
def test_a_bad_row_names_the_file_and_the_row(tmp_path, articles, row, message):
    path = write(
        tmp_path / "ben.csv", ["# a header comment", HEADER, "a,0,3,The,loaded,hedge,,ben", row.replace("ana", "ben")]
    )
    with pytest.raises(ValueError) as error:
        kit.load_annotations(path, corpus=articles)
    assert "ben.csv, row 2 (line 4)" in str(error.value)
    assert message in str(error.value)


def test_load_reports_every_bad_row_and_never_drops_one_silently(tmp_path, articles):
    path = write(tmp_path / "c.csv", [HEADER, "a,0,2,The,loaded,hedge,,c", "a,0,3,The,loaded,hedge,,c", "x,0,1,T,,,,c"])
    with pytest.raises(ValueError, match="2 annotation row") as error:
        kit.load_annotations(path, corpus=articles)
    assert "c.csv, row 1" in str(error.value) and "c.csv, row 3" in str(error.value)
    missing = write(tmp_path / "d.csv", ["article_id,start,end,text", "a,0,3,The"])
    with pytest.raises(ValueError, match="d.csv: missing column.*layer"):
        kit.load_annotations(missing, corpus=articles)
    broken = tmp_path / "e.jsonl"
    broken.write_text('{"article_id": "a"}\n{not json\n', encoding="utf-8")
    with pytest.raises(ValueError, match="e.jsonl: line 2 is not valid JSON"):
        kit.load_annotations(broken, corpus=articles)
    with pytest.raises(FileNotFoundError, match="nowhere.csv"):
        kit.load_annotations(tmp_path / "nowhere.csv", corpus=articles)


# ---- disagreements ----------------------------------------------------------------------------------
def test_disagreements_name_the_issue_and_keep_the_text(articles):
    rows = table(
        # everyone agrees on 'regime': not listed
        *[annotation(TEXT, "regime", "loaded", "labelling", n) for n in ("ana", "ben", "kit")],
        # 'total disaster': boundaries differ
        annotation(TEXT, "total disaster", "loaded", "emotional", "ana"),
        annotation(TEXT, "disaster", "loaded", "emotional", "ben"),
        annotation(TEXT, "total disaster", "loaded", "emotional", "kit"),
        # 'the plan was': labels differ
        annotation(TEXT, "the plan was", "quote", "indirect", "ana", speaker="The regime"),
        annotation(TEXT, "the plan was", "quote", "scare", "ben"),
        annotation(TEXT, "the plan was", "quote", "indirect", "kit", speaker="regime"),
        # 'everyone': only one tagged it
        annotation(TEXT, "everyone", "loaded", "intensifier", "kit"),
    )
    found = kit.disagreements(rows, articles)
    assert list(found.columns) == DISAGREEMENT_COLUMNS
    issues = found.drop_duplicates("passage_id").set_index("text").issue.to_dict()
    assert issues == {
        "the plan was": "different labels",
        "total disaster": "different boundaries",
        "everyone": "only some tagged it",
    }
    assert list(found.passage_id.unique()) == ["a-d01", "a-d02", "a-d03"]
    assert all(TEXT[r.start : r.end] == r.text for r in found.itertuples())
    tagged = found.dropna(subset=["span_start"])
    assert all(TEXT[r.span_start : r.span_end] == r.span_text for r in tagged.itertuples())
    nobody = found[(found.text == "everyone") & (found.annotator != "kit")]
    assert set(nobody.label) == {"none"} and nobody.span_start.isna().all()
    assert found.annotator.iloc[-1] == "kit", "the kit comes last, as one more opinion"


def test_different_speakers_are_a_disagreement_but_a_fuller_name_is_not(articles):
    rows = table(
        annotation(TEXT, "the plan was", "quote", "indirect", "ana", speaker="Ana Ruiz"),
        annotation(TEXT, "the plan was", "quote", "indirect", "ben", speaker="Ruiz"),
    )
    assert kit.disagreements(rows, articles).empty
    other = table(
        *rows.to_dict("records")[:1], annotation(TEXT, "the plan was", "quote", "indirect", "cy", speaker="Lee")
    )
    assert set(kit.disagreements(other, articles).issue) == {ISSUES[3]}


def test_disagreements_on_the_classmates_files_include_the_oas_quote(corpus):
    classmates = kit.load_annotations(corpus=corpus)
    quotes = kit.quotes(corpus)
    everyone = pd.concat([classmates, kit.kit_annotations(quotes, kit.loaded_terms(corpus, quotes), [HAVANA_TIMES])])
    found = kit.disagreements(everyone, corpus)
    oas = found[(found.layer == "quote") & found.text.str.contains("illegitimate regime")]
    labels = dict(zip(oas.annotator + ":" + oas.label, oas.speaker, strict=True))
    assert labels["ben:scare"] is pd.NA and labels["kit:partial"] == "Maduro"
    assert labels["amira:partial"] == "Organization of American States"
    shown = kit.disagreement_explorer(found, corpus)
    (layer, issue), summary, view, log = shown.children[0].children, *shown.children[1:]
    assert 'data-annotator="kit"' in view.value and "kit (one opinion)" in view.value
    assert "passages where annotators differ" in summary.value
    before = view.value.count("kit-disagreement")
    layer.value = "loaded"
    assert 0 < view.value.count("kit-disagreement") < before
    issue.value = "different boundaries"
    assert all('data-issue="different boundaries"' in b for b in view.value.split('class="kit-disagreement"')[1:])
    assert not log.outputs


# ---- HTML views -------------------------------------------------------------------------------------
def test_html_escapes_untrusted_article_text_labels_and_speakers():
    text = 'Hi <script>alert("x")</script> "regime" & co'
    rows = table(
        annotation(text, "<script>", "loaded", "labelling", "a<b>", speaker=None),
        annotation(text, 'alert("x")', "quote", "direct", "ana", speaker='Eve <img src=x onerror="bad">'),
    )
    shown = kit.annotations_html(text, rows, article_id='x" onload="bad')
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    assert "<img" not in shown and 'onload="bad' not in shown and "<b>" not in shown
    assert shown.count('class="kit-annotation"') == 2 and ">LABEL<" in shown and "DIRECT" in shown
    assert "<script>" not in selection_html(text, 0, len(text), 3, 11)
    found = kit.disagreements(rows, pd.DataFrame({"article_id": ["a"], "text": [text]}))
    side = disagreements_html(found, pd.DataFrame({"article_id": ["a"], "text": [text]}))
    assert "<script>" not in side and "<img" not in side and "&lt;script&gt;" in side


def test_crossing_spans_are_all_shown_and_labelled_once():
    rows = table(
        annotation(TEXT, "said the plan", "quote", "indirect", "ana"),
        annotation(TEXT, "plan was a total", "loaded", "emotional", "ana"),
    )
    shown = kit.annotations_html(TEXT, rows)
    assert shown.count("REPORTED") == 1 and shown.count("EMOTIVE") == 1
    assert shown.count("<span") == shown.count("</span>")
    assert "dotted" in shown and "dashed" in shown, "kinds differ by line style, not only by colour"


def test_tokens_keep_punctuation_apart_so_a_span_can_include_or_leave_it_out():
    text = "as an “illegitimate regime.”"
    found = tokens(text, 0, len(text))
    assert [t for *_, t in found] == ["as", "an", "“", "illegitimate", "regime", ".", "”"]
    assert all(text[a:b] == t for a, b, t in found)


# ---- the widget, driven without a browser -----------------------------------------------------------
def test_annotator_adds_undoes_and_saves_exact_spans(corpus, tmp_path):
    tool = kit.annotator(corpus.articles, corpus.segments, name="dana", article_id=HAVANA_TIMES)
    c = tool.controls
    assert c["paragraph"].value == (142, 326) and c["first"].label == "1 · Russian"
    c["paragraph"].value = c["paragraph"].options[1][1]  # 'Putin reaffirmed Russia’s support ...'
    words = [label.split(" · ")[1] for label, _ in c["first"].options]
    c["first"].value, c["last"].value = words.index("legitimate"), words.index("authority")
    assert '<code class="kit-selected-text">legitimate authority</code>' in c["preview"].value
    c["label"].value, c["speaker"].value = "partial", "Vladimir Putin"
    c["add"].click()
    assert list(tool.annotations.text) == ["legitimate authority"]
    assert tuple(tool.annotations.iloc[0][["start", "end", "annotator"]]) == (389, 409, "dana")
    assert 'data-label="partial"' in c["page"].value and "PARTIAL · Putin" in c["page"].value
    assert "legitimate authority" in c["table"].value and "Added quote · partial" in c["status"].value

    c["layer"].value = "loaded"
    assert c["label"].value == "labelling" and c["speaker"].disabled
    c["find"].value = "brink of   COLLAPSE"
    c["select"].click()
    assert "paragraph 8" in c["status"].value
    c["label"].value = "emotional"
    c["add"].click()
    c["add"].click()
    assert "already marked" in c["status"].value and len(tool.annotations) == 2
    assert tool.annotations.text.iloc[1] == "brink of collapse" and pd.isna(tool.annotations.speaker.iloc[1])
    assert 'data-layer="loaded"' in c["page"].value

    c["undo"].click()
    assert list(tool.annotations.text) == ["legitimate authority"] and "Removed loaded" in c["status"].value
    c["find"].value = "no such words"
    c["select"].click()
    assert "is not in the article" in c["status"].value

    c["name"].value = "dana k"
    assert c["file"].value == "annotations_dana_k.csv", "the default file name follows the name"
    c["file"].value = str(tmp_path / "dana.csv")
    c["save"].click()
    assert "Saved 1 annotation(s)" in c["status"].value
    pd.testing.assert_frame_equal(kit.load_annotations(tmp_path / "dana.csv", corpus=corpus), tool.annotations)
    assert not tool.children[-1].outputs, "no callback failed"


def test_annotator_escapes_the_article_and_starts_from_earlier_annotations():
    text = "Storm Hits\n\nThe mayor said the <script>alert(2)</script> plan was a total disaster for everyone."
    corpus = kit.corpus_from_texts({"x": text})
    earlier = table(annotation(text, "total disaster", "loaded", "emotional", "me", article_id="x"))
    tool = kit.annotator(corpus.articles, corpus.segments, earlier)
    c = tool.controls
    assert "<script>" not in c["page"].value and "&lt;script&gt;" in c["page"].value
    assert "<script>" not in c["preview"].value and "<script>" not in c["table"].value
    assert 'data-label="emotional"' in c["page"].value and len(tool.annotations) == 1


# ---- figures ----------------------------------------------------------------------------------------
def test_figures_have_titles_axis_labels_and_a_takeaway(corpus):
    classmates = kit.load_annotations(corpus=corpus)
    quotes = kit.quotes(corpus)
    kit_tags = kit.kit_annotations(quotes, kit.loaded_terms(corpus, quotes), [HAVANA_TIMES])
    pairs = kit.pairwise_agreement(pd.concat([classmates, kit_tags]), corpus)
    assert len(pairs) == 6 * 2 * 2 and set(pairs.annotator_b[pairs.annotator_a == "chloe"]) == {"kit"}
    heatmap = kit.agreement_heatmap(pairs)
    assert heatmap.layout.title.text == "How much do annotators agree on quotes?"
    assert "with each other" in heatmap.layout.title.subtitle.text
    assert heatmap.layout.xaxis.title.text and heatmap.layout.yaxis.title.text
    bars = kit.kit_score_bars(kit.compare_with_kit(classmates, kit_tags))
    assert bars.layout.title.text == "Does the kit tag what the students tagged?"
    assert "The kit found" in bars.layout.title.subtitle.text
    assert bars.layout.xaxis.title.text and bars.layout.yaxis.title.text
