"""The real handbook, built once per test run and shared by every test that reads it.

Building the handbook is the costliest step of the tests; the link check, the page tests,
the PDF tests, the host comparison and the browser tests all read the same build. With
``pytest -n`` (pytest-xdist) the workers share it too: the first one to ask builds it under
a file lock in the run's common temporary folder, the others wait and read it. The build is
``mkdocs build --strict`` with the repository's configuration; if that fails, a lenient build
is made so the other tests still have a site to read (and the strict test reports the
failure). The site is read-only by convention: a test that writes into it takes a copy.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class RealSite:
    """The built site, the build's output, and whether the strict build succeeded."""

    site: Path
    log: str
    strict: bool

    def copy(self, dest: Path) -> Path:
        """A private copy of the site, for a test that writes into it."""
        shutil.copytree(self.site, dest, symlinks=True)
        return dest


def _build(out: Path) -> RealSite:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(ROOT / "mkdocs.yml"),
           "--site-dir", str(out)]
    res = subprocess.run([*cmd, "--strict"], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=1200, check=False)
    log = res.stdout + res.stderr
    strict = res.returncode == 0
    if not strict:
        res = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=1200, check=False)
        log += res.stdout + res.stderr
    if res.returncode != 0 or not (out / "index.html").is_file():
        pytest.fail(f"the real handbook does not build:\n{log[-4000:]}", pytrace=False)
    return RealSite(out, log, strict)


def real_site(factory: pytest.TempPathFactory) -> RealSite:
    """The shared build (made on first use; with xdist, by the first worker that asks)."""
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # common to the workers of this run
    folder = base / "real-handbook"
    folder.mkdir(parents=True, exist_ok=True)
    done = folder / "built.json"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if done.is_file():
                data = json.loads(done.read_text(encoding="utf-8"))
                return RealSite(Path(data["site"]), data["log"], data["strict"])
            built = _build(folder / "site")
            done.write_text(json.dumps({"site": str(built.site), "log": built.log,
                                        "strict": built.strict}), encoding="utf-8")
            return built
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
