"""A content-addressed store of typeset segments, their batch PDFs, stamp fonts and
composed PDFs, in the user's cache folder (never in the project).

Everything is keyed by content (see :func:`handbook.pdf.build.config_digest` for what goes
into a key), so an entry can never be stale; and everything read back is verified: a JSON
record carries the digest of its payload, a file is named by the digest of its bytes. A
missing, unreadable or corrupt entry is typeset again, never trusted. Records are JSON and
PDFs are only parsed by pypdf: nothing read from the cache can run code.

``HANDBOOK_NO_CACHE=1`` turns it off (a temporary folder is used for the one run).
``XDG_CACHE_HOME`` moves it, as for the engine's other caches.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

#: Bumped when the layout of the records changes.
FORMAT = 1
#: Entries not used for this long are removed at the end of a run.
MAX_AGE_DAYS = 21


def default_root() -> Path | None:
    """The store's folder in the user's cache folder; None when caching is turned off."""
    if os.environ.get("HANDBOOK_NO_CACHE"):
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "handbook" / f"pdf-{FORMAT}"


def digest(data: bytes) -> str:
    """sha256 of data, in hex."""
    return hashlib.sha256(data).hexdigest()


def _canonical(payload: Any) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


class Store:
    """The store; ``Store(None)`` keeps everything in a temporary folder for one run."""

    def __init__(self, root: Path | None) -> None:
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        if root is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="handbook-pdf-")
            root = Path(self._tmp.name)
        self.root = Path(root)
        self.used: set[Path] = set()
        self.hits = 0
        self.misses = 0

    @property
    def persistent(self) -> bool:
        """Whether entries outlive the run."""
        return self._tmp is None

    def close(self) -> None:
        """Remove the temporary folder, if any."""
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def _path(self, kind: str, name: str) -> Path:
        if not name or any(c not in "0123456789abcdef" for c in name.split(".", 1)[0]):
            raise ValueError(f"not a digest: {name!r}")
        return self.root / kind / name[:2] / name

    # ---- JSON records

    def get(self, kind: str, key: str) -> Any | None:
        """The payload stored under key, or None (missing, unreadable, or corrupt)."""
        path = self._path(kind, key + ".json")
        try:
            record = json.loads(path.read_bytes())
        except (OSError, ValueError):
            self.misses += 1
            return None
        if (
            not isinstance(record, dict)
            or record.get("format") != FORMAT
            or "payload" not in record
            or record.get("digest") != digest(_canonical(record["payload"]))
        ):
            self.misses += 1
            return None
        self.hits += 1
        self.used.add(path)
        return record["payload"]

    def put(self, kind: str, key: str, payload: Any) -> None:
        """Store payload (JSON-ready) under key."""
        record = {"format": FORMAT, "digest": digest(_canonical(payload)), "payload": payload}
        self._write(self._path(kind, key + ".json"), _canonical(record))

    # ---- files named by their digest

    def read(self, kind: str, name: str) -> bytes | None:
        """The bytes of a stored file if they still have the digest in its name."""
        path = self._path(kind, name)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if digest(data) != name.split(".", 1)[0]:
            return None
        self.used.add(path)
        return data

    def write(self, kind: str, data: bytes, suffix: str) -> str:
        """Store data; returns its name (digest + suffix)."""
        name = digest(data) + suffix
        path = self._path(kind, name)
        if not (path.is_file() and path.stat().st_size == len(data)):
            self._write(path, data)
        self.used.add(path)
        return name

    def _write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        self.used.add(path)

    # ---- housekeeping

    def finish(self) -> None:
        """Mark what this run used as fresh; remove what no run used for MAX_AGE_DAYS."""
        if not self.persistent:
            self.close()
            return
        now = time.time()
        for path in self.used:
            with contextlib.suppress(OSError):
                os.utime(path, (now, now))
        limit = now - MAX_AGE_DAYS * 86400
        for kind in ("seg", "batch", "font", "out", "outpdf", "stampfont"):
            folder = self.root / kind
            if not folder.is_dir():
                continue
            for path in [*folder.glob("*/*"), *folder.glob("*.*")]:
                with contextlib.suppress(OSError):
                    if path.stat().st_mtime < limit:
                        path.unlink()

    def clear(self) -> None:
        """Remove every entry (for tests and ``--no-cache``-like resets)."""
        shutil.rmtree(self.root, ignore_errors=True)
