"""A Sphinx inventory (``objects.inv``, format version 2), so that a Sphinx or MyST site can
cross-reference the handbook with intersphinx: every page (``std:doc``), every entity by
its id and every passage of a source document, principle and guideline items included, as
``DOCUMENT-ID/ANCHOR`` (``std:label``)."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from handbook.core.registry import Project
from handbook.opendata.records import is_target, passage_label

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Target:
    """One line of the inventory."""

    name: str
    role: str  # "std:doc" or "std:label"
    priority: int
    uri: str
    display: str


def targets(proj: Project) -> list[Target]:
    """Every target, pages first, then entities, then passages (each in a stable order)."""
    out: list[Target] = []
    for path in sorted(proj.pages):
        page = proj.pages[path]
        out.append(Target(path[:-3], "std:doc", -1, proj.url(path), page.title))
    ents = sorted(proj.entities.values(), key=lambda e: e.id)
    for e in ents:
        out.append(Target(e.id, "std:label", 1, proj.url(e.path), e.title))
    for e in ents:
        if e.kind != "document":
            continue
        url = proj.url(e.path)
        cited = e.symbol or e.short
        for anchor in sorted(e.anchors):
            if is_target(anchor):
                out.append(
                    Target(f"{e.id}/{anchor}", "std:label", 1, f"{url}#{anchor}",
                           f"{cited}, {passage_label(anchor)}")
                )  # fmt: skip
    return out


def dumps(proj: Project, project_name: str, version: str = "") -> bytes:
    """The inventory file: four header lines, then the zlib-compressed target lines."""
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {_one_line(project_name)}\n"
        f"# Version: {_one_line(version)}\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    lines = []
    for t in targets(proj):
        display = _one_line(t.display)
        lines.append(
            f"{t.name} {t.role} {t.priority} {t.uri} {'-' if display == t.name else display}\n"
        )
    return header.encode("utf-8") + zlib.compress("".join(lines).encode("utf-8"), 9)


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()
