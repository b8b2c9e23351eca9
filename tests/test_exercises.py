"""Graded exercises: the student build leaks no solution or hidden test, and batch grading scores and survives.

Builds once per session (about a minute on 2 cores), then grades: every exercise's solution notebook, and for one
exercise a blank student notebook, a broken file, an empty file, a notebook of another course and an endless loop.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import fail_or_skip

from kit import exercises, sandbox

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "exercises"
MASTERS = sorted(SOURCE.glob("ex*.ipynb"))
NAMES = [master.stem for master in MASTERS]
LENS_CALLS = {
    "anatomy": ["kit.load_corpus", "segments"],
    "sourcing": ["kit.quotes", "kit.sources"],
    "framing": ["kit.loaded_terms", "kit.naming"],
    "comments": ["kit.comments", "kit.comment_summary"],
    "cross_outlet": ["kit.events", "kit.reuse", "kit.distinctive_words"],
}


def _secrets(master: Path) -> tuple[set[str], set[str]]:
    """Return (solution lines, hidden test lines) of a master; lines also given to students are not secret."""
    solutions, hidden, public = set(), set(), set()
    block = None
    for cell in nbformat.read(master, as_version=4).cells:
        source = cell.source.strip()
        if cell.cell_type == "raw" and re.match(r"# (BEGIN|END) (SOLUTION|TESTS)", source):
            block = source.split()[2].lower() if "BEGIN" in source else None
            continue
        lines = [line.split("# SOLUTION")[0].strip() for line in source.splitlines()]
        if block == "solution":
            solutions.update(line for line in lines if len(line) >= 8)
        elif block == "tests" and "hidden: true" in source:
            body = source.split('""" # END TEST CONFIG')[-1]
            hidden.update(line.strip() for line in body.splitlines() if len(line.strip()) >= 8)
            hidden.update(re.findall(r"failure_message: (.+)", source))
        elif cell.cell_type != "raw":
            public.update(lines)
    # A bare variable name (the last line showing an answer) is named in the prompt too: not a secret.
    solutions = {line for line in solutions - public if not line.isidentifier()}
    return solutions, hidden - public


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("exercises")
    written = exercises.build(SOURCE, out)
    return out, written


@pytest.fixture(scope="module")
def class_folder(built, tmp_path_factory):
    """A class folder: each exercise's solution, plus bad and snooping submissions for the first exercise."""
    out, _ = built
    first = NAMES[0]
    submissions = tmp_path_factory.mktemp("submissions")
    for name in NAMES:
        (submissions / "solutions").mkdir(exist_ok=True)
        shutil.copy(out / "autograder" / name / f"{name}.ipynb", submissions / "solutions" / f"{name}.ipynb")
    (submissions / "blank").mkdir()
    shutil.copy(out / "student" / first / f"{first}.ipynb", submissions / "blank" / f"{first}.ipynb")
    (submissions / "broken").mkdir()
    (submissions / "broken" / f"{first}.ipynb").write_text('{"cells": [{"cell_type": "code", "sou')
    (submissions / "empty").mkdir()
    (submissions / "empty" / f"{first}.ipynb").write_bytes(b"")
    other = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    other.metadata["otter"] = {"assignment_name": "hw9_other_course"}
    (submissions / "other").mkdir()
    nbformat.write(other, submissions / "other" / f"{first}.ipynb")
    looping = nbformat.read(out / "student" / first / f"{first}.ipynb", as_version=4)
    looping.cells.insert(3, nbformat.v4.new_code_cell("while True:\n    pass"))
    (submissions / "loop").mkdir()
    nbformat.write(looping, submissions / "loop" / f"{first}.ipynb")
    snooping = nbformat.read(out / "autograder" / first / f"{first}.ipynb", as_version=4)
    snooping.cells.insert(2, nbformat.v4.new_code_cell(_snoop(submissions, out, first)))
    (submissions / "snoop").mkdir()
    nbformat.write(snooping, submissions / "snoop" / f"{first}.ipynb")
    return submissions


@pytest.fixture(scope="module")
def graded(built, class_folder, tmp_path_factory):
    """Grade the class folder in batch (in the sandbox where this machine allows it)."""
    csv = tmp_path_factory.mktemp("grades") / "grades.csv"
    table = exercises.grade(class_folder, csv, autograder=built[0], timeout=30, isolation=ISOLATION)
    return table, csv


ISOLATION = "sandbox" if sandbox.available() is None else "auto"


def _snoop(submissions: Path, built: Path, first: str) -> str:
    """A cell that kills its own kernel if it can read another student's file or the grader's files."""
    targets = [
        submissions / "solutions" / f"{first}.ipynb",  # another student's submission
        next((built / "autograder" / first).glob("*.zip")),  # the hidden tests
        SOURCE / f"{first}.ipynb",  # the master with solutions, in the checkout
    ]
    return (
        "import os\n"
        f"for secret in {[str(path) for path in targets]!r}:\n"
        "    try:\n"
        "        if open(secret, 'rb').read(100):\n"
        "            os._exit(3)\n"
        "    except OSError:\n"
        "        pass"
    )


def test_one_master_per_lens_with_four_to_eight_tasks():
    assert [name.split("_", 1)[1] for name in NAMES] == list(LENS_CALLS)
    for master, calls in zip(MASTERS, LENS_CALLS.values(), strict=True):
        text = master.read_text()
        tasks = exercises._tasks(master)
        assert 4 <= len(tasks) <= 8, master.name
        assert {task["kind"] for task in tasks} == {"code", "choice", "written"}, master.name
        assert all(call in text for call in calls), master.name
        assert f"articles/{master.stem}" in text, "each exercise also works on its own unseen article"
        assert list((SOURCE / "articles" / master.stem).glob("*.txt")), master.name


def test_articles_have_a_data_card_saying_they_are_fictional_and_cc0():
    card = (SOURCE / "articles" / "README.md").read_text()
    assert "CC0" in card and "fictional" in card.lower() and "invented" in card


def test_build_writes_student_and_autograder_versions(built):
    out, written = built
    for name in NAMES:
        assert (out / "student" / name / f"{name}.ipynb") in written
        assert list((out / "autograder" / name).glob(f"{name}-autograder_*.zip"))
        assert json.loads((out / "autograder" / name / "tasks.json").read_text())
        assert list((out / "student" / name / "articles" / name).glob("*.txt")), "articles ship with the notebook"
        assert not list((out / "student" / name).rglob("*.zip")) and not (out / "student" / name / "tests").exists()


def _strings(value) -> list[str]:
    """Every string inside parsed JSON (so that quotes escaped in a notebook file are searched unescaped)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [text for item in value for text in _strings(item)] if isinstance(value, list) else []


def _text(path: Path) -> str:
    """A file's text for searching: its bytes decoded, plus every string inside it when it is JSON."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        return text + "\n" + "\n".join(_strings(json.loads(text)))
    except ValueError:
        return text


def _forms(line: str) -> set[str]:
    """A line as written and as otter rewrites test code (`ast.unparse` normalises quotes and spacing)."""
    try:
        return {line, ast.unparse(ast.parse(line))}
    except SyntaxError:
        return {line}


@pytest.mark.parametrize("name", NAMES)
def test_student_version_leaks_no_solution_or_hidden_test(built, name):
    out, _ = built
    solutions, hidden = _secrets(SOURCE / f"{name}.ipynb")
    assert len(solutions) >= 5 and len(hidden) >= 4, "the extraction found the secrets to look for"
    secrets = {form for line in solutions | hidden for form in _forms(line)}
    # Control: the grader's copy holds every secret in a searchable form, so the search below can find leaks.
    grader_text = "\n".join(_text(path) for path in (out / "autograder" / name).glob("*.ipynb"))
    assert all(any(form in grader_text for form in _forms(line)) for line in solutions)
    for path in (path for path in (out / "student" / name).rglob("*") if path.is_file()):
        text = _text(path)
        leaked = sorted(secret for secret in secrets if secret in text)
        assert not leaked, f"{path.name} contains {leaked}"
    notebook = nbformat.read(out / "student" / name / f"{name}.ipynb", as_version=4)
    cases = [case for test in notebook.metadata["otter"]["tests"].values() for case in test["suites"][0]["cases"]]
    assert cases and not any(case["hidden"] for case in cases)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    assert sum("= ..." in cell.source for cell in notebook.cells) >= 4, "answers are stubbed as `name = ...`"


def test_master_code_cells_are_short():
    for name in NAMES:
        for cell in nbformat.read(SOURCE / f"{name}.ipynb", as_version=4).cells:
            if cell.cell_type == "code":
                assert len(cell.source.splitlines()) <= 12, f"{name}: {cell.source[:60]!r}"


def test_grades_have_the_columns_and_one_row_per_task(graded):
    table, csv = graded
    assert list(table.columns) == exercises.GRADE_COLUMNS
    assert list(pd.read_csv(csv).columns) == exercises.GRADE_COLUMNS
    solutions = table[table.submission.str.startswith("solutions/")]
    for name in NAMES:
        rows = solutions[solutions.exercise == name]
        assert list(rows.task) == [task["task"] for task in exercises._tasks(SOURCE / f"{name}.ipynb")]


def test_solutions_score_full_marks(graded):
    table, _ = graded
    auto = table[table.submission.str.startswith("solutions/") & (table.kind != "written")]
    assert len(auto) >= 5 * len(NAMES) - 5
    assert (auto.score == auto.possible).all(), auto[auto.score != auto.possible].to_string()
    assert (auto.possible > 0).all() and (auto.feedback == "all checks passed").all()
    written = table[table.submission.str.startswith("solutions/") & (table.kind == "written")]
    assert written.score.isna().all() and written.answer.str.len().gt(100).all(), "model answers are read back"


def test_blank_notebook_scores_zero_with_hints(graded):
    table, _ = graded
    blank = table[table.submission.str.startswith("blank/")]
    auto = blank[blank.kind != "written"]
    assert len(blank) == len(exercises._tasks(MASTERS[0])) and auto.possible.sum() > 0
    assert auto.score.sum() == 0
    assert auto.feedback.str.len().gt(20).all() and not auto.feedback.str.contains("not graded").any()
    assert blank[blank.kind == "written"].feedback.str.contains("no answer written").all()


@pytest.mark.parametrize(
    "folder, reason",
    [
        ("broken", "not a valid notebook"),
        ("empty", "the file is empty"),
        ("other", "hw9_other_course"),
        ("loop", "did not finish within 30 s"),
    ],
)
def test_bad_submissions_get_zero_with_a_reason(graded, folder, reason):
    table, _ = graded
    rows = table[table.submission.str.startswith(f"{folder}/")]
    assert len(rows) == len(exercises._tasks(MASTERS[0])), "zero on every task of the exercise named by the file"
    assert (rows.score.fillna(0) == 0).all()
    assert rows.feedback.str.contains(reason, regex=False).all(), rows.feedback.iloc[0]


def test_student_code_cannot_read_other_submissions_or_grader_files(graded, built, class_folder, tmp_path):
    """The snooping solution scores full marks only because its reads failed: without the sandbox it dies."""
    if ISOLATION != "sandbox":
        fail_or_skip("KIT_REQUIRE_SANDBOX", f"the grading sandbox is not available here: {sandbox.available()}")
    table, _ = graded
    assert table.attrs["isolation"] == "sandbox"
    auto = table[table.submission.str.startswith("snoop/") & (table.kind != "written")]
    assert len(auto) and (auto.score == auto.possible).all(), auto.feedback.tolist()
    # The same notebook graded without the sandbox reads the secrets and kills its kernel: the check can fail.
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(next((class_folder / "snoop").glob("*.ipynb")), alone)
    unguarded = exercises.grade(alone, tmp_path / "grades.csv", autograder=built[0], timeout=30, isolation="none")
    assert unguarded.attrs["isolation"] == "none"
    assert unguarded.feedback.str.contains("kernel died").all(), unguarded.feedback.tolist()
