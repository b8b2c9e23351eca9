"""The cross-outlet lens on articles built for each case, and on the bundled corpus."""

from __future__ import annotations

import pandas as pd

import kit
from kit import compare, schema

WIRE = (
    "Floods Close Valley Schools\n\n"
    "Heavy rain closed every school in the river valley on Monday as the water rose faster than engineers had "
    "expected, the regional government said in a statement.\n\n"
    "“We had no choice but to close the schools and the two bridges,” said Ana Ruiz, the mayor of Riverton.\n\n"
    "Emergency crews moved more than 300 families to shelters overnight, and the army sent trucks to the lower "
    "villages where roads were already under water by the early afternoon.\n"
)
COPY = (
    WIRE.replace("Floods Close Valley Schools", "Valley Schools Shut as River Rises").replace(
        "more than 300 families", "over 300 families"
    )
    + "\nLocal traders said the closure would cost the town's shops a week of business.\n"
)
OTHER = (
    "Council Approves New Stadium\n\n"
    "The city council voted on Monday to build a new football stadium on the site of the old market, after a "
    "debate about parking, noise and the cost to taxpayers.\n\n"
    "Supporters said the stadium would bring jobs; opponents said the budget would double before it opened.\n"
)
REWORDED = WIRE.replace(
    "“We had no choice but to close the schools and the two bridges,”",
    "“We had to close the schools and both bridges,”",
)


def corpus_of(**texts: str) -> kit.Corpus:
    dates = {key: {"date": "2021-03-01"} for key in texts}
    corpus = kit.corpus_from_texts(texts, **dates)
    corpus.articles["date"] = "2021-03-01"
    return corpus


def test_a_copied_wire_story_is_found_with_exact_offsets():
    corpus = corpus_of(wire=WIRE, copy=COPY, other=OTHER)
    rows = kit.reuse(corpus)
    schema.validate(rows, schema.REUSE_COLUMNS)
    texts = dict(zip(corpus.articles.article_id, corpus.articles.text, strict=True))
    assert set(zip(rows.article_a, rows.article_b, strict=True)) == {("copy", "wire")}
    for row in rows.itertuples(index=False):
        assert texts[row.article_a][row.a_start : row.a_end] == row.passage
        assert texts[row.article_b][row.b_start : row.b_end].lower().split() == row.passage.lower().split()
    pairs = kit.reuse_pairs(rows, corpus)
    assert pairs.share_of_b.iloc[0] > 0.8  # nearly all of the wire story is in the copy


def test_two_unrelated_stories_on_the_same_day_are_two_events():
    events = kit.events(corpus_of(wire=WIRE, copy=COPY, other=OTHER)).set_index("article_id")
    schema.validate(events.reset_index(), schema.EVENT_COLUMNS)
    assert events.event_id["wire"] == events.event_id["copy"] != events.event_id["other"]
    assert "same event" in events.reason["wire"] and "no other article" in events.reason["other"]


def test_dates_far_apart_keep_similar_stories_apart():
    corpus = corpus_of(wire=WIRE, copy=COPY)
    corpus.articles.loc[corpus.articles.article_id == "copy", "date"] = "2021-06-01"
    events = kit.events(corpus)
    assert events.event_id.nunique() == 2


FOLLOW_UP = (
    "Valley Schools Reopen After Floods\n\n"
    "Schools in the river valley reopened on Thursday after the water fell back, and the families moved to "
    "shelters returned to the lower villages, the regional government said.\n\n"
    "Engineers are still checking the two bridges in Riverton, which stay closed to trucks until next week.\n"
)


def test_a_loosely_related_story_joins_on_the_same_day_but_not_the_next():
    for date, grouped in (("2021-03-01", True), ("2021-03-02", False)):
        corpus = corpus_of(wire=WIRE, follow=FOLLOW_UP, other=OTHER)
        corpus.articles.loc[corpus.articles.article_id == "follow", "date"] = date
        events = kit.events(corpus).set_index("article_id")
        assert (events.event_id["wire"] == events.event_id["follow"]) is grouped
        assert ("same date" in events.reason["wire"]) is grouped


def test_a_copy_printed_a_day_later_is_still_grouped_and_the_reason_says_why():
    corpus = corpus_of(wire=WIRE, copy=COPY, other=OTHER)
    corpus.articles.loc[corpus.articles.article_id == "copy", "date"] = "2021-03-02"
    events = kit.events(corpus).set_index("article_id")
    assert events.event_id["wire"] == events.event_id["copy"] != events.event_id["other"]
    assert "1 day apart, so the similarity was divided by 2" in events.reason["copy"]
    for aid in ("wire", "copy"):  # both sides name the words that weigh most in the similarity
        assert "schools" in events.reason[aid].split("shared distinctive words: ")[1].split(";")[0]


def test_name_terms_keep_whole_names_and_drop_possessives():
    terms = compare._name_terms("Talks began when Mitch McConnell met Sean O'Brien and Joe Biden's envoy in the US.")
    assert terms == ["name:mitch mcconnell", "name:sean o'brien", "name:joe biden"]
    assert compare._name_terms("Rain fell. Heavy rain closed the schools.") == []  # sentence starts are not names


def test_large_corpora_find_partners_by_any_shared_word_on_close_dates(monkeypatch):
    monkeypatch.setattr(compare, "EXHAUSTIVE_UP_TO", 0)
    keys = {"a": ["flood", "riverton"], "b": ["bridge", "army"], "c": ["stadium"], "d": ["flood"]}
    vectors = {"a": {"flood": 0.9, "riverton": 0.4}, "b": {"bridge": 0.9, "army": 0.3, "flood": 0.1}}
    vectors |= {"c": {"stadium": 1.0}, "d": {"flood": 1.0}}
    dates = {aid: pd.Timestamp("2021-03-01") for aid in keys} | {"d": pd.Timestamp("2021-03-20")}
    pairs = compare._candidate_pairs(sorted(keys), keys, {}, dates, 3, vectors)
    assert ("a", "b") in pairs  # 'flood' is distinctive in a and only a minor word in b
    assert ("a", "d") not in pairs and not any("c" in pair for pair in pairs)


def test_a_reworded_quote_is_reported():
    variants = kit.quote_variants(kit.quotes(corpus_of(wire=WIRE, reworded=REWORDED)))
    reworded = variants[variants.wording == "reworded"]
    assert len(reworded) == 1 and "no choice" in reworded.differences.iloc[0]


def test_include_omit_marks_what_each_report_has():
    corpus = corpus_of(wire=WIRE, copy=COPY)
    matrix = kit.include_omit(corpus, ["wire", "copy"])
    sources = matrix[matrix.kind == "source quoted"].set_index("item")
    assert sources.loc["Ruiz", "wire"] == "✓" and sources.loc["Ruiz", "copy"] == "✓"
    traders = matrix[matrix.kind == "number"]
    assert set(matrix.columns) == {"kind", "item", "wire", "copy"} and len(traders) >= 1


def test_distinctive_words_follow_fightin_words():
    corpus = corpus_of(wire=WIRE, other=OTHER)
    table = kit.distinctive_words(corpus, ["wire"], ["other"], min_count=2)
    top = table.iloc[0]
    assert top.count_a > top.count_b and top.z > 0
    assert table.iloc[-1].z < 0 and list(table.columns) == ["word", "count_a", "count_b", "frequency", "log_odds", "z"]


def test_bundled_self_reuse_and_the_same_meeting(corpus):
    rows = kit.reuse(corpus)
    assert set(zip(rows.article_a, rows.article_b, strict=True)) == {("000_88799ff349ff80df", "003_c7df5b8c4c09125c")}
    assert rows.n_words.sum() >= 50
    events = kit.events(corpus).set_index("article_id").event_id
    assert events["002_b0f4844b8eb47614"] == events["004_e92bd4434ac71c8f"]
    assert events["001_631434f860d39638"] not in {events["002_b0f4844b8eb47614"], events["000_88799ff349ff80df"]}
    profiles = kit.outlet_profiles(corpus)
    assert len(profiles) == 4 and profiles.warning.notna().all()
    assert isinstance(profiles, pd.DataFrame) and (profiles.loaded_writer_per_1000 >= 0).all()
