"""The sourcing lens on short sentences written for each rule, and on the bundled articles."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import kit
from kit import schema

HEAD = "Council Votes On Bridge\n\n"


def tag(*paragraphs: str) -> pd.DataFrame:
    corpus = kit.corpus_from_texts({"t": HEAD + "\n\n".join(paragraphs)})
    rows = kit.quotes(corpus)
    schema.validate(rows, schema.QUOTE_COLUMNS, corpus.articles, text_column="quote")
    return rows


def one(*paragraphs: str) -> pd.Series:
    rows = tag(*paragraphs)
    assert len(rows) == 1, rows[["kind", "speaker", "quote"]].to_dict("records")
    return rows.iloc[0]


@pytest.mark.parametrize(
    "sentence, kind, speaker, reason_word",
    [
        ("“We had no choice,” the mayor, Ana Ruiz, said on Monday.", "direct", "Ana Ruiz", "said"),
        ('"We had no choice," said Ana Ruiz, the mayor.', "direct", "Ana Ruiz", "follows"),
        ("Ana Ruiz said: “We had no choice. The river was rising.”", "direct", "Ana Ruiz", "before"),
        ("The mayor called it “a disgrace for the valley.”", "partial", "The mayor", "woven"),
        ("Ana Ruiz said that the bridge would close for a month.", "indirect", "Ana Ruiz", "without quote marks"),
        ("The bridge will close for a month, according to city engineers.", "indirect", "city engineers", "according"),
        ("The bridge will close for a month, officials said.", "indirect", "officials", "comes before"),
        ("The council’s “consultation” lasted ten minutes.", "scare", None, "distance"),
    ],
)
def test_each_kind(sentence, kind, speaker, reason_word):
    row = one(sentence)
    assert row.kind == kind
    assert (None if pd.isna(row.speaker) else row.speaker) == speaker
    reason = row.reason.lower()
    assert reason_word in reason or (kind == "partial" and "woven" in reason), row.reason


def test_quoted_words_inside_reported_speech_give_two_rows():
    rows = tag("The mayor promised to act with “all the means we have” before the rains.")
    assert rows.kind.tolist() == ["indirect", "partial"]
    reported, quoted = rows.iloc[0], rows.iloc[1]
    assert reported.start <= quoted.start and quoted.end <= reported.end
    assert reported.cue_start == quoted.cue_start and set(rows.speaker) == {"The mayor"}


def test_offsets_exclude_the_marks_and_point_at_speaker_and_cue():
    rows = tag("“We had no choice,” Ana Ruiz said.")
    row = rows.iloc[0]
    text = HEAD + "“We had no choice,” Ana Ruiz said."
    assert text[row.start - 1] == "“" and text[row.end] == "”"
    assert text[row.speaker_start : row.speaker_end] == "Ana Ruiz"
    assert text[row.cue_start : row.cue_end] == "said"


def test_straight_and_curly_marks_are_the_same():
    curly = one("“We had no choice,” Ana Ruiz said.")
    straight = one('"We had no choice," Ana Ruiz said.')
    assert (curly.kind, curly.speaker, curly.quote) == (straight.kind, straight.speaker, straight.quote)


def test_quote_spanning_paragraphs_is_one_quotation():
    rows = tag("“The river rose all night. We moved everyone out by dawn.", "“Nobody was hurt,” Ana Ruiz said.")
    assert len(rows) == 1
    assert rows.iloc[0].quote.startswith("The river") and rows.iloc[0].quote.endswith("Nobody was hurt,")
    assert rows.iloc[0].speaker == "Ana Ruiz"


def test_nested_single_quotes_stay_inside_the_outer_quote():
    rows = tag("“They told us to ‘just wait’ for days,” Ana Ruiz said.")
    assert rows.kind.tolist() == ["direct"]


def test_pronoun_resolves_to_the_person_just_named():
    rows = tag("Engineer Tom Okafor inspected the bridge on Monday.", "“It will not last the winter,” he said.")
    row = rows[rows.kind == "direct"].iloc[0]
    assert row.speaker == "Tom Okafor" and "read as" in row.reason


def test_continued_quotation_keeps_its_speaker():
    rows = tag("“We had no choice,” Ana Ruiz said. “The river was rising fast.”")
    assert rows.speaker.tolist() == ["Ana Ruiz", "Ana Ruiz"]
    assert rows.rule.tolist() == ["quote.cue_after", "quote.continues"]


def test_description_resolves_to_an_earlier_name():
    rows = tag(
        "Regional Governor Ana Ruiz visited the site.",
        "The council met at noon.",
        "The governor said that the bridge would reopen in May.",
    )
    row = rows[rows.kind == "indirect"].iloc[-1]
    assert row.speaker == "Ana Ruiz"


def test_surname_and_spelling_variants_merge_to_the_fullest_name():
    rows = tag("Ana Rodriguez said the plan was sound.", "“It is sound,” Rodrigues said.")
    assert set(rows.speaker) == {"Ana Rodriguez"}


def test_second_hand_quote_names_the_intermediary():
    row = one("“We are following events closely,” the state news agency quoted Ana Ruiz as saying.")
    assert row.speaker == "Ana Ruiz" and "news agency" in row.via


def test_statement_is_an_intermediary():
    row = one("“Oil belongs to the people,” the minister said in a statement.")
    assert row.via == "statement"


def test_alterations_inside_quotes_are_flagged():
    row = one("Ana Ruiz said “(w)e are concerned about [the] plans … to build it.”")
    assert "insertion (w)" in row.alterations and "insertion [the]" in row.alterations and "ellipsis" in row.alterations


@pytest.mark.parametrize(
    "paragraph",
    [
        "Her new book is titled “Rivers of Salt” and sold well.",
        "The film, “Night Crossing,” opens on Friday.",
    ],
)
def test_titles_are_not_quotes(paragraph):
    assert tag(paragraph).empty


def test_headlines_and_furniture_are_never_tagged():
    text = (
        "“Historic” Vote Splits Council\n\nBy Ana Ruiz\n\nThe council voted on Tuesday.\n\nHer latest book is “Rivers”."
    )
    corpus = kit.corpus_from_texts({"t": text})
    rows = kit.quotes(corpus)
    assert rows.empty, rows.quote.tolist()


def test_verbs_used_as_nouns_are_not_cues():
    rows = tag("The state oil company’s report on exports was late.", "Twain’s remark about reports was apt.")
    assert rows.empty, rows[["cue", "quote"]].to_dict("records")


def test_a_speech_act_with_quoted_words_gives_a_reported_row_and_a_partial_row():
    rows = tag("The mayor called the plan “a disgrace for the valley” on Monday.")
    assert rows.kind.tolist() == ["indirect", "partial"]
    assert set(rows.speaker) == {"The mayor"} and set(rows.cue) == {"called"}
    assert rows.iloc[0].quote.startswith("the plan")


# ---- reported speech: speakers and content ---------------------------------------------------------
@pytest.mark.parametrize(
    "paragraph",
    [
        "The figure, he said, comes from opening remarks transcribed for the press.",
        "The bridge will close, according to notes prepared for the council.",
        "The bridge will close for a month, according to the.",
    ],
)
def test_a_speaker_is_never_a_bare_function_word(paragraph):
    rows = tag(paragraph)
    for row in rows.itertuples(index=False):
        words = str(row.speaker).lower().split()
        assert words and words[-1] not in {"the", "a", "an", "for", "of", "to", "in", "that"}, row.speaker


def test_according_to_a_description_stops_before_its_preposition():
    row = one("The bridge will close for a month, according to opening remarks transcribed for the press.")
    assert row.kind == "indirect" and row.speaker == "opening remarks transcribed"
    assert "according" in row.reason


@pytest.mark.parametrize(
    "sentence, speaker, cue, content",
    [
        ("The White House is saying that the bridge will close for a month.", "White House", "saying", "the"),
        ("Ana Ruiz now says the bridge will close for a month.", "Ana Ruiz", "says", "the bridge"),
        ("Residents have often argued that the bridge is unsafe for trucks.", "Residents", "argued", "the bridge"),
        ("The council could argue that the bridge is unsafe for trucks.", "The council", "argue", "the bridge"),
    ],
)
def test_auxiliaries_and_adverbs_stand_between_speaker_and_verb(sentence, speaker, cue, content):
    row = one(sentence)
    assert (row.kind, row.speaker, row.cue) == ("indirect", speaker, cue)
    assert row.quote.startswith(content) and "without quote marks" in row.reason


@pytest.mark.parametrize(
    "sentence, speaker",
    [
        ("Senator Huey Long said the bridge would close for a month.", "Huey Long"),
        ("“We will rebuild,” actor Will Smith said.", "Will Smith"),
        ("Then Ana Ruiz said the bridge would close for a month.", "Ana Ruiz"),
    ],
)
def test_a_capitalised_adverb_or_auxiliary_inside_a_name_is_part_of_the_name(sentence, speaker):
    assert one(sentence).speaker == speaker


def test_a_passive_speech_verb_does_not_make_its_subject_the_speaker():
    assert tag("The residents were told that the bridge would close for a month.").empty
    assert tag("The plan has been criticized as too expensive for the town.").empty


@pytest.mark.parametrize(
    "sentence, speaker, cue",
    [
        ("Ana Ruiz urged residents to use the ferry while the bridge is closed.", "Ana Ruiz", "urged"),
        ("Ana Ruiz called for a new bridge over the river by next year.", "Ana Ruiz", "called for"),
        ("The union accused the council of neglecting the bridge for years.", "The union", "accused"),
        ("The mayor is defending the decision to close the bridge for a month.", "The mayor", "defending"),
        ("The survey shows that most residents want a new bridge.", "The survey", "shows"),
    ],
)
def test_speech_acts_report_their_object(sentence, speaker, cue):
    row = one(sentence)
    assert (row.kind, row.speaker, row.cue) == ("indirect", speaker, cue)
    assert "without quote marks" in row.reason


@pytest.mark.parametrize(
    "sentence, speaker, cue, content",
    [
        ("Ana Ruiz mocked the new timetable.", "Ana Ruiz", "mocked", "the new timetable"),
        ("Ana Ruiz said they were winning.", "Ana Ruiz", "said", "they were winning"),
    ],
)
def test_three_words_of_object_or_clause_are_reported_content(sentence, speaker, cue, content):
    row = one(sentence)
    assert (row.kind, row.speaker, row.cue, row.quote) == ("indirect", speaker, cue, content)
    text = HEAD + sentence
    assert (row.start, row.end) == (text.index(content), text.index(content) + len(content))
    assert "without quote marks" in row.reason


@pytest.mark.parametrize(
    "sentence",
    [
        "Ana Ruiz wrote in her diary.",  # a place, not content
        "Ana Ruiz spoke and said so.",  # two words: a fragment
    ],
)
def test_three_words_of_place_or_time_or_fewer_are_no_content(sentence):
    assert tag(sentence).empty


def test_a_plural_description_is_a_speaker():
    row = one("Environmental groups warn that the bridge will harm the river.")
    assert (row.kind, row.speaker, row.speaker_type) == ("indirect", "Environmental groups", "unknown")
    row = one("The old bridge needs repairs, local engineers said on Monday.")
    assert row.speaker == "local engineers"


def test_a_description_after_the_keeps_its_words():
    row = one("The Democratic hopeful says the bridge will close for a month.")
    assert (row.speaker, row.speaker_type) == ("The Democratic hopeful", "unknown")


def test_a_new_attribution_after_a_comma_ends_the_content_before_it():
    rows = tag("Ana Ruiz said the bridge would close for a month, arguing that the river was too high.")
    assert rows.cue.tolist() == ["said", "arguing"]
    assert rows.quote.tolist() == ["the bridge would close for a month", "the river was too high"]
    assert set(rows.speaker) == {"Ana Ruiz"}
    rows = tag("Ana Ruiz said the bridge would close for a month, though engineers noted the river was falling.")
    assert rows.speaker.tolist() == ["Ana Ruiz", "engineers"]
    assert rows.quote.tolist()[0] == "the bridge would close for a month"


def test_a_second_verb_after_and_is_the_same_speakers_next_statement():
    rows = tag("Ana Ruiz praised the engineers and the workers for their work and said the bridge would reopen.")
    assert rows.cue.tolist() == ["praised", "said"] and set(rows.speaker) == {"Ana Ruiz"}
    assert rows.quote.tolist() == ["the engineers and the workers for their work", "the bridge would reopen"]
    row = one("Ana Ruiz said the bridge was unsafe and would close in May.")  # 'and' before a plain verb: one row
    assert row.quote == "the bridge was unsafe and would close in May"


def test_a_relative_who_credits_the_phrase_before_it():
    rows = tag("The engineer Tom Okafor, who said the bridge was unsafe for trucks, resigned on Monday.")
    row = rows.iloc[0]
    assert (row.kind, row.speaker, row.cue) == ("indirect", "Tom Okafor", "said")


@pytest.mark.parametrize(
    "sentence, speaker, content",
    [
        (
            "An official in the mayor’s office, who asked not to be named, said the city might sell one of the halls.",
            "An official in the mayor’s office",
            "the city might sell one of the halls",
        ),
        ("The bridge will close in May, said Ana Ruiz on Monday.", "Ana Ruiz", "The bridge will close in May"),
        ("The bridge will close in May, said a spokesman for the council.", "a spokesman", None),
    ],
)
def test_an_inverted_cue_takes_the_phrase_after_it_only_when_that_phrase_ends_the_clause(sentence, speaker, content):
    rows = tag(sentence)
    said = rows[rows.cue == "said"].iloc[0]
    assert said.speaker == speaker
    if content is not None:
        assert said.quote == content


def test_a_participle_after_a_comma_has_no_speaker_before_the_comma():
    assert tag("Its plans and remarks, discussed in a report last week, drew little notice.").empty


@pytest.mark.parametrize(
    "paragraphs, speaker, cue, content",
    [
        (["Ana Ruiz’s claim that the bridge would close for a month surprised everyone."], "Ana Ruiz", "claim", "the"),
        (
            ["Engineer Tom Okafor inspected the bridge.", "His warning that the bridge would fail went unheeded."],
            "Tom Okafor",
            "warning",
            "the bridge would fail",
        ),
    ],
)
def test_nominal_attribution_credits_the_possessor(paragraphs, speaker, cue, content):
    rows = tag(*paragraphs)
    row = rows[rows.rule == "quote.nominal"].iloc[0]
    assert (row.kind, row.speaker, row.cue) == ("indirect", speaker, cue)
    assert row.quote.startswith(content) and "possessive" in row.reason


def test_a_nominal_cue_without_a_possessor_is_not_an_attribution():
    assert tag("The claim that the bridge would close for a month surprised everyone.").empty


# ---- quoted speech: which cue and which speaker a quotation gets --------------------------------------
def test_quoted_words_inside_reported_speech_take_its_cue_and_speaker():
    rows = tag("Ana Ruiz said the engineers once described the bridge as “a death trap” in their report.")
    quoted = rows[rows.kind == "partial"].iloc[0]
    assert (quoted.speaker, quoted.cue, quoted.rule) == ("Ana Ruiz", "said", "quote.in_reported")
    assert "reported speech" in quoted.reason
    reported = rows[rows.kind == "indirect"].iloc[0]
    assert reported.cue_start == quoted.cue_start and reported.start <= quoted.start


def test_a_participle_after_a_quote_hands_the_quote_to_the_verb_that_opened_the_clause():
    rows = tag("The union called Ana Ruiz a “champion” of the river, citing her work on the dam.")
    quoted = rows[rows.kind == "partial"].iloc[0]
    assert (quoted.speaker, quoted.cue) == ("The union", "called")
    assert "continues" in quoted.reason


def test_without_an_earlier_cue_the_quote_goes_to_the_subject_and_the_participle_is_not_its_cue():
    rows = tag("Tom Okafor admires Ana Ruiz as a “strong leader,” comparing her to the last mayor.")
    quoted = rows[rows.kind == "partial"].iloc[0]
    assert quoted.speaker == "Tom Okafor" and pd.isna(quoted.cue) and quoted.rule == "quote.subject"
    assert "subject" in quoted.reason


@pytest.mark.parametrize(
    "paragraph, speaker, cue",
    [
        ("“We won!” Ana Ruiz said. “Next we rebuild the bridge.”", "Ana Ruiz", "said"),
        ("“Did we lose?” asked Ana Ruiz, the mayor.", "Ana Ruiz", "asked"),
    ],
)
def test_a_cue_after_an_exclamation_or_question_mark_belongs_to_the_quote(paragraph, speaker, cue):
    rows = tag(paragraph)
    assert rows.speaker.tolist()[0] == speaker and rows.cue.tolist()[0] == cue
    assert rows.kind.tolist()[0] == "direct" and "follows" in rows.reason.tolist()[0]


def test_a_next_sentence_with_content_of_its_own_is_not_the_cue_of_the_quote_before_it():
    rows = tag("“We won!” Ana Ruiz said that if “the council objects, we will appeal.”")
    assert rows.kind.tolist()[0] == "scare" and pd.isna(rows.speaker.tolist()[0])


def test_a_pronoun_with_a_contracted_is_speaks():
    rows = tag("Ana Ruiz spoke on Monday.", "She’s claiming that the bridge is “a big problem for us” and unsafe.")
    quoted = rows[rows.kind == "partial"].iloc[0]
    assert (quoted.speaker, quoted.cue) == ("Ana Ruiz", "claiming")
    assert tag("The mayor’s remark was “odd and rude” to some.").kind.tolist() == ["scare"]


def test_a_verb_in_a_subordinate_clause_after_the_quote_is_not_its_cue():
    row = tag("The ad shows footage of Tom Okafor saying, “That makes me smart,” when Ana Ruiz criticized him.")
    quoted = row[row.kind == "direct"].iloc[0]
    assert (quoted.speaker, quoted.cue) == ("Tom Okafor", "saying")


def test_the_phrase_after_told_is_the_addressee_not_the_speaker():
    row = one(
        "“The labels stick,” Ana Ruiz, the director of a media group who appears in the film, told The Daily Post."
    )
    assert (row.speaker, row.cue) == ("Ana Ruiz", "told")


def test_the_name_right_after_the_closing_mark_beats_names_in_its_appositives():
    row = one(
        "“It is an invasion of the state’s domain,” Tom Okafor, the attorney general of Ohio, one of the states "
        "suing the EPA, said on Monday."
    )
    assert row.speaker == "Tom Okafor"


def test_a_form_of_be_before_a_quote_does_not_make_the_cue_after_it_passive():
    rows = tag("The answers to floods are “not meeting the demand,” says Ana Ruiz, founder of a river charity.")
    quoted = rows[rows.kind == "partial"].iloc[0]
    assert (quoted.speaker, quoted.cue) == ("Ana Ruiz", "says")
    reported = rows[rows.kind == "indirect"]
    assert reported.quote.str.startswith("The answers").all()  # never 'Ana Ruiz, founder of ...'


def test_a_title_abbreviation_does_not_end_the_sentence_of_the_cue():
    row = one('"He would be a great judge. Not good, great," Rep. Ana Ruiz (D-Md.) said in a phone interview.')
    assert (row.kind, row.speaker, row.cue) == ("direct", "Ana Ruiz", "said")


def test_reported_content_ends_at_a_quote_closed_after_a_comma_before_a_new_cue():
    rows = tag("Ana Ruiz said she felt the bridge was worth saving because “most people love it,” she said.")
    reported = rows[rows.kind == "indirect"].iloc[0]
    assert reported.quote.endswith("love it,”")


def test_a_quoted_sentence_after_reported_speech_goes_on_with_its_speaker():
    rows = tag("His old partner, Tom Okafor, called him a master at deals. “He did it again and again.”")
    quoted = rows[rows.kind == "direct"].iloc[0]
    assert (quoted.speaker, quoted.rule) == ("Tom Okafor", "quote.after_reported")
    assert "reported speech" in quoted.reason


def test_the_speech_verb_search_matches_the_longest_form_at_a_word_boundary():
    from kit.quotes import _verb_pattern

    found = [m.group(1) for m in _verb_pattern().finditer("She called for calm, called forth X and saidx said.")]
    assert found == ["called for", "called", "said"]


# ---- the bundled articles --------------------------------------------------------------------------
EXPECTED = json.loads((Path(__file__).parent / "golden" / "bundled_quotes.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bundled(corpus):
    return kit.quotes(corpus)


def test_bundled_quotes_keep_the_contract(corpus, bundled):
    schema.validate(bundled, schema.QUOTE_COLUMNS, corpus.articles, text_column="quote")
    assert bundled.quote_id.is_unique and bundled.reason.str.len().min() > 10
    body = corpus.segments[corpus.segments.kind == "body"]
    for row in bundled.itertuples(index=False):  # every tag lies in the body, never in furniture
        spans = body[body.article_id == row.article_id]
        assert ((spans.start <= row.start) & (row.start <= spans.end)).any()


@pytest.mark.parametrize("case", EXPECTED["quoted_officials"], ids=lambda c: c["speaker"])
def test_bundled_quoted_officials_have_the_right_speaker(bundled, case):
    rows = bundled[
        (bundled.article_id == case["article_id"])
        & bundled.quote.str.contains(case["words"], regex=False)
        & (bundled.kind == case["kind"])
    ]
    assert not rows.empty, case
    assert rows.iloc[0].speaker == case["speaker"], rows.iloc[0].reason


def test_bundled_scare_quotes_have_no_speaker(bundled):
    scare = bundled[bundled.kind == "scare"]
    assert len(scare) >= 3
    assert scare.speaker.isna().all() and scare.cue.isna().all()
    assert set(EXPECTED["scare_words"]) <= set(scare.quote.str.strip(" .,"))


def test_sources_and_voice_shares(corpus, bundled):
    speakers = kit.sources(corpus, bundled)
    schema.validate(speakers, schema.SOURCE_COLUMNS)
    shoigu = speakers[speakers.speaker == EXPECTED["second_hand"]["speaker"]].iloc[0]
    assert shoigu.is_second_hand and EXPECTED["second_hand"]["via"] in shoigu.via
    assert shoigu.source_group == "official" and shoigu.country == EXPECTED["second_hand"]["country"]
    shares = kit.voice_shares(corpus, bundled)
    voices = shares.drop(columns=["article_id", "outlet", "body_chars"])
    assert ((voices.sum(axis=1) - 1).abs() < 1e-9).all()
    assert (shares.writer > 0.4).all()


def test_the_same_statement_in_two_articles_is_paired_and_compared():
    corpus = kit.corpus_from_texts(
        {
            "a": HEAD + "“We will defend our interests with all mechanisms available to us,” Ana Ruiz said.",
            "b": HEAD + "Ana Ruiz said the city would defend its interests “with all mechanisms available to us.”",
            "c": HEAD + "“We shall defend our interests using every mechanism available,” Ana Ruiz said.",
        }
    )
    variants = kit.quote_variants(kit.quotes(corpus))
    schema.validate(variants, schema.QUOTE_VARIANT_COLUMNS)
    pairs = {(r.article_a, r.article_b): r for r in variants.itertuples(index=False)}
    assert pairs[("a", "b")].wording == "contained"
    assert pairs[("a", "c")].wording == "reworded" and "shall" in pairs[("a", "c")].differences


def test_bundled_self_reuse_shows_as_verbatim_quotes(bundled):
    variants = kit.quote_variants(bundled)
    verbatim = variants[variants.wording == "verbatim"]
    assert {("000_88799ff349ff80df", "003_c7df5b8c4c09125c")} <= set(
        zip(verbatim.article_a, verbatim.article_b, strict=True)
    )
    reworded = variants[variants.wording == "reworded"]
    assert ("001_631434f860d39638", "002_b0f4844b8eb47614") in set(
        zip(reworded.article_a, reworded.article_b, strict=True)
    )


def test_organisations_with_acronyms_titles_and_inverted_cues():
    text = (
        "Aid Rises\n\n"
        "The United States Agency for International Development (USAID) announced on Wednesday that it will "
        "allocate more than 50 million dollars to the opposition.\n\n"
        "Over 40,000 people since 2017 have been killed as a result of sanctions, according to a report titled "
        "[Sanctions as Collective Punishment](#).\n\n"
        "Aid will also support refugees in Colombia, Ecuador, Brazil, Peru and elsewhere in the region, "
        "added the statement.\n\n"
        "Sen. Ana Ruiz (D-Ohio) said the plan was a mistake and would fail."
    )
    tags = kit.quotes(kit.corpus_from_texts({"a": text})).set_index("cue")
    assert tags.loc["announced", ["speaker", "speaker_type"]].tolist() == [
        "United States Agency for International Development",
        "organisation",
    ]
    according = tags.loc["according to"]
    assert according.speaker == "a report"  # the title is not a speaker
    assert according.quote == "Over 40,000 people since 2017 have been killed as a result of sanctions"
    assert tags.loc["added", "speaker"] == "the statement"  # not the last country in the list
    assert tags.loc["said", "speaker"] == "Ana Ruiz"  # a party-and-state parenthesis is still transparent


def test_a_country_as_speaker_is_an_organisation_not_a_person():
    row = one("The talks will fail, France said on Monday.")
    assert (row.speaker, row.speaker_type) == ("France", "organisation")


def test_quoted_words_in_nested_reported_speech_stay_with_the_inner_speaker():
    rows = tag(
        "Ana Ruiz reaffirmed the council's support for the mayor as the city's “lawful leader” and noted the "
        "budget, according to minutes released on Friday."
    )
    partial = rows[rows.kind == "partial"].iloc[0]
    assert partial.quote == "lawful leader"
    assert (partial.speaker, partial.cue) == ("Ana Ruiz", "reaffirmed"), "the inner attribution, not 'according to'"
    assert "according to" in set(rows[rows.kind == "indirect"].cue)
