"""Readers find their way (issue 17): the tabs, the order of the navigation, the overviews
at phone and desktop widths (axe-core, target size included, and no sideways scroll), the
timeline's filters with and without JavaScript, the matrix's marks and the related pages.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from handbook.core.kinds import PARTS

OVERVIEWS = [
    "index.html",
    "overviews/matrix.html",
    "overviews/themes.html",
    "overviews/timeline.html",
    "glossary.html",
]
WIDTHS = ["desktop", "phone"]

RUN_AXE = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations'],
                                     rules: {'target-size': {enabled: true}}});
  return r.violations.filter(v => ['serious', 'critical'].includes(v.impact)).map(v =>
    v.id + ' (' + v.nodes.length + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' '))
      .join(', '));
}"""


@pytest.fixture(scope="module", params=WIDTHS)
def sized(request: pytest.FixtureRequest, browser: Any, ui: Any) -> Any:
    viewport = ui.DESKTOP if request.param == "desktop" else ui.PHONE
    ctx = ui.new_context(browser, viewport=viewport)
    page = ctx.new_page()
    yield page
    ctx.close()


def _sidebar_labels(page: Any) -> list[str]:
    """The links a reader sees in the left sidebar at desktop width (Material keeps the whole
    navigation in it for the phone's drawer, and hides the other tabs' sections)."""
    return [
        " ".join(t.split())
        for t in page.locator(".md-sidebar--primary .md-nav__link:visible").all_inner_texts()
    ]


def test_the_tabs_are_the_parts_of_the_handbook(page: Any, server: Any) -> None:
    page.goto(server.url("agencies/unhcr.html"))
    tabs = [" ".join(t.split()) for t in page.locator(".md-tabs__link").all_inner_texts()]
    assert tabs == ["Home", *(p.title for p in PARTS), "Editors' guide"]
    active = page.locator(".md-tabs__item--active .md-tabs__link").inner_text().strip()
    assert active == "Who acts"


def test_the_readers_sidebar_leads_with_acronyms_and_has_no_editors_guide(
    page: Any, server: Any
) -> None:
    page.goto(server.url("agencies/unhcr.html"))
    labels = _sidebar_labels(page)
    assert "UNHCR — Office of the United Nations High Commissioner for Refugees" in labels
    assert not any("editor" in label.lower() for label in labels), labels
    links = page.locator(".md-sidebar--primary a.md-nav__link:visible")
    hrefs = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
    assert not any("editors/" in h for h in hrefs)
    agencies = [label for label in labels if " — " in label or label == "The World Bank"]
    # "The World Bank" sorts under W: after WHO, last of the agencies
    assert agencies.index("The World Bank") > agencies.index("WHO — World Health Organization")
    assert labels.index("IOM — International Organization for Migration") < labels.index(
        "UNICEF — United Nations Children's Fund"
    )


@pytest.mark.parametrize(
    ("path", "word", "expected"),
    [
        # the principles under "Protection and assistance" (the others are pruned)
        ("principles/principle-10.html", "Principle", list(range(7, 12))),
        ("guidelines/guideline-1.html", "Guideline", list(range(1, 12))),
    ],
)
def test_numbers_are_in_numeric_order(page: Any, server: Any, path: str, word: str,
                                      expected: list[int]) -> None:
    page.goto(server.url(path))
    numbers = [
        int(m.group(1))
        for label in _sidebar_labels(page)
        if (m := re.match(rf"{word} (\d+):", label))
    ]
    assert numbers == expected


def test_the_editors_guide_is_not_indexed_for_search(server: Any) -> None:
    guide = sorted((server.root / "editors").glob("*.html"))
    assert guide
    for path in guide:
        assert "data-pagefind-body" not in path.read_text(encoding="utf-8"), path.name
    assert "data-pagefind-body" in (server.root / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", OVERVIEWS)
def test_overviews_pass_axe_and_fit_a_phone(sized: Any, server: Any, axe_source: str,
                                            path: str) -> None:
    page = sized
    page.goto(server.url(path))
    page.add_script_tag(content=axe_source)
    failing = page.evaluate(RUN_AXE)
    width = page.viewport_size["width"]
    assert failing == [], f"{path} at {width} px: {failing}"
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{path} scrolls sideways by {overflow} px at {width} px"


def test_the_matrix_scrolls_in_its_own_box_and_its_marks_are_24_px(
    browser: Any, server: Any, ui: Any
) -> None:
    ctx = ui.new_context(browser, viewport=ui.PHONE)
    try:
        page = ctx.new_page()
        page.goto(server.url("overviews/matrix.html"))
        box = page.locator(".hb-matrix").first
        assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # 28 columns do not fit
        sizes = page.eval_on_selector_all(
            "a.hb-mx-link", "els => els.map(e => [e.offsetWidth, e.offsetHeight])"
        )
        assert len(sizes) > 50
        assert min(min(w, h) for w, h in sizes) >= 24
    finally:
        ctx.close()


def test_a_matrix_mark_opens_the_sentence_that_names(page: Any, server: Any) -> None:
    page.goto(server.url("overviews/matrix.html"))
    headers = page.locator("table.hb-mx thead th[scope=colgroup]").all_inner_texts()
    assert headers[:2] == ["Principles", "Guidelines"]
    mark = page.locator("a.hb-mx-link[href*='#hb-to-']").first
    hover = mark.get_attribute("title") or ""
    assert re.search(r"names .+: “.{20,}”", hover), hover
    href = mark.get_attribute("href") or ""
    target = href.rsplit("#", 1)[1]
    mark.click()
    page.wait_for_load_state()
    assert page.url.endswith("#" + target)
    link = page.locator(f"[id='{target}']")
    assert link.count() == 1
    assert link.evaluate("e => e.tagName") == "A"


def test_the_timeline_filters_without_javascript(browser: Any, server: Any, ui: Any) -> None:
    ctx = ui.new_context(browser, java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(server.url("overviews/timeline.html"))
        items = page.locator("li.hb-tl-item")
        total = items.count()
        assert total > 20
        assert all(items.nth(i).is_visible() for i in range(0, total, 7))  # reads as it is
        events = page.locator("li.hb-tl-event").count()
        assert 0 < events < total
        page.locator("a.hb-tl-pick[href='#tl-only-event']").click()
        visible = page.locator("li.hb-tl-item:visible")
        assert visible.count() == events
        assert page.locator("li.hb-tl-instrument:visible").count() == 0
        page.locator("a.hb-tl-pick[href='#tl-2000s']").click()
        decades = page.locator("details.hb-tl-decade:visible")
        assert decades.count() == 1
        assert decades.first.get_attribute("id") == "tl-2000s"
        page.locator("a.hb-tl-pick[href='#tl-all']").click()
        assert page.locator("li.hb-tl-item:visible").count() == total
    finally:
        ctx.close()


def test_related_pages_show_titles_direction_and_the_sentence(page: Any, server: Any) -> None:
    page.goto(server.url("agencies/unhcr.html"))
    section = page.locator("#related-pages")
    assert section.count() == 1
    names_here = page.locator("#related-in")
    assert names_here.inner_text().startswith("Pages that name this one")
    principles = page.locator("details.hb-related-kind", has_text="Principles (").first
    entries = principles.locator("ul.hb-related > li")
    first = entries.first.locator("a.hb-ref").inner_text()
    assert re.match(r"Principle \d+: \w+", first), first  # a title, not a bare label
    quote = entries.first.locator("a.hb-rel-quote")
    assert re.search(r"UNHCR", quote.inner_text())  # the sentence that names UNHCR
    assert "#hb-to-unhcr-" in (quote.get_attribute("href") or "")
    # before the references
    order = page.evaluate(
        """() => [...document.querySelectorAll('article h2')].map(h => h.id)"""
    )
    assert order.index("related-pages") < order.index("references")


def test_a_theme_tag_opens_its_section_of_the_themes(page: Any, server: Any) -> None:
    page.goto(server.url("agencies/unhcr.html"))
    tag = page.locator("nav.md-tags a.md-tag", has_text="protection")
    assert (tag.get_attribute("href") or "").endswith("overviews/themes.html#tag:protection")
    tag.click()
    page.wait_for_load_state()
    section = page.locator("[id='protection-agencies'] + ul")
    assert "UNHCR" in section.inner_text()
    # the kinds under a theme in the navigation's order, each sorted naturally
    principles = page.locator("[id='protection-principles'] + ul a").all_inner_texts()
    numbers = [int(re.match(r"Principle (\d+)", t).group(1)) for t in principles]  # type: ignore[union-attr]
    assert numbers == sorted(numbers)
    assert len(numbers) > 1
