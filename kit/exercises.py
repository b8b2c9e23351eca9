"""Graded exercises: build student and grader versions of the masters with otter-grader, and grade in batch.

An exercise is one otter-grader master notebook, `exercises/exNN_<lens>.ipynb`, plus the unseen articles it uses in
`exercises/articles/exNN_<lens>/` (and the data card `exercises/articles/README.md`). `build` executes each master
(OK-format tests take their expected output from the saved outputs) and runs `otter assign` offline, writing

- `OUT/student/<exercise>/`: the notebook with solutions replaced by `...`, only the public checks (in the notebook
  metadata), and the articles. This is the only folder to hand to students.
- `OUT/autograder/<exercise>/`: the notebook with solutions, the hidden tests, otter's autograder zip and
  `tasks.json` (each task's kind and points, read from the master), for the instructor only.

`grade` grades every `.ipynb` under a folder against the matching exercise and returns one row per submission and
task (`GRADE_COLUMNS`).

How grading isolates student code, and why it does not simply call `otter run`
-------------------------------------------------------------------------------
`otter run` (and `otter.api.grade_submission`) unpack the autograder zip into a temporary folder, copy **all**
tests, hidden ones included, to `submission/tests/`, and only then execute the student's notebook in
`submission/`, with a check inserted after every `grader.check` cell. Student code therefore runs with the hidden
tests one `open("tests/q1.py")` away, and could read or rewrite them. So `grade` keeps otter's test format and test
runner (`otter.test_files.OKTestFile`: the same doctests, points, hidden flags and messages) but orders the steps
itself:

1. The submission is parsed as a notebook; an empty, non-JSON or non-notebook file, or one that belongs to no
   built exercise, gets zero on every task with the reason, and grading goes on.
2. It is copied, alone, into a fresh temporary folder together with the exercise's articles (taken from the
   `files/` part of the autograder zip). No tests, no other submission and no autograder zip are in that folder.
3. Its cells run there in a fresh Jupyter kernel (a separate process) with one time limit for the whole notebook;
   errors in cells do not stop the run. A notebook that runs out of time, or whose kernel dies, gets zero with
   the reason, and its kernel is shut down.
4. Only after the last student cell has finished are the tests unpacked, into a sibling folder, and one grading
   cell runs them in the same kernel against the student's variables. The kernel writes plain JSON, which the
   grader parses; nothing from the kernel is unpickled in the grading process.
5. The kernel runs in a sandbox (`kit.sandbox`, Linux namespaces through `unshare`; no root, no containers): its
   file system is built from an allow-list (system folders, Python, the packages, `kit` and the bundled
   articles, all read-only; its own work folder; an empty home and /tmp), so the submissions, the autograder
   files, the project checkout, the grader's home and /run's sockets do not exist for it; its mounts are locked
   against unmounting; it has no network; and every process it starts ends with it. Its environment holds only a
   few harmless variables.

Where the sandbox cannot run (not Linux, no `unshare`, user namespaces disabled), `isolation="auto"` grades
without it and warns: the kernel then runs as the grader's user and could read anything that user can read.
`isolation="sandbox"` refuses to grade instead. What no setting prevents: the tests run inside the student's
kernel, after their code, so code written to tamper with the grader (patching otter in memory, leaving a thread
running) can fake a pass for its own notebook; such code is visible in the submitted notebook.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pandas as pd

from kit import sandbox

GRADE_COLUMNS = ["submission", "exercise", "task", "kind", "score", "possible", "feedback", "answer"]
"""`grade`: one row per submission and task. `kind` is code, choice or written; `score` and `possible` are the
autograded points (empty for written tasks, which the instructor grades by hand from `answer`); `feedback` lists
the hints of the failed checks, or why the notebook could not be graded."""

_ANSWER_PROMPT = "_Type your answer here, replacing this text._"
_ASSIGN_TIMEOUT = 300  # seconds for executing one master and running otter assign on it


def build(source: str | os.PathLike = "exercises", out: str | os.PathLike = "build/exercises") -> list[Path]:
    """Build the student and autograder versions of every exercise master in `source`.

    Parameters
    ----------
    source : path
        Folder holding the masters `ex*.ipynb` and `articles/<exercise>/` with each exercise's articles.
    out : path
        Where to write `student/<exercise>/` and `autograder/<exercise>/` (an exercise's old output is replaced).

    Returns
    -------
    list of Path
        Every file written, sorted.
    """
    source, out = Path(source), Path(out)
    masters = sorted(source.glob("ex*.ipynb"))
    if not masters:
        raise FileNotFoundError(f"no exercise masters (ex*.ipynb) in {source}")
    # Two at a time: each build is mostly a kernel and an `otter assign` subprocess.
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        written = list(pool.map(lambda master: _build_one(master, source, out), masters))
    return sorted(path for paths in written for path in paths)


def _build_one(master: Path, source: Path, out: Path) -> list[Path]:
    """Execute one master in a staging folder, run `otter assign`, and move the results into `out`."""
    name = master.stem
    with tempfile.TemporaryDirectory(prefix=f"kit-build-{name}-") as tmp:
        stage = Path(tmp) / name
        stage.mkdir()
        shutil.copy(master, stage / master.name)
        articles = source / "articles" / name
        if articles.is_dir():
            shutil.copytree(articles, stage / "articles" / name)
        if (source / "articles" / "README.md").is_file():
            shutil.copy(source / "articles" / "README.md", stage / "articles" / "README.md")
        # Unix sockets, not TCP ports: two masters run at once, and two kernels picking the same free port at the
        # same moment fail with 'Address already in use'
        execute = ["jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace"]
        _run([*execute, "--KernelManager.transport=ipc", master.name], stage)
        # The executed master's own test cells must all print True; this replaces otter's second execution
        # (`otter assign` without --no-run-tests), which would double the build time.
        _check_master(stage / master.name)
        dist = Path(tmp) / "dist"
        _run(["otter", "assign", "--no-pdfs", "--no-run-tests", master.name, str(dist)], stage)
        student = dist / "student"
        _check_student(student / master.name)
        for part in ("student", "autograder"):
            target = out / part / name
            if target.exists():
                shutil.rmtree(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(dist / part, target)
        (out / "autograder" / name / "tasks.json").write_text(json.dumps(_tasks(master), indent=2) + "\n")
    return [path for part in ("student", "autograder") for path in (out / part / name).rglob("*") if path.is_file()]


def _run(command: list[str], cwd: Path) -> None:
    """Run a tool of this environment (`python -m ...`) in `cwd`; raise with its output if it fails."""
    result = subprocess.run(
        [sys.executable, "-m", *command], cwd=cwd, capture_output=True, text=True, timeout=_ASSIGN_TIMEOUT
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:2])} failed in {cwd}:\n{result.stdout}\n{result.stderr}")


def _check_master(path: Path) -> None:
    """Raise unless every cell of the executed master ran without error and every test cell printed True."""
    block = None
    for number, cell in enumerate(nbformat.read(path, as_version=4).cells, start=1):
        source = cell.source.strip()
        if cell.cell_type == "raw" and source.startswith(("# BEGIN TESTS", "# END TESTS")):
            block = "tests" if "BEGIN" in source else None
        if cell.cell_type != "code":
            continue
        if any(output.output_type == "error" for output in cell.outputs):
            raise RuntimeError(f"{path.name}: cell {number} raised an error when the master was run")
        shown = "".join(output.get("data", {}).get("text/plain", "") for output in cell.outputs).strip()
        if block == "tests" and shown != "True":
            raise RuntimeError(f"{path.name}: test in cell {number} gave {shown!r}, not True, on the solution")


def _check_student(path: Path) -> None:
    """Raise if the student notebook carries a hidden test: otter keeps public tests in its metadata."""
    notebook = json.loads(path.read_text())
    for name, spec in notebook.get("metadata", {}).get("otter", {}).get("tests", {}).items():
        for case in spec.get("suites", [{}])[0].get("cases", []):
            if case.get("hidden", True):
                raise RuntimeError(f"{path}: a hidden test of {name} reached the student notebook")


def _tasks(master: Path) -> list[dict]:
    """Return each question of a master: name, kind (code, choice or written) and points.

    A question is written when otter grades it by hand (`manual: true`); choice when its solution sets a
    `*_choice` variable; code otherwise. Points are the question's `points`, or the sum of its test cases' points.
    """
    import yaml  # otter's own dependency, used here to read its question headers

    tasks, current, block = [], None, None
    for cell in nbformat.read(master, as_version=4).cells:
        source = cell.source.strip()
        if cell.cell_type == "raw" and source.startswith("# BEGIN QUESTION"):
            config = yaml.safe_load(source.split("\n", 1)[1]) or {}
            kind = "written" if config.get("manual") else "code"
            current = {"task": config["name"], "kind": kind, "points": config.get("points", 0)}
            tasks.append(current)
        elif cell.cell_type == "raw" and source.startswith(("# BEGIN SOLUTION", "# BEGIN TESTS")):
            block = source.split()[2].lower()
        elif cell.cell_type == "raw" and source.startswith(("# END SOLUTION", "# END TESTS")):
            block = None
        elif current and cell.cell_type == "code" and block == "solution" and "_choice =" in source:
            current["kind"] = "choice"
        elif current and cell.cell_type == "code" and block == "tests" and current["kind"] != "written":
            header = source.split('""" # END TEST CONFIG')[0] if "# BEGIN TEST CONFIG" in source else ""
            config = yaml.safe_load(header.replace('""" # BEGIN TEST CONFIG', "")) if header else {}
            current["points"] += (config or {}).get("points", 0)
    return tasks


def grade(
    submissions: str | os.PathLike,
    out_csv: str | os.PathLike,
    autograder: str | os.PathLike = "build/exercises",
    timeout: int = 120,
    isolation: str = "auto",
) -> pd.DataFrame:
    """Grade every notebook under `submissions` and write one row per submission and task to `out_csv`.

    Parameters
    ----------
    submissions : path
        A folder searched recursively for `.ipynb` files (checkpoint folders are skipped), or one notebook.
    out_csv : path
        The CSV to write (its folder is created).
    autograder : path
        The output folder of `build` (holding `autograder/<exercise>/`), or that `autograder/` folder itself.
    timeout : int
        Seconds one notebook may run, all cells together; a notebook that takes longer gets zero.
    isolation : {"auto", "sandbox", "none"}
        "sandbox" runs each notebook in `kit.sandbox` and raises RuntimeError where it cannot; "auto" (default)
        does the same where it can and otherwise warns and grades without it; "none" never uses it.

    Returns
    -------
    DataFrame
        Columns `GRADE_COLUMNS`, sorted by submission and task order; `attrs["isolation"]` says how student code
        ran. See the module docstring for what the isolation does and does not guarantee.
    """
    exercises = _exercises(Path(autograder))
    sandboxed = _use_sandbox(isolation)
    root = Path(submissions)
    secrets = [root, Path(autograder), Path(out_csv).resolve().parent]
    paths = [root] if root.is_file() else sorted(root.rglob("*.ipynb"))
    rows = []
    for path in paths:
        if ".ipynb_checkpoints" in path.parts:
            continue
        label = str(path.relative_to(root)) if root.is_dir() else path.name
        rows += _grade_one(path, label, exercises, timeout, secrets if sandboxed else None)
    table = pd.DataFrame(rows, columns=GRADE_COLUMNS)
    table.attrs["isolation"] = "sandbox" if sandboxed else "none"
    table["score"] = table["score"].astype("Float64")
    table["possible"] = table["possible"].astype("Float64")
    Path(out_csv).parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out_csv, index=False)
    return table


def _use_sandbox(isolation: str) -> bool:
    """Return whether to grade in the sandbox, raising or warning as `isolation` asks when it is unavailable."""
    if isolation not in {"auto", "sandbox", "none"}:
        raise ValueError(f"isolation must be 'auto', 'sandbox' or 'none', not {isolation!r}")
    if isolation == "none":
        return False
    reason = sandbox.available()
    if reason and isolation == "sandbox":
        raise RuntimeError(f"cannot grade in a sandbox: {reason}")
    if reason:
        warnings.warn(
            f"grading WITHOUT a sandbox ({reason}): student code runs as your user and can read your files",
            RuntimeWarning,
            stacklevel=3,
        )
    return reason is None


def _exercises(autograder: Path) -> dict[str, dict]:
    """Map each built exercise's name to its autograder zip and tasks."""
    folder = autograder / "autograder" if (autograder / "autograder").is_dir() else autograder
    found = {}
    for directory in sorted(path for path in folder.glob("*") if path.is_dir()):
        zips = sorted(directory.glob("*-autograder_*.zip"))
        if zips and (directory / "tasks.json").is_file():
            found[directory.name] = {"zip": zips[-1], "tasks": json.loads((directory / "tasks.json").read_text())}
    if not found:
        raise FileNotFoundError(f"no built exercises in {folder}: run `python -m kit exercises build` first")
    return found


def _grade_one(
    path: Path, label: str, exercises: dict[str, dict], timeout: int, secrets: list[Path] | None
) -> list[dict]:
    """Grade one submission; any failure becomes zero on every task, with the reason as feedback."""
    guess = _exercise_from_name(path.name, exercises)
    try:
        notebook = _read_notebook(path)
    except ValueError as error:
        return _zero(label, guess, exercises, str(error))
    claimed = notebook.metadata.get("otter", {}).get("assignment_name")
    if claimed and claimed not in exercises:
        return _zero(label, guess, exercises, f"this notebook is for '{claimed}', which is not a built exercise")
    name = claimed or guess
    if name is None:
        return _zero(label, None, exercises, "cannot tell which exercise this is (no otter metadata, unknown name)")
    try:
        results, error = _execute_and_test(notebook, name, exercises[name]["zip"], timeout, secrets)
    except Exception as failure:  # a grader bug must not stop the batch
        results, error = None, f"could not be graded: {type(failure).__name__}: {failure}"
    if error:
        return _zero(label, name, exercises, error)
    return _rows(label, name, exercises[name]["tasks"], results, notebook)


def _exercise_from_name(filename: str, exercises: dict[str, dict]) -> str | None:
    """Return the exercise whose name the file name contains (longest match), if any."""
    matches = [name for name in exercises if name in filename]
    return max(matches, key=len) if matches else None


def _read_notebook(path: Path) -> nbformat.NotebookNode:
    """Parse a submission, raising ValueError with a reader-friendly reason when it is not a notebook."""
    data = path.read_bytes()
    if not data.strip():
        raise ValueError("the file is empty")
    try:
        notebook = nbformat.reads(data.decode("utf-8"), as_version=4)
    except UnicodeDecodeError:
        raise ValueError("the file is not text (not UTF-8): not a notebook") from None
    except Exception as error:  # nbformat raises several types for broken JSON
        raise ValueError(f"the file is not a valid notebook ({type(error).__name__}: {error})"[:300]) from None
    if not isinstance(notebook.get("cells"), list):
        raise ValueError("the file is JSON but not a notebook (no cells)")
    return notebook


def _execute_and_test(
    notebook: nbformat.NotebookNode, name: str, zip_path: Path, timeout: int, secrets: list[Path] | None = None
) -> tuple[list[dict] | None, str | None]:
    """Run the student's cells in a fresh folder and kernel, then the tests; return (results, error).

    With `secrets` (paths the kernel must not see) the kernel runs in `kit.sandbox`; without, as the grader.
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from traitlets.config import Config

    work = Path(tempfile.mkdtemp(prefix="kit-grade-"))
    try:
        run_dir = work / "submission"
        run_dir.mkdir()
        with zipfile.ZipFile(zip_path) as archive:
            _extract(archive, "files/", run_dir)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nbformat.write(notebook, run_dir / f"{name}.ipynb")
        options = {"timeout": timeout, "allow_errors": True, "shutdown_kernel": "immediate"}
        if secrets is not None:
            options.update(kernel_manager_class=sandbox.SandboxedKernelManager, config=sandbox.config(work, *secrets))
        else:  # Unix sockets in the work folder, as in the sandbox: no race for free TCP ports
            options.update(config=Config({"KernelManager": {"transport": "ipc", "ip": str(work / "kernel")}}))
        client = NotebookClient(notebook, kernel_name="python3", **options)
        deadline = time.monotonic() + timeout
        # in the sandbox, only a few harmless variables; without it, the grader's own environment
        start = {"cwd": str(run_dir)}
        if secrets is not None:  # in the sandbox, a few harmless variables; without it, the grader's environment
            start["env"] = sandbox.kernel_environment(home=str(Path.home()))
        with client.setup_kernel(**start):
            try:
                for index, cell in enumerate(notebook.cells):
                    client.timeout = max(1, round(deadline - time.monotonic()))
                    if time.monotonic() >= deadline:
                        raise CellTimeoutError(f"no time left before cell {index + 1}")
                    client.execute_cell(cell, index)
            except CellTimeoutError:
                return None, f"did not finish within {timeout} s (stopped in cell {index + 1}): no tests were run"
            except DeadKernelError:
                return None, f"the notebook's kernel died in cell {index + 1}: no tests were run"
            # Tests appear only now, after the student's last cell, in a folder student code never ran beside.
            tests_dir, results_path = work / "tests", work / "results.json"
            with zipfile.ZipFile(zip_path) as archive:
                _extract(archive, "tests/", tests_dir)
            grading = nbformat.v4.new_code_cell(_GRADING_CELL.format(tests=str(tests_dir), out=str(results_path)))
            notebook.cells.append(grading)
            client.timeout = 60
            try:
                client.execute_cell(grading, len(notebook.cells) - 1)
            except (CellTimeoutError, DeadKernelError) as failure:
                return None, f"the checks could not run after the notebook ({type(failure).__name__})"
        if not results_path.is_file():
            return None, "the checks produced no results (the notebook may have changed the grader's environment)"
        return json.loads(results_path.read_text()), None
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _extract(archive: zipfile.ZipFile, prefix: str, target: Path) -> None:
    """Extract the members of `archive` under `prefix` into `target`, without the prefix."""
    for member in archive.namelist():
        if member.startswith(prefix) and not member.endswith("/"):
            destination = target / member[len(prefix) :]
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(archive.read(member))


# Runs in the student's kernel after their last cell: otter's OK-format runner, results as plain JSON.
_GRADING_CELL = """
def _kit_run_checks(tests_dir, out_path):
    import glob, json, os
    from otter.test_files import OKTestFile
    results = []
    for path in sorted(glob.glob(os.path.join(tests_dir, "*.py"))):
        test_file = OKTestFile.from_file(path)
        test_file.run(globals())
        cases = [
            {{"passed": bool(case.passed), "message": case.test_case.failure_message or ""}}
            for case in test_file.test_case_results
        ]
        results.append({{"name": test_file.name, "score": float(test_file.score),
                        "possible": float(test_file.possible), "cases": cases}})
    with open(out_path, "w") as f:
        json.dump(results, f)
_kit_run_checks({tests!r}, {out!r})
"""


def _rows(label: str, name: str, tasks: list[dict], results: list[dict], notebook) -> list[dict]:
    """Turn the checks' results and the written answers into one row per task."""
    by_name = {result["name"]: result for result in results}
    answers = _written_answers(notebook)
    rows = []
    for task in tasks:
        row = {"submission": label, "exercise": name, "task": task["task"], "kind": task["kind"], "answer": pd.NA}
        if task["kind"] == "written":
            answer = answers.get(task["task"])
            row.update(score=pd.NA, possible=pd.NA, answer=answer if answer else pd.NA)
            row["feedback"] = f"graded by hand ({task['points']} points)" + ("" if answer else ": no answer written")
        else:
            result = by_name.get(task["task"], {"score": 0.0, "possible": float(task["points"]), "cases": []})
            failed = [case["message"] for case in result["cases"] if not case["passed"]]
            hints = list(dict.fromkeys(message for message in failed if message))
            row.update(score=result["score"], possible=result["possible"])
            row["feedback"] = "all checks passed" if not failed else "; ".join(hints) or "a check failed"
        rows.append(row)
    return rows


def _written_answers(notebook) -> dict[str, str]:
    """Return the text a student wrote for each hand-graded question, by question name.

    In an otter student notebook a written question is the Markdown between `<!-- BEGIN QUESTION -->` and
    `<!-- END QUESTION -->`; its first cell is the prompt (which names the task), the rest is the answer.
    """
    answers, inside, cells = {}, False, []
    for cell in notebook.cells:
        text = cell.source
        if cell.cell_type == "markdown" and "<!-- BEGIN QUESTION -->" in text:
            inside, cells = True, []
        if inside:
            cells.append(text.split("<!-- END QUESTION -->")[0])  # otter starts the next cell with the marker
        if inside and cell.cell_type == "markdown" and "<!-- END QUESTION -->" in text:
            inside = False
            prompt, *rest = cells
            task = prompt.split("**Task ", 1)[1].split(" ", 1)[0] if "**Task " in prompt else str(len(answers))
            answer = "\n\n".join(rest).replace(_ANSWER_PROMPT, "").strip()
            answers[f"q{task}"] = answer
    return answers


def _zero(label: str, name: str | None, exercises: dict[str, dict], reason: str) -> list[dict]:
    """Zero on every task of the exercise (or one row when the exercise is unknown), with the reason."""
    tasks = exercises[name]["tasks"] if name in exercises else [{"task": "(all)", "kind": "unknown", "points": 0}]
    return [
        {
            "submission": label,
            "exercise": name if name else pd.NA,
            "task": task["task"],
            "kind": task["kind"],
            "score": pd.NA if task["kind"] == "written" else 0.0,
            "possible": pd.NA if task["kind"] == "written" else float(task["points"]),
            "feedback": f"not graded: {reason}",
            "answer": pd.NA,
        }
        for task in tasks
    ]
