"""The handbook as open data (handbook/opendata, issue 19): the files of site/data/ against
their published schemas, the bibliography read by citeproc-py and bibtexparser, the Sphinx
inventory read by sphobjinv and resolved to anchors of the built HTML, the JSON-LD and
"Cite this page" of the built pages, and the published addresses (HB5xx, moved_from and
the redirect it makes)."""

from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as cp_formatter
from citeproc.source.json import CiteProcJSON
from realsite import ROOT, RealSite
from sitekit import Site

from handbook import cli
from handbook.opendata import addresses, history, pagemeta
from handbook.opendata.build import OpenData

_ID = re.compile(r'\sid="([^"]+)"')
_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def site(real_handbook: RealSite) -> Path:
    assert real_handbook.strict, real_handbook.log[-3000:]
    return real_handbook.site


@pytest.fixture(scope="module")
def project():  # type: ignore[no-untyped-def]
    return cli._load_root(ROOT)


def _json(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


_ids_cache: dict[Path, set[str]] = {}


def _ids(page: Path) -> set[str]:
    if page not in _ids_cache:
        _ids_cache[page] = set(_ID.findall(page.read_text(encoding="utf-8")))
    return _ids_cache[page]


def _resolves(site: Path, url: str) -> bool:
    """Whether a site-relative URL names a built file and, with a fragment, an id in it."""
    path, _, frag = url.partition("#")
    target = site / path
    if not target.is_file():
        return False
    return not frag or frag in _ids(target)


# ----------------------------------------------------------------------- data files
def test_every_data_file_validates_against_its_published_schema(site: Path) -> None:
    data = site / "data"
    catalogue = _json(data / "index.json")
    assert isinstance(catalogue, dict)
    schemas = {p.name: _json(p) for p in (data / "schema").glob("*.json")}
    for schema in schemas.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(catalogue, schemas["index.json"], cls=jsonschema.Draft202012Validator)
    checked = 0
    for f in catalogue["files"]:
        assert (data / f["path"]).is_file(), f
        if f["schema"] is None:
            continue
        schema = _json(data / f["schema"])
        jsonschema.validate(_json(data / f["path"]), schema,
                            cls=jsonschema.Draft202012Validator)
        checked += 1
    assert checked == 4


def test_the_schemas_reject_a_record_that_breaks_them(site: Path) -> None:
    data = site / "data"
    doc = _json(data / "entities.json")
    assert isinstance(doc, dict)
    doc["entities"][0]["id"] = "Not An Id"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, _json(data / "schema" / "entities.json"))


def test_the_data_holds_every_entity_citation_and_passage(site: Path, project) -> None:  # type: ignore[no-untyped-def]
    data = site / "data"
    ents = _json(data / "entities.json")["entities"]  # type: ignore[index]
    assert {e["id"] for e in ents} == set(project.entities)
    cites = _json(data / "citations.json")["citations"]  # type: ignore[index]
    assert len(cites) == len(project.citations) > 1000
    passages = _json(data / "passages.json")["passages"]  # type: ignore[index]
    n_open = sum(len([a for a in e.openings if not a.startswith("fn")])
                 for e in project.entities.values() if e.kind == "document")
    assert len(passages) == n_open > 1000
    by_id = {e["id"]: e for e in ents}
    p7 = by_id["principle-7"]
    assert p7["url"] == "principles/principle-7.html"
    assert p7["kind"] == "principle" and p7["number"] == 7
    assert "guideline-2" in p7["related"]
    a63 = by_id["a-63-215"]
    assert "A/63/215" in a63["symbols"]
    assert len(a63["cited_by"]) > 5
    assert all(_resolves(site, u) for u in a63["cited_by"] + a63["linked_from"])
    assert set(p7["cites"]) <= set(project.bib.entries) and p7["cites"]
    # Every entity, citation and passage URL resolves in the built site.
    for e in ents:
        assert _resolves(site, e["url"]), e["url"]


def test_citation_and_passage_urls_resolve_to_anchors_of_the_built_html(site: Path) -> None:
    data = site / "data"
    cites = _json(data / "citations.json")["citations"]  # type: ignore[index]
    sample = cites[:: max(1, len(cites) // 300)]
    for c in sample:
        assert _resolves(site, c["url"]), c
        if c["passage_url"]:
            assert _resolves(site, c["passage_url"]), c
    passages = _json(data / "passages.json")["passages"]  # type: ignore[index]
    for p in passages[:: max(1, len(passages) // 300)]:
        assert _resolves(site, p["url"]), p
        assert p["first_words"]
    labels = {(p["document"], p["anchor"]): p["number"] for p in passages}
    assert labels[("a-63-215", "para-62")] == "para. 62"
    assert labels[("e-2002-68-add-1", "guideline-2-6")] == "Guideline 2.6"


def test_the_csl_json_bibliography_is_read_by_citeproc_py(site: Path, project) -> None:  # type: ignore[no-untyped-def]
    items = _json(site / "data" / "bibliography.json")
    assert isinstance(items, list) and len(items) == len(project.bib.entries)
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = CitationStylesBibliography(style, source, cp_formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    rendered = [str(r) for r in bib.bibliography()]
    assert len(rendered) == len(items)
    a63 = next(i for i in items if i["id"] == "a-63-215")
    assert a63["author"] == [{"literal": "Secretary-General of the United Nations"}]
    assert a63["issued"] == {"date-parts": [[2008, 8, 4]]}
    assert a63["number"] == "A/63/215"
    assert any("Trafficking in women and girls" in r for r in rendered)


def test_the_bibtex_bibliography_parses_back(site: Path, project) -> None:  # type: ignore[no-untyped-def]
    lib = bibtexparser.parse_string((site / "data" / "bibliography.bib").read_text("utf-8"))
    assert not lib.failed_blocks
    assert {e.key for e in lib.entries} == set(project.bib.entries)
    a63 = next(e for e in lib.entries if e.key == "a-63-215")
    assert a63.fields_dict["symbol"].value == "A/63/215"


# ------------------------------------------------------------------------ inventory
def test_objects_inv_is_read_by_sphobjinv_and_resolves(site: Path, project) -> None:  # type: ignore[no-untyped-def]
    import sphobjinv as soi

    inv = soi.Inventory(fname_zlib=site / "objects.inv")
    assert inv.project.startswith("Human Rights and Human Trafficking")
    by_name = {(o.domain, o.role, o.name): o for o in inv.objects}
    for eid in project.entities:
        assert ("std", "label", eid) in by_name, eid
    for n in range(1, 18):
        assert ("std", "label", f"e-2002-68-add-1/principle-{n}") in by_name
    items = [k for k in by_name if k[2].startswith("e-2002-68-add-1/guideline-")]
    assert len(items) > 90  # the 11 guidelines and their numbered items
    assert ("std", "doc", "principles/principle-7") in by_name
    objs = sorted(inv.objects, key=lambda o: o.name)
    sample = objs[:: max(1, len(objs) // 400)] + [
        by_name[("std", "label", "a-63-215/para-62")],
        by_name[("std", "label", "e-2002-68-add-1/guideline-2-6")],
    ]
    for o in sample:
        uri = o.uri_expanded
        assert _resolves(site, uri), (o.name, uri)
    assert by_name[("std", "label", "a-63-215/para-62")].dispname == "A/63/215, para. 62"


# ---------------------------------------------------------------- the pages' head and foot
EXPECTED_TYPES = {
    "principles/principle-7.html": "Quotation",
    "guidelines/guideline-2.html": "Quotation",
    "agencies/unhcr.html": "Organization",
    "bodies/icat.html": "Organization",
    "instruments/trafficking-protocol.html": "Legislation",
    "events/vienna-forum-2008.html": "Event",
    "documents/a-63-215.html": "CreativeWork",
    "index.html": "WebPage",
}


def _jsonld(page: Path) -> dict:  # type: ignore[type-arg]
    found = _LD.findall(page.read_text(encoding="utf-8"))
    assert len(found) == 1, page
    return json.loads(found[0])  # type: ignore[no-any-return]


def test_each_page_has_json_ld_of_the_type_of_its_kind(site: Path) -> None:
    ents = {e["url"]: e for e in _json(site / "data" / "entities.json")["entities"]}  # type: ignore[index]
    for url, expected in EXPECTED_TYPES.items():
        data = _jsonld(site / url)
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == expected, url
        assert data["url"] == url
        if url in ents:
            assert data["name"] == ents[url]["title"]
            assert data["identifier"][0] == ents[url]["id"]
    proto = _jsonld(site / "instruments/trafficking-protocol.html")
    assert "legislationDate" in proto
    forum = _jsonld(site / "events/vienna-forum-2008.html")
    assert forum["startDate"].startswith("2008")
    # Every built page of the handbook carries one.
    for page in (site / "principles").glob("*.html"):
        _jsonld(page)


def _between(text: str, cls: str, tag: str) -> str:
    m = re.search(rf'<{tag} class="{cls}">(.*?)</{tag}>', text, re.S)
    assert m, cls
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))


def test_cite_this_page_matches_the_data(site: Path) -> None:
    ents = _json(site / "data" / "entities.json")["entities"]  # type: ignore[index]
    for e in ents[:: max(1, len(ents) // 25)]:
        text = (site / e["url"]).read_text(encoding="utf-8")
        plain = _between(text, "hb-cite-plain", "p")
        assert e["url"] in plain and e["title"] in plain
        bib = bibtexparser.parse_string(_between(text, "hb-cite-bibtex", "pre"))
        assert not bib.failed_blocks and len(bib.entries) == 1
        fields = bib.entries[0].fields_dict
        assert fields["url"].value == e["url"]
        ris = dict(line.split("  - ", 1) for line in
                   _between(text, "hb-cite-ris", "pre").splitlines() if "  - " in line)
        assert ris["UR"] == e["url"] and ris["TY"] == "ELEC"
        assert e["title"] in ris["TI"]
        changed = re.search(r'Last changed <time datetime="([\d-]+)">', text)
        if e["changed"]:
            assert changed and changed.group(1) == e["changed"], e["id"]
            assert fields["date"].value == e["changed"]
        else:
            assert changed is None and "not recorded" in text


def test_last_changed_comes_from_one_git_log(tmp_path: Path) -> None:
    dates = history.last_changed(ROOT, "docs")
    assert dates["index.md"] >= "2026"
    assert "principles/principle-7.md" in dates
    assert history.last_changed(tmp_path, "docs") == {}  # not a repository: no dates


def test_without_a_date_the_page_says_so_and_cites_the_build(project) -> None:  # type: ignore[no-untyped-def]
    info = pagemeta.page_info(project, "principles/principle-7.md", changed=None,
                              built="2030-01-02", site_name="S")
    assert "(built 2030-01-02)" in info.plain
    assert "note         = {Built 2030-01-02}" in info.bibtex
    assert "dateModified" not in json.loads(info.jsonld)
    hostile = pagemeta.script_json({"name": "</script><script>alert(1)</script>"})
    assert "</script>" not in hostile and json.loads(hostile)["name"].startswith("</script>")


def test_the_data_step_is_fast_on_the_real_handbook(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    od = OpenData(project, site_name="S")
    for path in project.pages:
        od.page(path)
    od.finish(tmp_path)
    elapsed = time.perf_counter() - t0
    assert elapsed < 2.0, elapsed
    assert not od.diagnostics


# --------------------------------------------------------------- published addresses
def _codes(site: Site) -> list[str]:
    return [d.headline() for d in site.check().failing()]


def test_renaming_an_entity_without_moved_from_fails_then_redirects_with_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = Site(tmp_path)
    assert cli.main(["--root", str(tmp_path), "publish-addresses"]) == 0
    published = (tmp_path / addresses.PUBLISHED).read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(published.splitlines(), 1) if '"unhcr":' in t)
    assert _codes(site) == []
    old = tmp_path / "docs/agencies/unhcr.md"
    text = old.read_text(encoding="utf-8")
    old.unlink()
    (tmp_path / "docs/agencies/unhcr-agency.md").write_text(text, encoding="utf-8")
    # principle-1 links to "unhcr": the editor points it at the new id.
    p1 = tmp_path / "docs/principles/principle-1.md"
    p1.write_text(p1.read_text(encoding="utf-8").replace('agency("unhcr")',
                                                         'agency("unhcr-agency")'),
                  encoding="utf-8")
    failing = _codes(site)
    assert failing == [f"data/published.json:{line}: [HB501] the published address "
                       "agencies/unhcr.html (id 'unhcr') no longer exists: no page has the "
                       "id, and no page says it replaced it"], failing
    assert cli.main(["--root", str(tmp_path), "check"]) == 1
    assert "moved_from: unhcr" in capsys.readouterr().out
    (tmp_path / "docs/agencies/unhcr-agency.md").write_text(
        text.replace("short: UNHCR\n", "short: UNHCR\nmoved_from: unhcr\n"), encoding="utf-8")
    assert _codes(site) == []
    built = site.build()
    assert built.ok, built.log
    redirect = built.site / "agencies/unhcr.html"
    page = redirect.read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=unhcr-agency.html">' in page
    assert '<a href="unhcr-agency.html">' in page
    assert (built.site / "agencies/unhcr-agency.html").is_file()
    # The inventory and data follow the new id; the old one is recorded as moved.
    ents = {e["id"]: e for e in _json(built.site / "data/entities.json")["entities"]}  # type: ignore[index]
    assert ents["unhcr-agency"]["moved_from"] == ["unhcr"]
    # Publishing again keeps the old address (the redirect honours it).
    cli.main(["--root", str(tmp_path), "publish-addresses"])
    again = addresses.read(tmp_path)[0]
    assert again is not None and {"unhcr", "unhcr-agency"} <= set(again.entities)


def test_moved_from_an_id_still_in_use_is_refused(tmp_path: Path) -> None:
    site = Site(tmp_path, {"docs/agencies/other.md": _agency("other", "moved_from: [unhcr]")})
    failing = _codes(site)
    assert len(failing) == 1 and "[HB503]" in failing[0], failing
    assert failing[0].startswith("docs/agencies/other.md:")


def test_a_passage_anchor_that_disappears_fails_the_check(tmp_path: Path) -> None:
    site = Site(tmp_path)
    cli.main(["--root", str(tmp_path), "publish-addresses"])
    published = (tmp_path / addresses.PUBLISHED).read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(published.splitlines(), 1)
                if '"anchor": "para-2"' in t)
    doc = tmp_path / "docs/documents/a-63-215.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace('id="para-2">2.', 'id="para-3">3.'),
                   encoding="utf-8")
    for page in ("docs/principles/principle-1.md",):
        p = tmp_path / page
        p.write_text(p.read_text(encoding="utf-8").replace('"para. 2"', '"para. 3"'),
                     encoding="utf-8")
    failing = _codes(site)
    assert failing == [f"data/published.json:{line}: [HB502] 1 published passage anchor of "
                       "docs/documents/a-63-215.md no longer exists: para-2"], failing


def test_an_unreadable_list_of_addresses_is_a_diagnostic(tmp_path: Path) -> None:
    site = Site(tmp_path, {addresses.PUBLISHED: '{"entities": {"a": "b.html"},\n "passages": ['})
    failing = _codes(site)
    assert len(failing) == 1 and "[HB504]" in failing[0], failing
    assert failing[0].startswith("data/published.json:2:")


def _agency(aid: str, extra: str) -> str:
    return f"""---
title: Other agency {aid}
short: OTHER
type: un-entity
icat_member: false
gap_analysis: false
summary: Another agency.
{extra}
---

## Mandate

It works {{{{ cite("a-63-215", "para. 1") }}}}.

## Activities against trafficking

It trains {{{{ cite("a-63-215", "para. 1") }}}}.

## In other sources

Reported {{{{ cite("a-63-215", "para. 2") }}}}.
"""
