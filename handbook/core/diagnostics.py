"""Diagnostics: one format for every content problem, with stable codes.

A diagnostic is reported once, as ``path:line: [HBnnn] message`` followed by what was
expected and how to fix it. The codes and their documentation live in :data:`CODES`; the
editors' guide page on diagnostics is generated from it.
"""

from __future__ import annotations

import difflib
import json
import re
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
    #: Whether the page shows the problem where it is, as an error marker holding the
    #: editor's text (macro and citation errors): nothing is lost from the page.
    marks_page: bool = False

    def __str__(self) -> str:
        return self.code


#: Every diagnostic code, by code (filled by :func:`_code`, in the order below).
CODES: dict[str, Code] = {}


def _code(code: str, severity: Severity, title: str, doc: str, *, marks_page: bool = False) -> Code:
    c = CODES[code] = Code(code, severity, title, doc, marks_page)
    return c


# The codes, as named constants: the engine writes ``Diagnostic.make(path, line, ID_UNKNOWN,
# ...)``; the editors' guide table and the tests' sets of codes are made from this table.

# Files and front matter
FRONT_MATTER_YAML = _code(
    "HB001",
    Severity.ERROR,
    "Front matter is not valid YAML",
    "The block between the opening `---` and the closing `---` must be valid YAML. "
    "Tabs cannot indent YAML; strings containing `: ` must be quoted.",
)
FRONT_MATTER_MISSING = _code(
    "HB002",
    Severity.ERROR,
    "Front matter is not a mapping or is missing",
    "An entity page starts with `---`, then `field: value` lines, then `---`.",
)
NOT_UTF8 = _code(
    "HB003",
    Severity.ERROR,
    "File is not UTF-8 text",
    "Pages and .bib files are read as UTF-8. Re-save the file as UTF-8.",
)
EMPTY_FILE = _code(
    "HB004",
    Severity.ERROR,
    "File is empty",
    "An entity page needs at least its front matter.",
)
FILE_TOO_LARGE = _code(
    "HB005",
    Severity.ERROR,
    "File is too large",
    "Pages larger than the limit (2 MB) are not processed; split the page.",
)
SYMLINK_OUTSIDE = _code(
    "HB006",
    Severity.ERROR,
    "Link to a file outside the project",
    "A page, folder or .bib file is a symbolic link to something outside the project. Such "
    "files are not read or published: copy the file into the project instead.",
)
LIMIT_EXCEEDED = _code(
    "HB007",
    Severity.ERROR,
    "Input beyond a limit",
    "A page, a value or a structure exceeds one of the limits that keep every build within "
    "its time and memory bounds (nesting depth, length of a value, number of macro calls); "
    "the diagnostic names the limit. Split or shorten the text.",
)
FIELD_MISSING = _code(
    "HB010",
    Severity.ERROR,
    "Required field missing",
    "Each kind has required front-matter fields; see the schema tables.",
)
FIELD_TYPE = _code(
    "HB011",
    Severity.ERROR,
    "Field has the wrong type",
    "The value of a front-matter field must have the type the schema names.",
)
FIELD_UNKNOWN = _code(
    "HB012",
    Severity.WARNING,
    "Unknown field",
    "The front matter has a field the schema does not know; it is probably misspelt.",
)
FIELD_VALUE = _code(
    "HB013",
    Severity.ERROR,
    "Invalid value",
    "The value is of the right type but not one the field allows (a theme, a date, a "
    "number out of range, a symbol that does not parse).",
)
FIELD_REFUSED = _code(
    "HB014",
    Severity.ERROR,
    "Field not allowed",
    "The field would control the theme (`template`, `location`, `author`, ...) or the page's "
    "head; pages cannot set it. Remove it.",
)
KIND_MISMATCH = _code(
    "HB020",
    Severity.ERROR,
    "Unknown or mismatched kind",
    "`kind`, when given, must be one of the kinds and match the page's folder.",
)
ID_DUPLICATE = _code(
    "HB021",
    Severity.ERROR,
    "Duplicate id",
    "Ids are unique across all kinds: two pages have the same file name.",
)
ID_INVALID = _code(
    "HB022",
    Severity.ERROR,
    "Invalid id",
    "An id is the file name without `.md`: lower-case letters, digits and hyphens, "
    "starting with a letter or digit. `id`, when given in front matter, must equal it.",
)
NUMBER_DUPLICATE = _code(
    "HB023",
    Severity.ERROR,
    "Duplicate number",
    "Two principles (or two guidelines) carry the same number.",
)
SECTION_MISSING = _code(
    "HB030",
    Severity.WARNING,
    "Required section missing",
    "Each kind has required `##` sections, in order; see the schema tables.",
)
SECTION_UNCITED = _code(
    "HB031",
    Severity.INFO,
    "Section without a citation",
    "A factual section should cite its sources with `cite`.",
)
SCAFFOLD_UNCHANGED = _code(
    "HB032",
    Severity.ERROR,
    "Placeholder text of `handbook new` left in the page",
    "The page still has the placeholder summary or a section that holds only the "
    "scaffold's comment. Write the summary and the section, from the sources, with citations.",
)

# Macros and links
ID_UNKNOWN = _code(
    "HB101",
    Severity.ERROR,
    "Unknown id",
    "A link macro or a `related` list names an id that no page defines.",
    marks_page=True,
)
NUMBER_UNKNOWN = _code(
    "HB102",
    Severity.ERROR,
    "Unknown number",
    "`principle(n)` or `guideline(n)` names a number that no page carries.",
    marks_page=True,
)
MACRO_UNKNOWN = _code(
    "HB110",
    Severity.ERROR,
    "Unknown macro",
    "The name inside `{{ }}` is not a macro; see the macro reference.",
    marks_page=True,
)
MACRO_ARGUMENTS = _code(
    "HB111",
    Severity.ERROR,
    "Wrong macro arguments",
    "The macro was called with the wrong number or type of arguments.",
    marks_page=True,
)
MACRO_MALFORMED = _code(
    "HB112",
    Severity.ERROR,
    "Malformed macro call",
    "The text inside `{{ }}` is not a call with literal arguments, or `{{` is not "
    "closed on the same line. To show braces literally, put them in a code span.",
    marks_page=True,
)
MACRO_IN_HEADING = _code(
    "HB113",
    Severity.ERROR,
    "Macro in a heading",
    "Headings must be plain text: they become the table of contents and anchors.",
    marks_page=True,
)
MACRO_IN_TAG = _code(
    "HB114",
    Severity.ERROR,
    "Macro inside an HTML tag",
    'A macro in a raw HTML tag (in an attribute, such as `title="{{ cite(...) }}"`) would '
    "put its link inside the attribute, where no reader sees it.",
    marks_page=True,
)
SYMBOL_INVALID = _code(
    "HB120",
    Severity.ERROR,
    "Not a UN document symbol",
    "`doc()` needs a UN document symbol (such as `A/63/215`) or a document id.",
    marks_page=True,
)
LINK_BROKEN = _code(
    "HB130",
    Severity.ERROR,
    "Broken internal link",
    "A Markdown link points to a page or anchor that does not exist.",
)
ACTIVE_HTML = _code(
    "HB140",
    Severity.ERROR,
    "Active HTML in a page",
    "Raw `<script>`, `<iframe>`, `<object>`, `<embed>`, `<link>`, `<style>`, `<base>`, "
    "`<meta>`, `<form>`, event-handler attributes (`onclick=`...) and `javascript:` or "
    "`data:` URLs are not allowed in pages: they would run in readers' browsers. Use Markdown "
    "and the macros; the element is shown as text.",
)
MACRO_IN_OUTPUT = _code(
    "HB141",
    Severity.ERROR,
    "Macro or citation left unexpanded",
    "The built page shows macro syntax (`{{ ... }}`) outside code: the page's Markdown makes "
    "it text where the engine expected it to run (for example after a stray backtick). Put "
    "literal braces in a code span, or fix the Markdown around the call.",
)

# Citations and bibliography
CITE_KEY_UNKNOWN = _code(
    "HB201",
    Severity.ERROR,
    "Unknown citation key",
    "`cite()` names a key that no .bib file defines and that is not a UN symbol.",
    marks_page=True,
)
LOCATOR_UNKNOWN = _code(
    "HB202",
    Severity.ERROR,
    "Unknown locator",
    "The locator names a paragraph, section or note that the cited document's page does not have.",
    marks_page=True,
)
CITE_SYMBOL_NO_ENTRY = _code(
    "HB203",
    Severity.INFO,
    "Symbol cited without a bibliography entry",
    "A UN symbol was cited that no .bib entry carries; a generated entry is used.",
)
PINPOINT_MISSING = _code(
    "HB204",
    Severity.WARNING,
    "Citation without a pinpoint",
    "The cited source has numbered paragraphs or passages, but the citation names none: "
    "add the paragraph (`para. 12`) or passage (`¶ 12`) the statement rests on.",
)
PINPOINT_SECTION = _code(
    "HB205",
    Severity.WARNING,
    "Section-level pinpoint where passages exist",
    "The citation names a whole section of a source whose passages are numbered: name the "
    "passage (`¶ 12`) the statement rests on.",
)
BIB_PARSE = _code(
    "HB210",
    Severity.ERROR,
    "Bibliography parse error",
    "A .bib entry could not be parsed (unbalanced braces, a missing comma...).",
)
BIB_KEY_DUPLICATE = _code(
    "HB211",
    Severity.ERROR,
    "Duplicate bibliography key",
    "Every key is defined once across all .bib files.",
)
BIB_FIELD_MISSING = _code(
    "HB212",
    Severity.ERROR,
    "Bibliography entry misses a required field",
    "Each entry type has required fields (for example `@book` needs `title`, "
    "`publisher` and `year`).",
)
BIB_TYPE_UNKNOWN = _code(
    "HB213",
    Severity.ERROR,
    "Unknown bibliography entry type",
    "The entry type is not one of the supported BibTeX types.",
)
BIB_UNUSED = _code("HB214", Severity.INFO, "Unused bibliography entry", "No page cites this entry.")
BIB_CROSSREF_MISSING = _code(
    "HB215",
    Severity.ERROR,
    "Bibliography cross-reference not found",
    "`crossref` names a key that no .bib file defines.",
)
BIB_FIELD_INVALID = _code(
    "HB216",
    Severity.ERROR,
    "Bibliography field cannot be used",
    "A .bib field is too long, or holds LaTeX the engine cannot turn into text (for "
    "example `\\href` or an unbalanced command). Write the field as plain text.",
)


# Source configuration (sources/documents.yaml: `handbook import`; reported by
# `handbook check` too)
SOURCES_YAML = _code(
    "HB301",
    Severity.ERROR,
    "Source configuration is not valid YAML",
    "`sources/documents.yaml` must be one valid YAML document.",
)
SOURCES_ALIAS = _code(
    "HB302",
    Severity.ERROR,
    "YAML anchor, alias or tag in the source configuration",
    "Anchors (`&x`), aliases (`*x`) and tags (`!x`) are refused: write every value out "
    "in full. (A few hundred bytes of aliases can otherwise expand to gigabytes, and "
    "a tag can name code.)",
)
SOURCES_TOO_LARGE = _code(
    "HB303",
    Severity.ERROR,
    "Source configuration or seed too large",
    "Limits: the configuration 1 MB and 16 levels of nesting, a seed 4 MB, 500 "
    "documents, 2,000 corrections, 8 MB imported in all, a generated page 2 MB.",
)
SOURCES_UNKNOWN_KEY = _code(
    "HB304",
    Severity.ERROR,
    "Unknown key in the source configuration",
    "A key of a document, of its `options` or of a correction that the importer does "
    "not know; it is probably misspelt (an unknown option would otherwise be ignored).",
)
SOURCES_KEY_MISSING = _code(
    "HB305",
    Severity.ERROR,
    "Required key missing in the source configuration",
    "Every document needs `id`, `seed`, `lines`, `title` and `summary` (these two may "
    "come from `defaults`); every correction `doc`, `source`, `correction` and "
    "`reason`.",
)
SOURCES_TYPE = _code(
    "HB306",
    Severity.ERROR,
    "Wrong type in the source configuration",
    "The value must have the type the key needs: text, a whole number, true/false, a "
    "list or a mapping (see the comments at the top of `sources/documents.yaml`).",
)
SOURCES_VALUE = _code(
    "HB307",
    Severity.ERROR,
    "Invalid value in the source configuration",
    "The value has the right type but is not allowed: an id or anchor that does not "
    "match its pattern, a line outside the seed or the document's range, a line "
    "break in a title, a value not among the choices.",
)
SOURCES_DUPLICATE = _code(
    "HB308",
    Severity.ERROR,
    "Duplicate in the source configuration",
    "A document id, an anchor of a document, or a key of a mapping is given twice.",
)
SOURCES_SEED = _code(
    "HB309",
    Severity.ERROR,
    "Source file not usable",
    "A seed is a plain file name of a regular file in `sources/seeds/` (no folder, no "
    "`..`, no symlink out of the folder); the configuration is a file of the project.",
)
SOURCES_UNSAFE_WRITE = _code(
    "HB310",
    Severity.ERROR,
    "Unsafe place to write an imported page",
    "`handbook import` writes only `docs/documents/<id>.md` in the project: not "
    "through a symlink, not over a page it did not write.",
)
SOURCES_TEXT_MISMATCH = _code(
    "HB311",
    Severity.ERROR,
    "Source text does not match its configuration",
    "A correction's reading is not in the text, a note has no call or a call no note, "
    "or a marker of the flat document is not found.",
)

# Site configuration (mkdocs.yml)
CONFIG_INVALID = _code(
    "HB401",
    Severity.ERROR,
    "mkdocs.yml is not valid",
    "mkdocs.yml cannot be read, or MkDocs rejects one of its settings (a misspelt option, "
    "a missing folder, a wrong type).",
)
CONFIG_REFUSED = _code(
    "HB402",
    Severity.ERROR,
    "Setting not allowed in mkdocs.yml",
    "The setting would run code or read files outside the project (hooks, an extension or "
    "plugin outside the allowed list, a path outside the project, scripts added to pages); "
    "see the threat model in the editors' guide.",
)
CONFIG_WARNING = _code(
    "HB403",
    Severity.WARNING,
    "MkDocs warns about mkdocs.yml",
    "MkDocs reports a problem with a setting; `mkdocs build --strict` fails on it.",
)

# Published addresses (data/published.json): the public interface
ADDRESS_GONE = _code(
    "HB501",
    Severity.ERROR,
    "Published address no longer exists",
    "An entity's URL listed in `data/published.json` has no page: the page was renamed, "
    "moved or deleted. Add `moved_from: OLD-ID` to the front matter of the page that "
    "replaces it (the build writes a redirect at the old URL), or withdraw the address on "
    "purpose with `handbook publish-addresses`.",
)
ADDRESS_PASSAGE_GONE = _code(
    "HB502",
    Severity.ERROR,
    "Published passage anchor no longer exists",
    "A passage anchor of a source document listed in `data/published.json` is no longer "
    "on the document's page (its numbering changed at import). Restore the numbering, or "
    "withdraw the anchors on purpose with `handbook publish-addresses`.",
)
ADDRESS_MOVED_INVALID = _code(
    "HB503",
    Severity.ERROR,
    "`moved_from` names an id in use",
    "`moved_from` lists the ids a page had before it was renamed; an id that a page still "
    "has, or that another page already claims, cannot be redirected.",
)
ADDRESSES_INVALID = _code(
    "HB504",
    Severity.ERROR,
    "List of published addresses cannot be read",
    "`data/published.json` is not the JSON that `handbook publish-addresses` writes.",
)


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
        cls,
        path: str,
        line: int,
        code: Code | str,
        message: str,
        *,
        expected: str = "",
        fix: str = "",
    ) -> Diagnostic:
        """Build a diagnostic whose severity comes from its code."""
        c = code if isinstance(code, Code) else CODES[code]
        return cls(path, max(line, 1), c.code, message, expected, fix, c.severity)

    @property
    def fails(self) -> bool:
        """Whether this diagnostic makes ``handbook check`` exit 1."""
        return self.severity is not Severity.INFO

    def headline(self) -> str:
        """The first line: ``path:line: [HBnnn] message`` (control characters escaped)."""
        return f"{visible(self.path)}:{self.line}: [{self.code}] {visible(self.message)}"

    def format(self) -> str:
        """The full text: headline, then ``expected:`` and ``fix:`` lines. Every part is
        one line: a line break or a terminal escape sequence in a message (from a macro
        argument or a file name) is shown escaped, so no output can fake another line."""
        lines = [self.headline()]
        if self.expected:
            lines.append(f"  expected: {visible(self.expected)}")
        if self.fix:
            lines.append(f"  fix: {visible(self.fix)}")
        return "\n".join(lines)

    def format_github(self) -> str:
        """A GitHub Actions workflow annotation (values escaped as the runner decodes them,
        so a message cannot end the annotation or name another file and line)."""
        level = {"error": "error", "warning": "warning", "info": "notice"}[self.severity.value]
        body = visible(self.message)
        if self.expected:
            body += f"\nexpected: {visible(self.expected)}"
        if self.fix:
            body += f"\nfix: {visible(self.fix)}"
        return (
            f"::{level} file={_gh_property(self.path)},line={self.line},"
            f"title={_gh_property(self.code)}::{_gh_data(body)}"
        )

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Diagnostic:
        """A diagnostic from :meth:`as_json` (``ValueError`` if it is not one)."""
        code = CODES.get(str(data.get("code")))
        if code is None:
            raise ValueError("not a diagnostic code")
        line = data.get("line")
        return cls.make(
            str(data["path"]),
            line if isinstance(line, int) else 1,
            code,
            str(data["message"]),
            expected=str(data.get("expected", "")),
            fix=str(data.get("fix", "")),
        )

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


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    r"""``text`` with control characters (line breaks, escape sequences, bidirectional
    overrides) written as ``\n``, ``\x1b``, ``\u202e``: what is printed is one line."""

    def esc(m: re.Match[str]) -> str:
        c = m.group(0)
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(c) or (
            f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"
        )

    return _CONTROL.sub(esc, str(text))


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


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
