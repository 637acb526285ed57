"""Assembling the PDFs: every site page, cover, contents, chapter title and bibliography as
a *segment* of HTML that starts on a page of its own.

A segment is typeset once and reused by every PDF that contains it: the page on principle
17 is the same segment in ``principles.pdf`` and in ``handbook.pdf``. So nothing in a
segment depends on the PDF it ends up in. What does (page numbers, and whether a link's
target is in the same PDF) is left out of the HTML and added when the PDF is put together
(:mod:`handbook.pdf.compose`):

- a link to a place in the same chapter gets a fixed-width slot after it, where the page
  number "(p. N)" is written in; the contents have a slot after every entry, and every
  page one in the footer ("N / M");
- citation numbers, footnote references and links within the page stay links to ``#id``;
- a link to another chapter stays a link only when the site names its address: in a PDF
  that holds the target it goes there, in one that does not to the website; without an
  address it is plain text (links cost a fifth of a chapter's typesetting);
- a link to a page that is in no PDF goes to the website, or is plain text.

Citations are numbered per chapter; each number links to the chapter's bibliography, and
the entries link to their source on the website when the site names its address (else a
note says why they do not).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, unquote
from xml.etree import ElementTree as ET

from handbook.pdf import markup
from handbook.pdf.chapters import HANDBOOK, sections
from handbook.pdf.markup import classes, element, itertext, parents, remove, unwrap
from handbook.pdf.site import Site, SitePage, Unit, inside, slug

#: Running heads and the footer stay on one line (A4 and Letter, at their font sizes).
HEAD_CHARS = 80
FOOT_CHARS = 90
#: The whole handbook: its title and the order of its parts.
HANDBOOK_TITLE = "The whole handbook"
#: Images a page may show: files of the site with these suffixes, or data: URLs of these
#: types. Nothing else is fetched.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"})
DATA_IMAGE_RE = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml)[;,]", re.I)
MAX_IMAGE_BYTES = 16 * 1024 * 1024

_MACRO_RE = re.compile(r"""\{\{\s*(\w+)\s*\(\s*(?:["']([^"']*)["'])?""")
_ENTITY_RE = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|amp|quot|lt|gt|apos);")
_LONG_RE = re.compile(r"[^\s\u200b]{24,}")


def clip(text: str, n: int) -> str:
    """text, cut at a word boundary to at most n characters (with an ellipsis)."""
    if len(text) <= n:
        return text
    cut = text[: n - 1].rsplit(" ", 1)[0].rstrip(" ,;:—-")
    return cut + " …"


def breakable(text: str) -> str:
    """Zero-width spaces in words of 24 characters or more: after / . _ - and, in what is
    still that long, every 16 characters."""

    def chunk(m: re.Match[str]) -> str:
        word = m.group(0)
        return "\u200b".join(word[i : i + 16] for i in range(0, len(word), 16))

    def split(m: re.Match[str]) -> str:
        word = re.sub(r"([/._-])(?=.)", "\\1\u200b", m.group(0))
        return _LONG_RE.sub(chunk, word)

    return _LONG_RE.sub(split, text)


def page_id(url: str) -> str:
    """The id of a site page's section in the PDFs."""
    return "pg-" + slug(url[:-5] if url.endswith(".html") else url)


@dataclass
class Segment:
    """HTML that starts on a new page and is typeset once, whichever PDFs hold it."""

    kind: str  # "cover", "contents", "unit", "page" or "bibliography"
    html: str  # one <section> element
    foot: str  # the footer line of its pages
    where: str  # the site page it comes from (for messages), or the PDF's name
    #: Site-relative paths of the image files it shows (their bytes are part of its key).
    images: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    #: What it is typeset with when it must be (its chapter, or "front" for covers,
    #: contents and chapter titles): not part of what it prints.
    group: str = "front"


@dataclass
class Plan:
    """One PDF: its segments in order, each with how far its bookmarks are nested."""

    name: str
    title: str
    segments: list[tuple[Segment, int]]
    site_pages: int


@dataclass
class _Parsed:
    page: SitePage
    unit: Unit
    pid: str
    root: ET.Element
    title: str = ""
    h2: list[tuple[str, str]] = field(default_factory=list)  # (id, text)
    images: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class Assembler:
    """Turns the pages of a built site into the segments and plans of every PDF."""

    #: Screen-only parts: permalinks, back-links, buttons, the citation cards (the PDF has
    #: its bibliography), the "Cited in" lists of source passages (links into the website).
    REMOVE_CLASSES = frozenset(
        {
            "headerlink", "footnote-backref", "md-content__button", "md-source-file",
            "hb-backrefs", "hb-cards", "hb-citedby",
        }
    )  # fmt: skip
    NO_PAGE_REF = frozenset({"hb-cite-n", "footnote-ref", "hb-backref"})

    def __init__(self, site: Site, units: dict[str, Unit], *, version: str, date: str) -> None:
        self.site = site
        self.units = units
        self.version = version
        self.date = date
        self.parsed: dict[str, _Parsed] = {}
        #: (page url, original id) -> id in the PDFs.
        self.ids: dict[tuple[str, str], str] = {}
        #: id in the PDFs -> (page url, original id): where it is on the website.
        self.places: dict[str, tuple[str, str]] = {}
        self.pages: dict[str, Segment] = {}  # page url -> its segment
        self.bibliographies: dict[str, Segment] = {}  # unit name -> its bibliography
        self._bib_sections: dict[str, ET.Element] = {}
        self._done = False

    # ------------------------------------------------------------------ the steps

    def prepare(self) -> None:
        """Parse, clean and resolve every page of every unit once (all PDFs share them)."""
        if self._done:
            return
        self._done = True
        for unit in self.units.values():
            for page in unit.pages:
                self._load(page, unit)
        for unit in self.units.values():
            bib: dict[str, tuple[int, ET.Element]] = {}
            for page in unit.pages:
                p = self.parsed[page.url]
                self._clean(p)
                self._glue_locators(p)
                self._links(p)
                self._headings(p)
                self._citations(p, bib)
                self._flatten(p)
            self._bibliography(unit, bib)
        wanted = self._linked_ids()
        for unit in self.units.values():
            for page in unit.pages:
                p = self.parsed[page.url]
                self.pages[page.url] = self._page_segment(p, wanted)
            bsec = self._bib_sections.get(unit.name)
            if bsec is not None:
                _prune_ids(bsec, wanted)
                self.bibliographies[unit.name] = Segment(
                    kind="bibliography",
                    html=markup.serialize(bsec),
                    foot=self._foot(unit.title),
                    where=f"the bibliography of {unit.name}",
                    group=unit.name,
                )

    def plans(self, names: Iterable[str]) -> list[Plan]:
        """The plan of each named PDF (chapter names and ``handbook``)."""
        self.prepare()
        out = []
        for name in names:
            if name == HANDBOOK:
                order = ["home", *(n for n, _ in sections()), "sources"]
                order += [n for n in self.units if n not in order]
                chosen = [self.units[n] for n in order if n in self.units]
                out.append(self._plan(HANDBOOK, HANDBOOK_TITLE, chosen, whole=True))
            else:
                unit = self.units[name]
                out.append(self._plan(name, unit.title, [unit], whole=False))
        return out

    def site_url(self, ident: str) -> str | None:
        """The address on the website of a place in the PDFs (None: the site names no
        address, or the place is not a page of the site)."""
        place = self.places.get(ident)
        base = self.site.address
        if place is None or base is None:
            return None
        url, frag = place
        href = base + quote(url, safe="/-._~")
        return href + "#" + quote(frag, safe="-._~:") if frag else href

    # ------------------------------------------------------------------ pages

    def _load(self, page: SitePage, unit: Unit) -> None:
        """Parse a page, keep only what may reach a PDF, give every id a PDF-wide name."""
        pid = page_id(page.url)
        root, flattened = markup.parse(page.article)
        p = _Parsed(page, unit, pid, root)
        if flattened:
            p.warnings.append(
                f"{page.url}: {flattened} element(s) nested more than {markup.MAX_DEPTH} deep "
                "printed one after the other"
            )
        p.warnings.extend(markup.sanitize(root, page.url))
        self.ids[(page.url, "")] = pid
        self.places[pid] = (page.url, "")
        for el in root.iter():
            old = el.get("id")
            if old is not None:
                new = f"{pid}--{old}"
                self.ids.setdefault((page.url, old), new)
                self.places.setdefault(new, (page.url, old))
                el.set("id", new)
        self.parsed[page.url] = p

    def _clean(self, p: _Parsed) -> None:
        """Drop site furniture, report unresolved macros, fix text, vet images."""
        parent_of = parents(p.root)
        for el in list(p.root.iter()):
            if self.REMOVE_CLASSES.intersection(classes(el)) and el in parent_of:
                remove(el, parent_of)
        parent_of = parents(p.root)
        for code in [e for e in p.root.iter("code") if "hb-error" in classes(e)]:
            raw = itertext(code)
            m = _MACRO_RE.search(raw)
            shown = (m.group(2) or m.group(1)) if m else raw.strip("{} ")
            p.warnings.append(f"{p.page.url}: unresolved macro in the built page: {raw}")
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
            if el.tail and parent_of.get(el) not in keep:
                el.tail = el.tail.replace("\n", " ")
                if _ENTITY_RE.search(el.tail):
                    el.tail, doubled = html.unescape(el.tail), True
        if doubled:
            p.warnings.append(
                f"{p.page.url}: text shows HTML entities (escaped twice, e.g. &#x27;); "
                "printed as characters"
            )
        # Table cells: long symbols and URLs get break opportunities (zero-width spaces),
        # so that tables wrap without "overflow-wrap: anywhere", which makes WeasyPrint
        # measure every cell character by character (three times slower tables).
        for cell in [e for e in p.root.iter() if e.tag in ("td", "th")]:
            for e in cell.iter():
                if e.text:
                    e.text = breakable(e.text)
                if e is not cell and e.tail:
                    e.tail = breakable(e.tail)
        for img in list(p.root.iter("img")):
            self._image(p, img)

    def _image(self, p: _Parsed, img: ET.Element) -> None:
        """Keep an image only if it is a file of the site or a data: image; else its alt."""
        src = (img.get("src") or "").strip()
        if DATA_IMAGE_RE.match(src):
            return
        reason = ""
        if not src:
            reason = "no src"
        elif re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src) or src.startswith("//"):
            reason = "not a file of the site (the PDFs fetch nothing from the network or disk)"
        else:
            rel = posixpath.normpath(
                posixpath.join(posixpath.dirname(p.page.url), unquote(src.split("#")[0]))
            )
            path = inside(self.site.root, rel.split("?", 1)[0])
            if path is None:
                reason = "not a file inside the site"
            elif path.suffix.lower() not in IMAGE_SUFFIXES:
                reason = "not an image"
            elif path.stat().st_size > MAX_IMAGE_BYTES:
                reason = f"larger than {MAX_IMAGE_BYTES} bytes"
            else:
                img.set("src", rel.split("?", 1)[0])
                p.images.append(rel.split("?", 1)[0])
                return
        p.warnings.append(f"{p.page.url}: image {markup._short(src)!r} refused: {reason}")
        alt = img.get("alt") or ""
        img.tag = "span"
        img.attrib.clear()
        img.text = alt

    _LOCATOR_SPACE = re.compile(r"(¶+|paras?\.|sect\.) (?=\d)")

    def _glue_locators(self, p: _Parsed) -> None:
        """A locator's sign and its number never part at a line end ("¶ 9", "para. 12")."""
        for a in p.root.iter("a"):
            if "hb-loc" in classes(a) and a.text:
                a.text = self._LOCATOR_SPACE.sub("\\1\u00a0", a.text)

    def _links(self, p: _Parsed) -> None:
        """Resolve every link: to its place in the PDFs, to the website, or to nothing."""
        footnoted: set[str] = set()
        numbered: set[str] = set()  # targets already given "(p. N)" on this page
        parent_of = parents(p.root)
        in_refs = {
            el for ol in p.root.iter("ol") if "hb-references" in classes(ol) for el in ol.iter()
        }
        in_table = {el for t in p.root.iter("table") for el in t.iter()}
        for a in list(p.root.iter("a")):
            href = a.get("href")
            if href is None:
                continue
            cls = classes(a)
            if href.startswith(("http://", "https://", "mailto:")):
                url = href[7:] if href.startswith("mailto:") else href
                text = itertext(a)
                a.set("class", " ".join([*cls, "hb-ext"]))
                if text in (url, href, url.split("://", 1)[-1]):
                    continue
                if a in in_refs or a in in_table:
                    note = element("span", breakable(url), class_="hb-url")
                elif url in footnoted:
                    continue
                else:
                    footnoted.add(url)
                    note = element("span", url, class_="hb-fn")
                parent = parent_of[a]
                idx = list(parent).index(a)
                note.tail, a.tail = a.tail, None
                parent.insert(idx + 1, note)
                continue
            if ":" in href.split("#", 1)[0].split("/", 1)[0] or href.startswith("//"):
                unwrap(a, parent_of)  # javascript:, file:, ftp:, ... nothing to print
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
                site = self._site_link(target, frag)
                if site is None:
                    unwrap(a, parent_of)  # a page that is in no PDF: plain text
                else:
                    a.set("href", site)
                    a.set("class", " ".join([*cls, "hb-site"]))
                continue
            if a in in_refs and self.site.address:
                site = self.site_url(new)
                if site:  # bibliography entries link to their source on the website
                    a.set("href", site)
                    a.set("class", " ".join([*cls, "hb-site"]))
                    continue
            in_unit = self._unit_of(new) == p.unit.name
            if self.NO_PAGE_REF.intersection(cls) or new == p.pid or new.startswith(p.pid + "--"):
                a.set("href", "#" + new)  # citation numbers, footnotes, the page itself
            elif not in_unit:
                # Another chapter: a link (to it in the handbook, to the website in a
                # chapter PDF) only when the site names its address; else plain text, as
                # links cost a fifth of the typesetting of a chapter (measured: principles,
                # 2137 links 7.0 s CPU, 799 links 5.5 s).
                if self.site.address:
                    a.set("href", "#" + new)
                else:
                    unwrap(a, parent_of)
            elif new in numbered:
                unwrap(a, parent_of)  # the same place again on this page: plain text
            else:
                # "(p. N)" after the first link to each place of the chapter on the page.
                numbered.add(new)
                a.set("href", "#" + new)
                a.set("class", " ".join([*cls, "hb-int"]))

    def _site_link(self, target: str, frag: str) -> str | None:
        base = self.site.address
        if base is None or inside(self.site.root, target) is None:
            return None
        href = base + quote(target, safe="/-._~")
        return href + "#" + quote(frag, safe="-._~:") if frag else href

    def _unit_of(self, ident: str) -> str | None:
        place = self.places.get(ident)
        if place is None:
            return None
        parsed = self.parsed.get(place[0])
        return parsed.unit.name if parsed else None

    def _flatten(self, p: _Parsed) -> None:
        """Unwrap inline elements that print nothing of their own (see markup.unwrap)."""
        parent_of = parents(p.root)
        for el in list(p.root.iter()):
            plain_span = (
                el.tag == "span"
                and not el.get("id")
                and (set(classes(el)) <= {"hb-cite", "hb-loc", "hb-symbol"})
            )
            if (plain_span or el.tag == "abbr") and el in parent_of:
                unwrap(el, parent_of)

    def _headings(self, p: _Parsed) -> None:
        """The page title (with its running head) and the sections the contents list."""
        h1s = list(p.root.iter("h1"))
        if h1s:
            h1 = h1s[0]
        else:
            h1 = element("h1", p.page.chain[-1] if p.page.chain else p.page.url)
            p.root.insert(0, h1)
            h1.tail, p.root.text = p.root.text, None
        p.title = itertext(h1)
        chapter = clip(p.unit.title, 30)
        head = p.title if p.title == p.unit.title else f"{chapter} — {p.title}"
        h1.set("data-head", clip(head, HEAD_CHARS))
        h1.set("class", " ".join([*classes(h1), "hb-page-title"]))
        # The section head of the page the title is on: the h2 right after it, if any.
        parent = parents(p.root).get(h1, p.root)
        kids = list(parent)
        after = kids[kids.index(h1) + 1] if kids.index(h1) + 1 < len(kids) else None
        blank = not (h1.tail or "").strip()
        first_h2 = after is not None and after.tag == "h2" and blank
        h1.set("data-section", itertext(after) if first_h2 and after is not None else "")
        for n, h2 in enumerate(p.root.iter("h2"), 1):
            hid = h2.get("id") or ""
            if hid.endswith("--references"):
                continue
            if not hid:  # the contents link to every section
                hid = f"{p.pid}--section-{n}"
                h2.set("id", hid)
            p.h2.append((hid, markup.heading_text(h2)))

    def _citations(self, p: _Parsed, bib: dict[str, tuple[int, ET.Element]]) -> None:
        """Number citations across the chapter; move the references to its bibliography."""
        parent_of = parents(p.root)
        local: dict[str, str] = {}  # page anchor id of a reference -> bibliography key
        for ol in [e for e in p.root.iter("ol") if "hb-references" in classes(e)]:
            for li in ol.findall("li"):
                key = itertext(li)
                local[li.get("id") or ""] = key
                if key not in bib:
                    li.attrib.pop("value", None)
                    bib[key] = (0, li)  # numbered when first cited
            # The "References" heading right before the list goes too.
            parent = parent_of[ol]
            kids = list(parent)
            idx = kids.index(ol)
            if (
                idx > 0
                and kids[idx - 1].tag == "h2"
                and (kids[idx - 1].get("id") or "").endswith("--references")
            ):
                remove(kids[idx - 1], parent_of)
            remove(ol, parent_of)
        for a in list(p.root.iter("a")):
            if "hb-cite-n" not in classes(a):
                continue
            tail = a.tail
            ref = (a.get("href") or "").lstrip("#")
            source = local.get(ref)
            if source is None:
                p.warnings.append(f"{p.page.url}: citation {itertext(a)} has no reference")
                continue
            num, li = bib[source]
            if num == 0:
                num = 1 + sum(1 for n, _ in bib.values() if n)
                bib[source] = (num, li)
            # The number links to its entry in the chapter's bibliography.
            a.clear()
            a.set("class", "hb-cite-n")
            a.set("href", f"#u-{p.unit.name}--ref-{num}")
            a.text = str(num)
            a.tail = tail

    def _bibliography(self, unit: Unit, bib: dict[str, tuple[int, ET.Element]]) -> None:
        cited = sorted((n, li) for n, li in bib.values() if n)
        if not cited:
            return
        bsec = element("section", class_="hb-bibliography", id=f"u-{unit.name}--bibliography")
        bsec.append(
            element(
                "h1",
                "Bibliography",
                class_="hb-page-title",
                data_head=f"{clip(unit.title, 60)} — Bibliography",
                data_section="",
            )
        )
        ol = ET.SubElement(bsec, "ol", {"class": "hb-bib-list"})
        for n, li in cited:
            li.set("id", f"u-{unit.name}--ref-{n}")
            li.set("value", str(n))
            li.tail = "\n"
            ol.append(li)
        if self.site.address:
            note = f"Each entry links to its source on the website, {self.site.address}"
        else:
            note = (
                "The entries do not link to the website: the site these PDFs were made "
                "from does not give its address (site_url in mkdocs.yml)."
            )
        bsec.append(element("p", note, class_="hb-bib-note"))
        self._bib_sections[unit.name] = bsec

    def _linked_ids(self) -> set[str]:
        """Every id something in any PDF links to (the contents link to pages and
        sections): only those stay, as every id is an anchor WeasyPrint tracks."""
        wanted: set[str] = set()
        for p in self.parsed.values():
            wanted.add(p.pid)
            wanted.update(hid for hid, _ in p.h2)
            for a in p.root.iter("a"):
                href = a.get("href") or ""
                if href.startswith("#"):
                    wanted.add(href[1:])
        for bsec in self._bib_sections.values():
            for a in bsec.iter("a"):
                href = a.get("href") or ""
                if href.startswith("#"):
                    wanted.add(href[1:])
        return wanted

    def _page_segment(self, p: _Parsed, wanted: set[str]) -> Segment:
        _prune_ids(p.root, wanted)
        sec = element("section", class_="hb-page", id=p.pid)
        sec.text = p.root.text
        for child in list(p.root):
            sec.append(child)
        return Segment(
            kind="page",
            html=markup.serialize(sec),
            foot=self._foot(p.unit.title),
            where=p.page.url,
            images=tuple(dict.fromkeys(p.images)),
            warnings=tuple(p.warnings),
            group=p.unit.name,
        )

    # ------------------------------------------------------------------ a PDF

    def _foot(self, title: str) -> str:
        return f"{clip(f'{self.site.name} · {title}', FOOT_CHARS)} · {self.version} · {self.date}"

    def _plan(self, name: str, title: str, units: Sequence[Unit], *, whole: bool) -> Plan:
        segments: list[tuple[Segment, int]] = [(self._cover(name, title, units), 0)]
        toc = element("section", class_="hb-toc")
        toc.append(element("h1", "Contents", class_="hb-toc-title", data_head="Contents"))
        toc_list = ET.SubElement(toc, "ul")
        body: list[tuple[Segment, int]] = []
        for unit in units:
            titled = whole and unit.name != "home"  # the home page needs no title page
            level = 1 if titled else 0
            if titled:
                usec = element("section", class_="hb-unit", id=f"u-{unit.name}")
                usec.append(element("h1", unit.title, class_="hb-unit-title", data_head=unit.title))
                body.append(
                    (
                        Segment("unit", markup.serialize(usec), self._foot(unit.title), name),
                        0,
                    )
                )
                uitem = ET.SubElement(toc_list, "li", {"class": "hb-toc-unit"})
                ET.SubElement(uitem, "a", href=f"#u-{unit.name}").text = unit.title
                ulist = ET.SubElement(uitem, "ul")
            else:
                ulist = toc_list
            group = None
            for page in unit.pages:
                p = self.parsed[page.url]
                if page.group and page.group != group and unit.name in dict(sections()):
                    group = page.group
                    ET.SubElement(ulist, "li", {"class": "hb-toc-group"}).text = group
                item = ET.SubElement(ulist, "li", {"class": "hb-toc-page"})
                ET.SubElement(item, "a", href=f"#{p.pid}").text = p.title
                if p.h2:
                    sub = ET.SubElement(item, "ul")
                    for hid, text in p.h2:
                        ET.SubElement(
                            ET.SubElement(sub, "li", {"class": "hb-toc-h2"}), "a", href=f"#{hid}"
                        ).text = text
                body.append((self.pages[page.url], level))
            bib = self.bibliographies.get(unit.name)
            if bib is not None:
                item = ET.SubElement(ulist, "li", {"class": "hb-toc-page hb-toc-bib"})
                ET.SubElement(item, "a", href=f"#u-{unit.name}--bibliography").text = "Bibliography"
                body.append((bib, level))
        segments.append((Segment("contents", markup.serialize(toc), self._foot(title), name), 0))
        segments.extend(body)
        return Plan(name, title, segments, sum(len(u.pages) for u in units))

    def _cover(self, name: str, title: str, units: Sequence[Unit]) -> Segment:
        cover = element("section", class_="hb-cover")
        cover.append(element("p", self.site.name, class_="hb-cover-site"))
        cover.append(element("h1", title, class_="hb-cover-title"))
        meta = ET.SubElement(cover, "dl", {"class": "hb-cover-meta"})
        for k, v in (
            ("Built", self.date),
            ("Version", self.version),
            ("Pages included", str(sum(len(u.pages) for u in units))),
        ):
            ET.SubElement(meta, "dt").text = k
            ET.SubElement(meta, "dd").text = v
        return Segment("cover", markup.serialize(cover), self._foot(title), name)


def _prune_ids(root: ET.Element, wanted: set[str]) -> None:
    """Drop the ids nothing links to, but those of sections (a segment's own id)."""
    for el in root.iter():
        ident = el.get("id")
        if ident is not None and ident not in wanted and el.tag != "section":
            del el.attrib["id"]
