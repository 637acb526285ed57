"""The search query set: what readers type, and the page that must be in the first three.

Each query is typed into Material's search box on the built site, served over http, where
the answers come from the Pagefind index (docs/js/search-worker.js). The test waits until
the worker has answered the whole query (its ``self.hbSearch.answered``), then reads the
result list as a reader sees it.

The set covers names, acronyms, UN symbols as typed, principles and guidelines by number,
concepts, phrases from the texts, misspellings, and Spanish and French words of the two
statements in those languages. Expected pages were checked against docs/ when the set was
written (the "why" of each entry says what on the page makes it the answer).

Concept pages (docs/concepts/) are being written in parallel. A concept query names the
concept page that will answer it (``concept=``); as soon as ``concepts/<name>.html`` exists
in the built site, that page must be in the first three as well, next to today's answer.
To add a concept query, add an entry with ``kind="concept"`` and its concept name.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import pytest


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    expect: tuple[str, ...]  # pages (site paths), any of which must be in the first three
    why: str
    every: bool = False  # all of ``expect`` must be in the first three
    concept: str | None = None  # concepts/<concept>.html must join them when it exists


def q(text: str, kind: str, *expect: str, why: str, every: bool = False,
      concept: str | None = None) -> Query:
    return Query(text, kind, expect, why, every, concept)


P = "principles/principle-{}.html".format
G = "guidelines/guideline-{}.html".format

QUERIES = [
    # Names, as the sources give them, and aliases
    q("Office of the United Nations High Commissioner for Refugees", "name",
      "agencies/unhcr.html", why="its title"),
    q("International Labour Organization", "name", "agencies/ilo.html", why="its title"),
    q("Palermo Protocol", "name", "instruments/trafficking-protocol.html", why="alias"),
    q("Vienna Forum", "name", "events/vienna-forum-2008.html", why="short title"),
    q("Special Rapporteur on trafficking", "name", "bodies/sr-trafficking.html",
      why="short title"),
    q("Global Plan of Action", "name", "instruments/global-plan-of-action.html",
      why="short title"),
    q("World Bank", "name", "agencies/world-bank.html", why="title 'The World Bank'"),
    q("Ashley Judd", "name", "documents/stmt-2008-judd.html", why="speaker of the statement"),
    q("Rome Statute", "name", "instruments/rome-statute.html", why="short title"),
    q("Children's Fund", "name", "agencies/unicef.html",
      why="title 'United Nations Children's Fund' (with the apostrophe)"),
    # Acronyms
    q("UNHCR", "acronym", "agencies/unhcr.html", why="acronym"),
    q("ICAT", "acronym", "bodies/icat.html", why="acronym"),
    q("UNICEF", "acronym", "agencies/unicef.html", why="acronym"),
    q("IOM", "acronym", "agencies/iom.html", why="acronym"),
    q("OHCHR", "acronym", "agencies/ohchr.html", why="acronym"),
    q("UNODC", "acronym", "agencies/unodc.html", why="acronym"),
    q("CEDAW", "acronym", "instruments/cedaw.html", "bodies/cedaw-committee.html",
      why="the convention's short title, and the committee's alias"),
    q("UN.GIFT", "acronym", "bodies/un-gift.html", why="short title, with its dot"),
    q("ECOSOC", "acronym", "bodies/ecosoc.html", why="alias"),
    q("OIM", "acronym", "agencies/iom.html", why="IOM's French and Spanish acronym (alias)"),
    # UN document symbols, as typed
    q("A/63/215", "symbol", "documents/a-63-215.html", why="document symbol"),
    q("a/63/215", "symbol", "documents/a-63-215.html", why="symbol typed in lower case"),
    q("E/CN.4/2003/74", "symbol", "documents/e-cn-4-2003-74.html", why="symbol with '.'"),
    q("E/2002/68/Add.1", "symbol", "documents/e-2002-68-add-1.html", why="'/Add.1'"),
    q("A/RES/64/293", "symbol", "instruments/global-plan-of-action.html",
      why="the instrument's symbol"),
    q("A/RES/48/104", "symbol", "instruments/devaw-1993.html", why="the instrument's symbol"),
    # Principles and guidelines by number
    q("principle 7", "number", P(7), why="its short title"),
    q("Principle 17", "number", P(17), why="its short title"),
    q("guideline 8", "number", G(8), why="its short title"),
    # Concepts: the pages that answer them today, and the concept page to come
    q("best interests of the child", "concept", P(10), G(8), every=True,
      concept="best-interests-of-the-child",
      why="principle 10: best interests 'paramount'; guideline 8: 'a primary consideration'"),
    q("compensation", "concept", P(17), concept="compensation",
      why="principle 17: remedies, including compensation"),
    q("non-punishment", "concept", P(7), concept="non-punishment",
      why="principle 7: non-detention and non-prosecution; 'principle of non-punishment'"),
    q("debt bondage", "concept", G(4), G(7), P(12), concept="debt-bondage",
      why="named among the offences of guideline 4 and principle 12, and in guideline 7"),
    q("due diligence", "concept", P(2), concept="due-diligence", why="principle 2's title"),
    q("extradition", "concept", P(14), why="principle 14's title"),
    q("freezing assets", "concept", P(16), why="principle 16: freezing traffickers' assets"),
    q("proportionate sanctions", "concept", P(15), why="principle 15's title"),
    q("repatriation", "concept", P(11), why="principle 11: alternatives to repatriation"),
    q("complicity of officials", "concept", P(6), why="principle 6: public-sector complicity"),
    q("demand", "concept", P(4), why="principle 4: prevention must address demand"),
    q("peacekeepers", "concept", G(10), why="guideline 10: obligations of peacekeepers"),
    q("forced labour", "concept", "instruments/ilo-c29.html", "agencies/ilo.html",
      why="the Forced Labour Convention; ILO"),
    q("migrant smuggling", "concept", "instruments/smuggling-protocol.html",
      why="the Smuggling of Migrants Protocol"),
    # Phrases from the texts
    q("investigate prosecute adjudicate", "phrase", P(13), why="principle 13's text"),
    q("best interests paramount", "phrase", P(10), why="principle 10's text"),
    q("shall not be detained, charged or prosecuted", "phrase", P(7), why="principle 7's text"),
    q("identification of trafficked persons", "phrase", G(2), why="guideline 2's title"),
    q("access to remedies", "phrase", G(9), P(17), why="guideline 9's title; principle 17"),
    # Misspellings
    q("Palermo Protcol", "misspelling", "instruments/trafficking-protocol.html",
      why="one letter missing"),
    q("compensaton", "misspelling", P(17), why="one letter missing"),
    q("extradtion", "misspelling", P(14), why="one letter missing"),
    q("peacekeeprs", "misspelling", G(10), why="one letter missing"),
    q("trafficing protocol", "misspelling", "instruments/trafficking-protocol.html",
      why="one letter missing"),
    # Spanish (the statement of Ecuador) and French (the statement of Algeria)
    q("trata de personas", "spanish", "documents/stmt-2008-ecuador.html",
      why="the statement's subject"),
    q("esclavitud flagelo", "spanish", "documents/stmt-2008-ecuador.html",
      why="words of the statement"),
    q("lesa humanidad", "spanish", "documents/stmt-2008-ecuador.html", why="'crimen de lesa humanidad'"),
    q("victimas", "spanish", "documents/stmt-2008-ecuador.html", why="'víctimas' without its accent"),
    q("Organización Internacional para las Migraciones", "spanish", "agencies/iom.html",
      why="IOM's Spanish name (alias)"),
    q("traite des personnes", "french", "concepts/trafficking-in-persons.html",
      "documents/stmt-2008-algeria.html",
      why="the French name of the concept (an alias of its page), and the subject of "
          "Algeria's statement; the Vienna Forum and the Protocol have it in their French "
          "names too"),
    q("sensibilisation répression", "french", "documents/stmt-2008-algeria.html",
      why="words of the statement"),
    q("immigration clandestine", "french", "documents/stmt-2008-algeria.html",
      why="words of the statement"),
    q("criminalité transnationale organisée", "french", "documents/stmt-2008-algeria.html",
      why="words of the statement"),
    q("Organisation Internationale pour les Migrations", "french", "agencies/iom.html",
      why="IOM's French name (alias)"),
]

KINDS = ("name", "acronym", "symbol", "number", "concept", "phrase", "misspelling",
         "spanish", "french")

# Everything shown for each result: the page (title, snippet) and its sections.
_RESULTS_JS = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  const items = [...document.querySelectorAll('.md-search-result__item')].map(li =>
    [...li.querySelectorAll('a.md-search-result__link')].map(a => {
      const h = a.querySelector('h1, h2'), p = a.querySelector('article > p:not(.md-search-result__terms)');
      return {href: a.href, level: h ? h.tagName : '', title: h ? h.textContent.trim() : '',
              titleHtml: h ? h.innerHTML : '', text: p ? p.textContent.trim() : '',
              missing: !!a.querySelector('.md-search-result__terms')};
    }));
  return [meta ? meta.textContent.trim() : '', items];
}"""


def search_worker(page: Any) -> Any:
    for w in page.workers:
        if "search-worker.js" in w.url:
            return w
    return None


def ask(page: Any, ui: Any, text: str) -> tuple[str, list[list[dict[str, Any]]]]:
    """Type ``text`` into the search box; wait for the worker's complete answer; return the
    status line and the results (each a list: the page, then its sections)."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        ui.open_search(page)
    box.fill("")
    box.press_sequentially(text, delay=10)
    deadline = time.monotonic() + 20
    worker = None
    while time.monotonic() < deadline:
        worker = worker or search_worker(page)
        if worker is not None and worker.evaluate("self.hbSearch.answered") == text:
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"the search worker never answered {text!r} (worker: {worker})",
                    pytrace=False)
    last = None
    for _ in range(40):  # Material renders the answer on the next task: let it settle
        cur = page.evaluate(_RESULTS_JS)
        if cur == last:
            return cur[0], cur[1]
        last = cur
        time.sleep(0.05)
    return last[0], last[1]


@pytest.fixture(scope="module")
def search_page(browser: Any, server: Any, ui: Any) -> Any:
    ctx = ui.new_context(browser)
    page = ctx.new_page()
    page.goto(server.url("index.html"))
    ui.wait_search_ready(page)
    worker = search_worker(page)
    assert worker is not None, "Material's search box is not answered by js/search-worker.js"
    assert worker.evaluate("self.hbSearch.engine") == "pagefind", (
        "over http the search must use the Pagefind index (pagefind/ missing from the site?)"
    )
    ui.open_search(page)
    yield page
    ctx.close()


def test_the_set_covers_every_kind() -> None:
    assert len(QUERIES) >= 40
    assert {x.kind for x in QUERIES} == set(KINDS)
    assert len({x.text for x in QUERIES}) == len(QUERIES), "a query is listed twice"


@pytest.mark.parametrize("query", QUERIES, ids=[f"{x.kind}: {x.text}" for x in QUERIES])
def test_query_finds_its_page_in_the_first_three(search_page: Any, server: Any, ui: Any,
                                                 query: Query) -> None:
    for path in query.expect:
        assert (server.root / path).is_file(), f"the expected page {path} is not in the site"
    meta, results = ask(search_page, ui, query.text)
    top = [server.path_of(group[0]["href"]) for group in results[:3]]
    shown = "\n".join(f"  {i + 1}. {server.path_of(g[0]['href'])}  {g[0]['title'][:70]}"
                      for i, g in enumerate(results[:6]))
    why = f"{query.text!r} ({query.kind}; {query.why}); status {meta!r}; first results:\n{shown}"
    if query.every:
        missing = [p for p in query.expect if p not in top]
        assert not missing, f"{missing} not in the first three for {why}"
    else:
        assert any(p in top for p in query.expect), (
            f"none of {list(query.expect)} in the first three for {why}")
    if query.concept:
        concept = f"concepts/{query.concept}.html"
        if (server.root / concept).is_file():
            assert concept in top, f"the concept page {concept} is not in the first three: {why}"


CLEAN_QUERIES = ["UNICEF", "children", "Children's Fund", "E/CN.4/2003/74", "A/63/215",
                 "non-punishment", "R&D <b>", "Côte d'Ivoire"]


@pytest.mark.parametrize("text", CLEAN_QUERIES)
def test_every_result_has_a_title_and_a_snippet_shown_as_text(search_page: Any, ui: Any,
                                                               text: str) -> None:
    """No empty snippet, no character reference shown as text or cut in two (the lunr index
    showed "Children';s Fund"), no markup but Material's and <mark>, no "Missing:" line."""
    _, results = ask(search_page, ui, text)
    problems = []
    for group in results:
        for r in group:
            where = f"{r['href']} ({r['level']} {r['title'][:50]!r})"
            if not r["title"]:
                problems.append(f"{where}: empty title")
            if not r["text"]:
                problems.append(f"{where}: empty snippet")
            for shown in (r["title"], r["text"]):
                for bad in ("&#", "&amp;", "&lt;", "&quot;", "';"):
                    if bad in shown:
                        problems.append(f"{where}: {bad!r} shown in {shown[:120]!r}")
            tags = {t for t in _tags(r["titleHtml"]) if t != "mark"}
            if tags:
                problems.append(f"{where}: markup {tags} in the title")
            if r["missing"]:
                problems.append(f"{where}: a 'Missing:' line")
    assert not problems, "\n".join(problems)


def _tags(fragment: str) -> set[str]:
    import re

    return {m.lower() for m in re.findall(r"<\s*([a-zA-Z][\w-]*)", fragment)}


@pytest.mark.parametrize("text", ["A/63/215", "E/CN.4/2003/74", "E/2002/68/Add.1", "UNHCR"])
def test_entity_pages_rank_above_the_bibliography(search_page: Any, server: Any, ui: Any,
                                                  text: str) -> None:
    _, results = ask(search_page, ui, text)
    order = [server.path_of(g[0]["href"]) for g in results]
    assert order, f"{text!r} found nothing"
    assert "bibliography.html" not in order[:3], order[:5]
    assert not order[0].startswith(("editors/", "bibliography")), order[:5]


def test_a_misspelt_query_is_answered_for_the_word_meant(search_page: Any, server: Any,
                                                         ui: Any) -> None:
    """Pagefind matches words and prefixes only: the worker corrects an unknown word to the
    nearest word of the site, and the results mark the word it searched."""
    _, results = ask(search_page, ui, "extradtion")
    assert results, "no result for a one-letter misspelling"
    assert "extradition" in results[0][0]["href"].split("?h=", 1)[1].split("#")[0]


def test_a_query_with_no_answer_says_so(search_page: Any, ui: Any) -> None:
    meta, results = ask(search_page, ui, "zzxqj wvvkp")
    assert results == []
    assert meta == "No matching documents"
