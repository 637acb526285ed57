"""Search as a reader uses it: type into Material's search box, read the first result.

Each case is something a reader types and the page they must land on first. UN symbols are
typed as written (with "/" and "."), which the `separator` in mkdocs.yml's search options
makes possible: it splits words at spaces and punctuation but not at "/" nor at a "." that is
followed by a digit.

Content facts this relies on (checked against docs/ when the tests were written):
- A/RES/64/293 is the `symbol` of docs/instruments/global-plan-of-action.md.
- S/RES/1325 (2000) has no page in the handbook (nothing in docs/ mentions 1325), so the
  case of a resolution symbol with a page uses E/2002/68/Add.1 (the Principles and
  Guidelines) instead.
"""

from __future__ import annotations

from typing import Any

import pytest

CASES = [
    # (what the reader types, the page that must come first, why)
    ("A/63/215", "documents/a-63-215.html", "document symbol"),
    ("E/CN.4/2003/74", "documents/e-cn-4-2003-74.html", "document symbol with '.'"),
    ("E/2002/68/Add.1", "documents/e-2002-68-add-1.html", "symbol with '/Add.1'"),
    ("A/RES/64/293", "instruments/global-plan-of-action.html", "resolution symbol"),
    ("UNHCR", "agencies/unhcr.html", "agency acronym"),
    ("ICAT", "bodies/icat.html", "body acronym"),
    ("Palermo Protocol", "instruments/trafficking-protocol.html", "alias"),
    ("principle 7", "principles/principle-7.html", "principle by number"),
    (
        "investigate prosecute adjudicate",
        "principles/principle-13.html",
        "principle by the words of its text",
    ),
    ("best interests paramount", "principles/principle-10.html", "principle by its words"),
    ("esclavitud flagelo", "documents/stmt-2008-ecuador.html", "Spanish statement"),
    ("sensibilisation répression", "documents/stmt-2008-algeria.html", "French statement"),
]

# What has to change for a failing case to pass, named in the failure message.
KEYWORDS_FIX = (
    "a page's symbol, short title, acronym and aliases are not in its title, and the symbol "
    "in the header <dl> is indexed glued to its label ('SymbolA/63/215'): the engine should "
    "add symbol/short/acronym/aliases to page.meta['tags'] (Material indexes them with boost "
    "1e6 and shows tags only with the tags plugin) and put a newline between </dt> and <dd>"
)
TEXT_FIX = (
    "the principle's text is in a '## Text' section, scored as a section below pages that "
    "paraphrase it: it must be in the page's first search section (before the first heading "
    "with an id), e.g. the quote rendered right under the h1"
)
FIXES = {
    "principle by the words of its text": TEXT_FIX,
    "principle by its words": TEXT_FIX,
}


@pytest.fixture(scope="module")
def search_page(browser: Any, server: Any, ui: Any) -> Any:
    ctx = ui.new_context(browser)
    page = ctx.new_page()
    page.goto(server.url("index.html"))
    ui.wait_search_ready(page)
    yield page
    ctx.close()


@pytest.mark.parametrize(
    ("query", "expected", "why"), CASES, ids=[f"{c[2]}: {c[0]}" for c in CASES]
)
def test_first_result(search_page: Any, server: Any, ui: Any, *, query: str, expected: str,
                      why: str) -> None:
    page = search_page
    page.keyboard.press("Escape")
    meta, results = ui.search(page, query)
    assert results, f"{query!r} ({why}) found nothing: {meta!r}"
    first = server.path_of(results[0][0])
    shown = "\n".join(f"  {server.path_of(h)}  {t[:70]}" for h, t in results)
    assert first == expected, (
        f"typing {query!r} ({why}): first result is {first}, expected {expected}.\n"
        f"status: {meta}\nfirst results:\n{shown}\nlikely fix: {FIXES.get(why, KEYWORDS_FIX)}"
    )


def test_symbol_typed_as_written_is_one_word(search_page: Any, server: Any, ui: Any) -> None:
    """The slash and the dot stay inside the word: the result list highlights the whole
    symbol (``?h=e%2Fcn.4%2F2003%2F74``), not fragments such as ``cn`` or ``4``."""
    page = search_page
    page.keyboard.press("Escape")
    _, results = ui.search(page, "E/CN.4/2003/74")
    highlights = {h.split("?h=", 1)[1].split("#", 1)[0] for h, _ in results if "?h=" in h}
    highlights.discard("")
    assert highlights == {"e%2Fcn.4%2F2003%2F74"}, highlights


def test_symbol_without_a_page_finds_no_page_of_its_own(search_page: Any, server: Any,
                                                        ui: Any) -> None:
    """S/RES/1325 (2000) has no page: whatever the search shows, no result claims to be it
    (this is where a page would appear once one is written)."""
    page = search_page
    page.keyboard.press("Escape")
    _, results = ui.search(page, "S/RES/1325")
    assert not any("1325" in title for _, title in results), results
