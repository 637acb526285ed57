"""The registry: every page and entity of a loaded project, and what refers to what.

A :class:`Project` is made by :func:`handbook.core.loader.load` (pages, front matter,
entities, bibliography) and completed by :func:`handbook.render.collect.scan` (every macro
call, citation and bare UN symbol, and who refers to whom); ``handbook check`` is exactly
that load, and the MkDocs plugin renders from what it recorded, so the build and the check
report the same diagnostics, once. Pure: no MkDocs, no Markdown.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from handbook.core import bibliography, frontmatter, symbols, urls
from handbook.core.caches import Caches
from handbook.core.diagnostics import ID_UNKNOWN, Diagnostic, suggestion
from handbook.core.kinds import ID_RE, KINDS, Kind

_ACRONYM = re.compile(r"^[A-Z][A-Z.-]*[A-Z]$")


@dataclass
class Entity:
    """A page of one of the kinds: its id, kind and cleaned front matter."""

    id: str
    kind: str
    path: str  # docs-relative, POSIX
    meta: dict[str, Any]
    source: frontmatter.Source
    #: Anchors defined on the page (documents: paragraphs, sections, notes).
    anchors: frozenset[str] = frozenset()
    #: Opening words of each anchored paragraph (hover text for deep links).
    openings: dict[str, str] = field(default_factory=dict)
    #: The Markdown of each numbered paragraph, item and passage (documents), by anchor.
    passages: dict[str, str] = field(default_factory=dict)
    #: The numbered passages and paragraphs under each section anchor, in order.
    sections: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def title(self) -> str:
        """The page's title (its id when it has none)."""
        return str(self.meta.get("title") or self.id)

    @cached_property
    def numbered(self) -> frozenset[str]:
        """Which numbering a source document has: ``para`` (its own paragraph numbers),
        ``pass`` (the handbook's passage numbers), both or neither."""
        return frozenset(
            prefix
            for prefix in ("para", "pass")
            if any(a.startswith(prefix + "-") for a in self.anchors)
        )

    @property
    def short(self) -> str:
        """The short name: ``short``, else ``acronym``, else the title."""
        return str(self.meta.get("short") or self.meta.get("acronym") or self.title)

    @property
    def summary(self) -> str:
        """The one-sentence summary shown as hover text (empty when there is none)."""
        return str(self.meta.get("summary") or "")

    @property
    def number(self) -> int | None:
        """The number of a numbered kind (principle 7), if the page has one."""
        n = self.meta.get("number")
        return n if isinstance(n, int) else None

    @property
    def symbol(self) -> str | None:
        """The UN document symbol, if the page has one."""
        s = self.meta.get("symbol")
        return str(s) if s else None

    @property
    def themes(self) -> list[str]:
        """The themes (prevention, protection, prosecution, partnership) it concerns."""
        return list(self.meta.get("themes") or [])

    @property
    def related(self) -> list[str]:
        """The ids of the entities its front matter relates it to."""
        return list(self.meta.get("related") or [])

    @property
    def aliases(self) -> list[str]:
        """Other names it is known by (searched, and shown under the title)."""
        return list(self.meta.get("aliases") or [])

    def value(self, name: str) -> object:
        """A field's value for tables and sorting: ``title``, ``short``, ``number``,
        ``summary`` or any front-matter field; ``a|b`` is the first of the two that is set."""
        for alt in name.split("|"):
            if alt == "title":
                v: object = self.title
            elif alt == "short":
                v = self.short
            elif alt == "summary":
                v = self.summary
            else:
                v = self.meta.get(alt)
            if v not in (None, "", []):
                return v
        return None


def grouped(kind: Kind, ents: list[Entity]) -> list[tuple[str, list[Entity]]]:
    """``ents`` (in their order) in the groups the kind declares, as (group title, pages),
    groups in the declared order; pages with an undeclared value go last, under the
    grouping's ``other`` title. A kind without grouping is one untitled group."""
    g = kind.group
    if g is None:
        return [("", ents)]
    known = dict(g.titles)
    by_value: dict[str, list[Entity]] = {}
    for e in ents:
        v = str(e.meta.get(g.field) or "")
        by_value.setdefault(v if v in known else "", []).append(e)
    return [(known.get(v, g.other), by_value[v]) for v in [*known, ""] if v in by_value]


_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_DIGITS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[object, ...]:
    """Text as readers sort it: without regard to case or a leading article ("The World
    Bank" under W), and numbers as numbers ("Convention No. 29" before "No. 105")."""
    parts = _DIGITS.split(_ARTICLE.sub("", text.strip()).lower())
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts))


def _bare(text: str) -> str:
    """Text without case or a leading article, to compare names."""
    return _ARTICLE.sub("", text.strip().lower())


def reader_title(ent: Entity) -> str:
    """An entity's title as readers look for it (the navigation, the page's heading, the
    overviews). Kinds sorted by their short name (acronym) lead with it, where the title
    does not already start with it: "UNHCR — Office of the United Nations High Commissioner
    for Refugees", "1949 Convention — Convention for the Suppression of ..."; "The World
    Bank" stays as it is (it sorts under W). Other kinds show their title."""
    short, title = ent.short, ent.title
    kind = KINDS.get(ent.kind)
    if kind is None or kind.sort[:1] != ("short",) or _bare(title).startswith(_bare(short)):
        return title
    return f"{short} — {title}"


def _sort_value(v: object) -> tuple[int, object]:
    """A sort key part: values before missing ones; text as :func:`natural_key` sorts it."""
    if v is None:
        return (1, ())
    if isinstance(v, bool):
        return (0, (int(v),))
    if isinstance(v, (int, float)):
        return (0, (v,))
    return (0, natural_key(str(v)))


@dataclass(frozen=True)
class SymbolTarget:
    """What a UN document symbol resolves to: the handbook's page for the document, if it
    has one, and its address in the UN Official Document System."""

    canonical: str
    entity: Entity | None
    url: str

    @property
    def title(self) -> str:
        """The hover text of a link to it."""
        if self.entity is not None:
            return f"{self.entity.title} ({self.canonical})"
        return f"United Nations document {self.canonical} (Official Document System)"


def search_title(ent: Entity) -> str:
    """The page title readers see and search: the title, with the acronym or short name in
    brackets when it is an acronym or a UN symbol that the title does not already contain."""
    extra = ent.symbol or ent.meta.get("acronym") or ent.meta.get("short")
    if isinstance(extra, str) and extra not in ent.title and (ent.symbol or _ACRONYM.match(extra)):
        return f"{ent.title} ({extra})"
    return ent.title


@dataclass(frozen=True)
class Citation:
    """One source cited at one place: the page and line, the bibliography key, and the
    locator as written (``None`` when it has none) with the anchor it resolves to."""

    page: str
    line: int
    key: str
    locator: str | None
    anchor: str | None
    #: The id of the handbook's page for the cited document, if it has one.
    document: str | None
    #: The number of the citation on its page, and which occurrence of it this is.
    number: int = 0
    occurrence: int = 0
    #: Where the ``cite`` call starts in the page's body.
    offset: int = 0


@dataclass(frozen=True)
class Ref:
    """A reference from one page to an entity."""

    source: str  # docs-relative path of the referring page
    target: str  # entity id
    line: int
    via: str  # "macro", "related", "symbol", "cite"
    #: For a link made by a macro: its number among the page's links to the target (from
    #: 1; the link's id is ``hb-to-<target>-<n>``), and where the call starts in the body.
    occurrence: int = 0
    offset: int = 0


@dataclass
class Page:
    """Any Markdown page under docs/, with what the scan found in it."""

    path: str
    source: frontmatter.Source
    entity: Entity | None = None
    #: The validated front matter of a page that is not an entity (an entity's is its own).
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def fields(self) -> dict[str, Any]:
        """The page's validated front matter: what reaches the theme, and nothing else."""
        return self.entity.meta if self.entity is not None else self.meta

    @property
    def title(self) -> str:
        """The page's title (its file name when it has none)."""
        t = self.fields.get("title")
        return str(t) if t else self.path.rsplit("/", 1)[-1][:-3].capitalize()


@dataclass
class Project:
    """Everything the build needs, loaded once."""

    root: Path
    docs_dir: Path
    bib_dir: Path
    directory_urls: bool = False
    #: Whether the site has Python-Markdown's ``abbr`` extension, which turns the glossary's
    #: abbreviation definitions into hover expansions.
    abbr_enabled: bool = False
    pages: dict[str, Page] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    by_number: dict[tuple[str, int], str] = field(default_factory=dict)
    by_symbol: dict[str, str] = field(default_factory=dict)
    bib: bibliography.Bibliography = field(default_factory=bibliography.Bibliography)
    refs: list[Ref] = field(default_factory=list)
    incoming: dict[str, list[Ref]] = field(default_factory=lambda: defaultdict(list))
    #: bib key -> docs-relative paths of the pages citing it, in order (a dict used as an
    #: ordered set).
    cited_by: dict[str, dict[str, None]] = field(default_factory=lambda: defaultdict(dict))
    #: document id -> anchor -> pages citing that paragraph or section (ordered sets).
    anchor_cited_by: dict[str, dict[str, dict[str, None]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(dict))
    )
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: Every citation, in the order of the pages and of the text.
    citations: list[Citation] = field(default_factory=list)
    _glossary: dict[str, tuple[str, str | None]] | None = None
    _acronym_re: re.Pattern[str] | None = None
    _pairs: set[tuple[str, str]] | None = None
    #: Entity links as HTML, by (entity, text, anchor, folder of the linking page).
    anchor_memo: dict[tuple[str, str | None, str | None, str], str] = field(default_factory=dict)
    #: What this process keeps between loads of the project (owned by whoever loads it).
    caches: Caches = field(default_factory=Caches)
    #: The macros editors can call: name -> function (handed in by the host or the CLI).
    macros: dict[str, Callable[..., str]] = field(default_factory=dict)

    def rel(self, p: Path) -> str:
        """A path as shown in diagnostics: relative to the project root."""
        try:
            return p.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return p.as_posix()

    def add_ref(self, ref: Ref) -> None:
        """Record a reference from a page to an entity."""
        self.refs.append(ref)
        self.incoming[ref.target].append(ref)

    def unknown_id(self, path: str, line: int, rid: str, kind: str | None) -> Diagnostic:
        """The HB101 diagnostic for an id that no page defines."""
        pool = [e.id for e in self.entities.values() if kind is None or e.kind == kind]
        what = f"{kind} " if kind else ""
        if kind:
            folder = KINDS[kind].folder
            expected = f"an id defined under docs/{folder}/ ({len(pool)} known)."
            fix = (
                f"correct the id, or add docs/{folder}/{rid}.md (handbook new {kind} {rid})"
                if ID_RE.match(rid)
                else "correct the id: lower-case letters, digits and hyphens"
            )
        else:
            expected = f"the id of an existing page ({len(pool)} known)."
            fix = "correct the id, or add the page (handbook new KIND ID)"
        return Diagnostic.make(
            path,
            line,
            ID_UNKNOWN,
            f"unknown {what}id '{rid}'",
            expected=expected + suggestion(rid, pool),
            fix=fix,
        )

    # --------------------------------------------------------------- queries
    def url(self, docpath: str) -> str:
        """The site URL of a page."""
        return urls.page_url(docpath, self.directory_urls)

    def symbol_target(self, text: str) -> SymbolTarget | None:
        """The one resolver of UN document symbols: ``text`` parsed, and the handbook's page
        for it if there is one (``None`` if ``text`` is not a symbol)."""
        sym = symbols.parse(text)
        if sym is None:
            return None
        local = self.by_symbol.get(sym.canonical)
        return SymbolTarget(sym.canonical, self.entities[local] if local else None, sym.url)

    def document_for(self, key: str) -> Entity | None:
        """The local document page of a bibliography entry (by symbol or id)."""
        e = self.bib.entries.get(key)
        if e is not None and e.symbol and e.symbol in self.by_symbol:
            by_sym = self.entities[self.by_symbol[e.symbol]]
            if by_sym.kind == "document":
                return by_sym
        ent = self.entities.get(key) or self.entities.get(self.by_symbol.get(key, ""))
        return ent if ent is not None and ent.kind == "document" else None

    def of_kind(self, kind: str, *, index: bool = False) -> list[Entity]:
        """Entities of a kind, in the kind's declared order (with ``index``, the order of its
        index table)."""
        k = KINDS[kind]
        names = (k.index_sort or k.sort) if index else k.sort
        ents = [e for e in self.entities.values() if e.kind == kind]
        return sorted(ents, key=lambda e: (*(_sort_value(e.value(n)) for n in names), e.id))

    def linked_pairs(self) -> set[tuple[str, str]]:
        """(page path, entity id) for every reference: ``related`` ids and links in text."""
        if self._pairs is None:
            self._pairs = {(r.source, r.target) for r in self.refs}
        return self._pairs

    def glossary(self) -> dict[str, tuple[str, str | None]]:
        """Acronym -> (expansion, page or None): entities' acronyms and short names written
        in capitals, and the extra acronyms listed in ``docs/glossary.md``."""
        if self._glossary is not None:
            return self._glossary
        out: dict[str, tuple[str, str | None]] = {}
        page = self.pages.get("glossary.md")
        extra = page.meta.get("acronyms") if page is not None else None
        if isinstance(extra, dict):
            for k, v in extra.items():
                if isinstance(k, str) and isinstance(v, str):
                    out[k] = (v, None)
        for e in self.entities.values():
            if e.kind == "document":
                continue
            for cand in (e.meta.get("acronym"), e.meta.get("short")):
                if isinstance(cand, str) and _ACRONYM.match(cand):
                    out[cand] = (e.title, e.path)
        self._glossary = out
        names = sorted(out, key=len, reverse=True)
        self._acronym_re = (
            re.compile(r"(?<![\w.-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
            if names
            else None
        )
        return out

    def abbreviations(self, text: str) -> str:
        """Abbreviation definitions (Python-Markdown ``abbr``) for the acronyms in ``text``,
        so that each shows its expansion on hover."""
        gloss = self.glossary()
        if self._acronym_re is None:
            return ""
        used = sorted(set(self._acronym_re.findall(text)))
        return "".join(f"\n*[{a}]: {gloss[a][0]}" for a in used)

    def failing(self) -> list[Diagnostic]:
        """Diagnostics that fail the check."""
        return [d for d in self.diagnostics if d.fails]
