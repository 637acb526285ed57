"""Numbered passages of the sources without paragraph numbers, and the locators citing them.

The numbering is locked: :data:`LOCK` holds, per document, the number of passages and a
digest of (number, first five words) of every passage, and :data:`SAMPLE` the first words
of some passages. A change to the importer or to sources/documents.yaml that renumbers a
passage fails here; if it is deliberate, update the table (the failure prints the new one)
and the citations that point to the renumbered passages.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from handbook.core.bibliography import LOCATOR_START, looks_like_locator, parse_locator
from sitekit import load

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "documents"
MARK = re.compile(r'<span class="hb-pn" id="pass-(\d+)">¶ (\d+)</span>')
_NOISE = re.compile(r"<[^<>]*>|\[\^[\w-]+\]|\*\*|(?<!\w)\*|\*(?!\w)")


def passages(page: str) -> dict[int, list[str]]:
    """Passage number -> its lines: from its marker to the next marker or heading
    (footnote definitions left out)."""
    body = page.split("---\n", 2)[2]
    out: dict[int, list[str]] = {}
    current = None
    for line in body.split("\n"):
        if line.startswith("#"):
            current = None
            continue
        if re.match(r"^\[\^[\w-]+\]: ", line):
            continue
        m = MARK.search(line)
        if m:
            assert m.group(1) == m.group(2), line
            current = int(m.group(1))
            out[current] = [line[m.end() :]]
        elif current is not None and line.strip():
            out[current].append(line)
    return out


def words(lines: list[str]) -> list[str]:
    return _NOISE.sub(" ", " ".join(lines)).split()


def digest(page: str) -> tuple[int, str]:
    ps = passages(page)
    table = "\n".join(f"{n}\t{' '.join(words(ps[n])[:5])}" for n in sorted(ps))
    return len(ps), hashlib.sha256(table.encode("utf-8")).hexdigest()[:16]


def _pages() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md"))}


LOCK: dict[str, tuple[int, str]] = {
    "ga-2008-debate-background": (20, 'e3c0fab61cef7abc'),
    "ga-2008-debate-programme": (7, 'dc5327911e796e3f'),
    "icat-2010-review": (334, '3669fab944eaec2b'),
    "pga-2008-letter-2008-03-19": (8, '60f96e7ca173a5cd'),
    "pga-2008-letter-2008-05-19": (4, '580aaa7de3df706b'),
    "pga-2008-letter-2008-07-28": (3, 'c348d73b423530ba'),
    "stmt-2008-algeria": (12, '6cc0ac157007d32e'),
    "stmt-2008-apne-aap": (21, '43f09386c34b9798'),
    "stmt-2008-austria": (17, '10613d06a43421b8'),
    "stmt-2008-belarus": (32, '10ca389fb7dabbc6'),
    "stmt-2008-brazil": (8, '0947f9ae53249c8e'),
    "stmt-2008-carlson": (45, 'd2a34eb3ef5da66e'),
    "stmt-2008-colombia": (9, '1fe95db550a50024'),
    "stmt-2008-cuba": (18, 'f1ef4906888bf0e4'),
    "stmt-2008-ecuador": (20, '776f1dddf36ee991'),
    "stmt-2008-egypt": (23, '83bc973179935c10'),
    "stmt-2008-estonia": (12, '9e4f592e9e67c3fb'),
    "stmt-2008-eu-panel-1": (11, 'e6a2acea02c03bd0'),
    "stmt-2008-eu-panel-2": (9, 'dd0f5e82c5d0f6d8'),
    "stmt-2008-fokus": (6, '703cfdd901fe1127'),
    "stmt-2008-hewlett-packard": (19, '19e35e60f64a8d58'),
    "stmt-2008-ilo": (16, 'db2689afab8277e8'),
    "stmt-2008-iom": (7, 'e3aed28c7817276a'),
    "stmt-2008-japan": (6, 'd0a389ca10fad49d'),
    "stmt-2008-judd": (23, '7e831d34407e28cd'),
    "stmt-2008-kazakhstan": (11, 'ec67943cff5fd48f'),
    "stmt-2008-mexico": (11, '41f72c643f8ab8c1'),
    "stmt-2008-nigeria": (8, 'b54fc0d020268763'),
    "stmt-2008-ohchr": (15, '400d624c88726856'),
    "stmt-2008-pakistan": (10, 'f1b8df688f04bbf6'),
    "stmt-2008-pga-closing": (19, '0d7cf550f131f54d'),
    "stmt-2008-pga-opening": (42, '806ecbe59025f3cb'),
    "stmt-2008-philippines": (7, '742b11c0e40d2eb6'),
    "stmt-2008-portugal": (6, '25ab2548abfe5d6e'),
    "stmt-2008-thailand": (9, '04419918901defbb'),
    "stmt-2008-turkey": (9, 'f03ef0da04504134'),
    "stmt-2008-uae": (30, 'b30f62d91a5ce856'),
    "stmt-2008-ukraine": (6, '652871fe3b72eca3'),
}

SAMPLE = {
    ("icat-2010-review", 1): "From 18-22 October 2010, the",
    ("icat-2010-review", 9): "ICAT has the following goals",
    ("stmt-2008-japan", 1): "Mr. Chairman, Japan continues to",
    ("stmt-2008-japan", 6): "As regards the efforts we",
    ("pga-2008-letter-2008-03-19", 1): "Excellency,",
}

NUMBERED = {
    "ohchr-hrc10-report", "e-cn-4-2003-74", "a-63-215", "ga-2008-debate-summary",
    "e-2002-68-add-1", "vienna-forum-report", "vienna-forum-crp",
}


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return _pages()


def test_numbering_is_locked(pages: dict[str, str]) -> None:
    now = {doc: digest(text) for doc, text in pages.items() if 'id="pass-' in text}
    table = "\n".join(f'    "{d}": {now[d]!r},' for d in sorted(now))
    assert now == LOCK, "passage numbering changed; if deliberate, LOCK is now:\n" + table


@pytest.mark.parametrize(("doc", "number"), sorted(SAMPLE))
def test_sample_passages(pages: dict[str, str], doc: str, number: int) -> None:
    got = " ".join(words(passages(pages[doc])[number])[:5])
    assert got.startswith(SAMPLE[doc, number])


def test_every_unnumbered_source_has_passages(pages: dict[str, str]) -> None:
    for doc, text in pages.items():
        if doc == "index":
            continue
        ps = passages(text)
        if doc in NUMBERED:
            assert not ps, doc  # sources with paragraph numbers keep theirs, and no more
            assert 'id="para-' in text, doc
            continue
        assert sorted(ps) == list(range(1, len(ps) + 1)), doc
        assert len(ps) >= 3, doc
        # all the text of the page is in a passage: nothing between a heading and the
        # first passage after it
        body = text.split("---\n", 2)[2]
        for block in re.split(r"\n(?=#)", body):
            content = [
                ln for ln in block.split("\n")[1:]
                if ln.strip() and not ln.startswith("[^") and not ln.startswith("<span id=")
            ]
            if content and block.startswith("#"):
                assert MARK.search(content[0]), (doc, content[0][:80])


def test_passages_are_short_where_the_text_allows(pages: dict[str, str]) -> None:
    """At most 300 words, except a single paragraph or list item that is longer."""
    long = []
    for doc, text in pages.items():
        for n, lines in passages(text).items():
            if len(words(lines)) > 300:
                blocks = [ln for ln in lines if ln.strip()]
                # a lead line ("- **Capacity Building**") and one paragraph, or one item
                body = blocks[1:] if len(blocks) == 2 and len(words(blocks[:1])) <= 12 else blocks
                assert len(body) == 1, (doc, n, len(words(lines)))
                long.append((doc, n))
    assert long == [("icat-2010-review", 113), ("icat-2010-review", 255)]


def test_existing_anchors_are_kept(pages: dict[str, str]) -> None:
    icat = pages["icat-2010-review"]
    for a in ("sect-introduction", "sect-unhcr-mandate", "sect-unhcr-gap-analysis",
              "sect-unodc-recommendations", "sect-unesco-recommendations"):
        assert a in icat
    assert 'id="annex-3"' in pages["vienna-forum-report"] or "{#annex-3}" in pages["vienna-forum-report"]
    assert 'id="para-90"' in pages["ohchr-hrc10-report"]


def test_the_real_handbook_checks_clean() -> None:
    """Every existing citation (para., sect., principle, guideline, note, annex) still
    resolves, and the passage anchors are known to the registry with their openings."""
    project = load(ROOT, docs_dir=ROOT / "docs", bib_dir=ROOT / "bibliography")
    assert [d.format() for d in project.failing()] == []
    icat = project.entities["icat-2010-review"]
    assert {"pass-1", "pass-333", "sect-unhcr-mandate", "fn:1"} <= icat.anchors
    japan = project.entities["stmt-2008-japan"]
    # a passage opened by a salutation: the hover text goes on into the paragraph
    assert japan.openings["pass-1"].startswith("Mr. Chairman, Japan continues to work")
    pg = project.entities["e-2002-68-add-1"]
    assert pg.openings["principle-7"].startswith("Trafficked persons shall not be detained")
    assert pg.openings["guideline-2-3"].startswith("Ensuring cooperation between")


@pytest.mark.parametrize(
    ("text", "anchor", "required"),
    [
        ("¶ 4", "pass-4", ("pass-4",)),
        ("¶4", "pass-4", ("pass-4",)),
        ("¶¶ 4-6", "pass-4", ("pass-4", "pass-6")),
        ("¶¶ 4–6", "pass-4", ("pass-4", "pass-6")),
        ("passage 12", "pass-12", ("pass-12",)),
        ("Passage 12", "pass-12", ("pass-12",)),
        ("passages 3 to 5", "pass-3", ("pass-3", "pass-5")),
        ("passages 3-5", "pass-3", ("pass-3", "pass-5")),
        ("para. 12", "para-12", ("para-12",)),
        ("sect. UNHCR mandate", "sect-unhcr-mandate", ("sect-unhcr-mandate",)),
        ("¶ four", None, ()),
    ],
)
def test_passage_locators(text: str, anchor: str | None, required: tuple[str, ...]) -> None:
    loc = parse_locator(text)
    assert loc.anchor == anchor
    assert loc.required == required
    assert looks_like_locator(text)


def test_passage_locators_start_a_locator() -> None:
    assert LOCATOR_START.match("¶3")
    assert LOCATOR_START.match("passage 3")
    assert LOCATOR_START.match("passages")
    assert not LOCATOR_START.match("passing")


DOCUMENT = """\
---
kind: document
title: Statement by Somebody, General Assembly thematic debate, 3 June 2008
short: Statement by Somebody
summary: A statement.
---

<span class="hb-pn" id="pass-1">¶ 1</span> Mr. President,

We are committed to the fight against trafficking in persons.

<span class="hb-pn" id="pass-2">¶ 2</span> We call for more cooperation.
"""
BIB = "@misc{stmt-one,\n  title = {Statement},\n  year = {2008},\n}\n"
PAGE = (
    "---\ntitle: Guide\n---\n\n# Guide\n\n"
    'Committed {{ cite("stmt-one", "¶ 1") }}; cooperation {{ cite("stmt-one", "¶¶ 1-2") }}.\n'
)


def test_a_passage_is_cited_and_linked(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site(
        {"docs/documents/stmt-one.md": DOCUMENT, "bibliography/stmt.bib": BIB,
         "docs/guide.md": PAGE}
    )
    assert [d.format() for d in site.check().failing()] == []
    result = site.build()
    assert result.ok, result.log
    guide = result.html("guide.html")
    assert 'href="documents/stmt-one.html#pass-1"' in guide
    # the card shows the passage's own words, both of its paragraphs
    assert re.search(
        r'<div class="hb-card-text">\s*<p>Mr. President,</p>\s*'
        r"<p>We are committed to the fight against trafficking in persons.</p>", guide)
    doc = result.html("documents/stmt-one.html")
    assert re.search(r'id="pass-1" href="#pass-1">¶ 1</a> Mr. President,</p>\s*'
                     r'<details class="hb-citedby"><summary>Cited in 2 places', doc)


def test_an_unknown_passage_is_diagnosed(make_site) -> None:  # type: ignore[no-untyped-def]
    site = make_site(
        {"docs/documents/stmt-one.md": DOCUMENT, "bibliography/stmt.bib": BIB,
         "docs/guide.md": PAGE.replace("¶¶ 1-2", "¶ 9")}
    )
    got = [d.format() for d in site.check().failing()]
    assert got == [
        "docs/guide.md:7: [HB202] locator '¶ 9' is not in Statement by Somebody (stmt-one)\n"
        "  expected: a passage of Statement by Somebody: ¶ 1 to ¶ 2\n"
        "  fix: correct the locator; the document page lists its paragraphs and sections"
    ]
