"""The Pagefind index (handbook/hosts/search.py): what each page tells it, how it is built
after the site, what is left for the search from disk, and what goes wrong safely.

The browser side (the search box answering from the index, the query set, speed) is tested
in tests/browser/test_search_queries.py and test_browser_search.py.
"""

from __future__ import annotations

import html
import json
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from sitekit import MKDOCS_YML, ROOT, Site, load

from handbook.core.kinds import KINDS
from handbook.core.registry import Project
from handbook.hosts import search

HOSTILE_TITLE = 'Children\'s "Fund" <script>alert(1)</script> & co'

SEARCH_YML = MKDOCS_YML.replace(
    "theme:\n  name: material\n",
    "theme:\n  name: material\n  custom_dir: overrides\n",
).replace(
    "plugins:\n  - search\n  - handbook\n",
    "plugins:\n  - search\n  - handbook\n  - offline\n  - handbook-search\n",
)


def search_site(tmp_path: Path, files: dict[str, str | bytes | None] | None = None) -> Site:
    js = {f"docs/js/{p.name}": p.read_text(encoding="utf-8")
          for p in (ROOT / "docs" / "js").glob("*.js")}
    # (the theme's overrides copied into the project: a custom_dir outside it is refused)
    overrides = {p.relative_to(ROOT).as_posix(): p.read_bytes()
                 for p in (ROOT / "overrides").rglob("*") if p.is_file()}
    return Site(tmp_path, {"mkdocs.yml": SEARCH_YML, **js, **overrides, **(files or {})})


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.body: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and "data-pagefind-meta" in a:
            self.meta[str(a["data-pagefind-meta"])] = str(a.get("content"))
        if "data-pagefind-body" in a:
            self.body.append(a)


def pagefind_attrs(page_html: str) -> _Meta:
    p = _Meta()
    p.feed(page_html)
    return p


# ------------------------------------------------------------------ what a page tells it


@pytest.fixture(scope="module")
def project() -> Project:
    return load(ROOT)


N = KINDS["principle"].search_weight
T = KINDS["topic"].search_weight


@pytest.mark.parametrize(
    ("docpath", "title", "keywords", "weight", "rank"),
    [
        ("agencies/unhcr.md", "Office of the United Nations High Commissioner for Refugees "
         "(UNHCR)", ("UNHCR",), 1.0, 1.0),  # its aliases add no word to the title
        ("documents/e-cn-4-2003-74.md", "Integration of the human rights of women and a "
         "gender perspective: traffic in women and girls (E/CN.4/2003/74)",
         ("E/CN.4/2003/74",), 1.0, 1.0),
        ("principles/principle-7.md", "Principle 7: Non-detention and non-prosecution of "
         "trafficked persons", ("Principle 7",), 1.0, N),
        ("topics/children.md", "Trafficked children", None, 1.0, T),
        ("concepts/compensation.md", "Compensation", None, 1.0, 1.0),
        ("agencies/index.md", "Agencies", (), search.WEIGHT_OVERVIEW, 1.0),
        ("index.md", "Home", (), search.WEIGHT_OVERVIEW, 1.0),
        ("overviews/matrix.md", "Matrix", (), search.WEIGHT_OVERVIEW, 1.0),
        ("bibliography.md", "Bibliography", (), search.WEIGHT_REFERENCE, 1.0),
        ("editors/citations.md", "Citations", (), search.WEIGHT_REFERENCE, 1.0),
    ],
)
def test_page_fields(project: Project, docpath: str, title: str,
                     keywords: tuple[str, ...] | None, weight: float, rank: float) -> None:
    fields = search.page_fields(project, docpath, title)
    ent = project.entities.get(Path(docpath).stem)
    summary = " ".join(ent.summary.split()) if ent is not None and ent.path == docpath else ""
    assert (fields.title, fields.weight, fields.summary, fields.rank) == (
        title, weight, summary, rank)
    if keywords is not None:
        assert fields.keywords == keywords
    assert bool(summary) == (ent is not None and ent.path == docpath)


def test_the_normative_texts_weigh_more_and_the_syntheses_less() -> None:
    """The kinds' search weights: the Principles and Guidelines above every other kind, the
    topic pages (which quote them all) below; none zero or negative."""
    weights = {n: KINDS[n].search_weight for n in KINDS}
    assert weights["principle"] == weights["guideline"] > 1.0
    assert 0.0 < weights["topic"] < 1.0
    assert all(w > 0 for w in weights.values())
    assert {n for n, w in weights.items() if w == 1.0} >= {"agency", "concept", "document"}


def test_page_fields_without_the_engine_read_the_front_matter() -> None:
    """A site built without the handbook plugin (the plain-Material benchmark) gets the same
    fields from the page's own front matter."""
    meta = {"short": "UNICEF", "acronym": "UNICEF", "aliases": ["Unicef", " UNICEF  IRC "]}
    fields = search.page_fields(None, "agencies/unicef.md", "United Nations Children's Fund",
                                meta)
    assert fields == search.PageFields("United Nations Children's Fund", ("UNICEF", "UNICEF IRC"),
                                       1.0, "", 1.0)
    meta["summary"] = "The UN's\n  children's agency."
    fields = search.page_fields(None, "principles/principle-7.md", "Principle 7", meta)
    assert (fields.summary, fields.rank) == ("The UN's children's agency.",
                                             KINDS["principle"].search_weight)


# ------------------------------------------------------------------ the build


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, Path, str]:
    root = tmp_path_factory.mktemp("search-site")
    s = search_site(root)
    unicef = (root / "docs/agencies/unhcr.md").read_text(encoding="utf-8").replace(
        "title: Office of the United Nations High Commissioner for Refugees",
        f"title: {json.dumps(HOSTILE_TITLE)}",
    )
    (root / "docs/agencies/unhcr.md").write_text(unicef, encoding="utf-8")
    result = s.build()
    assert result.ok, result.log
    return s, result.site, result.log


def test_the_index_holds_every_page_but_the_404(built: tuple[Site, Path, str]) -> None:
    _, site, log = built
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    indexed = sum(v["page_count"] for v in entry["languages"].values())
    pages = [p for p in site.rglob("*.html") if not p.is_relative_to(site / "pagefind")]
    with_body = [p for p in pages if pagefind_attrs(p.read_text(encoding="utf-8")).body]
    assert indexed == len(with_body) == len(pages) - 1
    assert not pagefind_attrs((site / "404.html").read_text(encoding="utf-8")).body
    assert f"search index: {indexed} pages in " in log


def test_pagefind_ui_bundles_are_not_shipped(built: tuple[Site, Path, str]) -> None:
    _, site, _ = built
    for name in search.UNUSED:
        assert not (site / "pagefind" / name).exists(), name
    assert (site / "pagefind/pagefind.js").is_file()


def test_lunr_index_stays_whole_for_the_search_from_disk(built: tuple[Site, Path, str]) -> None:
    _, site, _ = built
    reduced = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert reduced["docs"] == []
    assert reduced["config"]["lang"] == ["en"]
    inlined = (site / "search/search_index.js").read_text(encoding="utf-8")
    whole = json.loads(inlined.removeprefix("var __index = "))
    assert {d["location"].split("#")[0] for d in whole["docs"]} >= {
        "agencies/unhcr.html", "principles/principle-1.html", "documents/a-63-215.html"}


def test_vocabulary_lists_the_site_words_most_frequent_first(
        built: tuple[Site, Path, str]) -> None:
    _, site, _ = built
    words = json.loads((site / "search/vocabulary.json").read_text(encoding="utf-8"))["words"]
    assert "refugees" in words
    assert all(len(w) >= 4 and w == w.lower() and w.isalpha() for w in words)
    assert len(words) == len(set(words))


def test_titles_and_keywords_reach_the_index_escaped_once(
        built: tuple[Site, Path, str]) -> None:
    """A title with quotes and markup is an attribute value that holds exactly the text."""
    _, site, _ = built
    page = (site / "agencies/unhcr.html").read_text(encoding="utf-8")
    found = pagefind_attrs(page)
    assert found.meta["title[content]"] == f"{HOSTILE_TITLE} (UNHCR)"
    assert found.meta["keywords[content]"] == "UNHCR"
    assert "<script>alert" not in page
    assert found.body == [{"class": "hb-search-body", "data-pagefind-body": None}]


def test_summaries_reach_the_index_and_weights_the_worker(
        built: tuple[Site, Path, str]) -> None:
    """Each entity page's summary is a Pagefind field; the search weight of each page whose
    kind weighs other than 1 is in the index settings the worker receives, by result id."""
    s, site, _ = built
    page = pagefind_attrs((site / "principles/principle-1.html").read_text(encoding="utf-8"))
    summary = search._summary(load(s.root).entities["principle-1"].meta)
    assert summary and page.meta["summary[content]"] == summary
    assert "summary[content]" not in pagefind_attrs(
        (site / "index.html").read_text(encoding="utf-8")).meta
    ids = search.fragment_urls(site)
    ranks = json.loads((site / "search/search_index.json").read_text(
        encoding="utf-8"))["config"]["hb_ranks"]
    assert ranks == {ids["/principles/principle-1.html"]: KINDS["principle"].search_weight}
    lunr = json.loads((site / "search/search_index.js").read_text(
        encoding="utf-8").removeprefix("var __index = "))
    boosts = {d["location"]: d.get("boost") for d in lunr["docs"]}
    assert boosts["principles/principle-1.html"] == KINDS["principle"].search_weight


def test_the_page_points_search_at_the_worker(built: tuple[Site, Path, str]) -> None:
    _, site, _ = built
    page = (site / "agencies/unhcr.html").read_text(encoding="utf-8")
    config_at = page.index('<script id="__config"')
    setup_at = page.index('<script src="../js/search-setup.js"></script>')
    bundle_at = page.index("assets/javascripts/bundle.")
    assert config_at < setup_at < bundle_at
    assert (site / "js/search-worker.js").is_file()


def test_section_index_pages_weigh_less(built: tuple[Site, Path, str]) -> None:
    _, site, _ = built
    home = pagefind_attrs((site / "index.html").read_text(encoding="utf-8"))
    assert home.body[0]["data-pagefind-weight"] == str(search.WEIGHT_OVERVIEW)
    lunr = json.loads((site / "search/search_index.js").read_text(
        encoding="utf-8").removeprefix("var __index = "))
    boosts = {d["location"]: d.get("boost") for d in lunr["docs"]}
    assert boosts["index.html"] == search.WEIGHT_OVERVIEW
    assert boosts["agencies/unhcr.html"] is None


# ------------------------------------------------------------------ what goes wrong safely


def test_a_docs_folder_named_pagefind_is_replaced_and_reported(tmp_path: Path) -> None:
    s = search_site(tmp_path, {"docs/pagefind/pagefind.js": "alert('not the search engine')"})
    result = s.build(strict=False)
    assert "docs/pagefind/ was copied into the site, where the search index goes" in result.log
    assert "not the search engine" not in (result.site / "pagefind/pagefind.js").read_text(
        encoding="utf-8")
    assert not s.build(strict=True).ok


def test_a_pagefind_config_file_in_the_project_is_not_read(tmp_path: Path) -> None:
    evil = "output_subdir: ../outside\nroot_selector: nav\n"
    s = search_site(tmp_path, {"pagefind.yml": evil, "docs/pagefind.yml": evil})
    result = s.build()
    assert result.ok, result.log
    assert (result.site / "pagefind/pagefind-entry.json").is_file()
    assert not (tmp_path / "outside").exists()


def test_without_the_binary_the_build_says_so_and_keeps_the_lunr_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(site: Path) -> list[str]:
        raise FileNotFoundError("Could not find any of [pagefind]")

    monkeypatch.setattr(search, "pagefind_command", missing)
    s = search_site(tmp_path)
    result = s.build(strict=False)
    assert "the Pagefind search index was not built: the Pagefind binary is not installed" \
        in result.log
    assert "fix: .venv/bin/pip install -e ." in result.log
    index = json.loads((result.site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["docs"], "the whole lunr index must stay where the page fetches it"
    assert not s.build(strict=True).ok


def test_a_hanging_indexer_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "pagefind_command",
                        lambda site: [shutil.which("sleep") or "/bin/sleep", "30"])
    (tmp_path / "site").mkdir()
    result = search.build_index(tmp_path / "site", timeout=0.5)
    assert not result.ok
    assert result.message == "timed out after 0.5 s"


def test_a_failing_indexer_reports_its_output(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "pagefind_command", lambda site: [
        shutil.which("sh") or "/bin/sh", "-c", "echo 'Error: no html' >&2; exit 3"])
    (tmp_path / "site").mkdir()
    result = search.build_index(tmp_path / "site")
    assert not result.ok
    assert result.message == "exited with code 3: Error: no html"


def test_the_lunr_index_is_reduced_only_when_kept_whole_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    index = {"config": {"lang": ["en"]}, "docs": [{"location": "a.html", "title": "A",
                                                    "text": ""}]}
    (tmp_path / "search/search_index.json").write_text(json.dumps(index), encoding="utf-8")
    assert not search.reduce_lunr_index(tmp_path)
    (tmp_path / "search/search_index.js").write_text("var __index = " + json.dumps(index),
                                                     encoding="utf-8")
    assert search.reduce_lunr_index(tmp_path)
    reduced = json.loads((tmp_path / "search/search_index.json").read_text(encoding="utf-8"))
    assert reduced == {"config": {"lang": ["en"]}, "docs": []}


def test_vocabulary_from_escaped_text(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    docs = [{"location": "a.html", "title": "Children&#x27;s Fund",
             "text": "<p>R&amp;D for children, children and víctimas</p>"}]
    (tmp_path / "search/search_index.json").write_text(
        json.dumps({"config": {}, "docs": docs}), encoding="utf-8")
    assert search.write_vocabulary(tmp_path) == 3
    words = json.loads((tmp_path / "search/vocabulary.json").read_text(encoding="utf-8"))
    assert words == {"words": ["children", "fund", "víctimas"]}


# ------------------------------------------------------------------ mkdocs serve


def test_serve_builds_the_index_in_the_background(built: tuple[Site, Path, str],
                                                  tmp_path: Path) -> None:
    """Under ``mkdocs serve`` the rebuild returns before the index is built, in the
    background; the lunr index stays whole (the worker uses it until Pagefind's bundle is
    there)."""
    site = tmp_path / "site"
    shutil.copytree(built[1], site, ignore=shutil.ignore_patterns("pagefind", "search"))
    shutil.copytree(built[1] / "search", site / "search")
    whole = (site / "search/search_index.js").read_text(encoding="utf-8")
    (site / "search/search_index.json").write_text(whole.removeprefix("var __index = "),
                                                   encoding="utf-8")
    plugin = search.SearchPlugin()
    errors, _ = plugin.load_config({})
    assert not errors
    plugin.on_startup(command="serve", dirty=False)
    config = SimpleNamespace(site_dir=str(site))
    plugin.on_post_build(config=config)  # type: ignore[arg-type]
    thread = plugin._background._thread
    assert thread is not None
    thread.join(120)
    assert (site / "pagefind/pagefind-entry.json").is_file()
    assert json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    assert plugin._background.last is not None
    assert plugin._background.last.ok
    plugin.on_shutdown()


def test_a_rebuild_stops_the_indexer_instead_of_waiting_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next rebuild of ``mkdocs serve`` cancels an index of the site it is about to
    replace: the indexer process is killed, not waited for."""
    monkeypatch.setattr(search, "pagefind_command", lambda site: ["sleep", "60"])
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    result = search.build_index(tmp_path, cancel=cancel)
    assert not result.ok
    assert result.message == "cancelled by a rebuild"
    assert result.seconds < 30  # not the 60 s the indexer would have taken


def test_html_unescape_is_what_the_template_escapes() -> None:
    """The title MkDocs hands the plugin is escaped once (handbook plugin); the plugin keeps
    the plain text, and the template escapes it once for the attribute."""
    assert search._unescape(html.escape(HOSTILE_TITLE, quote=False)) == HOSTILE_TITLE
