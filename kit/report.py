"""One self-contained HTML report: the lesson notebooks run on an analyst's corpus.

`report` executes each lesson notebook with papermill, passing the corpus as the `CORPUS` (and `CATALOG`)
parameter of the cell tagged `parameters`, then joins the executed lessons into one notebook and renders it
with nbconvert without the code. The HTML opens offline: plotly.js is inlined once (not fetched from a CDN,
which plotly and nbconvert do by default), MathJax and require.js are left out, and interactive widgets, which
need a live kernel, are replaced by a note saying where to use them.

Rejected: rendering each lesson separately and linking them (five files to carry, plotly.js five times), and
Voilà's static export (still needs the widget manager from a CDN).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

LESSONS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
EXCLUDED = ("05_",)
"""Lessons left out of reports: annotating needs a person at the keyboard."""
OFFLINE_ENV = "KIT_OFFLINE_HTML"
"""Set in the kernels' environment: `kit.plots` then renders figures as inline HTML without CDN scripts."""
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = "<p><em>[Interactive view: open this lesson in JupyterLab (<code>make lab</code>) to use it.]</em></p>"
PLOTLY_LOADER = "window.PlotlyConfig"
CELL_TIMEOUT_S = 900
"""A lesson cell that runs longer than this (on a very large corpus) stops the report with an error."""


def lesson_paths(selection: str | list[str] | None = None) -> list[Path]:
    """Return the lesson notebooks to run: all but `EXCLUDED`, or those whose numbers are listed ("01,03")."""
    found = sorted(p for p in LESSONS_DIR.glob("[0-9][0-9]_*.ipynb") if not p.name.startswith(EXCLUDED))
    if not found:
        raise FileNotFoundError(f"no lesson notebooks in {LESSONS_DIR} (the report runs the kit's lessons)")
    if selection is None:
        return found
    wanted = [s.strip().zfill(2) for s in (selection.split(",") if isinstance(selection, str) else selection)]
    chosen = [p for p in found if p.name[:2] in wanted]
    unknown = sorted(set(wanted) - {p.name[:2] for p in chosen})
    if unknown:
        raise FileNotFoundError(f"no lesson numbered {', '.join(unknown)}; lessons: {[p.name for p in found]}")
    return chosen


def run_lessons(
    corpus: str | os.PathLike | None, catalog: str | os.PathLike | None, chosen: list[Path], work: Path
) -> list:
    """Execute each chosen lesson with papermill on `corpus`; return the executed notebooks (nbformat)."""
    import nbformat

    parameters = {
        "CORPUS": None if corpus is None else str(Path(corpus).resolve()),
        "CATALOG": None if catalog is None else str(Path(catalog).resolve()),
    }
    examples = {} if corpus is None else example_articles(corpus, catalog)
    executed = []
    environment = {**os.environ, OFFLINE_ENV: "1"}  # read by kit.plots in each lesson's kernel
    for lesson in _progress(chosen):
        out = work / lesson.name
        values = parameters | examples.get(lesson.name[:2], {})
        # each lesson in its own papermill process: a fresh client per kernel (running several lessons
        # from one process hung on an output widget in the fifth lesson)
        command = [
            sys.executable,
            "-m",
            "papermill",
            str(lesson),
            str(out),
            "--cwd",
            str(work),
            "--no-progress-bar",
            "-k",
            "python3",
            "--execution-timeout",
            str(CELL_TIMEOUT_S),
            "-y",
            json.dumps(values),
        ]
        done = subprocess.run(command, capture_output=True, text=True, env=environment)
        if done.returncode != 0:
            lines = [line for line in done.stderr.splitlines() if line.strip() and "TCP without" not in line]
            raise RuntimeError(
                f"lesson {lesson.name} failed on this corpus (executed notebook kept in {out}): " + " ".join(lines[-3:])
            )
        executed.append(nbformat.read(out, as_version=4))
    return executed


def example_articles(corpus: str | os.PathLike, catalog: str | os.PathLike | None = None) -> dict[str, dict]:
    """Return, per lesson number, the articles a lesson looks at closely, chosen from the analyst's corpus: the
    longest article (02), the article with the most comments (03), and two articles of the largest event (04)."""
    from kit.compare import events
    from kit.load import load_corpus

    loaded = load_corpus(corpus, catalog=catalog)
    articles = loaded.articles
    if articles.empty:
        raise RuntimeError(f"no articles could be loaded from {corpus}; see `python -m kit export` for the problems")
    longest = articles.sort_values("n_words", ascending=False, kind="stable").article_id.iloc[0]
    busiest = articles.sort_values("n_comments", ascending=False, kind="stable").article_id.iloc[0]
    grouped = events(loaded)
    members = sorted(grouped.groupby("event_id", sort=False).article_id.agg(list), key=len, reverse=True)
    pair = members[0][:2] if members and len(members[0]) > 1 else list(articles.article_id[:2])
    return {"02": {"EXAMPLE": longest}, "03": {"EXAMPLE": busiest}, "04": {"PAIR": (pair * 2)[:2]}}


def combine(notebooks: list, titles: list[str]):
    """Return one notebook: each lesson's cells under its title, widget views replaced by a note, and plotly.js
    kept only where it first appears."""
    import nbformat

    combined = nbformat.v4.new_notebook()
    combined.metadata = copy.deepcopy(notebooks[0].metadata) if notebooks else {}
    combined.metadata.pop("widgets", None)  # widget state makes nbconvert load the widget manager from a CDN
    plotly_loaded = False
    for notebook, title in zip(notebooks, titles, strict=True):
        combined.cells.append(nbformat.v4.new_markdown_cell(f"<hr>\n\n*Lesson: {title}*", id=f"{title[:2]}-lesson"))
        for cell in notebook.cells:
            cell = copy.deepcopy(cell)
            cell.id = f"{title[:2]}-{cell.get('id', len(combined.cells))}"  # lessons reuse ids such as c02
            if cell.cell_type == "code":
                kept = []
                for output in cell.get("outputs", []):
                    data = output.get("data", {})
                    if WIDGET_MIME in data:
                        output = nbformat.v4.new_output("display_data", data={"text/html": WIDGET_NOTE})
                    elif PLOTLY_LOADER in str(data.get("text/html", "")):
                        if plotly_loaded:
                            continue
                        plotly_loaded = True
                    kept.append(output)
                cell.outputs = kept
            combined.cells.append(cell)
    return combined


def render(notebook, out_html: Path) -> Path:
    """Write `notebook` as HTML without code cells' input, prompts, CDN scripts or MathJax."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    exporter.require_js_url = ""
    exporter.mathjax_url = ""
    body, _ = exporter.from_notebook_node(notebook)
    out_html.parent.mkdir(parents=True, exist_ok=True)
    out_html.write_text(body, encoding="utf-8")
    return out_html


def report(
    out_html: str | os.PathLike,
    corpus: str | os.PathLike | None = None,
    catalog: str | os.PathLike | None = None,
    lessons: str | list[str] | None = None,
) -> Path:
    """Run the lessons on `corpus` (default: the bundled corpus) and write one offline HTML report; return its path.

    Raises FileNotFoundError for a missing corpus or lesson, RuntimeError naming the lesson and cell that failed.
    """
    if corpus is not None and not Path(corpus).exists():
        raise FileNotFoundError(f"no such file or folder: {corpus}")
    chosen = lesson_paths(lessons)
    work = Path(tempfile.mkdtemp(prefix="kit-report-"))
    executed = run_lessons(corpus, catalog, chosen, work)  # on failure the executed notebooks stay in `work`
    shutil.rmtree(work, ignore_errors=True)
    titles = [p.stem.replace("_", " ") for p in chosen]
    return render(combine(executed, titles), Path(out_html))


def _progress(items: list[Path]):
    from tqdm.auto import tqdm

    return tqdm(items, desc="running lessons", unit="lesson", file=sys.stderr)
