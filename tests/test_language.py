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
        ("The regime announced new rules on Monday.", "regime", "labelling", "government"),
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


def test_a_capitalised_word_after_an_abbreviation_is_still_inside_a_name():
    assert tag("The appeal reached the U.S. Supreme Court on Monday.").empty
    rows = tag("It went to the U.S. Supreme Court. Evil plans failed.")
    assert rows.term.tolist() == ["Evil"]  # a capital that opens a sentence is not a name


def test_a_capitalised_run_of_loaded_words_is_emphasis_not_a_name():
    rows = tag("He called the inquiry a Rigged Witch Hunt again.")
    assert rows.term.tolist() == ["Rigged Witch Hunt"]
    assert "one phrase with 'witch hunt'" in rows.reason.iloc[0]


def test_insults_from_the_incivility_lexicon_are_name_calling():
    rows = tag("The columnist called the mayor a hypocrite and his aides clowns.")
    by_term = rows.set_index("term")
    assert by_term.loc["hypocrite"].category == "labelling" and by_term.loc["hypocrite"].rule == "lex.incivility"
    assert "clowns" in by_term.index


@pytest.mark.parametrize(
    "sentence, terms",
    [
        ("Critics said the plan was cruel and vile.", ["cruel and vile"]),
        ("Critics said the plan was cruel, vile and reckless.", ["cruel, vile and reckless"]),
        ("The brutal dictator fled.", ["brutal dictator"]),
        ("The regime slammed the plan.", ["regime", "slammed"]),  # a label then a verb: two phrases
    ],
)
def test_loaded_words_side_by_side_or_coordinated_are_one_phrase(sentence, terms):
    assert tag(sentence).term.tolist() == terms


def test_words_inside_neutral_terms_of_art_are_not_loaded():
    rows = tag(
        "Police called it a hate crime. He pleaded guilty to conspiracy to commit fraud.",
        "The supreme leader spoke about regime change and a traumatic brain injury.",
    )
    assert rows.empty, rows.term.tolist()
    assert tag("The regime hid the conspiracy.").term.tolist() == ["regime", "conspiracy"]


@pytest.mark.parametrize(
    "sentence, term, grader",
    [
        ("It was the most corrupt council in years.", "most corrupt", "most"),
        ("The new strain is more virulent than the old one.", "more virulent", "more"),
        ("Officials called it the worst flood in fifty years.", "worst", "worst"),
        ("It was the cruelest winter on record.", "cruelest", "cruelest"),
    ],
)
def test_a_graded_loaded_word_is_a_comparison_counted_with_intensifiers(sentence, term, grader):
    row = tag(sentence).set_index("term").loc[term]
    assert row.category == "intensifier"
    assert f"graded by '{grader}'" in row.reason and "compares degrees" in row.reason


def test_more_before_a_noun_counts_things_and_does_not_grade_it():
    row = tag("The campaign told more lies on Monday.").set_index("term").loc["lies"]
    assert row.category == "emotional" and "graded" not in row.reason


@pytest.mark.parametrize(
    "paragraph, term, confidence, why",
    [
        ("The mayor gave an outrageous speech.", "outrageous", "high", "ends in '-ous'"),
        ("Critics slammed the budget.", "slammed", "high", "ends in '-ed'"),
        ("Critics called the plan utterly insane.", "utterly insane", "high", "one phrase"),
        ("“The plan is a sham,” Ana Ruiz said.", "sham", "high", "quoted for their colour"),
        ("Officials uncovered a plot on Monday.", "plot", "medium", "plain name"),
        ("Officials uncovered the plot on Monday.", "plot", "low", "after 'the' refers to something already known"),
        ("Ana Ruiz questioned these radicals.", "radicals", "low", "after 'these'"),
    ],
)
def test_confidence_says_which_evidence_the_tag_has(paragraph, term, confidence, why):
    row = tag(paragraph).set_index("term").loc[term]
    assert row.confidence == confidence
    assert f"confidence {confidence}:" in row.reason and why in row.reason


def test_a_repeated_term_has_low_confidence_and_points_to_its_first_use():
    rows = tag("The plan is a sham. Voters saw the sham for what it was. Shams cost money.")
    assert rows.term.tolist() == ["sham", "sham", "Shams"] and rows.confidence.tolist() == ["medium", "low", "low"]
    assert "already tagged in this article (chars" in rows.reason.iloc[1]


def test_a_noun_ending_overrides_a_shorter_adjective_ending():
    from kit.language import _word_form

    assert _word_form("government") == ("naming", "ment")
    assert _word_form("arrogant") == ("describing", "ant")
    assert _word_form("lying") is None  # too few letters before '-ing' to call it a participle ending


def test_loaded_context_lexicon_has_graders_endings_and_a_reason_per_row():
    table = lexicons.load("loaded_context")
    assert {"superlative_grader", "comparative_grader", "adjective_ending", "noun_ending"} <= set(table["class"])
    assert (table.rationale.str.len() > 20).all() and table.entry.str.islower().all()
    assert "Quirk" in lexicons.header("loaded_context")["source"]


@pytest.mark.parametrize(
    "sentence, term, start",
    [
        ("Ana Ruiz courted the gun-toting voters.", "gun-toting", 21),
        ("The Ruiz-hating crowd booed on Monday.", "Ruiz-hating", 4),
        ("A fear-mongering ad ran twice.", "fear-mongering", 2),
    ],
)
def test_a_compound_labelling_people_by_an_attitude_is_name_calling(sentence, term, start):
    row = tag(sentence).set_index("term").loc[term]
    assert (row.start - len(HEAD), row.category, row.rule) == (start, "labelling", "lex.loaded_context")
    assert f"compound in '-{term.rsplit('-', 1)[1].lower()}'" in row.reason and row.confidence == "high"


def test_a_compound_only_counts_at_its_last_element():
    assert tag("The hating-free zone opened and the toting-bag sold out.").empty


@pytest.mark.parametrize(
    "sentence",
    ["The patient tested negative on Monday.", "Ana Ruiz was arrested on outstanding warrants."],
)
def test_technical_senses_of_vader_words_are_not_loaded(sentence):
    assert tag(sentence).empty


def test_so_called_is_name_calling():
    row = tag("The so-called experts met again.").iloc[0]
    assert (row.term, row.category) == ("so-called", "labelling")


def test_neutral_terms_lexicon_has_a_reason_per_term():
    table = lexicons.load("neutral_terms")
    assert (table.rationale.str.len() > 20).all() and table.term.str.islower().all()
    assert lexicons.header("neutral_terms")["licence"]


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


# ---- naming ----------------------------------------------------------------------------------------
def names_of(*paragraphs: str) -> pd.DataFrame:
    corpus = kit.corpus_from_texts({"t": HEAD + "\n\n".join(paragraphs)})
    rows = kit.naming(corpus)
    schema.validate(rows, schema.NAMING_COLUMNS, corpus.articles, text_column="phrase")
    return rows


def test_government_naming_forms_and_stances():
    rows = names_of(
        "President Ana Ruiz spoke on Monday. The Ruiz regime denied it.",
        "Later the Valdorian government and the crisis-hit Ruiz administration met.",
    )
    by_phrase = rows.set_index("phrase")
    assert by_phrase.loc["Ruiz regime"].stance == "delegitimising"
    assert by_phrase.loc["Ruiz regime"].actor == "Ana Ruiz government"
    assert by_phrase.loc["President Ana Ruiz"].stance == "legitimising"
    assert by_phrase.loc["crisis-hit Ruiz administration"].form.startswith("epithet")


def test_people_by_title_surname_and_epithet_with_voice():
    rows = names_of(
        "Opposition leader Tomas Vidal arrived late. Vidal spoke briefly.",
        "“The self-declared President Vidal has no mandate,” Ana Ruiz said.",
    )
    vidal = rows[rows.actor == "Tomas Vidal"]
    assert vidal.form.tolist() == ["title + full name", "surname only", "epithet + title + surname only"]
    assert vidal.stance.tolist()[-1] == "delegitimising" and vidal.voice.tolist()[-1] == "quoted"


def test_organisation_name_ends_link_titles_and_spelling_variants():
    rows = names_of(
        "The Agency for International Development (USAID) sent aid, and Minister Tomás Vidal welcomed it.",
        "A report titled [Economic Sanctions as Collective Punishment](#) counted the dead, and Vidal disagreed.",
        "Opposition leader Tomas Vidal spoke later.",
    )
    assert set(rows.actor) == {"Tomás Vidal"}  # no 'International Development', no words of the title
    assert len(rows) == 3  # 'Tomás' and 'Tomas' are one person


def test_sentence_initial_words_are_not_names():
    assert names_of("Deepening ties matter. Officials met on Monday.").empty


def test_bundled_outlets_name_the_same_government_differently(corpus):
    table = kit.naming_table(kit.naming(corpus), corpus.articles)
    row = table[table.actor.str.endswith("Maduro government")].iloc[0]
    assert "regime" in row["CNSNews.com"] and "regime" not in row["Havana Times"]


# ---- frames and readability ------------------------------------------------------------------------
def test_frames_per_paragraph_with_their_cues():
    corpus = kit.corpus_from_texts(
        {
            "t": HEAD + "Prices and taxes rose as the budget shrank.\n\nTroops and warships moved "
            "to the border.\n\nIt rained all night."
        }
    )
    rows = kit.frames(corpus)
    schema.validate(rows, schema.FRAME_COLUMNS, corpus.articles)
    primary = rows[rows.is_primary].frame.tolist()
    assert primary == ["economic", "security and defense", "other"]
    assert "budget" in rows[rows.frame == "economic"].cues.iloc[0]
    cues = kit.frame_cues(corpus)
    schema.validate(cues, schema.FRAME_CUE_COLUMNS, corpus.articles, text_column="cue")
    profile = kit.frame_profile(rows)
    assert profile.loc[0, "economic"] == pytest.approx(1 / 3)


def test_readability_uses_the_kits_sentences():
    text = HEAD + "The U.S. team met Gen. Ana Ruiz at 9 a.m. on Monday. It was short. Everyone agreed."
    scores = kit.readability(kit.corpus_from_texts({"t": text}))
    schema.validate(scores, schema.READABILITY_COLUMNS)
    row = scores.iloc[0]
    assert row.n_sentences == 3  # textstat alone would split after 'U.S.', 'Gen.' and 'a.m.'
    assert 0 < row.flesch_kincaid_grade < 12 and row.flesch_reading_ease > 50


def test_syllables_match_textstat_with_a_faster_dictionary():
    import random

    import textstat

    from kit.language import _cmu_syllables, _syllables

    words = random.Random(0).sample(sorted(_cmu_syllables()), 500)
    words += ["don't", "co-operate", "o'brien", "zzyzx", "well-known", "rock'n'roll", "qwertyuiop"]
    assert [_syllables(word) for word in words] == [max(1, textstat.syllable_count(word)) for word in words]
