"""Composed PDFs read back (handbook/pdf/compose.py): the page numbers of each PDF are its
own, citation numbers link to their bibliography entry, links leave for the website only
when the site gives its address, and the bookmarks nest chapters, pages and sections."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pdfkit import norm, pdftotext, two_chapter_site

from handbook import pdf

ADDRESS = "https://example.org/hb/"


def _links(path: Path) -> list[dict[str, Any]]:
    """Every link annotation: page (0-based), rect, and uri or dest page."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    out = []
    for i, page in enumerate(reader.pages):
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            entry: dict[str, Any] = {"page": i, "rect": [float(v) for v in annot["/Rect"]]}
            if "/A" in annot:
                entry["uri"] = str(annot["/A"]["/URI"])
            if "/Dest" in annot:
                entry["dest"] = index[annot["/Dest"][0].idnum]
            out.append(entry)
    return out


def _pages(path: Path) -> list[str]:
    return [norm(p) for p in pdftotext(path).split("\f")[:-1]]


def _page_of(pages: list[str], text: str, start: int = 2) -> int:
    return next(i for i, p in enumerate(pages) if i >= start and text in p)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """The PDFs of the two-chapter site, with and without an address."""
    out: dict[str, dict[str, Path]] = {}
    for label, address in (("address", ADDRESS), ("none", None)):
        root = tmp_path_factory.mktemp(label)
        site = two_chapter_site(root / "site", address=address)
        results = pdf.build_pdfs(site, root / "pdf", version="1", date="2030-01-02", jobs=1,
                                 cache_dir=None)  # fmt: skip
        out[label] = {r.name: r.path for r in results}
    return out


def test_each_pdf_numbers_its_own_pages(built: dict[str, dict[str, Path]]) -> None:
    for name, path in built["none"].items():
        pages = pdftotext(path).split("\f")[:-1]
        assert "1 /" not in pages[0].strip().splitlines()[-1], f"{name}: the cover is numbered"
        for n, page in enumerate(pages[1:], 2):
            assert page.rstrip().endswith(f"{n} / {len(pages)}") or page.rstrip().endswith(
                f"{n}/{len(pages)}"
            ), (name, n, page[-80:])


def test_page_references_point_to_their_page_in_each_pdf(
    built: dict[str, dict[str, Path]],
) -> None:
    import re

    for name in ("principles", "handbook"):
        pages = _pages(built["none"][name])
        overview = _page_of(pages, "The principles See")
        m = re.search(r"Principle 1 \(p\. (\d+)\)", pages[overview])
        assert m, pages[overview]
        target = int(m.group(1))
        assert pages[target - 1].startswith("Principles — Principle 1: Scope"), (name, target)
    chapter = _pages(built["none"]["principles"])
    whole = _pages(built["none"]["handbook"])
    assert _page_of(whole, "Principle one text") > _page_of(chapter, "Principle one text")


def test_citation_numbers_link_to_their_bibliography_entry(
    built: dict[str, dict[str, Path]],
) -> None:
    for label in ("address", "none"):
        for name in ("principles", "guidelines", "handbook"):
            path = built[label][name]
            pages = _pages(path)
            bib = [i for i, p in enumerate(pages) if "Bibliography 1. Author." in p]
            assert bib, (label, name)
            cited = _page_of(pages, "one text [1, para. 2]")
            dests = {k["dest"] for k in _links(path) if k["page"] == cited and "dest" in k}
            assert dests & set(bib), (label, name, dests, bib)


def test_links_leave_for_the_website_only_when_the_site_gives_its_address(
    built: dict[str, dict[str, Path]],
) -> None:
    uris = {k["uri"] for k in _links(built["address"]["principles"]) if "uri" in k}
    assert ADDRESS + "documents/x.html#para-2" in uris  # the cited passage
    assert ADDRESS + "documents/x.html" in uris  # the bibliography entry's source
    assert ADDRESS + "guidelines/g-1.html" in uris  # another chapter, not in this PDF
    whole = _links(built["address"]["handbook"])
    pages = _pages(built["address"]["handbook"])
    guideline = _page_of(pages, "Guideline one text")
    overview = _page_of(pages, "The principles See")
    assert any(k.get("dest") == guideline for k in whole if k["page"] == overview), (
        "in the handbook, the link to another chapter goes to its page"
    )
    text = norm(pdftotext(built["address"]["principles"]))
    assert f"Each entry links to its source on the website, {ADDRESS}" in text
    for name, path in built["none"].items():
        assert not [k for k in _links(path) if "uri" in k], name
        assert "do not link to the website" in norm(pdftotext(path)), name


def test_bookmarks_nest_chapters_pages_and_sections(built: dict[str, dict[str, Path]]) -> None:
    from pypdf import PdfReader

    path = built["none"]["handbook"]
    reader = PdfReader(path)
    pages = _pages(path)

    def tree(items: list[Any]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            if isinstance(item, list):
                out.append(tree(item))
            else:
                n = reader.get_destination_page_number(item)
                assert item.title in pages[n], (item.title, n, pages[n][:120])
                out.append(item.title)
        return out

    assert tree(reader.outline) == [
        "Contents",
        "Home",
        "Principles",
        ["The principles", "Principle 1: Scope", ["Scope"], "Bibliography"],
        "Guidelines",
        ["Guideline 1: Method", "Bibliography"],
    ]
    chapter = PdfReader(built["none"]["principles"])
    assert [i.title for i in chapter.outline if not isinstance(i, list)] == [
        "Contents",
        "The principles",
        "Principle 1: Scope",
        "Bibliography",
    ]
