"""Limits on how deeply a page's Markdown nests, checked before Python-Markdown sees it.

Python-Markdown parses nested blocks and inline markup recursively, and some of its inline
patterns rescan the rest of a paragraph: a few kilobytes of hostile Markdown exhaust
Python's stack (a list nested 250 levels deep, a run of 2,000 ``*``, 600 list markers on
one line, 350 nested ``<div markdown>``) or take minutes (20,000 unclosed ``[`` in one
paragraph). A page beyond one of these limits is reported (HB007) at the line where the
limit is passed, and the build renders a notice in its place instead of converting it.

The limits are far above anything a page of the handbook needs, and far below where
Python-Markdown fails. One pass over the lines and one over each paragraph's characters:
linear in the length of the page. Pure: no Markdown import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handbook.core import prose

#: Columns of indentation of a line outside code (a list nested 50 levels deep by 4 spaces).
MAX_INDENT = 200
#: List markers opening one line (``- - - a`` nests a list per marker).
MAX_MARKERS = 32
#: ``<tag markdown>`` blocks open at once.
MAX_HTML_DEPTH = 32
#: ``[`` open at once within a paragraph.
MAX_BRACKETS = 64
#: Longest run of ``*`` or ``_`` characters.
MAX_RUN = 100
#: ``*`` and ``_`` characters that may open or close emphasis, in one paragraph.
MAX_EMPHASIS = 600

_MARKERS = re.compile(r"(?:[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)+")
_MARKER = re.compile(r"(?:[-*+]|\d{1,9}[.)])[ \t]+")
_QUOTES = re.compile(r"(?:[ \t]{0,3}>[ \t]?)*")
_MD_OPEN = re.compile(r"<([A-Za-z][A-Za-z0-9]*)\b[^<>]*\bmarkdown\b[^<>]*>")
_CLOSE = re.compile(r"</([A-Za-z][A-Za-z0-9]*)\s*>")
_RUN = re.compile(r"\*+|_+")


@dataclass(frozen=True)
class Problem:
    """Where a page passes a limit: 1-based line in the text, what it holds, the limit."""

    line: int
    found: str
    expected: str


def problem(text: str) -> Problem | None:
    """The first place in a page's Markdown ``text`` beyond a nesting limit, if any."""
    scanned = prose.scan(text)
    lines = text.split("\n")
    pos = 0
    stack: list[str] = []
    block: list[tuple[int, int, str]] = []  # (line number, offset, text) of a paragraph
    for n, line in enumerate(lines, 1):
        start, pos = pos, pos + len(line) + 1
        stripped = line.lstrip(" \t")
        if not stripped:
            found = _block(scanned, block)
            if found is not None:
                return found
            block = []
            continue
        if scanned.in_code(start + len(line) - len(stripped)):
            continue
        body = line[_QUOTES.match(line).end() :]  # type: ignore[union-attr]  # always matches
        width = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))
        if width > MAX_INDENT:
            return Problem(n, f"a line indented {width:,} columns", f"at most {MAX_INDENT} columns")
        m = _MARKERS.match(body)
        if m is not None:
            count = len(_MARKER.findall(m.group()))
            if count > MAX_MARKERS:
                return Problem(
                    n, f"{count:,} list markers opening one line", f"at most {MAX_MARKERS}"
                )
        if "<" in line:
            for tag in _MD_OPEN.finditer(line):
                stack.append(tag.group(1).lower())
                if len(stack) > MAX_HTML_DEPTH:
                    return Problem(
                        n,
                        f"{len(stack):,} nested HTML blocks with a markdown attribute",
                        f"at most {MAX_HTML_DEPTH}",
                    )
            for close in _CLOSE.finditer(line):
                name = close.group(1).lower()
                if name in stack:
                    while stack and stack.pop() != name:
                        pass
        block.append((n, start, line))
    return _block(scanned, block)


def _block(scanned: prose.Prose, block: list[tuple[int, int, str]]) -> Problem | None:
    """Brackets and emphasis markers within one paragraph (lines between blank lines)."""
    depth = 0
    markers = 0
    for n, start, line in block:
        if "[" in line or "]" in line:
            escaped = False
            for i, ch in enumerate(line):
                if escaped:
                    escaped = False
                elif ch == "\\":
                    escaped = True
                elif ch == "[" and not scanned.in_code(start + i):
                    depth += 1
                    if depth > MAX_BRACKETS:
                        return Problem(
                            n,
                            f"{depth:,} '[' open at once in a paragraph",
                            f"at most {MAX_BRACKETS}",
                        )
                elif ch == "]" and depth:
                    depth -= 1
        if "*" in line or "_" in line:
            for run in _RUN.finditer(line):
                if scanned.in_code(start + run.start()):
                    continue
                size = run.end() - run.start()
                if size > MAX_RUN:
                    return Problem(n, f"a run of {size:,} '{run.group()[0]}'", f"at most {MAX_RUN}")
                a, b = run.start(), run.end()
                if (
                    run.group()[0] == "_"
                    and a > 0
                    and b < len(line)
                    and line[a - 1].isalnum()
                    and line[b].isalnum()
                ):
                    continue  # inside a word: never emphasis
                markers += size
                if markers > MAX_EMPHASIS:
                    return Problem(
                        n,
                        f"over {MAX_EMPHASIS:,} '*' and '_' in a paragraph",
                        f"at most {MAX_EMPHASIS:,}",
                    )
    return None
