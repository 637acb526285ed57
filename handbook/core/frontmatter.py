"""Read a page: decode it, split the YAML front matter, and keep real line numbers.

MkDocs silently swallows broken front matter and hands plugins the Markdown with the
front matter stripped, so its line numbers are off by the front matter's length. This
module reads the file itself, so every diagnostic can name the line in the file on disk.
What editors' tools commonly produce is accepted as it is: a UTF-8 byte-order mark, CRLF
line endings, trailing spaces, no final newline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from handbook.core import nesting
from handbook.core.diagnostics import (
    EMPTY_FILE,
    FILE_TOO_LARGE,
    FRONT_MATTER_MISSING,
    FRONT_MATTER_YAML,
    LIMIT_EXCEEDED,
    NOT_UTF8,
    Diagnostic,
)

try:  # the C loader is several times faster; fall back where libyaml is missing
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_BYTES = 2 * 1024 * 1024
#: Deepest nesting of lists and mappings in front matter (no field needs more than 3; the
#: YAML parser stops at 1,000, deep enough to exhaust Python's stack in later passes).
MAX_DEPTH = 20
_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:")


@dataclass
class Source:
    """A page as read from disk."""

    path: str
    text: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    meta_ok: bool = True
    #: 1-based line of each top-level front-matter key.
    key_lines: dict[str, int] = field(default_factory=dict)
    #: The Markdown after the front matter, as MkDocs hands it to plugins.
    body: str = ""
    #: The file line on which ``body`` starts (1-based).
    body_line: int = 1
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def line_of(self, key: str) -> int:
        """The line of a front-matter key, or of the front matter's start."""
        return self.key_lines.get(key, 1)


def decode(path: str, data: bytes) -> tuple[str | None, Diagnostic | None]:
    """Decode bytes as UTF-8 (a byte-order mark is allowed) with normalised newlines."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, Diagnostic.make(
            path,
            line,
            NOT_UTF8,
            f"file is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            expected="UTF-8 text",
            fix="re-save the file with UTF-8 encoding in your editor",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _alias_line(block: str) -> int | None:
    """The 1-based line (in the block) of the first YAML alias, if any. Aliases let a few
    hundred bytes stand for gigabytes of values (the "billion laughs"), which every later
    step (validation, messages, the page cache) would write out in full."""
    try:
        for event in yaml.parse(block, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line + 1 if event.start_mark is not None else 1
    except yaml.YAMLError:
        return None  # the load below reports it
    return None


def too_large(path: str, size: int) -> Source:
    """The reading of a file over the size limit: nothing but its diagnostic."""
    src = Source(path, meta_ok=False)
    src.diagnostics.append(
        Diagnostic.make(
            path,
            1,
            FILE_TOO_LARGE,
            f"file is {size:,} bytes, over the limit of {MAX_BYTES:,}",
            expected=f"at most {MAX_BYTES:,} bytes",
            fix="split the page into several pages",
        )
    )
    return src


def saved(src: Source) -> dict[str, Any] | None:
    """What reading found, without the text (the body is kept as its offset in the text),
    for the page cache; ``None`` if the body is not the end of the text."""
    if not src.text.endswith(src.body):
        return None
    return {
        "path": src.path,
        "meta": src.meta,
        "meta_ok": src.meta_ok,
        "key_lines": src.key_lines,
        "body": len(src.text) - len(src.body),
        "body_line": src.body_line,
        "diagnostics": [d.as_json() for d in src.diagnostics],
    }


def from_saved(fields: dict[str, Any], data: bytes) -> Source | None:
    """A page from a saved reading and the file's bytes (``None`` if they do not fit)."""
    text, err = decode(str(fields.get("path", "")), data)
    if err is not None or text is None:
        return None
    try:
        return Source(
            str(fields["path"]),
            text,
            dict(fields["meta"]),
            bool(fields["meta_ok"]),
            {str(k): int(v) for k, v in fields["key_lines"].items()},
            text[int(fields["body"]) :],
            int(fields["body_line"]),
            [Diagnostic.from_json(d) for d in fields["diagnostics"]],
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


#: The start of the HB007 message of a page that Python-Markdown could not convert.
TOO_DEEP = "the page nests too deeply for Markdown"


def too_deep(src: Source) -> list[Diagnostic]:
    """The diagnostics that say ``src`` nests beyond the limits (as :func:`read` found)."""
    return [
        d
        for d in src.diagnostics
        if d.code == LIMIT_EXCEEDED.code and d.message.startswith(TOO_DEEP)
    ]


def read(path: str, data: bytes, *, require: bool = True) -> Source:
    """Read a page's bytes into a :class:`Source`, recording problems as diagnostics."""
    src = _read(path, data, require=require)
    if src.body:
        found = nesting.problem(src.body)
        if found is not None:
            src.diagnostics.append(
                Diagnostic.make(
                    path,
                    src.body_line + found.line - 1,
                    LIMIT_EXCEEDED,
                    f"{TOO_DEEP}: {found.found}",
                    expected=found.expected,
                    fix="flatten the lists, quotes or markup; the page is not converted until then",
                )
            )
    return src


def _read(path: str, data: bytes, *, require: bool) -> Source:
    if len(data) > MAX_BYTES:
        return too_large(path, len(data))
    src = Source(path)
    text, err = decode(path, data)
    if err or text is None:
        src.meta_ok = False
        if err:
            src.diagnostics.append(err)
        return src
    src.text = text
    if not text.strip():
        src.meta_ok = False
        if require:
            src.diagnostics.append(
                Diagnostic.make(
                    path,
                    1,
                    EMPTY_FILE,
                    "the file is empty",
                    expected="front matter and content",
                    fix="add the front matter (see `handbook new`) or delete the file",
                )
            )
        return src
    lines = text.split("\n")
    if not _FENCE.match(lines[0]):
        src.body = text
        src.meta_ok = not require
        if require:
            src.diagnostics.append(
                Diagnostic.make(
                    path,
                    1,
                    FRONT_MATTER_MISSING,
                    "the page has no front matter",
                    expected="a first line '---', then 'field: value' lines, then '---'",
                    fix="add front matter; `handbook new KIND ID` writes a template",
                )
            )
        return src
    close = next((i for i in range(1, len(lines)) if _CLOSE.match(lines[i])), None)
    if close is None:
        src.meta_ok = False
        src.body = text
        src.diagnostics.append(
            Diagnostic.make(
                path,
                1,
                FRONT_MATTER_YAML,
                "the front matter opened on line 1 is never closed",
                expected="a line '---' after the front-matter fields",
                fix="add a line containing only '---' after the last field",
            )
        )
        return src
    block = "\n".join(lines[1:close])
    for i, ln in enumerate(lines[1:close], start=2):
        km = _KEY.match(ln)
        if km and km.group(1) not in src.key_lines:
            src.key_lines[km.group(1)] = i
    # MkDocs strips the blank lines that follow the front matter.
    body_start = close + 1
    while body_start < len(lines) and not lines[body_start].strip():
        body_start += 1
    src.body_line = body_start + 1
    src.body = "\n".join(lines[body_start:])
    alias = _alias_line(block) if "*" in block else None
    if alias is not None:
        src.meta_ok = False
        src.diagnostics.append(
            Diagnostic.make(
                path,
                alias + 1,
                FRONT_MATTER_YAML,
                "front matter uses a YAML alias (*name): aliases are not allowed",
                expected="each value written out where it is used",
                fix="write the value itself instead of the alias",
            )
        )
        return src
    try:
        meta = yaml.load(block, Loader=_Loader) if block.strip() else {}
    except yaml.YAMLError as exc:
        src.meta_ok = False
        mark = getattr(exc, "problem_mark", None)
        context = getattr(exc, "context_mark", None)
        line = (mark.line + 2) if mark is not None else 2
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        # An unclosed bracket or quote is noticed where the block ends: name the line
        # where the broken construct starts.
        if context is not None and context.line + 2 < line:
            problem += f" (noticed on line {line})"
            line = context.line + 2
        hint = (
            "indent with spaces, never tabs"
            if "\t" in block
            else ("quote values that contain ': ' or start with a special character")
        )
        src.diagnostics.append(
            Diagnostic.make(
                path,
                line,
                FRONT_MATTER_YAML,
                f"front matter is not valid YAML: {problem}",
                expected="'field: value' lines in YAML",
                fix=hint,
            )
        )
        return src
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        src.meta_ok = False
        src.diagnostics.append(
            Diagnostic.make(
                path,
                2,
                FRONT_MATTER_MISSING,
                f"front matter is a {type(meta).__name__}, not a mapping",
                expected="'field: value' lines",
                fix="write each field as 'name: value'",
            )
        )
        return src
    for key, value in meta.items():
        if _depth(value) > MAX_DEPTH:
            src.meta_ok = False
            src.diagnostics.append(
                Diagnostic.make(
                    path,
                    src.line_of(str(key)),
                    LIMIT_EXCEEDED,
                    f"front-matter field '{key}' nests lists or mappings more than "
                    f"{MAX_DEPTH} levels deep",
                    expected=f"at most {MAX_DEPTH} levels of nesting",
                    fix="write the value flat (a text or a list of texts)",
                )
            )
            return src
    src.meta = {str(k): v for k, v in meta.items()}
    return src


def _depth(value: Any) -> int:
    """How deep lists and mappings nest in ``value`` (0 for a scalar), without recursion
    and stopping once past :data:`MAX_DEPTH`."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict):
            items: Any = v.values()
        elif isinstance(v, list):
            items = v
        else:
            continue
        deepest = max(deepest, d + 1)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((x, d + 1) for x in items)
    return deepest
