"""Run ``handbook check`` or the strict MkDocs build under an audit hook (for test_hostile.py).

    python tests/hostile_runner.py check PROJECT REPORT
    python tests/hostile_runner.py build PROJECT REPORT SITE

An audit hook (``sys.addaudithook``; it cannot be removed, hence a process of its own)
records every file the run opens and every file or folder it creates, renames or removes.
The run's output is captured; when it ends, REPORT (JSON) holds the exit status, the output
(with the traceback of any exception that escaped), the paths opened for reading and for
writing, the peak resident memory and the time taken.
"""

from __future__ import annotations

import io
import json
import os
import resource
import sys
import time
import traceback
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

READS: set[str] = set()
WRITES: set[str] = set()
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _path(p: object) -> str | None:
    if isinstance(p, (str, bytes, os.PathLike)):
        s = os.fsdecode(p)
        return os.path.abspath(s)
    return None  # a file descriptor


def _hook(event: str, args: tuple[object, ...]) -> None:
    if event == "open":
        p = _path(args[0])
        if p is None:
            return
        mode = args[1] if len(args) > 1 else None
        flags = args[2] if len(args) > 2 else 0
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & _WRITE_FLAGS
        )
        (WRITES if writes else READS).add(p)
    elif event in ("os.mkdir", "os.remove", "os.rmdir", "os.symlink", "os.link",
                   "os.truncate", "shutil.rmtree"):
        p = _path(args[0])
        if p is not None:
            WRITES.add(p)
    elif event in ("os.rename", "shutil.move"):
        for a in args[:2]:
            p = _path(a)
            if p is not None:
                WRITES.add(p)
    elif event in ("shutil.copyfile", "shutil.copytree"):
        src, dst = _path(args[0]), _path(args[1])
        if src is not None:
            READS.add(src)
        if dst is not None:
            WRITES.add(dst)


def main(argv: list[str]) -> int:
    what, project, report = argv[0], Path(argv[1]), Path(argv[2])
    out = io.StringIO()
    start = time.perf_counter()
    status = 0
    sys.addaudithook(_hook)
    with redirect_stdout(out), redirect_stderr(out):
        try:
            if what == "check":
                from handbook import cli

                status = cli.main(["--root", str(project), "check"])
            else:
                # As `mkdocs build --strict` from the project folder; its log goes to the
                # captured stderr through the handler MkDocs sets up on import.
                os.chdir(project)
                from mkdocs.__main__ import cli as mkdocs_cli

                try:
                    mkdocs_cli.main(["build", "--strict", "--site-dir", argv[3]],
                                    standalone_mode=False)
                except SystemExit as exc:
                    status = exc.code if isinstance(exc.code, int) else 1
                except BaseException as exc:  # noqa: BLE001 - click's and MkDocs' aborts
                    import click

                    if isinstance(exc, click.ClickException):
                        exc.show()
                        status = exc.exit_code
                    elif isinstance(exc, click.exceptions.Abort):
                        status = 1
                    else:
                        raise
        except BaseException:  # noqa: BLE001 - reported, not swallowed
            out.write(traceback.format_exc())
            status = 99
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    report.write_text(json.dumps({
        "status": status, "output": out.getvalue(), "reads": sorted(READS),
        "writes": sorted(WRITES), "peak_bytes": peak, "seconds": elapsed,
    }), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
