"""Print-ready PDFs of the built site: one per chapter and one of the whole handbook.

Run after the MkDocs build; it reads only the built HTML in ``site/``::

    python -m handbook.pdf                      # every chapter and handbook.pdf
    python -m handbook.pdf principles --paper Letter
    python -m handbook.pdf --site site --out site/pdf

For each PDF the module assembles one HTML document from the ``<article>`` of every page of
the chapter, in the order of the site navigation (it follows the footer's "Next" links from
``index.html`` and reads each page's chapter from the active entries of its navigation), and
renders it with WeasyPrint and ``pdf.css`` (CSS Paged Media): a cover, a table of contents
with page numbers, running heads, "n / N" page numbers, citations renumbered across the
chapter with one bibliography at its end, links inside the PDF shown with "p. N", and the URL
of every external link as a footnote. It also writes ``pdfs.json`` and ``index.html`` listing
the PDFs into the output folder.

No MkDocs import: the module works on any built copy of the site.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import html
import json
import logging
import os
import posixpath
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote
from xml.etree import ElementTree as ET

from handbook.render.blocks import GROUP_TITLES

#: Chapters in handbook order: (name, nav section title). Source groups follow.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("principles", "Principles"),
    ("guidelines", "Guidelines"),
    ("agencies", "Agencies"),
    ("instruments", "Instruments"),
    ("bodies", "Bodies"),
    ("events", "Events"),
)
SOURCES_SECTION = "Sources"
#: Source groups that are chapters of their own, in navigation order.
GROUPS: tuple[str, ...] = tuple(g for g in GROUP_TITLES if g != "other")
CHAPTERS: tuple[str, ...] = (*(n for n, _ in SECTIONS), *GROUPS)
HANDBOOK = "handbook"
PAPERS = {"a4": "A4", "letter": "letter"}

_ARTICLE_RE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
_NEXT_RE = re.compile(r'<a href="([^"]+)" class="md-footer__link md-footer__link--next"')
_ACTIVE_RE = re.compile(
    r'md-nav__item--active[^>]*>.*?<span class="md-ellipsis">(.*?)</span>', re.S
)
_TOPIC_RE = re.compile(
    r'<div class="md-header__topic">\s*<span class="md-ellipsis">(.*?)</span>', re.S
)
_TITLE_RE = re.compile(r"<title>(.*?)</title>", re.S)
_MACRO_RE = re.compile(r"""\{\{\s*(\w+)\s*\(\s*(?:["']([^"']*)["'])?""")
_WS_RE = re.compile(r"\s+")
_ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|amp|quot|lt|gt|apos);")


@dataclass
class PdfResult:
    """One written PDF."""

    name: str
    title: str
    path: Path
    pages: int
    bytes: int
    seconds: float  # wall clock
    site_pages: int
    cpu_seconds: float = 0.0  # CPU time of the process that built it
    paper: str = "A4"
    warnings: list[str] = field(default_factory=list)


@dataclass
class SitePage:
    """One built page: where it is, where it sits in the navigation, and its article."""

    url: str  # site-relative, POSIX, e.g. "principles/principle-17.html"
    chain: list[str]  # titles of the active navigation entries, outermost first
    article: str  # inner HTML of <article>

    @property
    def section(self) -> str:
        return self.chain[0] if self.chain else ""

    @property
    def group(self) -> str | None:
        """The sub-group label (principle heading, source group), if the page is in one."""
        return self.chain[1] if len(self.chain) >= 3 else None


@dataclass
class Unit:
    """A chapter: a title and its pages, numbered and listed together."""

    name: str
    title: str
    pages: list[SitePage]


# --------------------------------------------------------------------------- reading


def _text(fragment: str) -> str:
    return _WS_RE.sub(" ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def read_site(site_dir: Path) -> tuple[str, list[SitePage]]:
    """The site name and every page reachable from index.html by "Next", in nav order."""
    index = site_dir / "index.html"
    if not index.is_file():
        raise FileNotFoundError(f"{index} not found: build the site first (make site)")
    pages: list[SitePage] = []
    seen: set[str] = set()
    url: str | None = "index.html"
    site_name = ""
    while url and url not in seen:
        seen.add(url)
        path = site_dir / url
        if not path.is_file():
            break
        src = path.read_text(encoding="utf-8")
        if not site_name:
            m = _TOPIC_RE.search(src)
            if m:
                site_name = _text(m.group(1))
            else:
                t = _TITLE_RE.search(src)
                site_name = _text(t.group(1)).rsplit(" - ", 1)[-1] if t else "Handbook"
        start = src.find("md-nav--primary")
        nav = src[start:] if start >= 0 else ""
        end = nav.find("md-nav--secondary")
        nav = nav[:end] if end >= 0 else nav
        chain = [_text(m.group(1)) for m in _ACTIVE_RE.finditer(nav)]
        art = _ARTICLE_RE.search(src)
        pages.append(SitePage(url, chain, art.group(1) if art else ""))
        nxt = _NEXT_RE.search(src)
        url = (
            posixpath.normpath(
                posixpath.join(posixpath.dirname(url), html.unescape(nxt.group(1)).split("#", 1)[0])
            )
            if nxt
            else None
        )
    return site_name, pages


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def chapter_units(pages: Sequence[SitePage]) -> dict[str, Unit]:
    """Every chapter (and the handbook-only units "home" and "sources"), in nav order."""
    titles = {t: n for n, t in SECTIONS}
    group_names = {t: g for g, t in GROUP_TITLES.items()}
    units: dict[str, Unit] = {}
    for p in pages:
        if p.section == "Home" or p.url == "index.html":
            name, title = "home", "Introduction"
        elif p.section in titles:
            name, title = titles[p.section], p.section
        elif p.section == SOURCES_SECTION:
            if p.group is None:
                name, title = "sources", SOURCES_SECTION
            else:
                name = group_names.get(p.group, _slug(p.group))
                title = p.group
        else:
            continue  # the editors' guide, the site-wide bibliography: not for trainers
        units.setdefault(name, Unit(name, title, [])).pages.append(p)
    return units


# --------------------------------------------------------------------------- assembling


#: Running heads and the footer stay on one line (A4 and Letter, at their font sizes).
HEAD_CHARS = 80
FOOT_CHARS = 90


def _clip(text: str, n: int) -> str:
    """text, cut at a word boundary to at most n characters (with an ellipsis)."""
    if len(text) <= n:
        return text
    cut = text[: n - 1].rsplit(" ", 1)[0].rstrip(" ,;:—-")
    return cut + " …"


_LONG_RE = re.compile(r"[^\s\u200b]{24,}")


def _breakable(text: str) -> str:
    """Zero-width spaces in words of 24 characters or more: after / . _ - and, in what is
    still that long, every 16 characters."""

    def chunk(m: re.Match[str]) -> str:
        word = m.group(0)
        return "\u200b".join(word[i : i + 16] for i in range(0, len(word), 16))

    def split(m: re.Match[str]) -> str:
        word = re.sub(r"([/._-])(?=.)", "\\1\u200b", m.group(0))
        return _LONG_RE.sub(chunk, word)

    return _LONG_RE.sub(split, text)


def _page_id(url: str) -> str:
    return "pg-" + _slug(url[:-5] if url.endswith(".html") else url)


def _classes(el: ET.Element) -> list[str]:
    return (el.get("class") or "").split()


def _add_class(el: ET.Element, cls: str) -> None:
    el.set("class", " ".join([*_classes(el), cls]))


def _itertext(el: ET.Element) -> str:
    return _WS_RE.sub(" ", "".join(el.itertext())).strip()


def _parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    return {c: p for p in root.iter() for c in p}


def _remove(el: ET.Element, parents: dict[ET.Element, ET.Element]) -> None:
    """Remove el but keep its tail text."""
    parent = parents[el]
    idx = list(parent).index(el)
    if el.tail:
        if idx > 0:
            prev = parent[idx - 1]
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _unwrap(el: ET.Element, parents: dict[ET.Element, ET.Element]) -> None:
    """Replace el by its content (text and children), keeping its tail.

    Used for links that lead nowhere in the PDF and for wrappers that print nothing of
    their own: every inline element is a box WeasyPrint lays out and draws, so thousands of
    them (citations) cost a third of the time of the whole handbook.
    """
    parent = parents[el]
    idx = list(parent).index(el)
    kids = list(el)
    text = el.text or ""
    if idx > 0:
        prev = parent[idx - 1]
        prev.tail = (prev.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(el)
    for k, kid in enumerate(kids):
        parent.insert(idx + k, kid)
        parents[kid] = parent
    tail = el.tail or ""
    if tail:
        if kids:
            kids[-1].tail = (kids[-1].tail or "") + tail
        elif idx > 0:
            prev = parent[idx - 1]
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _el(tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.Element(tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    el.text = text
    return el


def _parse(fragment: str) -> ET.Element:
    import tinyhtml5  # type: ignore[import-untyped]  # WeasyPrint's HTML parser

    root: ET.Element = tinyhtml5.parse(
        f"<!DOCTYPE html><html><body><div>{fragment}</div></body></html>",
        namespace_html_elements=False,
    )
    body = root.find("body")
    if body is None or not len(body):
        raise ValueError("unparsable article")
    return body[0]


@dataclass
class _Parsed:
    page: SitePage
    pid: str
    root: ET.Element
    title: str = ""
    h2: list[tuple[str, str]] = field(default_factory=list)  # (id, text)


class Assembler:
    """Builds the one HTML document a PDF is rendered from."""

    REMOVE_CLASSES = frozenset(
        {"headerlink", "footnote-backref", "md-content__button", "md-source-file", "hb-backrefs"}
    )
    REMOVE_TAGS = frozenset({"script", "style", "form", "button", "input", "nav", "noscript"})
    NO_PAGE_REF = frozenset({"hb-cite-n", "footnote-ref", "hb-backref"})

    def __init__(self, units: list[Unit]) -> None:
        self.units = units
        self.warnings: list[str] = []
        self.parsed: dict[str, _Parsed] = {}
        #: (page url, original id) -> id in the assembled document.
        self.ids: dict[tuple[str, str], str] = {}

    # ---- pass 1: parse every page, give every id a document-wide name
    def _load(self) -> None:
        for unit in self.units:
            for page in unit.pages:
                pid = _page_id(page.url)
                root = _parse(page.article)
                parsed = _Parsed(page, pid, root)
                self.ids[(page.url, "")] = pid
                for el in root.iter():
                    old = el.get("id")
                    if old:
                        new = f"{pid}--{old}"
                        self.ids[(page.url, old)] = new
                        el.set("id", new)
                self.parsed[page.url] = parsed

    # ---- pass 2: per page, clean up and resolve links
    def _clean(self, p: _Parsed) -> None:
        parents = _parents(p.root)
        for el in list(p.root.iter()):
            drop = el.tag in self.REMOVE_TAGS or self.REMOVE_CLASSES.intersection(_classes(el))
            if drop and el in parents:
                _remove(el, parents)
        parents = _parents(p.root)
        for code in [e for e in p.root.iter("code") if "hb-error" in _classes(e)]:
            raw = _itertext(code)
            m = _MACRO_RE.search(raw)
            shown = (m.group(2) or m.group(1)) if m else raw.strip("{} ")
            self.warnings.append(f"{p.page.url}: unresolved macro in the built page: {raw}")
            tail = code.tail
            code.clear()  # also drops the tail: put it back
            code.tail = tail
            code.tag = "span"
            code.set("class", "hb-unresolved")
            code.text = shown
        # Line feeds inside running text: WeasyPrint 70 sometimes breaks the line there.
        # And entities escaped twice by the site (they show as "&#x27;"): print the character.
        keep = {el for pre in p.root.iter("pre") for el in pre.iter()}
        doubled = False
        for el in p.root.iter():
            if el in keep:
                continue
            if el.text:
                el.text = el.text.replace("\n", " ")
                if _ENTITY_RE.search(el.text):
                    el.text, doubled = html.unescape(el.text), True
            if el.tail and parents.get(el) not in keep:
                el.tail = el.tail.replace("\n", " ")
                if _ENTITY_RE.search(el.tail):
                    el.tail, doubled = html.unescape(el.tail), True
        if doubled:
            self.warnings.append(
                f"{p.page.url}: text shows HTML entities (escaped twice, e.g. &#x27;); "
                "printed as characters"
            )
        # Table cells: long symbols and URLs get break opportunities (zero-width spaces),
        # so that tables wrap without "overflow-wrap: anywhere", which makes WeasyPrint
        # measure every cell character by character (three times slower tables).
        for cell in [e for e in p.root.iter() if e.tag in ("td", "th")]:
            for e in cell.iter():
                if e.text:
                    e.text = _breakable(e.text)
                if e is not cell and e.tail:
                    e.tail = _breakable(e.tail)
        for img in p.root.iter("img"):
            src = img.get("src") or ""
            if src and "://" not in src and not src.startswith(("data:", "/")):
                img.set(
                    "src",
                    posixpath.normpath(posixpath.join(posixpath.dirname(p.page.url), unquote(src))),
                )

    def _links(self, p: _Parsed) -> None:
        footnoted: set[str] = set()
        numbered: set[str] = set()  # targets already given "(p. N)" on this page
        parents = _parents(p.root)
        in_refs = {
            el for ol in p.root.iter("ol") if "hb-references" in _classes(ol) for el in ol.iter()
        }
        in_table = {el for t in p.root.iter("table") for el in t.iter()}
        for a in list(p.root.iter("a")):
            href = a.get("href")
            if href is None:
                continue
            cls = _classes(a)
            if href.startswith(("http://", "https://", "mailto:")):
                url = href[7:] if href.startswith("mailto:") else href
                text = _itertext(a)
                a.set("class", " ".join([*cls, "hb-ext"]))
                if text in (url, href, url.split("://", 1)[-1]):
                    continue
                if a in in_refs or a in in_table:
                    note = _el("span", _breakable(url), class_="hb-url")
                elif url in footnoted:
                    continue
                else:
                    footnoted.add(url)
                    note = _el("span", url, class_="hb-fn")
                parent = parents[a]
                idx = list(parent).index(a)
                note.tail, a.tail = a.tail, None
                parent.insert(idx + 1, note)
                continue
            if ":" in href.split("#", 1)[0].split("/", 1)[0]:
                _unwrap(a, parents)  # javascript:, ftp:, ... nothing to print
                continue
            path, _, frag = href.partition("#")
            frag = unquote(frag)
            target = (
                p.page.url
                if not path
                else posixpath.normpath(
                    posixpath.join(posixpath.dirname(p.page.url), unquote(path))
                )
            )
            new = self.ids.get((target, frag)) or (
                self.ids.get((target, "")) if (target, "") in self.ids and path else None
            )
            if new is None:
                _unwrap(a, parents)  # a page that is not in this PDF: plain text
                continue
            if self.NO_PAGE_REF.intersection(cls) or new == p.pid or new.startswith(p.pid + "--"):
                a.set("href", "#" + new)  # citation numbers, footnotes, the page itself
            elif new in numbered:
                _unwrap(a, parents)  # the same place again on this page: plain text
            else:
                # "(p. N)" after the first link to each place on the page.
                numbered.add(new)
                a.set("href", "#" + new)
                a.set("class", " ".join([*cls, "hb-int"]))

    def _flatten(self, p: _Parsed) -> None:
        """Unwrap inline elements that print nothing of their own (see _unwrap)."""
        parents = _parents(p.root)
        for el in list(p.root.iter()):
            plain_span = (
                el.tag == "span"
                and not el.get("id")
                and (set(_classes(el)) <= {"hb-cite", "hb-loc", "hb-symbol"})
            )
            if plain_span or el.tag == "abbr":
                _unwrap(el, parents)

    def _headings(self, p: _Parsed, unit: Unit) -> None:
        h1s = list(p.root.iter("h1"))
        if h1s:
            h1 = h1s[0]
        else:
            h1 = _el("h1", p.page.chain[-1] if p.page.chain else p.page.url)
            p.root.insert(0, h1)
            h1.tail, p.root.text = p.root.text, None
        p.title = _itertext(h1)
        chapter = _clip(unit.title, 30)
        head = p.title if p.title == unit.title else f"{chapter} — {p.title}"
        h1.set("data-head", _clip(head, HEAD_CHARS))
        h1.set("class", " ".join([*_classes(h1), "hb-page-title"]))
        # The section head of the page the title is on: the h2 right after it, if any.
        parent = _parents(p.root).get(h1, p.root)
        kids = list(parent)
        after = kids[kids.index(h1) + 1] if kids.index(h1) + 1 < len(kids) else None
        blank = not (h1.tail or "").strip()
        first_h2 = after is not None and after.tag == "h2" and blank
        h1.set("data-section", _itertext(after) if first_h2 and after is not None else "")
        for n, h2 in enumerate(p.root.iter("h2"), 1):
            hid = h2.get("id") or ""
            if hid.endswith("--references"):
                continue
            if not hid:  # the contents link to every section
                hid = f"{p.pid}--section-{n}"
                h2.set("id", hid)
            p.h2.append((hid, _itertext(h2)))

    # ---- citations: renumber per unit, collect one bibliography
    def _citations(self, p: _Parsed, bib: dict[str, tuple[int, ET.Element]], unit: Unit) -> None:
        parents = _parents(p.root)
        local: dict[str, str] = {}  # page anchor id of a reference -> bibliography key
        for ol in [e for e in p.root.iter("ol") if "hb-references" in _classes(e)]:
            for li in ol.findall("li"):
                key = _itertext(li)
                local[li.get("id") or ""] = key
                if key not in bib:
                    li.attrib.pop("value", None)
                    bib[key] = (0, li)  # numbered when first cited
            # The "References" heading right before the list goes too.
            parent = parents[ol]
            kids = list(parent)
            idx = kids.index(ol)
            if (
                idx > 0
                and kids[idx - 1].tag == "h2"
                and (kids[idx - 1].get("id") or "").endswith("--references")
            ):
                _remove(kids[idx - 1], parents)
            _remove(ol, parents)
        for a in list(p.root.iter("a")):
            if "hb-cite-n" not in _classes(a):
                continue
            tail = a.tail
            ref = (a.get("href") or "").lstrip("#")
            source = local.get(ref)
            if source is None:
                self.warnings.append(f"{p.page.url}: citation {_itertext(a)} has no reference")
                continue
            num, li = bib[source]
            if num == 0:
                num = 1 + sum(1 for n, _ in bib.values() if n)
                bib[source] = (num, li)
            # The number only, not a link: thousands of links to the bibliography cost a
            # sixth of the time of the whole handbook, and paper cannot follow them.
            a.clear()
            a.tag = "span"
            a.set("class", "hb-cite-n")
            a.text = str(num)
            a.tail = tail

    # ---- the document
    def build(self, *, site_name: str, title: str, version: str, date: str, whole: bool) -> str:
        self._load()
        html_el = _el("html", lang="en")
        head = ET.SubElement(html_el, "head")
        ET.SubElement(head, "meta", charset="utf-8")
        ET.SubElement(head, "title").text = f"{site_name} — {title}"
        ET.SubElement(head, "meta", name="author", content=site_name)
        ET.SubElement(head, "meta", name="description", content=f"{title}, version {version}")
        ET.SubElement(head, "meta", name="generator", content="handbook.pdf (WeasyPrint)")
        body = ET.SubElement(html_el, "body")
        if whole:
            _add_class(body, "hb-whole")

        cover = ET.SubElement(body, "section", {"class": "hb-cover"})
        ET.SubElement(cover, "p", {"class": "hb-cover-site"}).text = site_name
        ET.SubElement(cover, "h1", {"class": "hb-cover-title"}).text = title
        meta = ET.SubElement(cover, "dl", {"class": "hb-cover-meta"})
        for k, v in (
            ("Built", date),
            ("Version", version),
            ("Pages included", str(sum(len(u.pages) for u in self.units))),
        ):
            ET.SubElement(meta, "dt").text = k
            ET.SubElement(meta, "dd").text = v

        toc = ET.SubElement(body, "section", {"class": "hb-toc", "id": "hb-contents"})
        ET.SubElement(
            toc, "h1", {"class": "hb-toc-title", "data-head": "Contents"}
        ).text = "Contents"
        toc_list = ET.SubElement(toc, "ul")

        for unit in self.units:
            bib: dict[str, tuple[int, ET.Element]] = {}
            usec = ET.SubElement(body, "section", {"class": "hb-unit", "id": f"u-{unit.name}"})
            if whole and unit.name != "home":  # the home page needs no title page
                ET.SubElement(
                    usec, "h1", {"class": "hb-unit-title", "data-head": unit.title}
                ).text = unit.title
                uitem = ET.SubElement(toc_list, "li", {"class": "hb-toc-unit"})
                ET.SubElement(uitem, "a", href=f"#u-{unit.name}").text = unit.title
                ulist = ET.SubElement(uitem, "ul")
            else:
                ulist = toc_list
            group = None
            for page in unit.pages:
                p = self.parsed[page.url]
                self._clean(p)
                self._links(p)
                self._headings(p, unit)
                self._citations(p, bib, unit)
                self._flatten(p)
                if page.group and page.group != group and unit.name in dict(SECTIONS):
                    group = page.group
                    ET.SubElement(ulist, "li", {"class": "hb-toc-group"}).text = group
                sec = ET.SubElement(usec, "section", {"class": "hb-page", "id": p.pid})
                sec.text = p.root.text
                for child in list(p.root):
                    sec.append(child)
                item = ET.SubElement(ulist, "li", {"class": "hb-toc-page"})
                ET.SubElement(item, "a", href=f"#{p.pid}").text = p.title
                if p.h2:
                    sub = ET.SubElement(item, "ul")
                    for hid, text in p.h2:
                        ET.SubElement(
                            ET.SubElement(sub, "li", {"class": "hb-toc-h2"}), "a", href=f"#{hid}"
                        ).text = text
            cited = sorted((n, li) for n, li in bib.values() if n)
            if cited:
                bsec = ET.SubElement(
                    usec,
                    "section",
                    {"class": "hb-bibliography", "id": f"u-{unit.name}--bibliography"},
                )
                ET.SubElement(
                    bsec,
                    "h1",
                    {
                        "class": "hb-page-title",
                        "data-head": f"{_clip(unit.title, 60)} — Bibliography",
                        "data-section": "",
                    },
                ).text = "Bibliography"
                ol = ET.SubElement(bsec, "ol", {"class": "hb-bib-list"})
                for n, li in cited:
                    li.set("id", f"u-{unit.name}--ref-{n}")
                    li.set("value", str(n))
                    li.tail = "\n"
                    ol.append(li)
                item = ET.SubElement(ulist, "li", {"class": "hb-toc-page hb-toc-bib"})
                ET.SubElement(item, "a", href=f"#u-{unit.name}--bibliography").text = "Bibliography"
        # Only ids that something links to: every id is an anchor WeasyPrint tracks through
        # pagination, so the thousands nothing points to (citation ids) only cost time.
        wanted = {
            (a.get("href") or "")[1:]
            for a in html_el.iter("a")
            if (a.get("href") or "").startswith("#")
        }
        for el in html_el.iter():
            ident = el.get("id")
            if ident and ident not in wanted and el.tag not in ("section",):
                del el.attrib["id"]
        return "<!DOCTYPE html>\n" + ET.tostring(html_el, encoding="unicode", method="html")


# --------------------------------------------------------------------------- rendering


def _stylesheet() -> str:
    return resources.files("handbook.pdf").joinpath("pdf.css").read_text(encoding="utf-8")


def _css_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


#: What a page number reads as while WeasyPrint lays the document out (see render()).
PLACEHOLDER_DIGIT = "0"


def page_css(paper: str, footer: str, digits: int = 2, *, fill: bool = True) -> str:
    """The per-document part of the stylesheet: paper size, footer line, and the width of
    the "(p. N)" boxes for page numbers of that many digits.

    fill: page numbers of links and contents entries are placeholders that render() fills
    in after layout, instead of CSS ``target-counter()`` (see render()).
    """
    size = PAPERS[paper.lower()]
    css = (
        f"@page {{ size: {size}; @bottom-left {{ content: {_css_string(footer)}; }} }}\n"
        f"@page cover {{ size: {size}; }}\n"
        f"a.hb-int::after {{ width: {1.9 + 0.58 * digits:.2f}em; }}\n"
    )
    if fill:
        ph = PLACEHOLDER_DIGIT * digits
        css += (
            f'a.hb-int::after {{ content: "(p.\\a0 {ph})"; }}\n'
            ".hb-toc a { padding-right: 0; }\n"
            f'.hb-toc a::after {{ content: leader(". ") "{ph}"; margin-right: 0; }}\n'
            f'.hb-toc-h2 > a::after {{ content: "{ph}"; float: right; margin-right: 0; }}\n'
            ".hb-toc a.hb-int::after { content: none; }\n"
        )
    return css


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def fill_page_numbers(doc: Any, digits: int, font_config: Any) -> tuple[int, list[str]]:
    """Write the page numbers into the placeholders of a laid-out WeasyPrint document.

    CSS ``target-counter()`` makes WeasyPrint lay out again every page that links forward
    (most pages of the handbook link forward), which more than doubles the time of the
    whole handbook. The placeholders have a fixed width (an inline-block for "(p. N)"; the
    contents' numbers hang in a padding), so the real numbers never change the layout:
    they are filled in here, once every anchor's page is known. Returns (count filled,
    problems). Uses WeasyPrint's box tree (tested with WeasyPrint 66 and 70).
    """
    from weasyprint.formatting_structure import boxes  # type: ignore[import-untyped]
    from weasyprint.text.line_break import split_first_line  # type: ignore[import-untyped]

    placeholder = PLACEHOLDER_DIGIT * digits
    # What WeasyPrint's text layout reads from its layout context (up to WeasyPrint 66; from
    # 67 on it reads the style's): the fonts, so the new text uses the document's fonts.
    context = SimpleNamespace(font_config=font_config, font_features={}, dictionaries={})
    pages: dict[str, int] = {}
    for number, page in enumerate(doc.pages, 1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    filled, problems = 0, list[str]()
    for page in doc.pages:
        for box in page._page_box.descendants():
            if not (
                isinstance(box, boxes.TextBox)
                and (box.element_tag or "").endswith("::after")
                and placeholder in box.text
                and getattr(box.element, "tag", None) == "a"
            ):
                continue
            href = box.element.get("href") or ""
            found = pages.get(href[1:])
            if found is None:
                problems.append(f"no page for link target {href}")
            text = box.text.replace(placeholder, str(found or "?"), 1)
            layout, _, _, width, _, _ = split_first_line(text, box.style, context, None, 0)
            if "hb-int" not in (box.element.get("class") or "").split():
                box.position_x += box.width - width  # contents: keep it right-aligned
            box.pango_layout, box.text, box.width = layout, text, width
            filled += 1
    return filled, problems


def render(
    document: str, target: Path, *, base: Path, css: str, digits: int = 2, fill: bool = True
) -> tuple[int, list[str]]:
    """Render the assembled HTML to target; (page count, warnings).

    fill: css is page_css(..., fill=True): fill in the page numbers after layout.
    """
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

    handler = _Collect()
    wlog = logging.getLogger("weasyprint")
    wlog.addHandler(handler)
    try:
        fonts = FontConfiguration()
        sheets = [CSS(string=_stylesheet(), font_config=fonts), CSS(string=css, font_config=fonts)]
        doc = HTML(string=document, base_url=str(base) + os.sep).render(
            stylesheets=sheets, font_config=fonts, presentational_hints=False, optimize_images=True
        )
        problems: list[str] = []
        if fill:
            _, problems = fill_page_numbers(doc, digits, fonts)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".pdf.part")
        doc.write_pdf(tmp, optimize_images=True)
        tmp.replace(target)
        return len(doc.pages), [f"weasyprint: {m}" for m in handler.messages] + problems
    finally:
        wlog.removeHandler(handler)


# --------------------------------------------------------------------------- API


def default_version() -> str:
    try:
        return metadata.version("hr-trafficking-handbook")
    except metadata.PackageNotFoundError:
        return "unknown"


def default_date() -> str:
    """Today (UTC), or the day of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = _dt.datetime.fromtimestamp(int(epoch), _dt.UTC) if epoch else _dt.datetime.now(_dt.UTC)
    return when.date().isoformat()


def available(site_dir: Path) -> dict[str, str]:
    """name -> title of every PDF that can be built from this site, in order."""
    _, pages = read_site(site_dir)
    units = chapter_units(pages)
    out = {n: units[n].title for n in CHAPTERS if n in units}
    out[HANDBOOK] = "The whole handbook"
    return out


def _build_one(
    site_dir: Path, out_dir: Path, name: str, *, paper: str, version: str, date: str
) -> PdfResult:
    started, cpu = time.perf_counter(), time.process_time()
    site_name, pages = read_site(site_dir)
    units = chapter_units(pages)
    if name == HANDBOOK:
        order = ["home", *(n for n, _ in SECTIONS), "sources", *GROUPS]
        chosen = [units[n] for n in order if n in units]
        title = "The whole handbook"
    elif name in units:
        chosen = [units[name]]
        title = units[name].title
    else:
        raise ValueError(
            f"unknown chapter {name!r}; expected one of {', '.join([*CHAPTERS, HANDBOOK])}"
        )
    asm = Assembler(chosen)
    document = asm.build(
        site_name=site_name, title=title, version=version, date=date, whole=name == HANDBOOK
    )
    footer = f"{_clip(f'{site_name} · {title}', FOOT_CHARS)} · {version} · {date}"
    target = out_dir / f"{name}.pdf"
    # Page numbers get a box wide enough for this many digits; a rare miss re-renders.
    # HANDBOOK_PDF_TARGET_COUNTER=1: let WeasyPrint number them (slower; for comparison).
    fill = not os.environ.get("HANDBOOK_PDF_TARGET_COUNTER")
    digits = 3 if name == HANDBOOK else 2
    notes: list[str] = []
    while True:
        css = page_css(paper, footer, digits, fill=fill)
        try:
            count, warnings = render(
                document, target, base=site_dir, css=css, digits=digits, fill=fill
            )
        except (AttributeError, ImportError, TypeError, ValueError) as exc:
            if not fill:
                raise
            # A WeasyPrint whose box tree differs: let it number the pages itself (slower).
            notes.append(f"page numbers by target-counter() ({type(exc).__name__}: {exc})")
            fill = False
            continue
        if len(str(count)) <= digits:
            break
        digits = len(str(count))
    warnings = notes + warnings
    if os.environ.get("HANDBOOK_PDF_KEEP_HTML"):
        target.with_suffix(".html").write_text(document, encoding="utf-8")
    return PdfResult(
        name=name,
        title=title,
        path=target,
        pages=count,
        bytes=target.stat().st_size,
        seconds=time.perf_counter() - started,
        cpu_seconds=time.process_time() - cpu,
        site_pages=sum(len(u.pages) for u in chosen),
        warnings=asm.warnings + warnings,
        paper="Letter" if paper.lower() == "letter" else "A4",
    )


def build_pdfs(
    site_dir: Path,
    out_dir: Path,
    chapters: list[str] | None = None,
    *,
    paper: str = "A4",
    version: str | None = None,
    date: str | None = None,
    jobs: int | None = None,
) -> list[PdfResult]:
    """Build the PDFs named in chapters (None: every chapter and the handbook).

    Writes out_dir/<name>.pdf for each, then out_dir/pdfs.json and out_dir/index.html
    listing every PDF present in out_dir. jobs: worker processes (default: CPU count).
    """
    if paper.lower() not in PAPERS:
        raise ValueError(f"unknown paper {paper!r}; expected A4 or Letter")
    site_dir, out_dir = Path(site_dir), Path(out_dir)
    version = version or default_version()
    date = date or default_date()
    names = list(chapters) if chapters else [*available(site_dir)]
    # The biggest first, so that it overlaps with the small ones.
    names.sort(key=lambda n: n != HANDBOOK)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(names)))
    results: dict[str, PdfResult] = {}
    if jobs == 1:
        for n in names:
            results[n] = _build_one(site_dir, out_dir, n, paper=paper, version=version, date=date)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            futures = {
                n: pool.submit(
                    _build_one, site_dir, out_dir, n, paper=paper, version=version, date=date
                )
                for n in names
            }
            for n, fut in futures.items():
                results[n] = fut.result()
    site_name, _ = read_site(site_dir)
    done = [results[n] for n in names]
    write_listing(out_dir, done, site_name=site_name, paper=paper, version=version, date=date)
    return done


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def write_listing(
    out_dir: Path,
    results: Sequence[PdfResult],
    *,
    site_name: str,
    paper: str,
    version: str,
    date: str,
) -> list[dict[str, object]]:
    """Write pdfs.json and index.html listing every PDF in out_dir, in handbook order.

    PDFs built earlier (an earlier run for other chapters) stay listed with what the
    earlier pdfs.json said about them, as long as their file is still there.
    """
    known: dict[str, dict[str, object]] = {}
    listing = out_dir / "pdfs.json"
    if listing.is_file():
        try:
            known = {str(e["name"]): e for e in json.loads(listing.read_text("utf-8"))["pdfs"]}
        except (ValueError, KeyError, TypeError):
            known = {}
    for r in results:
        known[r.name] = {
            "name": r.name,
            "title": r.title,
            "file": r.path.name,
            "pages": r.pages,
            "bytes": r.bytes,
            "paper": r.paper,
        }
    order = [HANDBOOK, *CHAPTERS]
    entries = sorted(
        (e for e in known.values() if (out_dir / str(e["file"])).is_file()),
        key=lambda e: (order.index(str(e["name"])) if e["name"] in order else 99, str(e["name"])),
    )
    (out_dir / "pdfs.json").write_text(
        json.dumps(
            {
                "site_name": site_name,
                "paper": paper,
                "version": version,
                "date": date,
                "pdfs": entries,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    rows = "\n".join(
        f'<tr><td><a href="{html.escape(str(e["file"]))}">{html.escape(str(e["title"]))}'
        f'</a></td><td>{html.escape(str(e["file"]))}</td><td class="n">{e["pages"]}</td>'
        f'<td class="n">{_size(int(str(e["bytes"])))}</td></tr>'
        for e in entries
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Printable PDFs - {html.escape(site_name)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto;
       padding: 0 1rem; color: #222; line-height: 1.5; }}
h1 {{ font-size: 1.6rem; font-weight: 600; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; }}
td.n, th.n {{ text-align: right; white-space: nowrap; }}
a {{ color: #3f51b5; }}
p.meta {{ color: #666; font-size: .9rem; }}
</style></head>
<body>
<p><a href="../index.html">← {html.escape(site_name)}</a></p>
<h1>Printable PDFs</h1>
<p>One PDF per chapter, and the whole handbook, for printing: each has a table of contents
with page numbers and the chapter's bibliography at its end.</p>
<p class="meta">Paper: {html.escape(paper)} · version {html.escape(version)} ·
built {html.escape(date)}</p>
<table>
<thead><tr><th>Chapter</th><th>File</th><th class="n">Pages</th><th class="n">Size</th></tr>
</thead>
<tbody>
{rows}
</tbody>
</table>
</body></html>
"""
    (out_dir / "index.html").write_text(page, encoding="utf-8")
    return entries


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="handbook pdf", description="Build print-ready PDFs from the built site."
    )
    parser.add_argument(
        "chapters",
        nargs="*",
        metavar="CHAPTER",
        help=f"any of: {', '.join([*CHAPTERS, HANDBOOK])} (default: all)",
    )
    parser.add_argument(
        "--paper",
        default="A4",
        type=str.lower,
        choices=["a4", "letter"],
        help="paper size (default A4)",
    )
    parser.add_argument("--site", default="site", type=Path, help="the built site (default: site)")
    parser.add_argument("--out", type=Path, help="output folder (default: SITE/pdf)")
    parser.add_argument("--version", dest="doc_version", help="version printed on the cover")
    parser.add_argument("--date", help="date printed on the cover (default: today)")
    parser.add_argument("--jobs", type=int, help="worker processes (default: CPU count)")
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 on any warning (unresolved macros or doubly escaped text in the site, "
        "links without a target, WeasyPrint's own)",
    )
    args = parser.parse_args(argv)
    bad = [c for c in args.chapters if c not in (*CHAPTERS, HANDBOOK)]
    if bad:
        parser.error(f"unknown chapter(s): {', '.join(bad)}")
    out = args.out or args.site / "pdf"
    started = time.perf_counter()
    try:
        results = build_pdfs(
            args.site,
            out,
            args.chapters or None,
            paper="Letter" if args.paper == "letter" else "A4",
            version=args.doc_version,
            date=args.date,
            jobs=args.jobs,
        )
    except FileNotFoundError as exc:
        print(f"handbook pdf: {exc}", file=sys.stderr)
        return 1
    warned = False
    for r in results:
        print(
            f"{r.path}: {r.pages} pages, {_size(r.bytes)}, "
            f"{r.seconds:.1f} s ({r.cpu_seconds:.1f} s CPU)"
        )
        for w in dict.fromkeys(r.warnings):
            warned = True
            print(f"  warning: {w}", file=sys.stderr)
    print(
        f"{len(results)} PDF(s) in {time.perf_counter() - started:.1f} s; "
        f"listing: {out / 'index.html'}"
    )
    return 1 if warned and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
