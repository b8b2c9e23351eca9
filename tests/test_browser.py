"""The lesson notebooks in a real JupyterLab and as Voilà dashboards, driven by headless Debian Chromium.

The in-process tests (test_notebooks.py, test_widgets.py) prove the code runs; only a browser proves what a
student sees: that the widget and plotly front-end extensions load, that "Run All Cells" leaves no
traceback, and that picking an article or a shade redraws the shaded page. The test also writes the
screenshots for review (build/screenshots/) and for the README (docs/img/notebook00.png).

Lab serves a copy of notebooks/ in a temporary folder, with its settings, workspaces and runtime files there
too, so autosave never writes outputs into the repository and the user's own Jupyter setup plays no part.
The Lab tests share one Lab, one browser tab and one Run All per lesson (module-scoped fixtures), and run in
order.

Presentation mode (`make present`) is tested the same way: one Voilà server, started as the Makefile starts
it, on another copy of notebooks/, and one more tab in the same browser. Each lesson's dashboard must show no
code and no traceback, draw its widgets and its titled charts, and redraw when its main control is used; one
test works a dashboard with the keyboard alone. Voilà's known noise (Font Awesome from a CDN, jupyterlab-plotly's
`setData` page error) is allowed by origin and message, nothing wider.

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
from conftest import fail_or_skip

import kit
from kit._setup_lab import _OVERRIDES

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
NOTEBOOK_05 = "05_annotate_and_compare.ipynb"
SCREENSHOTS = REPO / "build" / "screenshots"
README_IMAGE = REPO / "docs" / "img" / "notebook00.png"
VIEWPORT = {"width": 1400, "height": 900}

FIRST_ARTICLE = "000_88799ff349ff80df"
HAVANA_TIMES = "002_b0f4844b8eb47614"
CHART_TITLE = "How much of each page is the article?"

SERVER_TIMEOUT_S = 30
KERNEL_TIMEOUT_S = 30
RUN_ALL_TIMEOUT_S = 45
DASHBOARD_TIMEOUT_S = 90  # Voilà runs every cell before the page finishes loading (lesson 04: about 10 s)
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
LAB_OVERRIDES = _OVERRIDES

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
    """Where Lab (or Voilà) listens, which folder it serves, and its log (quoted when something goes wrong)."""

    url: str
    root: Path
    log_path: Path

    def log_tail(self, lines: int = 15) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


PLOTLY_TEARDOWN = re.compile(r"^uncaught: Resize must be passed a displayed plot div element\.$")


@dataclass
class BrowserProblems:
    """JavaScript errors seen so far; network failures towards other hosts are kept apart as offline noise."""

    errors: list[str] = field(default_factory=list)
    offline_noise: list[str] = field(default_factory=list)
    navigation_noise: list[str] = field(default_factory=list)

    def console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "") if message.location else ""
        text = f"console: {message.text} @ {url}"
        external = urlparse(url).hostname not in LOCAL_HOSTS
        (self.offline_noise if NETWORK_FAILURE.search(message.text) and external else self.errors).append(text)

    def page_error(self, error: Exception) -> None:
        self.errors.append(f"uncaught: {error}")

    def forgive_navigation(self, since: int) -> None:
        """Errors[since:] thrown while Lab tore down the previous lesson's page: only plotly's complaint about
        resizing a chart that is no longer displayed is set aside; anything else stays an error."""
        kept = self.errors[:since]
        for error in self.errors[since:]:
            (self.navigation_noise if PLOTLY_TEARDOWN.search(error) else kept).append(error)
        self.errors[:] = kept

    def assert_none(self) -> None:
        for noise in self.offline_noise + self.navigation_noise:
            print(f"ignored noise: {noise}")
        assert not self.errors, "browser console errors:\n" + "\n".join(self.errors)


# Voilà's known noise (dependency-notes.md, "Browser tests"), each allowed only from where it comes:
# voila's templates link Font Awesome (icons only) from a CDN, which fails offline;
VOILA_FONT_CDN = re.compile(r"^https://cdn\.jsdelivr\.net/npm/(@fortawesome/fontawesome-free@|font-awesome@)")
# jupyterlab-plotly tries to store a PNG copy of each chart in voila's read-only output; the charts still draw.
PLOTLY_SET_DATA = re.compile(r"^\w+\.setData is not a function$")
PLOTLY_EXTENSION = "/voila/labextensions/jupyterlab-plotly/"
VOILA_TREE_WIDGETS = re.compile(
    r"^Plugin '@jupyter-widgets/[\w-]+:[\w.-]+' failed to activate\. Error: The model for kernel id  does not exist"
)

LESSONS = sorted(path.name for path in (REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# Lessons with a test of their own below; any other lesson (05, ...) gets the general dashboard checks.
TESTED_LESSONS = [NOTEBOOK, NOTEBOOK_01, NOTEBOOK_02, NOTEBOOK_03, NOTEBOOK_04]
OTHER_LESSONS = [name for name in LESSONS if name not in TESTED_LESSONS]
DASHBOARD = "#rendered_cells"  # Voilà's lab template: the cells' outputs and markdown, scrolled in this box
VOILA_PAGE = f"{DASHBOARD} .kit-page"
VOILA_PICKER = f"{DASHBOARD} .widget-dropdown:has(label:text-is('Article')) select"
VOILA_STDERR = f"{DASHBOARD} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
# What Voilà and the widget manager write where a cell or a widget failed (tracebacks are off by default).
VOILA_FAILURES = re.compile(
    r"Traceback|There was an error when executing cell|Error displaying widget|Model not found|Voilà cannot"
)


@dataclass
class VoilaProblems(BrowserProblems):
    """Like BrowserProblems, but the only noise allowed is Voilà's known noise; any other failed request,
    external or not, is an error."""

    known_noise: list[str] = field(default_factory=list)
    tree: bool = False  # the list of lessons: no kernel behind it, hence its own noise

    def console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "") if message.location else ""
        text = f"console: {message.text} @ {url}"
        local_404 = urlparse(url).hostname in LOCAL_HOSTS and "status of 404" in message.text
        noise = VOILA_FONT_CDN.match(url) and NETWORK_FAILURE.search(message.text)
        if self.tree:
            # The list page has no <link rel=icon> (Chromium asks for /favicon.ico), and it loads the widget
            # manager with no kernel: it asks for /api/kernels and its plugins fail with an empty kernel id.
            noise = noise or (local_404 and urlparse(url).path in ("/favicon.ico", "/api/kernels"))
            noise = noise or bool(VOILA_TREE_WIDGETS.search(message.text))
        (self.known_noise if noise else self.errors).append(text)

    def page_error(self, error: Exception) -> None:
        message, stack = getattr(error, "message", str(error)), getattr(error, "stack", "") or ""
        if PLOTLY_SET_DATA.match(message) and PLOTLY_EXTENSION in stack:
            self.known_noise.append(f"uncaught (jupyterlab-plotly): {message}")
        else:
            self.errors.append(f"uncaught: {message}\n{stack[:600]}")

    def assert_none(self) -> None:
        for noise in sorted({noise.splitlines()[0] for noise in self.known_noise}):
            print(f"ignored known voila noise: {noise}")
        assert not self.errors, "browser console errors:\n" + "\n".join(self.errors)


# --------------------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def chromium() -> str:
    """Path of Debian's chromium; skip where it (or playwright) is missing, unless CI demands the test."""
    path = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
    if path and sync_playwright is not None:
        return path
    fail_or_skip("KIT_REQUIRE_BROWSER", MISSING_BROWSER)


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
    # as `make setup` does (kit/_setup_lab.py): every cell rendered, so plotly never resizes a hidden chart
    tracker = tmp / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps(LAB_OVERRIDES["@jupyterlab/notebook-extension:tracker"]))
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
    _open_and_run_all(page, lab_server, NOTEBOOK)
    return page


def _next_lesson(name: str, after: str):
    """A fixture that opens lesson `name` in a new tab of the same Lab, once `after` has run, and runs it all."""

    @pytest.fixture(scope="module")
    def lesson(request: pytest.FixtureRequest, lab_server: LabServer) -> Page:
        page = request.getfixturevalue(after)
        _open_and_run_all(page, lab_server, name, request.getfixturevalue("browser")[1])
        return page

    lesson.__doc__ = f"{name} opened after the fixture {after} and run with Run All Cells."
    return lesson


notebook01 = _next_lesson(NOTEBOOK_01, "notebook")
notebook02 = _next_lesson(NOTEBOOK_02, "notebook01")
notebook03 = _next_lesson(NOTEBOOK_03, "notebook02")
notebook04 = _next_lesson(NOTEBOOK_04, "notebook03")
notebook05 = _next_lesson(NOTEBOOK_05, "notebook04")


def _open_and_run_all(page: Page, server: LabServer, name: str, problems: BrowserProblems | None = None) -> None:
    # `?reset` opens the lesson alone: earlier lessons' tabs would stay open but hidden, and plotly throws
    # "Resize must be passed a displayed plot div element" when Lab resizes a hidden chart
    since = len(problems.errors) if problems is not None else 0
    with failure_screenshot(page, f"open_and_run_all_{name[:2]}", server):
        page.goto(f"{server.url}/lab/tree/{name}?reset", timeout=SERVER_TIMEOUT_S * 1000)
        page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current", has_text=name[:12]).wait_for(
            timeout=UI_TIMEOUT_MS
        )
        _wait_for_idle_kernel(page)
        if problems is not None:  # the previous lesson's page is gone; what its teardown threw is not this lesson's
            problems.forgive_navigation(since)
        _close_left_sidebar(page)  # a reset workspace opens the file browser again
        page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click(timeout=UI_TIMEOUT_MS)
        page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click(timeout=UI_TIMEOUT_MS)
        _wait_until_all_cells_ran(page)
        _dismiss_toasts(page)


@pytest.fixture()
def problems(browser: tuple[Page, BrowserProblems]) -> BrowserProblems:
    """The JavaScript errors seen since the tab opened; each test ends by asserting there are none."""
    return browser[1]


@pytest.fixture(scope="module")
def voila_server(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    """Voilà as `make present` starts it (same extension denylist), on a throwaway copy of notebooks/."""
    tmp = tmp_path_factory.mktemp("voila")
    root = tmp / "notebooks"
    shutil.copytree(REPO / "notebooks", root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    env = dict(os.environ)
    for variable, folder in [
        ("JUPYTER_CONFIG_DIR", "config"),
        ("JUPYTER_DATA_DIR", "data"),
        ("JUPYTER_RUNTIME_DIR", "runtime"),
        ("IPYTHONDIR", "ipython"),
    ]:
        env[variable] = str(tmp / folder)
    port = _free_port()
    command = [
        str(Path(sys.executable).parent / "voila"),
        str(root),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        *(f"--VoilaConfiguration.extension_denylist={name}" for name in _present_denylist()),
    ]
    server = LabServer(url=f"http://127.0.0.1:{port}", root=root, log_path=tmp / "voila.log")
    with open(server.log_path, "wb") as log:
        process = subprocess.Popen(command, env=env, cwd=tmp, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for_port(process, server)
        yield server
    finally:
        process.terminate()  # SIGTERM: voila shuts its kernels down
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="module")
def voila(browser: tuple[Page, BrowserProblems], voila_server: LabServer) -> Iterator[tuple[Page, VoilaProblems]]:
    """A second tab, in a context of its own in the same Chromium, for the lessons' dashboards.

    The tab first fetches the list of lessons, as a student's browser does: that sets voila's _xsrf cookie,
    without which voila refuses (403) the request that shuts a dashboard's kernel down when the student leaves.
    """
    page, _ = browser
    context = page.context.browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    problems = VoilaProblems()
    tab.on("console", problems.console)
    tab.on("pageerror", problems.page_error)
    expect.set_options(timeout=UI_TIMEOUT_MS)  # a redraw waits for the kernel: give each expect() 10 s, not 5 s
    try:
        listing = tab.request.get(f"{voila_server.url}/", timeout=SERVER_TIMEOUT_S * 1000)
        assert listing.ok and any(cookie["name"] == "_xsrf" for cookie in context.cookies()), listing.status
        yield tab, problems
    finally:
        expect.set_options(timeout=None)  # back to Playwright's default
        context.close()


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


def _disagreements_per_layer() -> dict[str, int]:
    """What lesson 05 computes, in process: passages where the classmates' files and the kit disagree."""
    import pandas as pd

    corpus = kit.load_corpus()
    quotes = kit.quotes(corpus)
    tags = kit.kit_annotations(quotes, kit.loaded_terms(corpus, quotes), article_ids=[HAVANA_TIMES])
    everyone = pd.concat([kit.load_annotations(corpus=corpus), tags], ignore_index=True)
    counts = kit.disagreements(everyone, corpus).groupby("layer").passage_id.nunique().to_dict()
    assert counts["quote"] > 3 and counts["loaded"] > 3, counts  # a real discussion, not an empty view
    return counts


def test_notebook05_annotate_then_compare(notebook05: Page, lab_server: LabServer, problems: BrowserProblems):
    """A student selects words by keyboard-friendly controls, adds a quote, and filters the disagreements."""
    page = notebook05
    panel = NOTEBOOK_PANEL
    with failure_screenshot(page, "notebook05", lab_server):
        _assert_ran_cleanly(page, lab_server, NOTEBOOK_05)
        page.locator(f"{panel} .widget-text:has(label:text-is('Find words')) input").fill("legitimate authority")
        page.locator(f"{panel} .widget-button", has_text=re.compile(r"^Select$")).click(timeout=UI_TIMEOUT_MS)
        expect(page.locator(f"{panel} .kit-selected-text"), "the preview shows exactly the selection").to_have_text(
            "legitimate authority", timeout=UI_TIMEOUT_MS
        )
        page.locator(f"{panel} .widget-dropdown:has(label:text-is('Label')) select").select_option("partial")
        page.locator(f"{panel} .widget-text:has(label:text-is('Speaker')) input").fill("Putin")
        page.locator(f"{panel} .widget-button", has_text=re.compile(r"^Add$")).click(timeout=UI_TIMEOUT_MS)
        expect(
            page.locator(f"{panel} .kit-annotated .kit-annotation[data-label='partial']"), "the new mark on the page"
        ).to_contain_text("PARTIAL · Putin", timeout=UI_TIMEOUT_MS)
        expect(page.locator(f"{panel} .widget-html").filter(has_text="Added quote · partial")).to_have_count(1)
        expected = _disagreements_per_layer()
        rows = page.locator(f"{panel} .kit-disagreements .kit-disagreement")
        expect(rows, "every disagreement among the classmates and the kit").to_have_count(
            sum(expected.values()), timeout=UI_TIMEOUT_MS
        )
        expect(page.locator(f"{panel} .kit-opinion[data-annotator='kit']").first).to_contain_text("kit (one opinion)")
        page.locator(f"{panel} .widget-toggle-button", has_text=re.compile(r"^loaded terms$")).click()
        expect(rows, "only loaded-term disagreements").to_have_count(expected["loaded"], timeout=UI_TIMEOUT_MS)
        page.locator(f"{panel} .widget-toggle-button", has_text=re.compile(r"^quotes$")).click()
        expect(rows, "only quote disagreements").to_have_count(expected["quote"], timeout=UI_TIMEOUT_MS)
        titles = page.locator(f"{panel} .js-plotly-plot .gtitle")
        expect(titles.filter(has_text="Does the kit tag what the students tagged?")).to_have_count(1)
        page.screenshot(path=SCREENSHOTS / "notebook05_annotate.png")
    problems.assert_none()


# ------------------------------------------------------------------------------- presentation mode (Voilà)


def test_voila_lists_every_lesson(voila: tuple[Page, VoilaProblems], voila_server: LabServer):
    """`make present` opens on a list of the lessons; a student picks one there (it opens in a new tab)."""
    tab, _ = voila
    listing = tab.context.new_page()
    problems = VoilaProblems(tree=True)
    listing.on("console", problems.console)
    listing.on("pageerror", problems.page_error)
    try:
        with failure_screenshot(listing, "voila_tree", voila_server):
            listing.goto(f"{voila_server.url}/", timeout=SERVER_TIMEOUT_S * 1000)
            items = listing.locator(".jp-DirListing-item[data-file-type='notebook']")
            expect(items, "one item per lesson").to_have_count(len(LESSONS), timeout=UI_TIMEOUT_MS)
            for name in LESSONS:
                expect(items.filter(has_text=name), f"{name} is listed").to_have_count(1)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            listing.screenshot(path=SCREENSHOTS / "voila_tree.png")
    finally:
        listing.close()
    problems.assert_none()


def test_voila_00_anatomy_dashboard(
    voila: tuple[Page, VoilaProblems], voila_server: LabServer, article_labels: dict[str, str]
):
    tab, problems = voila
    with failure_screenshot(tab, "voila_00", voila_server):
        _open_checked_dashboard(tab, voila_server, NOTEBOOK, [CHART_TITLE])
        kit_page = tab.locator(VOILA_PAGE)
        expect(kit_page, "the first article is shaded").to_have_attribute("data-article-id", FIRST_ARTICLE)
        _screenshot_dashboard(tab, SCREENSHOTS / "voila_00.png")

        tab.locator(VOILA_PICKER).select_option(label=article_labels[HAVANA_TIMES], timeout=UI_TIMEOUT_MS)
        expect(kit_page, "the picker redraws the page").to_have_attribute("data-article-id", HAVANA_TIMES)
        expect(kit_page.locator("span[data-kind='comment']"), "its 8 reader comments").to_have_count(8)
        tab.locator(f"{DASHBOARD} .widget-toggle-button", has_text="Furniture and comments").click()
        expect(kit_page.locator("span[data-kind='body']"), "no body paragraph is left").to_have_count(0)
        expect(kit_page.locator("span[data-kind='comment']"), "the comments stay").to_have_count(8)
        _assert_no_errors_shown(tab, NOTEBOOK)
    problems.assert_none()


def test_voila_00_explorer_works_with_the_keyboard_alone(
    voila: tuple[Page, VoilaProblems], voila_server: LabServer, article_labels: dict[str, str]
):
    """Tab reaches the article picker, an arrow key picks the next article, Tab and Enter change the shade."""
    tab, problems = voila
    with failure_screenshot(tab, "voila_00_keyboard", voila_server):
        _open_dashboard(tab, voila_server, NOTEBOOK)
        kit_page = tab.locator(VOILA_PAGE)
        ids = list(article_labels)
        shown = kit_page.get_attribute("data-article-id", timeout=UI_TIMEOUT_MS)
        step, expected = ("ArrowDown", ids[ids.index(shown) + 1]) if shown != ids[-1] else ("ArrowUp", ids[-2])

        tab.locator("body").evaluate("body => document.activeElement?.blur()")  # start from the top of the page
        picker = tab.get_by_role("combobox", name="Article")  # the <select> is named by its label
        _tab_to(tab, picker)
        tab.keyboard.press(step)
        expect(kit_page, f"{step} picks the next article").to_have_attribute(
            "data-article-id", expected, timeout=UI_TIMEOUT_MS
        )
        article_only = tab.get_by_role("button", name="Article only", exact=True)
        _tab_to(tab, article_only)
        tab.keyboard.press("Enter")
        expect(kit_page.locator("span[data-kind='body']"), "Enter shades the article").not_to_have_count(0)
        expect(kit_page.locator("span[data-kind='boilerplate']"), "and hides the furniture").to_have_count(0)
        _scroll_to_top(tab, f"{DASHBOARD} .widget-dropdown")
        tab.screenshot(path=SCREENSHOTS / "voila_00_keyboard.png")
        _assert_no_errors_shown(tab, NOTEBOOK)
    problems.assert_none()


def test_voila_01_quote_dashboard(
    voila: tuple[Page, VoilaProblems], voila_server: LabServer, article_labels: dict[str, str]
):
    tab, problems = voila
    with failure_screenshot(tab, "voila_01", voila_server):
        _open_checked_dashboard(tab, voila_server, NOTEBOOK_01, ["Whose words fill the article?"])
        _screenshot_dashboard(tab, SCREENSHOTS / "voila_01.png")

        tab.locator(VOILA_PICKER).select_option(label=article_labels["001_631434f860d39638"], timeout=UI_TIMEOUT_MS)
        quotes = tab.locator(f"{VOILA_PAGE} .kit-quote")
        expect(quotes.and_(tab.locator("[data-speaker='Sergei Shoigu']")), "Shoigu's quotes").not_to_have_count(0)
        expect(quotes.filter(has_text=re.compile("^REPORTED")), "reported speech is labelled").not_to_have_count(0)
        tab.locator(f"{DASHBOARD} .widget-toggle-button", has_text=re.compile(r"^direct$")).click()
        expect(tab.locator(f"{VOILA_PAGE} .kit-quote:not([data-kind='direct'])"), "only direct").to_have_count(0)
        expect(quotes, "direct quotes remain").not_to_have_count(0)
        tab.locator(f"{DASHBOARD} .widget-button", has_text="Check my answers").click()
        expect(tab.locator(f"{DASHBOARD} .widget-html", has_text="You agree with the kit on")).to_be_visible()
        _assert_no_errors_shown(tab, NOTEBOOK_01)
    problems.assert_none()


def test_voila_02_loaded_words_dashboard(
    voila: tuple[Page, VoilaProblems], voila_server: LabServer, article_labels: dict[str, str]
):
    tab, problems = voila
    with failure_screenshot(tab, "voila_02", voila_server):
        _open_checked_dashboard(
            tab,
            voila_server,
            NOTEBOOK_02,
            ["How many loaded words", "Which frames does each article use?", "How hard is each article to read?"],
        )
        _screenshot_dashboard(tab, SCREENSHOTS / "voila_02.png")

        tab.locator(VOILA_PICKER).select_option(label=article_labels["003_c7df5b8c4c09125c"], timeout=UI_TIMEOUT_MS)
        labels = tab.locator(f"{VOILA_PAGE} .kit-loaded[data-category='labelling']")
        expect(labels.filter(has_text="regime"), "the original wording").not_to_have_count(0)
        tab.locator(f"{DASHBOARD} .widget-checkbox", has_text="Neutral rewrite").locator("input").check()
        expect(tab.locator(VOILA_PAGE), "the rewrite is on").to_have_attribute("data-rewrite", "on")
        expect(labels.filter(has_text="regime"), "no 'regime' is left").to_have_count(0)
        expect(labels.filter(has_text="government"), "'regime' reads 'government'").not_to_have_count(0)
        _assert_no_errors_shown(tab, NOTEBOOK_02)
    problems.assert_none()


def test_voila_03_comment_thread_dashboard(voila: tuple[Page, VoilaProblems], voila_server: LabServer):
    tab, problems = voila
    with failure_screenshot(tab, "voila_03", voila_server):
        _open_checked_dashboard(
            tab,
            voila_server,
            NOTEBOOK_03,
            ["Does the thread drift away from the article?", "Who are the comments about?"],
        )
        thread = tab.locator(f"{DASHBOARD} .kit-thread .kit-comment")
        expect(thread, "the 8 comments are listed").to_have_count(8)
        _screenshot_dashboard(tab, SCREENSHOTS / "voila_03.png")

        tab.locator(f"{DASHBOARD} .widget-slider .noUi-handle").first.focus()
        for _ in range(10):  # 10 steps of 0.05: comments at least 0.50 uncivil
            tab.keyboard.press("ArrowRight")
        expect(tab.locator(f"{DASHBOARD} .widget-readout").first, "the slider reads 0.50").to_have_text("0.50")
        tab.wait_for_function(
            """() => {
                const items = [...document.querySelectorAll('#rendered_cells .kit-comment')];
                return items.length > 0 && items.length < 8
                    && items.every(item => Number(item.dataset.incivility) >= 0.5);
            }""",
            timeout=UI_TIMEOUT_MS,
        )
        expect(tab.locator(f"{DASHBOARD} .widget-html", has_text="of 8 comments shown")).not_to_contain_text("8 of 8")
        _assert_no_errors_shown(tab, NOTEBOOK_03)
    problems.assert_none()


def test_voila_04_cross_outlet_dashboard(voila: tuple[Page, VoilaProblems], voila_server: LabServer):
    tab, problems = voila
    with failure_screenshot(tab, "voila_04", voila_server):
        _open_checked_dashboard(tab, voila_server, NOTEBOOK_04, ["Which words set"])
        columns = tab.locator(f"{DASHBOARD} .kit-side-by-side .kit-page")
        expect(columns, "two articles side by side").to_have_count(2)
        _screenshot_dashboard(tab, SCREENSHOTS / "voila_04.png")

        pair = tab.locator(f"{DASHBOARD} .widget-dropdown:has(label:text-is('Pair')) select")
        pair.select_option(index=1, timeout=UI_TIMEOUT_MS)  # the two reports of the same meeting
        expect(tab.locator(f"{DASHBOARD} .kit-side-by-side"), "the meeting's reports").to_contain_text("Putin")
        outlet_b = tab.locator(f"{DASHBOARD} .widget-dropdown:has(label:text-is('Outlet B')) select")
        outlet_b.select_option(label="Havana Times", timeout=UI_TIMEOUT_MS)
        expect(
            tab.locator(f"{DASHBOARD} .js-plotly-plot .gtitle").filter(has_text="apart from Havana Times"),
            "the scatter follows the outlets",
        ).to_have_count(1)
        _assert_no_errors_shown(tab, NOTEBOOK_04)
    problems.assert_none()


@pytest.mark.parametrize(
    "name", OTHER_LESSONS or [pytest.param(None, marks=pytest.mark.skip(reason="no lesson beyond 04 yet"))]
)
def test_voila_other_lessons_render_without_code_or_errors(
    name: str, voila: tuple[Page, VoilaProblems], voila_server: LabServer
):
    """A lesson without a test of its own still has to work as a dashboard: no code, no error, titled charts."""
    tab, problems = voila
    with failure_screenshot(tab, f"voila_{name[:2]}", voila_server):
        _open_checked_dashboard(tab, voila_server, name, [])
        _screenshot_dashboard(tab, SCREENSHOTS / f"voila_{name[:2]}.png")
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
        error.add_note(f"server log (last lines):\n{server.log_tail()}")
        raise


def _present_denylist() -> list[str]:
    """The Lab extensions `make present` keeps out of Voilà (the Makefile's VOILA_DENY), so the test serves the
    lessons exactly as the class sees them."""
    found = re.search(r"^VOILA_DENY\s*:?=(.*)$", (REPO / "Makefile").read_text(), re.M)
    assert found, "the Makefile no longer sets VOILA_DENY for `make present`"
    return found[1].split()


def _wait_for_port(process: subprocess.Popen, server: LabServer) -> None:
    """Poll Voilà's TCP port until it accepts a connection (a GET would hang: voila streams the page as it runs
    the notebook); fail at once, with its log, if it exits or never listens."""
    port = urlparse(server.url).port
    deadline = time.monotonic() + SERVER_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"Voilà exited with code {process.returncode}; its log:\n{server.log_tail(40)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"Voilà did not listen on {server.url} in {SERVER_TIMEOUT_S} s; its log:\n{server.log_tail(40)}")


def _open_checked_dashboard(tab: Page, server: LabServer, name: str, chart_titles: list[str]) -> None:
    """Open lesson `name` in Voilà and check it shows no code and no error, and draws the charts titled so."""
    _open_dashboard(tab, server, name)
    _assert_dashboard_shows_no_code_and_no_errors(tab, name)
    _assert_charts_drawn(tab, chart_titles)


def _open_dashboard(tab: Page, server: LabServer, name: str) -> None:
    """Show lesson `name` as a dashboard (once: a test of the same lesson after it reuses the page).

    The page finishes loading only after Voilà has run every cell; then its spinner goes, the cells show, and
    the widget manager draws the widgets.
    """
    url = f"{server.url}/voila/render/{name}"
    if tab.url == url:
        return
    tab.goto(url, timeout=DASHBOARD_TIMEOUT_S * 1000)
    tab.locator("#loading").wait_for(state="detached", timeout=UI_TIMEOUT_MS)
    tab.locator(DASHBOARD).wait_for(state="visible", timeout=UI_TIMEOUT_MS)
    _assert_no_errors_shown(tab, name)  # before waiting for widgets that a failed cell would never draw
    if _has_widgets(name):  # one that cannot be drawn says "Error displaying widget" (each test checks at its end)
        expect(tab.locator(f"{DASHBOARD} .jupyter-widgets.widget-vbox").first, "the widgets are drawn").to_be_visible(
            timeout=UI_TIMEOUT_MS
        )


def _has_widgets(name: str) -> bool:
    """Whether the lesson calls one of the kit's widget factories."""
    cells = json.loads((REPO / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
    return bool(re.search(r"kit\.(\w+_explorer|\w+_quiz|comment_thread|side_by_side|annotator)\(", code))


def _code_lines(name: str) -> list[str]:
    """Lines of the lesson's code that must not show in the dashboard: imports and assignments."""
    cells = json.loads((REPO / "notebooks" / name).read_text(encoding="utf-8"))["cells"]
    lines = [
        line.strip() for cell in cells if cell["cell_type"] == "code" for line in "".join(cell["source"]).split("\n")
    ]
    return [line for line in lines if line.startswith(("import ", "from ")) or re.match(r"^\w+ = \S", line)]


def _assert_dashboard_shows_no_code_and_no_errors(tab: Page, name: str) -> None:
    """No code cell input, no line of the lesson's code, no prompt numbers, and no error anywhere."""
    expect(
        tab.locator(f"{DASHBOARD} .jp-CodeCell .jp-InputArea, {DASHBOARD} .jp-InputPrompt, {DASHBOARD} .cm-editor"),
        "no code cell input is shown",
    ).to_have_count(0)
    expect(tab.locator(f"{DASHBOARD} .jp-CodeCell"), "the code cells' outputs are there").not_to_have_count(0)
    shown = tab.locator(DASHBOARD).inner_text()
    code = _code_lines(name)
    assert code, f"{name} has no import or assignment to look for"
    leaked = [line for line in code if line in shown]
    assert not leaked, f"{name} shows its code: {leaked}"
    _assert_no_errors_shown(tab, name)


def _assert_no_errors_shown(tab: Page, name: str) -> None:
    """No traceback, failed cell or failed widget on the page; warnings are printed (allowed, worth a look)."""
    shown = tab.locator(DASHBOARD).inner_text()
    failures = VOILA_FAILURES.findall(shown)
    assert not failures, f"the {name} dashboard shows an error ({failures}):\n{shown[-2000:]}"
    for text in tab.locator(VOILA_STDERR).all_text_contents():
        assert not ("Traceback" in text or ERROR_LINE.search(text)), f"{name} shows an error:\n{text}"
        print(f"stderr in the {name} dashboard (allowed, but students see it): {text[:300]}")


def _assert_charts_drawn(tab: Page, titles: list[str]) -> None:
    """Every plotly output of the dashboard is drawn with a title, and the given titles are among them."""
    title_texts = tab.locator(f"{DASHBOARD} .js-plotly-plot .gtitle")
    for title in titles:
        expect(title_texts.filter(has_text=title), f"the chart '{title}' is drawn").to_have_count(
            1, timeout=UI_TIMEOUT_MS
        )
    outputs = tab.locator(f"{DASHBOARD} [data-mime-type='application/vnd.plotly.v1+json']")
    for index in range(outputs.count()):
        expect(outputs.nth(index).locator(".main-svg").first, f"chart {index + 1} is drawn").to_be_attached(
            timeout=UI_TIMEOUT_MS
        )
        # an SVG <text> has no innerText, so this compares textContent
        expect(outputs.nth(index).locator(".gtitle"), f"chart {index + 1} has a title").not_to_have_text(
            "", timeout=UI_TIMEOUT_MS
        )


def _tab_to(tab: Page, target, presses: int = 40) -> None:
    """Press Tab until `target` has the keyboard focus (fails if it never does: it is not keyboard-reachable)."""
    for _ in range(presses):
        tab.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{presses} presses of Tab never reached {target}")


def _screenshot_dashboard(tab: Page, path: Path) -> None:
    """Screenshot the whole dashboard: Voilà scrolls inside #rendered_cells, so the viewport is stretched to its
    height for the shot, then restored."""
    height = tab.locator(DASHBOARD).evaluate("cells => { cells.scrollTop = 0; return cells.scrollHeight; }")
    tab.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height), 16_000)})
    try:
        tab.mouse.move(VIEWPORT["width"] - 30, 10)  # no hover highlight in the picture
        tab.wait_for_timeout(500)  # plotly redraws for the new size
        path.parent.mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=path)
    finally:
        tab.set_viewport_size(VIEWPORT)
