"""Find and parse ``{{ name(args) }}`` macro calls in Markdown, safely.

A call is parsed with Python's :mod:`ast`: only literal arguments (strings, numbers,
booleans, ``None`` and lists or tuples of these) are accepted, and nothing is evaluated.
Macros inside fenced code blocks, code spans and HTML comments stay literal.
Everything else that opens with ``{{`` must be a well-formed call, or it is reported.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

from handbook.core import prose

_HEADING_RE = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]|$)")  # used with match(): anchored
_TAG_OPEN = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*[\s/]")
_NAMES = {"true": True, "false": False, "True": True, "False": False, "None": None, "null": None}


class Call(NamedTuple):
    """A parsed macro call and where it is (a named tuple: tens of thousands are made for
    a large handbook, and a tuple is several times quicker to make than a dataclass)."""

    name: str
    args: tuple[object, ...]
    kwargs: tuple[tuple[str, object], ...]
    start: int  # offset of "{{" in the text
    end: int  # offset after "}}"
    line: int  # 1-based line in the text
    raw: str
    #: Whether the call stands alone on its line (a block macro may then emit a block).
    alone: bool = False
    in_heading: bool = False
    in_tag: bool = False  # inside a raw HTML tag, e.g. in an attribute's value


class Problem(NamedTuple):
    """Text that opens a macro but is not a valid call."""

    line: int
    start: int
    end: int
    raw: str
    message: str
    expected: str
    fix: str


_CALL_BODY = re.compile(r"""(?:[^"'{}\n]|"[^"\\\n]*"|'[^'\\\n]*'|\}(?!\})|\n(?!\n))*\}\}""")


def _scan_call_end(text: str, i: int) -> int | None:
    """Offset after the ``}}`` closing the call that starts at ``i`` (after ``{{``)."""
    m = _CALL_BODY.match(text, i)
    if m is not None:
        return m.end()
    return _scan_call_end_slow(text, i)


def _scan_call_end_slow(text: str, i: int) -> int | None:
    """Offset after the ``}}`` closing the call that starts at ``i`` (after ``{{``).

    Strings are skipped, so a ``}}`` inside quotes does not close the call. A blank line
    (the end of the paragraph) or the end of the text means the call is not closed.
    """
    quote: str | None = None
    n = len(text)
    while i < n:
        c = text[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = None
            elif c == "\n":
                return None
        elif c in "\"'":
            quote = c
        elif c == "}" and text.startswith("}}", i):
            return i + 2
        elif c == "{" and text.startswith("{{", i):
            return None  # a second opening before the first closed: nested or unclosed
        elif c == "\n" and text.startswith("\n", i + 1):
            return None
        i += 1
    return None


def _literal(node: ast.expr, names: frozenset[str] | None = None) -> object:
    if isinstance(node, ast.Name) and node.id in _NAMES:
        return _NAMES[node.id]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_literal(e, names) for e in node.elts]
    if (
        isinstance(node, ast.UnaryOp)
        and isinstance(node.op, ast.USub)
        and isinstance(node.operand, ast.Constant)
        and isinstance(node.operand.value, (int, float))
    ):
        return -node.operand.value
    if (isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float, bool))) or (
        isinstance(node, ast.Constant) and node.value is None
    ):
        return node.value
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and (names is None or node.func.id in names)
    ):
        raise ValueError("a macro call cannot be an argument of another macro (nested macro)")
    raise ValueError(
        f"argument `{_shorten(node)}` is not a literal (string, number, true/false or list); "
        "nothing in a macro call is evaluated"
    )


def _shorten(node: ast.expr) -> str:
    try:
        text = ast.unparse(node)
    except (RecursionError, ValueError):
        return "..."
    return text if len(text) <= 60 else text[:57] + "..."


_SIMPLE_CALL = re.compile(r"\s*([A-Za-z_]\w*)\s*\((.*)\)\s*", re.S)
_SIMPLE_ARG = re.compile(
    r"""\s*(?:([A-Za-z_]\w*)\s*=\s*)?(?:"([^"\\\n]*)"|'([^'\\\n]*)'|(-?\d{1,9})(?![\w.])|"""
    r"""(true|false|True|False|None|null)(?!\w))\s*(,|$)"""
)
_WORDS: dict[str, object] = {
    "true": True,
    "false": False,
    "True": True,
    "False": False,
    "None": None,
    "null": None,
}


def _simple(inner: str) -> tuple[str, tuple[object, ...], tuple[tuple[str, object], ...]] | None:
    """The common calls (plain strings, whole numbers, booleans, keywords) without ``ast``;
    ``None`` when the call needs the full parser."""
    m = _SIMPLE_CALL.fullmatch(inner)
    if m is None:
        return None
    name, body = m.group(1), m.group(2)
    args: list[object] = []
    kwargs: list[tuple[str, object]] = []
    pos = 0
    if not body.strip():
        return name, (), ()
    while pos < len(body):
        a = _SIMPLE_ARG.match(body, pos)
        if a is None or a.end() == pos:
            return None
        kw, dq, sq, num, word, sep = a.groups()
        value: object = (
            dq
            if dq is not None
            else sq
            if sq is not None
            else int(num)
            if num is not None
            else _WORDS[word]
        )
        if kw is not None:
            if any(k == kw for k, _ in kwargs):
                return None  # a repeated keyword: let ast report it
            kwargs.append((kw, value))
        elif kwargs:
            return None  # a positional argument after a keyword: let ast report it
        else:
            args.append(value)
        pos = a.end()
        if sep == "" and pos < len(body):
            return None
    return name, tuple(args), tuple(kwargs)


@lru_cache(maxsize=65536)
def parse_call(
    inner: str, names: frozenset[str] | None = None
) -> tuple[str, tuple[object, ...], tuple[tuple[str, object], ...]]:
    """Parse the text between ``{{`` and ``}}``; raise ``ValueError`` with a reason.

    ``names`` are the macros' names, to tell a nested macro from other code in an argument.
    """
    fast = _simple(inner) if "\\" not in inner else None
    if fast is not None:
        return fast
    try:
        return _parse_call(inner, names)
    except (RecursionError, MemoryError):
        raise ValueError("the expression is too deeply nested to be a macro call") from None


def _parse_call(
    inner: str, names: frozenset[str] | None
) -> tuple[str, tuple[object, ...], tuple[tuple[str, object], ...]]:
    src = inner.strip()
    if not src:
        raise ValueError("the braces are empty")
    if len(src) > 10_000:
        raise ValueError("the call is too long")
    try:
        tree = ast.parse(src.replace("\n", " "), mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"it is not a call with literal arguments ({exc.msg})") from None
    node = tree.body
    if isinstance(node, ast.Name):
        return node.id, (), ()
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
        raise ValueError("it is not a call of the form name(arguments)")
    args: list[object] = []
    for a in node.args:
        if isinstance(a, ast.Starred):
            raise ValueError("*arguments are not allowed")
        args.append(_literal(a, names))
    kwargs: list[tuple[str, object]] = []
    for k in node.keywords:
        if k.arg is None:
            raise ValueError("**arguments are not allowed")
        kwargs.append((k.arg, _literal(k.value, names)))
    return node.func.id, tuple(args), tuple(kwargs)


#: Scans by text: the check pass and the render pass of a build, and the rebuilds of
#: ``make serve``, scan each unchanged page once (owned by :class:`handbook.core.caches.Caches`).
ScanCache = dict[str, tuple["Call | Problem", ...]]


def scan(
    text: str, names: frozenset[str] | None = None, cache: ScanCache | None = None
) -> Iterator[Call | Problem]:
    """Every macro call (or malformed one) in ``text``, outside code, in order.

    ``names`` are the macros' names (to word the diagnostic for a nested call); ``cache``
    keeps the scans by text, so a text is scanned once however often it is asked for."""
    if cache is None:
        return _scan(text, names)
    hit = cache.get(text)
    if hit is None:
        hit = cache[text] = tuple(_scan(text, names))
    return iter(hit)


def _scan(text: str, names: frozenset[str] | None = None) -> Iterator[Call | Problem]:
    """Every macro call (or malformed one) in ``text``, outside code, in order."""
    if "{{" not in text:
        return
    code = prose.scan(text).code
    ci = 0
    i = 0
    line, counted = 1, 0
    bol = 0  # the start of the line of ``i``
    last_end = -1  # the end of the previous call
    tag_open = False  # whether the previous call was inside a raw HTML tag
    while True:
        i = text.find("{{", i)
        if i < 0:
            return
        while ci < len(code) and code[ci][1] <= i:
            ci += 1
        if ci < len(code) and code[ci][0] <= i < code[ci][1]:
            i = code[ci][1]
            continue
        newlines = text.count("\n", counted, i)
        if newlines:
            line += newlines
            bol = text.rfind("\n", counted, i) + 1
        counted = i
        end = _scan_call_end(text, i + 2)
        if end is None:
            eol = text.find("\n", i)
            eol = len(text) if eol < 0 else eol
            yield Problem(
                line,
                i,
                eol,
                text[i:eol],
                "'{{' is not closed by '}}' in the same "
                "paragraph (or a macro is nested in another)",
                "{{ name(arguments) }} on one line",
                "close the call with '}}', or put literal braces in a code span (`{{`)",
            )
            i = eol
            continue
        raw = text[i:end]
        # Alone on its line: looked at once per line at most (the first call of a line, with
        # nothing before it), so that many calls on one long line stay linear.
        alone = False
        if last_end <= bol and (i == bol or text[bol:i].isspace()):
            eol = text.find("\n", end)
            eol = len(text) if eol < 0 else eol
            alone = end == eol or text[end:eol].isspace()
        # Inside a raw HTML tag opened on this line: looked for only since the previous
        # call (a tag still open at that call was seen then), so scans stay linear.
        since = max(bol, last_end)
        lt = text.rfind("<", since, i)
        if lt >= 0 and _TAG_OPEN.match(text, lt) and text.find(">", lt, i) < 0:
            tag_open = True
        elif text.find(">", since, i) >= 0 or since == bol:
            tag_open = False
        last_end = end
        heading = text[bol] in "# \t" and bool(_HEADING_RE.match(text, bol, i + 2))
        try:
            name, args, kwargs = parse_call(raw[2:-2], names)
        except ValueError as exc:
            yield Problem(
                line,
                i,
                end,
                raw,
                f"malformed macro call {raw}: {exc}",
                'a call with literal arguments, e.g. {{ agency("unhcr") }}',
                "write the arguments as quoted strings, numbers, true/false or lists",
            )
        else:
            yield Call(name, args, kwargs, i, end, line, raw, alone, heading, tag_open)
        i = end
