"""Bibliography (.bib files) and citation locators.

The .bib files are parsed with bibtexparser v2 once per build and cached by file content,
so ``make serve`` rebuilds reuse them. Parsing is raw (``@string`` macros resolved);
LaTeX decoding and name splitting, which cost far more, run lazily per entry, only for
entries that are rendered, through bibtexparser's own middlewares.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import bibtexparser
from bibtexparser import model
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors, SplitNameParts
from pylatexenc.latex2text import LatexNodes2Text  # type: ignore[import-untyped]

from handbook.core import symbols
from handbook.core.diagnostics import (
    BIB_CROSSREF_MISSING,
    BIB_FIELD_INVALID,
    BIB_FIELD_MISSING,
    BIB_KEY_DUPLICATE,
    BIB_PARSE,
    BIB_TYPE_UNKNOWN,
    FIELD_VALUE,
    Diagnostic,
    suggestion,
)
from handbook.core.frontmatter import decode

# bibtexparser logs parse failures itself; we report them as diagnostics instead.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

#: Entry types and the fields each requires ("a|b": either). ``title`` is required by all,
#: since a reference without a title cannot be shown.
REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author|editor", "title", "publisher", "year"),
    "booklet": ("title",),
    "inbook": ("author|editor", "title", "chapter|pages", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "conference": ("author", "title", "booktitle", "year"),
    "manual": ("title",),
    "mastersthesis": ("author", "title", "school", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "misc": ("title",),
    "online": ("title",),
    "proceedings": ("title", "year"),
    "report": ("title",),
    "techreport": ("author", "title", "institution", "year"),
    "unpublished": ("author", "title", "note"),
}


#: The longest a .bib field may be (it is repeated in the hover text of every citation).
MAX_FIELD = 4_000
#: The largest .bib file read.
MAX_BIB_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class BibEntry:
    """One .bib entry with raw (undecoded) fields."""

    key: str
    type: str
    fields: tuple[tuple[str, str], ...]
    path: str
    line: int

    def get(self, name: str) -> str:
        """A raw field value, or the empty string."""
        for k, v in self.fields:
            if k == name:
                return v
        return ""

    @cached_property
    def symbol(self) -> str | None:
        """The canonical UN symbol in the ``symbol`` field, if any."""
        s = self.get("symbol")
        return symbols.normalize(s) if s else None


@dataclass(frozen=True)
class Decoded:
    """An entry's fields decoded to plain text, names split."""

    key: str
    type: str
    authors: tuple[str, ...]
    editors: tuple[str, ...]
    fields: dict[str, str]


@dataclass
class _Parsed:
    entries: list[BibEntry]
    diagnostics: list[Diagnostic]


@dataclass
class BibCache:
    """What a process keeps of the bibliography between loads (``mkdocs serve`` rebuilds):
    each .bib file as parsed, by path and content digest, and the decoded entries by the
    digest of their raw fields (also kept on disk between builds: :func:`load_decoded`,
    :func:`save_decoded`). Keyed by content, so nothing in it can be stale."""

    parsed: dict[tuple[str, str], _Parsed] = field(default_factory=dict)
    decoded: dict[str, Decoded] = field(default_factory=dict)
    #: The digests decoded or reused since the cache was made (the ones worth saving).
    used: set[str] = field(default_factory=set)
    #: Entries whose LaTeX cannot be decoded, by digest: why.
    failed: dict[str, str] = field(default_factory=dict)


_normalize = cache(symbols.normalize)


def _parse_file(path: str, data: bytes, bcache: BibCache) -> _Parsed:
    digest = hashlib.sha256(data).hexdigest()
    hit = bcache.parsed.get((path, digest))
    if hit is not None:
        return hit
    diags: list[Diagnostic] = []
    entries: list[BibEntry] = []
    text, bad = decode(path, data)
    if bad or text is None:
        res = _Parsed([], [bad] if bad else [])
        bcache.parsed[(path, digest)] = res
        return res
    lib = bibtexparser.parse_string(text)  # type: ignore[attr-defined]
    macros = {k.lower(): str(v.value) for k, v in lib.strings_dict.items()}
    for block in lib.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, model.DuplicateBlockKeyBlock):
            prev = lib.entries_dict.get(block.key)
            where = (
                f" (first defined on line {prev.start_line + 1})"
                if prev is not None and prev.start_line is not None
                else ""
            )
            diags.append(
                Diagnostic.make(
                    path,
                    line,
                    BIB_KEY_DUPLICATE,
                    f"bibliography key '{block.key}' is defined twice in this file{where}",
                    expected="every key defined once across all .bib files",
                    fix="remove one of the entries or give it another key",
                )
            )
        elif isinstance(block, model.ParsingFailedBlock):
            err = block.error
            lines = str(getattr(err, "abort_reason", "") or err or "").strip().splitlines()
            reason = lines[0].rstrip(".") if lines else "syntax error"
            if "end of file" in reason:
                reason += " (a brace or quote is not closed)"
            diags.append(
                Diagnostic.make(
                    path,
                    line,
                    BIB_PARSE,
                    f"this .bib block cannot be parsed: {reason}",
                    expected="@type{key, field = {value}, ...} with balanced braces",
                    fix="check the braces, quotes and commas of the entry",
                )
            )
        elif isinstance(block, model.Entry):
            fields = tuple((f.key.lower(), _concat(str(f.value), macros)) for f in block.fields)
            entries.append(BibEntry(block.key, block.entry_type.lower(), fields, path, line))
    res = _Parsed(entries, diags)
    bcache.parsed[(path, digest)] = res
    return res


_CONCAT_SPLIT = re.compile(r"\s#\s")


def _concat(value: str, macros: dict[str, str]) -> str:
    """Resolve BibTeX concatenation (``un # " Review"``), which bibtexparser's string
    interpolation leaves as written; whole-value ``@string`` references it resolves."""
    if "#" not in value:
        return value
    parts = []
    depth = 0
    cur = ""
    for ch in value:
        depth += ch == "{"
        depth -= ch == "}"
        if ch == "#" and depth == 0 and cur.endswith(" "):
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    out = []
    for part in (p.strip() for p in parts):
        if (len(part) >= 2 and part[0] == part[-1] == '"') or (
            part.startswith("{") and part.endswith("}")
        ):
            out.append(part[1:-1])
        elif part.lower() in macros:
            out.append(macros[part.lower()])
        elif part.isdigit():
            out.append(part)
        else:
            return value
    return "".join(out)


@dataclass
class Bibliography:
    """All entries of all .bib files, by key and by UN symbol."""

    entries: dict[str, BibEntry] = field(default_factory=dict)
    by_symbol: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    cache: BibCache = field(default_factory=BibCache, repr=False)
    _memo: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _decoded: dict[str, Decoded] = field(default_factory=dict, repr=False)

    def memo(self, what: str, key: str, make: Callable[[Bibliography, str], str]) -> str:
        """``make(self, key)``, computed once per entry (formatted references are reused
        across every citation of the entry on every page)."""
        hit = self._memo.get((what, key))
        if hit is None:
            hit = self._memo[(what, key)] = make(self, key)
        return hit

    def lookup(self, ref: str) -> BibEntry | None:
        """The entry for a key or a UN symbol."""
        e = self.entries.get(ref)
        if e is not None:
            return e
        canon = _normalize(ref)
        if canon and canon in self.by_symbol:
            return self.entries[self.by_symbol[canon]]
        return None

    def suggest(self, ref: str) -> str:
        """A did-you-mean for an unknown key."""
        return suggestion(ref, list(self.entries) + list(self.by_symbol))

    def decoded(self, key: str) -> Decoded:
        """The entry with LaTeX decoded and names split (cached); fields missing from an
        entry with ``crossref`` are taken from the entry it refers to."""
        e = self.entries[key]
        parent = self.entries.get(e.get("crossref"))
        if parent is not None and parent.key != key:
            have = {k for k, _ in e.fields}
            e = BibEntry(
                e.key,
                e.type,
                e.fields
                + tuple((k, v) for k, v in parent.fields if k not in have and k != "crossref"),
                e.path,
                e.line,
            )
        hit = self._decoded.get(key)
        if hit is None:
            hit = self._decoded[key] = _decode(e, self.cache)
        return hit

    def sort_key(self, key: str) -> tuple[str, str, str]:
        """How a bibliography sorts the entry: by the first author's family name (an issuing
        body by its whole name; a work without author or editor by its institution or
        title), then the given name, then the year."""
        d = self.decoded(key)
        raw = self.field(key, "author") or self.field(key, "editor")
        shown = (d.authors or d.editors or ("",))[0]
        year = d.fields.get("year") or d.fields.get("date", "")[:4]
        if not raw or not shown:
            whole = (
                d.fields.get("institution")
                or d.fields.get("organization")
                or d.fields.get("title", key)
            )
            return (whole.lower(), "", year)
        first = _split_names(raw)[0].strip()
        if first.startswith("{") and first.endswith("}"):
            return (shown.lower(), "", year)  # an issuing body, written whole
        words = shown.split()
        n = len(first.split(",", 1)[0].split()) if "," in first else 1
        family, given = " ".join(words[-n:]), " ".join(words[:-n])
        return (family.lower(), given.lower(), year)

    def field(self, key: str, name: str) -> str:
        """A field of an entry, following ``crossref`` for missing fields."""
        e = self.entries[key]
        v = e.get(name)
        if not v and e.get("crossref") in self.entries:
            v = self.entries[e.get("crossref")].get(name)
        return v


def _split_names(raw: str) -> list[str]:
    """The names of a BibTeX name list (``A and B``), split at ``and`` outside braces."""
    out, depth, cur = [], 0, ""
    for word in re.split(r"(\s+)", raw):
        depth += word.count("{") - word.count("}")
        if word == "and" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += word
    out.append(cur)
    return [n.strip() for n in out if n.strip()] or [""]


def load(files: list[tuple[str, bytes]], bcache: BibCache | None = None) -> Bibliography:
    """Parse the .bib files (path relative to the project, bytes) into one bibliography;
    ``bcache`` keeps what was parsed and decoded for the next load."""
    bib = Bibliography(cache=bcache if bcache is not None else BibCache())
    for path, data in sorted(files):
        parsed = _parse_file(path, data, bib.cache)
        bib.diagnostics.extend(parsed.diagnostics)
        for e in parsed.entries:
            prev = bib.entries.get(e.key)
            if prev is not None:
                if prev.path != e.path:
                    bib.diagnostics.append(
                        Diagnostic.make(
                            e.path,
                            e.line,
                            BIB_KEY_DUPLICATE,
                            f"bibliography key '{e.key}' is already "
                            f"defined in {prev.path}:{prev.line}",
                            expected="every key defined once across all .bib files",
                            fix="remove one of the entries or give it another key",
                        )
                    )
                continue
            bib.entries[e.key] = e
    for e in bib.entries.values():
        long = [k for k, v in e.fields if len(v) > MAX_FIELD]
        problem = decode_problem(e, bib.cache) if not long else None
        if long or problem:
            bib.diagnostics.append(
                Diagnostic.make(
                    e.path,
                    e.line,
                    BIB_FIELD_INVALID,
                    f"field '{long[0]}' of '{e.key}' is over {MAX_FIELD:,} characters"
                    if long
                    else f"'{e.key}' holds LaTeX that cannot be turned into text ({problem})",
                    expected=f"fields of plain text or simple LaTeX accents, at most "
                    f"{MAX_FIELD:,} characters",
                    fix="shorten the field" if long else "write the field as plain text",
                )
            )
        if e.type not in REQUIRED:
            bib.diagnostics.append(
                Diagnostic.make(
                    e.path,
                    e.line,
                    BIB_TYPE_UNKNOWN,
                    f"unknown entry type '@{e.type}' for '{e.key}'",
                    expected="one of: "
                    + ", ".join("@" + t for t in sorted(REQUIRED))
                    + "."
                    + suggestion(e.type, REQUIRED),
                    fix="use a standard BibTeX entry type",
                )
            )
            continue
        xref = e.get("crossref")
        if xref and xref not in bib.entries:
            bib.diagnostics.append(
                Diagnostic.make(
                    e.path,
                    e.line,
                    BIB_CROSSREF_MISSING,
                    f"'{e.key}' has crossref '{xref}', which no .bib file defines",
                    expected="the key of another entry" + suggestion(xref, bib.entries),
                    fix="correct the crossref key or add the entry",
                )
            )
        missing = [
            req
            for req in REQUIRED[e.type]
            if not any(bib.field(e.key, alt) for alt in req.split("|"))
        ]
        if missing:
            names = ", ".join(m.replace("|", " or ") for m in missing)
            bib.diagnostics.append(
                Diagnostic.make(
                    e.path,
                    e.line,
                    BIB_FIELD_MISSING,
                    f"@{e.type}{{{e.key}}} misses the required "
                    f"field{'s' if len(missing) > 1 else ''} {names}",
                    expected=f"@{e.type} entries have "
                    + ", ".join(r.replace("|", " or ") for r in REQUIRED[e.type]),
                    fix=f"add {names}, or use @misc if the work has none",
                )
            )
        sym_raw = e.get("symbol")
        if sym_raw:
            canon = symbols.normalize(sym_raw)
            if canon is None:
                bib.diagnostics.append(
                    Diagnostic.make(
                        e.path,
                        e.line,
                        FIELD_VALUE,
                        f"field 'symbol' of '{e.key}' is {sym_raw!r}, not a UN document symbol",
                        expected="a symbol such as A/63/215",
                        fix="correct the symbol",
                    )
                )
            elif canon not in bib.by_symbol:
                bib.by_symbol[canon] = e.key
    return bib


_DECODER = LatexDecodingMiddleware(decoder=LatexNodes2Text(keep_braced_groups=True))
#: Characters that make a field worth LaTeX decoding; other fields only lose their braces.
_LATEX = re.compile(r"[\\$~^]")
_SPLIT = SeparateCoAuthors()
_PARTS = SplitNameParts()
_BRACES = re.compile(r"[{}]")


def _plain(s: str) -> str:
    return re.sub(r"\s+", " ", _BRACES.sub("", s)).strip()


_CACHE_VERSION = "1"


def _digest(entry: BibEntry) -> str:
    raw = repr((_CACHE_VERSION, entry.type, entry.key, entry.fields))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def load_decoded(bcache: BibCache, path: Path) -> None:
    """Add the decoded entries an earlier build saved in ``path`` (JSON); a missing or bad
    file is ignored: the cache is only ever a shortcut."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        for digest, (key, typ, authors, editors, fields) in data.items():
            if not (isinstance(fields, dict) and all(isinstance(v, str) for v in fields.values())):
                continue
            bcache.decoded.setdefault(
                str(digest),
                Decoded(
                    str(key), str(typ), tuple(map(str, authors)), tuple(map(str, editors)), fields
                ),
            )
    except (OSError, ValueError, TypeError):
        return


def save_decoded(bcache: BibCache, path: Path) -> None:
    """Write the entries decoded or reused since ``bcache`` was made (stale ones drop out)."""
    data = {
        d: [x.key, x.type, list(x.authors), list(x.editors), x.fields]
        for d, x in bcache.decoded.items()
        if d in bcache.used
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        return


def _decode(entry: BibEntry, bcache: BibCache) -> Decoded:
    digest = _digest(entry)
    bcache.used.add(digest)
    hit = bcache.decoded.get(digest)
    if hit is None:
        hit = bcache.decoded[digest] = _decode_now(entry)
    return hit


def _decode_now(entry: BibEntry) -> Decoded:
    r"""The entry decoded by bibtexparser's middlewares; an entry they cannot decode (LaTeX
    such as ``\href``, reported as HB216 when the bibliography loads) is shown with its
    braces removed and its names unsplit, never as a crash."""
    try:
        return _decode_latex(entry)
    except Exception:
        fields = {k: _plain(v) for k, v in entry.fields}
        people = {k: (fields.pop(k),) for k in ("author", "editor") if k in fields}
        return Decoded(
            entry.key, entry.type, people.get("author", ()), people.get("editor", ()), fields
        )


def decode_problem(entry: BibEntry, bcache: BibCache) -> str | None:
    """Why the entry's LaTeX cannot be decoded, or ``None``. Only entries with LaTeX are
    decoded here (the others cannot fail), and the result is kept for the rendering."""
    if not any(_LATEX.search(v) for _, v in entry.fields):
        return None
    digest = _digest(entry)
    if digest in bcache.decoded:
        bcache.used.add(digest)
        return _lost_text(entry, bcache.decoded[digest])
    if digest not in bcache.failed:
        try:
            bcache.decoded[digest] = _decode_latex(entry)
            bcache.used.add(digest)
            return _lost_text(entry, bcache.decoded[digest])
        except Exception:  # pylatexenc and the middlewares raise many kinds
            bad = [
                k
                for k, v in entry.fields
                if _LATEX.search(v)
                and not _decodes(BibEntry(entry.key, entry.type, ((k, v),), "", 0))
            ]
            bcache.failed[digest] = f"field '{bad[0]}'" if bad else "its fields together"
    return bcache.failed[digest]


_COMMAND = re.compile(r"\\[A-Za-z]+|\\.")


def _letters(text: str) -> Counter[str]:
    """The letters of ``text`` without their accents, case-folded."""
    bare = unicodedata.normalize("NFKD", text).casefold()
    return Counter(ch for ch in bare if ch.isalnum())


def _lost_text(entry: BibEntry, decoded: Decoded) -> str | None:
    r"""The field whose decoding drops text the editor wrote (``\input{...}``, a command
    that discards its argument): its letters, commands aside, are not all in the decoded
    text. Accents and commands that print something (``\ss``, ``\LaTeX``) lose none."""
    for key, value in entry.fields:
        if key in ("author", "editor") or not _LATEX.search(value):
            continue
        written = _letters(_COMMAND.sub(" ", value))
        lost = written - _letters(decoded.fields.get(key, ""))
        if lost:
            return f"field '{key}' loses text in decoding: {''.join(sorted(lost.elements()))}"
    return None


def _decodes(entry: BibEntry) -> bool:
    """Whether bibtexparser's middlewares decode ``entry``."""
    try:
        _decode_latex(entry)
    except Exception:  # as above
        return False
    return True


def _decode_latex(entry: BibEntry) -> Decoded:
    e: model.Block = model.Entry(
        entry.type, entry.key, [model.Field(k, v) for k, v in entry.fields]
    )
    lib = bibtexparser.Library([e])  # type: ignore[attr-defined]
    latex = any(_LATEX.search(v) for _, v in entry.fields)
    for mw in (_DECODER, _SPLIT, _PARTS) if latex else (_SPLIT, _PARTS):
        assert isinstance(e, model.Entry)
        e = mw.transform_entry(e, lib)
    assert isinstance(e, model.Entry)
    people: dict[str, tuple[str, ...]] = {}
    plain: dict[str, str] = {}
    for f in e.fields:
        if f.key in ("author", "editor") and isinstance(f.value, list):
            names = []
            for p in f.value:
                first = " ".join(p.first)
                last = " ".join(p.von + p.last)
                name = f"{first} {last}".strip() if first else last
                if p.jr:
                    name += ", " + " ".join(p.jr)
                names.append(_plain(name))
            people[f.key] = tuple(names)
        else:
            plain[f.key] = _plain(str(f.value))
    return Decoded(entry.key, entry.type, people.get("author", ()), people.get("editor", ()), plain)


# ---------------------------------------------------------------------------- locators

_ROMAN = {
    "i": 1,
    "ii": 2,
    "iii": 3,
    "iv": 4,
    "v": 5,
    "vi": 6,
    "vii": 7,
    "viii": 8,
    "ix": 9,
    "x": 10,
}
_PARA_RE = re.compile(r"^(?:para(?:graph)?s?)\.?\s*(\d+)(?:\s*(?:-|–|to)\s*(\d+))?$", re.I)
#: Numbered passages of a source without paragraph numbers: ``¶ 4``, ``¶¶ 4-6``,
#: ``passage 4``, ``passages 4-6``.
_PASS_RE = re.compile(r"^(?:¶¶?|passages?)\s*(\d+)(?:\s*(?:-|–|to)\s*(\d+))?$", re.I)
_SECT_RE = re.compile(r"^(?:sect(?:ion)?s?)\.?\s+(.+)$", re.I)
_PRIN_RE = re.compile(r"^principles?\s+(\d+)$", re.I)
_GUIDE_RE = re.compile(r"^guidelines?\s+(\d+)(?:\.(\d+))?$", re.I)
_NOTE_RE = re.compile(r"^(?:notes?|fn|footnotes?|n)\.?\s*(\d+)$", re.I)
_ANNEX_RE = re.compile(r"^annex\s+([ivx]+|\d+)$", re.I)


def slug(text: str) -> str:
    """The anchor form of a section name: ``UNHCR mandate`` -> ``unhcr-mandate``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Locator:
    """A parsed locator: its text and the anchors it points to in the cited document."""

    text: str
    #: The anchor the citation links to (the first of a range), if the form has one.
    anchor: str | None = None
    #: Every anchor that must exist for the locator to be valid.
    required: tuple[str, ...] = ()


def parse_locator(text: str) -> Locator:
    """Parse ``para. 12``, ``paras. 12-14``, ``¶ 4``, ``¶¶ 4-6``, ``passage 4``,
    ``sect. UNHCR mandate``, ``principle 7``..."""
    t = " ".join(text.split())
    m = _PARA_RE.match(t)
    if m:
        a = f"para-{int(m.group(1))}"
        req = (a, f"para-{int(m.group(2))}") if m.group(2) else (a,)
        return Locator(t, a, req)
    m = _PASS_RE.match(t)
    if m:
        a = f"pass-{int(m.group(1))}"
        req = (a, f"pass-{int(m.group(2))}") if m.group(2) else (a,)
        return Locator(t, a, req)
    m = _PRIN_RE.match(t)
    if m:
        a = f"principle-{int(m.group(1))}"
        return Locator(t, a, (a,))
    m = _GUIDE_RE.match(t)
    if m:
        a = f"guideline-{int(m.group(1))}" + (f"-{int(m.group(2))}" if m.group(2) else "")
        return Locator(t, a, (a,))
    m = _NOTE_RE.match(t)
    if m:
        a = f"fn:{int(m.group(1))}"
        return Locator(t, a, (a,))
    m = _ANNEX_RE.match(t)
    if m:
        g = m.group(1).lower()
        n = int(g) if g.isdigit() else _ROMAN.get(g, 0)
        a = f"annex-{n}"
        return Locator(t, a, (a,))
    m = _SECT_RE.match(t)
    if m:
        a = "sect-" + slug(m.group(1))
        return Locator(t, a, (a,))
    return Locator(t)


#: Words that make a positional ``cite`` argument a locator rather than a source.
LOCATOR_START = re.compile(
    r"^(?:(?:para|paras|paragraph|paragraphs|p|pp|page|pages|sect|sects|section|sections|"
    r"principle|principles|guideline|guidelines|note|notes|fn|footnote|n|annex|art|arts|"
    r"article|articles|ch|chap|chapter|item|items|vol|table|figure|fig|box|recommendation|"
    r"passage|passages)\b\.?|¶)",
    re.I,
)


def looks_like_locator(text: str) -> bool:
    """Whether a ``cite`` argument is a locator (``para. 12``, ``p. 36``, free text)."""
    return bool(LOCATOR_START.match(text.strip())) or " " in text.strip()
