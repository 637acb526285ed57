"""The .bib reader and the citation style, as tables: .bib text in, reference text out."""

from __future__ import annotations

import pytest

from handbook.core import bibliography as citations
from handbook.render import citestyle as style


def _bib(text: str, path: str = "bibliography/t.bib") -> citations.Bibliography:
    return citations.load([(path, text.encode("utf-8"))])


@pytest.mark.parametrize(("bib", "key", "expected"), [
    # accents and LaTeX escapes render as text, never raw
    (r"@misc{a, author = {M{\"u}ller, J{\'e}r{\^o}me}, title = {Caf{\'e} \& co: 100\%}, year = 2001}",
     "a", "Jérôme Müller. Café & co: 100%. 2001."),
    # institutional authors stay whole; several authors
    ("@misc{b, author = {{United Nations} and {World Health Organization} and Doe, Jane},"
     " title = {T}, year = {2008}}", "b",
     "United Nations, World Health Organization and Jane Doe. T. 2008."),
    # @string macros, alone and concatenated
    ('@string{un = "United Nations"}\n@book{c, author = un, title = {T}, publisher = un # " Press",'
     " address = {New York}, year = {2008}}", "c",
     "United Nations. T. United Nations Press, New York. 2008."),
    # crossref: missing fields come from the parent
    ("@incollection{d, crossref = {e}, author = {Smith, Ann}, title = {Part}}\n"
     "@book{e, editor = {Doe, John}, title = {Whole}, booktitle = {Whole}, publisher = {P},"
     " year = {2005}}", "d", "Ann Smith. “Part”. Whole, P. 2005."),
    # a full date, a UN symbol and a note
    ("@techreport{f, author = {{Secretary-General}}, title = {Trafficking in women and girls},"
     " institution = {{General Assembly}}, year = {2008}, date = {2008-08-04},"
     " symbol = {A/63/215}, note = {Identified by other sources}}", "f",
     "Secretary-General. Trafficking in women and girls. General Assembly. 4 August 2008. "
     "UN doc. A/63/215. Identified by other sources."),
    # a month and year; braces protecting case disappear
    ("@misc{g, author = {{ICAT}}, title = {An {A}nalytical review}, year = {2010}, month = oct}",
     "g", "ICAT. An Analytical review. October 2010."),
    # no year at all
    ("@misc{h, title = {Undated report}}", "h", "Undated report. n.d."),
])
def test_reference_text(bib: str, key: str, expected: str) -> None:
    b = _bib(bib)
    assert [d.format() for d in b.diagnostics] == []
    assert style.plain(b, key) == expected


def test_symbol_lookup_finds_the_entry_by_any_written_form() -> None:
    b = _bib("@misc{sg, title = {T}, symbol = {A/63/215}}")
    for ref in ("sg", "A/63/215", "(A/63/215)."):
        e = b.lookup(ref)
        assert e is not None
        assert e.key == "sg"
    assert b.lookup("A/63/216") is None


def test_html_escapes_hostile_fields() -> None:
    b = _bib('@misc{x, title = {<script>alert(1)</script>}, url = {javascript:alert(1)}}')
    html = style.to_html(b, "x")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert 'href="javascript' not in html


def test_parse_is_cached_by_content() -> None:
    """A .bib file is parsed once per content, through the cache its owner hands in."""
    text = "@misc{cached, title = {T}}"
    bcache = citations.BibCache()
    first = citations.load([("bibliography/t.bib", text.encode())], bcache)
    second = citations.load([("bibliography/t.bib", text.encode())], bcache)
    assert first.entries["cached"] is second.entries["cached"]
    changed = citations.load([("bibliography/t.bib", (text + " ").encode())], bcache)
    assert changed.entries["cached"] is not first.entries["cached"]
    fresh = citations.load([("bibliography/t.bib", text.encode())])
    assert fresh.entries["cached"] is not first.entries["cached"]


@pytest.mark.parametrize(("text", "anchor", "required"), [
    ("para. 12", "para-12", ("para-12",)),
    ("paras. 12-14", "para-12", ("para-12", "para-14")),
    ("paras. 12–14", "para-12", ("para-12", "para-14")),
    ("paragraph 3", "para-3", ("para-3",)),
    ("sect. UNHCR mandate", "sect-unhcr-mandate", ("sect-unhcr-mandate",)),
    ("sect. UN-INSTRAW mandate", "sect-un-instraw-mandate", ("sect-un-instraw-mandate",)),
    ("principle 7", "principle-7", ("principle-7",)),
    ("guideline 2.3", "guideline-2-3", ("guideline-2-3",)),
    ("guideline 11", "guideline-11", ("guideline-11",)),
    ("note 4", "fn:4", ("fn:4",)),
    ("fn 4", "fn:4", ("fn:4",)),
    ("annex II", "annex-2", ("annex-2",)),
    ("p. 36", None, ()),
    ("the opening statement", None, ()),
])
def test_locators(text: str, anchor: str | None, required: tuple[str, ...]) -> None:
    loc = citations.parse_locator(text)
    assert (loc.anchor, loc.required) == (anchor, required)


@pytest.mark.parametrize(("arg", "is_locator"), [
    ("para. 12", True), ("p. 36", True), ("sect. UNHCR mandate", True), ("annex I", True),
    ("document header", True), ("A/63/215", False), ("icat-2010-review", False),
])
def test_cite_arguments_are_told_apart(arg: str, is_locator: bool) -> None:
    assert citations.looks_like_locator(arg) is is_locator


def test_decoded_entries_survive_between_builds(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A later build reuses the LaTeX-decoded entries of an earlier one (the costly part),
    from the user's cache folder, never from inside the project."""
    from handbook.cache import pages as pagecache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    project = tmp_path / "project"
    path = pagecache.user_cache_file(project, "bibliography", ".json")
    assert path is not None
    assert tmp_path / "cache" in path.parents
    assert project not in path.parents
    text = rb"@misc{cachetest, author = {M{\"u}ller, Anna}, title = {Caf{\'e}}}"
    b = citations.load([("bibliography/t.bib", text)])
    first = b.decoded("cachetest")
    citations.save_decoded(b.cache, path)
    later = citations.BibCache()
    citations.load_decoded(later, path)
    calls = []
    monkeypatch.setattr(citations, "_decode_now", lambda e: calls.append(e) or None)
    b2 = citations.load([("bibliography/t.bib", text)], later)
    assert b2.decoded("cachetest") == first
    assert calls == []
    monkeypatch.setenv("HANDBOOK_NO_CACHE", "1")
    assert pagecache.user_cache_file(project, "bibliography", ".json") is None


def test_a_broken_cache_file_is_ignored(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bibliography.json"
    bad.write_text("{not json", encoding="utf-8")
    bcache = citations.BibCache()
    citations.load_decoded(bcache, bad)  # no exception: the cache is only a shortcut
    assert bcache.decoded == {}
