"""The project: every page and .bib entry loaded once, before anything renders.

:func:`Project.load` reads every Markdown page under ``docs/``, validates front matter,
builds the entity registry, parses the bibliography, scans every macro call, citation and
bare UN symbol, and records who refers to whom. ``handbook check`` is exactly this load;
the MkDocs plugin runs it in ``on_files`` and then renders from what it recorded, so the
build and the check report the same diagnostics, once.
"""

from __future__ import annotations

import gc
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handbook.core import bibliography as citations
from handbook.core import frontmatter
from handbook.cache import pages as pagecache
from handbook.core import schema
from handbook.core import symbols
from handbook.core import urls
from handbook.core.diagnostics import Diagnostic, sort_key, suggestion

_ANCHOR_RE = re.compile(r"""\bid=["']([^"']+)["']|\{[^}\n]*#([A-Za-z][\w:.-]*)[^}\n]*\}""")
_FOOTDEF_RE = re.compile(r"^\[\^([^\]\s]+)\]:", re.M)
_PARA_RE = re.compile(r'<span class="hb-pn" id="([^"]+)">[^<]*</span>\s*(.*)')
#: A numbered item whose anchor holds its whole text (principles, guideline items).
_ITEM_RE = re.compile(
    r'<span class="hb-item" id="([^"]+)"><span class="hb-pn"[^>]*>[^<]*</span>\s*(.*)'
)
#: Where a passage ends on a document page: a heading (footnote definitions are skipped).
_PASSAGE_END_RE = re.compile(r"^#{1,6}\s")
_SECTION_RE = re.compile(r"^##[ \t]+(.+?)[ \t]*#*[ \t]*$")
_MDLINK_RE = re.compile(r"\]\(\s*<?([^)\s>]+?\.md)(#[^)\s>]*)?>?(?:\s+\"[^\"]*\")?\s*\)")
_TAGS_RE = re.compile(r"<[^>]+>")
#: A token holding a "/" that could be a UN symbol with a page, and a following "(2000)".
_SLASH_TOKEN = re.compile(r"([^\s/]+/\S+)(?:[ \u00a0]\((\d{4}|[IVXL]+)\))?")
_ACRONYM = re.compile(r"^[A-Z][A-Z.-]*[A-Z]$")


#: Pages as read, by (path, modification time, size): a rebuild in ``make serve`` reads
#: and parses again only the files that changed.
_READ_CACHE: dict[tuple[str, bool], tuple[int, int, frontmatter.Source]] = {}


#: Readings saved by an earlier ``handbook check`` (:mod:`handbook.pagecache`).
_SAVED: dict[tuple[str, bool], pagecache.Saved] = {}


def _read_cached(
    path: Path, shown: str, *, require: bool, used: dict[tuple[str, bool], bool] | None = None
) -> frontmatter.Source:
    """A page as read; ``used`` records each key and whether it had to be read."""
    st = path.stat()
    key = (str(path), require)
    hit = _READ_CACHE.get(key)
    fresh = False
    if hit is None or hit[0] != st.st_mtime_ns or hit[1] != st.st_size or hit[2].path != shown:
        saved = _SAVED.pop(key, None)
        src = None
        if (
            saved is not None
            and saved[0] == st.st_mtime_ns
            and saved[1] == st.st_size
            and saved[2]["path"] == shown
        ):
            src = pagecache.complete(saved, path, _names())
        if src is None:
            src = frontmatter.read(shown, path.read_bytes(), require=require)
            fresh = True
        hit = _READ_CACHE[key] = (st.st_mtime_ns, st.st_size, src)
    if used is not None:
        used[key] = fresh
    return hit[2]


def _names() -> frozenset[str]:
    from handbook.render.context import macro_names  # expand imports this module

    return macro_names()


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, where tags such as ``!!python/name:`` (Material's emoji settings)
    or ``!ENV`` may appear: they are read as nothing, since only plain settings are used."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Settings:
    """What ``handbook`` commands need from mkdocs.yml (MkDocs' defaults otherwise)."""

    docs_dir: Path
    bib_dir: Path
    directory_urls: bool


def settings(root: Path) -> Settings:
    """The docs folder, the handbook plugin's ``bibliography`` folder and
    ``use_directory_urls`` of the project at ``root``, as ``mkdocs build`` would use them. A
    missing or unreadable mkdocs.yml gives the defaults (the build itself reports it)."""
    root = root.resolve()
    try:
        cfg = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        cfg = None
    if not isinstance(cfg, dict):
        cfg = {}
    bib = "bibliography"
    plugins = cfg.get("plugins")
    for item in plugins if isinstance(plugins, list) else []:
        if isinstance(item, dict) and isinstance(item.get("handbook"), dict):
            value = item["handbook"].get("bibliography")
            bib = value if isinstance(value, str) else bib
    docs = cfg.get("docs_dir")
    urls_flag = cfg.get("use_directory_urls")
    return Settings(
        root / (docs if isinstance(docs, str) else "docs"),
        root / bib,
        urls_flag if isinstance(urls_flag, bool) else True,
    )


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

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.id)

    @property
    def short(self) -> str:
        return str(self.meta.get("short") or self.meta.get("acronym") or self.title)

    @property
    def summary(self) -> str:
        return str(self.meta.get("summary") or "")

    @property
    def number(self) -> int | None:
        n = self.meta.get("number")
        return n if isinstance(n, int) else None

    @property
    def symbol(self) -> str | None:
        s = self.meta.get("symbol")
        return str(s) if s else None

    @property
    def themes(self) -> list[str]:
        return list(self.meta.get("themes") or [])

    @property
    def related(self) -> list[str]:
        return list(self.meta.get("related") or [])

    @property
    def aliases(self) -> list[str]:
        return list(self.meta.get("aliases") or [])


def search_title(ent: Entity) -> str:
    """The page title readers see and search: the title, with the acronym or short name in
    brackets when it is an acronym or a UN symbol that the title does not already contain."""
    extra = ent.symbol or ent.meta.get("acronym") or ent.meta.get("short")
    if isinstance(extra, str) and extra not in ent.title and (ent.symbol or _ACRONYM.match(extra)):
        return f"{ent.title} ({extra})"
    return ent.title


@dataclass(frozen=True)
class Ref:
    """A reference from one page to an entity."""

    source: str  # docs-relative path of the referring page
    target: str  # entity id
    line: int
    via: str  # "macro", "related", "symbol", "cite"


@dataclass
class Page:
    """Any Markdown page under docs/, with what the scan found in it."""

    path: str
    source: frontmatter.Source
    entity: Entity | None = None


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
    bib: citations.Bibliography = field(default_factory=citations.Bibliography)
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
    _glossary: dict[str, tuple[str, str | None]] | None = None
    _acronym_re: re.Pattern[str] | None = None
    _pairs: set[tuple[str, str]] | None = None
    #: The pages this load used, and whether each was read from disk (not from a cache).
    _read_keys: dict[tuple[str, bool], bool] = field(default_factory=dict)
    #: Entity links as HTML, by (entity, text, anchor, folder of the linking page).
    anchor_memo: dict[tuple[str, str | None, str | None, str], str] = field(default_factory=dict)
    _cache_file: Path | None = None

    # ------------------------------------------------------------------ loading
    @classmethod
    def load(
        cls,
        root: Path,
        docs_dir: Path | None = None,
        bib_dir: Path | None = None,
        *,
        directory_urls: bool = False,
        cache_file: Path | None = None,
    ) -> Project:
        """Load and check the whole handbook under ``root``.

        With ``cache_file`` (``handbook check``), pages read and scanned by an earlier run
        and unchanged since are taken from that file (:mod:`handbook.pagecache`), and it is
        updated if anything changed."""
        root = root.resolve()
        proj = cls(
            root,
            (docs_dir or root / "docs").resolve(),
            (bib_dir or root / "bibliography").resolve(),
            directory_urls,
        )
        # Loading allocates many small objects and frees almost none: the cyclic garbage
        # collector's passes over the growing heap are wasted work (about 10 % at 3,000 pages).
        enabled = gc.isenabled()
        gc.disable()
        try:
            if cache_file is not None:
                _SAVED.update(pagecache.load(cache_file, _names()))
            proj._load_pages()
            proj._load_bib()
            proj._scan()
            proj._cache_file = cache_file
        finally:
            if enabled:
                gc.enable()
        proj.diagnostics.sort(key=sort_key)
        return proj

    def save_page_cache(self) -> None:
        """Keep this load's readings for the next ``handbook check`` (if any page was read
        from disk, or there is no cache yet)."""
        cache_file, read = self._cache_file, self._read_keys
        if cache_file is not None and (any(read.values()) or not cache_file.exists()):
            pagecache.save(cache_file, {k: _READ_CACHE[k] for k in read}, _names())

    def rel(self, p: Path) -> str:
        """A path as shown in diagnostics: relative to the project root."""
        try:
            return p.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return p.as_posix()

    def _md_files(self) -> Iterable[Path]:
        if not self.docs_dir.is_dir():
            return []
        return sorted(p for p in self.docs_dir.rglob("*.md") if p.is_file() and not p.is_symlink())

    def _load_pages(self) -> None:
        seen_ids: dict[str, Entity] = {}
        for p in self._md_files():
            docpath = p.relative_to(self.docs_dir).as_posix()
            shown = self.rel(p)
            top = docpath.split("/", 1)[0] if "/" in docpath else ""
            kind_name = schema.FOLDER_KIND.get(top)
            stem = p.stem
            is_entity = kind_name is not None and stem != "index" and docpath.count("/") == 1
            src = _read_cached(p, shown, require=is_entity, used=self._read_keys)
            self.diagnostics.extend(src.diagnostics)
            page = Page(docpath, src)
            self.pages[docpath] = page
            if not is_entity or kind_name is None:
                if src.meta_ok and src.meta:
                    self._check_plain_meta(src)
                continue
            kind = schema.KINDS[kind_name]
            meta: dict[str, Any] = {}
            if src.meta_ok:
                meta, diags = schema.validate(kind, src)
                self.diagnostics.extend(diags)
                if "kind" in meta and meta["kind"] != kind.name:
                    k = meta["kind"]
                    known = k in schema.KINDS
                    self.diagnostics.append(
                        Diagnostic.make(
                            shown,
                            src.line_of("kind"),
                            "HB020",
                            f"kind '{k}' "
                            + (
                                f"does not match the folder docs/{kind.folder}/"
                                if known
                                else "is not a kind"
                            ),
                            expected=f"'{kind.name}' for a page in docs/{kind.folder}/"
                            + ("" if known else suggestion(k, schema.KINDS)),
                            fix="correct the kind, or move the file to the right folder",
                        )
                    )
                if "id" in meta and meta["id"] != stem:
                    self.diagnostics.append(
                        Diagnostic.make(
                            shown,
                            src.line_of("id"),
                            "HB022",
                            f"id '{meta['id']}' does not match the file name '{stem}.md'",
                            expected="the id is the file name without .md",
                            fix=(
                                f"remove the 'id' line or rename the file to {meta['id']}.md"
                                if schema.ID_RE.match(str(meta["id"]))
                                else "remove the 'id' line: the id is the file name"
                            ),
                        )
                    )
            if not schema.ID_RE.match(stem):
                self.diagnostics.append(
                    Diagnostic.make(
                        shown,
                        1,
                        "HB022",
                        f"'{stem}' is not a valid id (the file name is the id)",
                        expected="lower-case letters, digits and hyphens, e.g. "
                        + re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-"),
                        fix="rename the file",
                    )
                )
            ent = Entity(stem, kind.name, docpath, meta, src)
            page.entity = ent
            if kind.name == "document":
                self._document_anchors(ent, src.body)
            prev = seen_ids.get(stem)
            if prev is not None:
                self.diagnostics.append(
                    Diagnostic.make(
                        shown,
                        1,
                        "HB021",
                        f"id '{stem}' is already used by "
                        f"{self.rel(self.docs_dir / prev.path)} ({prev.kind})",
                        expected="ids unique across all kinds",
                        fix="rename one of the two files",
                    )
                )
                continue
            seen_ids[stem] = ent
            self.entities[stem] = ent
            if ent.number is not None:
                key = (kind.name, ent.number)
                if key in self.by_number:
                    other = self.entities[self.by_number[key]]
                    self.diagnostics.append(
                        Diagnostic.make(
                            shown,
                            src.line_of("number"),
                            "HB023",
                            f"{kind.name} number {ent.number} is already used by "
                            f"{self.rel(self.docs_dir / other.path)}",
                            expected=f"each {kind.name} number once",
                            fix="correct the number",
                        )
                    )
                else:
                    self.by_number[key] = stem
            if ent.symbol and ent.symbol not in self.by_symbol:
                self.by_symbol[ent.symbol] = stem

    def _check_plain_meta(self, src: frontmatter.Source) -> None:
        for key in ("title", "summary"):
            v = src.meta.get(key)
            if v is not None and not isinstance(v, (str, int, float)):
                self.diagnostics.append(
                    Diagnostic.make(
                        src.path,
                        src.line_of(key),
                        "HB011",
                        f"field '{key}' is a {type(v).__name__}, not text",
                        expected="text",
                        fix="write the value as text",
                    )
                )

    def _document_anchors(self, ent: Entity, body: str) -> None:
        anchors: set[str] = set()
        for m in _ANCHOR_RE.finditer(body):
            anchors.add(m.group(1) or m.group(2))
        for m in _FOOTDEF_RE.finditer(body):
            anchors.add("fn:" + m.group(1))
        # The opening words of each numbered paragraph, item and passage: from its marker
        # on, over the following lines of the passage (a lead such as "Mr. President," is
        # followed by its paragraph) until the next marker or heading.
        openings: dict[str, str] = {}
        words: list[str] = []
        open_ids: list[str] = []

        def close() -> None:
            text = " ".join(words[:28])
            for anchor in open_ids:
                openings[anchor] = text + (" …" if len(words) > 28 else "")

        for line in body.split("\n"):
            pm = _PARA_RE.search(line)
            im = _ITEM_RE.search(line)
            hit = im or pm
            if hit is not None or _PASSAGE_END_RE.match(line):
                close()
                open_ids = [x.group(1) for x in (im, pm) if x is not None]
                words = _TAGS_RE.sub("", hit.group(2)).split() if hit is not None else []
            elif open_ids and len(words) <= 28 and not _FOOTDEF_RE.match(line):
                words += _TAGS_RE.sub("", line.removeprefix("- ")).split()
        close()
        ent.anchors = frozenset(anchors)
        ent.openings = openings

    def _load_bib(self) -> None:
        files: list[tuple[str, bytes]] = []
        if self.bib_dir.is_dir():
            for p in sorted(self.bib_dir.rglob("*.bib")):
                if p.is_file() and not p.is_symlink():
                    files.append((self.rel(p), p.read_bytes()))
        self.bib = citations.load(files)
        self.diagnostics.extend(self.bib.diagnostics)

    def _scan(self) -> None:
        from handbook.render.context import Context, run_calls  # circular at import time

        for page in self.pages.values():
            src = page.source
            if not src.text:
                continue
            body = src.body
            ctx = Context(self, page, collect=True)
            run_calls(ctx, body, src.body_line)
            self.diagnostics.extend(ctx.diagnostics)
            ent = page.entity
            if ent is not None:
                for rid in ent.related:
                    line = src.line_of("related")
                    if rid in self.entities:
                        self._add_ref(Ref(page.path, rid, line, "related"))
                    else:
                        self.diagnostics.append(self.unknown_id(src.path, line, rid, None))
                if src.meta_ok:
                    self._check_sections(ent)
            self._scan_symbols(page)
            self._check_links(page)
        used = set(self.cited_by)
        for key, e in self.bib.entries.items():
            if key not in used:
                self.diagnostics.append(
                    Diagnostic.make(
                        e.path,
                        e.line,
                        "HB214",
                        f"bibliography entry '{key}' is not cited by any page",
                        expected="every entry cited at least once",
                        fix='cite it with {{ cite("' + key + '") }} or remove it',
                    )
                )

    def _add_ref(self, ref: Ref) -> None:
        self.refs.append(ref)
        self.incoming[ref.target].append(ref)

    def unknown_id(self, path: str, line: int, rid: str, kind: str | None) -> Diagnostic:
        """The HB101 diagnostic for an id that no page defines."""
        pool = [e.id for e in self.entities.values() if kind is None or e.kind == kind]
        what = f"{kind} " if kind else ""
        if kind:
            folder = schema.KINDS[kind].folder
            expected = f"an id defined under docs/{folder}/ ({len(pool)} known)."
            fix = (
                f"correct the id, or add docs/{folder}/{rid}.md (handbook new {kind} {rid})"
                if schema.ID_RE.match(rid)
                else "correct the id: lower-case letters, digits and hyphens"
            )
        else:
            expected = f"the id of an existing page ({len(pool)} known)."
            fix = "correct the id, or add the page (handbook new KIND ID)"
        return Diagnostic.make(
            path,
            line,
            "HB101",
            f"unknown {what}id '{rid}'",
            expected=expected + suggestion(rid, pool),
            fix=fix,
        )

    def _check_sections(self, ent: Entity) -> None:
        kind = schema.KINDS[ent.kind]
        required = kind.required_sections(ent.meta)
        if not required:
            return
        src = ent.source
        found: list[tuple[str, int, int]] = []  # (title, line, offset in body)
        in_fence = False
        offset = 0
        for i, line in enumerate(src.body.split("\n")):
            if line.lstrip().startswith(("```", "~~~")):
                in_fence = not in_fence
            elif not in_fence:
                m = _SECTION_RE.match(line)
                if m:
                    found.append((m.group(1).strip(), src.body_line + i, offset))
            offset += len(line) + 1
        titles = [f[0] for f in found]
        pos = -1
        for sec in required:
            if sec not in titles:
                self.diagnostics.append(
                    Diagnostic.make(
                        src.path,
                        src.body_line,
                        "HB030",
                        f"required section '## {sec}' is missing from this {ent.kind} page",
                        expected="sections in this order: "
                        + ", ".join(f"'## {s}'" for s in required)
                        + "."
                        + suggestion(sec, titles),
                        fix=f"add a '## {sec}' heading with its content",
                    )
                )
                continue
            idx = titles.index(sec)
            if idx < pos:
                self.diagnostics.append(
                    Diagnostic.make(
                        src.path,
                        found[idx][1],
                        "HB030",
                        f"section '## {sec}' is out of order",
                        expected="sections in this order: "
                        + ", ".join(f"'## {s}'" for s in required),
                        fix="move the section",
                    )
                )
            pos = max(pos, idx)
            start = found[idx][2]
            end = found[idx + 1][2] if idx + 1 < len(found) else len(src.body)
            if "cite(" not in src.body[start:end]:
                self.diagnostics.append(
                    Diagnostic.make(
                        src.path,
                        found[idx][1],
                        "HB031",
                        f"section '## {sec}' cites no source",
                        expected="every factual statement followed by {{ cite(...) }}",
                        fix="add citations with locators",
                    )
                )

    def _scan_symbols(self, page: Page) -> None:
        """Record references made by bare UN symbols in prose to pages of the handbook.

        Only the symbols that have a page can make a reference, so each token containing a
        ``/`` is looked up among those, rather than running the whole grammar over the page."""
        if not self.by_symbol:
            return
        body = page.source.body
        if "/" not in body:
            return
        line, counted = page.source.body_line, 0
        pos = body.find("/")
        while pos >= 0:
            start = max(body.rfind(" ", 0, pos), body.rfind("\n", 0, pos)) + 1
            m = _SLASH_TOKEN.match(body, start)
            end = m.end() if m else pos + 1
            pos = body.find("/", max(end, pos + 1))
            if m is None:
                continue
            token = m.group(1).split("<", 1)[0].strip(symbols.STRIP)
            target = self.by_symbol.get(token)
            if target is None and m.group(2):
                target = self.by_symbol.get(token + "(" + m.group(2) + ")")
            if target is None and "/" in token:
                canon = symbols.normalize(token)
                target = self.by_symbol.get(canon) if canon else None
            if target and (page.entity is None or page.entity.id != target):
                line += body.count("\n", counted, start)
                counted = start
                self._add_ref(Ref(page.path, target, line, "symbol"))

    def _check_links(self, page: Page) -> None:
        body = page.source.body
        if ".md" not in body:
            return
        base = posixpath.dirname(page.path)
        for m in _MDLINK_RE.finditer(body):
            href = m.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
                continue
            target = (
                posixpath.normpath(posixpath.join(base, href))
                if not href.startswith("/")
                else href.lstrip("/")
            )
            if target not in self.pages:
                line = page.source.body_line + body.count("\n", 0, m.start())
                self.diagnostics.append(
                    Diagnostic.make(
                        page.source.path,
                        line,
                        "HB130",
                        f"link to '{href}', but the target docs/{target} is not found",
                        expected="a path relative to this page, to an existing .md file."
                        + suggestion(target, self.pages),
                        fix='correct the link, or use a macro such as {{ agency("id") }}',
                    )
                )

    # --------------------------------------------------------------- queries
    def url(self, docpath: str) -> str:
        """The site URL of a page."""
        return urls.page_url(docpath, self.directory_urls)

    def document_for(self, key: str) -> Entity | None:
        """The local document page of a bibliography entry (by symbol or id)."""
        e = self.bib.entries.get(key)
        if e is not None and e.symbol and e.symbol in self.by_symbol:
            by_sym = self.entities[self.by_symbol[e.symbol]]
            if by_sym.kind == "document":
                return by_sym
        ent = self.entities.get(key) or self.entities.get(self.by_symbol.get(key, ""))
        return ent if ent is not None and ent.kind == "document" else None

    def of_kind(self, kind: str) -> list[Entity]:
        """Entities of a kind, by number then title."""
        ents = [e for e in self.entities.values() if e.kind == kind]
        return sorted(ents, key=lambda e: (e.number or 0, e.short.lower(), e.id))

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
        extra = page.source.meta.get("acronyms") if page is not None else None
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
