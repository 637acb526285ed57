"""Pages as read and scanned, kept between runs of ``handbook check`` (and builds).

Reading a page (decoding, splitting and YAML-parsing its front matter) and finding its macro
calls is most of the work of a check that does not depend on the other pages. The results
are kept in the user's cache folder (never in the project), keyed by each file's path and
the SHA-256 of its bytes, so a check after editing one page parses only that page, and an
edit that keeps a file's time and size is still seen. Every page is still checked against
the whole handbook (ids, symbols, locators, sections).

The cache is JSON (never ``pickle``: a file planted in the cache folder must not be able to
run code), is only a shortcut (a missing, stale, foreign or unreadable file is ignored and
written again), and is stamped with the code that produced it, so a new version of the
engine never reuses an old one. A reading whose front matter would not come back from JSON
exactly as YAML gave it (dates, keys that are not text) is simply not kept.
``HANDBOOK_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from handbook.core import frontmatter, macroparse, nesting, prose
from handbook.core.caches import Caches

_FORMAT = 2
#: The most a cache file is read (a bigger one is ignored, not parsed).
MAX_CACHE_BYTES = 256 * 1024 * 1024


def user_cache_file(root: Path, name: str, suffix: str) -> Path | None:
    """A cache file of the project at ``root`` in the user's cache folder (never inside the
    project, which checks and builds must not change); ``None`` when ``HANDBOOK_NO_CACHE``
    is set. Shared with the decoded bibliography."""
    if os.environ.get("HANDBOOK_NO_CACHE"):
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    tag = hashlib.sha256(str(root.resolve()).encode("utf-8")).hexdigest()[:16]
    return base / "handbook" / f"{name}-{tag}{suffix}"


def path_for(root: Path) -> Path | None:
    """The page cache of the project at ``root`` (``None`` when caching is turned off)."""
    return user_cache_file(root, "pages", ".json")


def _stamp(names: frozenset[str]) -> str:
    """Changes with the code that reads and scans pages, the Python version and the macros."""
    h = hashlib.sha256(f"{_FORMAT}|{sys.version}|{sorted(names)}".encode())
    for mod in (frontmatter, macroparse, nesting, prose, sys.modules[__name__]):
        h.update(Path(str(mod.__file__)).read_bytes())
    return h.hexdigest()


# ---------------------------------------------------------------- JSON of readings


def _encode(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, _dt.date):
        return {"$date": value.isoformat()}
    raise TypeError(type(value).__name__)


def _decode(obj: dict[str, Any]) -> Any:
    if len(obj) == 1:
        if "$date" in obj:
            return _dt.date.fromisoformat(obj["$date"])
        if "$datetime" in obj:
            return _dt.datetime.fromisoformat(obj["$datetime"])
    return obj


def _item(item: macroparse.Call | macroparse.Problem) -> list[Any]:
    if isinstance(item, macroparse.Call):
        return ["c", item.name, list(item.args), [list(kv) for kv in item.kwargs], *item[3:]]
    return ["p", *item]


def _unitem(data: list[Any]) -> macroparse.Call | macroparse.Problem:
    if data[0] == "c":
        name, args, kwargs, *rest = data[1:]
        return macroparse.Call(str(name), tuple(args), tuple((str(k), v) for k, v in kwargs), *rest)
    return macroparse.Problem(*data[1:])


def load(path: Path, caches: Caches, names: frozenset[str]) -> None:
    """Add the readings an earlier run saved in ``path`` to ``caches.saved``."""
    try:
        if path.stat().st_size > MAX_CACHE_BYTES:
            return
        data = json.loads(path.read_text(encoding="utf-8"), object_hook=_decode)
        if not isinstance(data, dict) or data.get("stamp") != _stamp(names):
            return
        for file, require, digest, fields, scan in data["pages"]:
            items = tuple(_unitem(x) for x in scan) if scan is not None else None
            caches.saved[(str(file), bool(require))] = (str(digest), (fields, items))
    except (OSError, ValueError, TypeError, KeyError, IndexError, RecursionError):
        caches.saved.clear()  # a foreign or broken file: not used at all


def save(path: Path, caches: Caches, names: frozenset[str]) -> None:
    """Write the pages the last load used, with their macro scans (atomically; a write
    that fails is ignored)."""
    rows = []
    for key in caches.used:
        hit = caches.pages.get(key)
        if hit is None:
            continue
        digest, src = hit
        fields = frontmatter.saved(src)
        if fields is None or not _roundtrips(fields):
            continue
        scan = None
        if "{{" in src.body:
            scan = [_item(x) for x in macroparse.scan(src.body, names, caches.scans)]
        rows.append([key[0], key[1], digest, fields, scan])
    data = {"stamp": _stamp(names), "pages": rows}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, default=_encode, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except (OSError, TypeError, ValueError):
        return


def _roundtrips(fields: dict[str, Any]) -> bool:
    """Whether ``fields`` come back from JSON exactly as they are (types included)."""
    try:
        back = json.loads(json.dumps(fields, default=_encode), object_hook=_decode)
    except (TypeError, ValueError):
        return False
    return _same(back, fields)


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)
