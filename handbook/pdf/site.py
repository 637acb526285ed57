"""Reading a built copy of the site: its pages in navigation order and their chapters.

Only built HTML is read (no MkDocs, no engine): the site name from the header, each page's
place in the navigation from its active navigation entries, its ``<article>``, the footer's
"Next" link to the following page, and the site's address from the canonical link in the
page head (present when ``site_url`` is set in mkdocs.yml).

Every path is resolved and must stay inside the site folder (symlinks followed and checked
again): a "Next" link or a symlink that leads out of the site is not followed, and says so.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from handbook.pdf.chapters import sections, sources_section

_ARTICLE_RE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
_NEXT_RE = re.compile(r'<a href="([^"]+)" class="md-footer__link md-footer__link--next"')
_ACTIVE_RE = re.compile(
    r'md-nav__item--active[^>]*>.*?<span class="md-ellipsis">(.*?)</span>', re.S
)
_TOPIC_RE = re.compile(
    r'<div class="md-header__topic">\s*<span class="md-ellipsis">(.*?)</span>', re.S
)
_TITLE_RE = re.compile(r"<title>(.*?)</title>", re.S)
_CANONICAL_RE = re.compile(r'<link rel="canonical" href="([^"]*)"')
_WS_RE = re.compile(r"\s+")
#: A page bigger than this is not read (a built page of the handbook is under 1 MB).
MAX_PAGE_BYTES = 32 * 1024 * 1024


def text_of(fragment: str) -> str:
    """The text of an HTML fragment: tags dropped, entities decoded, spaces collapsed."""
    return _WS_RE.sub(" ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class SitePage:
    """One built page: where it is, where it sits in the navigation, and its article."""

    url: str  # site-relative, POSIX, e.g. "principles/principle-17.html"
    chain: list[str]  # titles of the active navigation entries, outermost first
    article: str  # inner HTML of <article>

    @property
    def _at(self) -> int:
        """Where the page's chapter section is in its chain: the first entry that names a
        chapter (inside a navigation tab, a part of the handbook, it is not the first)."""
        names = {t for _, t in sections()} | {sources_section()}
        return next((i for i, t in enumerate(self.chain) if t in names), 0)

    @property
    def section(self) -> str:
        """The navigation section of the page's chapter (else its top-level section)."""
        return self.chain[self._at] if self.chain else ""

    @property
    def group(self) -> str | None:
        """The sub-group label (principle heading, source group), if the page is in one."""
        at = self._at
        return self.chain[at + 1] if len(self.chain) >= at + 3 else None


@dataclass
class Unit:
    """A chapter: a title and its pages, numbered and listed together."""

    name: str
    title: str
    pages: list[SitePage]


@dataclass
class Site:
    """What the PDF stage knows of a built site."""

    root: Path
    name: str
    pages: list[SitePage]
    #: The site's address ("https://example.org/handbook/"), or None when the site does not
    #: name it (no ``site_url`` in mkdocs.yml, so no canonical links).
    address: str | None = None
    warnings: list[str] = field(default_factory=list)


def inside(root: Path, relative: str) -> Path | None:
    """root/relative if it is a file inside root once resolved (symlinks followed), else
    None. relative is a site-relative POSIX path; absolute paths and ``..`` that leave the
    site are refused."""
    if not relative or relative.startswith("/") or "\x00" in relative:
        return None
    norm = posixpath.normpath(relative)
    if norm.startswith("../") or norm == ".." or norm.startswith("/"):
        return None
    base = os.path.realpath(root)
    real = os.path.realpath(os.path.join(base, *norm.split("/")))
    if os.path.commonpath([base, real]) != base or not os.path.isfile(real):
        return None
    return Path(real)


def _site_address(canonical: str, url: str) -> str | None:
    """The site's root address from a page's canonical URL, or None if it is not one."""
    if any(c.isspace() or ord(c) < 32 for c in canonical):
        return None
    parts = urlsplit(canonical)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        return None
    for tail in dict.fromkeys((url, url.removesuffix("index.html"))):
        if canonical.endswith(tail):
            root = canonical[: len(canonical) - len(tail)]
            if root.endswith("/"):
                return root
    return None


def load_site(site_dir: Path) -> Site:
    """The site name, address and every page reachable from index.html by "Next", in
    navigation order. Raises FileNotFoundError when there is no built site."""
    root = Path(site_dir)
    index = inside(root, "index.html")
    if index is None:
        raise FileNotFoundError(
            f"{root / 'index.html'} not found: build the site first (make site)"
        )
    site = Site(root=root, name="", pages=[])
    seen: set[str] = set()
    url: str | None = "index.html"
    while url and url not in seen:
        seen.add(url)
        path = inside(root, url)
        if path is None:
            site.warnings.append(
                f'{url}: the "Next" link leads outside the site or to no file; '
                "the pages after it are not in the PDFs"
            )
            break
        if path.stat().st_size > MAX_PAGE_BYTES:
            site.warnings.append(f"{url}: larger than {MAX_PAGE_BYTES} bytes; not read")
            break
        src = path.read_text(encoding="utf-8", errors="replace")
        if not site.name:
            m = _TOPIC_RE.search(src)
            if m:
                site.name = text_of(m.group(1))
            else:
                t = _TITLE_RE.search(src)
                site.name = text_of(t.group(1)).rsplit(" - ", 1)[-1] if t else "Handbook"
        if site.address is None:
            c = _CANONICAL_RE.search(src.split("</head>", 1)[0])
            if c:
                site.address = _site_address(html.unescape(c.group(1)), url)
        start = src.find("md-nav--primary")
        nav = src[start:] if start >= 0 else ""
        end = nav.find("md-nav--secondary")
        nav = nav[:end] if end >= 0 else nav
        chain = [text_of(m.group(1)) for m in _ACTIVE_RE.finditer(nav)]
        art = _ARTICLE_RE.search(src)
        site.pages.append(SitePage(url, chain, art.group(1) if art else ""))
        nxt = _NEXT_RE.search(src)
        if not nxt:
            break
        href = unquote(html.unescape(nxt.group(1)).split("#", 1)[0])
        url = posixpath.normpath(posixpath.join(posixpath.dirname(url), href))
    return site


def read_site(site_dir: Path) -> tuple[str, list[SitePage]]:
    """The site name and every page reachable from index.html by "Next", in nav order."""
    site = load_site(site_dir)
    return site.name, site.pages


def chapter_units(pages: Sequence[SitePage]) -> dict[str, Unit]:
    """Every chapter (and the handbook-only units "home" and "sources"), in nav order."""
    from handbook.pdf.chapters import group_titles

    titles = {t: n for n, t in sections()}
    group_names = {t: g for g, t in group_titles().items()}
    units: dict[str, Unit] = {}
    for p in pages:
        if p.section == "Home" or p.url == "index.html":
            name, title = "home", "Introduction"
        elif p.section in titles:
            name, title = titles[p.section], p.section
        elif p.section == sources_section():
            if p.group is None:
                name, title = "sources", sources_section()
            else:
                name = group_names.get(p.group, slug(p.group))
                title = p.group
        else:
            continue  # the editors' guide, the site-wide bibliography: not for trainers
        units.setdefault(name, Unit(name, title, [])).pages.append(p)
    return units
