"""Page anatomy on hand-written pages of many shapes, and invariants on generated pages."""

from __future__ import annotations

import random

import pandas as pd
import pytest

import kit
from kit.segment import find_date, match_cue, segment

WORDPRESS = """Valley News
Home | World | Sport

Council Approves New Bridge

Posted by Lee Chan on March 3, 2021

The council approved the new bridge on Tuesday after a two-hour debate, members said.

Advertisement

Construction will start in May and should take two years, the mayor told reporters.

Share this:
Twitter
Facebook

2 Comments

Maria Lopez says:
March 3, 2021 at 9:12 am
About time. The old one was falling apart.
Reply

Tom B says:
March 3, 2021 at 10:40 am
Who is paying for this?
Reply

Leave a Reply
Your email address will not be published. Required fields are marked *
Comment
Name *
Email *
Post Comment
"""


def kinds(page) -> list[str]:
    return [s["kind"] for s in page.segments]


def texts(text: str, page, kind: str) -> list[str]:
    return [text[s["start"] : s["end"]] for s in page.segments if s["kind"] == kind]


def test_blog_page_with_threaded_comments_and_form():
    page = segment(WORDPRESS)
    assert (page.title, page.author, page.date, page.date_source) == (
        "Council Approves New Bridge",
        "Lee Chan",
        "2021-03-03",
        "byline",
    )
    assert texts(WORDPRESS, page, "boilerplate")[:2] == ["Valley News", "Home | World | Sport"]
    body = texts(WORDPRESS, page, "body")
    assert body[0].startswith("The council approved") and body[-1].endswith("told reporters.") and len(body) == 2
    comments = texts(WORDPRESS, page, "comment")
    assert comments[0].startswith("Maria Lopez says:") and comments[0].endswith("falling apart.")
    assert comments[1].endswith("Who is paying for this?")
    assert (page.comments_status, page.n_comments, page.n_comments_claimed) == ("open", 2, 2)
    assert "Post Comment" in texts(WORDPRESS, page, "comment_form")
    assert "Comment" in texts(WORDPRESS, page, "comment_form")  # a form field label, not a second header
    assert not page.warnings


def test_comment_count_mismatch_is_reported():
    page = segment(WORDPRESS.replace("2 Comments", "5 Comments"))
    assert "announces 5 comments but 2" in " ".join(page.warnings)


@pytest.mark.parametrize(
    "tail, status",
    [
        ("Comments are closed.", "closed"),
        ("Leave a comment\n\nYour email address will not be published.", "form_only"),
        ("Please enable JavaScript to view the comments powered by Disqus.", "offsite"),
        ("Join the conversation on our Facebook page", "offsite"),
        ("© 2021 Valley News. All rights reserved.", "none"),
    ],
)
def test_comment_section_status(tail, status):
    text = "Bridge Plan Approved\n\nThe council approved the new bridge on Tuesday after a long debate.\n\n" + tail
    page = segment(text)
    assert page.comments_status == status
    assert page.n_comments == 0
    assert texts(text, page, "body") == ["The council approved the new bridge on Tuesday after a long debate."]


def test_wire_dateline_and_agency_credit():
    text = (
        "Senate Passes Budget\n\nWASHINGTON (AP) — The Senate passed the budget late on Friday, ending a long standoff."
    )
    page = segment(text)
    assert texts(text, page, "dateline") == ["WASHINGTON (AP) —"]
    assert texts(text, page, "body")[0].startswith("The Senate passed")
    assert page.wire_credit == "AP"


def test_a_sentence_starting_with_by_is_not_a_byline_in_the_body():
    text = (
        "Bridge Plan Approved\n\nThe council approved the new bridge on Tuesday after a long debate.\n\n"
        "By its own estimate, the city will pay about half of the cost over ten years."
    )
    page = segment(text)
    assert kinds(page) == ["headline", "body", "body"]
    assert page.author is None


def test_hard_wrapped_text_keeps_paragraphs_whole():
    text = (
        "Heavy rain closed every school in the valley on Monday, officials\nsaid, and roads into the town were "
        "under water by noon.\n\nThe mayor said classes would resume when the river\nfell, perhaps by Thursday.\n"
    )
    page = segment(text)
    assert kinds(page) == ["body", "body"]
    assert texts(text, page, "body")[0].endswith("by noon.")


def test_furniture_inside_and_after_the_body():
    text = """Storm Closes Schools

By Ana Ruiz

Heavy rain closed every school in the valley on Monday, officials said.

The mayor at the flooded bridge. (Photo: Jo Park/Valley News)

READ MORE: Floods cut power to thousands

Classes will resume when the river falls, perhaps by Thursday, the mayor said.

* * *

This article was originally published on River Post.

Ana Ruiz is a reporter covering the valley. She can be reached at ana@example.org.

Subscribe to our newsletter
"""
    page = segment(text)
    assert kinds(page) == [
        "headline",
        "byline",
        "body",
        "caption",
        "boilerplate",
        "body",
        "boilerplate",
        "boilerplate",
        "bio",
        "boilerplate",
    ]
    bio = [s for s in page.segments if s["kind"] == "bio"][0]
    assert "can be reached" in bio["reason"] or "author" in bio["reason"]


def test_headline_given_by_a_record_is_preferred():
    text = "World News\n\nRiver Floods Town\n\nThe river flooded the town on Monday after three days of rain."
    assert segment(text, title="River Floods Town").title == "River Floods Town"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Published: 12 May 2020, 09:14", "2020-05-12"),
        ("Sept. 3, 2019", "2019-09-03"),
        ("2021-02-30 is not a day; 2021-02-28 is", "2021-02-28"),
        ("03/04/2021", None),
        ("on the 4th of July 1999", "1999-07-04"),
    ],
)
def test_find_date_never_guesses(text, expected):
    assert find_date(text) == expected


def test_every_lexicon_example_matches_its_own_cue():
    cues = kit.lexicons.load("page_cues")
    for row in cues.itertuples(index=False):
        found = match_cue(row.example)
        assert found is not None, row.cue_id
        assert found["role"] == row.role, (row.cue_id, found["cue_id"])


# ---- generated pages: the coverage invariant holds whatever the shape ----------------------------

PIECES = {
    "header": [
        "Valley News",
        "Home | World | Sport",
        "Storm Closes Schools",
        "By Ana Ruiz | May 2, 2021",
        "Listen to this article",
        "Published: 12 May 2020",
        "Print",
        "https://example.org/a/1",
    ],
    "body": [
        "Heavy rain closed every school in the valley on Monday, officials said.",
        "“We had no choice,” the mayor said. “The roads were under water.”",
        "Engineers had warned for years that the old bridge was unsafe,\nand repairs would cost more than a new one.",
        "Advertisement",
        "The mayor at the bridge. (Photo: Jo Park)",
        "READ MORE: Floods cut power",
        "By its own estimate, the city will pay half of the cost.",
    ],
    "tail": [
        "* * *",
        "Disclaimer: views are the author's own.",
        "Ana Ruiz is a reporter covering the valley.",
        "Subscribe to our newsletter",
        "© 2021 Valley News",
    ],
    "comments": [
        "3 thoughts on “Storm Closes Schools”",
        "  • First!\n    Great piece.",
        "  • Who pays for this?",
        "Kim says:\nMay 2, 2021 at 9:00 am\nAbout time.",
        "Reply",
        "Leave a Reply",
        "Name *",
        "Comments are closed.",
        "Up ↑",
    ],
}


def generated_page(seed: int) -> str:
    rng = random.Random(seed)
    parts = []
    for zone, count in (("header", 3), ("body", 5), ("tail", 2), ("comments", 4)):
        parts += rng.sample(PIECES[zone], k=rng.randint(0, count))
    separators = ["\n\n", "\n", "\n\n\n", "\r\n\r\n", " \n\u00a0\n"]
    text = rng.choice(["", "\n", "  "]) + "".join(p + rng.choice(separators) for p in parts)
    return text.replace(" ", "\u00a0", 1) if seed % 3 == 0 else text


@pytest.mark.parametrize("seed", range(60))
def test_generated_pages_keep_the_segment_invariants(seed, tmp_path):
    from conftest import assert_segments_valid

    text = generated_page(seed)
    path = tmp_path / f"page{seed}.txt"
    path.write_bytes(text.encode("utf-8"))
    corpus = kit.load_corpus(path)
    if not text.strip():
        assert corpus.articles.empty and not corpus.problems.empty
        return
    assert corpus.articles.text.iloc[0] == text
    assert_segments_valid(corpus)
    assert pd.Series(corpus.segments.segment_id).is_unique


def test_a_closing_cue_followed_by_more_reporting_does_not_end_the_article():
    paragraphs = [
        "The city sued the campaign on Thursday over an advertisement that uses photos of its officers.",
        "It says the campaign used copyrighted material without permission and cannot claim fair use for it.",
        "The advertisement shows uniformed officers greeting the candidate and shaking his hand.",
        "The city attorney said the advertisement wrongly suggests that the police endorse the campaign.",
        "A spokesman for the campaign did not respond to a request for comment on Friday.",
    ]
    text = "City Sues Campaign\n\n" + "\n\n".join(paragraphs)
    page = segment(text)
    assert kinds(page) == ["headline", "body", "boilerplate", "body", "body", "body"]


def test_a_known_title_is_the_headline_whatever_its_shape():
    text = "The latest: council approves the bridge after a long debate.\n\nWASHINGTON (AP) — The council voted 7-2."
    page = segment(text, title="The latest: council approves the bridge after a long debate")
    assert kinds(page) == ["headline", "dateline", "body"]


def test_short_sentences_before_the_first_paragraph_belong_to_the_body():
    text = "Rivers Rise\n\nIt rained again.\n\nFor nine days the valley saw rain, and on Monday the river rose."
    page = segment(text)
    assert kinds(page) == ["headline", "body", "body"]


ONE_SENTENCE_CASES = [
    "The council approved the new bridge on Tuesday after a two-hour debate, members said.",
    "  “We will not back down,” the mayor said  ",
    "Nothing to split here",
    "Is this the end?",
    "He called it a ‘betrayal’.",
    "",
    # not shortcuts: the splitter decides these
    "Of the 145 arrested, 86 had convictions; 39 were arrested on earlier encounters.",
    "(Reporting by A. Writer; Editing by B. Editor.)",
    "WASHINGTON (AP) —",
    "The U.S. envoy met Gen. Ana Ruiz. She left at 9 a.m.",
    "Line one\nline two",
    "He paused... then spoke.",
]


@pytest.mark.parametrize("paragraph", ONE_SENTENCE_CASES)
def test_sentence_shortcut_agrees_with_syntok(paragraph):
    """Paragraphs with nothing for syntok to decide skip it; the spans are exactly syntok's."""
    from kit.segment import _ONE_SENTENCE, _paragraph_sentences, _syntok_sentences

    assert _paragraph_sentences(paragraph) == _syntok_sentences(paragraph)
    shortcut = bool(_ONE_SENTENCE.fullmatch(paragraph.strip()))
    assert shortcut == (ONE_SENTENCE_CASES.index(paragraph) < 6)  # the cases above are the shortcut's own


def test_sentence_shortcut_agrees_with_syntok_on_the_bundled_paragraphs(corpus):
    from kit.segment import _ONE_SENTENCE, _paragraph_sentences, _syntok_sentences

    texts = dict(zip(corpus.articles.article_id, corpus.articles.text, strict=True))
    paragraphs = [texts[r.article_id][r.start : r.end] for r in corpus.segments.itertuples()]
    shortcuts = [p for p in paragraphs if _ONE_SENTENCE.fullmatch(p.strip())]
    assert len(shortcuts) >= 20
    for paragraph in shortcuts:
        assert _paragraph_sentences(paragraph) == _syntok_sentences(paragraph)
