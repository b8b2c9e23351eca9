"""The lesson notebooks in a real JupyterLab, driven by headless Debian Chromium through Playwright.

The in-process tests (test_notebooks.py, test_widgets.py) prove the code runs; only a browser proves what a
student sees: that the widget and plotly front-end extensions load, that "Run All Cells" leaves no
traceback, and that picking an article or a shade redraws the shaded page. The test also writes the
screenshots for review (build/screenshots/) and for the README (docs/img/notebook00.png).

Lab serves a copy of notebooks/ in a temporary folder, with its settings, workspaces and runtime files there
too, so autosave never writes outputs into the repository and the user's own Jupyter setup plays no part.
The three tests share one Lab, one browser tab and one Run All (module-scoped fixtures), and run in order.

Where Debian's chromium or playwright is missing the tests skip, unless KIT_REQUIRE_BROWSER=1 (CI) makes
that a failure. Never `playwright install`: the test drives the system chromium and works offline.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

import kit

try:
    from playwright.sync_api import ConsoleMessage, Page, expect, sync_playwright
    from playwright.sync_api import Error as PlaywrightError
except ImportError:  # judged by the `chromium` fixture: skip locally, fail where CI demands the test
    sync_playwright = None

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = "00_anatomy_of_a_news_page.ipynb"
NOTEBOOK_01 = "01_who_speaks.ipynb"
NOTEBOOK_02 = "02_choosing_words.ipynb"
NOTEBOOK_03 = "03_reading_the_comments.ipynb"
NOTEBOOK_04 = "04_same_story_different_outlets.ipynb"
SCREENSHOTS = REPO / "build" / "screenshots"
README_IMAGE = REPO / "docs" / "img" / "notebook00.png"
VIEWPORT = {"width": 1400, "height": 900}

FIRST_ARTICLE = "000_88799ff349ff80df"
HAVANA_TIMES = "002_b0f4844b8eb47614"
CHART_TITLE = "How much of each page is the article?"

SERVER_TIMEOUT_S = 30
KERNEL_TIMEOUT_S = 30
RUN_ALL_TIMEOUT_S = 45
UI_TIMEOUT_MS = 10_000

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # containers and CI run as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING_BROWSER = "Debian chromium not installed: apt-get install chromium; CI requires this test"

# Lab asks about Jupyter news in a toast that covers the screenshots and reaches for the network.
# `make setup` turns it off in the venv; the same user settings here keep the test independent of that.
QUIET_NOTIFICATIONS = {"fetchNews": "false", "checkForUpdates": False}

# A failed request is offline noise only when it went to another host; failures on 127.0.0.1 are real.
NETWORK_FAILURE = re.compile(r"net::ERR_|ERR_INTERNET_DISCONNECTED|Failed to fetch|Failed to load resource", re.I)
LOCAL_HOSTS = {"127.0.0.1", "localhost", ""}

NOTEBOOK_PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
PAGE = f"{NOTEBOOK_PANEL} .kit-page"
PICKER = f"{NOTEBOOK_PANEL} .widget-dropdown:has(label:text-is('Article')) select"  # the article picker
# JupyterLab 4 shows a failed cell's traceback and anything printed to stderr (warnings too) with this MIME
# type; there is no separate "error" MIME type in the DOM, so errors are also read from the saved notebook.
ERROR_LINE = re.compile(r"^\w*(Error|Exception|Exit|Interrupt)\b.*", re.M)
STDERR_OUTPUT = f"{NOTEBOOK_PANEL} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"


@dataclass
class LabServer:
    """Where Lab listens, which folder it serves, and its log (quoted when something goes wrong)."""

    url: str
    root: Path
    log_path: Path

    def log_tail(self, lines: int = 15) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@dataclass
class BrowserProblems:
    """JavaScript errors seen so far; network failures towards other hosts are kept apart as offline noise."""

    errors: list[str] = field(default_factory=list)
    offline_noise: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "") if message.location else ""
        text = f"console: {message.text} @ {url}"
        external = urlparse(url).hostname not in LOCAL_HOSTS
        (self.offline_noise if NETWORK_FAILURE.search(message.text) and external else self.errors).append(text)

    def page_error(self, error: Exception) -> None:
        self.errors.append(f"uncaught: {error}")

    def assert_none(self) -> None:
        for noise in self.offline_noise:
            print(f"ignored offline noise: {noise}")
        assert not self.errors, "browser console errors:\n" + "\n".join(self.errors)


# --------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def chromium() -> str:
    """Path of Debian's chromium; skip where it (or playwright) is missing, unless CI demands the test."""
    path = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
    if path and sync_playwright is not None:
        return path
    if os.environ.get("KIT_REQUIRE_BROWSER") == "1":
        pytest.fail(MISSING_BROWSER)
    pytest.skip(MISSING_BROWSER)


@pytest.fixture(scope="module")
def lab_server(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """A token-less JupyterLab on a free port, serving a throwaway copy of notebooks/; stopped afterwards.

    Depends on `chromium` only so that no server starts where the browser test is skipped.
    """
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "notebooks"
    shutil.copytree(REPO / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = tmp / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps(QUIET_NOTIFICATIONS))
    env = dict(os.environ)
    for variable, folder in [
        ("JUPYTERLAB_SETTINGS_DIR", "settings"),
        ("JUPYTERLAB_WORKSPACES_DIR", "workspaces"),  # no tabs restored from an earlier session
        ("JUPYTER_CONFIG_DIR", "config"),  # ignore ~/.jupyter
        ("JUPYTER_DATA_DIR", "data"),  # ignore kernels in ~/.local: the kernel is this venv's python
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),  # ignore the user's IPython startup files
    ]:
        env[variable] = str(tmp / folder)
    port = _free_port()
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--IdentityProvider.token=",
        f"--ServerApp.root_dir={root}",
    ]
    if os.geteuid() == 0:  # containers and CI; Lab refuses root otherwise
        command.append("--allow-root")
    server = LabServer(url=f"http://127.0.0.1:{port}", root=root, log_path=tmp / "server.log")
    with open(server.log_path, "wb") as log:
        process = subprocess.Popen(command, env=env, cwd=tmp, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for_server(process, server)
        yield server
    finally:
        process.terminate()  # SIGTERM: Lab shuts its kernels down and exits without asking
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[tuple[Page, BrowserProblems]]:
    """One headless Chromium tab, 1400x900, recording console errors and uncaught exceptions."""
    for stale in SCREENSHOTS.glob("FAILED_*.png"):  # left by an earlier failing run
        stale.unlink()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            problems = BrowserProblems()
            page.on("console", problems.console)
            page.on("pageerror", problems.page_error)
            yield page, problems
        finally:
            browser.close()


@pytest.fixture(scope="module")
def article_labels(corpus: kit.Corpus) -> dict[str, str]:
    """Dropdown label of each article id: ipywidgets writes labels, not our values, into the <option>s."""
    picker = kit.anatomy_explorer(corpus.articles, corpus.segments).children[0]
    return {article_id: label for label, article_id in picker.options}


@pytest.fixture(scope="module")
def notebook(browser: tuple[Page, BrowserProblems], lab_server: LabServer) -> Page:
    """Notebook 00 open in Lab with every cell run once through Run > Run All Cells, as a student would."""
    page, _ = browser
    _open_and_run_all(page, lab_server, NOTEBOOK, close_sidebar=True)
    return page


def _next_lesson(name: str, after: str):
    """A fixture that opens lesson `name` in a new tab of the same Lab, once `after` has run, and runs it all."""

    @pytest.fixture(scope="module")
    def lesson(request: pytest.FixtureRequest, lab_server: LabServer) -> Page:
        page = request.getfixturevalue(after)
        _open_and_run_all(page, lab_server, name, close_sidebar=False)
        return page

    lesson.__doc__ = f"{name} opened after the fixture {after} and run with Run All Cells."
    return lesson


notebook01 = _next_lesson(NOTEBOOK_01, "notebook")
notebook02 = _next_lesson(NOTEBOOK_02, "notebook01")
notebook03 = _next_lesson(NOTEBOOK_03, "notebook02")
notebook04 = _next_lesson(NOTEBOOK_04, "notebook03")


def _open_and_run_all(page: Page, server: LabServer, name: str, close_sidebar: bool) -> None:
    with failure_screenshot(page, f"open_and_run_all_{name[:2]}", server):
        page.goto(f"{server.url}/lab/tree/{name}", timeout=SERVER_TIMEOUT_S * 1000)
        page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current", has_text=name[:12]).wait_for(
            timeout=UI_TIMEOUT_MS
        )
        _wait_for_idle_kernel(page)
        if close_sidebar:
            _close_left_sidebar(page)
        page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click(timeout=UI_TIMEOUT_MS)
        page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click(timeout=UI_TIMEOUT_MS)
        _wait_until_all_cells_ran(page)
        _dismiss_toasts(page)


@pytest.fixture()
def problems(browser: tuple[Page, BrowserProblems]) -> BrowserProblems:
    """The JavaScript errors seen since the tab opened; each test ends by asserting there are none."""
    return browser[1]


# ------------------------------------------------------------------------------------------------ tests


def test_run_all_shows_the_explorer_and_the_chart_without_errors(
    notebook: Page, lab_server: LabServer, problems: BrowserProblems
):
    page = notebook
    with failure_screenshot(page, "run_all", lab_server):
        _assert_ran_cleanly(page, lab_server, NOTEBOOK)

        _scroll_to_top(page, PICKER)
        expect(page.locator(PICKER), "the article picker is shown").to_be_visible(timeout=UI_TIMEOUT_MS)
        kit_page = page.locator(PAGE)
        expect(kit_page, "the first article is shaded").to_have_attribute(
            "data-article-id", FIRST_ARTICLE, timeout=UI_TIMEOUT_MS
        )
        expect(kit_page.locator("span[data-kind='headline']"), "its headline is labelled").to_contain_text(
            "Russia v. Trump Regime on", use_inner_text=True, timeout=UI_TIMEOUT_MS
        )

        _scroll_to_top(page, f"{NOTEBOOK_PANEL} .js-plotly-plot")
        expect(page.locator(f"{NOTEBOOK_PANEL} .js-plotly-plot .main-svg").first).to_be_visible(timeout=UI_TIMEOUT_MS)
        # An SVG <text> has no innerText, so this one compares textContent.
        expect(page.locator(f"{NOTEBOOK_PANEL} .js-plotly-plot .gtitle"), "plotly drew the title").to_contain_text(
            CHART_TITLE, timeout=UI_TIMEOUT_MS
        )

        _screenshot_whole_notebook(page, SCREENSHOTS / "notebook00_lab.png")
    problems.assert_none()


def test_picking_the_havana_times_page_redraws_it(
    notebook: Page, lab_server: LabServer, article_labels: dict[str, str], problems: BrowserProblems
):
    page = notebook
    with failure_screenshot(page, "pick_article002", lab_server):
        _pick_article(page, HAVANA_TIMES, article_labels)
        kit_page = page.locator(PAGE)
        expect(kit_page.locator("span[data-kind='comment']"), "its 8 reader comments are labelled").to_have_count(
            8, timeout=UI_TIMEOUT_MS
        )
        expect(kit_page.locator("span[data-kind='headline']"), "its headline is labelled").to_contain_text(
            "Putin Restates", use_inner_text=True, timeout=UI_TIMEOUT_MS
        )

        _scroll_to_top(page, f"{NOTEBOOK_PANEL} .jp-CodeCell:has(.kit-page)")
        _dismiss_toasts(page)
        page.mouse.move(VIEWPORT["width"] - 30, VIEWPORT["height"] // 2)  # no hover highlight in the picture
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "notebook00_article002.png")
        README_IMAGE.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=README_IMAGE)
    problems.assert_none()


def test_furniture_shade_hides_the_article_body(
    notebook: Page, lab_server: LabServer, article_labels: dict[str, str], problems: BrowserProblems
):
    page = notebook
    with failure_screenshot(page, "shade_furniture", lab_server):
        _pick_article(page, HAVANA_TIMES, article_labels)  # a no-op after the test above; kept to stand alone
        page.locator(f"{NOTEBOOK_PANEL} .widget-toggle-button", has_text="Furniture and comments").click(
            timeout=UI_TIMEOUT_MS
        )
        kit_page = page.locator(PAGE)
        expect(kit_page.locator("span[data-kind='body']"), "no body paragraph is left").to_have_count(
            0, timeout=UI_TIMEOUT_MS
        )
        expect(kit_page.locator("span[data-kind='comment']"), "the comments stay").to_have_count(
            8, timeout=UI_TIMEOUT_MS
        )
    problems.assert_none()


def test_notebook01_quote_explorer_follows_the_picker_and_the_kind_filter(
    notebook01: Page, lab_server: LabServer, article_labels: dict[str, str], problems: BrowserProblems
):
    page = notebook01
    with failure_screenshot(page, "notebook01", lab_server):
        _assert_ran_cleanly(page, lab_server, NOTEBOOK_01)
        _pick_article(page, "001_631434f860d39638", article_labels)
        quotes = page.locator(f"{PAGE} .kit-quote")
        expect(
            quotes.and_(page.locator("[data-speaker='Sergei Shoigu']")), "Shoigu's quotes are underlined"
        ).not_to_have_count(0, timeout=UI_TIMEOUT_MS)
        expect(quotes.first, "each quote explains itself on hover").to_have_attribute("title", re.compile("why: "))
        _scroll_to_top(page, f"{NOTEBOOK_PANEL} .jp-CodeCell:has(.kit-page)")
        page.mouse.move(VIEWPORT["width"] - 30, VIEWPORT["height"] // 2)
        page.screenshot(path=SCREENSHOTS / "notebook01_quotes.png")
        page.locator(f"{NOTEBOOK_PANEL} .widget-toggle-button", has_text=re.compile(r"^direct$")).click(
            timeout=UI_TIMEOUT_MS
        )
        expect(page.locator(f"{PAGE} .kit-quote:not([data-kind='direct'])"), "only direct quotes remain").to_have_count(
            0, timeout=UI_TIMEOUT_MS
        )
        expect(quotes, "direct quotes remain").not_to_have_count(0, timeout=UI_TIMEOUT_MS)

        check = page.locator(f"{NOTEBOOK_PANEL} .widget-button", has_text="Check my answers")
        check.scroll_into_view_if_needed(timeout=UI_TIMEOUT_MS)
        check.click(timeout=UI_TIMEOUT_MS)
        expect(page.locator(f"{NOTEBOOK_PANEL} .widget-html", has_text="You agree with the kit on")).to_be_visible(
            timeout=UI_TIMEOUT_MS
        )
        _scroll_to_top(page, f"{NOTEBOOK_PANEL} .js-plotly-plot")
        expect(page.locator(f"{NOTEBOOK_PANEL} .js-plotly-plot .gtitle")).to_contain_text(
            "Whose words fill the article?", timeout=UI_TIMEOUT_MS
        )
    problems.assert_none()


def test_notebook02_neutral_rewrite_replaces_loaded_words(
    notebook02: Page, lab_server: LabServer, article_labels: dict[str, str], problems: BrowserProblems
):
    page = notebook02
    with failure_screenshot(page, "notebook02", lab_server):
        _assert_ran_cleanly(page, lab_server, NOTEBOOK_02)
        _pick_article(page, "003_c7df5b8c4c09125c", article_labels)
        labels = page.locator(f"{PAGE} .kit-loaded[data-category='labelling']")
        expect(labels.first, "labels are boxed").to_be_visible(timeout=UI_TIMEOUT_MS)
        expect(labels.filter(has_text="regime"), "the original wording").not_to_have_count(0, timeout=UI_TIMEOUT_MS)
        page.locator(f"{NOTEBOOK_PANEL} .widget-checkbox", has_text="Neutral rewrite").locator("input").check(
            timeout=UI_TIMEOUT_MS
        )
        expect(page.locator(PAGE), "the rewrite is on").to_have_attribute("data-rewrite", "on", timeout=UI_TIMEOUT_MS)
        expect(labels.filter(has_text="regime"), "no 'regime' is left").to_have_count(0, timeout=UI_TIMEOUT_MS)
        expect(labels.filter(has_text="government"), "'regime' reads 'government'").not_to_have_count(
            0, timeout=UI_TIMEOUT_MS
        )
        _scroll_to_top(page, f"{NOTEBOOK_PANEL} .jp-CodeCell:has(.kit-page)")
        page.mouse.move(VIEWPORT["width"] - 30, VIEWPORT["height"] // 2)
        page.screenshot(path=SCREENSHOTS / "notebook02_rewrite.png")
        titles = page.locator(f"{NOTEBOOK_PANEL} .js-plotly-plot .gtitle")
        for title in ("How many loaded words", "Which frames", "How hard is each article"):
            expect(titles.filter(has_text=title), f"the chart '{title}' is drawn").to_have_count(
                1, timeout=UI_TIMEOUT_MS
            )
    problems.assert_none()


def test_notebook03_thread_filters_by_incivility(notebook03: Page, lab_server: LabServer, problems: BrowserProblems):
    page = notebook03
    with failure_screenshot(page, "notebook03", lab_server):
        _assert_ran_cleanly(page, lab_server, NOTEBOOK_03)
        thread = page.locator(f"{NOTEBOOK_PANEL} .kit-thread .kit-comment")
        _scroll_to_top(page, f"{NOTEBOOK_PANEL} .kit-thread")
        expect(thread, "the 8 comments are listed").to_have_count(8, timeout=UI_TIMEOUT_MS)
        expect(thread.first.locator(".kit-badge").first, "badges explain themselves").to_have_attribute(
            "title", re.compile("sentiment")
        )
        _scroll_to_top(page, f"{NOTEBOOK_PANEL} .jp-CodeCell:has(.kit-thread)")
        page.mouse.move(VIEWPORT["width"] - 30, VIEWPORT["height"] // 2)
        page.screenshot(path=SCREENSHOTS / "notebook03_thread.png")
        slider = page.locator(f"{NOTEBOOK_PANEL} .widget-slider .noUi-handle").first
        slider.focus()
        for _ in range(10):  # the keyboard moves the slider: 10 steps of 0.05 to 0.5
            page.keyboard.press("ArrowRight")
        expect(page.locator(f"{NOTEBOOK_PANEL} .widget-readout").first, "the slider reads 0.50").to_have_text(
            "0.50", timeout=UI_TIMEOUT_MS
        )
        page.wait_for_function(  # the thread redraws after the last key: every comment left is uncivil
            """() => {
                const items = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .kit-comment')];
                return items.length > 0 && items.length < 8
                    && items.every(item => Number(item.dataset.incivility) >= 0.5);
            }""",
            timeout=UI_TIMEOUT_MS,
        )
    problems.assert_none()


def test_notebook04_side_by_side_and_vocabulary(notebook04: Page, lab_server: LabServer, problems: BrowserProblems):
    page = notebook04
    with failure_screenshot(page, "notebook04", lab_server):
        _assert_ran_cleanly(page, lab_server, NOTEBOOK_04)
        columns = page.locator(f"{NOTEBOOK_PANEL} .kit-side-by-side .kit-page")
        _scroll_to_top(page, f"{NOTEBOOK_PANEL} .kit-side-by-side")
        expect(columns, "two articles side by side").to_have_count(2, timeout=UI_TIMEOUT_MS)
        for column in (columns.nth(0), columns.nth(1)):
            expect(column.locator(".kit-shared[data-passage='1']"), "passage 1 in both").to_have_count(1)
        _scroll_to_top(page, f"{NOTEBOOK_PANEL} .jp-CodeCell:has(.kit-side-by-side)")
        page.mouse.move(VIEWPORT["width"] - 30, VIEWPORT["height"] // 2)
        page.screenshot(path=SCREENSHOTS / "notebook04_side_by_side.png")
        pair = page.locator(f"{NOTEBOOK_PANEL} .widget-dropdown:has(label:text-is('Pair')) select")
        pair.select_option(index=1, timeout=UI_TIMEOUT_MS)  # the two reports of the same meeting
        expect(page.locator(f"{NOTEBOOK_PANEL} .kit-side-by-side"), "the meeting's reports").to_contain_text(
            "Putin", timeout=UI_TIMEOUT_MS
        )
        outlet_b = page.locator(f"{NOTEBOOK_PANEL} .widget-dropdown:has(label:text-is('Outlet B')) select")
        outlet_b.select_option(label="Havana Times", timeout=UI_TIMEOUT_MS)
        expect(
            page.locator(f"{NOTEBOOK_PANEL} .js-plotly-plot .gtitle").filter(has_text="apart from Havana Times"),
            "the scatter follows the outlets",
        ).to_have_count(1, timeout=UI_TIMEOUT_MS)
    problems.assert_none()


# ---------------------------------------------------------------------------------------------- helpers


def _free_port() -> int:
    """A port nothing listens on now (Lab would silently move to the next one if ours were taken)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_server(process: subprocess.Popen, server: LabServer) -> None:
    """Poll /api/status until Lab answers; fail at once, with its log, if it exits or never answers."""
    deadline = time.monotonic() + SERVER_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"JupyterLab exited with code {process.returncode}; its log:\n{server.log_tail(40)}")
        try:
            with urllib.request.urlopen(f"{server.url}/api/status", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(f"JupyterLab did not answer on {server.url} in {SERVER_TIMEOUT_S} s; its log:\n{server.log_tail(40)}")


def _wait_for_idle_kernel(page: Page) -> None:
    """Wait until the status bar reads "<kernel> | Idle": the kernel has started and Lab is connected to it.

    Not the toolbar's execution indicator alone: it says data-status="idle" by default, before the session
    even exists, and a Run All clicked then runs no code cell at all (they just lose their prompt numbers).
    """
    kernel_status = page.locator("#jp-main-statusbar .jp-StatusBar-TextItem", has_text=re.compile(r"\| Idle$"))
    kernel_status.wait_for(timeout=KERNEL_TIMEOUT_S * 1000)
    page.locator(f"{NOTEBOOK_PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(
        timeout=KERNEL_TIMEOUT_S * 1000
    )


def _close_left_sidebar(page: Page) -> None:
    """Fold away the file browser so the notebook gets the whole width of the screenshots."""
    current_tab = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    if current_tab.count():
        current_tab.first.click(timeout=UI_TIMEOUT_MS)
        page.locator("#jp-left-stack").wait_for(state="hidden", timeout=UI_TIMEOUT_MS)


def _dismiss_toasts(page: Page) -> None:
    """Close any notification that slipped through, so it does not cover a screenshot."""
    for close in page.locator(".Toastify__toast .Toastify__close-button").all():
        try:
            close.click(timeout=2_000)
        except PlaywrightError:
            pass  # it closed itself meanwhile


def _wait_until_all_cells_ran(page: Page) -> None:
    """Every code cell shows an execution count (no `[ ]:` or `[*]:`) and the kernel is idle again.

    The prompts are read with textContent: Lab skips the layout of off-screen cells (CSS content-visibility),
    so their innerText is empty.
    """
    prompts = page.locator(f"{NOTEBOOK_PANEL} .jp-CodeCell .jp-InputArea-prompt")
    deadline = time.monotonic() + RUN_ALL_TIMEOUT_S
    texts: list[str] = []
    while time.monotonic() < deadline:
        texts = [text.strip() for text in prompts.all_text_contents()]
        if texts and all(re.fullmatch(r"\[\d+\]:", text) for text in texts):
            _wait_for_idle_kernel(page)
            return
        shown = _shown_errors(page)  # Run All stops at a failing cell: say why now rather than time out
        assert not shown, "a cell failed during Run All:\n" + "\n\n".join(shown)
        time.sleep(0.25)
    raise AssertionError(f"Run All did not finish in {RUN_ALL_TIMEOUT_S} s; the cell prompts read {texts}")


def _assert_ran_cleanly(page: Page, server: LabServer, name: str) -> None:
    """No error after Run All, on screen (tracebacks) or in the saved notebook (error outputs)."""
    shown = _shown_errors(page)
    assert not shown, f"a cell of {name} failed after Run All:\n" + "\n\n".join(shown)
    failed = _error_outputs_of_saved_notebook(page, server, name)
    assert not failed, f"a cell of {name} failed after Run All:\n" + "\n\n".join(failed)


def _shown_errors(page: Page) -> list[str]:
    """Error outputs on screen: stderr outputs holding a traceback or an IPython "SomeError: ..." line.

    Warnings share the stderr MIME type but start with a file name, so they do not match.
    """
    texts = page.locator(STDERR_OUTPUT).all_text_contents()
    return [text for text in texts if "Traceback" in text or ERROR_LINE.search(text)]


def _error_outputs_of_saved_notebook(page: Page, server: LabServer, name: str) -> list[str]:
    """Save the notebook (into the temporary copy) and return the error outputs it holds, one per failed cell.

    On screen a traceback and a warning look alike (`_shown_errors` goes by their text); the file says for
    sure (output_type "error"). Only the temporary copy is written, never notebooks/ in the repository.
    """
    page.locator(f"{NOTEBOOK_PANEL} .jp-NotebookPanel-toolbar [data-command='docmanager:save']").click(
        timeout=UI_TIMEOUT_MS
    )
    expect(
        page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current.jp-mod-dirty"), "the notebook is saved"
    ).to_have_count(0, timeout=UI_TIMEOUT_MS)
    cells = json.loads((server.root / name).read_text(encoding="utf-8"))["cells"]
    outputs = [output for cell in cells for output in cell.get("outputs", [])]
    assert any(output["output_type"] == "execute_result" for output in outputs), "the saved notebook has no results"
    for output in outputs:
        if output["output_type"] == "stream" and output["name"] == "stderr":
            print(f"stderr in the notebook (allowed, but worth a look): {''.join(output['text'])[:300]}")
    return [f"{output['ename']}: {output['evalue']}" for output in outputs if output["output_type"] == "error"]


def _scroll_to_top(page: Page, selector: str) -> None:
    """Scroll the notebook so this element sits at the top of the viewport, laid out and painted."""
    page.locator(selector).first.evaluate("element => element.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)  # one or two frames for the skipped cells to lay out and paint


def _pick_article(page: Page, article_id: str, labels: dict[str, str]) -> None:
    """Choose an article in the explorer's dropdown and wait until the shaded page shows it."""
    _scroll_to_top(page, PICKER)
    page.locator(PICKER).select_option(label=labels[article_id], timeout=UI_TIMEOUT_MS)
    expect(page.locator(PAGE), f"the page of {article_id} is shown").to_have_attribute(
        "data-article-id", article_id, timeout=UI_TIMEOUT_MS
    )


def _screenshot_whole_notebook(page: Page, path: Path) -> None:
    """Screenshot every cell at once: Lab scrolls inside a fixed-size window, so `full_page` alone would show
    one screenful. The viewport is stretched to the notebook's height for the shot, then restored."""
    notebook_bottom = page.locator(f"{NOTEBOOK_PANEL} .jp-WindowedPanel-outer").evaluate(
        """outer => {
            outer.scrollTop = 0;
            const cells = outer.querySelectorAll('.jp-Cell');
            return cells[cells.length - 1].getBoundingClientRect().bottom;
        }"""
    )
    status_bar = 40
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(notebook_bottom) + status_bar, 16_000)})
    try:
        page.wait_for_timeout(500)  # Lab relays out the panels and plotly redraws for the new size
        _dismiss_toasts(page)
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=path, full_page=True)
    finally:
        page.set_viewport_size(VIEWPORT)
        page.wait_for_timeout(300)


@contextmanager
def failure_screenshot(page: Page, step: str, server: LabServer) -> Iterator[None]:
    """If anything in the block fails, save a screenshot and add its path and the server's log to the error."""
    try:
        yield
    except (AssertionError, PlaywrightError) as error:
        path = SCREENSHOTS / f"FAILED_{step}.png"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=path)
            error.add_note(f"screenshot of the browser: {path}")
        except PlaywrightError as screenshot_error:
            error.add_note(f"no screenshot: {screenshot_error}")
        error.add_note(f"JupyterLab log (last lines):\n{server.log_tail()}")
        raise
