"""The trainers' PDFs (handbook/pdf.py): built from a real build of the site, read back with
poppler-utils (pdfinfo, pdffonts, pdftotext, pdftoppm).

The session builds the site once with MkDocs into a temporary folder (not strict: content
being written elsewhere must not stop these tests), then the PDFs of a few chapters and of
the whole handbook. Renders of a cover, a table of contents page and a content page are
saved under tests/artifacts/pdf/ for a human to look at.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from realsite import RealSite

from handbook import pdf

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts" / "pdf"
POPPLER = ("pdfinfo", "pdffonts", "pdftotext", "pdftoppm")
#: PDF points: A4 and US Letter.
A4 = (595.3, 841.9)
LETTER = (612.0, 792.0)
#: The running head sits in the top margin (24 mm = 68 pt), the footer in the bottom one
#: (22 mm = 62 pt): the body text is read from between these (in pt).
BODY_TOP = 64
BODY_BOTTOM = 58
#: A table cell with no break opportunity: must wrap, not run off the page.
LONG_SYMBOL = "A/63/215/Add.1/Corr.1/Rev.2/" + "x" * 72


def _need_poppler() -> None:
    missing = [t for t in POPPLER if shutil.which(t) is None]
    if missing:
        pytest.fail(
            f"poppler-utils missing ({', '.join(missing)}): "
            "run scripts/ensure-pdf-deps.sh (as root) or apt-get install poppler-utils"
        )


def _run(*args: str | Path | int) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class Pdf:
    """A written PDF and what poppler reads back from it (cached)."""

    def __init__(self, result: pdf.PdfResult) -> None:
        self.result = result
        self.path = result.path
        self.info = dict(re.findall(r"^([^:]+):\s*(.*)$", _run("pdfinfo", self.path), re.M))
        # One string per page; the body text excludes the running heads.
        self.pages = _run("pdftotext", "-layout", self.path, "-").split("\f")[:-1]
        height = float(re.findall(r"x ([\d.]+) pts", self.info["Page size"])[0])
        self.bodies = _run(
            "pdftotext",
            "-layout",
            "-x",
            "0",
            "-y",
            BODY_TOP,
            "-W",
            "2000",
            "-H",
            int(height - BODY_TOP - BODY_BOTTOM),
            self.path,
            "-",
        ).split("\f")[:-1]

    @property
    def page_count(self) -> int:
        return int(self.info["Pages"])

    @property
    def size(self) -> tuple[float, float]:
        m = re.match(r"([\d.]+) x ([\d.]+) pts", self.info["Page size"])
        assert m, self.info["Page size"]
        return float(m.group(1)), float(m.group(2))

    def toc_pages(self) -> list[int]:
        """0-based indexes of the pages of the table of contents."""
        first = next(i for i, p in enumerate(self.bodies) if _norm(p).startswith("Contents"))
        out = [first]
        for i in range(first + 1, len(self.pages)):
            head = self.pages[i].strip().splitlines()[0] if self.pages[i].strip() else ""
            if not head.startswith("Contents"):
                break
            out.append(i)
        return out

    def toc(self) -> list[tuple[str, int]]:
        """(entry, page number) for every line of the table of contents."""
        entries: list[tuple[str, int]] = []
        pending = ""
        for i in self.toc_pages():
            for line in self.bodies[i].splitlines():
                line = line.strip()
                if not line or line == "Contents" or (line.isupper() and not pending):
                    continue  # blank, the title, or a group label (upper case, no number)
                m = re.match(r"^(.*?)[\s.]*?\s(\d+)$", line)
                if m and m.group(1).endswith(","):  # "..., 3" a title wrapped in a date
                    m = None
                # a title that wraps at its own hyphen ("Sub-" / "region") joins without a space
                glue = "" if re.search(r"\w-$", pending) else " "
                text = (pending + glue + (m.group(1) if m else line)).strip()
                if m:
                    entries.append((_norm(re.sub(r"(\s*\.)+\s*$", "", text)), int(m.group(2))))
                    pending = ""
                else:
                    pending = text
        return entries


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def site(real_handbook: RealSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site (a copy of the shared build: the PDFs are written into it)."""
    _need_poppler()
    return real_handbook.copy(tmp_path_factory.mktemp("site") / "site")


@pytest.fixture(scope="session")
def built(site: Path) -> dict[str, Pdf]:
    """The PDFs the tests read: three chapters and the whole handbook, A4."""
    started = time.perf_counter()
    results = pdf.build_pdfs(
        site,
        site / "pdf",
        ["handbook", "principles", "statements", "events"],
        version="9.9.9",
        date="2030-01-02",
    )
    total = time.perf_counter() - started
    for r in results:
        print(
            f"\n{r.name}: {r.pages} pages, {r.bytes} bytes, {r.seconds:.1f} s, {r.cpu_seconds:.1f} s CPU",
            end="",
        )
    print(f"\nall: {total:.1f} s")
    return {r.name: Pdf(r) for r in results}


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-page site in Material's markup, with Arabic, accents, a shared citation and
    links of every kind, so the details can be checked quickly and independently of the
    content of the real site."""
    _need_poppler()
    root = tmp_path_factory.mktemp("mini") / "site"

    def page(url: str, chain: list[str], nxt: str | None, article: str) -> None:
        nav = "".join(
            f'<li class="md-nav__item md-nav__item--active"><span class="md-ellipsis">{t}</span>'
            for t in chain
        )
        footer = f'<a href="{nxt}" class="md-footer__link md-footer__link--next">' if nxt else ""
        path = root / url
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            '<html><head><title>X</title></head><body><header class="md-header">'
            '<div class="md-header__topic"><span class="md-ellipsis">Mini handbook</span>'
            '</div></header><nav class="md-nav md-nav--primary"><ul>'
            f'{nav}</ul></nav><article class="md-content__inner md-typeset">{article}'
            f"</article><footer>{footer}</footer></body></html>",
            encoding="utf-8",
        )

    ref = (
        '<h2 id="references">References<a class="headerlink" href="#references">¶</a>'
        '</h2><ol class="hb-references"><li id="hb-ref-1" value="1">'
        '<span class="hb-backrefs">↑ <a class="hb-backref" href="#hb-cite-1-1">a</a>'
        "</span> Author. <cite>{title}</cite>. 2008.</li></ol>"
    )
    cite = (
        '<span class="hb-cite">[<a class="hb-cite-n" id="hb-cite-1-1" href="#hb-ref-1" '
        'title="t">1</a>, <a class="hb-loc" href="../documents/x.html#para-2">para. 2</a>]'
        "</span>"
    )
    page("index.html", ["Home"], "principles/index.html", "<h1>Home</h1><p>Start.</p>")
    page(
        "principles/index.html",
        ["Principles"],
        "p-1.html",
        "<h1>The principles</h1><p>Overview, see "
        '<a class="hb-ref hb-principle" href="p-1.html#arabic">Principle 1</a> and '
        f'<a href="https://example.org/guide">the guide</a> {cite}.</p>'
        + ref.format(title="Source B"),
    )
    page(
        "principles/p-1.html",
        ["Principles", "Heading one", "Principle 1: Arabic"],
        None,
        "<h1>Principle 1: Arabic</h1>"
        '<h2 id="arabic">Arabic<a class="headerlink" href="#arabic">¶</a></h2>'
        '<p lang="ar" dir="rtl">البعثة الجزائرية الدائمة لدى الأمم المتحدة</p>'
        "<p>La prevención, la protección y la sanción; à l'égard des États.</p>"
        # Hostile text as the engine emits it: escaped, so it must print as text.
        "<p>Hostile: &lt;script&gt;alert(1)&lt;/script&gt; and "
        "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>"
        f'<p>Again {cite} and <code class="hb-error" title="[HB101] unknown">'
        "{{ body(&quot;icat&quot;) }}</code> here.</p>"
        "<table><tr><th>Symbol</th><th>Text</th></tr><tr><td>"
        + LONG_SYMBOL
        + "</td><td>"
        + "word " * 80
        + "</td></tr></table>"
        + ref.format(title="Source B"),
    )
    (root / "editors").mkdir()
    return root


# --------------------------------------------------------------------------- the real site


def test_chapters_follow_the_site_navigation(site: Path) -> None:
    names = pdf.available(site)
    assert list(names)[:6] == [
        "principles",
        "guidelines",
        "agencies",
        "instruments",
        "bodies",
        "events",
    ]
    assert list(names)[-1] == "handbook"
    for group in (
        "reports",
        "principles-guidelines",
        "thematic-debate",
        "statements",
        "vienna-forum",
    ):
        assert group in names, f"no chapter for source group {group}: {list(names)}"
    _, pages = pdf.read_site(site)
    units = pdf.chapter_units(pages)
    principles = [p.url for p in units["principles"].pages]
    assert principles[0] == "principles/index.html"
    assert principles[1:] == [f"principles/principle-{n}.html" for n in range(1, 18)]
    assert all(p.url.startswith("documents/stmt-") for p in units["statements"].pages)


def test_paper_size_page_count_and_fonts(built: dict[str, Pdf]) -> None:
    for name, doc in built.items():
        w, h = doc.size
        assert abs(w - A4[0]) < 1, (name, doc.size)
        assert abs(h - A4[1]) < 1, (name, doc.size)
        assert doc.page_count == doc.result.pages == len(doc.pages)
        fonts = _run("pdffonts", doc.path).splitlines()[2:]
        assert fonts, f"{name}: no fonts"
        for line in fonts:
            assert line.split()[-5] == "yes", f"{name}: font not embedded: {line}"
    assert built["principles"].page_count >= 40
    assert built["handbook"].page_count > built["principles"].page_count * 4


def test_cover(built: dict[str, Pdf], site: Path) -> None:
    site_name, _ = pdf.read_site(site)
    for name, title in (
        ("principles", "Principles"),
        ("handbook", "The whole handbook"),
        ("statements", "Statements at the thematic debate, 3 June 2008"),
    ):
        cover = _norm(built[name].pages[0])
        assert _norm(site_name) in cover
        assert title in cover
        assert "2030-01-02" in cover
        assert "9.9.9" in cover


def test_principle_17_can_be_found_from_the_contents(built: dict[str, Pdf]) -> None:
    doc = built["principles"]
    entries = dict(doc.toc())
    title = "Principle 17: Access to effective legal remedies"
    assert title in entries, f"not in the table of contents: {list(entries)[:30]}"
    n = entries[title]
    body = _norm(doc.bodies[n - 1])
    assert body.startswith(title), f"page {n} starts with: {body[:200]}"
    assert "States shall ensure that trafficked persons are given access" in body


@pytest.mark.parametrize("name", ["principles", "statements", "events", "handbook"])
def test_every_contents_entry_points_to_its_heading(built: dict[str, Pdf], name: str) -> None:
    doc = built[name]
    entries = doc.toc()
    _, pages = pdf.read_site(doc.path.parents[1])
    units = pdf.chapter_units(pages)
    expected_pages = (
        sum(len(u.pages) for u in units.values()) if name == "handbook" else len(units[name].pages)
    )
    assert len(entries) >= expected_pages, entries[:10]
    last = 0
    for text, n in entries:
        assert 1 <= n <= doc.page_count, (text, n)
        assert n >= last, f"contents out of order at {text!r} (p. {n} after p. {last})"
        last = n
        assert text in _norm(doc.bodies[n - 1]), (
            f"{name}: contents say {text!r} is on p. {n}; that page reads: "
            f"{_norm(doc.bodies[n - 1])[:300]}"
        )


def test_running_heads_and_page_numbers(built: dict[str, Pdf]) -> None:
    doc = built["principles"]
    n = dict(doc.toc())["Principle 17: Access to effective legal remedies"]
    page = doc.pages[n - 1]
    first = page.strip().splitlines()[0]
    assert first.startswith("Principles — Principle 17: Access to effective legal remedies")
    assert "Text" in first  # the section (h2) that is current on that page
    assert re.search(rf"\b{n} / {doc.page_count}\s*$", page.rstrip()), page[-200:]
    assert not re.search(r"\b1 / \d+\s*$", doc.pages[0].rstrip()), "the cover has no number"


def test_citations_renumbered_with_one_bibliography(built: dict[str, Pdf]) -> None:
    for name in ("principles", "statements", "handbook"):
        doc = built[name]
        text = "\n".join(doc.bodies)
        assert "References" not in [_norm(line) for line in text.splitlines()], name
    for name in ("principles", "handbook"):  # statements cite nothing
        assert "Bibliography" in [t for t, _ in built[name].toc()], name
    doc = built["principles"]
    bib_page = dict(doc.toc())["Bibliography"]
    layout = "\n".join(doc.bodies[bib_page - 1 :])
    bib = _norm(layout)
    # Entries 1, 2, 3, ... each starting a line, in order.
    count, at = 0, 0
    while m := re.compile(rf"^\s*{count + 1}\. ", re.M).search(layout, at):
        count, at = count + 1, m.end()
    assert count >= 3
    cited = {int(n) for n in re.findall(r"\[(\d+)[,\]]", " ".join(doc.bodies[: bib_page - 1]))}
    assert cited == set(range(1, count + 1)), "every source listed is cited, and only those"
    # The Principles and Guidelines themselves, cited on every principle page, once.
    assert (
        bib.count(
            "Recommended Principles and Guidelines on Human Rights and Human Trafficking. Report"
        )
        == 1
    )


def test_no_site_chrome_or_raw_syntax(built: dict[str, Pdf]) -> None:
    for name, doc in built.items():
        text = "\n".join(doc.pages)
        for bad in (
            "{{",
            "}}",
            "[@",
            "[HB",
            "Permanent link",
            "Back to citation",
            "Skip to content",
            "Initializing search",
            "&#",
            "Made with Material",
        ):
            assert bad not in text, f"{name}: {bad!r} printed"
        # a heading's permalink; "¶ 4" is a passage number, part of the text
        assert not re.search(r"¶(?![ \u00a0]\d|¶)", text), f"{name}: a permalink '¶' printed"
        # a locator's sign stays with its number at a line end ("[4, ¶" / "9]")
        assert not re.search(r"(¶|paras?\.)\n\d", text), f"{name}: a locator split across lines"


def test_accented_and_arabic_text(built: dict[str, Pdf], site: Path) -> None:
    text = "\n".join(built["statements"].pages)
    assert "Ileana Núñez Mordoche" in text
    assert "İlkin" in text  # Turkish dotted capital I
    arabic = re.compile(r"[\u0600-\u06ff]")
    pages = [
        p
        for p in site.rglob("documents/stmt-*.html")
        if arabic.search(
            p.read_text(encoding="utf-8").split("<article", 1)[-1].split("</article>", 1)[0]
        )
    ]
    if pages:  # the statements show their issuer's native name: it must print
        assert arabic.search(text) or re.search(r"[\ufe70-\ufeff]", text)


def test_internal_and_external_links(built: dict[str, Pdf]) -> None:
    text = _norm(" ".join(built["principles"].bodies))
    assert re.search(r"Principle 16 \(p\. \d+\)", text)
    handbook = _norm(" ".join(built["handbook"].bodies))
    # UN document symbols link to the Official Document System: the URL is printed once.
    assert "https://docs.un.org/en/" in handbook
    # Citation numbers are not followed by page references or URLs.
    assert not re.search(r"\[\d+ \(p\. ", handbook)


def test_download_links_lead_to_the_pdfs(built: dict[str, Pdf], site: Path) -> None:
    """Every "Download PDF" link of the site names a chapter the PDF build makes; those built
    here exist, as does the listing."""
    hrefs: dict[str, str] = {}
    for page in site.rglob("*.html"):
        if page.parent.name == "pdf":
            continue
        text = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="((?![a-z]+:)[^"#]*pdf/[^"#]+)"', text):
            target = (page.parent / href).resolve()
            hrefs[target.name] = page.relative_to(site).as_posix()
    assert "principles.pdf" in hrefs
    assert "index.html" in hrefs
    for name, where in hrefs.items():
        stem = name.removesuffix(".pdf")
        if name == "index.html" or stem in built:
            assert (site / "pdf" / name).is_file(), f"{where} links to pdf/{name}"
        assert name == "index.html" or stem in (*pdf.CHAPTERS, pdf.HANDBOOK), where


def test_listing(built: dict[str, Pdf], site: Path) -> None:
    data = json.loads((site / "pdf" / "pdfs.json").read_text(encoding="utf-8"))
    by_name = {e["name"]: e for e in data["pdfs"]}
    assert set(by_name) >= {"handbook", "principles", "statements", "events"}
    for name, doc in built.items():
        assert by_name[name]["pages"] == doc.page_count
        assert by_name[name]["bytes"] == doc.path.stat().st_size
        assert by_name[name]["title"]
    assert data["pdfs"][0]["name"] == "handbook"
    index = (site / "pdf" / "index.html").read_text(encoding="utf-8")
    for name in built:
        assert f'href="{name}.pdf"' in index


def test_renders_for_a_human(built: dict[str, Pdf]) -> None:
    """Cover, contents and a content page as PNG, to look at (tests/artifacts/pdf/)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    doc = built["principles"]
    n17 = dict(doc.toc())["Principle 17: Access to effective legal remedies"]
    bib = dict(doc.toc())["Bibliography"]
    for label, n in (
        ("cover", 1),
        ("contents", doc.toc_pages()[0] + 1),
        ("page", n17),
        ("bibliography", bib),
    ):
        prefix = ARTIFACTS / f"principles-{label}"
        for old in ARTIFACTS.glob(f"principles-{label}*.png"):
            old.unlink()
        _run("pdftoppm", "-png", "-r", "50", "-f", n, "-l", n, "-singlefile", doc.path, prefix)
        png = prefix.with_suffix(".png")
        assert png.is_file(), png
        assert png.stat().st_size > 3000, png


# --------------------------------------------------------------------------- a small site


@pytest.fixture(scope="session")
def mini(mini_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    out = tmp_path_factory.mktemp("mini-pdf")
    [result] = pdf.build_pdfs(mini_site, out, ["principles"], version="1", date="2030-01-02")
    return Pdf(result)


def test_mini_arabic_is_shaped_with_an_arabic_font(mini: Pdf) -> None:
    fonts = _run("pdffonts", mini.path)
    assert re.search(r"Noto-?(Naskh|Sans)-?Arabic", fonts), fonts
    text = "\n".join(mini.pages)
    assert re.search(r"[\u0600-\u06ff\ufe70-\ufeff]{3}", text), text
    assert "La prevención, la protección y la sanción; à l'égard des États." in text


def test_mini_citations_share_one_number_and_bibliography(mini: Pdf) -> None:
    text = _norm(" ".join(mini.bodies))
    assert text.count("[1, para. 2]") == 2, text
    assert "[2" not in text
    assert text.count("Author. Source B. 2008.") == 1


def test_mini_links(mini: Pdf) -> None:
    text = _norm(" ".join(mini.bodies))
    n = dict(mini.toc())["Principle 1: Arabic"]
    assert f"Principle 1 (p. {n})" in text  # a link inside the PDF
    assert "https://example.org/guide" in text  # an external one: its URL as a footnote
    assert "para. 2 (p." not in text  # a link to a page not in this PDF: plain text


def test_mini_unresolved_macro_is_reported_not_printed(mini: Pdf) -> None:
    text = "\n".join(mini.pages)
    assert "{{" not in text
    assert "HB101" not in text
    assert "and icat here." in text
    assert any("unresolved macro" in w for w in mini.result.warnings)


def test_mini_hostile_text_prints_as_text_and_runs_nothing(mini: Pdf) -> None:
    text = " ".join(" ".join(p.split()) for p in mini.pages)
    assert "<script>alert(1)</script>" in text
    assert '"><img src=x onerror=alert(1)>' in text
    raw = mini.path.read_bytes()
    assert b"/JavaScript" not in raw
    assert b"/JS" not in raw


def test_mini_tables_are_not_clipped(mini: Pdf) -> None:
    bbox = _run("pdftotext", "-bbox", mini.path, "-")
    width = float(re.search(r'<page width="([\d.]+)"', bbox).group(1))  # type: ignore[union-attr]
    words = re.findall(
        r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">'
        r"([^<]*)</word>",
        bbox,
    )
    assert words
    right = max(float(x) for x, _ in words)
    assert right <= width - 40, f"text runs into the right margin: x = {right} of {width}"
    symbol = "".join(
        w.replace("\u200b", "") for _, w in words if set(w) <= set("A/0123456789.ddCorRevx\u200b")
    )
    assert LONG_SYMBOL in symbol, symbol
    assert not [w for w in mini.result.warnings if w.startswith("weasyprint")], mini.result.warnings


def test_mini_contents_groups(mini: Pdf) -> None:
    toc = [t for t, _ in mini.toc()]
    assert toc == ["The principles", "Principle 1: Arabic", "Arabic", "Bibliography"]
    text = _norm(mini.bodies[mini.toc_pages()[0]])
    assert "HEADING ONE Principle 1: Arabic" in text  # the principle's heading, as a label


def test_cli_letter(mini_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "pdf"
    code = pdf.main(
        [
            "principles",
            "--paper",
            "Letter",
            "--site",
            str(mini_site),
            "--out",
            str(out),
            "--jobs",
            "1",
            "--strict",
        ]
    )
    captured = capsys.readouterr()
    assert code == 1, "unresolved macros fail --strict"
    assert "unresolved macro" in captured.err
    doc = Pdf(pdf.PdfResult("principles", "Principles", out / "principles.pdf", 0, 0, 0, 0))
    w, h = doc.size
    assert abs(w - LETTER[0]) < 1
    assert abs(h - LETTER[1]) < 1
    listing = json.loads((out / "pdfs.json").read_text(encoding="utf-8"))
    assert listing["paper"] == "Letter"
    assert [e["name"] for e in listing["pdfs"]] == ["principles"]
    with pytest.raises(SystemExit):
        pdf.main(["nonsense", "--site", str(mini_site)])


def test_missing_site_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert pdf.main(["--site", str(tmp_path / "nowhere")]) == 1
    assert "build the site first" in capsys.readouterr().err


def test_print_css_prints_one_page_cleanly(site: Path, tmp_path: Path) -> None:
    """docs/css/print.css: a page printed from the browser (approximated by WeasyPrint with
    the page's own stylesheets, print media) shows the text only, with external URLs."""
    from weasyprint import CSS, HTML

    page = site / "documents" / "pga-2008-letter-2008-03-19.html"
    out = tmp_path / "page.pdf"
    HTML(filename=page, media_type="print").write_pdf(
        out, stylesheets=[CSS(filename=ROOT / "docs" / "css" / "print.css")]
    )
    text = _norm(_run("pdftotext", "-layout", out, "-"))
    article = page.read_text(encoding="utf-8").split("<article", 1)[1]
    h1_html = article.split("<h1", 1)[1].split(">", 1)[1].split("</h1>", 1)[0]
    h1 = _norm(re.sub(r"<[^>]+>", "", h1_html))
    assert text.startswith(h1), text[:200]
    for chrome in (
        "Skip to content",
        "Search",
        "Editors' guide",
        "Previous",
        "Next",
        "Made with",
    ):
        assert chrome not in text, f"{chrome!r} printed"
    assert not re.search(r"¶(?![ \u00a0]\d|¶)", text), "a permalink '¶' printed"  # "¶ 4": a passage
    external = re.findall(r'<a [^>]*href="(https://[^"]+)"', article.split("</article>")[0])
    assert external
    assert all(url in text.replace(" ", "") for url in external), (external, text[-500:])


def test_page_numbers_match_weasyprints_own(
    built: dict[str, Pdf], site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page numbers filled in after layout (handbook.pdf.fill_page_numbers) are those
    WeasyPrint computes itself with target-counter() (slower: it lays pages out twice)."""
    monkeypatch.setenv("HANDBOOK_PDF_TARGET_COUNTER", "1")
    [result] = pdf.build_pdfs(
        site, tmp_path, ["principles"], version="9.9.9", date="2030-01-02", jobs=1
    )
    native, filled = Pdf(result), built["principles"]
    assert native.page_count == filled.page_count
    assert native.toc() == filled.toc()
    refs = re.compile(r"\(p\. \d+\)")
    assert refs.findall(_norm(" ".join(native.bodies))) == refs.findall(
        _norm(" ".join(filled.bodies))
    )
