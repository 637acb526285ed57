""""Cite this page" in a real browser: it opens without JavaScript and shows the page's
site-relative address; with JavaScript, served over http, the address is the full one."""

from __future__ import annotations

from typing import Any

PAGE = "principles/principle-7.html"


def _texts(page: Any) -> dict[str, str]:
    page.click(".hb-citepage summary")
    return {
        cls: page.inner_text(f".{cls}")
        for cls in ("hb-cite-plain", "hb-cite-bibtex", "hb-cite-ris", "hb-changed")
    }


def test_cite_this_page_opens_without_javascript(browser: Any, server: Any) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(server.url(PAGE))
        assert not page.is_visible(".hb-cite-plain")
        texts = _texts(page)
        assert page.is_visible(".hb-cite-plain")
        assert f" {PAGE} (last changed" in texts["hb-cite-plain"]
        assert f"url          = {{{PAGE}}}," in texts["hb-cite-bibtex"]
        assert f"UR  - {PAGE}" in texts["hb-cite-ris"]
        assert texts["hb-changed"].startswith("Last changed")
    finally:
        ctx.close()


def test_with_javascript_the_citation_gives_the_full_address(browser: Any, server: Any) -> None:
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.goto(server.url(PAGE))
        texts = _texts(page)
        full = server.url(PAGE)
        assert f" {full} (last changed" in texts["hb-cite-plain"]
        assert f"url          = {{{full}}}," in texts["hb-cite-bibtex"]
        assert f"UR  - {full}" in texts["hb-cite-ris"]
        home = ctx.new_page()
        home.goto(server.url("index.html"))
        assert f"UR  - {server.url('index.html')}" in _texts(home)["hb-cite-ris"]
    finally:
        ctx.close()
