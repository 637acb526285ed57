"""The grammar of United Nations document symbols: parse, normalise, find in prose.

A symbol is a series of segments separated by ``/``: an organ or series prefix in capitals
(``A``, ``E``, ``S``, ``CEDAW`` ...), then at least two more segments, each either a number
(``63``, ``215``, ``208B``) or a word that may carry a dotted number (``CN.4``, ``Sub.2``,
``Add.1``, ``Corr.1``, ``CRP.5``, ``HRC``, ``IX``, ``GEO``). Security Council resolutions may
end in a year, ``S/RES/1325 (2000)``, and early General Assembly resolutions in their
session in Roman numerals, ``A/RES/217 (III)``; both are canonically written without the
space.

What is *not* a symbol: dates and fractions (``2006/27``, ``24/7``, ``1/2``), URL paths,
word pairs (``HIV/AIDS``), anything with a lower-case prefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

ODS_URL = "https://docs.un.org/en/"

#: Series prefixes of UN document symbols. A symbol must start with one of them, so that
#: upper-case word pairs in prose (``HIV/AIDS/2008``) are not taken for symbols.
PREFIXES: frozenset[str] = frozenset(
    {
        "A",
        "E",
        "S",
        "ST",
        "SG",
        "CCPR",
        "CEDAW",
        "CERD",
        "CRC",
        "CAT",
        "CMW",
        "CED",
        "CRPD",
        "CEB",
        "CTOC",
        "DP",
        "HRI",
        "TD",
        "UNEP",
        "ECE",
        "ECA",
        "ECLAC",
        "ESCAP",
        "ESCWA",
        "FCCC",
        "ICCD",
        "IDB",
        "UNW",
        "ACC",
        "CAC",
        "TRADE",
        "INF",
        "JIU",
        "SPLOS",
        "LOS",
        "UNCITRAL",
    }
)

_FIRST = r"[A-Z]{1,10}"
_SEG = r"(?:[A-Z][A-Za-z]{0,9}(?:\.\d{1,4}[A-Za-z]?)?|\d{1,5}[A-Z]?)"
# The ASCII-only classes matter: a Unicode superscript footnote digit glued to a symbol
# (``⁴A/62/209``) is ``\w`` for ``re``, and must not stop the match.
# At most 15 segments (the longest real symbols have 7): an unbounded repeat backtracks over
# the whole of a long run such as ``A/A/A/…/``, once per place a match may start.
_BODY = rf"{_FIRST}(?:/{_SEG}){{2,15}}"
_YEAR = r"(?:[ \u00a0]?\((\d{4}|[IVXL]{1,6})\))?"
_FIND_RE = re.compile(rf"(?<![A-Za-z0-9/._\-])({_BODY}){_YEAR}(?![A-Za-z0-9/])")
_FULL_RE = re.compile(rf"({_BODY}){_YEAR}")
_CORR_RE = re.compile(r"[ \u00a0]+and[ \u00a0]+((?:Corr|Add|Rev)\.\d{1,3})(?![A-Za-z0-9/])")
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_STRIP = "()[]{}.,;:!?\"'“”‘’«»*<>" + _SUPERSCRIPTS + " \t\u00a0"
#: Characters stripped around a symbol as written.
STRIP = _STRIP


@dataclass(frozen=True, order=True)
class Symbol:
    """A parsed UN document symbol."""

    segments: tuple[str, ...]
    year: str | None = None

    @property
    def canonical(self) -> str:
        """The canonical form: ``S/RES/1325(2000)``, ``A/63/215``."""
        body = "/".join(self.segments)
        return f"{body}({self.year})" if self.year else body

    @property
    def url(self) -> str:
        """The document's address in the UN Official Document System."""
        return ODS_URL + self.canonical

    @property
    def slug(self) -> str:
        """A file-name form: ``a-63-215``, ``e-cn-4-2003-74``."""
        return re.sub(r"[^a-z0-9]+", "-", self.canonical.lower()).strip("-")

    def __str__(self) -> str:
        return self.canonical


def _valid(body: str) -> bool:
    first = body.split("/", 1)[0]
    return first in PREFIXES and any(ch.isdigit() for ch in body)


def _build(body: str, year: str | None) -> Symbol:
    segments = tuple(body.split("/"))
    if year:
        council = len(segments) >= 3 and segments[0] == "S" and segments[1] == "RES"
        assembly = len(segments) >= 3 and segments[0] == "A" and segments[1] == "RES"
        # Security Council resolutions end in a year, S/RES/1325 (2000); early General
        # Assembly resolutions in the session in Roman numerals, A/RES/217(III).
        if not ((council and year.isdigit()) or (assembly and not year.isdigit())):
            year = None
    return Symbol(segments, year)


def parse(text: str) -> Symbol | None:
    """Parse one symbol as written, or return ``None`` if ``text`` is not a symbol.

    Surrounding punctuation, brackets, quotes and footnote digits are stripped first:
    ``(E/CN.4/2003/79/Add.2).`` parses as ``E/CN.4/2003/79/Add.2``.
    """
    s = text.strip(_STRIP)
    # Leading "see" as in "(see A/HRC/4/34".
    s = re.sub(r"^(?:see|See)\s+", "", s)
    # A year in brackets keeps its closing bracket: restore it if stripping took it away.
    if re.search(r"\((?:\d{4}|[IVXL]{1,6})$", s):
        s += ")"
    m = _FULL_RE.fullmatch(s)
    if not m or not _valid(m.group(1)):
        return None
    sym = _build(m.group(1), m.group(2))
    if m.group(2) and sym.year is None:
        return None  # a year in brackets belongs only to Security Council resolutions
    return sym


def normalize(text: str) -> str | None:
    """The canonical form of ``text``, or ``None``."""
    sym = parse(text)
    return sym.canonical if sym else None


@dataclass(frozen=True)
class Match:
    """A symbol found in prose: its span in the text and the parsed symbol."""

    start: int
    end: int
    symbol: Symbol


def find(text: str) -> Iterator[Match]:
    """Every symbol in ``text``, in order, with its span (punctuation excluded).

    ``A/61/122/Add.1 and Corr.1`` yields the document and then its corrigendum, whose span
    is the ``Corr.1`` words.
    """
    for m in _FIND_RE.finditer(text):
        body, year = m.group(1), m.group(2)
        if not _valid(body):
            continue
        sym = _build(body, year)
        end = m.end() if sym.year else m.end(1)
        yield Match(m.start(1), end, sym)
        corr = _CORR_RE.match(text, end)
        if corr:
            yield Match(corr.start(1), corr.end(1), Symbol((*sym.segments, corr.group(1))))


#: The series of resolutions and decisions by issuing body, as SOURCES.md section 5 writes
#: them by convention: General Assembly, Human Rights Council, Commission on Human Rights,
#: Economic and Social Council.
_RESOLUTION_SERIES = {
    ("GA", False): "A/RES/",
    ("HRC", False): "A/HRC/RES/",
    ("HRC", True): "A/HRC/DEC/",
    ("CHR", False): "E/CN.4/RES/",
    ("CHR", True): "E/CN.4/DEC/",
    ("ECOSOC", False): "E/RES/",
    ("ECOSOC", True): "E/DEC/",
}
_RES_NUMBER = re.compile(r"^\s*(\d{1,4})/(\d{1,4})(?:\s?([A-Z]))?\s*$")


def resolution(number: str, body: str, *, decision: bool = False) -> Symbol | None:
    """The symbol of a resolution or decision cited by number: ``61/180`` of the General
    Assembly is ``A/RES/61/180``, ``2002/51`` of the Commission on Human Rights is
    ``E/CN.4/RES/2002/51``. Bare numbers cannot be resolved without the body, because the
    shapes collide (``8/12`` of the HRC, ``16/1`` of the CCPCJ): prose is not auto-linked."""
    series = _RESOLUTION_SERIES.get((body, decision))
    m = _RES_NUMBER.match(number)
    if series is None or m is None:
        return None
    return parse(f"{series}{m.group(1)}/{m.group(2)}{m.group(3) or ''}")
