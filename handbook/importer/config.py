"""The importer's configuration, ``sources/documents.yaml``: read, validated, typed.

The file and the seeds it names come in pull requests like any page, so they are treated as
untrusted input and validated as pages are: every key of every document, option and
correction is checked (unknown keys are diagnosed with a did-you-mean), every value's type
and range, ids and anchors against their patterns, every seed against ``sources/seeds/``
(a plain file name, a regular file that resolves inside that folder), every line number
against the seed. Each problem is a :class:`~handbook.core.diagnostics.Diagnostic` with the
real line in the file (codes HB301-HB311). Nothing here writes a file.

:func:`load_config` returns the typed :class:`Config` only when there is no problem, so the
importer either writes every page or none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handbook.core import frontmatter, schema, symbols
from handbook.core.diagnostics import Diagnostic, suggestion
from handbook.core.kinds import KINDS, THEMES, Field
from handbook.importer.yamlread import Node, read

CONFIG_PATH = Path("sources") / "documents.yaml"
SEEDS_DIR = Path("sources") / "seeds"

#: Size limits (bytes or characters): the real files are 44 KB and at most 560 KB.
MAX_CONFIG_BYTES = 1024 * 1024
MAX_SEED_BYTES = 4 * 1024 * 1024
#: Characters imported over all documents (each document's line range counted once).
MAX_IMPORT_CHARS = 8 * 1024 * 1024
MAX_DOCUMENTS = 500
MAX_CORRECTIONS = 2000
MAX_TEXT = 1000

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SEED_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
ANCHOR_RE = re.compile(r"^[a-z][a-z0-9-]*$")
LABEL_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PREFIX_RE = re.compile(r"^[a-z0-9-]*$")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LEVEL_KINDS = ("roman", "letter", "number", "lower", "lower_sub", "plain")
#: Anchors the importer makes itself; a configured anchor must not look like them.
_GENERATED_ANCHOR_RE = re.compile(r"^(?:para|pass|principle|guideline)-\d")

#: Front-matter fields of a document page that the configuration may set. ``source`` and
#: ``subjects`` are written by the importer; theme-controlling keys are not for sources.
META_FIELDS: dict[str, Field] = {
    name: f
    for name, f in KINDS["document"].all_fields().items()
    if name not in ("source", "subjects", "id", "hide", "search", "tags")
}
REQUIRED_META = ("title", "summary")


# ---------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Correction:
    """An editorial correction: the corrected text is shown, the source's reading kept."""

    doc: str
    source: str
    correction: str
    reason: str
    kind: str = "correction"  # "correction" or "handwritten"
    #: The line of the correction in the configuration.
    line: int = 0


@dataclass(frozen=True)
class FlatHeading:
    """A heading of the flat (one-line) document, placed before paragraph ``before``."""

    before: int
    level: int
    text: str
    restored: bool = False
    printed: str | None = None


@dataclass(frozen=True)
class AttachRef:
    """A footnote call missing from the source text, attached after ``after`` on ``line``."""

    line: int
    after: str
    label: str
    strip: str = ""


@dataclass(frozen=True)
class Options:
    """A document's options (what cannot be inferred from its text); see documents.yaml."""

    mode: str = ""
    body_line: int = 0
    subjects_line: int = 0
    summary_marker: str = ""
    toc_marker: str = ""
    body_marker: str = ""
    paragraphs: int = 0
    headings: tuple[FlatHeading, ...] = ()
    drop: frozenset[int] = frozenset()
    body_from: int = 0
    numbered: bool = False
    para_max: int = 10_000
    para_stop_line: int = 10**9
    auto_headings: bool = False
    md_headings: bool = False
    levels: Mapping[str, int] = field(default_factory=dict)
    heading_lines: Mapping[int, int] = field(default_factory=dict)
    heading_texts: Mapping[str, int] = field(default_factory=dict)
    anchors: Mapping[int, str] = field(default_factory=dict)
    extra_anchors: Mapping[int, str] = field(default_factory=dict)
    text_lines: frozenset[int] = frozenset()
    list_blocks: frozenset[int] = frozenset()
    join: frozenset[int] = frozenset()
    no_join: frozenset[int] = frozenset()
    star_defs: Mapping[int, str] = field(default_factory=dict)
    attach_refs: tuple[AttachRef, ...] = ()
    #: (from line, prefix), sorted by line.
    fn_prefixes: tuple[tuple[int, str], ...] = ()
    items_mode: str = ""


@dataclass(frozen=True)
class DocConfig:
    """One document: identity, metadata, its line range of a seed, and its options."""

    id: str
    seed: str
    lines: tuple[int, int]
    meta: Mapping[str, Any]
    options: Options = field(default_factory=Options)
    #: The line of the document's entry in the configuration.
    line: int = 0


@dataclass(frozen=True)
class Config:
    """The whole validated configuration, with the text of every seed it names."""

    documents: tuple[DocConfig, ...]
    corrections: tuple[Correction, ...]
    seeds: Mapping[str, str]


# ---------------------------------------------------------------------------- checker


class _Checker:
    """Validates the node tree, collecting diagnostics; returns typed values or None."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.diagnostics: list[Diagnostic] = []

    def add(self, line: int, code: str, message: str, expected: str, fix: str) -> None:
        self.diagnostics.append(
            Diagnostic.make(self.path, line, code, message, expected=expected, fix=fix)
        )

    def wrong_type(self, node: Node, what: str, expected: str, fix: str = "") -> None:
        self.add(
            node.line,
            "HB306",
            f"{what} is {node.describe()}, not {expected}",
            expected=expected,
            fix=fix or f"write {what} as {expected}",
        )

    def invalid(self, node: Node, what: str, problem: str, expected: str, fix: str) -> None:
        self.add(node.line, "HB307", f"{what} {problem}", expected=expected, fix=fix)

    # ------------------------------------------------------------ structure

    def mapping(
        self,
        node: Node,
        what: str,
        allowed: Mapping[str, Any] | tuple[str, ...],
        required: tuple[str, ...] = (),
    ) -> dict[str, Node] | None:
        """The keys of a mapping node; unknown, duplicate and missing keys are diagnosed."""
        if node.kind != "map":
            self.wrong_type(node, what, "a mapping of 'key: value' lines")
            return None
        out: dict[str, Node] = {}
        names = list(allowed)
        for key, value in node.pairs:
            if key.kind != "scalar" or not isinstance(key.value, str):
                self.wrong_type(key, f"a key of {what}", "text")
                continue
            name = key.value
            if name in out:
                self.add(
                    key.line,
                    "HB308",
                    f"key '{name}' appears twice in {what}",
                    expected="each key once",
                    fix="remove one of the two (the second one would silently win)",
                )
                continue
            if name not in names:
                self.add(
                    key.line,
                    "HB304",
                    f"unknown key '{name}' in {what}",
                    expected="one of: " + ", ".join(sorted(names)) + "." + suggestion(name, names),
                    fix="correct the key's name or remove it",
                )
                continue
            out[name] = value
        for name in required:
            if name not in out:
                self.add(
                    node.line,
                    "HB305",
                    f"required key '{name}' is missing in {what}",
                    expected=f"'{name}:' in {what}",
                    fix=f"add a line '{name}: ...'",
                )
        return out

    def sequence(self, node: Node, what: str) -> list[Node] | None:
        """The items of a list node."""
        if node.kind != "seq":
            self.wrong_type(node, what, "a list", "write one '- item' per line or [a, b]")
            return None
        return node.items

    # ------------------------------------------------------------ scalars

    def text(self, node: Node, what: str, *, empty: bool = False) -> str | None:
        """A single line of text (no control characters), at most :data:`MAX_TEXT` long."""
        if (
            node.kind != "scalar"
            or node.type not in ("str", "date")
            or not isinstance(node.value, str)
        ):
            self.wrong_type(node, what, "text", f"write {what} as text, in quotes")
            return None
        value = node.value
        if _CONTROL_RE.search(value):
            self.invalid(
                node,
                what,
                "contains a line break or a control character",
                "one line of text",
                "write the value on one line ('>-' folds a long value into one line)",
            )
            return None
        if len(value) > MAX_TEXT:
            self.invalid(
                node,
                what,
                f"is {len(value):,} characters long",
                f"at most {MAX_TEXT:,} characters",
                "shorten it",
            )
            return None
        if not empty and not value.strip():
            self.invalid(node, what, "is empty", "some text", "write the value or remove the key")
            return None
        return value

    def integer(self, node: Node, what: str, low: int, high: int) -> int | None:
        """A whole number from ``low`` to ``high``."""
        if node.kind != "scalar" or node.type != "int" or not isinstance(node.value, int):
            self.wrong_type(node, what, "a whole number")
            return None
        if not low <= node.value <= high:
            self.invalid(
                node,
                what,
                f"is {node.value}, out of range",
                f"a number from {low} to {high}",
                "correct the number",
            )
            return None
        return node.value

    def boolean(self, node: Node, what: str) -> bool | None:
        """``true`` or ``false``."""
        if node.kind != "scalar" or node.type != "bool":
            self.wrong_type(node, what, "true or false")
            return None
        return bool(node.value)

    def choice(self, node: Node, what: str, choices: tuple[str, ...]) -> str | None:
        """One of ``choices``."""
        value = self.text(node, what)
        if value is None:
            return None
        if value not in choices:
            self.invalid(
                node,
                what,
                f"is '{value}'",
                "one of: " + ", ".join(choices) + "." + suggestion(value, choices),
                "correct the value",
            )
            return None
        return value

    def pattern(self, node: Node, what: str, regex: re.Pattern[str], expected: str) -> str | None:
        """Text matching ``regex``."""
        value = self.text(node, what)
        if value is None:
            return None
        if not regex.match(value):
            self.invalid(node, what, f"'{value}' is not valid", expected, "correct the value")
            return None
        return value


# ---------------------------------------------------------------------------- documents


@dataclass
class _Seed:
    """A seed as read for validation: its text, line count and where each line ends."""

    text: str
    lines: int
    #: ``ends[n]``: the number of characters of lines 1 to n, newlines included.
    ends: list[int]

    @classmethod
    def of(cls, text: str) -> _Seed:
        ends = [0]
        for line in text.split("\n"):
            ends.append(ends[-1] + len(line) + 1)
        return cls(text, len(ends) - 1, ends)


class _Validator(_Checker):
    def __init__(self, root: Path) -> None:
        super().__init__(CONFIG_PATH.as_posix())
        self.root = root
        self.seeds: dict[str, _Seed | None] = {}
        self.imported = 0

    # ------------------------------------------------------------ seeds

    def seed(self, node: Node) -> tuple[str, _Seed] | None:
        """The seed named by ``node``: a plain file name in sources/seeds/, read."""
        name = self.text(node, "'seed'")
        if name is None:
            return None
        if "/" in name or "\\" in name or ".." in name or not SEED_RE.match(name):
            self.add(
                node.line,
                "HB309",
                f"seed '{name}' is not a plain file name",
                expected="the name of a file in sources/seeds/ (letters, digits, '.', '_', '-'; "
                "no '/' and no '..')",
                fix="put the text in sources/seeds/ and name it here without a folder",
            )
            return None
        if name in self.seeds:
            cached = self.seeds[name]
            return (name, cached) if cached is not None else None
        seed = self._read_seed(node, name)
        self.seeds[name] = seed
        return (name, seed) if seed is not None else None

    def _read_seed(self, node: Node, name: str) -> _Seed | None:
        def unusable(problem: str, fix: str) -> None:
            self.add(
                node.line,
                "HB309",
                f"seed '{name}' {problem}",
                expected=f"a regular file inside sources/seeds/ of at most {MAX_SEED_BYTES:,} "
                "bytes",
                fix=fix,
            )

        root = self.root.resolve()
        folder = self.root / SEEDS_DIR
        if not folder.is_dir() or not folder.resolve().is_relative_to(root):
            unusable(
                "cannot be read: sources/seeds/ is missing or outside the project",
                "make sources/seeds/ a folder of the project (not a symlink out of it)",
            )
            return None
        path = folder / name
        if not path.exists() and not path.is_symlink():
            known = sorted(p.name for p in folder.iterdir() if p.is_file())
            unusable("does not exist" + suggestion(name, known), "correct the name")
            return None
        target = path.resolve()
        if not target.is_relative_to(folder.resolve()):
            unusable(
                "is a symlink to a file outside sources/seeds/",
                "copy the text into sources/seeds/ instead of linking to it",
            )
            return None
        if not target.is_file():
            unusable("is not a regular file", "put a text file there")
            return None
        size = target.stat().st_size
        if size > MAX_SEED_BYTES:
            self.add(
                node.line,
                "HB303",
                f"seed '{name}' is {size:,} bytes, over the limit of {MAX_SEED_BYTES:,}",
                expected=f"at most {MAX_SEED_BYTES:,} bytes",
                fix="split the seed into several files",
            )
            return None
        text, err = frontmatter.decode((SEEDS_DIR / name).as_posix(), target.read_bytes())
        if err is not None or text is None:
            if err is not None:
                self.diagnostics.append(err)
            return None
        return _Seed.of(text)

    # ------------------------------------------------------------ metadata

    def meta_value(self, name: str, node: Node) -> Any:
        """One front-matter value for the generated page."""
        spec = META_FIELDS[name]
        what = f"'{name}'"
        if name == "kind":
            return self.choice(node, what, ("document",))
        if spec.type == "text":
            return self.text(node, what)
        if spec.type == "choice":
            return self.choice(node, what, spec.choices)
        if spec.type == "date":
            value = node.value if node.kind == "scalar" and node.type in ("str", "date") else None
            if not isinstance(value, str) or not schema.DATE_RE.match(value):
                self.invalid(
                    node,
                    what,
                    f"is {node.describe()}, not a date",
                    "YYYY, YYYY-MM or YYYY-MM-DD, quoted",
                    f'write for example {name}: "2008-06-03"',
                )
                return None
            return value
        if spec.type == "symbol":
            value = self.text(node, what)
            if value is None:
                return None
            sym = symbols.parse(value)
            if sym is None:
                self.invalid(
                    node,
                    what,
                    f"'{value}' is not a UN document symbol",
                    "a symbol such as A/63/215",
                    "correct the symbol or remove the key",
                )
                return None
            return value
        items = self.sequence(node, what)
        if items is None:
            return None
        out: list[str] = []
        for item in items:
            if spec.type == "themes":
                value = self.choice(item, f"an item of {what}", THEMES)
            elif spec.type == "ids":
                value = self.pattern(item, f"an item of {what}", ID_RE, "a page id")
            else:
                value = self.text(item, f"an item of {what}")
            if value is None:
                return None
            out.append(value)
        return out

    def meta(self, keys: Mapping[str, Node]) -> dict[str, Any] | None:
        """The metadata keys of a document or of ``defaults``."""
        out: dict[str, Any] = {}
        ok = True
        for name, node in keys.items():
            if name not in META_FIELDS:
                continue
            value = self.meta_value(name, node)
            if value is None:
                ok = False
            else:
                out[name] = value
        return out if ok else None

    # ------------------------------------------------------------ documents

    def documents(self, node: Node, defaults: Mapping[str, Any]) -> list[DocConfig] | None:
        """Every document entry."""
        items = self.sequence(node, "'documents'")
        if items is None:
            return None
        if len(items) > MAX_DOCUMENTS:
            self.add(
                node.line,
                "HB303",
                f"'documents' lists {len(items):,} documents, over the limit of {MAX_DOCUMENTS}",
                expected=f"at most {MAX_DOCUMENTS} documents",
                fix="split the sources over fewer, larger documents",
            )
            return None
        docs: list[DocConfig] = []
        seen: dict[str, int] = {}
        ok = True
        for i, item in enumerate(items, start=1):
            doc = self.document(item, i, defaults, seen)
            if doc is None:
                ok = False
            else:
                docs.append(doc)
        return docs if ok else None

    def document(
        self, node: Node, index: int, defaults: Mapping[str, Any], seen: dict[str, int]
    ) -> DocConfig | None:
        """One document entry: identity, seed, line range, metadata and options."""
        where = f"document {index}"
        for key, value in node.pairs:  # name the document by its id as soon as it has one
            if key.value == "id" and isinstance(value.value, str) and ID_RE.match(value.value):
                where = f"document '{value.value}'"
        allowed = ("id", "seed", "lines", "options", *META_FIELDS)
        keys = self.mapping(node, where, allowed, required=("id", "seed", "lines"))
        if keys is None:
            return None
        doc_id = None
        if "id" in keys:
            doc_id = self.pattern(
                keys["id"],
                f"the id of document {index}",
                ID_RE,
                "lower-case letters, digits and hyphens, starting with a letter or digit "
                "(the page becomes docs/documents/<id>.md)",
            )
        if doc_id is not None:
            if doc_id in seen:
                self.add(
                    keys["id"].line,
                    "HB308",
                    f"document id '{doc_id}' is already used on line {seen[doc_id]}",
                    expected="each id once",
                    fix="rename one of the two documents",
                )
                doc_id = None
            else:
                seen[doc_id] = keys["id"].line
        seed = self.seed(keys["seed"]) if "seed" in keys else None
        span = self.line_range(keys["lines"], where, seed[1]) if "lines" in keys and seed else None
        meta = self.meta(keys)
        if meta is not None:
            merged = {**defaults, **meta}
            for name in REQUIRED_META:
                if name not in merged:
                    self.add(
                        node.line,
                        "HB305",
                        f"required key '{name}' is missing in {where}",
                        expected=f"'{name}:' with text ({META_FIELDS[name].doc})",
                        fix=f"add a line '{name}: ...' to the document (or to 'defaults')",
                    )
                    meta = None
                    break
        options = None
        if span is not None and seed is not None:
            opt_node = keys.get("options")
            options = (
                Options()
                if opt_node is None
                else _OptionsChecker(self, where, span, seed[1]).run(opt_node)
            )
        if doc_id is None or seed is None or span is None or meta is None or options is None:
            return None
        return DocConfig(doc_id, seed[0], span, {**defaults, **meta}, options, node.line)

    def line_range(self, node: Node, where: str, seed: _Seed) -> tuple[int, int] | None:
        """``lines: [start, end]`` inside the seed; counts against the import budget."""
        items = self.sequence(node, f"'lines' of {where}")
        if items is None:
            return None
        if len(items) != 2:
            self.wrong_type(node, f"'lines' of {where}", "a list [first line, last line]")
            return None
        start = self.integer(items[0], f"the first line of {where}", 1, seed.lines)
        end = self.integer(items[1], f"the last line of {where}", 1, seed.lines)
        if start is None or end is None:
            return None
        if start > end:
            self.invalid(
                node,
                f"'lines' of {where}",
                f"is [{start}, {end}]: the range ends before it starts",
                "[first line, last line] with first <= last",
                "swap the two numbers",
            )
            return None
        self.imported += seed.ends[end] - seed.ends[start - 1]
        if self.imported > MAX_IMPORT_CHARS:
            self.add(
                node.line,
                "HB303",
                f"the documents up to {where} import {self.imported:,} characters, over the "
                f"limit of {MAX_IMPORT_CHARS:,}",
                expected=f"at most {MAX_IMPORT_CHARS:,} characters imported in all",
                fix="import each part of a seed once",
            )
            return None
        return start, end

    # ------------------------------------------------------------ corrections

    def corrections(self, node: Node, known: set[str] | None) -> list[Correction] | None:
        """The editorial corrections (``known``: the valid document ids, when all are)."""
        items = self.sequence(node, "'corrections'")
        if items is None:
            return None
        if len(items) > MAX_CORRECTIONS:
            self.add(
                node.line,
                "HB303",
                f"'corrections' lists {len(items):,} corrections, over the limit of "
                f"{MAX_CORRECTIONS}",
                expected=f"at most {MAX_CORRECTIONS} corrections",
                fix="correct the seed text itself",
            )
            return None
        out: list[Correction] = []
        ok = True
        for i, item in enumerate(items, start=1):
            c = self.correction(item, i, known)
            if c is None:
                ok = False
            else:
                out.append(c)
        return out if ok else None

    def correction(self, node: Node, index: int, known: set[str] | None) -> Correction | None:
        """One correction."""
        where = f"correction {index}"
        keys = self.mapping(
            node,
            where,
            ("doc", "source", "correction", "reason", "kind"),
            required=("doc", "source", "correction", "reason"),
        )
        if keys is None or not {"doc", "source", "correction", "reason"} <= set(keys):
            return None
        doc = self.text(keys["doc"], f"'doc' of {where}")
        source = self.text(keys["source"], f"'source' of {where}")
        corrected = self.text(keys["correction"], f"'correction' of {where}", empty=True)
        reason = self.text(keys["reason"], f"'reason' of {where}")
        kind = (
            self.choice(keys["kind"], f"'kind' of {where}", ("correction", "handwritten"))
            if "kind" in keys
            else "correction"
        )
        if doc is None or source is None or corrected is None or reason is None or kind is None:
            return None
        if known is not None and doc not in known:
            self.invalid(
                keys["doc"],
                f"'doc' of {where}",
                f"names '{doc}', which is not a document id",
                "the id of a document above" + suggestion(doc, known),
                "correct the id",
            )
            return None
        if kind == "handwritten" and not HANDWRITTEN_RE.fullmatch(source):
            self.invalid(
                keys["source"],
                f"'source' of {where}",
                f"'{source}' is not a handwritten edit",
                "¹⁵~~10~~ (10 struck out, 15 written above) or ^{word} (a word inserted)",
                "write the source's reading in one of these forms, or remove 'kind'",
            )
            return None
        return Correction(doc, source, corrected, reason, kind, node.line)


#: A handwritten edit as the seeds write it: a replacement or an insertion.
HANDWRITTEN_RE = re.compile(r"(?P<new>[⁰¹²³⁴⁵⁶⁷⁸⁹]+)~~(?P<old>[^~]+)~~|\^\{(?P<ins>[^{}]+)\}")


# ---------------------------------------------------------------------------- options


class _OptionsChecker:
    """The ``options`` of one document; line numbers are checked against its range."""

    def __init__(self, v: _Validator, where: str, span: tuple[int, int], seed: _Seed) -> None:
        self.v = v
        self.where = where
        self.start, self.end = span
        self.seed_lines = seed.lines
        self.anchors: dict[str, int] = {}

    def what(self, name: str) -> str:
        return f"option '{name}' of {self.where}"

    def line(self, node: Node, name: str, *, whole_seed: bool = False) -> int | None:
        """A line number inside the document's range (or inside the seed)."""
        low, high = (1, self.seed_lines) if whole_seed else (self.start, self.end)
        if node.kind == "scalar" and node.type == "str" and str(node.value).isdigit():
            node = Node("scalar", node.line, int(str(node.value)), "int")  # "1331": 2
        return self.v.integer(node, f"a line number in {self.what(name)}", low, high)

    def line_set(self, node: Node, name: str) -> frozenset[int] | None:
        """Lines and [first, last] ranges."""
        items = self.v.sequence(node, self.what(name))
        if items is None:
            return None
        out: set[int] = set()
        for item in items:
            if item.kind == "seq":
                if len(item.items) != 2:
                    self.v.wrong_type(item, f"a range in {self.what(name)}", "[first, last]")
                    return None
                a = self.line(item.items[0], name)
                b = self.line(item.items[1], name)
                if a is None or b is None:
                    return None
                if a > b:
                    self.v.invalid(
                        item,
                        f"a range in {self.what(name)}",
                        f"is [{a}, {b}]: it ends before it starts",
                        "[first, last] with first <= last",
                        "swap the two numbers",
                    )
                    return None
                out.update(range(a, b + 1))
            else:
                n = self.line(item, name)
                if n is None:
                    return None
                out.add(n)
        return frozenset(out)

    def line_map(
        self, node: Node, name: str, value: Callable[[Node], Any]
    ) -> dict[int, Any] | None:
        """``{line: value}``."""
        if node.kind != "map":
            self.v.wrong_type(node, self.what(name), "a mapping of 'line: value'")
            return None
        out: dict[int, Any] = {}
        for key, val in node.pairs:
            n = self.line(key, name)
            got = value(val)
            if n is None or got is None:
                return None
            out[n] = got
        return out

    def level(self, node: Node, name: str) -> int | None:
        return self.v.integer(node, f"a heading level in {self.what(name)}", 2, 6)

    def anchor(self, node: Node, name: str) -> str | None:
        value = self.v.pattern(
            node,
            f"an anchor in {self.what(name)}",
            ANCHOR_RE,
            "lower-case letters, digits and hyphens, starting with a letter",
        )
        if value is None:
            return None
        if _GENERATED_ANCHOR_RE.match(value):
            self.v.invalid(
                node,
                f"anchor '{value}' in {self.what(name)}",
                "looks like an anchor the importer makes itself",
                "a name that does not start with para-, pass-, principle- or guideline- and "
                "a digit",
                "choose another name, such as sect-...",
            )
            return None
        if value in self.anchors:
            self.v.add(
                node.line,
                "HB308",
                f"anchor '{value}' is already used on line {self.anchors[value]}",
                expected="each anchor once in a document",
                fix="rename one of the two",
            )
            return None
        self.anchors[value] = node.line
        return value

    def label(self, node: Node, name: str) -> str | None:
        return self.v.pattern(
            node, f"a note label in {self.what(name)}", LABEL_RE, "letters, digits and hyphens"
        )

    def attach(self, node: Node) -> tuple[AttachRef, ...] | None:
        items = self.v.sequence(node, self.what("attach_refs"))
        if items is None:
            return None
        out: list[AttachRef] = []
        for item in items:
            keys = self.v.mapping(
                item,
                f"an item of {self.what('attach_refs')}",
                ("line", "after", "label", "strip"),
                required=("line", "after", "label"),
            )
            if keys is None or not {"line", "after", "label"} <= set(keys):
                return None
            line = self.line(keys["line"], "attach_refs")
            after = self.v.text(keys["after"], "'after'")
            label = self.label(keys["label"], "attach_refs")
            strip = self.v.text(keys["strip"], "'strip'") if "strip" in keys else ""
            if line is None or after is None or label is None or strip is None:
                return None
            if not after.endswith(strip):
                self.v.invalid(
                    keys["strip"],
                    f"'strip' of {self.what('attach_refs')}",
                    f"'{strip}' is not the end of '{after}'",
                    "the characters at the end of 'after' to remove",
                    "correct 'strip' or remove it",
                )
                return None
            out.append(AttachRef(line, after, label, strip))
        return tuple(out)

    def flat_headings(self, node: Node) -> tuple[FlatHeading, ...] | None:
        items = self.v.sequence(node, self.what("headings"))
        if items is None:
            return None
        out: list[FlatHeading] = []
        for item in items:
            what = f"a heading in {self.what('headings')}"
            keys = self.v.mapping(
                item,
                what,
                ("before", "level", "text", "restored", "printed"),
                required=("before", "level", "text"),
            )
            if keys is None or not {"before", "level", "text"} <= set(keys):
                return None
            before = self.v.integer(keys["before"], f"'before' of {what}", 1, 100_000)
            level = self.level(keys["level"], "headings")
            text = self.v.text(keys["text"], f"'text' of {what}")
            restored = (
                self.v.boolean(keys["restored"], f"'restored' of {what}")
                if "restored" in keys
                else False
            )
            printed = (
                self.v.text(keys["printed"], f"'printed' of {what}") if "printed" in keys else ""
            )
            if before is None or level is None or text is None or restored is None:
                return None
            if printed is None:
                return None
            out.append(FlatHeading(before, level, text, restored, printed or None))
        return tuple(out)

    def run(self, node: Node) -> Options | None:
        """The typed options, or None when any is invalid."""
        v = self.v
        keys = v.mapping(node, f"the options of {self.where}", _OPTION_NAMES)
        if keys is None:
            return None
        values: dict[str, Any] = {}
        ok = True
        for name, val in keys.items():
            got = self.option(name, val)
            if got is None:
                ok = False
            else:
                values[name] = got
        if not ok:
            return None
        if values.get("mode") == "flat":
            for name in ("body_line", "summary_marker", "toc_marker", "body_marker", "paragraphs"):
                if name not in values:
                    v.add(
                        node.line,
                        "HB305",
                        f"option '{name}' is missing in {self.where} (mode: flat needs it)",
                        expected=f"'{name}:' in the options",
                        fix=f"add '{name}: ...' to the options",
                    )
                    ok = False
        if "fn_prefixes" in values:
            values["fn_prefixes"] = tuple(sorted(values["fn_prefixes"].items()))
        return Options(**values) if ok else None

    def option(self, name: str, node: Node) -> Any:
        """One option's value."""
        v, what = self.v, self.what(name)
        if name in _BOOL_OPTIONS:
            return v.boolean(node, what)
        if name in _LINE_SET_OPTIONS:
            return self.line_set(node, name)
        if name in _MARKER_OPTIONS:
            return v.text(node, what)
        if name == "mode":
            return v.choice(node, what, ("flat",))
        if name == "items_mode":
            return v.choice(node, what, ("pg",))
        if name in ("body_line", "subjects_line"):
            return self.line(node, name, whole_seed=True)
        if name in ("body_from", "para_stop_line"):
            return self.line(node, name)
        if name in ("paragraphs", "para_max"):
            return v.integer(node, what, 1, 100_000)
        if name == "headings":
            return self.flat_headings(node)
        if name == "levels":
            keys = v.mapping(node, what, _LEVEL_KINDS)
            if keys is None:
                return None
            levels = {k: self.level(n, name) for k, n in keys.items()}
            return None if None in levels.values() else levels
        if name == "heading_lines":
            return self.line_map(node, name, lambda n: self.level(n, name))
        if name == "heading_texts":
            if node.kind != "map":
                v.wrong_type(node, what, "a mapping of 'text: level'")
                return None
            texts: dict[str, int] = {}
            for key, val in node.pairs:
                text = v.text(key, f"a heading text in {what}")
                level = self.level(val, name)
                if text is None or level is None:
                    return None
                texts[text] = level
            return texts
        if name in ("anchors", "extra_anchors"):
            return self.line_map(node, name, lambda n: self.anchor(n, name))
        if name == "star_defs":
            return self.line_map(node, name, lambda n: self.label(n, name))
        if name == "fn_prefixes":
            return self.line_map(
                node,
                name,
                lambda n: (
                    v.pattern(n, f"a prefix in {what}", PREFIX_RE, "letters, digits and hyphens")
                    if not (n.kind == "scalar" and n.value == "")
                    else ""
                ),
            )
        if name == "attach_refs":
            return self.attach(node)
        raise AssertionError(name)  # pragma: no cover - _OPTION_NAMES lists only the above


_BOOL_OPTIONS = ("numbered", "auto_headings", "md_headings")
_LINE_SET_OPTIONS = ("drop", "text_lines", "list_blocks", "join", "no_join")
_MARKER_OPTIONS = ("summary_marker", "toc_marker", "body_marker")
_OPTION_NAMES = tuple(f for f in Options.__dataclass_fields__)


# ---------------------------------------------------------------------------- entry points


def _read_config_text(root: Path, v: _Checker) -> str | None:
    path = root / CONFIG_PATH
    shown = CONFIG_PATH.as_posix()

    def unusable(problem: str, fix: str) -> None:
        v.add(1, "HB309", f"{shown} {problem}", expected="a regular file of the project", fix=fix)

    if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
        unusable("is a symlink to a file outside the project", "replace the link by the file")
        return None
    if not path.resolve().parent.is_relative_to(root.resolve()):
        unusable("is outside the project (sources/ is a symlink)", "make sources/ a folder")
        return None
    if not path.is_file():
        unusable("is missing or not a regular file", "restore sources/documents.yaml")
        return None
    size = path.stat().st_size
    if size > MAX_CONFIG_BYTES:
        v.add(
            1,
            "HB303",
            f"{shown} is {size:,} bytes, over the limit of {MAX_CONFIG_BYTES:,}",
            expected=f"at most {MAX_CONFIG_BYTES:,} bytes",
            fix="remove what the importer does not need",
        )
        return None
    text, err = frontmatter.decode(shown, path.read_bytes())
    if err is not None:
        v.diagnostics.append(err)
    return text


def load_config(root: Path) -> tuple[Config | None, list[Diagnostic]]:
    """Read and validate ``sources/documents.yaml`` and the seeds it names.

    Returns the typed configuration when there is no problem (else ``None``) and every
    problem found, as diagnostics with the file and line.
    """
    root = Path(root)
    v = _Validator(root)
    text = _read_config_text(root, v)
    if text is None:
        return None, v.diagnostics
    tree, diags = read(v.path, text)
    v.diagnostics.extend(diags)
    if tree is None:
        if not diags:
            v.add(1, "HB305", f"{v.path} is empty", "a 'documents:' list", "restore the file")
        return None, v.diagnostics
    top = v.mapping(tree, v.path, ("defaults", "documents", "corrections"), ("documents",))
    if top is None or "documents" not in top:
        return None, v.diagnostics
    defaults: dict[str, Any] | None = {}
    if "defaults" in top:
        dkeys = v.mapping(top["defaults"], "'defaults'", tuple(META_FIELDS))
        defaults = v.meta(dkeys) if dkeys is not None else None
    docs = v.documents(top["documents"], defaults or {})
    known = {d.id for d in docs} if docs is not None else None
    corrections: list[Correction] | None = []
    if "corrections" in top:
        corrections = v.corrections(top["corrections"], known)
    problems = sorted(v.diagnostics, key=lambda d: (d.path != v.path, d.path, d.line, d.code))
    if problems or docs is None or corrections is None or defaults is None:
        return None, problems
    seeds = {name: s.text for name, s in v.seeds.items() if s is not None}
    return Config(tuple(docs), tuple(corrections), seeds), []


def validate_config(root: Path) -> list[Diagnostic]:
    """Every problem of ``sources/documents.yaml`` and its seeds (none when it is absent).

    Pure: reads the configuration and the seeds, writes nothing. ``handbook check`` reports
    these diagnostics with those of the pages.
    """
    root = Path(root)
    if not (root / CONFIG_PATH).exists() and not (root / CONFIG_PATH).is_symlink():
        return []
    return load_config(root)[1]
