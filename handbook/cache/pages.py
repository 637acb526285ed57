"""Pages as read and scanned, kept between runs of ``handbook check``.

Reading a page (decoding, splitting and YAML-parsing its front matter) and finding its macro
calls is most of the work of a check that does not depend on the other pages. The results
are kept in the user's cache folder (never in the project), by file path, modification
time and size, so a check after editing one page reads and scans only that page; every
page is still checked against the whole handbook (ids, symbols, locators, sections).

The cache is only a shortcut: a missing, stale or unreadable file is ignored, and it is
written again from what this run used. It is stamped with the code that produced it, so a
new version of the engine never reuses an old one. ``HANDBOOK_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from handbook.core import frontmatter, macroparse

_FORMAT = 1


def user_cache_file(root: Path, name: str, suffix: str) -> Path | None:
    """A cache file of the project at ``root`` in the user's cache folder (never inside the
    project, which checks and builds must not change); ``None`` when ``HANDBOOK_NO_CACHE``
    is set. Shared with the decoded bibliography (:mod:`handbook.citations`)."""
    if os.environ.get("HANDBOOK_NO_CACHE"):
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    tag = hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:16]
    return base / "handbook" / f"{name}-{tag}{suffix}"


def path_for(root: Path) -> Path | None:
    """The page cache of the project at ``root`` (``None`` when caching is turned off)."""
    return user_cache_file(root, "pages", ".pickle")


def _stamp(names: frozenset[str]) -> str:
    """Changes with the code that reads and scans pages, the Python version and the macros."""
    h = hashlib.sha256(f"{_FORMAT}|{sys.version}|{sorted(names)}".encode())
    for mod in (frontmatter, macroparse, sys.modules[__name__]):
        h.update(Path(str(mod.__file__)).read_bytes())
    return h.hexdigest()


#: (mtime_ns, size, what reading the file found without its text, macro scan of the body).
#: The text is read from the file again; the body is kept as its offset in the text.
Saved = tuple[int, int, dict[str, Any], tuple[Any, ...] | None]


def _reading(src: frontmatter.Source) -> dict[str, Any] | None:
    if not src.text.endswith(src.body):
        return None
    fields = dict(src.__dict__)
    fields["text"] = ""
    fields["body"] = len(src.text) - len(src.body)
    return fields


def load(path: Path, names: frozenset[str]) -> dict[tuple[str, bool], Saved]:
    """The pages saved by an earlier run, by ``(file, require)`` (see :data:`Saved`)."""
    try:
        with path.open("rb") as f:
            data = pickle.load(f)
        if not isinstance(data, dict) or data.get("stamp") != _stamp(names):
            return {}
        pages: dict[tuple[str, bool], Saved] = {
            key: (mtime, size, src, data["scans"].get(key))
            for key, (mtime, size, src) in data["pages"].items()
        }
    except Exception:  # an unreadable or foreign cache file is simply not used
        return {}
    return pages


def complete(saved: Saved, path: Path, names: frozenset[str]) -> frontmatter.Source | None:
    """A saved reading with the file's text read again, its macro scan handed to
    :mod:`handbook.macroparse`; ``None`` if the file cannot be decoded now."""
    _m, _s, fields, scan = saved
    text, err = frontmatter.decode(fields["path"], path.read_bytes())
    if err is not None or text is None:
        return None
    src = frontmatter.Source(**{**fields, "text": text, "body": text[fields["body"] :]})
    if scan is not None:
        macroparse.prescanned({src.body: scan}, names)
    return src


def save(
    path: Path,
    pages: dict[tuple[str, bool], tuple[int, int, frontmatter.Source]],
    names: frozenset[str],
) -> None:
    """Write the pages this run used, with their macro scans (atomically; errors ignored)."""
    readings = {}
    scans = {}
    for key, (mtime, size, src) in pages.items():
        fields = _reading(src)
        if fields is None:
            continue
        readings[key] = (mtime, size, fields)
        if "{{" in src.body:
            scans[key] = tuple(macroparse.scan(src.body, names))
    data = {"stamp": _stamp(names), "pages": readings, "scans": scans}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as f:
            pickle.dump(data, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        return
