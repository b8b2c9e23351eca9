"""Analysts' inputs: other tools' export shapes, languages other than English, duplicates, short threads."""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest
from conftest import problems_of as _problems_of

import kit
from kit.dedupe import find_duplicates, normal_url
from kit.lang_id import LensSkipped
from kit.load import iter_corpus

ENGLISH = (
    "The city council approved the new budget on Monday after a long debate. The mayor said that the plan would "
    "fund schools and roads, and that taxes would not rise this year. Critics said the numbers did not add up."
)
SPANISH = (
    "El ayuntamiento aprobó el nuevo presupuesto el lunes tras un largo debate. El alcalde dijo que el plan "
    "financiará escuelas y carreteras, y que los impuestos no subirán este año. Los críticos dijeron que las "
    "cuentas no cuadran."
)


def problems_of(corpus, severity):
    return _problems_of(corpus, severity).problem.tolist()


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_a_media_cloud_export_is_read_without_a_mapping(tmp_path):
    csv = write(
        tmp_path / "mc.csv",
        "stories_id,publish_date,title,url,media_name,text\n"
        f'17,2021-03-04 10:00:00,Budget passes,https://example.org/a,The Example Times,"{ENGLISH}"\n',
    )
    corpus = kit.load_corpus(csv)
    article = corpus.articles.iloc[0]
    assert (article.article_id, article.date, article.outlet, article.title) == (
        "17",
        "2021-03-04",
        "The Example Times",
        "Budget passes",
    )
    renamed = problems_of(corpus, "info")
    for old, new in [("stories_id", "id"), ("publish_date", "date"), ("media_name", "outlet")]:
        assert any(f"column {old!r} read as {new!r}" in p for p in renamed), renamed


def test_a_news_please_jsonl_with_author_lists(tmp_path):
    record = {"maintext": ENGLISH, "authors": ["Ana Ruiz", "Li Wei"], "date_publish": "2020-01-02", "url": "x"}
    corpus = kit.load_corpus(write(tmp_path / "np.jsonl", json.dumps(record) + "\n"))
    article = corpus.articles.iloc[0]
    assert article.author == "Ana Ruiz, Li Wei"
    assert article.date == "2020-01-02"
    assert ENGLISH in article.text


def test_the_users_mapping_wins_over_known_names(tmp_path):
    csv = write(tmp_path / "m.csv", f'id,body,summary\n1,"short teaser","{ENGLISH}"\n')
    corpus = kit.load_corpus(csv, columns={"summary": "text"})
    assert corpus.articles.text.iloc[0] == ENGLISH  # 'body' is not taken as the text: the user named one


def test_articles_in_other_languages_are_loaded_reported_and_skipped_by_the_lenses():
    corpus = kit.corpus_from_texts(
        {
            "en": f"Budget Passes\n\n{ENGLISH}\n\n{ENGLISH}",
            "es": f"Presupuesto aprobado\n\n{SPANISH}\n\n{SPANISH}",
            "mix": f"Budget Passes\n\n{ENGLISH}\n\n{SPANISH}\n\n{ENGLISH}",
            "mezcla": f"Presupuesto\n\n{SPANISH}\n\n{ENGLISH}\n\n{SPANISH}",
        }
    )
    languages = dict(zip(corpus.articles.article_id, corpus.articles.language, strict=True))
    assert languages == {"en": "en", "es": "es", "mix": "mixed", "mezcla": "mixed"}
    detail = corpus.articles.set_index("article_id").language_detail
    assert detail["mix"].startswith("en ") and "es " in detail["mix"]
    assert any("not in English (es 100%)" in p for p in problems_of(corpus, "warning"))
    assert any("partly not in English" in p for p in problems_of(corpus, "warning"))
    with pytest.warns(LensSkipped, match=r"kit.quotes: skipped 2 article\(s\) not in English: es \(es\), mezc"):
        tags = kit.quotes(corpus)
    assert not {"es", "mezcla"} & set(tags.article_id)  # mostly Spanish, even if partly English
    assert {"en", "mix"} <= set(tags.article_id)  # "The mayor said that ..." is reported speech in both
    with pytest.warns(LensSkipped):
        assert "es" not in set(kit.loaded_terms(corpus, tags).article_id)


def test_the_bundled_english_corpus_is_english_and_nothing_is_skipped(corpus):
    with warnings.catch_warnings():
        warnings.simplefilter("error", LensSkipped)
        kit.quotes(corpus)
    assert set(corpus.articles.language) == {"en"}


def test_normal_url_ignores_what_does_not_change_the_page():
    assert normal_url("http://www.example.org/a/?utm_medium=x#c") == normal_url("https://example.org/a")
    assert normal_url("https://example.org/a?id=1") != normal_url("https://example.org/a?id=2")
    assert normal_url("") is None


def test_duplicates_by_url_text_and_near_text():
    near = ENGLISH.replace("Monday", "Tuesday")
    table = pd.DataFrame(
        {"article_id": ["a", "b", "c", "d", "e"], "url": ["https://x.org/1", "http://x.org/1/", None, None, None]}
    )
    bodies = {"a": ENGLISH, "b": "x", "c": ENGLISH.upper(), "d": near + " " + ENGLISH, "e": SPANISH}
    found = find_duplicates(table, bodies).set_index("article_id")
    assert found.loc["b", ["duplicate_of", "how"]].tolist() == ["a", "url"]
    assert found.loc["c", ["duplicate_of", "how"]].tolist() == ["a", "text"]
    assert "e" not in found.index and "d" not in found.index  # d is a's text twice over: Jaccard about 0.5


def test_load_corpus_drops_copies_and_keeps_syndication(tmp_path):
    story = (
        ENGLISH + " The vote was seven to four. Two members left before the end of the meeting, and the public "
        "gallery was full for the first time in years. The budget now goes to the regional authority, which has "
        "thirty days to approve it or send it back with changes, a spokesman for the authority said on Tuesday."
    )
    near = story.replace("long debate", "long, heated debate")
    rows = [
        {"id": "first", "text": story, "url": "https://x.org/story", "outlet": "Daily A"},
        {"id": "again", "text": story + " ", "url": "https://www.x.org/story/?utm_source=rss", "outlet": "Daily A"},
        {"id": "same-text", "text": story, "outlet": "Daily A"},
        {"id": "wire-copy", "text": near, "outlet": "Weekly B"},
        {"id": "other", "text": SPANISH, "outlet": "Weekly B"},
    ]
    path = write(tmp_path / "c.jsonl", "".join(json.dumps(row) + "\n" for row in rows))
    corpus = kit.load_corpus(path)
    assert corpus.articles.article_id.tolist() == ["first", "wire-copy", "other"]
    assert corpus.articles.set_index("article_id").duplicate_of["wire-copy"] == "first"
    warnings_ = problems_of(corpus, "warning")
    assert any("duplicate: the same URL as first" in p for p in warnings_)
    assert any("duplicate: the same text as first" in p for p in warnings_)
    assert any("near-identical text to first" in p and "another outlet" in p for p in problems_of(corpus, "info"))
    kept = kit.load_corpus(path, dedupe="report")
    assert len(kept.articles) == 5 and kept.articles.duplicate_of.notna().sum() == 3
    assert len(kit.load_corpus(path, dedupe=None).articles) == 5
    with pytest.raises(ValueError, match="dedupe"):
        kit.load_corpus(path, dedupe="yes")


def test_a_thread_shorter_than_its_header_is_reported():
    page = (
        "Rain Closes Roads\n\n"
        + ENGLISH
        + "\n\n5 comments\n\nAna says:\nJune 4, 2019 at 10:00 am\nThe roads were closed all day.\n"
    )
    corpus = kit.corpus_from_texts({"a": page})
    assert corpus.articles.n_comments.iloc[0] == 1
    assert any("header says 5 comments, 1 are present" in p for p in problems_of(corpus, "warning"))


def _stream_rows(n: int) -> list[dict]:
    """n different short stories; the last repeats the first (a copy far from its original) and reuses its id."""
    names = ["".join(chr(97 + (i // 26**k) % 26) for k in range(3)) + "ton" for i in range(n)]  # 'aaaton', ...
    rows = [
        {
            "id": f"s{i:03d}",
            "text": f"Story {i}\n\nThe council of {name} voted on the plan for the {name} road, officials of "
            f"{name} said on Monday after a meeting in the {name} hall.",
            "outlet": "Daily A",
        }
        for i, name in enumerate(names)
    ]
    rows.append({"id": "s001", "text": rows[0]["text"], "outlet": "Daily A"})
    return rows


def test_iter_corpus_reads_in_chunks_with_ids_and_duplicates_checked_across_chunks(tmp_path):
    path = write(tmp_path / "c.jsonl", "".join(json.dumps(row) + "\n" for row in _stream_rows(25)))
    chunks = list(iter_corpus(path, chunk_size=10))
    assert [len(chunk.articles) for chunk in chunks] == [10, 10, 5]
    whole = kit.load_corpus(path)
    streamed = pd.concat([chunk.articles for chunk in chunks], ignore_index=True)
    assert streamed.article_id.tolist() == whole.articles.article_id.tolist()  # the copy is dropped in both
    last = problems_of(chunks[-1], "warning")
    assert any("duplicate id 's001'" in problem for problem in last), last
    assert any("duplicate: the same text as s000" in problem for problem in last), last
    assert all(chunk.problems.empty for chunk in chunks[:-1])
    with pytest.raises(ValueError, match="chunk_size"):
        next(iter_corpus(path, chunk_size=0))


def test_iter_corpus_reads_no_further_than_the_chunk_it_yields(tmp_path, monkeypatch):
    path = write(tmp_path / "c.jsonl", "".join(json.dumps(row) + "\n" for row in _stream_rows(100)))
    read = []
    original = kit.load._Loader.load_record
    monkeypatch.setattr(kit.load._Loader, "load_record", lambda self, *args: (read.append(1), original(self, *args)))
    first = next(iter_corpus(path, chunk_size=10))
    assert len(first.articles) == 10 and len(read) == 10


def test_large_record_files_are_read_as_they_are_parsed_with_the_same_result(tmp_path, monkeypatch):
    rows = _stream_rows(12)
    rows[3]["text"] += " A line\u2028separator inside the text stays in its record."
    jsonl = write(tmp_path / "c.jsonl", "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
    table = pd.DataFrame(rows)
    table.to_csv(tmp_path / "c.csv", index=False)
    whole = {name: kit.load_corpus(tmp_path / name) for name in ("c.jsonl", "c.csv")}
    monkeypatch.setattr(kit.load, "STREAM_FROM_BYTES", 1)  # every file counts as large: read line by line
    for name, loaded in whole.items():
        streamed = kit.load_corpus(tmp_path / name)
        pd.testing.assert_frame_equal(streamed.articles, loaded.articles)
        pd.testing.assert_frame_equal(streamed.problems, loaded.problems)
    assert "\u2028" in whole["c.jsonl"].articles.set_index("article_id").text["s003"]
    jsonl.write_bytes(jsonl.read_bytes() + b'{"id": "latin", "text": "Caf\xe9 owners met the mayor on Monday."}\n')
    streamed = kit.load_corpus(jsonl)
    assert "Café" in streamed.articles.set_index("article_id").text["latin"]
    assert any("is not UTF-8" in problem for problem in problems_of(streamed, "warning"))


def test_a_copy_of_a_copy_in_a_later_chunk_is_found(tmp_path):
    story = _stream_rows(1)[0]["text"]
    rows = [
        {"id": "a", "text": story, "url": "https://x.org/a", "outlet": "Daily A"},
        {"id": "b", "text": story, "url": "https://x.org/b", "outlet": "Daily A"},
        {"id": "c", "text": "A different story entirely about the harbour.", "url": "https://x.org/b"},
    ]
    path = write(tmp_path / "c.jsonl", "".join(json.dumps(row) + "\n" for row in rows))
    chunks = list(iter_corpus(path, chunk_size=2))
    assert [chunk.articles.article_id.tolist() for chunk in chunks] == [["a"], []]
    assert any("the same URL as b" in problem for problem in problems_of(chunks[-1], "warning"))
