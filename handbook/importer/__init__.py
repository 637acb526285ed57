"""Source importer: turns the seed texts into clean Markdown document pages.

Reads ``sources/seeds/*.txt`` and ``sources/documents.yaml`` from the repository
root and writes ``docs/documents/<id>.md``.  Pure module: no MkDocs or Markdown
imports.  Output is deterministic (byte-identical on re-run).

Pipeline for every document (configured in documents.yaml):

1. take the configured line range of the seed, drop configured furniture lines;
2. cut it into *units* (blank-line separated blocks; lines that open a numbered
   paragraph or a footnote definition start a new unit);
3. classify units: heading, numbered paragraph, footnote definition, text;
4. re-join text split across page breaks (a unit that does not end a sentence
   followed by a plain text unit), skipping footnote definitions in between;
5. convert footnote calls and definitions to Python-Markdown footnotes, placing
   each definition right after the unit that first calls it;
6. apply the configured corrections (both readings shown) and escape markup.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CONFIG_PATH = Path("sources") / "documents.yaml"
SEEDS_DIR = Path("sources") / "seeds"
OUT_DIR = Path("docs") / "documents"

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUP_TO_DIGIT = {c: str(i) for i, c in enumerate(SUPERSCRIPTS)}
RESTORED_COMMENT = "<!-- restored from the table of contents -->"
ROMAN_RE = r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X)"

FRONT_MATTER_ORDER = (
    "kind",
    "title",
    "short",
    "summary",
    "symbol",
    "issuer",
    "date",
    "session",
    "language",
    "group",
    "speaker",
    "affiliation",
    "panel",
    "native_name",
    "native_lang",
    "subjects",
    "source",
)


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Correction:
    """An editorial correction: the source reading is kept and shown."""

    doc: str
    source: str
    correction: str
    reason: str
    kind: str = "correction"  # "correction" or "handwritten"


@dataclass(frozen=True)
class DocConfig:
    """Per-document configuration (what cannot be inferred from the text)."""

    id: str
    seed: str
    lines: tuple[int, int]
    meta: Mapping[str, Any]
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Unit:
    """A classified piece of text from the source.

    kind: "heading", "para" (numbered paragraph), "item" (numbered item with a
    custom anchor), "text", "fndef", "raw" (already-rendered Markdown).
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


@dataclass(frozen=True)
class Page:
    """A rendered page."""

    id: str
    path: str
    text: str


# ---------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------


def load_config(root: Path) -> tuple[list[DocConfig], list[Correction]]:
    """Read sources/documents.yaml."""
    data = yaml.safe_load((root / CONFIG_PATH).read_text(encoding="utf-8"))
    defaults: Mapping[str, Any] = data.get("defaults", {}) or {}
    docs: list[DocConfig] = []
    for entry in data["documents"]:
        entry = dict(entry)
        doc_id = entry.pop("id")
        seed = entry.pop("seed")
        start, end = entry.pop("lines")
        options = dict(entry.pop("options", {}) or {})
        meta = dict(defaults)
        meta.update(entry)
        docs.append(DocConfig(doc_id, seed, (int(start), int(end)), meta, options))
    corrections = [
        Correction(
            doc=c["doc"],
            source=c["source"],
            correction=c["correction"],
            reason=c["reason"],
            kind=c.get("kind", "correction"),
        )
        for c in data.get("corrections", []) or []
    ]
    ids = [d.id for d in docs]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate document ids in documents.yaml")
    return docs, corrections


def _line_set(spec: Iterable[Any] | None) -> set[int]:
    """Expand a list of line numbers and [start, end] ranges."""
    out: set[int] = set()
    for item in spec or []:
        if isinstance(item, (list, tuple)):
            out.update(range(int(item[0]), int(item[1]) + 1))
        else:
            out.add(int(item))
    return out


# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------

_ALLOWED_TAG_RE = re.compile(
    r"</?(?:span|del|ins|small|sup)\b[^>]*>|<!--.*?-->|<https?://[^>\s]+>|<[\w.+-]+@[\w.-]+>"
)


def escape_markup(text: str) -> str:
    """Escape raw HTML, macros and code marks coming from the source."""
    text = re.sub(r"<b>(.*?)</b>", r"**\1**", text)
    text = re.sub(r"<(?:i|u)>(.*?)</(?:i|u)>", r"*\1*", text)
    pieces: list[str] = []
    pos = 0
    for m in _ALLOWED_TAG_RE.finditer(text):
        pieces.append(_escape_plain(text[pos : m.start()]))
        pieces.append(m.group(0))
        pos = m.end()
    pieces.append(_escape_plain(text[pos:]))
    return "".join(pieces)


def _escape_plain(s: str) -> str:
    s = s.replace("&", "&amp;") if re.search(r"&(?:#\d+|\w+);", s) else s
    s = s.replace("<", "&lt;").replace(">", "&gt;")
    s = s.replace("`", "\\`")
    s = s.replace("{{", "&#123;&#123;").replace("}}", "&#125;&#125;")
    return s.replace("{%", "&#123;%").replace("%}", "%&#125;")


def protect_line_start(text: str) -> str:
    """Stop plain text from being read as a list, heading or code block."""
    out = []
    for ln in text.split("\n"):
        ln = ln.lstrip()
        ln = re.sub(r"^(\d{1,4})\.(\s)", r"\1\\.\2", ln)
        ln = re.sub(r"^#", r"\\#", ln)
        ln = re.sub(r"^>", r"&gt;", ln)
        ln = re.sub(r"^([+=])(\s)", r"\\\1\2", ln)
        out.append(ln)
    return "\n".join(out)


def clean_inline(text: str) -> str:
    """Normalise whitespace and source escapes inside one unit."""
    text = text.replace("\t", " ")
    text = text.replace("\\\\_", "\\_")
    text = re.sub(r"[ \u00a0]{2,}", " ", text)
    return text.strip()


def ends_sentence(text: str) -> bool:
    """True when the text ends with sentence-final punctuation."""
    t = text.rstrip()
    t = re.sub(r"(\[\^[\w-]+\]|[" + SUPERSCRIPTS + r"]+|<sup>\w+</sup>|\*+)+$", "", t).rstrip()
    return bool(re.search(r"[.:;!?…)\]”\"'’»]$", t))


def is_list_like(text: str) -> bool:
    return bool(re.match(r"^(?:[-*•♦]\s|\([a-z0-9]{1,4}\)\s|[a-z]\)\s|\d{1,3}\.\s|\d\)\s)", text))


# ---------------------------------------------------------------------------
# Footnotes
# ---------------------------------------------------------------------------

_SUP_RUN = "[" + SUPERSCRIPTS + "]+"
_FNDEF_RE = re.compile(
    r"^(?:-\s+)?(?:<sup>(?P<a>\w+)</sup>|(?P<b>"
    + _SUP_RUN
    + r")|\^(?P<c>[a-z])(?=[A-Z])|(?P<d>↑))\s*"
)


def footnote_def_label(text: str) -> str | None:
    m = _FNDEF_RE.match(text)
    if not m:
        return None
    if m.group("a"):
        return m.group("a")
    if m.group("b"):
        return "".join(SUP_TO_DIGIT[c] for c in m.group("b"))
    if m.group("c"):
        return m.group("c")
    return "arrow"


def convert_refs(text: str, prefix: str) -> str:
    """Turn source footnote calls into Markdown references."""
    text = re.sub(r"<sup>(\w+)</sup>", lambda m: f"[^{prefix}{m.group(1)}]", text)
    text = re.sub(
        _SUP_RUN,
        lambda m: "[^" + prefix + "".join(SUP_TO_DIGIT[c] for c in m.group(0)) + "]",
        text,
    )
    return re.sub(r"(?<=[\w,.;:”\"])\^([a-z])\b", lambda m: f"[^{prefix}{m.group(1)}]", text)


# ---------------------------------------------------------------------------
# Units: source lines -> classified units
# ---------------------------------------------------------------------------

_PARA_RE = re.compile(r"^(?:\*\*)?(\d{1,3})\.(?:\*\*)?\s+")


def source_blocks(
    lines: Sequence[str], start: int, end: int, drop: set[int], split_numbered: bool = True
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
            (split_numbered and _PARA_RE.match(raw.strip()))
            or footnote_def_label(raw.strip()) is not None
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


def heading_level_for(prefix: str, levels: Mapping[str, int]) -> int:
    if re.fullmatch(ROMAN_RE, prefix):
        return int(levels.get("roman", 2))
    if re.fullmatch(r"[A-Z]", prefix):
        return int(levels.get("letter", 3))
    if re.fullmatch(r"\d{1,2}", prefix):
        return int(levels.get("number", 4))
    if re.fullmatch(r"[a-z]", prefix):
        return int(levels.get("lower", 3))
    if re.fullmatch(r"[a-z]\.\d", prefix):
        return int(levels.get("lower_sub", 4))
    return 0


_HEAD_PREFIX_RE = re.compile(
    r"^(?:(?P<p>" + ROMAN_RE + r"|[A-Z]|\d{1,2}|[a-z])\.|(?P<q>[a-z]\.\d))\s+\S"
)


def classify(doc: DocConfig, lines: Sequence[str]) -> list[Unit]:
    """Generic classification for a line range."""
    opt = doc.options
    start, end = doc.lines
    drop = _line_set(opt.get("drop"))
    if opt.get("body_from"):
        drop |= set(range(start, int(opt["body_from"])))
    heading_lines: dict[int, int] = {
        int(k): int(v) for k, v in (opt.get("heading_lines") or {}).items()
    }
    heading_texts: dict[str, int] = {
        str(k): int(v) for k, v in (opt.get("heading_texts") or {}).items()
    }
    anchors: dict[int, str] = {int(k): str(v) for k, v in (opt.get("anchors") or {}).items()}
    text_lines = _line_set(opt.get("text_lines"))
    list_lines = _line_set(opt.get("list_blocks"))
    numbered = bool(opt.get("numbered", False))
    auto_headings = bool(opt.get("auto_headings", False))
    md_headings = bool(opt.get("md_headings", False))
    levels = opt.get("levels") or {}
    para_end = int(opt.get("para_max", 10_000))
    para_stop_line = int(opt.get("para_stop_line", 10**9))
    items_mode = opt.get("items_mode")  # "pg" for E/2002/68/Add.1
    star_defs: dict[int, str] = {int(k): str(v) for k, v in (opt.get("star_defs") or {}).items()}

    units: list[Unit] = []
    expected = 1
    guideline = 0
    for first, block in source_blocks(lines, start, end, drop, split_numbered=True):
        if first in list_lines and first not in heading_lines:
            body = "\n".join("- " + clean_inline(b) for b in block if b.strip())
            units.append(Unit("raw", body, first))
            continue
        raw = join_block_lines(block)
        text = (
            clean_inline(raw)
            if "\n" not in raw
            else "\n".join(clean_inline(x) for x in raw.split("\n"))
        )
        if first in star_defs:
            units.append(Unit("fndef", re.sub(r"^\*+\s*", "", text), first, label=star_defs[first]))
            continue
        label = footnote_def_label(text)
        if label is not None and first not in text_lines:
            body = _FNDEF_RE.sub("", text, count=1)
            units.append(Unit("fndef", body, first, label=label))
            continue
        # headings
        level = 0
        htext = text
        if first in heading_lines:
            level = heading_lines[first]
        else:
            stripped = _strip_heading_marks(text)
            if stripped in heading_texts:
                level = heading_texts[stripped]
            elif md_headings and text.startswith("#"):
                htext_tmp = _strip_heading_marks(text)
                m = _HEAD_PREFIX_RE.match(htext_tmp)
                level = (
                    heading_level_for(m.group("p") or m.group("q"), levels)
                    if m
                    else int(levels.get("plain", 2))
                )
                if not level:
                    level = int(levels.get("plain", 2))
            elif (
                auto_headings and first not in text_lines and "\n" not in text and len(text) <= 200
            ):
                s = _strip_heading_marks(text)
                m = _HEAD_PREFIX_RE.match(s)
                pm = _PARA_RE.match(s)
                is_para = (
                    pm is not None
                    and int(pm.group(1)) == expected
                    and numbered
                    and first < para_stop_line
                )
                if m and not is_para and not re.search(r"[.;,]$", s.rstrip("*").rstrip()):
                    level = heading_level_for(m.group("p") or m.group("q"), levels)
        if level:
            htext = _strip_heading_marks(text)
            gm = re.match(r"^Guideline (\d+):", htext)
            anchor = anchors.get(first, "")
            if items_mode == "pg" and gm:
                guideline = int(gm.group(1))
                anchor = anchor or f"guideline-{guideline}"
            units.append(
                Unit(
                    "heading",
                    htext,
                    first,
                    level=level,
                    anchor=anchor,
                    extra_anchor=str((opt.get("extra_anchors") or {}).get(first, "")),
                )
            )
            continue
        # numbered paragraphs
        pm = _PARA_RE.match(text)
        if pm and first not in text_lines:
            num = int(pm.group(1))
            body = text[pm.end() :]
            if items_mode == "pg" and guideline:
                units.append(
                    Unit(
                        "item", body, first, number=str(num), anchor=f"guideline-{guideline}-{num}"
                    )
                )
                continue
            if numbered and num == expected and num <= para_end and first < para_stop_line:
                extra = f"principle-{num}" if items_mode == "pg" else ""
                units.append(
                    Unit(
                        "para",
                        body,
                        first,
                        number=str(num),
                        anchor=f"para-{num}",
                        extra_anchor=extra,
                    )
                )
                expected += 1
                continue
        units.append(Unit("text", text, first))
    return units


def _strip_heading_marks(text: str) -> str:
    s = re.sub(r"^#+\s*", "", text.strip())
    s = re.sub(r"\s+", " ", s)
    if s.startswith("**") and s.endswith("**") and s.count("**") == 2:
        s = s[2:-2].strip()
    if s.startswith("*") and s.endswith("*") and s.count("*") == 2:
        s = s[1:-1].strip()
    return s


# ---------------------------------------------------------------------------
# Joining split paragraphs
# ---------------------------------------------------------------------------


def join_units(units: list[Unit], no_join: set[int], force_join: set[int]) -> list[Unit]:
    """Re-join text split across page breaks (footnote defs may sit between)."""
    out: list[Unit] = []
    for u in units:
        if u.kind == "text" and u.line not in no_join:
            # find the previous non-footnote unit
            idx = len(out) - 1
            while idx >= 0 and out[idx].kind == "fndef":
                idx -= 1
            if idx >= 0 and out[idx].kind in ("para", "text", "item"):
                prev = out[idx]
                want = (
                    u.line in force_join
                    or (
                        not ends_sentence(prev.text)
                        and not is_list_like(u.text)
                        and "\n" not in u.text
                        and not prev.text.endswith("**")
                        # salutations and short title lines ("Mr. President,")
                        and not (len(prev.text.split("\n")[-1]) < 70 and u.text[:1].isupper())
                    )
                )
                if want:
                    sep = "" if re.search(r"[a-z]-$", prev.text) and u.text[:1].islower() else " "
                    merged = Unit(
                        prev.kind,
                        prev.text + sep + u.text,
                        prev.line,
                        prev.level,
                        prev.number,
                        prev.anchor,
                        prev.label,
                        prev.restored,
                        prev.extra_anchor,
                    )
                    out[idx] = merged
                    continue
        out.append(u)
    return out


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------


class _Corrector:
    """Replaces configured source readings by placeholders, then by HTML."""

    def __init__(self, corrections: Sequence[Correction]) -> None:
        self.corrections = list(corrections)
        self.used: set[int] = set()

    def protect(self, text: str) -> str:
        for i, c in enumerate(self.corrections):
            if c.source in text:
                text = text.replace(c.source, f"\x00C{i}\x00")
                self.used.add(i)
        return text

    def restore(self, text: str) -> str:
        def repl(m: re.Match[str]) -> str:
            c = self.corrections[int(m.group(1))]
            if c.kind == "handwritten":
                return _handwritten(c)
            return (
                '<span class="hb-corr">'
                f'<del title="as printed in the source">{_escape_plain(c.source)}</del> '
                f'<ins title="editorial correction">{_escape_plain(c.correction)}</ins></span>'
            )

        return re.sub(r"\x00C(\d+)\x00", repl, text)


def _handwritten(c: Correction) -> str:
    """Handwritten edits: ``¹⁵~~10~~`` (replacement) or ``^{word}`` (insertion)."""
    m = re.fullmatch(r"(?P<new>[" + SUPERSCRIPTS + r"]+)~~(?P<old>.+?)~~", c.source)
    if m:
        return (
            '<span class="hb-corr">'
            f'<del title="struck out by hand in the source">{_escape_plain(m.group("old"))}</del> '
            '<ins title="handwritten correction in the source">'
            f"{_escape_plain(c.correction)}</ins></span>"
        )
    return (
        '<span class="hb-corr">'
        '<ins title="handwritten insertion in the source">'
        f"{_escape_plain(c.correction)}</ins></span>"
    )


def render_inline(text: str, corrector: _Corrector, prefix: str, refs: bool = True) -> str:
    text = corrector.protect(text)
    if refs:
        text = convert_refs(text, prefix)
    # protect generated footnote refs from escaping
    text = re.sub(r"\^\{([^{}]{1,12})\}", r"<sup>\1</sup>", text)
    text = escape_markup(text)
    return corrector.restore(text)


def _fn_prefix(doc: DocConfig, line: int) -> str:
    prefixes = doc.options.get("fn_prefixes") or {}
    chosen = ""
    for k in sorted(prefixes, key=int):
        if line >= int(k):
            chosen = str(prefixes[k])
    return chosen


def render_units(doc: DocConfig, units: list[Unit], corrections: Sequence[Correction]) -> str:
    corrector = _Corrector([c for c in corrections if c.doc == doc.id])
    attach = doc.options.get("attach_refs") or []
    # footnote definitions by label (first text wins; duplicates are merged)
    defs: dict[str, str] = {}
    order: list[str] = []
    for u in units:
        if u.kind == "fndef":
            label = _fn_prefix(doc, u.line) + u.label
            body = render_inline(clean_inline(u.text.replace("\n", " ")), corrector, "", refs=False)
            if label in defs:
                if body != defs[label]:
                    defs[label] += (
                        " — A second, different text for this note is printed in the source: "
                        + body
                    )
            else:
                defs[label] = body
                order.append(label)
    emitted: set[str] = set()
    blocks: list[str] = []
    for u in units:
        if u.kind == "fndef":
            continue
        prefix = _fn_prefix(doc, u.line)
        text = u.text
        for a in attach:
            if int(a["line"]) == u.line and a["after"] in text:
                keep = a["after"][: len(a["after"]) - len(str(a.get("strip", "")))]
                text = text.replace(a["after"], keep + "\x00R" + str(a["label"]) + "\x00", 1)
        if u.kind == "raw":
            rendered = render_inline(text, corrector, prefix)
            rendered = re.sub(r"(?m)^- (\d+)\.", r"- \1\\.", rendered)
        else:
            rendered = render_inline(text, corrector, prefix)
        rendered = re.sub(r"\x00R([\w-]+)\x00", lambda m: f"[^{m.group(1)}]", rendered)
        if u.kind == "heading":
            line = "#" * u.level + " " + rendered.replace("\n", " ")
            if u.anchor:
                line += " {#" + u.anchor + "}"
            block = line
            if u.restored:
                block += "\n" + RESTORED_COMMENT
            if u.extra_anchor:
                block += f'\n\n<span id="{u.extra_anchor}"></span>'
        elif u.kind == "para":
            pre = f'<span id="{u.extra_anchor}"></span>' if u.extra_anchor else ""
            block = (
                pre
                + f'<span class="hb-pn" id="{u.anchor}">{u.number}.</span> '
                + rendered.replace("\n", " ")
            )
        elif u.kind == "item":
            block = f'<span class="hb-pn" id="{u.anchor}">{u.number}.</span> ' + rendered.replace(
                "\n", " "
            )
        elif u.kind == "raw":
            block = rendered
        else:
            block = protect_line_start(rendered)
        blocks.append(block)
        called = [lab for lab in re.findall(r"\[\^([\w-]+)\]", rendered) if lab not in emitted]
        seen: list[str] = []
        for lab in called:
            if lab in seen:
                continue
            seen.append(lab)
            if lab in defs:
                blocks.append(f"[^{lab}]: {defs[lab]}")
                emitted.add(lab)
    missing = [lab for lab in order if lab not in emitted]
    if missing:
        raise ValueError(f"{doc.id}: footnote definitions without a call: {missing}")
    text = "\n\n".join(blocks)
    undefined = sorted(set(re.findall(r"\[\^([\w-]+)\](?!:)", text)) - set(defs))
    if undefined:
        raise ValueError(f"{doc.id}: footnote calls without a definition: {undefined}")
    unused = [c.source for i, c in enumerate(corrector.corrections) if i not in corrector.used]
    if unused:
        raise ValueError(f"{doc.id}: corrections not found in the text: {unused}")
    return text + "\n"


# ---------------------------------------------------------------------------
# Seed 000 (one physical line)
# ---------------------------------------------------------------------------


def units_000(doc: DocConfig, content: str) -> list[Unit]:
    opt = doc.options
    body_line = content.split("\n")[int(opt["body_line"]) - 1]
    summary_start = body_line.index(opt["summary_marker"]) + len(opt["summary_marker"])
    summary_end = body_line.index(opt["toc_marker"])
    body_start = body_line.index(opt["body_marker"])
    units: list[Unit] = [Unit("heading", "Summary", 3, level=2)]
    units.append(Unit("text", body_line[summary_start:summary_end].strip(), 3))
    body = body_line[body_start:]
    positions: list[tuple[int, int]] = []
    n = 1
    for m in re.finditer(r"(?:(?<=\s)|^)(\d{1,2})\. (?=[A-Z\"])", body):
        if int(m.group(1)) == n:
            positions.append((n, m.start()))
            n += 1
    expected_total = int(opt["paragraphs"])
    if n - 1 != expected_total:
        raise ValueError(f"000: found {n - 1} paragraphs, expected {expected_total}")
    headings: dict[int, list[Mapping[str, Any]]] = {}
    for h in opt["headings"]:
        headings.setdefault(int(h["before"]), []).append(h)
    ends = [p for _, p in positions[1:]] + [len(body)]
    for (num, pos), end in zip(positions, ends, strict=True):
        for h in headings.get(num, []):
            units.append(
                Unit(
                    "heading",
                    str(h["text"]),
                    3,
                    level=int(h["level"]),
                    restored=bool(h.get("restored", False)),
                )
            )
        chunk = body[pos:end]
        chunk = chunk[len(f"{num}. ") :]
        # strip headings printed at the end of this chunk (they precede num+1)
        tail_texts = [
            str(h.get("printed", h["text"]))
            for h in headings.get(num + 1, [])
            if not h.get("restored") or h.get("printed")
        ]
        tail = " ".join(tail_texts).strip()
        chunk = chunk.rstrip()
        if tail:
            if not chunk.endswith(tail):
                raise ValueError(f"000: heading text {tail!r} not found before para {num + 1}")
            chunk = chunk[: -len(tail)].rstrip()
        units.append(Unit("para", chunk, 3, number=str(num), anchor=f"para-{num}"))
    return units


# ---------------------------------------------------------------------------
# Front matter
# ---------------------------------------------------------------------------


def _yaml_scalar(value: Any, force_quote: bool = False) -> str:
    s = str(value)
    needs = (
        force_quote
        or ":" in s
        or "#" in s
        or s != s.strip()
        or not s
        or s[0] in "!&*[]{}|>'\"%@`-?,"
        or re.fullmatch(r"[\d.\-+eE]+|true|false|yes|no|null|on|off|~", s, re.I) is not None
    )
    return json.dumps(s, ensure_ascii=False) if needs else s


def front_matter(doc: DocConfig, subjects: Sequence[str] = ()) -> str:
    meta = dict(doc.meta)
    meta.setdefault("kind", "document")
    start, end = doc.lines
    meta["source"] = f"sources/seeds/{doc.seed}, lines {start}-{end}"
    if subjects:
        meta["subjects"] = list(subjects)
    out = ["---"]
    keys = [k for k in FRONT_MATTER_ORDER if k in meta] + sorted(
        k for k in meta if k not in FRONT_MATTER_ORDER
    )
    for k in keys:
        v = meta[k]
        if v is None or v == "":
            continue
        if isinstance(v, list):
            out.append(f"{k}:")
            out.extend(f"  - {_yaml_scalar(x)}" for x in v)
        else:
            out.append(f"{k}: {_yaml_scalar(v, force_quote=(k in ('date', 'source')))}")
    out.append("---")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


def render_doc(doc: DocConfig, content: str, corrections: Sequence[Correction]) -> str:
    lines = content.split("\n")
    subjects: list[str] = []
    if doc.options.get("mode") == "flat":
        units = units_000(doc, content)
        if doc.options.get("subjects_line"):
            meta_line = lines[int(doc.options["subjects_line"]) - 1]
            subjects = [s.strip() for s in meta_line.lstrip("%").split("|") if s.strip()]
    else:
        units = classify(doc, lines)
        units = join_units(
            units,
            no_join=_line_set(doc.options.get("no_join")),
            force_join=_line_set(doc.options.get("join")),
        )
    prelude = doc.options.get("prelude")
    body = render_units(doc, units, corrections)
    if prelude:
        body = str(prelude).rstrip("\n") + "\n\n" + body
    return front_matter(doc, subjects) + "\n" + body


def render_all(root: Path) -> dict[str, str]:
    """Relative path -> page text for every configured document (no writing)."""
    root = Path(root)
    docs, corrections = load_config(root)
    known = {d.id for d in docs}
    stray = sorted({c.doc for c in corrections} - known)
    if stray:
        raise ValueError(f"corrections for unknown documents: {stray}")
    cache: dict[str, str] = {}
    pages: dict[str, str] = {}
    for doc in docs:
        if doc.seed not in cache:
            cache[doc.seed] = (root / SEEDS_DIR / doc.seed).read_text(encoding="utf-8")
        rel = (OUT_DIR / f"{doc.id}.md").as_posix()
        pages[rel] = render_doc(doc, cache[doc.seed], corrections)
    return dict(sorted(pages.items()))


def import_all(root: Path) -> list[Path]:
    """Write every page under docs/documents/; remove stale generated pages."""
    root = Path(root)
    pages = render_all(root)
    out_dir = root / OUT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for rel, text in pages.items():
        path = root / rel
        if not path.exists() or path.read_bytes() != text.encode("utf-8"):
            path.write_bytes(text.encode("utf-8"))
        written.append(path)
    wanted = {root / rel for rel in pages}
    for old in sorted(out_dir.glob("*.md")):
        if old not in wanted and old.name != "index.md":  # the chapter page is hand-written
            old.unlink()
    return written


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    root = Path(args[0]) if args else Path.cwd()
    paths = import_all(root)
    print(f"wrote {len(paths)} pages to {root / OUT_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
