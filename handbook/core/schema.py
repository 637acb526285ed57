"""The front-matter schema of each kind of page, and its validation.

The fields of each kind are declared in :mod:`handbook.core.kinds`; the tables in the
editors' guide are generated from those declarations, so the documentation cannot drift
from what ``handbook check`` enforces.
"""

from __future__ import annotations

import datetime as _dt
import re
import reprlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from handbook.core import symbols
from handbook.core.diagnostics import (
    FIELD_MISSING,
    FIELD_REFUSED,
    FIELD_TYPE,
    FIELD_UNKNOWN,
    FIELD_VALUE,
    ID_INVALID,
    LIMIT_EXCEEDED,
    Code,
    Diagnostic,
    suggestion,
)
from handbook.core.frontmatter import Source
from handbook.core.kinds import ID_RE, PAGE_KIND, REFUSED_FIELDS, THEMES, Field, Kind

#: The most items a list (or entries a mapping) may have.
MAX_ITEMS = 500
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
    "mapping": "'KEY: text' lines, indented under the field",
}
#: The longest a front-matter text may be (a title, a name, an alias...).
MAX_TEXT = 1_000
#: Characters a one-line text cannot hold: line breaks and other control characters.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ACRONYM_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.&/'-]{0,39}$")


def validate(kind: Kind, src: Source) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Check ``src.meta`` against ``kind``; return the cleaned values and diagnostics."""
    out: dict[str, Any] = {}
    diags: list[Diagnostic] = []
    fields = kind.all_fields()
    meta = src.meta

    def bad(name: str, code: Code, message: str, expected: str, fix: str) -> None:
        diags.append(
            Diagnostic.make(src.path, src.line_of(name), code, message, expected=expected, fix=fix)
        )

    for f in fields.values():
        if f.required and (f.name not in meta or meta[f.name] in (None, "")):
            diags.append(
                Diagnostic.make(
                    src.path,
                    1,
                    FIELD_MISSING,
                    f"required field '{f.name}' is missing in the front "
                    f"matter of this {kind.name} page",
                    expected=f"'{f.name}:' with {_TYPE_NAMES[f.type]} ({f.doc})",
                    fix=f"add a line '{f.name}: ...' between the '---' lines",
                )
            )
    for name, value in meta.items():
        spec = fields.get(name)
        if spec is None:
            if name in REFUSED_FIELDS:
                bad(
                    name,
                    FIELD_REFUSED,
                    f"field '{name}' is not allowed: it would control the theme or the page's head",
                    "the fields of the schema: " + ", ".join(sorted(fields)) + ".",
                    f"remove the '{name}' line",
                )
                continue
            bad(
                name,
                FIELD_UNKNOWN,
                f"unknown field '{_shown(name)}' for {_a(kind.name)} page",
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
    code: Code
    message: str
    expected: str = ""
    fix: str = "correct the value"


def validate_page(src: Source) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Check the front matter of a page that is not an entity (a chapter's index, the
    glossary, an overview, the editors' guide) against :data:`PAGE_FIELDS`."""
    return validate(PAGE_KIND, src)


_REPR = reprlib.Repr()  # (keyword arguments only from Python 3.12)
_REPR.maxlevel, _REPR.maxlist, _REPR.maxdict = 2, 4, 4
_REPR.maxstring = _REPR.maxother = 60


def _brief(v: object) -> str:
    """A value as a diagnostic shows it: its repr, bounded (a value built from YAML aliases
    can be vast when written out in full), on one line."""
    return one_line(_REPR.repr(v), 80)


def _shown(name: str) -> str:
    """A field name as a diagnostic shows it: control characters made visible, cut short."""
    return one_line(name, 60)


def one_line(text: str, most: int = 200) -> str:
    """``text`` for a one-line message: control characters shown as escapes, at most
    ``most`` characters."""
    s = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))
    return s if len(s) <= most else s[: most - 1] + "…"


def _text(f: Field, v: Any) -> Any:
    if isinstance(v, (dict, list)):
        return _Invalid(FIELD_TYPE, f"is a {type(v).__name__}, not text")
    if isinstance(v, bool):
        return _Invalid(FIELD_TYPE, "is true/false, not text", fix="write the text, in quotes")
    s = str(v).strip()
    if _CONTROL.search(s):
        return _Invalid(
            FIELD_VALUE,
            f"holds a line break or another control character ({one_line(s, 60)})",
            "text on one line",
            "write the value on one line (in YAML, a folded value '>-' joins its lines)",
        )
    if len(s) > MAX_TEXT:
        return _Invalid(
            LIMIT_EXCEEDED,
            f"is {len(s):,} characters long",
            f"at most {MAX_TEXT:,} characters",
            "shorten the value",
        )
    if f.name == "summary" and len(s) > 200:
        return _Invalid(
            FIELD_VALUE,
            f"is {len(s)} characters long",
            "at most 200 characters",
            "shorten the summary to one sentence",
        )
    return s


def _int(f: Field, v: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, int):
        return _Invalid(FIELD_TYPE, f"is {_brief(v)}, not a whole number")
    if (f.minimum is not None and v < f.minimum) or (f.maximum is not None and v > f.maximum):
        return _Invalid(
            FIELD_VALUE, f"is {v}, out of range", f"a number from {f.minimum} to {f.maximum}"
        )
    return v


def _bool(f: Field, v: Any) -> Any:
    if not isinstance(v, bool):
        return _Invalid(FIELD_TYPE, f"is {_brief(v)}, not true or false", fix="write true or false")
    return v


def _list(f: Field, v: Any) -> Any:
    items = [v] if isinstance(v, str) else v
    if not isinstance(items, list) or not all(
        isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in items
    ):
        return _Invalid(
            FIELD_TYPE, "is not a list of text", fix="write [a, b] or one '- item' per line"
        )
    if len(items) > MAX_ITEMS:
        return _Invalid(
            LIMIT_EXCEEDED, f"has {len(items):,} items", f"at most {MAX_ITEMS:,}", "shorten it"
        )
    out = []
    for x in items:
        s = _text(f, x)
        if isinstance(s, _Invalid):
            return s
        out.append(s)
    if f.choices:
        for x in out:
            if x not in f.choices:
                return _Invalid(
                    FIELD_VALUE,
                    f"has {x!r}, not an allowed value",
                    "any of: " + ", ".join(f.choices) + "." + suggestion(x, f.choices),
                )
    return out


def _mapping(f: Field, v: Any) -> Any:
    if not isinstance(v, dict):
        return _Invalid(FIELD_TYPE, f"is a {type(v).__name__}, not 'KEY: text' lines")
    if len(v) > MAX_ITEMS:
        return _Invalid(
            LIMIT_EXCEEDED, f"has {len(v):,} entries", f"at most {MAX_ITEMS:,}", "shorten it"
        )
    out = {}
    for k, val in v.items():
        if not isinstance(k, str) or not _ACRONYM_KEY.match(k):
            return _Invalid(
                FIELD_VALUE,
                f"has the key {one_line(repr(k), 60)}",
                "a short name (letters, digits, '.', '&', '/', \"'\" or '-')",
            )
        s = _text(f, val)
        if isinstance(s, _Invalid):
            return s
        out[k] = s
    return out


def _date(f: Field, v: Any) -> Any:
    d = norm_date(v)
    if d is None:
        return _Invalid(
            FIELD_VALUE,
            f"is {_brief(v)}, not a date",
            "YYYY, YYYY-MM or YYYY-MM-DD, quoted",
            f'write for example {f.name}: "2000-11-15"',
        )
    return d


def _symbol(f: Field, v: Any) -> Any:
    sym = symbols.parse(str(v))
    if sym is None:
        return _Invalid(
            FIELD_VALUE,
            f"is {_brief(v)}, not a UN document symbol",
            "a symbol such as A/63/215 or S/RES/1325 (2000)",
        )
    return sym.canonical


def _choice(f: Field, v: Any) -> Any:
    if not isinstance(v, str) or v not in f.choices:
        return _Invalid(
            FIELD_VALUE,
            f"is {_brief(v)}, not an allowed value",
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
                FIELD_VALUE,
                f"has {_brief(t)}, not a theme",
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
                ID_INVALID, f"has {_brief(i)}, not an id", "lower-case letters, digits and hyphens"
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
    "mapping": _mapping,
}
