"""Loading: the bundled corpus as expected, every input shape, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import assert_segments_valid, problems_of

import kit
from kit import schema

GOLDEN = Path(__file__).parent / "golden" / "bundled_articles.json"
EXPECTED = json.loads(GOLDEN.read_text(encoding="utf-8"))
ARTICLE = (
    "Storm Closes Schools\n\nBy Ana Ruiz\n\nHeavy rain closed every school in the valley on Monday, officials said.\n"
)


def test_bundled_corpus_loads_cleanly(corpus):
    assert corpus.problems.empty
    assert sorted(corpus.articles.article_id) == sorted(EXPECTED)
    assert_segments_valid(corpus)
    assert corpus.articles.text.str.len().tolist() == corpus.articles.n_chars.tolist()


@pytest.mark.parametrize("article_id", sorted(EXPECTED))
def test_bundled_article_expectations(corpus, article_id):
    expected = EXPECTED[article_id]
    article = corpus.articles.set_index("article_id").loc[article_id]
    for column in ("title", "author", "date", "outlet", "wire_credit", "comments_status", "n_comments"):
        value = article[column]
        assert (None if pd.isna(value) else value) == expected[column], column
    body = corpus.segments[(corpus.segments.article_id == article_id) & (corpus.segments.kind == "body")]
    assert len(body) == expected["n_body_paragraphs"]
    text = article.text
    assert text[body.start.min() :].startswith(expected["body_starts_with"])
    assert text[: body.end.max()].endswith(expected["body_ends_with"])


def test_undated_pages_stay_undated(corpus):
    undated = corpus.articles[corpus.articles.date.isna()]
    assert len(undated) == 2
    assert undated.date_source.isna().all()
    dated = corpus.articles[corpus.articles.date.notna()]
    assert set(dated.date_source) <= {"byline", "dateline"}


def test_bundled_bytes_are_kept_exactly(corpus):
    for row in corpus.articles.itertuples(index=False):
        assert Path(kit.load.bundled_dir().parent / row.source_file).read_bytes().decode("utf-8") == row.text


def test_missing_values_are_na_not_empty_strings(corpus):
    for column in ("date", "url", "wire_credit", "n_comments_claimed"):
        assert not (corpus.articles[column].astype("string") == "").any()


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_single_text_file_and_markdown(tmp_path):
    corpus = kit.load_corpus(write(tmp_path / "storm.md", ARTICLE))
    article = corpus.articles.iloc[0]
    assert (article.article_id, article.title, article.author) == ("storm", "Storm Closes Schools", "Ana Ruiz")
    assert_segments_valid(corpus)


def test_plain_text_without_furniture_is_headless_body(tmp_path):
    text = (
        "The council voted on Tuesday to close the old bridge.\n\nEngineers had warned for years that it was unsafe, "
        "and repairs would cost more than a new one.\n"
    )
    corpus = kit.load_corpus(write(tmp_path / "plain.txt", text))
    assert corpus.segments.kind.tolist() == ["body", "body"]
    assert corpus.articles.title.isna().all()
    assert_segments_valid(corpus)


def test_folder_with_catalog_fills_what_pages_do_not_print(tmp_path):
    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "catalog.csv", "file,outlet,outlet_type,date\na.txt,Valley News,local newspaper,2021-03-04\n")
    article = kit.load_corpus(tmp_path).articles.iloc[0]
    assert (article.outlet, article.outlet_type, article.date, article.date_source) == (
        "Valley News",
        "local newspaper",
        "2021-03-04",
        "catalog",
    )


def test_printed_date_wins_over_catalog(tmp_path):
    write(tmp_path / "a.txt", "Storm Closes Schools\n\nBy Ana Ruiz | May 2, 2021\n\n" + ARTICLE.split("\n\n", 2)[2])
    write(tmp_path / "catalog.csv", "file,date\na.txt,2021-03-04\n")
    article = kit.load_corpus(tmp_path).articles.iloc[0]
    assert (article.date, article.date_source) == ("2021-05-02", "byline")


def test_csv_records(tmp_path):
    frame = pd.DataFrame(
        {
            "id": ["x1", "x2"],
            "text": [ARTICLE, "Short plain report, filed late on Friday night."],
            "title": ["Storm Closes Schools", None],
            "outlet": ["Valley News", "Hill Post"],
            "date": ["2021-03-04T10:00:00Z", "March 5, 2021"],
        }
    )
    frame.to_csv(tmp_path / "records.csv", index=False)
    corpus = kit.load_corpus(tmp_path / "records.csv")
    assert corpus.articles.article_id.tolist() == ["x1", "x2"]
    assert corpus.articles.date.tolist() == ["2021-03-04", "2021-03-05"]
    assert corpus.articles.record.tolist() == [2, 3]
    assert corpus.problems.empty
    assert_segments_valid(corpus)


def test_jsonl_records_with_comments(tmp_path):
    records = [
        {
            "id": "j1",
            "text": ARTICLE,
            "author": "A. Ruiz",
            "comments": [{"id": "c1", "author": "kim", "text": "Good call."}, {"author": "lee", "text": "Too late."}],
        }
    ]
    write(tmp_path / "r.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")
    corpus = kit.load_corpus(tmp_path / "r.jsonl")
    article = corpus.articles.iloc[0]
    assert (article.author, article.n_comments, article.comments_status) == ("A. Ruiz", 2, "open")
    assert corpus.comment_records.comment_id.tolist() == ["c1", "j1-c02"]
    assert corpus.comment_records.position.tolist() == [1, 2]


def test_column_mapping(tmp_path):
    pd.DataFrame(
        {"stories_id": ["9"], "text": [ARTICLE], "media_name": ["Valley News"], "publish_date": ["2020-01-02"]}
    ).to_csv(tmp_path / "export.csv", index=False)
    corpus = kit.load_corpus(
        tmp_path / "export.csv", columns={"stories_id": "id", "media_name": "outlet", "publish_date": "date"}
    )
    article = corpus.articles.iloc[0]
    assert (article.article_id, article.outlet, article.date) == ("9", "Valley News", "2020-01-02")


def test_html_page_is_extracted_and_kept(tmp_path):
    page = (
        "<html><head><title>Storm Closes Schools</title><meta name='author' content='Ana Ruiz'>"
        "<meta property='article:published_time' content='2021-03-04'></head><body><nav>Home | World | Sport</nav>"
        "<article><h1>Storm Closes Schools</h1><p>Heavy rain closed every school in the valley on Monday, "
        "officials said, and roads into the town were under water by noon.</p><p>The mayor said classes "
        "would resume when the river fell, perhaps by Thursday.</p></article>"
        "<footer>© Valley News</footer></body></html>"
    )
    path = write(tmp_path / "storm.html", page)
    corpus = kit.load_corpus(path)
    article = corpus.articles.iloc[0]
    assert (article.title, article.author, article.date, article.date_source) == (
        "Storm Closes Schools",
        "Ana Ruiz",
        "2021-03-04",
        "html metadata",
    )
    assert "Home | World" not in article.text
    assert corpus.segments[corpus.segments.kind == "body"].shape[0] == 2
    assert path.read_text() == page  # the original file is never touched


# ---- bad input: named, reported, nothing else lost --------------------------------------------------

BAD_FILES = {
    "empty.txt": (b"", "error", "empty"),
    "blank.txt": (b"  \n\n ", "error", "white space"),
    "binary.txt": (b"%PDF-1.7\x00\x01\x02\x03" * 50, "error", "binary"),
    "latin.txt": ("Caf\u00e9 owners said on Monday that prices had risen again.".encode("cp1252"), "warning", "UTF-8"),
    "cut.txt": ("Prices rose again on Monday, caf\u00e9".encode()[:-1], "warning", "truncated"),
    "image.png": (b"\x89PNG\r\n\x1a\n", "info", "unsupported"),
}


@pytest.fixture
def messy_folder(tmp_path):
    write(tmp_path / "good.txt", ARTICLE)
    for name, (data, _, _) in BAD_FILES.items():
        write(tmp_path / name, data)
    write(
        tmp_path / "midsentence.txt",
        "Storm Closes Schools\n\nHeavy rain closed every school in the valley on Monday and the",
    )
    return tmp_path


def test_one_bad_file_does_not_stop_the_rest(messy_folder):
    corpus = kit.load_corpus(messy_folder)
    assert set(corpus.articles.article_id) == {"good", "latin", "cut", "midsentence"}
    assert_segments_valid(corpus)
    schema.validate(corpus.problems, schema.PROBLEM_COLUMNS)
    for name, (_, severity, words) in BAD_FILES.items():
        rows = corpus.problems[corpus.problems.source_file.str.endswith(name) & (corpus.problems.severity == severity)]
        assert rows.problem.str.lower().str.contains(words.lower()).any(), (name, corpus.problems.problem.tolist())
    latin = corpus.articles.set_index("article_id").loc["latin"]
    assert latin.encoding == "cp1252" and "Café" in latin.text
    assert "may be truncated" in " ".join(
        corpus.problems[corpus.problems.source_file.str.endswith("midsentence.txt")].problem
    )


def test_huge_file_is_reported_with_the_way_out(tmp_path):
    write(tmp_path / "big.txt", ARTICLE * 50)
    corpus = kit.load_corpus(tmp_path, max_bytes=1000)
    assert corpus.articles.empty
    problem = corpus.problems.iloc[0]
    assert "over the limit" in problem.problem and "max_bytes" in problem.action
    assert len(kit.load_corpus(tmp_path, max_bytes=10_000).articles) == 1


def test_utf16_with_bom_is_read(tmp_path):
    corpus = kit.load_corpus(write(tmp_path / "u16.txt", ARTICLE.encode("utf-16")))
    assert corpus.articles.iloc[0].author == "Ana Ruiz"


def test_crlf_offsets_stay_exact(tmp_path):
    corpus = kit.load_corpus(write(tmp_path / "crlf.txt", ARTICLE.replace("\n", "\r\n").encode()))
    assert "\r\n" in corpus.articles.iloc[0].text
    assert corpus.segments.kind.tolist() == ["headline", "byline", "body"]
    assert_segments_valid(corpus)


def test_missing_path_raises_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        kit.load_corpus(tmp_path / "nowhere")


CSV_CASES = {
    "no_text.csv": ("id,words\n1,hello\n", "error", "no 'text' column", 0),
    "no_id.csv": ('text,title\n"Heavy rain closed schools on Monday.",Storm\n', "warning", "no 'id' column", 1),
    "extra.csv": ('id,text,shares\n1,"Heavy rain closed schools on Monday.",40\n', "info", "shares", 1),
    "dupes.csv": (
        'id,text\n1,"Rain closed schools on Monday."\n1,"Wind closed roads on Tuesday."\n',
        "warning",
        "duplicate id",
        2,
    ),
    "empty_row.csv": ('id,text\n1,"   "\n2,"Wind closed roads on Tuesday."\n', "error", "empty text", 1),
    "truncated.csv": ('id,text\n1,"Rain closed schools."\n2,"Wind closed roads and', "error", "truncated", 1),
    "bad_date.csv": ('id,text,date\n1,"Rain closed schools.",04/05/2021\n', "warning", "not understood", 1),
    "ragged.csv": ('id,text\n1,"Rain closed schools.",extra\n', "warning", "fields", 1),
}


@pytest.mark.parametrize("name", sorted(CSV_CASES))
def test_bad_csv(tmp_path, name):
    content, severity, words, n_loaded = CSV_CASES[name]
    corpus = kit.load_corpus(write(tmp_path / name, content))
    assert len(corpus.articles) == n_loaded
    rows = problems_of(corpus, severity)
    assert any(words in problem for problem in rows.problem), corpus.problems.to_dict("records")
    assert (rows.source_file.str.endswith(name)).all()


def test_bad_jsonl_lines_are_reported_and_the_rest_loaded(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": "Rain closed schools on Monday."}),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"id": "b", "text": None}),
        json.dumps({"id": "c", "text": "Wind closed roads.", "comments": [{"author": "x"}, "Plain string comment."]}),
        '{"id": "d", "text": "cut off',
    ]
    corpus = kit.load_corpus(write(tmp_path / "r.jsonl", "\n".join(lines)))
    assert corpus.articles.article_id.tolist() == ["a", "c"]
    problems = corpus.problems.set_index("record")
    assert "not valid JSON" in problems.loc[2].problem
    assert "not an object" in problems.loc[3].problem
    assert "no text" in problems.loc[4].problem
    assert "truncated" in problems.loc[6].problem
    assert corpus.comment_records.text.tolist() == ["Plain string comment."]
    assert "comment 1 has no text" in " ".join(corpus.problems.problem)
