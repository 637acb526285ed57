"""The entities, citations and source passages of a loaded project, as JSON records.

Every URL is site-relative (``principles/principle-7.html``,
``documents/a-63-215.html#para-62``): mkdocs.yml has no ``site_url``, and a reader of the
data joins them to the address the site is served from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from handbook.core.kinds import KINDS
from handbook.core.registry import Entity, Project

_ITEM = re.compile(r"^(principle|guideline)-(\d+)(?:-(\d+))?$")
_NUMBERED = re.compile(r"^(para|pass|annex)-(\d+)$")


def passage_label(anchor: str) -> str:
    """How a passage is cited: ``para-12`` -> ``para. 12``, ``pass-3`` -> ``¶ 3``,
    ``guideline-2-6`` -> ``Guideline 2.6``, ``principle-7`` -> ``Principle 7``,
    ``annex-1`` -> ``annex 1``; other anchors as they are."""
    m = _ITEM.match(anchor)
    if m:
        name, n, sub = m.groups()
        return f"{name.capitalize()} {n}" + (f".{sub}" if sub else "")
    m = _NUMBERED.match(anchor)
    if m:
        kind, n = m.groups()
        return {"para": "para. ", "pass": "¶ ", "annex": "annex "}[kind] + n
    return anchor


def is_target(anchor: str) -> bool:
    """Whether an anchor of a document is a published target (footnotes are not: their
    numbers are the importer's)."""
    return not anchor.startswith("fn")


@dataclass(frozen=True)
class PassageRef:
    """A passage of a source document: the document, its anchor, its URL and label."""

    document: Entity
    anchor: str
    url: str

    @property
    def label(self) -> str:
        """The passage's number as readers see it ("¶ 4", "para. 12")."""
        return passage_label(self.anchor)

    @property
    def cited_as(self) -> str:
        """``A/63/215, para. 62`` (or the document's short title without a symbol)."""
        return f"{self.document.symbol or self.document.short}, {self.label}"


def page_id(proj: Project, docpath: str) -> str | None:
    """The entity id of a page, if it is one."""
    page = proj.pages.get(docpath)
    return page.entity.id if page is not None and page.entity is not None else None


def entity_symbols(proj: Project) -> dict[str, list[str]]:
    """Entity id -> the UN symbols that resolve to its page, its own first."""
    out: dict[str, list[str]] = defaultdict(list)
    for e in proj.entities.values():
        if e.symbol:
            out[e.id].append(e.symbol)
    for sym, eid in sorted(proj.by_symbol.items()):
        if sym not in out[eid]:
            out[eid].append(sym)
    return out


def dates_of(ent: Entity) -> dict[str, str]:
    """The entity's date fields (adopted, in_force, date, end_date, established...)."""
    kind = KINDS.get(ent.kind)
    if kind is None:
        return {}
    return {
        f.name: str(ent.meta[f.name])
        for f in kind.fields
        if f.type == "date" and ent.meta.get(f.name)
    }


def passages(proj: Project) -> list[PassageRef]:
    """Every passage of every source document (the anchored paragraphs, items and passages
    with their opening words), in the documents' order and the text's."""
    out = []
    for doc in proj.of_kind("document") if "document" in KINDS else []:
        url = proj.url(doc.path)
        for anchor in doc.openings:
            if is_target(anchor):
                out.append(PassageRef(doc, anchor, f"{url}#{anchor}"))
    return out


def section_of(doc: Entity) -> dict[str, str]:
    """Passage anchor -> the anchor of the section holding it."""
    return {a: sect for sect, anchors in doc.sections.items() for a in anchors}


def entity_records(proj: Project, changed: dict[str, str]) -> list[dict[str, Any]]:
    """One record per entity, in the kinds' order and each kind's order."""
    syms = entity_symbols(proj)
    related: dict[str, dict[str, None]] = defaultdict(dict)
    for e in proj.entities.values():
        for rid in e.related:
            if rid in proj.entities and rid != e.id:
                related[e.id][rid] = None
                related[rid][e.id] = None
    cites: dict[str, dict[str, None]] = defaultdict(dict)
    cited_by: dict[str, dict[str, None]] = defaultdict(dict)
    for c in proj.citations:
        cites[c.page][c.key] = None
        if c.document is not None and c.document in proj.entities:
            cited_by[c.document][proj.url(c.page)] = None
    linked: dict[str, dict[str, None]] = defaultdict(dict)
    for r in proj.refs:
        if r.via in ("macro", "symbol", "related") and r.target in proj.entities:
            linked[r.target][proj.url(r.source)] = None
    out = []
    for kind in KINDS.values():
        for e in proj.of_kind(kind.name):
            rec: dict[str, Any] = {
                "id": e.id,
                "kind": e.kind,
                "title": e.title,
                "short": e.short,
                "summary": e.summary,
                "url": proj.url(e.path),
                "source": "docs/" + e.path,
                "changed": changed.get(e.path),
                "acronym": str(e.meta["acronym"]) if e.meta.get("acronym") else None,
                "aliases": e.aliases,
                "symbols": syms.get(e.id, []),
                "themes": e.themes,
                "dates": dates_of(e),
                "number": e.number,
                "related": sorted(related.get(e.id, {})),
                "cites": list(cites.get(e.path, {})),
                "cited_by": list(cited_by.get(e.id, {})),
                "linked_from": sorted(linked.get(e.id, {})),
                "moved_from": list(e.meta.get("moved_from") or []),
            }
            out.append(rec)
    return out


def citation_records(proj: Project) -> list[dict[str, Any]]:
    """One record per citation, in the order of the pages and of their text."""
    out = []
    for c in proj.citations:
        page_url = proj.url(c.page)
        anchor = f"hb-cite-{c.number}-{c.occurrence}"
        doc = proj.entities.get(c.document) if c.document else None
        passage_url = f"{proj.url(doc.path)}#{c.anchor}" if doc is not None and c.anchor else None
        out.append(
            {
                "page": page_url,
                "page_id": page_id(proj, c.page),
                "source": "docs/" + c.page,
                "line": c.line,
                "anchor": anchor,
                "url": f"{page_url}#{anchor}",
                "work": c.key,
                "document": c.document,
                "locator": c.locator,
                "passage": c.anchor,
                "passage_url": passage_url,
            }
        )
    return out


def passage_records(proj: Project) -> list[dict[str, Any]]:
    """One record per passage of a source document."""
    out = []
    sections: dict[str, dict[str, str]] = {}
    for p in passages(proj):
        doc = p.document
        if doc.id not in sections:
            sections[doc.id] = section_of(doc)
        out.append(
            {
                "document": doc.id,
                "symbol": doc.symbol,
                "anchor": p.anchor,
                "number": p.label,
                "url": p.url,
                "section": sections[doc.id].get(p.anchor),
                "first_words": doc.openings.get(p.anchor, ""),
                "cited_by": [
                    proj.url(q) for q in proj.anchor_cited_by.get(doc.id, {}).get(p.anchor, {})
                ],
            }
        )
    return out
