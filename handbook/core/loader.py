"""Loading a project: every page and .bib entry read and validated, the registry built.

:func:`load` reads every Markdown page under the docs folder (without following links out
of the project), validates each page's front matter against its kind, registers the
entities (ids, numbers, UN symbols, the anchors of source documents) and parses the
bibliography. It does not run macros: :func:`handbook.render.collect.load_project` adds
that pass, with the macro table handed in, so this module needs nothing above the core.
"""

from __future__ import annotations

import gc
import hashlib
import re
from pathlib import Path
from typing import Any

from handbook.core import bibliography, files, frontmatter, schema
from handbook.core.caches import Caches
from handbook.core.diagnostics import (
    ID_DUPLICATE,
    ID_INVALID,
    KIND_MISMATCH,
    NUMBER_DUPLICATE,
    Diagnostic,
    suggestion,
)
from handbook.core.kinds import ID_RE, KINDS, Kind
from handbook.core.registry import Entity, Page, Project

_ANCHOR_RE = re.compile(r"""\bid=["']([^"']+)["']|\{[^}\n]*#([A-Za-z][\w:.-]*)[^}\n]*\}""")
_FOOTDEF_RE = re.compile(r"^\[\^([^\]\s]+)\]:", re.M)
#: A footnote definition and its text (continuation lines indented by four spaces).
_FOOTNOTE_RE = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.*(?:\n(?: {4}|\t).*)*)", re.M)
_PARA_RE = re.compile(r'<span class="hb-pn" id="([^"]+)">[^<]*</span>\s*(.*)')
_TAGS_RE = re.compile(r"<[^>]+>")
#: A numbered item whose anchor holds its whole text (principles, guideline items).
_ITEM_RE = re.compile(
    r'<span class="hb-item" id="([^"]+)"><span class="hb-pn"[^>]*>[^<]*</span>\s*(.*)'
)
#: The end of a numbered item's text (its ``</span>``).
_ITEM_END_RE = re.compile(r"</span>\s*$")
#: A line that starts a list item.
_LIST_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
#: A heading on a document page (it ends a passage), with its anchor if it has one.
_HEADING_RE = re.compile(r"^(#{1,6})\s.*?(?:\{#([A-Za-z][\w:.-]*)\})?\s*$")


def load(
    root: Path,
    docs_dir: Path | None = None,
    bib_dir: Path | None = None,
    *,
    directory_urls: bool = False,
    caches: Caches | None = None,
) -> Project:
    """Read and validate every page and .bib file of the project at ``root``.

    ``caches`` (owned by the caller, kept between loads) lets an unchanged file be taken
    from an earlier reading instead of being parsed again."""
    root = root.resolve()
    proj = Project(
        root,
        (docs_dir or root / "docs").resolve(),
        (bib_dir or root / "bibliography").resolve(),
        directory_urls,
        caches=caches if caches is not None else Caches(),
    )
    # Loading allocates many small objects and frees almost none: the cyclic garbage
    # collector's passes over the growing heap are wasted work (about 10 % at 3,000 pages).
    enabled = gc.isenabled()
    gc.disable()
    try:
        proj.caches.used.clear()
        _load_pages(proj)
        _load_bib(proj)
    finally:
        if enabled:
            gc.enable()
    return proj


# ----------------------------------------------------------------------------- pages


def read_page(proj: Project, path: Path, *, require: bool) -> frontmatter.Source:
    """A page as read, from the caches when its bytes are unchanged."""
    caches = proj.caches
    shown = proj.rel(path)
    key = (str(path), require)
    size = path.stat().st_size
    if size > frontmatter.MAX_BYTES:  # not even read into memory
        caches.used[key] = True
        return frontmatter.too_large(shown, size)
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    hit = caches.pages.get(key)
    if hit is not None and hit[0] == digest and hit[1].path == shown:
        caches.used[key] = False
        return hit[1]
    src = None
    saved = caches.saved.pop(key, None)
    if saved is not None and saved[0] == digest and saved[1][0].get("path") == shown:
        src = frontmatter.from_saved(saved[1][0], data)
        if src is not None and saved[1][1] is not None:
            caches.scans.setdefault(src.body, saved[1][1])
    fresh = src is None
    if src is None:
        src = frontmatter.read(shown, data, require=require)
    caches.pages[key] = (digest, src)
    caches.used[key] = fresh
    return src


def _load_pages(proj: Project) -> None:
    found, diags = files.walk(proj.docs_dir, proj.root, ".md")
    proj.diagnostics.extend(diags)
    seen: dict[str, Entity] = {}
    for p in found:
        docpath = p.relative_to(proj.docs_dir).as_posix()
        kind = _kind_of(docpath)
        src = read_page(proj, p, require=kind is not None)
        proj.diagnostics.extend(src.diagnostics)
        page = Page(docpath, src)
        proj.pages[docpath] = page
        if kind is None:
            if src.meta_ok and src.meta:
                page.meta, diags = schema.validate_page(src)
                proj.diagnostics.extend(diags)
            continue
        ent = _entity(proj, kind, docpath, src)
        page.entity = ent
        _register(proj, ent, seen)


def _kind_of(docpath: str) -> Kind | None:
    """The kind of the page at ``docpath``: a page directly in a kind's folder, other than
    its ``index.md``; ``None`` for every other page."""
    folder, _, name = docpath.partition("/")
    if not name or "/" in name or name == "index.md":
        return None
    return KINDS.by_folder(folder)


def _entity(proj: Project, kind: Kind, docpath: str, src: frontmatter.Source) -> Entity:
    """The entity of a page of ``kind``: its front matter validated, its id checked."""
    stem = docpath.rsplit("/", 1)[-1][:-3]
    meta: dict[str, Any] = {}
    if src.meta_ok:
        meta, diags = schema.validate(kind, src)
        proj.diagnostics.extend(diags)
        proj.diagnostics.extend(_identity_problems(kind, src, meta, stem))
    if not ID_RE.match(stem):
        proj.diagnostics.append(
            Diagnostic.make(
                src.path,
                1,
                ID_INVALID,
                f"'{stem}' is not a valid id (the file name is the id)",
                expected="lower-case letters, digits and hyphens, e.g. "
                + (re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "my-page"),
                fix="rename the file",
            )
        )
    ent = Entity(stem, kind.name, docpath, meta, src)
    if kind.generated:
        _document_anchors(ent, src.body)
    return ent


def _identity_problems(
    kind: Kind, src: frontmatter.Source, meta: dict[str, Any], stem: str
) -> list[Diagnostic]:
    """``kind`` and ``id`` fields that contradict the page's folder and file name."""
    out = []
    if "kind" in meta and meta["kind"] != kind.name:
        k = meta["kind"]
        known = k in KINDS
        out.append(
            Diagnostic.make(
                src.path,
                src.line_of("kind"),
                KIND_MISMATCH,
                f"kind '{k}' "
                + (f"does not match the folder docs/{kind.folder}/" if known else "is not a kind"),
                expected=f"'{kind.name}' for a page in docs/{kind.folder}/"
                + ("" if known else suggestion(k, KINDS)),
                fix="correct the kind, or move the file to the right folder",
            )
        )
    if "id" in meta and meta["id"] != stem:
        out.append(
            Diagnostic.make(
                src.path,
                src.line_of("id"),
                ID_INVALID,
                f"id '{meta['id']}' does not match the file name '{stem}.md'",
                expected="the id is the file name without .md",
                fix=(
                    f"remove the 'id' line or rename the file to {meta['id']}.md"
                    if ID_RE.match(str(meta["id"]))
                    else "remove the 'id' line: the id is the file name"
                ),
            )
        )
    return out


def _register(proj: Project, ent: Entity, seen: dict[str, Entity]) -> None:
    """Add ``ent`` to the registry: by id (unique across kinds), number and UN symbol."""
    src = ent.source
    prev = seen.get(ent.id)
    if prev is not None:
        proj.diagnostics.append(
            Diagnostic.make(
                src.path,
                1,
                ID_DUPLICATE,
                f"id '{ent.id}' is already used by "
                f"{proj.rel(proj.docs_dir / prev.path)} ({prev.kind})",
                expected="ids unique across all kinds",
                fix="rename one of the two files",
            )
        )
        return
    seen[ent.id] = ent
    proj.entities[ent.id] = ent
    if ent.number is not None:
        key = (ent.kind, ent.number)
        if key in proj.by_number:
            other = proj.entities[proj.by_number[key]]
            proj.diagnostics.append(
                Diagnostic.make(
                    src.path,
                    src.line_of("number"),
                    NUMBER_DUPLICATE,
                    f"{ent.kind} number {ent.number} is already used by "
                    f"{proj.rel(proj.docs_dir / other.path)}",
                    expected=f"each {ent.kind} number once",
                    fix="correct the number",
                )
            )
        else:
            proj.by_number[key] = ent.id
    if ent.symbol and ent.symbol not in proj.by_symbol:
        proj.by_symbol[ent.symbol] = ent.id


def _document_anchors(ent: Entity, body: str) -> None:
    """The anchors of a source document's page; the text of each numbered paragraph, item
    and passage (from its marker to the next marker or heading: a lead such as "Mr.
    President," is followed by its paragraph), with its opening words (the hover text of
    citations that point to it); and the numbered passages under each section anchor."""
    anchors: set[str] = set()
    for m in _ANCHOR_RE.finditer(body):
        anchors.add(m.group(1) or m.group(2))
    for m in _FOOTDEF_RE.finditer(body):
        anchors.add("fn:" + m.group(1))
    passages: dict[str, str] = {}
    sections: dict[str, list[str]] = {}
    open_sections: list[tuple[int, str]] = []  # (heading level, anchor)
    lines: list[str] = []
    open_ids: list[str] = []

    item = False

    def close() -> None:
        text = "\n".join(lines).strip()
        if item:  # the item's own closing tag (its opening one is the marker's)
            text = _ITEM_END_RE.sub("", text)
        for anchor in open_ids:
            passages[anchor] = text

    for line in body.split("\n"):
        pm = _PARA_RE.search(line)
        im = _ITEM_RE.search(line)
        hit = im or pm
        heading = _HEADING_RE.match(line)
        if hit is not None or heading is not None:
            close()
            open_ids = [x.group(1) for x in (im, pm) if x is not None]
            lines = [hit.group(2)] if hit is not None else []
            if hit is not None and _LIST_ITEM_RE.match(line):
                # A passage that starts in a list item (and runs on through the list's
                # next items) is a list: keep it one, for the cards.
                lines[0] = "- " + lines[0]
            item = im is not None
            if heading is not None:
                level = len(heading.group(1))
                open_sections = [(lv, a) for lv, a in open_sections if lv < level]
                if heading.group(2):
                    open_sections.append((level, heading.group(2)))
                    sections.setdefault(heading.group(2), [])
            for _, sect in open_sections:
                sections[sect].extend(open_ids)
        elif open_ids and not _FOOTDEF_RE.match(line):
            lines.append(line)
    close()
    for m in _FOOTNOTE_RE.finditer(body):  # a note is a passage too (``note 4``)
        passages["fn:" + m.group(1)] = m.group(2).strip()
    ent.anchors = frozenset(anchors)
    ent.passages = passages
    ent.openings = {a: _opening(text) for a, text in passages.items()}
    ent.sections = {a: tuple(ids) for a, ids in sections.items()}


def _opening(markdown: str) -> str:
    """The first 28 words of a passage, as plain text."""
    words = _TAGS_RE.sub("", markdown.removeprefix("- ").replace("\n- ", " ")).split()
    return " ".join(words[:28]) + (" …" if len(words) > 28 else "")


# ----------------------------------------------------------------------- bibliography


def _load_bib(proj: Project) -> None:
    found, diags = files.walk(proj.bib_dir, proj.root, ".bib")
    proj.diagnostics.extend(diags)
    proj.bib = bibliography.load([(proj.rel(p), p.read_bytes()) for p in found], proj.caches.bib)
    proj.diagnostics.extend(proj.bib.diagnostics)
