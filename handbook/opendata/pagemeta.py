"""What each built page carries for readers and machines, from the same data as the files
of ``site/data/``: its structured data (JSON-LD, schema.org), the date it was last changed,
and "Cite this page" as plain text, BibTeX and RIS."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from handbook.core.registry import Entity, Project, search_title
from handbook.opendata.records import dates_of, entity_symbols

#: The schema.org type of each kind's pages (pages that are not entities: ``WebPage``).
SCHEMA_TYPES = {
    "principle": "Quotation",
    "guideline": "Quotation",
    "agency": "Organization",
    "body": "Organization",
    "instrument": "Legislation",
    "event": "Event",
    "concept": "DefinedTerm",
    "topic": "CreativeWork",
    "document": "CreativeWork",
}


@dataclass(frozen=True)
class PageInfo:
    """What the theme shows of a page: see :func:`page_info`."""

    url: str
    title: str
    #: The date of the last commit that changed the page's file, or ``None``.
    changed: str | None
    #: The build date, shown (labelled) when the history has no date for the page.
    built: str
    jsonld: str
    plain: str
    bibtex: str
    ris: str

    @property
    def date(self) -> str:
        """The date a citation gives: the last change, else the build."""
        return self.changed or self.built


def schema_type(ent: Entity | None) -> str:
    """The schema.org type of a page."""
    if ent is None:
        return "WebPage"
    return SCHEMA_TYPES.get(ent.kind, "CreativeWork")


def jsonld(
    proj: Project,
    docpath: str,
    changed: str | None,
    site_name: str,
    symbols: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """The page's JSON-LD object (URLs site-relative: they resolve against the page)."""
    page = proj.pages[docpath]
    ent = page.entity
    url = proj.url(docpath)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": schema_type(ent),
        "name": ent.title if ent is not None else page.title,
        "url": url,
        "isPartOf": {"@type": "WebSite", "name": site_name},
        "inLanguage": "en",
    }
    summary = str(page.fields.get("summary") or "")
    if summary:
        data["description"] = summary
    if changed:
        data["dateModified"] = changed
    if ent is None:
        return data
    syms = (symbols if symbols is not None else entity_symbols(proj)).get(ent.id, [])
    names = [n for n in dict.fromkeys(
        [ent.short, str(ent.meta.get("acronym") or ""), *ent.aliases]
    ) if n and n != ent.title]  # fmt: skip
    if names:
        data["alternateName"] = names
    data["identifier"] = [ent.id, *syms]
    if ent.themes:
        data["keywords"] = ent.themes
    dates = dates_of(ent)
    if ent.kind == "instrument":
        if ent.symbol:
            data["legislationIdentifier"] = ent.symbol
        if dates.get("adopted"):
            data["legislationDate"] = dates["adopted"]
        if ent.meta.get("type"):
            data["legislationType"] = str(ent.meta["type"])
    elif ent.kind == "event":
        if dates.get("date"):
            data["startDate"] = dates["date"]
        if dates.get("end_date"):
            data["endDate"] = dates["end_date"]
        if ent.meta.get("place"):
            data["location"] = {"@type": "Place", "name": str(ent.meta["place"])}
    elif ent.kind in ("agency", "body"):
        if dates.get("established"):
            data["foundingDate"] = dates["established"]
    elif ent.kind == "document" and dates.get("date"):
        data["dateCreated"] = dates["date"]
    return data


def script_json(data: object) -> str:
    """JSON safe inside ``<script type="application/ld+json">``: no ``<``, ``>`` or ``&``
    (a title holding ``</script>`` cannot end the element)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_BIB_SPECIAL = re.compile(r"([&%$#_{}\\~^])")


def _bib(text: str) -> str:
    """A value for a braced BibTeX field: LaTeX's special characters escaped."""
    return _BIB_SPECIAL.sub(
        lambda m: {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\^{}"}.get(
            m.group(1), "\\" + m.group(1)
        ),
        text,
    )


def cite_key(docpath: str) -> str:
    """The BibTeX key of a page: ``handbook-principles-principle-7``."""
    return "handbook-" + re.sub(r"[^a-z0-9]+", "-", docpath[:-3].lower()).strip("-")


def page_info(
    proj: Project,
    docpath: str,
    *,
    changed: str | None,
    built: str,
    site_name: str,
    symbols: dict[str, list[str]] | None = None,
) -> PageInfo:
    """Everything the page's head and foot show."""
    page = proj.pages[docpath]
    ent = page.entity
    title = search_title(ent) if ent is not None else page.title
    url = proj.url(docpath)
    date = changed or built
    when = f"last changed {changed}" if changed else f"built {built}"
    plain = f"“{title}”. In: {site_name}. {url} ({when})."
    y, m, d = ([*date.split("-"), "", "", ""])[:3]
    bib_lines = [
        f"@misc{{{cite_key(docpath)},",
        f"  title        = {{{_bib(title)}}},",
        f"  howpublished = {{{_bib(site_name)}}},",
        f"  year         = {{{y}}},",
        f"  date         = {{{date}}},",
        f"  url          = {{{url}}},",
        f"  note         = {{{'Last changed' if changed else 'Built'} {date}}},",
        "}",
    ]
    ris_lines = [
        "TY  - ELEC",
        f"TI  - {title}",
        f"T2  - {site_name}",
        f"PY  - {y}",
        f"DA  - {y}/{m}/{d}",
        f"UR  - {url}",
        f"N1  - {'Last changed' if changed else 'Built'} {date}",
        "ER  - ",
    ]
    return PageInfo(
        url=url,
        title=title,
        changed=changed,
        built=built,
        jsonld=script_json(jsonld(proj, docpath, changed, site_name, symbols)),
        plain=plain,
        bibtex="\n".join(bib_lines),
        ris="\n".join(ris_lines),
    )
