"""Evidence at a glance: every citation one hover, focus or tap from the words it rests on.

Read from the built site (the real handbook): every citation of a passage has a card that
holds that passage's text exactly as the document page shows it, with no Markdown left and
no second tooltip; in Chromium, a card opens on hover, on keyboard focus and on a tap (which
does not navigate), closes with Escape, fits a phone's screen, and works opened from disk.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from handbook.core.kinds import KINDS

pytestmark = pytest.mark.browser

ANNOTATION_FOLDERS = tuple(k.folder for k in KINDS.values() if not k.generated)


class _Tree(HTMLParser):
    """Text of elements by id, and the citation links, from one built page."""

    VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "col", "area", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.texts: dict[str, list[str]] = {}
        self.open_ids: list[tuple[int, str]] = []
        self.skip_depth: int | None = None
        self.links: list[dict[str, str]] = []
        self.titled_links_with_titled_abbr = 0
        self._link_titles: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in self.VOID:
            return
        self.stack.append((tag, a))
        depth = len(self.stack)
        cls = a.get("class", "").split()
        if self.skip_depth is None and ("hb-citedby" in cls or "hb-pn" in cls):
            self.skip_depth = depth
        if a.get("id"):
            self.open_ids.append((depth, a["id"]))
            self.texts[a["id"]] = []
        if tag == "a":
            self._link_titles.append("title" in a)
            if "data-hb-card" in a:
                self.links.append(a)
        if tag == "abbr" and "title" in a and any(self._link_titles):
            self.titled_links_with_titled_abbr += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        while self.stack:
            t, _ = self.stack.pop()
            depth = len(self.stack) + 1
            if self.skip_depth is not None and depth <= self.skip_depth:
                self.skip_depth = None
            self.open_ids = [(d, i) for d, i in self.open_ids if d < depth]
            if t == "a" and self._link_titles:
                self._link_titles.pop()
            if t == tag:
                return

    def handle_data(self, data: str) -> None:
        if self.skip_depth is not None:
            return
        for _, ident in self.open_ids:
            self.texts[ident].append(data)


def _norm(text: str) -> str:
    return " ".join(text.replace("\u200b", "").split())


_pages: dict[Path, _Tree] = {}


def parsed(path: Path) -> _Tree:
    hit = _pages.get(path)
    if hit is None:
        hit = _pages[path] = _Tree()
        hit.feed(path.read_text(encoding="utf-8"))
    return hit


def _passage_on_page(site: Path, page: Path, href: str) -> str | None:
    """The text of the paragraph a locator points to, as its document page shows it."""
    target, _, anchor = href.partition("#")
    doc = (page.parent / target).resolve()
    if not doc.is_file() or not anchor:
        return None
    tree = parsed(doc)
    html = doc.read_text(encoding="utf-8")
    # The number's anchor sits in its paragraph; the passage runs to the next number, the
    # next heading or the notes (a lead-in and its list are one passage).
    m = re.search(r'<(p|li)\b[^>]*>(?:(?!</\1>).)*?id="' + re.escape(anchor) + r'"', html, re.S)
    if m is None:
        return _norm("".join(tree.texts.get(anchor, []))) or None
    start = m.start()
    ends = [len(html)]
    # (an item's own number follows its anchor: the next number is the one after it)
    own = html.find('class="hb-pn"', m.end()) if not anchor.startswith(("para-", "pass-")) else -1
    nxt = html.find('class="hb-pn"', own + 1 if own >= 0 else m.end())
    if nxt >= 0:
        ends.append(max(html.rfind("<p", 0, nxt), html.rfind("<li", 0, nxt)))
    for pattern in (r"<h[1-6]\b", r'<div class="footnote"', r"</article>"):
        hit = re.compile(pattern).search(html, m.end())
        if hit:
            ends.append(hit.start())
    frag = html[start : min(ends)]
    frag = re.sub(r'<details class="hb-citedby">.*?</details>', "", frag, flags=re.S)
    frag = re.sub(r'<a class="hb-pn"[^>]*>[^<]*</a>', "", frag)
    frag = re.sub(r'<span class="hb-pn"[^>]*>[^<]*</span>', "", frag)
    frag = re.sub(r'<sup id="fnref[^"]*"><a[^>]*>[^<]*</a></sup>', "", frag)
    import html as _html

    return _norm(_html.unescape(re.sub(r"<[^>]+>", "", frag)))


def annotation_pages(site: Path) -> list[Path]:
    return sorted(p for f in ANNOTATION_FOLDERS for p in (site / f).glob("*.html")
                  if p.name != "index.html")


def test_every_card_holds_the_whole_passage_it_points_to(built_site: Path) -> None:
    """Each citation of one passage (a paragraph, a numbered passage, a principle's or a
    guideline's item) opens a card with exactly the text of that passage."""
    seen = Counter()
    wrong: list[str] = []
    for page in annotation_pages(built_site):
        tree = parsed(page)
        html = page.read_text(encoding="utf-8")
        for link in tree.links:
            if "hb-loc" not in link.get("class", ""):
                continue
            href = link.get("href", "")
            anchor = href.partition("#")[2]
            text = re.search(
                r'class="hb-loc" href="' + re.escape(href) + r'" data-hb-card="'
                + link["data-hb-card"] + r'"[^>]*>([^<]*)</a>',
                html,
            )
            ranged = text is not None and re.search(r"\d\s*[-–]\s*\d", text.group(1))
            if ranged or not re.fullmatch(
                r"(para|pass)-\d+|principle-\d+|guideline-\d+-\d+", anchor
            ):
                seen["not a single passage"] += 1
                continue
            card_id = link["data-hb-card"]
            m = re.search(r'<div class="hb-card" id="' + card_id + r'".*?<div class="hb-card-text">'
                          r"(.*?)</div>\s*<p class=\"hb-card-open\">", html, re.S)
            seen["single passage"] += 1
            if m is None:
                wrong.append(f"{page.name} {href}: no card text")
                continue
            import html as _html

            card = _norm(_html.unescape(re.sub(r"<[^>]+>", "", m.group(1))))
            want = _passage_on_page(built_site, page, href)
            if want is None or card != want:
                wrong.append(f"{page.name} {href}:\n  card: {card[:160]}\n  page: {(want or '')[:160]}")
    assert seen["single passage"] > 1000, seen
    assert wrong == [], f"{len(wrong)} of {seen['single passage']}:\n" + "\n".join(wrong[:10])


def test_cards_show_no_markdown_and_links_one_tooltip(built_site: Path) -> None:
    problems = []
    for page in annotation_pages(built_site):
        html = page.read_text(encoding="utf-8")
        cards = "".join(re.findall(r'<div class="hb-card".*?</div>\s*</div>', html, re.S))
        text = re.sub(r"<[^>]+>", "", cards)
        for mark in ("**", "[^", "{{", "](", "<span", "&lt;span"):
            if mark in text:
                problems.append(f"{page.name}: {mark!r} in a card")
        if re.search(r'<a [^>]*data-hb-card[^>]*\btitle=', html):
            problems.append(f"{page.name}: a citation link with a title tooltip")
        if parsed(page).titled_links_with_titled_abbr:
            problems.append(f"{page.name}: an <abbr title> inside a link with a title")
    assert problems == [], "\n".join(problems[:20])


def test_a_passage_cited_twice_on_a_page_is_carried_once(built_site: Path) -> None:
    for page in annotation_pages(built_site):
        html = page.read_text(encoding="utf-8")
        # A card is what it shows: its source line (source and locator) and where it opens.
        # (Two pages of one source open at the same place but are two cards.)
        cards = re.findall(r'<p class="hb-card-src">(.*?)</p>.*?'
                           r'<p class="hb-card-open"><a href="([^"]+)"', html, re.S)
        dup = [h for h, n in Counter(cards).items() if n > 1]
        assert dup == [], f"{page.name}: {dup[:3]}"


# ----------------------------------------------------------------------- in Chromium

PAGE = "principles/principle-7.html"


def _first_citation(page: Any) -> Any:
    link = page.locator("a.hb-loc[data-hb-card]").first
    link.scroll_into_view_if_needed()
    return link


def _open_card(page: Any) -> Any:
    return page.locator(".hb-card:popover-open")


def test_hover_shows_the_card_and_escape_closes_it(page: Any, server: Any) -> None:
    page.goto(server.url(PAGE))
    link = _first_citation(page)
    link.hover()
    card = _open_card(page)
    card.wait_for(state="visible")
    assert card.count() == 1
    assert card.get_attribute("id") == link.get_attribute("data-hb-card")
    box, vp = card.bounding_box(), page.viewport_size
    assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= vp["width"]
    assert card.locator(".hb-card-open a").count() == 1
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('.hb-card:popover-open')")


def test_keyboard_focus_shows_the_card(page: Any, server: Any) -> None:
    page.goto(server.url(PAGE))
    link = _first_citation(page)
    link.focus()
    card = _open_card(page)
    card.wait_for(state="visible")
    assert card.get_attribute("id") == link.get_attribute("data-hb-card")
    assert link.get_attribute("aria-describedby") == card.get_attribute("id")


def test_a_tap_on_a_phone_opens_the_card_and_does_not_navigate(
    browser: Any, server: Any, screenshots: Path
) -> None:
    from conftest import PHONE, new_context, save_screenshot

    ctx = new_context(browser, PHONE)
    try:
        page = ctx.new_page()
        page.goto(server.url("guidelines/guideline-2.html"))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width} px wide at 390 px"
        link = _first_citation(page)
        before = page.url
        link.tap()
        card = _open_card(page)
        card.wait_for(state="visible")
        assert page.url == before
        box = card.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        save_screenshot(page, screenshots, "card-phone")
        page.touchscreen.tap(5, 400)  # outside the card
        page.wait_for_function("!document.querySelector('.hb-card:popover-open')")
    finally:
        ctx.close()


def test_without_javascript_the_citation_goes_to_the_passage(browser: Any, server: Any) -> None:
    from conftest import new_context

    ctx = new_context(browser, java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(server.url(PAGE))
        link = _first_citation(page)
        href = link.get_attribute("href")
        link.click()
        page.wait_for_load_state()
        anchor = href.partition("#")[2]
        assert page.url.endswith("#" + anchor)
        assert page.evaluate(f"document.getElementById({anchor!r}).matches(':target')")
    finally:
        ctx.close()


def test_cards_work_opened_from_disk(page: Any, built_site: Path) -> None:
    page.goto((built_site / PAGE).as_uri())
    link = _first_citation(page)
    link.hover()
    _open_card(page).wait_for(state="visible")


def test_cards_in_dark_mode(browser: Any, server: Any) -> None:
    from conftest import new_context

    ctx = new_context(browser, color_scheme="dark")
    try:
        page = ctx.new_page()
        page.goto(server.url(PAGE))
        _first_citation(page).hover()
        card = _open_card(page)
        card.wait_for(state="visible")
        bg = card.evaluate("e => getComputedStyle(e).backgroundColor")
        fg = card.evaluate("e => getComputedStyle(e).color")
        assert bg != fg and bg not in ("rgba(0, 0, 0, 0)", "transparent")
    finally:
        ctx.close()


def test_an_open_card_passes_axe(page: Any, server: Any, axe_source: str) -> None:
    page.goto(server.url(PAGE))
    _first_citation(page).hover()
    _open_card(page).wait_for(state="visible")
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]
           if v["impact"] in ("serious", "critical")]
    assert bad == []


@pytest.mark.parametrize("path", ["principles/principle-7.html", "agencies/unhcr.html",
                                  "documents/a-63-215.html"])
def test_citation_numbers_and_locators_are_targets_a_finger_can_hit(
    browser: Any, server: Any, path: str
) -> None:
    """Every citation number, locator and passage number is at least 24 by 24 CSS pixels
    at phone size (WCAG 2.2 target size). Measured directly: axe-core's target-size rule
    exempts links inside a sentence, so it would pass tiny citation links too."""
    from conftest import PHONE, new_context

    ctx = new_context(browser, PHONE)
    try:
        page = ctx.new_page()
        page.goto(server.url(path))
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('.hb-cite a, a.hb-pn')]
                .filter(a => a.getClientRects().length)
                .map(a => { const r = a.getBoundingClientRect();
                            return [a.outerHTML.slice(0, 100), r.width, r.height]; })"""
        )
        assert len(boxes) > 3
        small = [b for b in boxes if b[1] < 24 or b[2] < 24]
        assert small == [], f"{len(small)} of {len(boxes)} targets under 24 px on {path}: {small[:3]}"
    finally:
        ctx.close()
