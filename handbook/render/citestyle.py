"""The handbook's citation style: one numeric style, written here rather than with CSL.

Why not a CSL processor (citeproc-py): our references are mostly UN documents, whose key
facts (issuing body as author, document symbol, session) have no CSL variables that common
styles print; the CSL route needs a JSON conversion of every entry and costs more than
the whole citation stage. The style is small enough to read in full:

    Author(s). Title. Report type, institution or publisher, address, date. UN doc. SYMBOL.
    Note.

Titles of self-standing works are in italics; titles of parts (articles, chapters) are in
quotation marks. Persons are written "First Last"; corporate authors stay whole.
"""

from __future__ import annotations

import html
import re

from handbook.core.bibliography import Bibliography, Decoded

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH_ABBR = {m[:3].lower(): m for m in MONTHS}
_PART_TYPES = {"article", "incollection", "inproceedings", "inbook", "conference"}


_ISO = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def date_words(iso: str, *, year: bool = True) -> str | None:
    """``2008-08-04`` as ``4 August 2008`` (``4 August`` without the year), ``2010-10`` as
    ``October 2010``; ``None`` if ``iso`` is not such a date."""
    m = _ISO.match(iso)
    if not m:
        return None
    y, mo, da = m.groups()
    words = []
    if mo and da:
        words.append(str(int(da)))
    if mo:
        words.append(MONTHS[int(mo) - 1])
    if year:
        words.append(y)
    return " ".join(words)


def date_text(d: Decoded) -> str:
    """``4 August 2008``, ``October 2010``, ``2008`` or ``n.d.``."""
    words = date_words(d.fields.get("date", ""))
    if words:
        return words
    year = d.fields.get("year", "")
    month = d.fields.get("month", "").strip().lower()
    if year and month:
        name = _MONTH_ABBR.get(month[:3]) or (
            MONTHS[int(month) - 1] if month.isdigit() and 1 <= int(month) <= 12 else month
        )
        return f"{name} {year}"
    return year or "n.d."


def year_text(d: Decoded) -> str:
    """The year, for sorting and short forms."""
    return (d.fields.get("year") or d.fields.get("date", "")[:4]) or "n.d."


def names(people: tuple[str, ...]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(people) <= 2:
        return " and ".join(people)
    return ", ".join(people[:-1]) + " and " + people[-1]


def parts(bib: Bibliography, key: str) -> list[tuple[str, str]]:
    """The reference as (role, text) pieces, in order; roles: author, title, part, date,
    symbol, note, url."""
    d = bib.decoded(key)
    out: list[tuple[str, str]] = []
    who = names(d.authors) or (
        names(d.editors) + (" (ed.)" if len(d.editors) == 1 else " (eds.)") if d.editors else ""
    )
    if who:
        out.append(("author", who))
    title = d.fields.get("title", key)
    out.append(("title-part" if d.type in _PART_TYPES else "title", title))
    where = [
        d.fields.get(f, "")
        for f in (
            "journal",
            "booktitle",
            "type",
            "institution",
            "organization",
            "publisher",
            "school",
            "howpublished",
            "address",
        )
    ]
    seen: list[str] = []
    for w in where:
        if w and w not in seen and w != who:
            seen.append(w)
    if seen:
        out.append(("part", ", ".join(seen)))
    out.append(("date", date_text(d)))
    sym = bib.entries[key].symbol
    if sym:
        out.append(("symbol", sym))
    if d.fields.get("note"):
        out.append(("note", d.fields["note"]))
    if d.fields.get("url"):
        out.append(("url", d.fields["url"]))
    return out


def plain(bib: Bibliography, key: str) -> str:
    """The reference as plain text (hover text, PDF, search)."""
    bits = []
    for role, text in parts(bib, key):
        if role == "title-part":
            text = f"“{text}”"
        elif role == "symbol":
            text = f"UN doc. {text}"
        bits.append(text.rstrip("."))
    return ". ".join(bits) + "."


def to_html(
    bib: Bibliography, key: str, symbol_href: str | None = None, doc_href: str | None = None
) -> str:
    """The reference as HTML; the symbol links to ``symbol_href``, the title to
    ``doc_href`` (the local copy of the text) when given."""
    bits = []
    for role, text in parts(bib, key):
        t = html.escape(text.rstrip(".")).replace("/", "&#47;").replace("{", "&#123;")
        if role == "title":
            t = f"<cite>{t}</cite>"
            if doc_href:
                t = f'<a href="{html.escape(doc_href)}">{t}</a>'
        elif role == "title-part":
            t = f"“{t}”"
            if doc_href:
                t = f'<a href="{html.escape(doc_href)}">{t}</a>'
        elif role == "symbol":
            t = (
                f'UN doc. <a class="hb-symbol" href="{html.escape(symbol_href or "")}">{t}</a>'
                if symbol_href
                else f"UN doc. {t}"
            )
        elif role == "url" and re.match(r"^https?://", text):
            t = f'<a href="{html.escape(text)}">{t}</a>'
        bits.append(t)
    return ". ".join(bits) + "."
