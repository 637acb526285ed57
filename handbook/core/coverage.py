"""How much of the sources the handbook's pages cite: per source document, the numbered
paragraphs (and passages) cited by at least one annotation page, and the source documents
that no annotation page cites at all.

An annotation page is a page of any kind that editors write (not a generated source
document). Read from a loaded project: the citations it recorded while it scanned every
page (a range such as ``paras. 12-14`` covers each of its paragraphs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from handbook.core.kinds import KINDS
from handbook.core.registry import Project

#: The anchors of numbered paragraphs and passages.
_NUMBERED = re.compile(r"^(para|pass)-(\d+)$")
#: An anchor set just before a paragraph number, naming the same paragraph (the principles
#: of E/2002/68/Add.1 are its paragraphs 1-17: ``principle 7`` cites paragraph 7).
_ALIAS = re.compile(r'<span id="([^"]+)"></span><span class="hb-pn" id="((?:para|pass)-\d+)"')


@dataclass(frozen=True)
class SourceCoverage:
    """One source document's numbered paragraphs (or passages) and which are cited."""

    doc: str
    title: str
    unit: str  # "para" or "pass"
    numbers: tuple[int, ...]
    cited: frozenset[int]
    #: Whether any annotation page cites the document at all (with or without a locator).
    cited_at_all: bool = False

    @property
    def share(self) -> float:
        """The cited share of the numbered units (1.0 for a document without any)."""
        return len(self.cited) / len(self.numbers) if self.numbers else 1.0

    @property
    def uncited(self) -> list[int]:
        """The numbers no annotation page cites."""
        return [n for n in self.numbers if n not in self.cited]


@dataclass(frozen=True)
class Coverage:
    """The coverage of every source document."""

    sources: tuple[SourceCoverage, ...] = field(default_factory=tuple)

    @property
    def numbered(self) -> list[SourceCoverage]:
        """The sources with numbered paragraphs (not passages)."""
        return [s for s in self.sources if s.unit == "para" and s.numbers]

    @property
    def paragraph_share(self) -> float:
        """The share of all numbered paragraphs cited by some annotation page."""
        total = sum(len(s.numbers) for s in self.numbered)
        return sum(len(s.cited) for s in self.numbered) / total if total else 1.0

    @property
    def never_cited(self) -> list[SourceCoverage]:
        """Source documents that no annotation page cites."""
        return [s for s in self.sources if not s.cited_at_all]


def ranges(numbers: list[int]) -> str:
    """``1, 3-5, 9`` for ``[1, 3, 4, 5, 9]``."""
    out: list[str] = []
    start = prev = None
    for n in [*numbers, None]:
        if n is not None and prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(out)


def measure(project: Project) -> Coverage:
    """The coverage of the loaded ``project``'s source documents."""
    annotation = {
        p
        for p, page in project.pages.items()
        if page.entity is not None and not KINDS[page.entity.kind].generated
    }
    out = []
    for ent in project.of_kind("document"):
        found: dict[str, set[int]] = {"para": set(), "pass": set()}
        for a in ent.anchors:
            m = _NUMBERED.match(a)
            if m:
                found[m.group(1)].add(int(m.group(2)))
        unit = "para" if found["para"] else "pass"
        alias = dict(_ALIAS.findall(ent.source.body))
        cited: set[int] = set()
        for anchor, pages in project.anchor_cited_by.get(ent.id, {}).items():
            m = _NUMBERED.match(alias.get(anchor, anchor))
            if m and m.group(1) == unit and annotation.intersection(pages):
                cited.add(int(m.group(2)))
        keys = {ent.id, *([ent.symbol] if ent.symbol else [])}
        entry = project.bib.lookup(ent.id) or (
            project.bib.lookup(ent.symbol) if ent.symbol else None
        )
        if entry is not None:
            keys.add(entry.key)
        at_all = any(annotation.intersection(project.cited_by.get(k, {})) for k in keys)
        out.append(
            SourceCoverage(
                ent.id,
                ent.short,
                unit,
                tuple(sorted(found[unit])),
                frozenset(cited & found[unit]),
                at_all,
            )
        )
    return Coverage(tuple(out))


def report(cov: Coverage) -> str:
    """The coverage as text: one line per source, the uncited numbers of each, and the
    sources no annotation page cites."""
    lines = [
        f"Numbered paragraphs cited by annotation pages: "
        f"{sum(len(s.cited) for s in cov.numbered)} of "
        f"{sum(len(s.numbers) for s in cov.numbered)} ({cov.paragraph_share:.0%})"
    ]
    for s in cov.sources:
        if not s.numbers:
            continue
        what = "paragraphs" if s.unit == "para" else "passages"
        lines.append(
            f"  {s.doc}: {len(s.cited)} of {len(s.numbers)} {what} ({s.share:.0%})"
            + (f"; not cited: {ranges(s.uncited)}" if s.uncited else "")
        )
    never = cov.never_cited
    if never:
        lines.append("Sources cited by no annotation page: " + ", ".join(s.doc for s in never))
    return "\n".join(lines)


def as_json(cov: Coverage) -> dict[str, object]:
    """The coverage as a JSON-serialisable dict."""
    return {
        "paragraph_share": round(cov.paragraph_share, 4),
        "sources": [
            {
                "doc": s.doc,
                "unit": s.unit,
                "total": len(s.numbers),
                "cited": len(s.cited),
                "share": round(s.share, 4),
                "uncited": s.uncited,
                "cited_at_all": s.cited_at_all,
            }
            for s in cov.sources
        ],
    }
