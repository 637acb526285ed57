"""Rendering: classified units to the Markdown of a document page.

Footnote definitions are placed right after the block that first calls them; editorial
corrections show both readings; numbered paragraphs and guideline items carry their
``hb-pn`` marker and anchor.
Problems (a correction not found, a note without its call) are collected as diagnostics
on the document's entry in ``sources/documents.yaml``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from handbook.core.diagnostics import Diagnostic
from handbook.importer.config import CONFIG_PATH, HANDWRITTEN_RE, Correction, DocConfig
from handbook.importer.text import (
    clean_inline,
    convert_refs,
    escape_markup,
    escape_plain,
    protect_line_start,
)
from handbook.importer.units import Unit

RESTORED_COMMENT = "<!-- restored from the table of contents -->"
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


def problem(line: int, message: str, expected: str, fix: str) -> Diagnostic:
    """A mismatch between a document's text and its configuration (HB311)."""
    return Diagnostic.make(
        CONFIG_PATH.as_posix(), line, "HB311", message, expected=expected, fix=fix
    )


# ---------------------------------------------------------------------------- corrections


def correction_html(c: Correction) -> str:
    """Both readings: the source's struck out, the correction inserted."""
    if c.kind == "handwritten":
        m = HANDWRITTEN_RE.fullmatch(c.source)
        if m is not None and m.group("new"):
            return (
                '<span class="hb-corr">'
                f'<del title="struck out by hand in the source">{escape_plain(m.group("old"))}'
                "</del> "
                '<ins title="handwritten correction in the source">'
                f"{escape_plain(c.correction)}</ins></span>"
            )
        return (
            '<span class="hb-corr">'
            '<ins title="handwritten insertion in the source">'
            f"{escape_plain(c.correction)}</ins></span>"
        )
    return (
        '<span class="hb-corr">'
        f'<del title="as printed in the source">{escape_plain(c.source)}</del> '
        f'<ins title="editorial correction">{escape_plain(c.correction)}</ins></span>'
    )


class Corrector:
    """Replaces configured source readings by placeholders, then by their HTML."""

    def __init__(self, corrections: Sequence[Correction]) -> None:
        self.corrections = list(corrections)
        self.used: set[int] = set()

    def protect(self, text: str) -> str:
        """Put a placeholder where a correction applies (before escaping)."""
        for i, c in enumerate(self.corrections):
            if c.source in text:
                text = text.replace(c.source, f"\x00C{i}\x00")
                self.used.add(i)
        return text

    def restore(self, text: str) -> str:
        """Replace the placeholders by the corrections' HTML (after escaping)."""
        return re.sub(
            r"\x00C(\d+)\x00", lambda m: correction_html(self.corrections[int(m.group(1))]), text
        )

    def unused(self) -> list[Correction]:
        """The corrections whose source reading was not found in the text."""
        return [c for i, c in enumerate(self.corrections) if i not in self.used]


_CARET_SUP_RE = re.compile(r"\^\{([^{}]{1,12})\}")


def render_inline(text: str, corrector: Corrector, prefix: str, refs: bool = True) -> str:
    """Corrections, footnote calls and ``^{x}`` superscripts applied, the rest escaped."""
    text = corrector.protect(text)
    if refs:
        text = convert_refs(text, prefix)
    text = _CARET_SUP_RE.sub(r"<sup>\1</sup>", text)
    text = escape_markup(text)
    return corrector.restore(text)


# ---------------------------------------------------------------------------- footnotes


def fn_prefix(doc: DocConfig, line: int) -> str:
    """The footnote label prefix in force on ``line`` (numbering restarts in annexes)."""
    chosen = ""
    for start, prefix in doc.options.fn_prefixes:
        if line >= start:
            chosen = prefix
    return chosen


@dataclass
class _Notes:
    """Footnote definitions by label, and which were placed on the page."""

    defs: dict[str, list[str]] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    emitted: set[str] = field(default_factory=set)

    def text(self, label: str) -> str:
        return "".join(self.defs[label])


def collect_notes(doc: DocConfig, units: Sequence[Unit], corrector: Corrector) -> _Notes:
    """Every footnote definition (the first text wins; a different repeat is appended)."""
    notes = _Notes()
    for u in units:
        if u.kind != "fndef":
            continue
        label = fn_prefix(doc, u.line) + u.label
        body = render_inline(clean_inline(u.text.replace("\n", " ")), corrector, "", refs=False)
        if label not in notes.defs:
            notes.defs[label] = [body]
            notes.order.append(label)
        elif body != notes.defs[label][0]:
            notes.defs[label].append(
                " — A second, different text for this note is printed in the source: " + body
            )
    return notes


_REF_RE = re.compile(r"\[\^([\w-]+)\]")


def place_notes(rendered: str, notes: _Notes) -> list[str]:
    """The definitions of the notes first called in ``rendered``, in call order."""
    blocks = []
    for label in dict.fromkeys(_REF_RE.findall(rendered)):
        if label in notes.defs and label not in notes.emitted:
            blocks.append(f"[^{label}]: {notes.text(label)}")
            notes.emitted.add(label)
    return blocks


# ---------------------------------------------------------------------------- blocks


def _attach_refs(doc: DocConfig, u: Unit) -> str:
    """The unit's text with configured missing footnote calls put in (as placeholders)."""
    text = u.text
    for a in doc.options.attach_refs:
        if a.line == u.line and a.after in text:
            keep = a.after[: len(a.after) - len(a.strip)]
            text = text.replace(a.after, keep + "\x00R" + a.label + "\x00", 1)
    return text


def render_block(doc: DocConfig, u: Unit, corrector: Corrector) -> str:
    """The Markdown of one (non-footnote) unit."""
    rendered = render_inline(_attach_refs(doc, u), corrector, fn_prefix(doc, u.line))
    if u.kind == "raw":
        rendered = re.sub(r"(?m)^- (\d+)\.", r"- \1\\.", rendered)
    rendered = re.sub(r"\x00R([\w-]+)\x00", lambda m: f"[^{m.group(1)}]", rendered)
    one_line = rendered.replace("\n", " ")
    if u.kind == "heading":
        block = "#" * u.level + " " + one_line
        if u.anchor:
            block += " {#" + u.anchor + "}"
        if u.restored:
            block += "\n" + RESTORED_COMMENT
        if u.extra_anchor:
            block += f'\n\n<span id="{u.extra_anchor}"></span>'
        return block
    if u.kind == "para":
        pre = f'<span id="{u.extra_anchor}"></span>' if u.extra_anchor else ""
        return pre + f'<span class="hb-pn" id="{u.anchor}">{u.number}.</span> {one_line}'
    if u.kind == "item":
        return f'<span class="hb-pn" id="{u.anchor}">{u.number}.</span> {one_line}'
    if u.kind == "raw":
        return rendered
    return protect_line_start(rendered)


def render_units(
    doc: DocConfig,
    units: Sequence[Unit],
    corrections: Sequence[Correction],
    problems: list[Diagnostic],
) -> str:
    """The page body: every unit rendered, each note after the block that first calls it."""
    corrector = Corrector([c for c in corrections if c.doc == doc.id])
    notes = collect_notes(doc, units, corrector)
    blocks: list[str] = []
    for u in units:
        if u.kind == "fndef":
            continue
        block = render_block(doc, u, corrector)
        blocks.append(block)
        blocks.extend(place_notes(block, notes))
    text = "\n\n".join(blocks)
    check_complete(doc, text, notes, corrector, problems)
    return text + "\n"


def check_complete(
    doc: DocConfig, text: str, notes: _Notes, corrector: Corrector, problems: list[Diagnostic]
) -> None:
    """Every note called and defined, every correction found; else a diagnostic each."""
    missing = [label for label in notes.order if label not in notes.emitted]
    if missing:
        problems.append(
            problem(
                doc.line,
                f"document '{doc.id}': footnote definitions without a call: "
                + ", ".join(missing[:10]),
                "each note called in the text",
                "add the call with 'attach_refs', or check 'fn_prefixes' and the line range",
            )
        )
    calls = set(re.findall(r"\[\^([\w-]+)\](?!:)", text))
    undefined = sorted(calls - set(notes.defs))
    if undefined:
        problems.append(
            problem(
                doc.line,
                f"document '{doc.id}': footnote calls without a definition: "
                + ", ".join(undefined[:10]),
                "each called note defined in the document's line range",
                "extend 'lines' to the notes, or correct 'star_defs' and 'fn_prefixes'",
            )
        )
    for c in corrector.unused():
        problems.append(
            problem(
                c.line,
                f"correction '{c.source}' is not found in the text of '{c.doc}'",
                "the source's reading exactly as in the seed",
                "correct 'source', or remove the correction",
            )
        )


# ---------------------------------------------------------------------------- front matter

_NEEDS_QUOTES_RE = re.compile(r"[\d.\-+eE]+|true|false|yes|no|null|on|off|~", re.I)


def yaml_scalar(value: Any, force_quote: bool = False) -> str:
    """A value as one YAML scalar (JSON-quoted when plain YAML would misread it)."""
    s = str(value)
    needs = (
        force_quote
        or ":" in s
        or "#" in s
        or s != s.strip()
        or not s
        or s[0] in "!&*[]{}|>'\"%@`-?,"
        or _NEEDS_QUOTES_RE.fullmatch(s) is not None
    )
    return json.dumps(s, ensure_ascii=False) if needs else s


def front_matter(doc: DocConfig, subjects: Sequence[str] = ()) -> str:
    """The page's front matter: the configured metadata, subjects and the source."""
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
            out.extend(f"  - {yaml_scalar(x)}" for x in v)
        else:
            out.append(f"{k}: {yaml_scalar(v, force_quote=(k in ('date', 'source')))}")
    out.append("---")
    return "\n".join(out) + "\n"
