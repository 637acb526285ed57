"""Composing a PDF from typeset segments (pypdf): pages, page numbers, links, bookmarks.

The pages of every segment are taken from the batch PDFs they were typeset in. Then, now
that each page's place in this PDF is known:

- the page numbers are written into the slots the layout left free (the footer's "N / M",
  the contents' numbers, the "(p. N)" after links within a chapter), in the font and at
  the baseline the placeholder had, with a tiny embedded subset of that font;
- every internal link becomes a link annotation to its target in this PDF, or to the
  page on the website when the target is not in this PDF and the site names its address;
- the outline (bookmarks) is built from the segments' headings, a chapter's pages nested
  under its title in the whole handbook.

Numbering: every PDF numbers its own pages from its cover (page 1, not printed): the
whole handbook has handbook page numbers, a chapter PDF chapter page numbers; the contents
and every "(p. N)" give the page of that same PDF.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handbook.pdf.typeset import Bookmark, SegmentLayout, Slot

#: The characters of the stamp fonts' Widths array (WinAnsi codes 32..160).
_FIRST, _LAST = 32, 160


@dataclass
class Part:
    """A segment as placed in a PDF: its layout, batch PDF bytes, bookmark nesting."""

    layout: SegmentLayout
    batch: str  # name of the batch PDF
    level: int


@dataclass
class Composed:
    """A composed PDF."""

    data: bytes
    pages: int
    warnings: list[str]
    seconds: float


def _encode(text: str) -> bytes:
    raw = text.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _tag(digest: str) -> str:
    return "".join(chr(65 + int(digest[i : i + 2], 16) % 26) for i in range(0, 12, 2))


def _font_objects(writer: Any, meta: dict[str, Any], data: bytes) -> Any:
    """A simple TrueType (or OpenType CFF) font dictionary for a stamp font."""
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        StreamObject,
    )

    name = NameObject(f"/{_tag(meta['digest'])}+{meta['name']}")
    program = StreamObject()
    program.set_data(data)
    program = program.flate_encode()
    if meta["cff"]:
        program[NameObject("/Subtype")] = NameObject("/OpenType")
    else:
        program[NameObject("/Length1")] = NumberObject(len(data))
    program_ref = writer._add_object(program)
    widths = meta["widths"]
    descriptor = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/FontDescriptor"),
            NameObject("/FontName"): name,
            NameObject("/Flags"): NumberObject(32),
            NameObject("/FontBBox"): ArrayObject(FloatObject(round(v, 2)) for v in meta["bbox"]),
            NameObject("/ItalicAngle"): FloatObject(meta["italic_angle"]),
            NameObject("/Ascent"): FloatObject(round(meta["ascent"], 2)),
            NameObject("/Descent"): FloatObject(round(meta["descent"], 2)),
            NameObject("/CapHeight"): FloatObject(round(meta["cap_height"], 2)),
            NameObject("/StemV"): NumberObject(80),
            NameObject("/FontFile3" if meta["cff"] else "/FontFile2"): program_ref,
        }
    )
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1" if meta["cff"] else "/TrueType"),
            NameObject("/BaseFont"): name,
            NameObject("/FirstChar"): NumberObject(_FIRST),
            NameObject("/LastChar"): NumberObject(_LAST),
            NameObject("/Widths"): ArrayObject(
                FloatObject(round(widths.get(bytes([c]).decode("cp1252", "replace"), 0), 2))
                for c in range(_FIRST, _LAST + 1)
            ),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            NameObject("/FontDescriptor"): writer._add_object(descriptor),
        }
    )
    return writer._add_object(font)


def _width(text: str, meta: dict[str, Any], size: float) -> float:
    widths = meta["widths"]
    return sum(float(widths.get(c, 500)) for c in text) * size / 1000


def compose(
    parts: Sequence[Part],
    *,
    read_batch: Callable[[str], bytes],
    fonts: dict[str, tuple[dict[str, Any], bytes]],
    site_url: Callable[[str], str | None],
    metadata: dict[str, str],
    target: Path | None = None,
) -> Composed:
    """The PDF made of parts, in order (written to target too, if given).

    read_batch: the bytes of a batch PDF by name; fonts: stamp fonts by digest (metrics,
    font program); site_url: the website address of an id that is not in this PDF.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NullObject,
        NumberObject,
        TextStringObject,
    )

    started = time.perf_counter()
    warnings: list[str] = []
    writer = PdfWriter()
    readers: dict[str, Any] = {}
    offsets: list[int] = []
    total = 0
    for part in parts:
        offsets.append(total)
        total += part.layout.pages
    anchors: dict[str, tuple[int, float, float]] = {}
    for part, offset in zip(parts, offsets, strict=True):
        for ident, (page, x, y) in part.layout.anchors.items():
            anchors.setdefault(ident, (offset + page, x, y))

    pages: list[Any] = []
    for part in parts:
        reader = readers.get(part.batch)
        if reader is None:
            reader = readers[part.batch] = PdfReader(io.BytesIO(read_batch(part.batch)))
        for i in range(part.layout.pages):
            pages.append(writer.add_page(reader.pages[part.layout.first + i]))

    push = writer._add_object(_stream(DecodedStreamObject, b"q\n"))
    pop = writer._add_object(_stream(DecodedStreamObject, b"\nQ\n"))
    font_refs: dict[str, Any] = {}
    font_names: dict[str, str] = {}

    def font_ref(key: str) -> str:
        if key not in font_refs:
            meta, data = fonts[key]
            font_refs[key] = _font_objects(writer, meta, data)
            font_names[key] = f"/HbStamp{len(font_names)}"
        return font_names[key]

    for part, offset in zip(parts, offsets, strict=True):
        by_page: dict[int, list[Slot]] = {}
        for slot in part.layout.slots:
            by_page.setdefault(slot.page, []).append(slot)
        for local, slots in by_page.items():
            number = offset + local
            ops: list[bytes] = []
            used: set[str] = set()
            for slot in slots:
                if slot.font not in fonts:
                    warnings.append(f"no stamp font {slot.font[:12]} for a page number")
                    continue
                meta = fonts[slot.font][0]
                if slot.kind == "foot":
                    text = f"{number + 1} / {total}"
                else:
                    found = anchors.get(slot.target)
                    if found is None:
                        warnings.append(f"no page for link target #{slot.target}")
                    shown = str(found[0] + 1) if found else "?"
                    text = f"(p.\u00a0{shown})" if slot.kind == "ref" else shown
                x = slot.x if slot.kind == "ref" else slot.x - _width(text, meta, slot.size)
                name = font_ref(slot.font)
                used.add(slot.font)
                r, g, b = slot.rgb
                ops.append(
                    f"BT {name} {slot.size:.3f} Tf {r:.3f} {g:.3f} {b:.3f} rg "
                    f"1 0 0 1 {x:.3f} {slot.y:.3f} Tm (".encode()
                    + _encode(text)
                    + b") Tj ET"
                )
            if not ops:
                continue
            page = pages[number]
            stamp = writer._add_object(
                _stream(DecodedStreamObject, b"q\n" + b"\n".join(ops) + b"\nQ\n")
            )
            page[NameObject("/Contents")] = ArrayObject([push, *_contents(page), pop, stamp])
            resources = page["/Resources"].get_object() if "/Resources" in page else {}
            new_res = DictionaryObject(resources)
            old_fonts = resources.get("/Font")
            new_fonts = DictionaryObject(old_fonts.get_object() if old_fonts is not None else {})
            for key in used:
                new_fonts[NameObject(font_names[key])] = font_refs[key]
            new_res[NameObject("/Font")] = new_fonts
            page[NameObject("/Resources")] = new_res

    # Links: to the target in this PDF, else to the website, else none.
    for part, offset in zip(parts, offsets, strict=True):
        for link in part.layout.links:
            page = pages[offset + link.page]
            found = anchors.get(link.target)
            annot = DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Annot"),
                    NameObject("/Subtype"): NameObject("/Link"),
                    NameObject("/Rect"): ArrayObject(FloatObject(v) for v in link.rect),
                    NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
                }
            )
            if found is not None:
                annot[NameObject("/Dest")] = ArrayObject(
                    [
                        pages[found[0]].indirect_reference,
                        NameObject("/XYZ"),
                        FloatObject(found[1]),
                        FloatObject(found[2]),
                        NullObject(),
                    ]
                )
            else:
                url = site_url(link.target)
                if url is None:
                    continue
                annot[NameObject("/A")] = DictionaryObject(
                    {
                        NameObject("/S"): NameObject("/URI"),
                        NameObject("/URI"): TextStringObject(url),
                    }
                )
            annots = page.get("/Annots")
            if annots is None:
                page[NameObject("/Annots")] = ArrayObject()
                annots = page["/Annots"]
            annots.get_object().append(writer._add_object(annot))

    _outline(writer, parts, offsets)
    writer.add_metadata({"/" + k: v for k, v in metadata.items() if k != "Lang"})
    if "Lang" in metadata:
        writer._root_object[NameObject("/Lang")] = TextStringObject(metadata["Lang"])
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".pdf.part")
        tmp.write_bytes(data)
        tmp.replace(target)
    return Composed(data, total, warnings, time.perf_counter() - started)


def _contents(page: Any) -> list[Any]:
    """The references to a page's content streams (one, an array, or none)."""
    from pypdf.generic import ArrayObject

    if "/Contents" not in page:
        return []
    raw = page.raw_get("/Contents")
    resolved = raw.get_object()
    return list(resolved) if isinstance(resolved, ArrayObject) else [raw]


def _stream(cls: Any, data: bytes) -> Any:
    s = cls()
    s.set_data(data)
    return s


def _outline(writer: Any, parts: Sequence[Part], offsets: Sequence[int]) -> None:
    """Bookmarks in order, each nested under the last one of a lower level."""
    from pypdf.generic import Fit

    stack: list[tuple[int, Any]] = []  # (level, outline item)
    for part, offset in zip(parts, offsets, strict=True):
        marks: list[Bookmark] = part.layout.bookmarks
        for mark in marks:
            level = mark.level + part.level
            while stack and stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1] if stack else None
            item = writer.add_outline_item(
                title=mark.label,
                page_number=offset + mark.page,
                parent=parent,
                fit=Fit.xyz(left=0, top=mark.y),
                is_open=level <= 1,
            )
            stack.append((level, item))
