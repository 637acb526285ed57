"""Every local link of the real handbook resolves: the file exists and the #fragment is an
id in it.

The whole site (repository mkdocs.yml) is built once into a temporary folder. If the strict
build fails because content is still being written, the site is built without --strict,
and the link check runs on that.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from realsite import RealSite

from handbook.pdf import CHAPTERS, HANDBOOK

_PDF_NAMES = {*CHAPTERS, HANDBOOK}

ROOT = Path(__file__).resolve().parents[1]


class _Page(HTMLParser):
    """The ids and the local references (href, src) of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, int]] = []  # (attribute, value, line)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value is not None and (name == "id" or tag == "a"):
                self.ids.add(value)
            if value is None:
                continue
            if name == "href" and tag in ("a", "link", "area"):
                self.refs.append((name, value, self.getpos()[0]))
            elif name == "src" and tag in ("img", "script", "iframe", "source", "audio",
                                           "video", "embed", "input"):
                self.refs.append((name, value, self.getpos()[0]))

    handle_startendtag = handle_starttag


@pytest.fixture(scope="session")
def built_site(real_handbook: RealSite) -> tuple[Path, str]:
    mode = "strict" if real_handbook.strict else "lenient (strict build failed)"
    assert "Traceback" not in real_handbook.log, real_handbook.log
    return real_handbook.site, mode


_PARSED: dict[Path, _Page] = {}


def _parse(path: Path) -> _Page:
    page = _PARSED.get(path)
    if page is None:
        page = _Page()
        page.feed(path.read_text(encoding="utf-8", errors="replace"))
        page.close()
        _PARSED[path] = page
    return page


def broken_links(site: Path) -> list[str]:
    problems: list[str] = []
    for html_file in sorted(site.rglob("*.html")):
        rel = html_file.relative_to(site).as_posix()
        page = _parse(html_file)
        for attr, value, line in page.refs:
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or value.startswith(("//", "mailto:", "tel:")):
                continue  # external
            path = unquote(parts.path)
            if path.startswith("/"):
                # Only the 404 page may use root-relative links (it is served at any URL,
                # so MkDocs writes them from the site root); they resolve from the root.
                if rel != "404.html":
                    problems.append(f"{rel}:{line}: {attr}={value!r}: absolute local path "
                                    "(the site must work opened from disk)")
                    continue
                target_rel = posixpath.normpath(path.lstrip("/")) or "index.html"
                target = site / target_rel
                if target.is_dir():
                    target = target / "index.html"
            elif path:
                target_rel = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
                if target_rel.startswith("../") or target_rel == "..":
                    problems.append(f"{rel}:{line}: {attr}={value!r}: points outside the site")
                    continue
                target = site / target_rel
                if target.is_dir():
                    target = target / "index.html"
            else:
                target = html_file
            if not target.is_file() and _pdf_not_built(site, target):
                # `make site` writes the PDFs after the MkDocs build (tests/test_pdf.py builds
                # and checks them); here the link must at least name a chapter that exists.
                name = target.name.removesuffix(".pdf")
                if target.name != "index.html" and name not in _PDF_NAMES:
                    problems.append(f"{rel}:{line}: {attr}={value!r}: no PDF chapter "
                                    f"'{name}'")
                continue
            if not target.is_file():
                problems.append(f"{rel}:{line}: {attr}={value!r}: "
                                f"{target.relative_to(site).as_posix()} does not exist")
                continue
            frag = unquote(parts.fragment)
            if frag and target.suffix == ".html" and frag not in _parse(target).ids:
                problems.append(f"{rel}:{line}: {attr}={value!r}: no id '{frag}' in "
                                f"{target.relative_to(site).as_posix()}")
    return problems


def _pdf_not_built(site: Path, target: Path) -> bool:
    pdf_dir = site / "pdf"
    return target.parent == pdf_dir and not pdf_dir.exists()


def test_site_was_built(built_site: tuple[Path, str]) -> None:
    site, _ = built_site
    assert (site / "index.html").is_file()
    assert len(list(site.rglob("*.html"))) > 50


def test_strict_build_succeeds(built_site: tuple[Path, str]) -> None:
    """Reported separately, so that a content error does not hide the link check."""
    _, mode = built_site
    assert mode == "strict"


def test_no_broken_local_links(built_site: tuple[Path, str]) -> None:
    site, _ = built_site
    problems = broken_links(site)
    shown = "\n".join(problems[:200])
    more = f"\n... and {len(problems) - 200} more" if len(problems) > 200 else ""
    assert problems == [], f"{len(problems)} broken local links:\n{shown}{more}"


def test_link_checker_detects_breakage(tmp_path: Path) -> None:
    """The checker itself: a missing file and a missing fragment are both reported."""
    (tmp_path / "a.html").write_text(
        '<a href="b.html#x">ok</a><a href="b.html#nope">bad fragment</a>'
        '<a href="missing.html">missing</a><a href="#self">self</a><p id="self"></p>'
        '<img src="img/none.png"><a href="https://example.org/x#y">external</a>',
        encoding="utf-8")
    (tmp_path / "b.html").write_text('<h2 id="x">X</h2>', encoding="utf-8")
    problems = broken_links(tmp_path)
    assert len(problems) == 3, problems
    assert any("no id 'nope'" in p for p in problems)
    assert any("missing.html does not exist" in p for p in problems)
    assert any("img/none.png does not exist" in p for p in problems)
