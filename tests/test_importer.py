"""Tests for handbook.importer, reading the generated pages in docs/documents/."""

from __future__ import annotations

import html
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
import yaml

from handbook import importer

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "documents"

STATEMENTS = [
    "pga-opening", "pga-closing", "uae", "judd", "eu-panel-1", "eu-panel-2", "colombia",
    "mexico", "ecuador", "belarus", "turkey", "cuba", "philippines", "portugal", "japan",
    "thailand", "kazakhstan", "ukraine", "nigeria", "brazil", "egypt", "austria", "pakistan",
    "algeria", "estonia", "ohchr", "ilo", "carlson", "iom", "apne-aap", "hewlett-packard", "fokus",
]

# SOURCES.md section 7: (affiliation, panel, language); speaker name fragment or None
STATEMENT_META = {
    "pga-opening": ("President of the General Assembly", "Opening", "en", "Srgjan Kerim"),
    "pga-closing": ("President of the General Assembly", "Closing", "en", "Srgjan Kerim"),
    "uae": ("United Arab Emirates", "Keynote", "en", "Gargash"),
    "judd": (None, "Keynote", "en", "Ashley Judd"),
    "eu-panel-1": ("European Union (Slovenian Presidency)", "Panel 1", "en", None),
    "eu-panel-2": ("European Union (Slovenian Presidency)", "Panel 2", "en", None),
    "colombia": ("Colombia", "Panel 1", "en", "Maria Isabel Nieto"),
    "mexico": ("Mexico", None, "en", "Claude Heller"),
    "ecuador": ("Ecuador", "Panel 2", "es", "Fernando Bustamante"),
    "belarus": ("Belarus", "Panel 2", "en", "Natalya Petkevich"),
    "turkey": ("Turkey", None, "en", "Baki İlkin"),
    "cuba": ("Cuba", None, "en", "Ileana Núñez Mordoche"),
    "philippines": ("Philippines", "Panel 1", "en", "Hilario G. Davide"),
    "portugal": ("Portugal", "Panel 1", "en", None),
    "japan": ("Japan", "Panel 1", "en", "Takahiro Shinyo"),
    "thailand": ("Thailand", "Panel 1", "en", "Chirachai Punkrasin"),
    "kazakhstan": ("Kazakhstan", None, "en", "Byrganym Aitimova"),
    "ukraine": ("Ukraine", None, "en", "Yuriy Sergeyev"),
    "nigeria": ("Nigeria", None, "en", "Joy Ogwu"),
    "brazil": ("Brazil", None, "en", None),
    "egypt": ("Egypt", "Panel 1 and Panel 2", "en", "Magued A. Abdelaziz"),
    "austria": ("Austria", "Panel 2", "en", "Gerhard Pfanzelter"),
    "pakistan": ("Pakistan", "Panel 1", "en", None),
    "algeria": ("Algeria", None, "fr", "Salima Abdelhak"),
    "estonia": ("Estonia", "Panel 2", "en", "Tiina Intelmann"),
    "ohchr": ("Office of the United Nations High Commissioner for Human Rights (OHCHR)", "Panel 1", "en", "Kyung-wha Kang"),
    "ilo": ("International Labour Organization (ILO)", "Panel 1", "en", "Roger Plant"),
    "carlson": ("Carlson Companies", "Panel 1", "en", "Marilyn Carlson Nelson"),
    "iom": ("International Organization for Migration (IOM)", "Panel 2", "en", "Ndioro Ndiaye"),
    "apne-aap": ("Apne Aap Women Worldwide (India)", "Panel 2", "en", "Ruchira Gupta"),
    "hewlett-packard": ("Hewlett-Packard", None, "en", "Bonnie Nixon Gardiner"),
    "fokus": ("FOKUS – Forum for Women and Development (Norway)", None, "en", "Mildrid Mikkelsen"),
}

OTHER_IDS = [
    "ohchr-hrc10-report", "icat-2010-review", "e-cn-4-2003-74", "a-63-215",
    "ga-2008-debate-background", "ga-2008-debate-programme", "ga-2008-debate-summary",
    "pga-2008-letter-2008-03-19", "pga-2008-letter-2008-05-19", "pga-2008-letter-2008-07-28",
    "e-2002-68-add-1", "vienna-forum-report", "vienna-forum-crp",
]

PARAGRAPHS = {
    "ohchr-hrc10-report": 90,
    "e-cn-4-2003-74": 49,
    "a-63-215": 63,
    "vienna-forum-report": 300,
    "vienna-forum-crp": 81,
    "ga-2008-debate-summary": 21,
    "e-2002-68-add-1": 17,
}

FURNITURE = [
    "A handwritten signature",
    "eu2008.si",
    "8264311.5",
    "Page 1",
    "Page 2",
    "Hewlett-Packard Company\nBonnie Nixon Gardiner",
    "Supply Chain Social &",
    "HUMAN TRAFFICKING A CRIME THAT SHAMES US ALL",
    "A CRIME THAT SHAMES US ALL",
    "140 EAST 57TH STREET",
    "315 Lexington Avenue",
    "556 FIFTH AVENUE",
    "828 SECOND AVENUE",
    "220 EAST 42ND STREET",
    "www.un.int/turkey",
    "%%%TRAFFICKING",
    ". . . . .",

    "<b>",
    "<u>",
    "<i>",
    "## **Gap Analysis and Recommendations**",
]


def _pages() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md"))
            if p.name != "index.md"}  # the chapter page is hand-written


def _split(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n")
    _, fm, body = text.split("---\n", 2)
    return yaml.safe_load(fm), body


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return _pages()


def test_expected_pages_exist(pages: dict[str, str]) -> None:
    expected = set(OTHER_IDS) | {f"stmt-2008-{w}" for w in STATEMENTS}
    assert set(pages) == expected


@pytest.mark.parametrize("doc_id,count", sorted(PARAGRAPHS.items()))
def test_paragraph_anchors_are_consecutive(pages: dict[str, str], doc_id: str, count: int) -> None:
    found = [int(n) for n in re.findall(r'id="para-(\d+)"', pages[doc_id])]
    assert found == list(range(1, count + 1))
    # every paragraph anchor is the hb-pn marker at the start of a paragraph
    for n in range(1, count + 1):
        assert re.search(
            rf'(?m)^(?:<span class="hb-item" id="principle-{n}">)?<span class="hb-pn" id="para-{n}">{n}\.</span> \S',
            pages[doc_id],
        ), (doc_id, n)


def test_principles_and_guidelines(pages: dict[str, str]) -> None:
    text = pages["e-2002-68-add-1"]
    for n in range(1, 18):
        assert re.search(
            rf'(?m)^<span class="hb-item" id="principle-{n}"><span class="hb-pn" id="para-{n}">{n}\.</span> '
            r"[^\n]+</span>$",
            text,
        ), n
    items = {1: 10, 2: 7, 3: 7, 4: 11, 5: 9, 6: 8, 7: 9, 8: 10, 9: 3, 10: 7, 11: 12}
    for g, count in items.items():
        assert re.search(rf"(?m)^### Guideline {g}: .+ \{{#guideline-{g}\}}$", text)
        found = [int(m) for m in re.findall(rf'id="guideline-{g}-(\d+)"', text)]
        assert found == list(range(1, count + 1)), g
    # items re-joined across the footnotes / page breaks
    assert "for the duration of any criminal, civil or other actions against suspected traffickers. States shall provide protection" in text
    assert re.search(r'id="guideline-3-5"><span class="hb-pn">5\.</span> [^\n]*\bensuring that distinctions are made', text)


class _ById(HTMLParser):
    """The text of every element with an id, as a browser would show it (note calls left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.text: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append((tag, dict(attrs).get("id")))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if any(tag == "sup" for tag, _ in self.open):
            return
        for _, ident in self.open:
            if ident:
                self.text.setdefault(ident, []).append(data)


def _element_texts(markdown_text: str) -> dict[str, str]:
    html = markdown.markdown(markdown_text, extensions=["footnotes", "attr_list", "md_in_html"])
    parser = _ById()
    parser.feed(html)
    return {k: " ".join("".join(v).split()) for k, v in parser.text.items()}


def test_principle_and_guideline_anchors_hold_the_whole_item(pages: dict[str, str]) -> None:
    """The element a `principle N` or `guideline N.M` citation points to holds the item's
    whole text: from its number to the end of its last sentence, nothing of the next item."""
    _, body = _split(pages["e-2002-68-add-1"])
    texts = _element_texts(body)
    seed = (ROOT / "sources" / "seeds" / "004_7e2460ee5dd09447.txt").read_text(encoding="utf-8")
    seed_words = " ".join(seed.split())
    ids = [i for i in texts if re.fullmatch(r"principle-\d+|guideline-\d+-\d+", i)]
    assert len(ids) == 17 + 93
    for ident in ids:
        number = ident.rsplit("-", 1)[1]
        item = texts[ident]
        assert item.startswith(f"{number}. "), ident
        assert re.search(r"[.;:]$", item), (ident, item[-60:])
        # the item's last words are the source's, and the next item is not in it
        tail = item.split()[-6:]
        assert " ".join(tail).rstrip(".;:") in seed_words, (ident, tail)
        assert f" {int(number) + 1}. " not in item, ident
    assert texts["principle-7"].startswith("7. Trafficked persons shall not be detained")
    assert texts["principle-7"].endswith("as trafficked persons.")
    assert texts["guideline-2-3"].startswith("3. Ensuring cooperation between relevant authorities")


def test_icat_anchors(pages: dict[str, str]) -> None:
    text = pages["icat-2010-review"]
    for a in ("introduction", "what-is-icat", "mission-statement", "background"):
        assert "{#sect-" + a + "}" in text
    agencies = ["dpko", "icao", "interpol", "iom", "ilo", "ohchr", "unaids", "undp", "daw", "unfpa",
                "unhcr", "unicef", "unifem", "unicri", "unesco", "un-instraw", "unodc", "world-bank"]
    for a in agencies:
        assert "{#sect-" + a + "-mandate}" in text
    for a in ["iom", "ilo", "ohchr", "unfpa", "unhcr", "unicef", "unicri", "unodc"]:
        assert "{#sect-" + a + "-gap-analysis}" in text
        assert "{#sect-" + a + "-recommendations}" in text
    assert "{#sect-unesco-gap-analysis}" in text
    assert '<span id="sect-unesco-recommendations"></span>' in text
    # the stray running header is gone and the sentence is re-joined
    assert "and increased data collection capacities" in text


def test_annex_anchors(pages: dict[str, str]) -> None:
    for a in ("annex-1", "annex-2", "annex-3"):
        assert "{#" + a + "}" in pages["vienna-forum-report"]
    for a in ("annex-1", "annex-2"):
        assert "{#" + a + "}" in pages["vienna-forum-crp"]
    assert "[^a3-4]" in pages["vienna-forum-report"]


def test_statement_pages_and_metadata(pages: dict[str, str]) -> None:
    stmts = sorted(k for k in pages if k.startswith("stmt-"))
    assert stmts == sorted(f"stmt-2008-{w}" for w in STATEMENTS)
    for who, (affiliation, panel, language, speaker) in STATEMENT_META.items():
        fm, _ = _split(pages[f"stmt-2008-{who}"])
        assert fm["group"] == "statements"
        assert fm["language"] == language, who
        assert fm.get("affiliation") == affiliation, who
        assert fm.get("panel") == panel, who
        if speaker is None:
            assert "speaker" not in fm, who
        else:
            assert speaker in fm["speaker"], who
    for who in ("uae", "algeria"):
        fm, body = _split(pages[f"stmt-2008-{who}"])
        assert fm["native_lang"] == "ar"
        assert re.search("[\u0600-\u06ff]", fm["native_name"])
        assert not re.search("[\u0600-\u06ff]", body), "Arabic letterhead must be removed from the body"


def test_statements_are_titled_by_speaker_body_and_date(pages: dict[str, str]) -> None:
    """"Statement by Japan, General Assembly thematic debate, 3 June 2008": names and the
    date as the source gives them; ids unchanged."""
    seed = (ROOT / "sources" / "seeds" / "004_7e2460ee5dd09447.txt").read_text(encoding="utf-8")
    plain = " ".join(seed.replace("*", "").split()).lower()
    assert "3 june 2008" in plain
    titles = set()
    for who in STATEMENTS:
        fm, _ = _split(pages[f"stmt-2008-{who}"])
        m = re.fullmatch(
            r"(?:Opening |Closing )?[Ss]tatement by (?:the )?(.+?)(?:, panel \d)?, "
            r"General Assembly thematic debate, 3 June 2008",
            fm["title"],
        )
        assert m, fm["title"]
        for name in re.split(r" \(|\)| – ", m.group(1)):
            if name.strip():
                assert name.strip().lower() in plain, (who, name)
        assert fm["short"] in fm["title"] or fm["short"].startswith("Statement by"), who
        titles.add(fm["title"])
    assert len(titles) == len(STATEMENTS)
    assert _split(pages["stmt-2008-japan"])[0]["title"] == (
        "Statement by Japan, General Assembly thematic debate, 3 June 2008"
    )


def test_judd_only_full_copy(pages: dict[str, str]) -> None:
    text = pages["stmt-2008-judd"]
    assert text.count("Good Morning. I am most delighted") == 1
    assert "May there be peace." in text


def test_front_matter(pages: dict[str, str]) -> None:
    for doc_id, text in pages.items():
        fm, body = _split(text)
        assert fm["kind"] == "document"
        for key in ("title", "short", "summary", "language", "group", "source"):
            assert fm.get(key), (doc_id, key)
        assert len(fm["summary"]) <= 200, doc_id
        assert fm["group"] in {"reports", "principles-guidelines", "thematic-debate", "statements", "vienna-forum"}
        assert fm["source"].startswith("sources/seeds/")
        if "date" in fm:
            assert isinstance(fm["date"], str), doc_id
            assert re.search(r'(?m)^date: "', text), doc_id
        assert not re.search(r"(?m)^# ", body), f"{doc_id}: no level-1 heading"
    assert "symbol" not in _split(pages["ohchr-hrc10-report"])[0]
    assert "date" not in _split(pages["ohchr-hrc10-report"])[0]
    assert _split(pages["a-63-215"])[0]["symbol"] == "A/63/215"
    assert _split(pages["e-2002-68-add-1"])[0]["symbol"] == "E/2002/68/Add.1"
    assert _split(pages["stmt-2008-ecuador"])[0]["language"] == "es"


def test_restored_headings(pages: dict[str, str]) -> None:
    text = pages["ohchr-hrc10-report"]
    assert "## Introduction\n<!-- restored from the table of contents -->" in text
    assert re.search(r"## III\. THE RECOMMENDED PRINCIPLES[^\n]*\n<!-- restored from the table of contents -->", text)
    assert "### D. Operationalizing" in text


def test_no_furniture(pages: dict[str, str]) -> None:
    for doc_id, text in pages.items():
        for s in FURNITURE:
            assert s not in text, (doc_id, s)


@pytest.mark.parametrize("doc_id", ["vienna-forum-report", "vienna-forum-crp"])
def test_cover_branding_removed(pages: dict[str, str], doc_id: str) -> None:
    assert "SHAMES" not in pages[doc_id]


def test_footnotes_pair_up(pages: dict[str, str]) -> None:
    for doc_id, text in pages.items():
        defs = re.findall(r"(?m)^\[\^([\w-]+)\]: ", text)
        refs = re.findall(r"\[\^([\w-]+)\](?!:)", text)
        assert len(defs) == len(set(defs)), doc_id
        assert set(defs) == set(refs), doc_id
        # a definition is a block of its own, never inside a paragraph
        for m in re.finditer(r"\[\^[\w-]+\]: ", text):
            assert text[m.start() - 2: m.start()] == "\n\n", doc_id
    assert len(re.findall(r"(?m)^\[\^\d+\]: ", pages["e-cn-4-2003-74"])) == 11
    assert len(re.findall(r"(?m)^\[\^\d+\]: ", pages["a-63-215"])) == 5


def test_no_macros_or_raw_markup(pages: dict[str, str]) -> None:
    for doc_id, text in pages.items():
        assert "{{" not in text, doc_id
        assert "{%" not in text, doc_id
        assert not re.search(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]", text), doc_id
        assert "~~" not in text, doc_id
        assert "^{" not in text, doc_id
        tags = set(re.findall(r"</?([a-zA-Z]+)[\s>]", text))
        assert tags <= {"span", "sup"}, (doc_id, tags)


def test_corrections_show_the_corrected_text(pages: dict[str, str]) -> None:
    """Readers read the corrected text; the source's reading stays in the hover text."""
    config, problems = importer.load_config(ROOT)
    assert problems == []
    assert config is not None
    assert config.corrections
    for c in config.corrections:
        text = pages[c.doc]
        spans = re.findall(r'<span class="hb-corr" title="([^"]*)">([^<]*)</span>', text)
        assert (c.correction, c.kind) in {(shown, c.kind) for _, shown in spans}, c
        titles = [html.unescape(t) for t, shown in spans if shown == c.correction]
        if c.kind == "handwritten":
            assert all(t.startswith("handwritten") for t in titles), c
        else:
            assert f"as printed in the source: {c.source}" in titles, c
            # the source's reading is not shown as text, only in the title
            shown_text = re.sub(r'title="[^"]*"', "", text)
            assert c.source not in shown_text, c
    assert "<del" not in "".join(pages.values())
    assert "<ins" not in "".join(pages.values())
    assert 'title="handwritten correction in the source: 10 struck out, 15 written above">15</span>' in pages["stmt-2008-uae"]
    assert 'title="handwritten insertion in the source">terrible</span>' in pages["stmt-2008-pakistan"]


def test_render_all_matches_committed_files() -> None:
    rendered = importer.render_all(ROOT)
    on_disk = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8")
               for p in DOCS.glob("*.md") if p.name != "index.md"}
    assert set(rendered) == set(on_disk)
    for rel, text in rendered.items():
        assert text.encode("utf-8") == (ROOT / rel).read_bytes(), rel


def test_import_all_is_deterministic(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    shutil.copytree(ROOT / "sources" / "seeds", tmp_path / "sources" / "seeds")
    shutil.copy(ROOT / "sources" / "documents.yaml", tmp_path / "sources" / "documents.yaml")
    first = importer.import_all(tmp_path)
    assert first.ok, first.diagnostics
    snapshot = {p.name: p.read_bytes() for p in first.pages}
    out = tmp_path / "docs" / "documents"
    # a page the importer wrote for a document no longer configured is stale: removed;
    # a hand-written page is kept, whatever its name
    (out / "stale.md").write_bytes(snapshot["stmt-2008-japan.md"])
    (out / "index.md").write_text("---\ntitle: Sources\n---\n\n# Sources\n", encoding="utf-8")
    (out / "notes.md").write_text("---\nkind: document\ntitle: Notes\n---\n", encoding="utf-8")
    second = importer.import_all(tmp_path)
    assert second.ok, second.diagnostics
    assert [p.name for p in first.pages] == [p.name for p in second.pages]
    assert {p.name: p.read_bytes() for p in second.pages} == snapshot
    assert [p.name for p in second.removed] == ["stale.md"]
    assert not (out / "stale.md").exists()
    assert (out / "index.md").is_file()
    assert (out / "notes.md").is_file()
    assert len(first.pages) == len(OTHER_IDS) + len(STATEMENTS)


def test_escape_markup_unit() -> None:
    assert importer.escape_markup("a {{ b }} <script>") == "a &#123;&#123; b &#125;&#125; &lt;script&gt;"
    assert importer.escape_markup("<b>x</b> `q'") == "**x** \\`q'"
    assert importer.convert_refs("rights.¹⁰ and<sup>3</sup>", "") == "rights.[^10] and[^3]"
