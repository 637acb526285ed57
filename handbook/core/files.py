"""Finding the project's files, without following links out of it.

A pull request can add a symbolic link: a page, a .bib file or a folder that points at a
file elsewhere on the build machine (``/etc/passwd``, the runner's secrets), or at a parent
folder (a loop that makes a walk never end). Such links are reported and never read: the
walk does not follow links to folders, and a link to a file is read only if the file it
points to is inside the project.
"""

from __future__ import annotations

import os
from pathlib import Path

from handbook.core.diagnostics import SYMLINK_OUTSIDE, Diagnostic


def inside(path: Path, root: Path) -> bool:
    """Whether ``path``, with every symbolic link resolved, is ``root`` or under it."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a loop of links
        return False
    return True


def shown(path: Path, root: Path) -> str:
    """A path as diagnostics show it: relative to ``root`` when under it (links unresolved)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def walk(folder: Path, root: Path, suffix: str) -> tuple[list[Path], list[Diagnostic]]:
    """The files under ``folder`` whose names end in ``suffix``, sorted, and a diagnostic for
    every symbolic link that is not followed: a link to a folder (never followed: it may
    lead out of the project or round in a loop) and a link to a file outside ``root``."""
    found: list[Path] = []
    diags: list[Diagnostic] = []
    if not folder.is_dir():
        return found, diags
    for top, dirs, names in os.walk(folder, followlinks=False):
        here = Path(top)
        for d in list(dirs):
            p = here / d
            if p.is_symlink():
                dirs.remove(d)
                diags.append(_link_diagnostic(p, root, folder=True))
        dirs.sort()
        for n in sorted(names):
            if not n.endswith(suffix):
                continue
            p = here / n
            if p.is_symlink() and not inside(p, root):
                diags.append(_link_diagnostic(p, root, folder=False))
                continue
            if p.is_file():
                found.append(p)
    return sorted(found), diags


def _link_diagnostic(p: Path, root: Path, *, folder: bool) -> Diagnostic:
    try:
        target = os.readlink(p)
    except OSError:
        target = "?"
    what = "folder" if folder else "file"
    return Diagnostic.make(
        shown(p, root),
        1,
        SYMLINK_OUTSIDE,
        f"this {what} is a symbolic link to '{target}'"
        + (" (links to folders are not followed)" if folder else ", outside the project"),
        expected="files and folders of the project itself",
        fix=f"replace the link by a copy of the {what}, inside the project",
    )
