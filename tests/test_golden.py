"""Golden HTML for each macro and for citations and bibliographies.

Each case is a page of a small site built for real; the HTML of the page's content is
compared with ``tests/golden/<case>.html``. Run ``pytest --regen-golden`` to rewrite the
golden files after an intended change, and review the diff.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"

BIB_EXTRA = r"""
@book{vienna,
  author    = {{United Nations Global Initiative to Fight Human Trafficking (UN.GIFT)}},
  title     = {The Vienna Forum report: a way forward to combat human trafficking},
  publisher = {United Nations},
  address   = {New York},
  year      = {2008},
}

@string{un = "United Nations"}

@article{accents,
  author  = {M{\"u}ller, J{\'e}r{\^o}me and Nu{\~n}ez, Ileana and {World Health Organization}},
  title   = {Caf{\'e} {\&} trafficking: {UN} \textit{responses}},
  journal = un # " Review",
  year    = {2007},
  volume  = {3},
}

@incollection{chapter,
  crossref  = {collection},
  author    = {Smith, Ann},
  title     = {A chapter},
}

@book{collection,
  editor    = {Doe, John},
  title     = {A collection},
  booktitle = {A collection},
  publisher = {Publisher},
  year      = {2005},
}
"""

CASES = {
    "principle": 'See {{ principle(1) }} and {{ principle(1, text="the first") }}.',
    "agency": 'See {{ agency("unhcr") }} and {{ agency("unhcr", text="the refugee agency") }}.',
    "doc": 'See {{ doc("A/63/215") }}, {{ doc("a-63-215", text="the report") }} and '
           '{{ doc("S/RES/1325 (2000)") }}.',
    "cite-single": 'A fact {{ cite("A/63/215") }}.',
    "cite-locator": 'A fact {{ cite("A/63/215", "para. 2") }} and another '
                    '{{ cite("a-63-215", "paras. 1-2") }}.',
    "cite-multiple": 'Facts {{ cite("A/63/215", "para. 1", "vienna", "p. 36") }} and '
                     '{{ cite(["vienna", "accents"]) }}.',
    "cite-symbol-without-entry": 'See {{ cite("A/62/640") }}.',
    "bib-edge-cases": 'Accents {{ cite("accents") }}; crossref {{ cite("chapter") }}.',
    "autolink": 'The report A/63/215 and the resolution S/RES/1325 (2000), but not '
                '`A/63/215` in code, nor 2006/27.',
    "backlinks": '{{ backlinks() }}',
    "index-agency": '{{ index("agency") }}',
    "bibliography": '{{ bibliography() }}',
    "timeline": '{{ timeline() }}',
    "matrix": '{{ matrix("agency", "principle") }}',
    "glossary": 'UNHCR works with others.\n\n{{ glossary() }}',
}


def _content(html: str) -> str:
    m = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', html, re.S)
    assert m, "no article in page"
    body = re.sub(r"<h1.*?</h1>", "", m.group(1), flags=re.S)
    return "\n".join(line.rstrip() for line in body.strip().splitlines()) + "\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from sitekit import BIB, Site

    root = tmp_path_factory.mktemp("golden")
    files: dict[str, str | bytes | None] = {"bibliography/main.bib": BIB + BIB_EXTRA}
    for name, text in CASES.items():
        files[f"docs/cases/{name}.md"] = f"---\ntitle: {name}\n---\n\n{text}\n"
    result = Site(root, files).build(strict=False)
    assert "Traceback" not in result.log
    return result


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_html(built, name: str, request: pytest.FixtureRequest) -> None:  # type: ignore[no-untyped-def]
    actual = _content(built.html(f"cases/{name}.html"))
    assert "{{" not in actual
    path = GOLDEN / f"{name}.html"
    if request.config.getoption("--regen-golden") or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not request.config.getoption("--regen-golden"):
            pytest.fail(f"golden file {path.name} was missing and has been written; review it")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            "golden", "actual"))
        pytest.fail(f"HTML differs from {path.name}:\n{diff}")


def test_entity_pages_get_backlinks_without_writing_anything(built) -> None:  # type: ignore[no-untyped-def]
    html = _content(built.html("agencies/unhcr.html"))
    assert "Related pages" in html
    assert 'href="../principles/principle-1.html"' in html
    assert 'href="../cases/agency.html"' in html


def test_cited_paragraph_shows_the_pages_citing_it(built) -> None:  # type: ignore[no-untyped-def]
    html = _content(built.html("documents/a-63-215.html"))
    para2 = html[html.index('id="para-2"'):]
    end = para2.index("</p>")
    # The list of citing pages follows the paragraph, as a block of its own (a <details>
    # inside a <p> is not valid HTML), before the next paragraph.
    assert "Cited in" not in para2[:end]
    following = para2[end:].removeprefix("</p>").lstrip()
    assert following.startswith('<details class="hb-citedby">')
    citing = following[: following.index("</details>")]
    assert "Cited in" in citing
    assert "cite-locator.html" in citing
