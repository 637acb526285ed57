"""The bibliography as CSL-JSON (read by citeproc-py, Zotero, Pandoc) and as BibTeX."""

from __future__ import annotations

import re
from typing import Any

from handbook.core.bibliography import Bibliography, _split_names

#: BibTeX entry types -> CSL types.
CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "manual": "report",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "techreport": "report",
    "unpublished": "manuscript",
    "misc": "document",
}
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
)}  # fmt: skip
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _names(raw: str, shown: tuple[str, ...]) -> list[dict[str, str]]:
    """CSL names: an issuing body written whole in braces is a ``literal``; a person is
    split into family and given names the way the bibliography sorts them."""
    out: list[dict[str, str]] = []
    for raw_name, name in zip(_split_names(raw) if raw else [], shown, strict=False):
        first = raw_name.strip()
        if first.startswith("{") and first.endswith("}"):
            out.append({"literal": name})
            continue
        words = name.split()
        n = len(first.split(",", 1)[0].split()) if "," in first else 1
        if len(words) <= n:
            out.append({"family": name})
        else:
            out.append({"family": " ".join(words[-n:]), "given": " ".join(words[:-n])})
    return out


def _issued(fields: dict[str, str]) -> dict[str, Any] | None:
    m = _DATE.match(fields.get("date", ""))
    if m:
        return {"date-parts": [[int(x) for x in m.groups() if x]]}
    year = fields.get("year", "")
    if year.isdigit():
        parts = [int(year)]
        month = _MONTHS.get(fields.get("month", "").strip().lower()[:3])
        if month:
            parts.append(month)
        return {"date-parts": [parts]}
    return None


def csl_item(bib: Bibliography, key: str) -> dict[str, Any]:
    """One entry as a CSL-JSON item."""
    d = bib.decoded(key)
    f = d.fields
    item: dict[str, Any] = {"id": key, "type": CSL_TYPES.get(d.type, "document")}
    if f.get("title"):
        item["title"] = f["title"]
    authors = _names(bib.field(key, "author"), d.authors)
    if authors:
        item["author"] = authors
    editors = _names(bib.field(key, "editor"), d.editors)
    if editors:
        item["editor"] = editors
    issued = _issued(f)
    if issued:
        item["issued"] = issued
    publisher = f.get("institution") or f.get("organization") or f.get("publisher")
    if publisher:
        item["publisher"] = publisher
    container = f.get("journal") or f.get("booktitle")
    if container:
        item["container-title"] = container
    if f.get("symbol"):
        item["number"] = f["symbol"]
    elif f.get("number"):
        item["number"] = f["number"]
    genre = f.get("type") or f.get("howpublished")
    if genre:
        item["genre"] = genre
    for src, dest in (
        ("address", "publisher-place"),
        ("pages", "page"),
        ("volume", "volume"),
        ("url", "URL"),
        ("doi", "DOI"),
        ("isbn", "ISBN"),
        ("note", "note"),
    ):
        if f.get(src):
            item[dest] = f[src]
    return item


def csl_json(bib: Bibliography) -> list[dict[str, Any]]:
    """Every entry, in the bibliography's order."""
    return [csl_item(bib, k) for k in sorted(bib.entries, key=lambda k: (bib.sort_key(k), k))]


def bibtex(bib: Bibliography) -> str:
    """Every entry as BibTeX, with its fields as written in the project's .bib files (the
    fields a ``crossref`` entry inherits are written out), in the bibliography's order."""
    blocks = []
    for key in sorted(bib.entries, key=lambda k: (bib.sort_key(k), k)):
        e = bib.entries[key]
        names = [n for n, _ in e.fields if n != "crossref"]
        parent = bib.entries.get(e.get("crossref"))
        if parent is not None and parent.key != key:
            names += [n for n, _ in parent.fields if n not in names and n != "crossref"]
        width = max((len(n) for n in names), default=0)
        lines = [f"@{e.type}{{{key},"]
        for n in names:
            lines.append(f"  {n.ljust(width)} = {{{bib.field(key, n)}}},")
        lines.append("}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
