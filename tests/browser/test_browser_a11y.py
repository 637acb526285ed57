"""Accessibility: axe-core on every built page, search by keyboard alone, both colour
palettes, and Arabic shown right to left.

axe-core (node_modules/axe-core/axe.min.js, from `npm ci`) is injected into each page; a
violation of impact "serious" or "critical" fails. The full list of violations, minor and
moderate included, is written to tests/artifacts/axe-report.json for whoever fixes them.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

FAILING_IMPACTS = {"serious", "critical"}
REPORT = Path(__file__).resolve().parents[1] / "artifacts" / "axe-report.json"
CONCURRENCY = 2  # pages checked at once, one per core

RUN_AXE = """async (context) => {
  const r = await axe.run(context || document, {resultTypes: ['violations']});
  return r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                              summary: (n.failureSummary || '').slice(0, 300)}))
  }));
}"""


def all_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def axe_context(path: str) -> Any:
    """Every page is checked whole, except that the site navigation in the left sidebar
    (the same template on every page) is checked on the home page and the section index
    pages only: it holds a third of each page's elements and would double the run time."""
    if path == "404.html" or path.endswith("index.html"):
        return None
    return {"exclude": [[".md-sidebar--primary"]]}


def run_axe_everywhere(base: str, pages: list[str], axe_source: str, *, chromium: str,
                       launch_args: list[str], color_scheme: str = "light") -> dict[str, Any]:
    """axe on every page through Playwright's async API (in its own thread and event loop,
    apart from the session's sync browser): one browser context, CONCURRENCY pages at a
    time. axe.min.js is served under the site's origin so Chromium compiles it once."""
    import asyncio

    from playwright.async_api import async_playwright

    results: dict[str, Any] = {}

    async def main() -> None:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=chromium, args=launch_args, headless=True)
            ctx = await browser.new_context(viewport={"width": 1280, "height": 900},
                                            reduced_motion="reduce",
                                            color_scheme=color_scheme)
            ctx.set_default_timeout(30_000)
            # The search index is not needed to check a page, and loading it on each of
            # the ~150 pages is most of a page load.
            await ctx.route("**/search/search_index.*", lambda route: route.abort())
            await ctx.route("**/__axe__/axe.min.js", lambda route: route.fulfill(
                body=axe_source, content_type="text/javascript",
                headers={"Cache-Control": "max-age=3600"}))
            queue = list(pages)

            async def worker() -> None:
                page = await ctx.new_page()
                while queue:
                    path = queue.pop(0)
                    await page.goto(base + path, wait_until="load")
                    await page.add_script_tag(url=base + "__axe__/axe.min.js")
                    results[path] = await page.evaluate(RUN_AXE, axe_context(path))

            try:
                await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
            finally:
                await browser.close()

    errors: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(main())
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)

    thread = threading.Thread(target=run, name="axe")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return results


def test_axe_every_page(server: Any, ui: Any, axe_source: str) -> None:
    pages = all_pages(server.root)
    assert len(pages) > 100, f"only {len(pages)} pages were built"
    start = time.monotonic()
    results = run_axe_everywhere(server.base, pages, axe_source, chromium=ui.CHROMIUM,
                                 launch_args=ui.LAUNCH_ARGS)
    elapsed = time.monotonic() - start
    assert sorted(results) == pages, "axe did not run on every page"
    report = {path: v for path, v in results.items() if v}
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")

    failing = summarize(results)
    assert not failing, (
        f"axe-core found serious/critical violations on {len(pages)} pages "
        f"({elapsed:.0f}s; full report in {REPORT}):\n" + "\n".join(failing)
    )


def summarize(results: dict[str, Any]) -> list[str]:
    """One line per failing rule: impact, help, how many pages, the first node."""
    by_rule: dict[str, dict[str, Any]] = {}
    pages_of: dict[str, set[str]] = defaultdict(set)
    for path, violations in results.items():
        for v in violations:
            by_rule.setdefault(v["id"], v)
            pages_of[v["id"]].add(path)
    lines = []
    for rule, v in sorted(by_rule.items()):
        if v["impact"] not in FAILING_IMPACTS:
            continue
        where = sorted(pages_of[rule])
        node = v["nodes"][0]
        lines.append(
            f"- {rule} ({v['impact']}): {v['help']} — {len(where)} page(s), e.g. "
            f"{', '.join(where[:4])}\n    first node: {node['target']}\n    {node['html']}\n"
            f"    {node['summary']}"
        )
    return lines


DARK_SAMPLE = [
    "index.html",
    "principles/principle-7.html",
    "agencies/unicef.html",
    "documents/a-63-215.html",
    "documents/stmt-2008-uae.html",
    "bibliography.html",
    "editors/index.html",
    "overviews/matrix.html",
]


def test_axe_dark_palette_sample(server: Any, ui: Any, axe_source: str) -> None:
    """The dark palette (slate) on a sample of page kinds: its colours differ, so contrast is
    checked again."""
    pages = [p for p in DARK_SAMPLE if (server.root / p).is_file()]
    results = run_axe_everywhere(server.base, pages, axe_source, chromium=ui.CHROMIUM,
                                 launch_args=ui.LAUNCH_ARGS,
                                 color_scheme="dark")
    failing = summarize(results)
    assert not failing, "axe-core, dark palette:\n" + "\n".join(failing)


@pytest.mark.parametrize("key", ["/", "s"])
def test_search_by_keyboard_alone(browser: Any, server: Any, ui: Any, key: str) -> None:
    """A reader without a mouse: a shortcut focuses search, they type, ArrowDown walks into
    the results and Enter opens one."""
    ctx = ui.new_context(browser)
    try:
        page = ctx.new_page()
        page.goto(server.url("principles/principle-7.html"))
        ui.wait_search_ready(page)
        page.keyboard.press(key)
        assert page.evaluate("document.activeElement.matches('input.md-search__input')"), (
            f"pressing {key!r} did not focus the search box"
        )
        page.keyboard.type("UNHCR", delay=20)
        _, results = ui.settled_results(page)
        assert results, "typing into the focused search box showed no result"
        page.keyboard.press("ArrowDown")
        focused = page.evaluate("document.activeElement.href || ''")
        assert focused == results[0][0], (
            f"ArrowDown should focus the first result {results[0][0]}, focus is on "
            f"{page.evaluate('document.activeElement.outerHTML.slice(0, 120)')}"
        )
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert server.path_of(page.url) == server.path_of(focused)
        assert page.locator("article h1").first.is_visible()
    finally:
        ctx.close()


def _luminance(rgb: str) -> float:
    r, g, b = (int(x) for x in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_light_and_dark_palettes(browser: Any, server: Any, ui: Any, screenshots: Path) -> None:
    ctx = ui.new_context(browser, color_scheme="light")
    try:
        page = ctx.new_page()
        page.goto(server.url("principles/principle-7.html"))
        body = page.locator("body")
        assert body.get_attribute("data-md-color-scheme") == "default"
        light_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        light_fg = page.evaluate(
            "getComputedStyle(document.querySelector('article')).color")
        ui.save_screenshot(page, screenshots, "palette-light-principle-7")

        page.locator('label[title="Switch to dark mode"]').click()
        page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        dark_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        dark_fg = page.evaluate(
            "getComputedStyle(document.querySelector('article')).color")
        ui.save_screenshot(page, screenshots, "palette-dark-principle-7")
        assert _luminance(light_bg) > 200, light_bg
        assert _luminance(dark_bg) < 60, dark_bg
        assert _luminance(light_fg) < 100, light_fg
        assert _luminance(dark_fg) > 150, dark_fg

        # The choice sticks on the next page, and toggles back.
        page.goto(server.url("agencies/unhcr.html"))
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        page.locator('label[title="Switch to light mode"]').click()
        page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    finally:
        ctx.close()


def test_dark_palette_follows_the_system(browser: Any, server: Any, ui: Any) -> None:
    ctx = ui.new_context(browser, color_scheme="dark")
    try:
        page = ctx.new_page()
        page.goto(server.url("index.html"))
        assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    finally:
        ctx.close()


def test_arabic_runs_right_to_left(browser: Any, server: Any, ui: Any,
                                   screenshots: Path) -> None:
    ctx = ui.new_context(browser)
    try:
        page = ctx.new_page()
        page.goto(server.url("documents/stmt-2008-uae.html"))
        spans = page.locator('span[lang="ar"]')
        assert spans.count() >= 1, "no <span lang=\"ar\"> on the UAE statement's page"
        first = spans.first
        assert first.get_attribute("dir") == "rtl"
        assert first.evaluate("e => getComputedStyle(e).direction") == "rtl"
        text = first.inner_text()
        assert re.search(r"[\u0600-\u06FF]", text), f"no Arabic letters in {text!r}"
        box = first.bounding_box()
        assert box, "the Arabic text is not laid out"
        assert box["width"] > 10, f"the Arabic text is not laid out: {box}"
        first.scroll_into_view_if_needed()
        ui.save_screenshot(page, screenshots, "rtl-arabic-uae")
    finally:
        ctx.close()
