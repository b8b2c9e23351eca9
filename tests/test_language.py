"""The framing lens's word tagger: categories, voices, context rules, lexicon hygiene, bundled articles."""

from __future__ import annotations

import pandas as pd
import pytest

import kit
from kit import lexicons, schema

HEAD = "Council Votes On Bridge\n\n"


def tag(*paragraphs: str) -> pd.DataFrame:
    corpus = kit.corpus_from_texts({"t": HEAD + "\n\n".join(paragraphs)})
    rows = kit.loaded_terms(corpus)
    schema.validate(rows, schema.LOADED_COLUMNS, corpus.articles, text_column="term")
    return rows


@pytest.mark.parametrize(
    "sentence, term, category, alternative",
    [
        ("The regime announced new rules on Monday.", "regime", "name-calling", "government"),
        ("The mayor slammed the plan at the meeting.", "slammed", "emotional", "criticised"),
        ("The vote was utterly one-sided in the end.", "utterly", "intensifier", "(leave out)"),
        ("The minister allegedly took the money.", "allegedly", "hedge", "(attribute the claim)"),
        ("The audit revealed that the money was gone.", "revealed", "factive", "said"),
        ("The company claimed that the bridge was safe.", "claimed", "loaded attribution verb", "said"),
    ],
)
def test_each_category(sentence, term, category, alternative):
    rows = tag(sentence)
    row = rows[rows.term == term].iloc[0]
    assert (row.category, row.neutral_alternative, row.voice) == (category, alternative, "writer")
    assert term in row.reason and row.rule.startswith("lex.")


def test_quoted_words_are_the_speakers_not_the_writers():
    rows = tag("“The regime is corrupt,” Ana Ruiz said.")
    assert set(rows.voice) == {"quoted"} and set(rows.speaker) == {"Ana Ruiz"}
    assert "Ana Ruiz's words, not the writer's" in rows.reason.iloc[0]


def test_an_intensifier_joins_the_loaded_word_it_strengthens():
    rows = tag("Critics called the plan utterly insane and deeply evil.")
    assert rows.term.tolist() == ["utterly insane", "deeply evil"]
    assert "intensified by 'utterly'" in rows.reason.iloc[0]


def test_capitalised_words_inside_a_sentence_are_names_not_loaded_language():
    rows = tag("The case went to the Supreme Court and the Evil Empire Bar on Friday.")
    assert rows.empty, rows.term.tolist()


def test_plural_forms_match_and_vader_adds_strong_emotive_words():
    rows = tag("Residents called the officials thugs and the decision horrifying.")
    assert {"thugs", "horrifying"} <= set(rows.term)
    assert rows.set_index("term").loc["horrifying"].rule == "lex.vader"


def test_factual_event_words_are_not_loaded():
    assert tag("Three people were killed and ten injured in the crash, police said.").empty


def test_every_loaded_term_entry_has_a_rationale_and_a_category():
    table = lexicons.load("loaded_terms")
    assert set(table.category) <= set(kit.language.CATEGORIES)
    assert (table.rationale.str.len() > 20).all() and (table.neutral_alternative.str.len() > 0).all()
    header = lexicons.header("loaded_terms")
    assert "Recasens" in header["source"] and header["licence"]


def test_bundled_articles_writer_voice_differs_by_outlet(corpus):
    rows = kit.loaded_terms(corpus)
    schema.validate(rows, schema.LOADED_COLUMNS, corpus.articles, text_column="term")
    writer = rows[rows.voice == "writer"].groupby("article_id").size()
    words = corpus.articles.set_index("article_id").n_words
    per_1000 = (writer / words * 1000).fillna(0)
    # the commentary pieces use far more loaded words in their own voice than the wire story
    assert per_1000["003_c7df5b8c4c09125c"] > 3 * per_1000.get("002_b0f4844b8eb47614", 0)
    body = corpus.segments[corpus.segments.kind == "body"]
    for row in rows.itertuples(index=False):
        spans = body[body.article_id == row.article_id]
        assert ((spans.start <= row.start) & (row.end <= spans.end)).any(), row.term
