"""The front-matter schema of each kind of page, and its validation.

The tables in the editors' guide are generated from :data:`KINDS`, so the documentation
cannot drift from what ``handbook check`` enforces.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from handbook.core import symbols
from handbook.core.diagnostics import Diagnostic, suggestion
from handbook.core.frontmatter import Source

THEMES = ("prevention", "protection", "prosecution", "partnership")
HEADINGS = {
    "primacy": "The primacy of human rights",
    "prevention": "Preventing trafficking",
    "protection": "Protection and assistance",
    "criminalization": "Criminalization, punishment and redress",
}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE_RE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")


@dataclass(frozen=True)
class Field:
    """One front-matter field."""

    name: str
    type: str  # "text", "int", "bool", "list", "date", "symbol", "ids", "choice", "themes"
    required: bool = False
    doc: str = ""
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Kind:
    """A kind of entity page."""

    name: str
    folder: str
    title: str
    fields: tuple[Field, ...]
    sections: tuple[str, ...] = ()
    #: Sections required only when a boolean field is true: section -> field.
    conditional: dict[str, str] = field(default_factory=dict)
    doc: str = ""

    def all_fields(self) -> dict[str, Field]:
        """Common and kind-specific fields by name."""
        return {f.name: f for f in (*COMMON, *self.fields)}

    def required_sections(self, meta: dict[str, Any]) -> list[str]:
        """The ``##`` sections this page must have, in order."""
        return [
            s
            for s in self.sections
            if s not in self.conditional or meta.get(self.conditional[s]) is True
        ]


COMMON: tuple[Field, ...] = (
    Field("title", "text", True, "Full name, as the sources give it."),
    Field(
        "summary",
        "text",
        True,
        "One sentence (at most 200 characters) shown when a reader hovers a link to the page.",
    ),
    Field("short", "text", False, "Short title or acronym, used as link text."),
    Field("aliases", "list", False, "Other names and spellings found in the sources."),
    Field("themes", "themes", False, "Any of: " + ", ".join(THEMES) + "."),
    Field(
        "related",
        "ids",
        False,
        "Ids of pages of any kind this page is linked to; the link is shown on both pages.",
    ),
    Field("kind", "text", False, "The kind; when given it must match the folder."),
    Field("id", "text", False, "The id; when given it must equal the file name."),
    Field("tags", "list", False, "Extra tags for the tag index."),
    Field("hide", "list", False, "Material for MkDocs: parts of the page layout to hide."),
    Field("search", "text", False, "Material for MkDocs search settings for the page."),
)

KINDS: dict[str, Kind] = {
    k.name: k
    for k in [
        Kind(
            "principle",
            "principles",
            "Principles",
            (
                Field(
                    "number", "int", True, "The principle's number, 1-17.", minimum=1, maximum=17
                ),
                Field("heading", "choice", True, "The heading it stands under.", tuple(HEADINGS)),
            ),
            ("Text", "What it asks", "In the sources", "Instruments", "Agencies and bodies"),
            doc="One of the 17 Recommended Principles (E/2002/68/Add.1).",
        ),
        Kind(
            "guideline",
            "guidelines",
            "Guidelines",
            (Field("number", "int", True, "The guideline's number, 1-11.", minimum=1, maximum=11),),
            ("Text", "What it asks", "In the sources", "Instruments", "Agencies and bodies"),
            doc="One of the 11 Recommended Guidelines (E/2002/68/Add.1).",
        ),
        Kind(
            "agency",
            "agencies",
            "Agencies",
            (
                Field("acronym", "text", False, "The acronym."),
                Field("icat_member", "bool", True, "Whether it is one of ICAT's 18 members."),
                Field(
                    "gap_analysis",
                    "bool",
                    True,
                    "Whether the ICAT review of 2010 has a gap analysis for it.",
                ),
                Field(
                    "type",
                    "choice",
                    True,
                    "What kind of organization it is.",
                    ("un-entity", "intergovernmental", "regional", "non-governmental"),
                ),
            ),
            (
                "Mandate",
                "Activities against trafficking",
                "ICAT gap analysis",
                "ICAT recommendations",
                "In other sources",
            ),
            {"ICAT gap analysis": "gap_analysis", "ICAT recommendations": "gap_analysis"},
            doc="An organization whose work against trafficking the sources describe.",
        ),
        Kind(
            "instrument",
            "instruments",
            "Instruments",
            (
                Field(
                    "type",
                    "choice",
                    True,
                    "What kind of instrument it is.",
                    (
                        "treaty",
                        "protocol",
                        "declaration",
                        "plan-of-action",
                        "resolution",
                        "guidelines",
                        "other",
                    ),
                ),
                Field("adopted", "date", False, "Date of adoption (YYYY, YYYY-MM or YYYY-MM-DD)."),
                Field("in_force", "date", False, "Date of entry into force."),
                Field("symbol", "symbol", False, "Its UN document symbol, if it has one."),
                Field("treaty_series", "text", False, "Treaty series reference."),
            ),
            (
                "What it is",
                "Adoption and entry into force",
                "In the sources",
                "Principles it underpins",
            ),
            doc="A treaty, protocol, declaration or plan of action the sources rely on.",
        ),
        Kind(
            "body",
            "bodies",
            "Bodies",
            (
                Field(
                    "type",
                    "choice",
                    True,
                    "What kind of body it is.",
                    (
                        "special-procedure",
                        "treaty-body",
                        "charter-body",
                        "intergovernmental",
                        "inter-agency",
                        "fund",
                        "other",
                    ),
                ),
                Field("established", "date", False, "When it was established."),
            ),
            ("What it is", "In the sources"),
            doc="A mechanism or coordination body: a Special Rapporteur, a treaty body, ICAT...",
        ),
        Kind(
            "event",
            "events",
            "Events",
            (
                Field("date", "date", True, "When it began."),
                Field("end_date", "date", False, "When it ended."),
                Field("place", "text", False, "Where it took place."),
            ),
            ("What happened", "In the sources"),
            doc="A meeting or other event the sources report.",
        ),
        Kind(
            "document",
            "documents",
            "Sources",
            (
                Field("symbol", "symbol", False, "The UN document symbol."),
                Field("issuer", "text", False, "The issuing body or author."),
                Field("date", "date", False, "The document's date."),
                Field("session", "text", False, "The session it was issued for."),
                Field(
                    "language",
                    "choice",
                    False,
                    "The language of the text.",
                    ("en", "es", "fr", "ar"),
                ),
                Field(
                    "group",
                    "choice",
                    False,
                    "The group of sources it belongs to.",
                    (
                        "reports",
                        "principles-guidelines",
                        "thematic-debate",
                        "statements",
                        "vienna-forum",
                    ),
                ),
                Field("source", "text", False, "Where the text comes from."),
                Field("speaker", "text", False, "For a statement: who spoke."),
                Field("affiliation", "text", False, "For a statement: the State or organization."),
                Field("panel", "text", False, "For a statement: the panel."),
                Field("native_name", "text", False, "The issuing body's name in its own script."),
                Field("native_lang", "text", False, "The language of `native_name`."),
                Field("subjects", "list", False, "Subject descriptors."),
            ),
            (),
            doc="A source document, generated by `handbook import`.",
        ),
    ]
}

FOLDER_KIND = {k.folder: k.name for k in KINDS.values()}


def _a(word: str) -> str:
    """``a principle``, ``an agency``."""
    return ("an " if word[:1] in "aeiou" else "a ") + word


def norm_date(value: Any) -> str | None:
    """A date field as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``None`` if invalid."""
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 2999:
        return str(value)
    if isinstance(value, str) and DATE_RE.match(value.strip()):
        return value.strip()
    return None


_TYPE_NAMES = {
    "text": "text",
    "int": "a whole number",
    "bool": "true or false",
    "list": "a list of text",
    "date": "a date (YYYY, YYYY-MM or YYYY-MM-DD)",
    "symbol": "a UN document symbol such as A/63/215",
    "ids": "a list of ids",
    "choice": "one of the allowed values",
    "themes": "a list of themes",
}


def validate(kind: Kind, src: Source) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Check ``src.meta`` against ``kind``; return the cleaned values and diagnostics."""
    out: dict[str, Any] = {}
    diags: list[Diagnostic] = []
    fields = kind.all_fields()
    meta = src.meta

    def bad(name: str, code: str, message: str, expected: str, fix: str) -> None:
        diags.append(
            Diagnostic.make(src.path, src.line_of(name), code, message, expected=expected, fix=fix)
        )

    for f in fields.values():
        if f.required and (f.name not in meta or meta[f.name] in (None, "")):
            diags.append(
                Diagnostic.make(
                    src.path,
                    1,
                    "HB010",
                    f"required field '{f.name}' is missing in the front "
                    f"matter of this {kind.name} page",
                    expected=f"'{f.name}:' with {_TYPE_NAMES[f.type]} ({f.doc})",
                    fix=f"add a line '{f.name}: ...' between the '---' lines",
                )
            )
    for name, value in meta.items():
        spec = fields.get(name)
        if spec is None:
            bad(
                name,
                "HB012",
                f"unknown field '{name}' for {_a(kind.name)} page",
                "one of: " + ", ".join(sorted(fields)) + "." + suggestion(name, fields),
                "correct the field's name or remove it",
            )
            continue
        if value is None:
            continue
        checker = _CHECKERS[spec.type]
        result = checker(spec, value)
        if isinstance(result, _Invalid):
            bad(
                name,
                result.code,
                f"field '{name}' {result.message}",
                result.expected
                or _TYPE_NAMES[spec.type]
                + (f" ({', '.join(spec.choices)})" if spec.choices else ""),
                result.fix,
            )
        else:
            out[name] = result
    return out, diags


@dataclass(frozen=True)
class _Invalid:
    code: str
    message: str
    expected: str = ""
    fix: str = "correct the value"


def _text(f: Field, v: Any) -> Any:
    if isinstance(v, (dict, list)):
        return _Invalid("HB011", f"is a {type(v).__name__}, not text")
    if isinstance(v, bool):
        return _Invalid("HB011", "is true/false, not text", fix="write the text, in quotes")
    s = str(v).strip()
    if f.name == "summary" and len(s) > 200:
        return _Invalid(
            "HB013",
            f"is {len(s)} characters long",
            "at most 200 characters",
            "shorten the summary to one sentence",
        )
    return s


def _int(f: Field, v: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, int):
        return _Invalid("HB011", f"is {v!r}, not a whole number")
    if (f.minimum is not None and v < f.minimum) or (f.maximum is not None and v > f.maximum):
        return _Invalid(
            "HB013", f"is {v}, out of range", f"a number from {f.minimum} to {f.maximum}"
        )
    return v


def _bool(f: Field, v: Any) -> Any:
    if not isinstance(v, bool):
        return _Invalid("HB011", f"is {v!r}, not true or false", fix="write true or false")
    return v


def _list(f: Field, v: Any) -> Any:
    if isinstance(v, str):
        return [v]
    if not isinstance(v, list) or not all(isinstance(x, (str, int, float)) for x in v):
        return _Invalid(
            "HB011", "is not a list of text", fix="write [a, b] or one '- item' per line"
        )
    return [str(x) for x in v]


def _date(f: Field, v: Any) -> Any:
    d = norm_date(v)
    if d is None:
        return _Invalid(
            "HB013",
            f"is {v!r}, not a date",
            "YYYY, YYYY-MM or YYYY-MM-DD, quoted",
            f'write for example {f.name}: "2000-11-15"',
        )
    return d


def _symbol(f: Field, v: Any) -> Any:
    sym = symbols.parse(str(v))
    if sym is None:
        return _Invalid(
            "HB013",
            f"is {v!r}, not a UN document symbol",
            "a symbol such as A/63/215 or S/RES/1325 (2000)",
        )
    return sym.canonical


def _choice(f: Field, v: Any) -> Any:
    if not isinstance(v, str) or v not in f.choices:
        return _Invalid(
            "HB013",
            f"is {v!r}, not an allowed value",
            "one of: " + ", ".join(f.choices) + "." + suggestion(str(v), f.choices),
        )
    return v


def _themes(f: Field, v: Any) -> Any:
    items = _list(f, v)
    if isinstance(items, _Invalid):
        return items
    for t in items:
        if t not in THEMES:
            return _Invalid(
                "HB013",
                f"has {t!r}, not a theme",
                "any of: " + ", ".join(THEMES) + "." + suggestion(t, THEMES),
            )
    return items


def _ids(f: Field, v: Any) -> Any:
    items = _list(f, v)
    if isinstance(items, _Invalid):
        return items
    for i in items:
        if not ID_RE.match(i):
            return _Invalid(
                "HB022", f"has {i!r}, not an id", "lower-case letters, digits and hyphens"
            )
    return items


_CHECKERS: dict[str, Callable[[Field, Any], Any]] = {
    "text": _text,
    "int": _int,
    "bool": _bool,
    "list": _list,
    "date": _date,
    "symbol": _symbol,
    "choice": _choice,
    "themes": _themes,
    "ids": _ids,
}
