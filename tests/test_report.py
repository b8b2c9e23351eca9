"""`python -m kit report`: the lessons run on an analyst's own corpus and render as one offline HTML file."""

from __future__ import annotations

import json
import re

import pytest
from conftest import fail_or_skip

from kit.__main__ import main
from kit.bench import synthetic_texts
from kit.report import combine, lesson_paths

OUTLETS = ["Northern Ledger", "Valley Courier", "Coastal Wire"]


@pytest.fixture(scope="module")
def analyst_corpus(tmp_path_factory):
    """Nine pages of another shape than the bundled ones: JSONL records with outlet, date and url."""
    folder = tmp_path_factory.mktemp("analyst")
    lines = []
    for number, (article_id, text) in enumerate(synthetic_texts(9, seed=11).items()):
        record = {"id": article_id, "text": text, "outlet": OUTLETS[number % 3], "date": f"2021-03-{1 + number:02d}"}
        lines.append(json.dumps(record))
    path = folder / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def report_html(analyst_corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", str(out), "--corpus", str(analyst_corpus)]) == 0
    return out.read_text(encoding="utf-8")


def test_every_lesson_ran_on_the_analysts_corpus(report_html):
    for lesson in lesson_paths():
        heading = json.loads(lesson.read_text())["cells"][0]["source"][0].lstrip("# ").strip()
        assert heading.split(" · ")[-1] in report_html, lesson.name
    assert "Traceback" not in report_html
    for outlet in OUTLETS:
        assert outlet in report_html  # the analyst's outlets, not the bundled ones
    assert "002_b0f4844b8eb47614" not in report_html and "bench-00004" in report_html  # its ids, not ours


def test_the_report_works_offline(report_html):
    sources = re.findall(r"<(?:script|link|img)\b[^>]*(?:src|href)=\"([^\"]*)\"", report_html)
    assert [s for s in sources if s.startswith(("http:", "https:", "//"))] == []
    assert "html-manager" not in report_html  # no widget manager from unpkg
    assert report_html.count("window.PlotlyConfig") == 1  # plotly.js inlined once, for every figure
    assert report_html.count('class="plotly-graph-div"') >= 6


def test_widgets_are_replaced_by_a_pointer_to_the_lesson(report_html):
    assert "Interactive view: open this lesson in JupyterLab" in report_html
    assert "application/vnd.jupyter.widget-view+json" not in report_html


def test_code_is_left_out(report_html):
    assert "kit.load_corpus(CORPUS" not in report_html


def test_bad_requests_are_clear_errors(tmp_path, capsys):
    assert main(["report", str(tmp_path / "r.html"), "--corpus", str(tmp_path / "missing")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    with pytest.raises(FileNotFoundError, match="no lesson numbered 42"):
        lesson_paths("01,42")
    assert [p.name[:2] for p in lesson_paths("1,03")] == ["01", "03"]


def test_combine_keeps_one_plotly_loader():
    import nbformat

    def lesson(loader: bool):
        notebook = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("x")
        html = "<script>window.PlotlyConfig = {}</script>" if loader else "<div>figure</div>"
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": html})]
        notebook.cells = [cell]
        notebook.metadata["widgets"] = {"state": {}}
        return notebook

    combined = combine([lesson(True), lesson(True), lesson(False)], ["a", "b", "c"])
    htmls = [o["data"]["text/html"] for c in combined.cells if c.cell_type == "code" for o in c.outputs]
    assert sum("PlotlyConfig" in h for h in htmls) == 1 and "widgets" not in combined.metadata


@pytest.mark.browser
def test_the_report_renders_in_chromium_without_the_network(report_html, tmp_path):
    """Opened from disk in headless Chromium: every figure draws and no request leaves the machine."""
    import shutil

    playwright = pytest.importorskip("playwright.sync_api")
    if not shutil.which("chromium"):
        fail_or_skip("KIT_REQUIRE_BROWSER", "Debian chromium not installed: apt-get install chromium")
    page_file = tmp_path / "report.html"
    page_file.write_text(report_html, encoding="utf-8")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=["--headless", "--no-sandbox"])
        page = browser.new_page()
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=15_000)
        drawn = page.locator(".js-plotly-plot .gtitle").count()
        browser.close()
    assert [url for url in requests if not url.startswith(("file:", "data:", "blob:"))] == []
    assert errors == []
    assert drawn >= 6
