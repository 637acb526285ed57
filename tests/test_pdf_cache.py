"""Typeset once, reuse what did not change (handbook/pdf/cache.py, build.py): a second run
typesets nothing, an edit typesets only the page edited, a corrupt cache entry is typeset
again and never trusted, and the PDFs read back the same either way."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pdfkit import norm, pdftotext, two_chapter_site

from handbook import pdf
from handbook.pdf import build


def _build(site: Path, out: Path, cache: Path | None) -> dict[str, pdf.PdfResult]:
    results = pdf.build_pdfs(site, out, version="1", date="2030-01-02", jobs=1, cache_dir=cache)
    return {r.name: r for r in results}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return two_chapter_site(tmp_path / "site")


def test_second_run_typesets_nothing_and_writes_the_same_pdfs(site: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _build(site, tmp_path / "a", cache)
    assert build.LAST_RUN.typeset == build.LAST_RUN.segments > 0
    second = _build(site, tmp_path / "b", cache)
    assert build.LAST_RUN.typeset == 0
    assert build.LAST_RUN.reused_pdfs == len(second) == 3
    for name in first:
        assert _digest(first[name].path) == _digest(second[name].path), name
        assert second[name].reused


def test_an_edit_typesets_only_that_page_and_the_pdfs_that_hold_it_change(
    site: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    before = _build(site, tmp_path / "a", cache)
    page = site / "principles" / "p-1.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("Principle one text", "Principle one edited"),
        encoding="utf-8",
    )
    after = _build(site, tmp_path / "b", cache)
    assert build.LAST_RUN.typeset == 1, "only the edited page is typeset again"
    assert not after["principles"].reused
    assert not after["handbook"].reused
    assert after["guidelines"].reused
    assert _digest(before["guidelines"].path) == _digest(after["guidelines"].path)
    for name in ("principles", "handbook"):
        text = norm(pdftotext(after[name].path))
        assert "Principle one edited" in text, name
        assert "Principle one text" not in text, name
    # The same PDFs as a build from nothing.
    fresh = _build(site, tmp_path / "c", None)
    for name in after:
        assert norm(pdftotext(fresh[name].path)) == norm(pdftotext(after[name].path)), name


@pytest.mark.parametrize("kind", ["batch", "seg", "font"])
def test_a_corrupt_cache_entry_is_typeset_again(site: Path, tmp_path: Path, kind: str) -> None:
    cache = tmp_path / "cache"
    clean = _build(site, tmp_path / "a", cache)
    files = sorted((cache / kind).glob("*/*"))
    assert files, f"nothing stored under {kind}/"
    for f in files:
        data = bytearray(f.read_bytes())
        data[len(data) // 2] ^= 0xFF  # one flipped byte, same size and name
        f.write_bytes(bytes(data))
    again = _build(site, tmp_path / "b", cache)
    assert build.LAST_RUN.typeset > 0, f"a corrupt {kind} entry was trusted"
    for name in clean:
        assert norm(pdftotext(again[name].path)) == norm(pdftotext(clean[name].path)), name


def test_handbook_no_cache_keeps_nothing(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setenv("HANDBOOK_NO_CACHE", "1")
    pdf.build_pdfs(site, tmp_path / "out", ["principles"], version="1", date="d", jobs=1)
    assert not home.exists() or not any(home.rglob("*"))
    monkeypatch.delenv("HANDBOOK_NO_CACHE")
    pdf.build_pdfs(site, tmp_path / "out", ["principles"], version="1", date="d", jobs=1)
    assert any((home / "handbook").rglob("*.json")), "the user's cache folder is used"


def test_the_cache_key_changes_with_the_paper_and_the_fonts(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    _build(site, tmp_path / "a", cache)
    pdf.build_pdfs(site, tmp_path / "b", ["guidelines"], paper="Letter", version="1",
                   date="2030-01-02", jobs=1, cache_dir=cache)  # fmt: skip
    assert build.LAST_RUN.typeset > 0, "a Letter build reused A4 pages"
    monkeypatch.setattr(build, "system_fingerprint", lambda: "other fonts")
    _build(site, tmp_path / "c", cache)
    assert build.LAST_RUN.typeset == build.LAST_RUN.segments, "new fonts reused old pages"


def test_a_page_weasyprint_cannot_typeset_is_named(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from handbook.pdf import typeset

    real = typeset.typeset

    def failing(segments: list[tuple[str, str, str]], **kw: object) -> typeset.Batch:
        if any("Guideline one text" in html for _, html, _ in segments):
            raise ValueError("boom")
        return real(segments, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(typeset, "typeset", failing)
    code = pdf.main(["--site", str(site), "--out", str(tmp_path / "pdf"), "--jobs", "1",
                     "--cache", str(tmp_path / "cache")])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 1
    assert "guidelines/g-1.html: could not be typeset (ValueError: boom)" in err
    assert "Traceback" not in err
