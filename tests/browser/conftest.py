"""Readers in a real browser: the built site, served locally, driven through Chromium.

Playwright's Python package drives the Chromium that ``scripts/ensure-browser-deps.sh``
installs, chosen the same way (``chromium_executable`` below): ``HANDBOOK_CHROMIUM`` if set;
on Ubuntu (GitHub's hosted runners) Playwright's own Chromium, since Ubuntu's ``chromium``
package is a snap that does not run there; elsewhere Debian's Chromium (``/usr/bin/chromium``),
and Playwright's own only when that is absent. axe-core comes from ``node_modules/``
(``npm ci``). The site is built once per session into a temporary
folder; screenshots go to ``tests/artifacts/screenshots/`` (gitignored).

Run only these tests with ``pytest tests/browser``; skip them with ``pytest -m "not browser"``.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from realsite import RealSite

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DEBIAN_CHROMIUM = "/usr/bin/chromium"


def _os_ids() -> set[str]:
    """ID and ID_LIKE of /etc/os-release (``{"ubuntu", "debian"}`` on Ubuntu);
    ``HANDBOOK_OS_RELEASE`` names another file, as for the scripts (for tests)."""
    release = Path(os.environ.get("HANDBOOK_OS_RELEASE") or "/etc/os-release")
    ids: set[str] = set()
    try:
        text = release.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ids
    for line in text.splitlines():
        key, _, value = line.partition("=")
        if key in ("ID", "ID_LIKE"):
            ids.update(value.strip().strip("\"'").split())
    return ids


def chromium_executable() -> str | None:
    """The Chromium the tests launch; None means Playwright's own (``playwright install``).

    On Ubuntu ``/usr/bin/chromium`` is either the snap wrapper or, on GitHub's hosted runners,
    a link to a Chromium snapshot of the image's own choosing: Playwright's own is used there,
    as ``scripts/ensure-browser-deps.sh`` installs it."""
    chosen = os.environ.get("HANDBOOK_CHROMIUM")
    if chosen:
        return chosen
    if "ubuntu" in _os_ids():
        return None
    if Path(DEBIAN_CHROMIUM).is_file() and os.access(DEBIAN_CHROMIUM, os.X_OK):
        return DEBIAN_CHROMIUM
    return None


CHROMIUM = chromium_executable()
LAUNCH_ARGS = [
    "--no-sandbox",  # Playwright's own default too; here we run as root in a container
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 20_000

# What the first search result of a query is read from, as one snapshot so the polling below
# compares whole states: the status line and the first links with their titles.
_SNAPSHOT_JS = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const links = [...document.querySelectorAll(
      '.md-search-result__item > a.md-search-result__link')].slice(0, 5);
  return [meta ? meta.textContent.trim() : '',
          links.map(a => [a.href, (a.querySelector('h1, h2') || a).textContent.trim()])];
}"""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives Chromium through Playwright (tests/browser/)"
    )


def pytest_report_header(config: pytest.Config) -> str:
    return f"browser tests: Chromium {CHROMIUM or 'of Playwright (playwright install)'}"


# ---------------------------------------------------------------------------------------
# The built site and a local server for it


@pytest.fixture(scope="session")
def built_site(real_handbook: RealSite) -> Path:
    """The real handbook, built once per session with the repository's mkdocs.yml."""
    return real_handbook.site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the stdlib name)
        pass


@dataclass(frozen=True)
class Server:
    base: str  # http://127.0.0.1:PORT/
    root: Path

    def url(self, path: str = "index.html") -> str:
        return self.base + path

    def path_of(self, url: str) -> str:
        """The site-relative path of a URL on this server, without query or fragment."""
        assert url.startswith(self.base), f"{url} is not on the local server {self.base}"
        return unquote(urlsplit(url).path).lstrip("/")


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[Server]:
    """``python -m http.server``'s handler on 127.0.0.1 at a random free port."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}/", built_site)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


# ---------------------------------------------------------------------------------------
# The browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Chromium (``chromium_executable``), headless. Playwright gives each launch a fresh
    temporary profile (user-data dir), removed when the browser closes."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - depends on the environment
        pytest.fail(
            "the Python package 'playwright' is missing: pip install -e '.[test]'",
            pytrace=False,
        )
    if CHROMIUM is not None and not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run scripts/ensure-browser-deps.sh "
            "(Debian package 'chromium'), or set HANDBOOK_CHROMIUM",
            pytrace=False,
        )
    pw = sync_playwright().start()
    try:
        failure = ""
        try:
            b = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        except PlaywrightError as exc:
            if CHROMIUM is not None:
                raise
            failure = str(exc).splitlines()[0]
        if failure:
            pytest.fail(
                "Playwright's own Chromium does not start (used on Ubuntu, or where "
                f"{DEBIAN_CHROMIUM} is absent): run scripts/ensure-browser-deps.sh, which "
                "installs it on Ubuntu and Debian's package 'chromium' on Debian, or set "
                f"HANDBOOK_CHROMIUM\n{failure}",
                pytrace=False,
            )
        try:
            yield b
        finally:
            b.close()
    finally:
        pw.stop()


def new_context(browser: Any, viewport: dict[str, int] = DESKTOP, **kwargs: Any) -> Any:
    kwargs.setdefault("color_scheme", "light")
    kwargs.setdefault("reduced_motion", "reduce")
    if viewport == PHONE:
        kwargs.setdefault("is_mobile", True)
        kwargs.setdefault("has_touch", True)
        kwargs.setdefault("device_scale_factor", 2)
    ctx = browser.new_context(viewport=viewport, **kwargs)
    ctx.set_default_timeout(TIMEOUT_MS)
    return ctx


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = new_context(browser)
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(
            f"{AXE_JS.relative_to(ROOT)} is missing: run `npm ci` at the repository root",
            pytrace=False,
        )
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# ---------------------------------------------------------------------------------------
# Search through the user interface


def wait_search_ready(page: Any) -> None:
    """Material's search worker has loaded the index ("Initializing search" is gone)."""
    page.wait_for_function(
        """() => { const m = document.querySelector('.md-search-result__meta');
                   return m && m.textContent.trim() !== '' &&
                          !/Initializing/i.test(m.textContent); }"""
    )


def open_search(page: Any, key: str = "/") -> None:
    """Open search the way a reader does: the keyboard shortcut on a wide screen, the
    magnifier button in the header on a narrow one."""
    button = page.locator('label.md-header__button[for="__search"]')
    if button.is_visible():
        button.click()
    else:
        page.locator("body").focus()
        page.keyboard.press(key)
    page.locator("input.md-search__input").wait_for(state="visible")
    page.wait_for_function("document.activeElement.matches('input.md-search__input')")


def settled_results(page: Any, quiet_polls: int = 4, interval: float = 0.1) -> list[Any]:
    """Poll the result list until it has stopped changing (Material re-renders as the query
    grows, and renders long lists in steps)."""
    last: Any = None
    stable = 0
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while stable < quiet_polls:
        if time.monotonic() > deadline:
            break
        time.sleep(interval)
        cur = page.evaluate(_SNAPSHOT_JS)
        stable = stable + 1 if cur == last and cur[0] else 0
        last = cur
    return last


def search(page: Any, query: str) -> tuple[str, list[tuple[str, str]]]:
    """Type ``query`` into the search box and return (status line, [(href, title), ...]).

    Search is opened first: from file:// Material loads the index only then."""
    open_search(page)
    wait_search_ready(page)
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(query, delay=15)
    meta, links = settled_results(page)
    return meta, [(href, title) for href, title in links]


def save_screenshot(page: Any, directory: Path, name: str, **kwargs: Any) -> Path:
    path = directory / f"{name}.png"
    page.screenshot(path=str(path), animations="disabled", **kwargs)
    return path


class UI:
    """The helpers above, handed to tests as the ``ui`` fixture."""

    CHROMIUM = CHROMIUM
    LAUNCH_ARGS = LAUNCH_ARGS
    DESKTOP = DESKTOP
    PHONE = PHONE
    ROOT = ROOT
    new_context = staticmethod(new_context)
    open_search = staticmethod(open_search)
    save_screenshot = staticmethod(save_screenshot)
    search = staticmethod(search)
    settled_results = staticmethod(settled_results)
    wait_search_ready = staticmethod(wait_search_ready)


@pytest.fixture(scope="session")
def ui() -> type[UI]:
    return UI
