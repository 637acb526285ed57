"""Adding a kind is one declaration (and the pages of its folder).

A throwaway kind, "case" (case law), is declared in a temporary project; nothing else in
the engine is touched. It must then be checked against its schema, built, listed in the
navigation, get its index table, its link macro, its row in a matrix, its place among the
related pages, its table in the editors' guide, its scaffold from ``handbook new``, and its
chapter in the trainers' PDFs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sitekit import Site

from handbook import cli
from handbook.core.kinds import KINDS, Column, Field, Kind, LinkMacro

CASE = Kind(
    "case",
    "cases",
    "Cases",
    (Field("court", "text", True, "The court that decided it."),
     Field("decided", "date", False, "When it was decided.")),
    ("Facts", "In the sources"),
    doc="A court decision the sources discuss.",
    sort=("decided", "title"),
    columns=(Column("Case", "title", "link"), Column("Court", "court"),
             Column("Year", "decided", "year")),
    scaffold=("court: ...   # the court that decided it",),
    link=LinkMacro("case", "Link to a court decision, by id.", '`{{ case("rantsev") }}`'),
)

CASE_PAGE = """\
---
title: Rantsev v. Cyprus and Russia
summary: A decision on a State's duties towards a trafficked person.
court: European Court of Human Rights
decided: "2010-01-07"
related: [principle-1]
---

## Facts

The report mentions it {{ cite("a-63-215", "para. 1") }}.

## In the sources

Cited once {{ cite("a-63-215", "para. 2") }}.
"""

FILES = {
    "docs/cases/index.md": "---\ntitle: Cases\n---\n\n# Cases\n\n{{ index(\"case\") }}\n",
    "docs/cases/rantsev.md": CASE_PAGE,
    "docs/matrix.md": "---\ntitle: Matrix\n---\n\n{{ matrix(\"case\", \"principle\") }}\n",
    "docs/guide.md": "---\ntitle: Guide\n---\n\nSee {{ case(\"rantsev\") }}.\n\n"
                     "{{ schema_reference() }}\n\n{{ macro_reference() }}\n",
}


@pytest.fixture
def declared():  # type: ignore[no-untyped-def]
    with KINDS.declared(CASE):
        yield


def test_the_new_kind_is_checked_against_its_schema(tmp_path: Path, declared: None) -> None:
    site = Site(tmp_path, FILES)
    assert site.check().failing() == []
    broken = Site(tmp_path / "broken", {**FILES, "docs/cases/rantsev.md":
                                        CASE_PAGE.replace("court: European", "kourt: European")})
    heads = [d.headline() for d in broken.check().failing()]
    assert "docs/cases/rantsev.md:1: [HB010] required field 'court' is missing in the front " \
           "matter of this case page" in heads


def test_the_new_kind_builds_with_navigation_index_matrix_and_related_pages(
    tmp_path: Path, declared: None
) -> None:
    result = Site(tmp_path, FILES).build()
    assert result.ok, result.log
    index = result.html("cases/index.html")
    assert "<th>Court</th>" in index and "European Court of Human Rights" in index
    assert re.search(r'class="md-nav__link[^"]*"[^>]*>\s*(?:<span[^>]*>\s*)?Cases', index)
    case = result.html("cases/rantsev.html")
    assert re.search(r"<summary>Principles \(\d+\)</summary>", case)  # related, by kind
    principle = result.html("principles/principle-1.html")
    assert re.search(r"<summary>Cases \(1\)</summary>", principle)
    assert "rantsev.html" in principle
    assert "hb-case" in result.html("guide.html")  # the link macro
    matrix = result.html("matrix.html")
    assert "<caption>Cases (rows) by principles (columns)</caption>" in matrix
    guide = result.html("guide.html")
    assert 'id="case"' in guide and "docs/cases/" in guide  # schema table
    assert "case(id: str, text: str | None = None)" in guide  # macro reference


def test_handbook_new_scaffolds_the_new_kind(tmp_path: Path, declared: None,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    site = Site(tmp_path, FILES)
    assert cli.main(["--root", str(site.root), "new", "case", "siliadin"]) == 0
    page = (site.root / "docs/cases/siliadin.md").read_text(encoding="utf-8")
    assert "court: ..." in page and "## Facts" in page and "## In the sources" in page
    capsys.readouterr()
    assert cli.main(["--root", str(site.root), "check"]) == 1
    codes = set(re.findall(r"\[(HB\d{3})\]", capsys.readouterr().out))
    assert codes <= {"HB032", "HB031"}, codes


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_new_kind_is_a_pdf_chapter(tmp_path: Path, declared: None) -> None:
    from sitekit import MKDOCS_YML

    from handbook.pdf import build_pdfs

    # The PDF stage follows the pages' "Next" links: Material writes them with this feature.
    yml = MKDOCS_YML.replace("  font: false\n", "  font: false\n  features: [navigation.footer]\n")
    result = Site(tmp_path, {**FILES, "mkdocs.yml": yml}).build()
    assert result.ok, result.log
    out = tmp_path / "pdf"
    done = build_pdfs(result.site, out, ["cases"], jobs=1)
    assert [r.name for r in done] == ["cases"]
    text = subprocess.run(["pdftotext", str(out / "cases.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Rantsev v. Cyprus and Russia" in text
