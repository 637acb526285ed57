"""What in a page's Markdown is prose, decided as Python-Markdown decides it.

One scanner for every part of the engine that looks into a page's text: the macro scanner,
the link check, the section check, bare UN symbols (backlinks), raw HTML. Each asks the same
question, *would Python-Markdown (with pymdownx.superfences) render this as code or keep
it as a comment?*, and gets the same answer, so that a macro in a code sample stays literal
on the page and is not run, and a macro in prose is run and never left on the page as text.

The rules, as Python-Markdown 3.10+ and pymdownx.superfences apply them, in their order:

1. **Fenced code** (superfences, before anything else): a line of three or more backticks or
   tildes with an optional language and options opens a fence; only the *same* fence string
   (followed by spaces) closes it, at the opening's indentation; a content line indented less
   than the opening abandons the fence, and so does the end of the text: an unclosed fence
   is not code.
2. **HTML comments** at the start of a line (up to three spaces) run to the first ``-->``,
   across blank lines; an unclosed one is text. Within a paragraph, ``<!-- ... -->`` is a
   comment if it closes in the same paragraph.
3. **Indented code**: a block (lines between blank lines) whose first line is indented four
   spaces or more, outside a list item, footnote or admonition that the indentation belongs to.
4. **Code spans**, within one block: a run of backticks not preceded by a backslash opens a
   span that the next run of the same length closes (Python-Markdown's own fallback when only
   shorter runs follow); runs that close nothing are text.

Known limit: a list nested in a list item that holds indented code, followed without a
blank line by another item, is re-nested by Python-Markdown's list parser in ways this
scanner does not follow; a macro left unexpanded there (or anywhere) is still reported by the
check of the built page (HB141).

Everything is found in one pass over the lines plus one pass per paragraph: linear in the
length of the page. Pure: no Markdown import (the differential test compares it with
Python-Markdown itself).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

_FENCE = re.compile(
    r"(~{3,}|`{3,})"  # the fence
    r"(?:[ \t]*\.?[\w#.+-]+(?=[\t ]|$))?"  # a language
    r"(?:[ \t]*\{[^\n]*\}"  # {attributes} or
    r"|(?:[ \t]*(?:hl_lines|linenums|title|title_mode)(?:=(\"|').*?\2)?(?=[\t ]|$))+)?"  # options
    r"[ \t]*$"
)
_PREFIX = " \t>"
_LIST_ITEM = re.compile(r"[ ]{0,3}(?:[*+-]|\d+[.)])(?:[ \t]+|$)")
_CONTAINER = re.compile(
    r"[ ]{0,3}(?:[*+-][ \t]|\d+[.)][ \t]|\[\^[^\]\n]+\]:|(?:!!!|\?\?\?\+?)[ \t]+\S)"
)
_BLOCK_START = re.compile(
    r"[ ]{0,3}(?:#{1,6}(?:[ \t]|$)"  # ATX heading
    r"|(?:(?:-[ ]{0,2}){3,}|(?:_[ ]{0,2}){3,}|(?:\*[ ]{0,2}){3,})$"  # rule
    r"|[*+-][ \t]|\d+[.)][ \t]"  # list item
    r"|\[\^[^\]\n]+\]:"  # footnote
    r"|\*\[[^\]\n]+\]:"  # abbreviation
    r"|(?:!!!|\?\?\?\+?)[ \t]"  # admonition, details
    r"|\|)"  # table row
)
_SPLITS = re.compile(
    r"[ ]{0,3}(?:#{1,6}(?:[ \t]|$)|(?:(?:-[ ]{0,2}){3,}|(?:_[ ]{0,2}){3,}|(?:\*[ ]{0,2}){3,})$)"
)
_MIDSPLIT = re.compile(r"[ ]{0,3}(?:\[\^[^\]\n]+\]:|(?:!!!|\?\?\?\+?)[ \t]+\S)")
_ADMONITION = re.compile(r"[ ]{0,3}(?:!!!|\?\?\?\+?)[ \t]+\S")
_TABLE_RULE = re.compile(r"[ ]{0,3}\|?[ ]*:?-+:?[ ]*(?:\|[ ]*:?-+:?[ ]*)*\|?[ ]*$")
_HEADING = re.compile(r"[ ]{0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_COMMENT_END = "-->"


@dataclass(frozen=True)
class Heading:
    """An ATX heading outside code."""

    level: int
    title: str
    offset: int  # of the heading line
    line: int  # 1-based line in the text


def _expand(ws: str) -> int:
    """The width of leading whitespace with tabs at four columns."""
    col = 0
    for c in ws:
        col = col + 4 - col % 4 if c == "\t" else col + 1
    return col


def _indent(line: str) -> int:
    return _expand(line[: len(line) - len(line.lstrip(" \t"))])


@dataclass(frozen=True)
class Prose:
    """A page's text and the spans Python-Markdown renders as code or keeps as comments."""

    text: str
    #: Sorted, disjoint (start, end) offsets of code and comments.
    code: tuple[tuple[int, int], ...]

    @cached_property
    def _starts(self) -> list[int]:
        return [s for s, _ in self.code]

    @cached_property
    def _lines(self) -> list[int]:
        out = [0]
        find = self.text.find
        i = find("\n")
        while i >= 0:
            out.append(i + 1)
            i = find("\n", i + 1)
        return out

    def in_code(self, offset: int) -> bool:
        """Whether the character at ``offset`` is in code or a comment."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self.code[i][1]

    def code_at(self, offset: int) -> tuple[int, int] | None:
        """The code or comment span holding ``offset``, if any."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self.code[i][1]:
            return self.code[i]
        return None

    def line_of(self, offset: int) -> int:
        """The 1-based line of ``offset``."""
        return bisect.bisect_right(self._lines, offset)

    def headings(self) -> list[Heading]:
        """The ATX headings outside code, in order."""
        out = []
        for n, start in enumerate(self._lines, 1):
            if start < len(self.text) and self.text[start] in "# " and not self.in_code(start):
                end = self.text.find("\n", start)
                line = self.text[start : end if end >= 0 else len(self.text)]
                m = _HEADING.match(line)
                if m:
                    out.append(Heading(len(m.group(1)), (m.group(2) or "").strip(), start, n))
        return out

    def prose(self) -> Iterator[tuple[int, int]]:
        """The (start, end) spans between code and comments."""
        pos = 0
        for s, e in self.code:
            if s > pos:
                yield pos, s
            pos = max(pos, e)
        if pos < len(self.text):
            yield pos, len(self.text)

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """The matches of ``pattern`` that start outside code and comments."""
        for m in pattern.finditer(self.text):
            if not self.in_code(m.start()):
                yield m


def scan(text: str, *, quoted: bool = False) -> Prose:
    """The code and comment spans of a page's Markdown ``text``. ``quoted``: the text of a
    block quote, whose fences and block comments were found in the text around it."""
    if not any(s in text for s in ("`", "~~~", "<!--", "    ", "\t")):
        return Prose(text, ())
    lines = text.split("\n")
    starts = []
    pos = 0
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    fenced = [] if quoted else _fences(lines)
    found = [] if quoted else _block_comments(lines, _line_flags(len(lines), fenced))
    spans, reverted = _spans(text, lines, starts, fenced, found)
    if reverted:
        # superfences gives back, as text, the fences in a block that is indented code
        spans, _ = _spans(text, lines, starts, [f for f in fenced if f not in reverted], found)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s < merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return Prose(text, tuple(merged))


def _spans(
    text: str,
    lines: list[str],
    starts: list[int],
    fenced: list[tuple[int, int]],
    found: list[tuple[int, int, int, int]],
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The code and comment spans, given the fenced blocks and block comments; and the
    fenced blocks that an indented code block's block holds (superfences reverts them)."""
    spans = [(starts[a], _end(starts, lines, b)) for a, b in fenced]
    comments: list[tuple[int, int]] = []
    texty = _line_flags(len(lines), fenced)  # consumed lines that read as a line of text
    cols: dict[int, int] = {}  # a line whose text starts after a comment
    for a, b, k, c in found:
        spans.append((starts[a] + c, starts[b] + k))
        first = (
            a if _expand(lines[a][:c]) <= 3 and not lines[a][:c].strip() else a + 1
        )  # else: a comment in a tail
        last = b - 1 if lines[b][k:].strip() else b
        if last < b:
            texty[b] = False
            cols[b] = k
        if first <= last:
            comments.append((first, last))
    blocked = _line_flags(len(lines), fenced + comments)
    quotes = _quotes(lines, blocked, cols, texty)
    for a, b in quotes:
        spans.extend(_quoted_spans(lines, starts, a, b, texty))
    blocked = _line_flags(len(lines), quotes, blocked)
    quoted = _line_flags(len(lines), quotes)
    texty = [x and not q for x, q in zip(texty, quoted, strict=True)]  # a quote's are its own
    commented = _line_flags(len(lines), comments)
    indented, blocks, chunks = _indented_code(lines, blocked, texty, cols, commented)
    reverted = [f for f in fenced if any(a <= f[0] <= b for a, b in chunks)]
    spans += [(starts[a], _end(starts, lines, b)) for a, b in indented]
    taken = _line_flags(len(lines), indented, blocked)
    for i, flag in enumerate(texty):
        if flag and not any(a <= i <= b for a, b in indented):
            taken[i] = False  # a fenced block is a line of the paragraph around it
    opaque = [(starts[a], _end(starts, lines, b)) for a, b in fenced]
    for a, b, row in _units(lines, taken, cols, texty, blocks):
        s, e = starts[a] + cols.get(a, 0), _end(starts, lines, b) - 1
        for cs, ce in _cells(text, s, e) if row else [(s, e)]:
            spans.extend(_inline(text, cs, ce, opaque))
    return spans, reverted


def _end(starts: list[int], lines: list[str], last: int) -> int:
    """The offset after line ``last`` (its newline included)."""
    return starts[last] + len(lines[last]) + 1


def _line_flags(
    n: int, ranges: list[tuple[int, int]], base: list[bool] | None = None
) -> list[bool]:
    flags = list(base) if base is not None else [False] * n
    for a, b in ranges:
        for i in range(a, b + 1):
            flags[i] = True
    return flags


def _prefix(line: str) -> str:
    i = 0
    while i < len(line) and line[i] in _PREFIX:
        i += 1
    return line[:i]


def _fences(lines: list[str]) -> list[tuple[int, int]]:
    """Closed fenced blocks as (first line, last line), as superfences finds them."""
    out: list[tuple[int, int]] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        ws = _prefix(line)
        m = _FENCE.match(line, len(ws)) if "`" in line or "~" in line else None
        if m is None:
            i += 1
            continue
        fence, width, quotes = m.group(1), _expand(ws.replace(">", " ")), ws.count(">")
        end = None
        j = i + 1
        empty = False
        while j < n:
            cur = lines[j]
            ws2, content = _fence_line(cur, width)
            level = ws2.count(">")
            closes = content.startswith(fence) and not content[len(fence) :].strip(" \t")
            if quotes:  # a fence in a block quote (superfences' eval_quoted)
                if level > quotes:
                    break
                if not content:
                    empty = True
                elif len(ws2) < len(ws) or (empty and level < quotes):
                    break
                elif closes:
                    end = j
                    break
                else:
                    empty = False
            elif level:
                break  # a block quote line inside a fence that is not in one: abandoned
            elif not (ws2 + content).strip():
                pass
            elif _expand(ws2) != width and content:
                break  # indented less than the opening: abandoned
            elif closes and not content.startswith((" ", "\t")):
                end = j
                break
            j += 1
        if end is None:
            if j >= n:
                break  # open to the end: superfences looks for no other fence
            i = j + 1  # abandoned on line j, which is not looked at again
            continue
        out.append((i, end))
        i = end + 1
    return out


def _fence_line(line: str, width: int) -> tuple[str, str]:
    """Split a line inside a fence into the fence's indentation (at most ``width`` columns of
    spaces, tabs and ``>``) and its content, as superfences does."""
    col = 0
    k = 0
    while k < len(line) and col < width and line[k] in _PREFIX:
        col = col + 4 - col % 4 if line[k] == "\t" else col + 1
        k += 1
    return line[:k], line[k:]


def _block_comments(lines: list[str], in_fence: list[bool]) -> list[tuple[int, int, int, int]]:
    """HTML comments as Python-Markdown's HTML block stage sees them, as (first line, last
    line, offset in the last line after ``-->``), for those that are blocks of their own.

    That stage parses the whole text (fenced blocks already set aside) as HTML: each
    ``<!--`` runs to the next ``-->``, wherever it is; a comment that starts a line (after at
    most three spaces) is kept as a block, any other is text (and a later ``<!--`` inside it
    is not a comment). An unclosed ``<!--`` makes the rest of the text plain text."""
    out: list[tuple[int, int, int, int]] = []
    i, n = 0, len(lines)
    col = 0
    while i < n:
        if in_fence[i]:
            i, col = i + 1, 0
            continue
        line = lines[i]
        a = line.find("<!--", col)
        if a < 0:
            i, col = i + 1, 0
            continue
        j, k = i, line.find(_COMMENT_END, a + 4)
        while k < 0 and j + 1 < n:
            j += 1
            k = -1 if in_fence[j] else lines[j].find(_COMMENT_END)
        if k < 0:
            break  # unclosed: the rest is text
        # After a block comment, the rest of its line is still part of that raw block
        # (Python-Markdown's "tail"): a comment starting there is a block too.
        tail = bool(out) and out[-1][1] == i and out[-1][2] <= a
        if tail or (_expand(line[:a]) <= 3 and not line[:a].strip()):
            out.append((i, j, k + 3, a))
        i, col = j, k + 3
    return out


def _indented_code(
    lines: list[str],
    blocked: list[bool],
    fence_lines: list[bool],
    cols: dict[int, int],
    commented: list[bool],
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, int]]]:
    """Indented code blocks (first line, last line): blocks (runs of lines between blank
    lines) whose first line is indented four columns more than the container (list item,
    footnote, admonition) it belongs to. Only a block's first line can open a container; a
    list marker in the middle of a paragraph is text. Also returns the other blocks (first
    line, last line), whose text the inline patterns see, and the blocks (up to a blank
    line) that start with indented code."""
    out: list[tuple[int, int]] = []
    chunks: list[tuple[int, int]] = []
    prose_blocks: list[tuple[int, int]] = []
    depth = 0  # the indentation that belongs to the current container
    lazy = False
    i, n = 0, len(lines)

    def separates(k: int) -> bool:  # blank lines, comments and quotes end a block
        return not lines[k].strip() or (blocked[k] and not fence_lines[k])

    while i < n:
        if separates(i):
            if commented[i]:
                lazy = False  # a comment block is a block of its own (blank lines around)
            if lazy and lines[i].strip():
                pass  # right after code, without a blank line: in the same container
            elif lines[i].strip() and (
                i == 0
                or not blocked[i - 1]
                or fence_lines[i - 1]
                or commented[i] != commented[i - 1]
            ):
                # A comment or quote block, at its indentation, ends deeper containers.
                depth = min(depth, (_indent(lines[i]) // 4) * 4)
            if not lines[i].strip():
                lazy = False
            i += 1
            continue
        j = i  # the block: up to the next blank line (a fenced block is one line of it);
        # a heading or a rule ends it, and what follows is a block of its own
        first = lines[i]
        ind = _indent(first)
        boxed = bool(_ADMONITION.match(first))  # an admonition holds only
        # the lines indented under it; they (and headings, rules) start a block anywhere,
        # and so do footnotes, but in a table (which takes every line of its block)
        table = "|" in first and i + 1 < n and bool(_TABLE_RULE.match(lines[i + 1]))
        split = _ADMONITION if table else _MIDSPLIT
        while (
            j + 1 < n
            and not separates(j + 1)
            and not (_SPLITS.match(lines[j]) and not table)
            and not split.match(lines[j + 1])
            and not (boxed and _indent(lines[j + 1]) < (ind // 4) * 4 + 4)
        ):
            j += 1
        if (
            fence_lines[i] and ind < depth + 4
        ) or i in cols:  # a block that starts with a fence (or with the
            # text after a comment) is a paragraph
            depth = min(depth, (ind // 4) * 4)
            prose_blocks.append((i, j))
            i = j + 1
            continue
        if fence_lines[i]:  # an indented fence: superfences gives it back as code
            c = j
            while c + 1 < n and lines[c + 1].strip() and not commented[c + 1]:
                if _ADMONITION.match(lines[c + 1]):
                    break  # admonitions are split off before code blocks are looked at
                c += 1
            chunks.append((i, c))
            i = c + 1
            continue
        if ind >= depth + 4 and not _quoted(first):
            # Code runs on, over blank lines too, while the indentation lasts.
            k = i
            while (
                k + 1 < n
                and not blocked[k + 1]
                and (not lines[k + 1].strip() or _indent(lines[k + 1]) >= depth + 4)
            ):
                k += 1
            while k > i and not lines[k].strip():
                k -= 1
            out.append((i, k))
            c = k
            while c + 1 < n and lines[c + 1].strip() and not commented[c + 1]:
                if _ADMONITION.match(lines[c + 1]):
                    break  # admonitions are split off before code blocks are looked at
                c += 1
            chunks.append((i, c))
            i = k + 1
            # Lines that follow the code without a blank line stay in its container.
            lazy = i < n and bool(lines[i].strip())
            continue
        if _CONTAINER.match(first):
            outer = depth
            depth = (ind // 4) * 4 + 4
            for line in lines[i + 1 : j + 1] if _LIST_ITEM.match(first) else []:
                # items of the same list, and of lists nested in it
                if _LIST_ITEM.match(line.lstrip(" ")):
                    depth = (_indent(line) // 4) * 4 + 4
            if j > i and _SPLITS.match(lines[j]) and not _LIST_ITEM.match(first):
                depth = outer  # a rule or heading cuts the block: what follows is not in it
        elif not lazy:  # (lines after code, up to a blank line, stay in its container)
            depth = min(depth, (ind // 4) * 4)
        prose_blocks.append((i, j))
        i = j + 1
    return out, prose_blocks, chunks


def _quotes(
    lines: list[str], blocked: list[bool], cols: dict[int, int], texty: list[bool]
) -> list[tuple[int, int]]:
    """Block quotes (first line, last line): from a line starting with ``>`` (after at most
    three spaces; it ends the paragraph it is in) up to the next blank line, lazy
    continuation lines included."""
    out = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if (not blocked[i] or texty[i]) and i not in cols and _indent(line) < 4 and _quoted(line):
            j = i  # a heading or a rule ends the block before the quote takes it
            while (
                j + 1 < n
                and lines[j + 1].strip()
                and (not blocked[j + 1] or texty[j + 1])
                and j + 1 not in cols
                and not _SPLITS.match(lines[j + 1])
                and not _ADMONITION.match(lines[j + 1])
            ):
                j += 1
            out.append((i, j))
            i = j + 1
            continue
        i += 1
    return out


def _quoted_spans(
    lines: list[str], starts: list[int], a: int, b: int, texty: list[bool]
) -> list[tuple[int, int]]:
    """The code spans of a block quote: its text without one level of ``>`` (and the space
    after it) scanned as a page of its own, the spans mapped back."""
    cut = []
    inner = []
    for i in range(a, b + 1):
        line = lines[i]
        k = len(line) - len(line.lstrip(" "))
        if line[k : k + 1] == ">":
            k += 1
            if line[k : k + 1] == " ":
                k += 1
        else:
            k = 0  # a lazy continuation line
        cut.append(k)
        # a fenced block is a placeholder for Python-Markdown: no backtick in it counts
        inner.append("\x02" if texty[i] else line[k:])
    text = "\n".join(inner)
    sub = scan(text, quoted=True)
    if not sub.code:
        return []
    offsets = []  # inner line start -> outer line start and cut
    pos = 0
    for i, ln in enumerate(inner):
        offsets.append((pos, starts[a + i] + cut[i]))
        pos += len(ln) + 1
    keys = [o for o, _ in offsets]

    def outer(off: int) -> int:
        k = bisect.bisect_right(keys, off) - 1
        return offsets[k][1] + (off - offsets[k][0])

    return [(outer(s), outer(min(e, len(text)))) for s, e in sub.code]


def _quoted(line: str) -> bool:
    return line.lstrip(" ").startswith(">")


def _units(
    lines: list[str],
    taken: list[bool],
    cols: dict[int, int],
    texty: list[bool],
    blocks: list[tuple[int, int]],
) -> Iterator[tuple[int, int, bool]]:
    """Runs of lines whose text Python-Markdown's inline patterns see together: the lines
    of a block, split where a line starts a block of its own (a heading, a list item, a
    table row, a footnote...), and whether each is a table row (its cells are apart)."""
    for a, b in blocks:
        yield from _block_units(lines, taken=taken, cols=cols, texty=texty, first=a, last=b)


def _block_units(
    lines: list[str],
    *,
    taken: list[bool],
    cols: dict[int, int],
    texty: list[bool],
    first: int,
    last: int,
) -> Iterator[tuple[int, int, bool]]:
    start = None
    n = last + 1
    listy = bool(_LIST_ITEM.match(lines[first]))  # only a list splits at its items
    tabular = (  # and only a table at its rows: a header, then a line of dashes
        "|" in lines[first] and first + 1 <= last and bool(_TABLE_RULE.match(lines[first + 1]))
    )
    for i in range(first, n):
        line = lines[i]
        if taken[i] or not line.strip():
            if start is not None:
                yield start, i - 1, False
                start = None
            continue
        body = "" if texty[i] else line  # a fenced block is one placeholder line
        # in a list, a nested list's items start blocks of their own too
        m = _BLOCK_START.match(body.lstrip(" ") if listy else body)
        starts_block = (
            m is not None
            and (listy or not _LIST_ITEM.match(body))
            and (tabular or not body.lstrip(" ").startswith("|"))
        )
        if start is not None and (i in cols or starts_block):
            yield start, i - 1, False
            start = None
        if start is None:
            start = i
        if body.lstrip(" ").startswith("#") or tabular:  # every line of a table is a row
            yield start, i, tabular
            start = None
    if start is not None:
        yield start, n - 1, False


_CODE_PIPES = re.compile(r"(\\\\)|(\\`+)|(`+)|(\\\|)|(\|)")


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The cells of a table row, split at the pipes that are not in a code span, as the
    tables extension splits them (its own pairing of backtick runs)."""
    row = text[start:end]
    lead = len(row) - len(row.lstrip(" "))
    tics: list[int] = []
    points: list[tuple[int, int, int]] = []
    pipes: list[int] = []
    for m in _CODE_PIPES.finditer(row):
        if m.group(2):
            tics.append(len(m.group(2)) - 1)
            points.append((m.start(2), m.end(2) - 1, 1))
        elif m.group(3):
            tics.append(len(m.group(3)))
            points.append((m.start(3), m.end(3) - 1, 0))
        elif m.group(5):
            pipes.append(m.start(5))
    regions = []
    pos = 0
    while pos < len(tics):
        size = tics[pos] - points[pos][2]
        try:
            if size == 0:
                raise ValueError
            k = tics[pos + 1 :].index(size) + 1
            regions.append((points[pos][0], points[pos + k][1]))
            pos += k + 1
        except ValueError:
            pos += 1
    good = [p for p in pipes if not any(a <= p <= b for a, b in regions)]
    out: list[tuple[int, int]] = []
    prev = 0
    for p in good:
        if not (p == lead and not out and prev == 0):
            out.append((start + prev, start + p))
        prev = p + 1
    out.append((start + prev, end))
    return out


def _inline(
    text: str, start: int, end: int, opaque: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Code spans and inline comments between ``start`` and ``end`` (one block): code
    spans first, as Python-Markdown's backtick pattern comes before its HTML pattern; then
    comments among what is left (a ``<!--`` or ``-->`` inside a code span does not count).
    ``opaque`` spans (fenced blocks, a placeholder for Python-Markdown) hold neither."""
    hidden = [(s, e) for s, e in opaque if s < end and e > start]
    spans = _code_spans(text, start, end, hidden)
    if "<!--" not in text[start:end]:
        return spans
    blocked = sorted(spans + hidden)
    starts = [s for s, _ in blocked]
    reach: list[int] = []  # the furthest end of the spans starting at or before each one
    for _, e in blocked:
        reach.append(max(e, reach[-1]) if reach else e)

    def outside(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k < 0 or reach[k] <= pos

    out = list(spans)
    find = text.find
    i = start
    b = -1
    while True:
        a = find("<!--", i, end)
        while a >= 0 and not outside(a):
            a = find("<!--", a + 1, end)
        if a < 0:
            return sorted(out)
        # The first '-->' after an opener nested in the previous one is the previous
        # one's: found once, so that many openers before one '-->' stay linear.
        if b < a + 4:
            b = find(_COMMENT_END, a + 4, end)
            while b >= 0 and not outside(b):
                b = find(_COMMENT_END, b + 1, end)
        if b < 0:
            return sorted(out)  # no '-->' after this opener, so none after a later one
        nested = find("<!--", a + 4, b)
        while nested >= 0 and not outside(nested):
            nested = find("<!--", nested + 1, b)
        if b >= 0 and nested < 0:
            out.append((a, b + 3))
            i = b + 3
        else:
            i = a + 4


def _code_spans(
    text: str, start: int, end: int, hidden: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The code spans between ``start`` and ``end``, as Python-Markdown finds them."""
    if hidden:  # backticks inside a hidden span are not there for Python-Markdown
        chars = list(text[start:end])
        for s, e in hidden:
            for k in range(max(s, start), min(e, end)):
                chars[k - start] = " "
        masked = text[:start] + "".join(chars) + text[end:]
        return _code_spans(masked, start, end, [])
    out: list[tuple[int, int]] = []
    find = text.find
    i = start
    while True:
        tick = find("`", i, end)
        if tick < 0:
            return out
        # Backslashes right before the run: an odd number escapes its first backtick.
        b = tick
        while b > start and text[b - 1] == "\\":
            b -= 1
        if (tick - b) % 2 == 1:
            i = tick + 1
            continue
        span = _code_span(text, tick, end)
        if span is None:
            j = tick
            while j < end and text[j] == "`":
                j += 1
            # Python-Markdown resumes as many characters again after the run as the run
            # has backticks (find_code_spans returns ``start + max_ticks``): so do we.
            i = j + (j - tick)
            continue
        out.append(span)
        i = span[1]


def _code_span(text: str, begin: int, last: int) -> tuple[int, int] | None:
    """The code span opened by the backticks at ``begin``, as Python-Markdown's
    ``BacktickInlineProcessor.find_code_spans`` finds it: (start of the opening run, end of
    the closing run), or ``None``."""
    start = begin
    while start < last and text[start] == "`":
        start += 1
    ticks = start - begin
    longest, longest_end = 0, 0
    i = start
    while i < last:
        j = text.find("`", i, last)
        if j < 0:
            break
        k = j
        while k < last and text[k] == "`":
            k += 1
        run = k - j
        if run == ticks:
            return begin, k
        if run > longest:
            longest, longest_end = run, k
        i = k
    if 0 < longest < ticks:
        return begin, longest_end  # the extra opening backticks are part of the code
    return None
