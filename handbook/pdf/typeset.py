"""Typesetting with WeasyPrint: segments laid out once, with what composing needs to know.

A batch of segments is rendered as one WeasyPrint document (each segment starts a page and
nothing carries over from one to the next: running heads, footer line and footnote numbers
are reset by the segment's wrapper), and written to one PDF. From the layout, before the
PDF is drawn, each segment's facts are read:

- its pages, and where every anchor (id) is on them;
- its *slots*: the placeholders ("000") of the page numbers of links, of the contents and
  of the footer, with their position and font; they are taken out of the drawing, and
  :mod:`handbook.pdf.compose` writes the numbers in once the whole PDF is known;
- its internal links (to ``#id``), taken out of the drawing too and added when composing,
  because their target may be in another segment, another PDF or only on the website;
- its bookmarks.

Fetching is closed: :class:`SiteFetcher` serves image files inside the built site and
``data:`` images, nothing else (no network, no file elsewhere, no attachments), and every
refusal becomes a warning naming the page.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import logging
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from handbook.pdf.assemble import IMAGE_SUFFIXES, MAX_IMAGE_BYTES

PAPERS = {"a4": "A4", "letter": "letter"}
#: What a page number reads as while WeasyPrint lays the document out.
PLACEHOLDER_DIGIT = "0"
#: The characters a stamped page number can be made of.
STAMP_CHARS = "0123456789 /()p.?\u00a0"
#: CSS pixels to PDF points.
PX = 0.75


def stylesheet() -> str:
    """The print stylesheet, handbook/pdf/pdf.css."""
    return resources.files("handbook.pdf").joinpath("pdf.css").read_text(encoding="utf-8")


def page_css(paper: str, digits: int, *, slots: bool = True) -> str:
    """The per-run part of the stylesheet: paper size and the page-number slots, wide
    enough for numbers of that many digits.

    slots: page numbers are placeholders whose place is recorded and that are written in
    when composing (:mod:`handbook.pdf.compose`); False: WeasyPrint numbers the pages of
    one whole document itself (CSS ``counter()`` and ``target-counter()``; the reference
    the tests compare with).
    """
    size = PAPERS[paper.lower()]
    css = (
        f"@page {{ size: {size}; }}\n"
        f"@page cover {{ size: {size}; }}\n"
        f"a.hb-int::after {{ width: {1.9 + 0.58 * digits:.2f}em; }}\n"
    )
    if slots:
        ph = PLACEHOLDER_DIGIT * digits
        css += (
            f'@page {{ @bottom-right {{ content: "{ph} / {ph}"; }} }}\n'
            f'a.hb-int::after {{ content: "(p.\\a0 {ph})"; }}\n'
            ".hb-toc a { padding-right: 0; }\n"
            f'.hb-toc a::after {{ content: leader(". ") "{ph}"; margin-right: 0; }}\n'
            f'.hb-toc-h2 > a::after {{ content: "{ph}"; float: right; margin-right: 0; }}\n'
            ".hb-toc a.hb-int::after { content: none; }\n"
        )
    return css


def wrap(index: int, kind: str, foot: str, segment_html: str) -> str:
    """A segment in its wrapper: a new page, and the running heads, footer line and
    footnote numbers it starts with (so that no segment depends on the one before)."""
    head = section = ""
    if kind in ("page", "bibliography", "unit", "contents"):
        m = re.search(r'<h1 [^>]*data-head="([^"]*)"', segment_html)
        head = m.group(1) if m else ""
        s = re.search(r'<h1 [^>]*data-section="([^"]*)"', segment_html)
        section = s.group(1) if s else ""
    return (
        f'<div class="hb-seg hb-seg-{kind}" id="hb-seg-{index}" data-foot="{html.escape(foot)}"'
        f' data-head="{head}" data-section="{section}">{segment_html}</div>\n'
    )


def document(body: str, *, title: str = "", whole: bool = False) -> str:
    """A complete HTML document around the given wrapped segments."""
    cls = ' class="hb-whole"' if whole else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body{cls}>\n{body}</body></html>\n"
    )


# --------------------------------------------------------------------------- fetching


class Refusals:
    """What a fetcher refused, in order."""

    def __init__(self) -> None:
        self.urls: list[tuple[str, str]] = []  # (url, why)

    def add(self, url: str, why: str) -> None:
        """Record a refusal."""
        self.urls.append((url, why))


def make_fetcher(site_root: Path, refusals: Refusals) -> Any:
    """A WeasyPrint URL fetcher that serves only image files inside site_root (resolved,
    symlinks followed and checked again) and ``data:`` images; it refuses everything else
    (network, other files, stylesheets, fonts, attachments) and records each refusal."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

    root = os.path.realpath(site_root)

    class SiteFetcher(URLFetcher):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)

        def fetch(self, url: str, headers: object = None) -> Any:
            del headers
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                return self._data(url)
            if scheme != "file":
                refusals.add(url, "not a file of the site (nothing is fetched from the network)")
                raise ValueError(f"refused: {url}")
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                refusals.add(url, "not a file of this machine's site")
                raise ValueError(f"refused: {url}")
            path = os.path.realpath(url2pathname(unquote(parts.path)))
            if os.path.commonpath([root, path]) != root:
                refusals.add(url, "outside the site")
                raise ValueError(f"refused: {url}")
            if Path(path).suffix.lower() not in IMAGE_SUFFIXES or not os.path.isfile(path):
                refusals.add(url, "not an image file")
                raise ValueError(f"refused: {url}")
            if os.path.getsize(path) > MAX_IMAGE_BYTES:
                refusals.add(url, f"larger than {MAX_IMAGE_BYTES} bytes")
                raise ValueError(f"refused: {url}")
            with open(path, "rb") as fh:
                body = fh.read(MAX_IMAGE_BYTES + 1)
            mime = {".svg": "image/svg+xml", ".jpg": "image/jpeg"}.get(
                Path(path).suffix.lower(), "image/" + Path(path).suffix.lower()[1:]
            )
            return URLFetcherResponse(url, body, {"Content-Type": mime})

        def _data(self, url: str) -> Any:
            from urllib.request import DataHandler, Request

            header = url[5:].split(",", 1)[0].lower()
            if not re.match(r"^image/(png|jpeg|gif|webp|svg\+xml)(;|$)", header):
                refusals.add(url[:60], "a data: URL that is not an image")
                raise ValueError("refused: data URL")
            response = DataHandler().data_open(Request(url))
            body = response.read(MAX_IMAGE_BYTES + 1)
            if len(body) > MAX_IMAGE_BYTES:
                refusals.add(url[:60], f"larger than {MAX_IMAGE_BYTES} bytes")
                raise ValueError("refused: data URL")
            return URLFetcherResponse(url, body, {"Content-Type": header.split(";")[0]})

    return SiteFetcher()


# --------------------------------------------------------------------------- layout facts


@dataclass
class Slot:
    """A place where a page number is written in when composing."""

    page: int  # 0-based, in the segment
    kind: str  # "ref" "(p. N)" left-aligned; "toc" "N" and "foot" "N / M" right-aligned
    x: float  # left edge (ref) or right edge (toc, foot), PDF points from the left
    y: float  # baseline, PDF points from the bottom
    size: float  # font size in points
    rgb: tuple[float, float, float]
    font: str  # digest of the stamp font (see StampFont)
    target: str  # the id whose page is written in ("" for the footer)


@dataclass
class Link:
    """An internal link of a segment, added as an annotation when composing."""

    page: int
    target: str
    rect: tuple[float, float, float, float]  # PDF points: x0, y0, x1, y1


@dataclass
class Bookmark:
    """An outline entry: level 1 is the outermost within the segment."""

    page: int
    level: int
    label: str
    y: float  # PDF points from the bottom


@dataclass
class SegmentLayout:
    """What composing needs to know of a typeset segment."""

    pages: int
    first: int  # index of its first page in the batch PDF
    width: float  # page size in points
    height: float
    anchors: dict[str, tuple[int, float, float]] = field(default_factory=dict)  # id -> page, x, y
    slots: list[Slot] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class StampFont:
    """A tiny subset of a font the page numbers are written in, and its metrics."""

    digest: str  # sha256 of data
    data: bytes  # an OpenType font with STAMP_CHARS only
    name: str  # PostScript name
    widths: dict[str, float]  # char -> advance width, in 1/1000 em
    ascent: float
    descent: float
    cap_height: float
    bbox: tuple[float, float, float, float]
    italic_angle: float
    cff: bool

    def meta(self) -> dict[str, Any]:
        """The metrics as JSON-ready data (without the font program)."""
        return {
            "digest": self.digest,
            "name": self.name,
            "widths": self.widths,
            "ascent": self.ascent,
            "descent": self.descent,
            "cap_height": self.cap_height,
            "bbox": list(self.bbox),
            "italic_angle": self.italic_angle,
            "cff": self.cff,
        }


class _Fonts:
    """The stamp fonts of the pango fonts met in one layout (subsets are kept in memo, a
    folder, by the digest of the font they come from: subsetting costs 0.2-0.5 s a font)."""

    def __init__(self, memo: Path | None = None) -> None:
        self.by_pointer: dict[int, StampFont] = {}
        self.by_digest: dict[str, StampFont] = {}
        self.memo = memo

    def of(self, textbox: Any) -> StampFont:
        """The stamp font of the font the text box is set in."""
        from weasyprint.text.ffi import ffi, harfbuzz  # type: ignore[import-untyped]
        from weasyprint.text.fonts import (  # type: ignore[import-untyped]
            get_hb_object_data,
            get_pango_font_hb_face,
        )

        layout = textbox.pango_layout
        layout.reactivate(textbox.style)  # WeasyPrint frees the Pango layout after layout
        try:
            line, _ = layout.get_first_line()
            pango_font = line.runs[0].data.item.analysis.font
            pointer = int(ffi.cast("uintptr_t", pango_font))
            found = self.by_pointer.get(pointer)
            if found is None:
                face = get_pango_font_hb_face(pango_font)
                data = bytes(get_hb_object_data(face))
                index = int(harfbuzz.hb_face_get_index(face))
                found = self._stamp_font(data, index, float(textbox.style["font_weight"]))
                found = self.by_digest.setdefault(found.digest, found)
                self.by_pointer[pointer] = found
            return found
        finally:
            layout.deactivate()

    def _stamp_font(self, data: bytes, index: int, weight: float) -> StampFont:
        if self.memo is None:
            return stamp_font(data, index, weight)
        from importlib import metadata

        key = hashlib.sha256(
            f"{STAMP_CHARS}|{index}|{weight}|{metadata.version('fonttools')}|".encode() + data
        ).hexdigest()
        record, program = self.memo / f"{key}.json", self.memo / f"{key}.otf"
        try:
            meta = json.loads(record.read_text(encoding="utf-8"))
            raw = program.read_bytes()
            if hashlib.sha256(raw).hexdigest() == meta["digest"]:
                return StampFont(
                    digest=meta["digest"],
                    data=raw,
                    name=str(meta["name"]),
                    widths={str(k): float(v) for k, v in meta["widths"].items()},
                    ascent=float(meta["ascent"]),
                    descent=float(meta["descent"]),
                    cap_height=float(meta["cap_height"]),
                    bbox=tuple(float(v) for v in meta["bbox"]),  # type: ignore[arg-type]
                    italic_angle=float(meta["italic_angle"]),
                    cff=bool(meta["cff"]),
                )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # not there, or not whole: make it again
        font = stamp_font(data, index, weight)
        self.memo.mkdir(parents=True, exist_ok=True)
        for path, content in ((program, font.data), (record, json.dumps(font.meta()).encode())):
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            tmp.write_bytes(content)
            tmp.replace(path)
        return font


def stamp_font(data: bytes, index: int = 0, weight: float = 400) -> StampFont:
    """The subset of a font (file bytes, face index) that page numbers need."""
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    font = TTFont(io.BytesIO(data), fontNumber=index, lazy=True, recalcTimestamp=False)
    for tag in ("GSUB", "GPOS", "GDEF", "kern", "MATH", "BASE", "JSTF", "DSIG"):
        if tag in font:
            del font[tag]  # not read at all: the page numbers need no shaping
    if "fvar" in font:
        from fontTools.varLib import instancer  # type: ignore[import-untyped]

        axes = {a.axisTag: a.defaultValue for a in font["fvar"].axes}
        if "wght" in axes:
            axes["wght"] = weight
        font = instancer.instantiateVariableFont(font, axes)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = [1, 2, 3, 4, 6]
    options.notdef_outline = True
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "DSIG", "MATH", "BASE", "JSTF"]
    sub = subset.Subsetter(options)
    sub.populate(unicodes=[ord(c) for c in STAMP_CHARS])
    sub.subset(font)
    out = io.BytesIO()
    font.save(out)
    raw = out.getvalue()
    upem = font["head"].unitsPerEm
    scale = 1000 / upem
    cmap = font.getBestCmap()
    hmtx = font["hmtx"]
    widths = {c: hmtx[cmap[ord(c)]][0] * scale for c in STAMP_CHARS if ord(c) in cmap}
    widths.setdefault("\u00a0", widths.get(" ", 250))
    head, hhea = font["head"], font["hhea"]
    cap = getattr(font.get("OS/2"), "sCapHeight", 0) or 0
    name = font["name"].getDebugName(6) or "Font"
    name = re.sub(r"[^A-Za-z0-9-]", "", name)[:60] or "Font"
    return StampFont(
        digest=hashlib.sha256(raw).hexdigest(),
        data=raw,
        name=name,
        widths=widths,
        ascent=hhea.ascent * scale,
        descent=hhea.descent * scale,
        cap_height=(cap or hhea.ascent) * scale,
        bbox=(head.xMin * scale, head.yMin * scale, head.xMax * scale, head.yMax * scale),
        italic_angle=float(font["post"].italicAngle) if "post" in font else 0.0,
        cff="CFF " in font,
    )


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _rgb(style: Any) -> tuple[float, float, float]:
    color = style["color"]
    try:
        r, g, b = color.to("srgb").coordinates
    except (AttributeError, TypeError, ValueError):
        r = g = b = 0.0
    return (round(float(r), 4), round(float(g), 4), round(float(b), 4))


def _take_slots(
    page: Any, number: int, height: float, placeholder: str, fonts: _Fonts
) -> list[tuple[int, Slot]]:
    """The page-number placeholders of a laid-out page, removed from its drawing."""
    from weasyprint.formatting_structure import boxes  # type: ignore[import-untyped]

    found: list[tuple[int, Slot]] = []
    root = page._page_box
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        box, in_footer = stack.pop()
        children = getattr(box, "children", None)
        if not children:
            continue
        footer = in_footer or (
            isinstance(box, boxes.MarginBox) and box.at_keyword == "@bottom-right"
        )
        keep = []
        for child in children:
            if isinstance(child, boxes.TextBox) and placeholder in child.text:
                element = child.element
                is_ref = (child.element_tag or "").endswith("::after") and getattr(
                    element, "tag", None
                ) == "a"
                if is_ref or footer:
                    href = "" if footer else (element.get("href") or "")
                    cls = "" if footer else (element.get("class") or "")
                    kind = "foot" if footer else ("ref" if "hb-int" in cls.split() else "toc")
                    left = child.position_x * PX
                    right = (child.position_x + child.width) * PX
                    font = fonts.of(child)
                    found.append(
                        (
                            number,
                            Slot(
                                page=number,
                                kind=kind,
                                x=round(left if kind == "ref" else right, 3),
                                y=round(height - (child.position_y + child.baseline) * PX, 3),
                                size=round(child.style["font_size"] * PX, 4),
                                rgb=_rgb(child.style),
                                font=font.digest,
                                target=href[1:] if href.startswith("#") else "",
                            ),
                        )
                    )
                    continue
            keep.append(child)
            stack.append((child, footer))
        if len(keep) != len(children):
            box.children = keep
    return found


@dataclass
class Batch:
    """A typeset batch: its PDF, each segment's layout facts, and the stamp fonts met."""

    pdf: bytes
    layouts: list[SegmentLayout]
    fonts: dict[str, StampFont]
    seconds: float = 0.0


def typeset(
    segments: Sequence[tuple[str, str, str]],
    *,
    site_root: Path,
    css: str,
    digits: int,
    wheres: Sequence[str],
    memo: Path | None = None,
) -> Batch:
    """Typeset segments ((kind, html, foot) each) as one document; their facts and PDF.

    wheres: for each segment, the page it comes from, named in its warnings. memo: a
    folder where the stamp fonts are kept between batches and runs.
    """
    import time

    from weasyprint import CSS, HTML  # type: ignore[import-untyped]
    from weasyprint.text.fonts import FontConfiguration

    started = time.perf_counter()
    handler = _Collect()
    wlog = logging.getLogger("weasyprint")
    wlog.addHandler(handler)
    refusals = Refusals()
    try:
        fetcher = make_fetcher(site_root, refusals)
        body = "".join(wrap(i, k, f, h) for i, (k, h, f) in enumerate(segments))
        fonts_config = FontConfiguration()
        sheets = [
            CSS(string=stylesheet(), font_config=fonts_config, url_fetcher=fetcher),
            CSS(string=css, font_config=fonts_config, url_fetcher=fetcher),
        ]
        doc = HTML(
            string=document(body), base_url=str(site_root) + os.sep, url_fetcher=fetcher
        ).render(stylesheets=sheets, font_config=fonts_config, presentational_hints=False)
        doc.metadata.attachments = []
        firsts: dict[int, int] = {}
        for number, page in enumerate(doc.pages):
            for anchor in page.anchors:
                if anchor.startswith("hb-seg-"):
                    firsts.setdefault(int(anchor[7:]), number)
        starts = [firsts.get(i, -1) for i in range(len(segments))]
        if any(s < 0 for s in starts) or starts != sorted(starts):
            raise RuntimeError(f"segments lost in layout: first pages {starts}")
        ends = [*starts[1:], len(doc.pages)]
        of_page = [0] * len(doc.pages)
        for i, (s, e) in enumerate(zip(starts, ends, strict=True)):
            for n in range(s, e):
                of_page[n] = i
        layouts = [
            SegmentLayout(
                pages=e - s,
                first=s,
                width=round(doc.pages[s].width * PX, 3),
                height=round(doc.pages[s].height * PX, 3),
            )
            for s, e in zip(starts, ends, strict=True)
        ]
        fonts = _Fonts(memo)
        placeholder = PLACEHOLDER_DIGIT * digits
        for number, page in enumerate(doc.pages):
            seg = layouts[of_page[number]]
            local = number - seg.first
            height = page.height * PX
            for anchor, (x, y, *_rest) in page.anchors.items():
                if not anchor.startswith("hb-seg-"):
                    seg.anchors.setdefault(
                        anchor, (local, round(x * PX, 3), round(height - y * PX, 3))
                    )
            kept = []
            for link_type, target, (x, y, x2, y2), _box in page.links:
                if link_type == "external":
                    kept.append((link_type, target, (x, y, x2, y2), _box))
                elif link_type == "internal":
                    seg.links.append(
                        Link(
                            page=local,
                            target=target,
                            rect=(
                                round(x * PX, 3),
                                round(height - y2 * PX, 3),
                                round(x2 * PX, 3),
                                round(height - y * PX, 3),
                            ),
                        )
                    )
                else:
                    seg.warnings.append(
                        f"{wheres[of_page[number]]}: {link_type} link to {target!r} removed"
                    )
            page.links[:] = kept
            for level, label, (_x, y), _state in page.bookmarks:
                seg.bookmarks.append(
                    Bookmark(
                        page=local, level=int(level), label=str(label), y=round(height - y * PX, 3)
                    )
                )
            for _, slot in _take_slots(page, number, height, placeholder, fonts):
                slot.page = local
                seg.slots.append(slot)
        out = io.BytesIO()
        doc.write_pdf(out, attachments=[], pdf_forms=False)
        messages = [f"weasyprint: {m}" for m in handler.messages]
        for url, why in refusals.urls:
            messages.append(f"refused to fetch {url!r}: {why}")
        if messages:
            # Attribute what WeasyPrint said to the pages that show images, or to every
            # page of the batch when none does (a batch is normally one chapter).
            for i, layout in enumerate(layouts):
                if len(segments) == 1 or "<img" in segments[i][1]:
                    layout.warnings.extend(f"{wheres[i]}: {m}" for m in messages)
            if not any(layout.warnings for layout in layouts):
                for i, layout in enumerate(layouts):
                    layout.warnings.extend(f"{wheres[i]}: {m}" for m in messages)
        return Batch(
            pdf=out.getvalue(),
            layouts=layouts,
            fonts=dict(fonts.by_digest),
            seconds=time.perf_counter() - started,
        )
    finally:
        wlog.removeHandler(handler)


def typeset_whole(
    body: str, target: Path, *, site_root: Path, css: str, title: str
) -> tuple[int, list[str]]:
    """Render one whole document in which WeasyPrint numbers the pages itself (CSS
    counters): the reference the composed PDFs are compared with. Gives the page count
    and the warnings."""
    from weasyprint import CSS, HTML

    handler = _Collect()
    wlog = logging.getLogger("weasyprint")
    wlog.addHandler(handler)
    refusals = Refusals()
    try:
        fetcher = make_fetcher(site_root, refusals)
        sheets = [
            CSS(string=stylesheet(), url_fetcher=fetcher),
            CSS(string=css, url_fetcher=fetcher),
        ]
        doc = HTML(
            string=document(body, title=title),
            base_url=str(site_root) + os.sep,
            url_fetcher=fetcher,
        ).render(stylesheets=sheets, presentational_hints=False)
        doc.metadata.attachments = []
        target.parent.mkdir(parents=True, exist_ok=True)
        doc.write_pdf(target, attachments=[], pdf_forms=False)
        return len(doc.pages), [f"weasyprint: {m}" for m in handler.messages] + [
            f"refused to fetch {u!r}: {w}" for u, w in refusals.urls
        ]
    finally:
        wlog.removeHandler(handler)


# --------------------------------------------------------------------------- records


def layout_to_json(layout: SegmentLayout) -> dict[str, Any]:
    """A segment's layout facts as JSON-ready data (for the cache)."""
    return {
        "pages": layout.pages,
        "first": layout.first,
        "size": [layout.width, layout.height],
        "anchors": {k: list(v) for k, v in layout.anchors.items()},
        "slots": [
            [s.page, s.kind, s.x, s.y, s.size, list(s.rgb), s.font, s.target] for s in layout.slots
        ],
        "links": [[k.page, k.target, list(k.rect)] for k in layout.links],
        "bookmarks": [[b.page, b.level, b.label, b.y] for b in layout.bookmarks],
        "warnings": list(layout.warnings),
    }


def _num(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ValueError("not a number")
    return float(v)


def _int(v: Any, lo: int = 0) -> int:
    if isinstance(v, bool) or not isinstance(v, int) or v < lo:
        raise ValueError("not a count")
    return v


def _str(v: Any) -> str:
    if not isinstance(v, str):
        raise ValueError("not a string")
    return v


def layout_from_json(data: Any) -> SegmentLayout:
    """The layout facts read back from the cache; ValueError if anything is off."""
    try:
        pages = _int(data["pages"], 1)
        w, h = (_num(v) for v in data["size"])
        layout = SegmentLayout(pages=pages, first=_int(data["first"]), width=w, height=h)

        def page_no(v: Any) -> int:
            n = _int(v)
            if n >= pages:
                raise ValueError("page out of range")
            return n

        for k, v in data["anchors"].items():
            p, x, y = v
            layout.anchors[_str(k)] = (page_no(p), _num(x), _num(y))
        for page, kind, x, y, size, rgb, font, target in data["slots"]:
            if kind not in ("ref", "toc", "foot"):
                raise ValueError("slot kind")
            r, g, b = (_num(c) for c in rgb)
            layout.slots.append(
                Slot(
                    page_no(page),
                    kind,
                    _num(x),
                    _num(y),
                    _num(size),
                    (r, g, b),
                    _str(font),
                    _str(target),
                )
            )
        for page, target, rect in data["links"]:
            x0, y0, x1, y1 = (_num(v) for v in rect)
            layout.links.append(Link(page_no(page), _str(target), (x0, y0, x1, y1)))
        for page, level, label, y in data["bookmarks"]:
            layout.bookmarks.append(Bookmark(page_no(page), _int(level, 1), _str(label), _num(y)))
        layout.warnings = [_str(w) for w in data["warnings"]]
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"malformed layout record: {exc}") from exc
    return layout
