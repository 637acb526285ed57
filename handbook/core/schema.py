"""The front-matter schema of each kind of page, and its validation.

The fields of each kind are declared in :mod:`handbook.core.kinds`; the tables in the
editors' guide are generated from those declarations, so the documentation cannot drift
from what ``handbook check`` enforces.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from handbook.core import symbols
from handbook.core.diagnostics import Diagnostic, suggestion
from handbook.core.frontmatter import Source
from handbook.core.kinds import ID_RE, THEMES, Field, Kind

DATE_RE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")


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
