"""What a reader sees at desktop (1280x900) and phone (390x844) widths.

Each page is screenshotted into tests/artifacts/screenshots/ (look at them), and checked for
what a reader relies on at that width: the title is visible, the page does not scroll
sideways, and on a phone the navigation sits behind the menu button.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

PAGES = [
    ("home", "index.html"),
    ("principle-7", "principles/principle-7.html"),
    ("agency-unhcr", "agencies/unhcr.html"),
    ("matrix", "overviews/matrix.html"),
]
WIDTHS = ["desktop", "phone"]


@pytest.fixture(scope="module", params=WIDTHS)
def sized_page(request: pytest.FixtureRequest, browser: Any, ui: Any) -> Any:
    viewport = ui.DESKTOP if request.param == "desktop" else ui.PHONE
    ctx = ui.new_context(browser, viewport=viewport)
    page = ctx.new_page()
    page.width_name = request.param
    yield page
    ctx.close()


def _no_sideways_scroll(page: Any) -> None:
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, (
        f"the page scrolls sideways by {overflow}px at width {page.viewport_size['width']}; "
        "widest elements: " + str(page.evaluate("""() => [...document.querySelectorAll(
            'article *')].filter(e => e.getBoundingClientRect().right >
            document.documentElement.clientWidth + 1).slice(0, 5).map(e =>
            e.tagName.toLowerCase() + '.' + [...e.classList].join('.'))"""))
    )


@pytest.mark.parametrize(("name", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_page(sized_page: Any, server: Any, ui: Any, screenshots: Path, *, name: str,
              path: str) -> None:
    page = sized_page
    if not (server.root / path).is_file():
        pytest.skip(f"{path} is not in the built site (the overview pages may not exist yet)")
    page.goto(server.url(path))
    page.wait_for_load_state("networkidle")
    ui.save_screenshot(page, screenshots, f"{page.width_name}-{name}")
    h1 = page.locator("article h1").first
    assert h1.is_visible(), f"{path}: no visible h1 at {page.width_name} width"
    box = h1.bounding_box()
    assert box, f"{path}: the title is not laid out"
    assert box["y"] < page.viewport_size["height"], f"{path}: the title is off screen"
    _no_sideways_scroll(page)
    drawer = page.locator('label.md-header__button[for="__drawer"]')
    sidebar = page.locator(".md-sidebar--primary")
    if page.width_name == "phone":
        assert drawer.is_visible(), "no menu button on a phone"
        # The navigation is off screen until the menu is opened.
        assert sidebar.bounding_box()["x"] < 0 or not sidebar.is_visible()
    else:
        assert sidebar.is_visible(), "no navigation sidebar on a desktop"


def test_search_result(sized_page: Any, server: Any, ui: Any, screenshots: Path) -> None:
    page = sized_page
    page.goto(server.url("index.html"))
    meta, results = ui.search(page, "UNHCR")
    ui.save_screenshot(page, screenshots, f"{page.width_name}-search-unhcr")
    assert results, meta
    first = page.locator(".md-search-result__item > a.md-search-result__link").first
    assert first.is_visible()
    box = first.bounding_box()
    assert box["x"] >= 0, box
    assert box["x"] + box["width"] <= page.viewport_size["width"] + 1, box
    _no_sideways_scroll(page)
