"""Units: a document's source lines cut into blocks and classified.

A *unit* is one block of the source (blank-line separated; a line that opens a numbered
paragraph or a footnote definition starts a new one), classified as a heading, a numbered
paragraph, a numbered item of the Principles and Guidelines, a footnote definition, plain
text, or a ready-made list (``raw``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from handbook.importer.config import DocConfig
from handbook.importer.text import (
    FNDEF_RE,
    ROMAN_RE,
    clean_inline,
    footnote_def_label,
    is_list_like,
)


@dataclass(frozen=True)
class Unit:
    """A classified piece of text from the source.

    kind: "heading", "para" (numbered paragraph), "item" (numbered item with a custom
    anchor), "text", "fndef", "raw" (already-rendered Markdown).
    """

    kind: str
    text: str
    line: int
    level: int = 0
    number: str = ""
    anchor: str = ""
    label: str = ""
    restored: bool = False
    extra_anchor: str = ""
    #: Numbered passages starting in this unit: (line of the unit's text, passage number).
    passages: tuple[tuple[int, int], ...] = ()


PARA_RE = re.compile(r"^(?:\*\*)?(\d{1,3})\.(?:\*\*)?\s+")
_HEAD_PREFIX_RE = re.compile(
    r"^(?:(?P<p>" + ROMAN_RE + r"|[A-Z]|\d{1,2}|[a-z])\.|(?P<q>[a-z]\.\d))\s+\S"
)
_GUIDELINE_RE = re.compile(r"^Guideline (\d+):")


def source_blocks(
    lines: Sequence[str], start: int, end: int, drop: frozenset[int] | set[int]
) -> list[tuple[int, list[str]]]:
    """Blank-line separated blocks as (first line number, lines)."""
    blocks: list[tuple[int, list[str]]] = []
    cur: list[str] = []
    cur_start = 0
    for n in range(start, end + 1):
        raw = lines[n - 1] if n - 1 < len(lines) else ""
        if n in drop:
            continue
        if not raw.strip() or raw.strip() == "---":
            if cur:
                blocks.append((cur_start, cur))
                cur = []
            continue
        starts_new = bool(cur) and (
            PARA_RE.match(raw.strip()) is not None or footnote_def_label(raw.strip()) is not None
        )
        if starts_new:
            blocks.append((cur_start, cur))
            cur = []
        if not cur:
            cur_start = n
        cur.append(raw)
    if cur:
        blocks.append((cur_start, cur))
    return blocks


def join_block_lines(block: list[str]) -> str:
    """Join the lines of one block: list items keep their own lines."""
    out: list[str] = []
    for ln in block:
        s = ln.strip()
        if out and not is_list_like(s):
            out[-1] = out[-1] + " " + s
        else:
            out.append(s)
    return "\n".join(out)


def heading_level_for(prefix: str, lv: Mapping[str, int]) -> int:
    """The heading level of a numbering prefix (``IV``, ``B``, ``3``, ``c``, ``b.1``)."""
    if re.fullmatch(ROMAN_RE, prefix):
        return int(lv.get("roman", 2))
    if re.fullmatch(r"[A-Z]", prefix):
        return int(lv.get("letter", 3))
    if re.fullmatch(r"\d{1,2}", prefix):
        return int(lv.get("number", 4))
    if re.fullmatch(r"[a-z]", prefix):
        return int(lv.get("lower", 3))
    if re.fullmatch(r"[a-z]\.\d", prefix):
        return int(lv.get("lower_sub", 4))
    return 0


def strip_heading_marks(text: str) -> str:
    """A heading's text without ``#`` marks and enclosing emphasis."""
    s = re.sub(r"^#+\s*", "", text.strip())
    s = re.sub(r"\s+", " ", s)
    if s.startswith("**") and s.endswith("**") and s.count("**") == 2:
        s = s[2:-2].strip()
    if s.startswith("*") and s.endswith("*") and s.count("*") == 2:
        s = s[1:-1].strip()
    return s


class _Classifier:
    """Classifies the blocks of one document in order (it counts paragraphs as it goes)."""

    def __init__(self, doc: DocConfig) -> None:
        self.doc = doc
        self.opt = doc.options
        self.expected = 1  # the next paragraph number
        self.guideline = 0  # the current guideline (Principles and Guidelines only)

    def block_text(self, block: list[str]) -> str:
        raw = join_block_lines(block)
        if "\n" not in raw:
            return clean_inline(raw)
        return "\n".join(clean_inline(x) for x in raw.split("\n"))

    def unit(self, first: int, block: list[str]) -> Unit:
        """The unit of one block starting on line ``first``."""
        opt = self.opt
        if first in opt.list_blocks and first not in opt.heading_lines:
            body = "\n".join("- " + clean_inline(b) for b in block if b.strip())
            return Unit("raw", body, first)
        text = self.block_text(block)
        if first in opt.star_defs:
            return Unit("fndef", re.sub(r"^\*+\s*", "", text), first, label=opt.star_defs[first])
        label = footnote_def_label(text)
        if label is not None and first not in opt.text_lines:
            return Unit("fndef", FNDEF_RE.sub("", text, count=1), first, label=label)
        level = self.heading_level(first, text)
        if level:
            return self.heading(first, text, level)
        numbered = self.numbered(first, text)
        return numbered if numbered is not None else Unit("text", text, first)

    def heading_level(self, first: int, text: str) -> int:
        """The heading level of a block, or 0 when it is not a heading."""
        opt = self.opt
        if first in opt.heading_lines:
            return opt.heading_lines[first]
        stripped = strip_heading_marks(text)
        if stripped in opt.heading_texts:
            return opt.heading_texts[stripped]
        if opt.md_headings and text.startswith("#"):
            m = _HEAD_PREFIX_RE.match(stripped)
            level = heading_level_for(m.group("p") or m.group("q"), opt.levels) if m else 0
            return level or int(opt.levels.get("plain", 2))
        if opt.auto_headings and first not in opt.text_lines and "\n" not in text:
            if len(text) > 200:
                return 0
            m = _HEAD_PREFIX_RE.match(stripped)
            pm = PARA_RE.match(stripped)
            is_para = (
                pm is not None
                and int(pm.group(1)) == self.expected
                and opt.numbered
                and first < opt.para_stop_line
            )
            if m and not is_para and not re.search(r"[.;,]$", stripped.rstrip("*").rstrip()):
                return heading_level_for(m.group("p") or m.group("q"), opt.levels)
        return 0

    def heading(self, first: int, text: str, level: int) -> Unit:
        """A heading unit, with its configured anchor (or ``guideline-N``)."""
        htext = strip_heading_marks(text)
        anchor = self.opt.anchors.get(first, "")
        gm = _GUIDELINE_RE.match(htext)
        if self.opt.items_mode == "pg" and gm:
            self.guideline = int(gm.group(1))
            anchor = anchor or f"guideline-{self.guideline}"
        return Unit(
            "heading",
            htext,
            first,
            level=level,
            anchor=anchor,
            extra_anchor=self.opt.extra_anchors.get(first, ""),
        )

    def numbered(self, first: int, text: str) -> Unit | None:
        """A numbered paragraph (``para-N``) or guideline item, when the block is one."""
        opt = self.opt
        pm = PARA_RE.match(text)
        if not pm or first in opt.text_lines:
            return None
        num = int(pm.group(1))
        body = text[pm.end() :]
        if opt.items_mode == "pg" and self.guideline:
            anchor = f"guideline-{self.guideline}-{num}"
            return Unit("item", body, first, number=str(num), anchor=anchor)
        if (
            opt.numbered
            and num == self.expected
            and num <= opt.para_max
            and first < opt.para_stop_line
        ):
            self.expected += 1
            extra = f"principle-{num}" if opt.items_mode == "pg" else ""
            return Unit(
                "para", body, first, number=str(num), anchor=f"para-{num}", extra_anchor=extra
            )
        return None


def classify(doc: DocConfig, lines: Sequence[str]) -> list[Unit]:
    """The units of a document's line range (configured furniture dropped)."""
    opt = doc.options
    start, end = doc.lines
    drop = set(opt.drop)
    if opt.body_from:
        drop |= set(range(start, opt.body_from))
    classifier = _Classifier(doc)
    return [
        classifier.unit(first, block) for first, block in source_blocks(lines, start, end, drop)
    ]
