"""The site navigation, generated from the registry (chapters in a fixed order)."""

from __future__ import annotations

import html
from typing import Any

from markupsafe import Markup

from handbook import schema
from handbook.blocks import GROUP_TITLES
from handbook.project import Project

_CHAPTERS = (
    ("principle", "Principles"),
    ("guideline", "Guidelines"),
    ("agency", "Agencies"),
    ("instrument", "Instruments"),
    ("body", "Bodies"),
    ("event", "Events"),
    ("document", "Sources"),
)


def _title(proj: Project, path: str) -> str:
    """A page's title for the navigation, HTML-escaped (the theme prints it as it is)."""
    page = proj.pages[path]
    if page.entity is not None:
        return Markup(html.escape(page.entity.title))
    return Markup(
        html.escape(str(page.source.meta.get("title") or path.rsplit("/", 1)[-1][:-3].capitalize()))
    )


def build_nav(proj: Project) -> list[Any]:
    """Home, one section per chapter, the editors' guide, then any other pages."""
    nav: list[Any] = []
    used: set[str] = set()

    def add(path: str) -> str:
        used.add(path)
        return path

    if "index.md" in proj.pages:
        nav.append({"Home": add("index.md")})
    for kind, title in _CHAPTERS:
        folder = schema.KINDS[kind].folder
        items: list[Any] = []
        if f"{folder}/index.md" in proj.pages:
            items.append(add(f"{folder}/index.md"))
        ents = proj.of_kind(kind)
        if kind == "principle":
            for head, htitle in schema.HEADINGS.items():
                group = [
                    {_title(proj, e.path): add(e.path)}
                    for e in ents
                    if e.meta.get("heading") == head
                ]
                if group:
                    items.append({htitle: group})
            items += [{_title(proj, e.path): add(e.path)} for e in ents if e.path not in used]
        elif kind == "document":
            groups: dict[str, list[Any]] = {}
            for e in sorted(ents, key=lambda e: (str(e.meta.get("date", "")), e.title)):
                groups.setdefault(str(e.meta.get("group", "other")), []).append(
                    {_title(proj, e.path): add(e.path)}
                )
            for g, gtitle in GROUP_TITLES.items():
                if g in groups:
                    items.append({gtitle: groups[g]})
        else:
            key = (
                (lambda e: e.short.lower())
                if kind == "agency"
                else (lambda e: (e.number or 0, e.title.lower()))
            )
            items += [{_title(proj, e.path): add(e.path)} for e in sorted(ents, key=key)]
        if items:
            nav.append({title: items})
    overviews = [
        p
        for p in (
            "overviews/themes.md",
            "overviews/timeline.md",
            "overviews/matrix.md",
            "glossary.md",
            "bibliography.md",
        )
        if p in proj.pages
    ]
    if overviews:
        nav.append({"Overviews": [{_title(proj, p): add(p)} for p in overviews]})
    rest = sorted(p for p in proj.pages if p not in used)
    guide = [p for p in rest if p.startswith("editors/")]
    guide.sort(key=lambda p: (not p.endswith("index.md"), p))
    if guide:
        nav.append(
            {
                "Editors' guide": [
                    add(p) if p.endswith("index.md") else {_title(proj, p): add(p)} for p in guide
                ]
            }
        )
    for p in rest:
        if p not in used:
            nav.append({_title(proj, p): add(p)})
    return nav
