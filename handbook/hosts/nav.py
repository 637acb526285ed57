"""The site navigation, generated from the registry (chapters in a fixed order)."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from handbook.core.kinds import KINDS
from handbook.core.registry import Entity, Project, grouped, reader_title


def _title(proj: Project, path: str) -> str:
    """A page's title for the navigation, HTML-escaped (the theme prints it as it is)."""
    return Markup(html.escape(proj.pages[path].title))


#: The most pages listed together in one navigation section, and the most groups side by
#: side. Material renders the sections of the first level open on every page
#: (``navigation.sections``), so a chapter of a thousand pages would put a thousand links on
#: each of its pages, and the build would grow with the square of the handbook's size. A
#: longer chapter is split into groups of at most ``GROUP_LIMIT`` pages, in the same order,
#: and more than ``GROUP_FANOUT`` groups into groups of groups; with ``navigation.prune`` a
#: page then carries only the group titles on its path and its own group's links.
GROUP_LIMIT = 50
GROUP_FANOUT = 10


def _label(item: Any) -> str:
    """The title of a navigation item (a ``{title: path_or_items}`` mapping, or a path)."""
    if isinstance(item, dict):
        return str(next(iter(item)))
    return str(item)


def _chunks(
    items: list[Any], spans: list[tuple[str, str]], most: int
) -> tuple[list[Any], list[tuple[str, str]]]:
    """Split ``items`` in order into nearly equal groups of at most ``most``, each named by
    the first title of its first item and the last title of its last."""
    count = -(-len(items) // most)
    size = -(-len(items) // count)
    groups: list[Any] = []
    group_spans: list[tuple[str, str]] = []
    for i in range(0, len(items), size):
        first, last = spans[i][0], spans[min(i + size, len(items)) - 1][1]
        title = first if first == last else f"{first} – {last}"
        groups.append({Markup(title): items[i : i + size]})
        group_spans.append((first, last))
    return groups, group_spans


def group_items(
    items: list[Any], limit: int = GROUP_LIMIT, fanout: int = GROUP_FANOUT
) -> list[Any]:
    """``items`` unchanged if there are at most ``limit``; otherwise split, in order, into
    groups of at most ``limit`` named by their first and last titles joined by an en dash,
    and those into groups again while there are more than ``fanout`` side by side."""
    if len(items) <= limit:
        return items
    spans = [(_label(i), _label(i)) for i in items]
    items, spans = _chunks(items, spans, limit)
    while len(items) > fanout:
        items, spans = _chunks(items, spans, fanout)
    return items


def _entity(proj: Project, ent: Entity, add: Any) -> dict[str, str]:
    return {Markup(html.escape(reader_title(ent))): add(ent.path)}


def build_nav(proj: Project, hidden: Callable[[str], bool] | None = None) -> list[Any]:
    """Home, one section per part of the handbook (:data:`handbook.core.kinds.PARTS`: the
    tabs), the editors' guide as a tab of its own, then any other pages; pages for which
    ``hidden`` is true (mkdocs.yml's ``not_in_nav``, such as the engineering notes) are
    built but not listed."""
    nav: list[Any] = []
    used: set[str] = {p for p in proj.pages if hidden(p)} if hidden is not None else set()

    def add(path: str) -> str:
        used.add(path)
        return path

    def page(p: str) -> dict[str, str]:
        return {_title(proj, p): add(p)}

    if "index.md" in proj.pages:
        nav.append({"Home": add("index.md")})
    for part, kinds in KINDS.parts():
        section: list[Any] = [page(p) for p in part.before if p in proj.pages]
        for kind in kinds:
            items: list[Any] = []
            if f"{kind.folder}/index.md" in proj.pages:
                items.append(add(f"{kind.folder}/index.md"))
            ents = proj.of_kind(kind.name)
            if kind.group is not None:
                for gtitle, group in grouped(kind, ents):
                    items.append({gtitle: group_items([_entity(proj, e, add) for e in group])})
            else:
                items += group_items([_entity(proj, e, add) for e in ents])
            if items:
                section.append({kind.title: items})
        section += [page(p) for p in part.after if p in proj.pages]
        if section:
            nav.append({part.title: section})
    rest = sorted(p for p in proj.pages if p not in used)
    guide = [p for p in rest if p.startswith("editors/")]
    guide.sort(key=lambda p: (not p.endswith("index.md"), p))
    if guide:
        # A tab of its own: not in any reader's sidebar (and not in search: main.html).
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
