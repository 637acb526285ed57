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

from handbook.core.diagnostics import Diagnostic

try:  # the C loader is several times faster; fall back where libyaml is missing
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_BYTES = 2 * 1024 * 1024
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
            "HB003",
            f"file is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            expected="UTF-8 text",
            fix="re-save the file with UTF-8 encoding in your editor",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def read(path: str, data: bytes, *, require: bool = True) -> Source:
    """Read a page's bytes into a :class:`Source`, recording problems as diagnostics."""
    src = Source(path)
    if len(data) > MAX_BYTES:
        src.meta_ok = False
        src.diagnostics.append(
            Diagnostic.make(
                path,
                1,
                "HB005",
                f"file is {len(data):,} bytes, over the limit of {MAX_BYTES:,}",
                expected=f"at most {MAX_BYTES:,} bytes",
                fix="split the page into several pages",
            )
        )
        return src
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
                    "HB004",
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
                    "HB002",
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
                "HB001",
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
                "HB001",
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
                "HB002",
                f"front matter is a {type(meta).__name__}, not a mapping",
                expected="'field: value' lines",
                fix="write each field as 'name: value'",
            )
        )
        return src
    src.meta = {str(k): v for k, v in meta.items()}
    return src
