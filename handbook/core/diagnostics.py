"""Diagnostics: one format for every content problem, with stable codes.

A diagnostic is reported once, as ``path:line: [HBnnn] message`` followed by what was
expected and how to fix it. The codes and their documentation live in :data:`CODES`; the
editors' guide page on diagnostics is generated from it.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How bad a diagnostic is. ``error`` and ``warning`` fail the check; ``info`` does not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Code:
    """A documented diagnostic code."""

    code: str
    severity: Severity
    title: str
    doc: str


CODES: dict[str, Code] = {
    c.code: c
    for c in [
        # Files and front matter
        Code(
            "HB001",
            Severity.ERROR,
            "Front matter is not valid YAML",
            "The block between the opening `---` and the closing `---` must be valid YAML. "
            "Tabs cannot indent YAML; strings containing `: ` must be quoted.",
        ),
        Code(
            "HB002",
            Severity.ERROR,
            "Front matter is not a mapping or is missing",
            "An entity page starts with `---`, then `field: value` lines, then `---`.",
        ),
        Code(
            "HB003",
            Severity.ERROR,
            "File is not UTF-8 text",
            "Pages and .bib files are read as UTF-8. Re-save the file as UTF-8.",
        ),
        Code(
            "HB004",
            Severity.ERROR,
            "File is empty",
            "An entity page needs at least its front matter.",
        ),
        Code(
            "HB005",
            Severity.ERROR,
            "File is too large",
            "Pages larger than the limit (2 MB) are not processed; split the page.",
        ),
        Code(
            "HB010",
            Severity.ERROR,
            "Required field missing",
            "Each kind has required front-matter fields; see the schema tables.",
        ),
        Code(
            "HB011",
            Severity.ERROR,
            "Field has the wrong type",
            "The value of a front-matter field must have the type the schema names.",
        ),
        Code(
            "HB012",
            Severity.WARNING,
            "Unknown field",
            "The front matter has a field the schema does not know; it is probably misspelt.",
        ),
        Code(
            "HB013",
            Severity.ERROR,
            "Invalid value",
            "The value is of the right type but not one the field allows (a theme, a date, a "
            "number out of range, a symbol that does not parse).",
        ),
        Code(
            "HB020",
            Severity.ERROR,
            "Unknown or mismatched kind",
            "`kind`, when given, must be one of the kinds and match the page's folder.",
        ),
        Code(
            "HB021",
            Severity.ERROR,
            "Duplicate id",
            "Ids are unique across all kinds: two pages have the same file name.",
        ),
        Code(
            "HB022",
            Severity.ERROR,
            "Invalid id",
            "An id is the file name without `.md`: lower-case letters, digits and hyphens, "
            "starting with a letter or digit. `id`, when given in front matter, must equal it.",
        ),
        Code(
            "HB023",
            Severity.ERROR,
            "Duplicate number",
            "Two principles (or two guidelines) carry the same number.",
        ),
        Code(
            "HB030",
            Severity.WARNING,
            "Required section missing",
            "Each kind has required `##` sections, in order; see the schema tables.",
        ),
        Code(
            "HB031",
            Severity.INFO,
            "Section without a citation",
            "A factual section should cite its sources with `cite`.",
        ),
        # Macros and links
        Code(
            "HB101",
            Severity.ERROR,
            "Unknown id",
            "A link macro or a `related` list names an id that no page defines.",
        ),
        Code(
            "HB102",
            Severity.ERROR,
            "Unknown number",
            "`principle(n)` or `guideline(n)` names a number that no page carries.",
        ),
        Code(
            "HB110",
            Severity.ERROR,
            "Unknown macro",
            "The name inside `{{ }}` is not a macro; see the macro reference.",
        ),
        Code(
            "HB111",
            Severity.ERROR,
            "Wrong macro arguments",
            "The macro was called with the wrong number or type of arguments.",
        ),
        Code(
            "HB112",
            Severity.ERROR,
            "Malformed macro call",
            "The text inside `{{ }}` is not a call with literal arguments, or `{{` is not "
            "closed on the same line. To show braces literally, put them in a code span.",
        ),
        Code(
            "HB113",
            Severity.ERROR,
            "Macro in a heading",
            "Headings must be plain text: they become the table of contents and anchors.",
        ),
        Code(
            "HB120",
            Severity.ERROR,
            "Not a UN document symbol",
            "`doc()` needs a UN document symbol (such as `A/63/215`) or a document id.",
        ),
        Code(
            "HB130",
            Severity.ERROR,
            "Broken internal link",
            "A Markdown link points to a page or anchor that does not exist.",
        ),
        # Citations and bibliography
        Code(
            "HB201",
            Severity.ERROR,
            "Unknown citation key",
            "`cite()` names a key that no .bib file defines and that is not a UN symbol.",
        ),
        Code(
            "HB202",
            Severity.ERROR,
            "Unknown locator",
            "The locator names a paragraph, section or note that the cited document's page "
            "does not have.",
        ),
        Code(
            "HB203",
            Severity.INFO,
            "Symbol cited without a bibliography entry",
            "A UN symbol was cited that no .bib entry carries; a generated entry is used.",
        ),
        Code(
            "HB210",
            Severity.ERROR,
            "Bibliography parse error",
            "A .bib entry could not be parsed (unbalanced braces, a missing comma...).",
        ),
        Code(
            "HB211",
            Severity.ERROR,
            "Duplicate bibliography key",
            "Every key is defined once across all .bib files.",
        ),
        Code(
            "HB212",
            Severity.ERROR,
            "Bibliography entry misses a required field",
            "Each entry type has required fields (for example `@book` needs `title`, "
            "`publisher` and `year`).",
        ),
        Code(
            "HB213",
            Severity.ERROR,
            "Unknown bibliography entry type",
            "The entry type is not one of the supported BibTeX types.",
        ),
        Code("HB214", Severity.INFO, "Unused bibliography entry", "No page cites this entry."),
        Code(
            "HB215",
            Severity.ERROR,
            "Bibliography cross-reference not found",
            "`crossref` names a key that no .bib file defines.",
        ),
    ]
}


@dataclass(frozen=True)
class Diagnostic:
    """One content problem at one place."""

    path: str
    line: int
    code: str
    message: str
    expected: str = ""
    fix: str = ""
    severity: Severity = field(default=Severity.ERROR)

    @classmethod
    def make(
        cls, path: str, line: int, code: str, message: str, *, expected: str = "", fix: str = ""
    ) -> Diagnostic:
        """Build a diagnostic whose severity comes from its code."""
        return cls(path, max(line, 1), code, message, expected, fix, CODES[code].severity)

    @property
    def fails(self) -> bool:
        """Whether this diagnostic makes ``handbook check`` exit 1."""
        return self.severity is not Severity.INFO

    def headline(self) -> str:
        """The first line: ``path:line: [HBnnn] message``."""
        return f"{self.path}:{self.line}: [{self.code}] {self.message}"

    def format(self) -> str:
        """The full text: headline, then ``expected:`` and ``fix:`` lines."""
        lines = [self.headline()]
        if self.expected:
            lines.append(f"  expected: {self.expected}")
        if self.fix:
            lines.append(f"  fix: {self.fix}")
        return "\n".join(lines)

    def format_github(self) -> str:
        """A GitHub Actions workflow annotation."""
        level = {"error": "error", "warning": "warning", "info": "notice"}[self.severity.value]
        body = self.message
        if self.expected:
            body += f"\nexpected: {self.expected}"
        if self.fix:
            body += f"\nfix: {self.fix}"
        body = body.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        # A file name is the pull request's to choose: escaped as the Actions toolkit does a
        # property, a newline, comma or colon in it cannot start a command or a property.
        path = self.path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        path = path.replace(":", "%3A").replace(",", "%2C")
        return f"::{level} file={path},line={self.line},title={self.code}::{body}"

    def as_json(self) -> dict[str, object]:
        """A JSON-serialisable dict."""
        return {
            "path": self.path,
            "line": self.line,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "expected": self.expected,
            "fix": self.fix,
        }


def did_you_mean(word: str, candidates: Iterable[str], n: int = 1) -> list[str]:
    """Close matches for ``word`` among ``candidates`` (case-insensitive)."""
    cands = list(candidates)
    lowered = {c.lower(): c for c in cands}
    hits = difflib.get_close_matches(word.lower(), list(lowered), n=n, cutoff=0.6)
    return [lowered[h] for h in hits]


def suggestion(word: str, candidates: Iterable[str]) -> str:
    """`` Did you mean 'x'?`` or the empty string."""
    hits = did_you_mean(word, candidates)
    return f" Did you mean '{hits[0]}'?" if hits else ""


def sort_key(d: Diagnostic) -> tuple[str, int, str]:
    """Order diagnostics by file, line and code."""
    return (d.path, d.line, d.code)


def dumps_json(diags: Iterable[Diagnostic]) -> str:
    """All diagnostics as a JSON list."""
    return json.dumps([d.as_json() for d in diags], indent=2, ensure_ascii=False)
