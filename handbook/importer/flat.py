"""The flat document: seed 000, a whole report flattened into one physical line.

Its paragraphs are found by their numbers (1, 2, 3, ... in order), its summary and body by
markers, and its headings come from the configuration (printed inline, or restored from
the report's own table of contents).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from handbook.core.diagnostics import Diagnostic
from handbook.importer.config import DocConfig, FlatHeading
from handbook.importer.render import problem
from handbook.importer.units import Unit

_NUMBER_RE = re.compile(r"(?:(?<=\s)|^)(\d{1,2})\. (?=[A-Z\"])")


def subjects(doc: DocConfig, lines: Sequence[str]) -> list[str]:
    """The subject descriptors on the configured line (``% a | b | c``)."""
    if not doc.options.subjects_line:
        return []
    meta_line = lines[doc.options.subjects_line - 1]
    return [s.strip() for s in meta_line.lstrip("%").split("|") if s.strip()]


def units_flat(doc: DocConfig, lines: Sequence[str], problems: list[Diagnostic]) -> list[Unit]:
    """The units of the flat document (empty, with a diagnostic, when a marker is missing)."""
    opt = doc.options
    body_line = lines[opt.body_line - 1]
    found = {}
    for name, marker in (
        ("summary_marker", opt.summary_marker),
        ("toc_marker", opt.toc_marker),
        ("body_marker", opt.body_marker),
    ):
        pos = body_line.find(marker)
        if pos < 0:
            problems.append(
                problem(
                    doc.line,
                    f"document '{doc.id}': {name} '{marker}' is not on line {opt.body_line} "
                    "of the seed",
                    f"the text of '{name}' exactly as in the seed",
                    f"correct '{name}' or 'body_line'",
                )
            )
            return []
        found[name] = pos
    line = opt.body_line
    summary_start = found["summary_marker"] + len(opt.summary_marker)
    units: list[Unit] = [Unit("heading", "Summary", line, level=2)]
    units.append(Unit("text", body_line[summary_start : found["toc_marker"]].strip(), line))
    body = body_line[found["body_marker"] :]
    positions: list[tuple[int, int]] = []
    n = 1
    for m in _NUMBER_RE.finditer(body):
        if int(m.group(1)) == n:
            positions.append((n, m.start()))
            n += 1
    if n - 1 != opt.paragraphs:
        problems.append(
            problem(
                doc.line,
                f"document '{doc.id}': {n - 1} numbered paragraphs found, {opt.paragraphs} "
                "expected",
                f"{opt.paragraphs} paragraphs numbered 1, 2, 3 ... after 'body_marker'",
                "correct 'paragraphs' or the seed",
            )
        )
        return []
    headings: dict[int, list[FlatHeading]] = {}
    for h in opt.headings:
        headings.setdefault(h.before, []).append(h)
    ends = [p for _, p in positions[1:]] + [len(body)]
    for (num, pos), end in zip(positions, ends, strict=True):
        for h in headings.get(num, []):
            units.append(Unit("heading", h.text, line, level=h.level, restored=h.restored))
        chunk = body[pos:end][len(f"{num}. ") :].rstrip()
        # headings printed at the end of this chunk precede paragraph num + 1
        tail = " ".join(
            h.printed or h.text for h in headings.get(num + 1, []) if not h.restored or h.printed
        ).strip()
        if tail:
            if not chunk.endswith(tail):
                problems.append(
                    problem(
                        doc.line,
                        f"document '{doc.id}': heading text '{tail}' is not printed before "
                        f"paragraph {num + 1}",
                        "the heading's text as printed at the end of the paragraph before it",
                        "correct the heading's 'text' or 'printed', or mark it 'restored'",
                    )
                )
                return []
            chunk = chunk[: -len(tail)].rstrip()
        units.append(Unit("para", chunk, line, number=str(num), anchor=f"para-{num}"))
    return units
