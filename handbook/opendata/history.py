"""When each file was last changed, from the repository's history: one ``git log`` for all
files, not one per page."""

from __future__ import annotations

import subprocess
from pathlib import Path

#: The longest the history is read for (a huge repository must not stall the build).
TIMEOUT = 20.0


def last_changed(root: Path, under: str = "docs") -> dict[str, str]:
    """``under``-relative POSIX path -> date (YYYY-MM-DD) of the last commit that changed
    it, for every file of ``root/under`` in the history; empty when ``root`` is not in a
    repository, git is missing or the history cannot be read. A file that was never
    committed is absent (the caller labels its fallback)."""
    try:
        res = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", "--format=>%cs", "--name-only",
             "--no-renames", "--relative", "--", under],
            cwd=root, capture_output=True, text=True, timeout=TIMEOUT, check=False,
            encoding="utf-8", errors="replace",
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return {}
    if res.returncode != 0:
        return {}
    out: dict[str, str] = {}
    date = ""
    prefix = under.rstrip("/") + "/"
    for line in res.stdout.splitlines():
        if line.startswith(">"):
            date = line[1:].strip()
        elif line and date and line.startswith(prefix):
            out.setdefault(line[len(prefix) :], date)
    return out
