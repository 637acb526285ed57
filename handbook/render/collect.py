"""The collect pass: every macro call, citation, link and bare UN symbol of every page.

:func:`load_project` is what ``handbook check`` runs and what the MkDocs plugin runs in
``on_files``: the core's load (:func:`handbook.core.loader.load`), then :func:`scan`, which
runs every macro in collect mode (arguments, ids and locators checked, references and
citations recorded, nothing rendered) and checks what only the whole project can tell:
required sections and their citations, links between pages, raw active HTML, pages left as
``handbook new`` scaffolded them, bibliography entries no page cites. Every page's text is
read through one decision of what is prose (:mod:`handbook.core.prose`), the one
Python-Markdown makes.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import Path

from handbook.core import loader, macroparse, prose, sanitize, symbols
from handbook.core.caches import Caches
from handbook.core.diagnostics import (
    BIB_UNUSED,
    FIELD_VALUE,
    LINK_BROKEN,
    SCAFFOLD_UNCHANGED,
    SECTION_MISSING,
    SECTION_UNCITED,
    Diagnostic,
    sort_key,
    suggestion,
)
from handbook.core.kinds import KINDS
from handbook.core.registry import Entity, Page, Project, Ref
from handbook.core.settings import Settings
from handbook.render.context import Context, run_calls

#: A Markdown link to a page: ``[text](page.md#anchor "title")`` (bounded: linear time).
_MDLINK_RE = re.compile(
    r"\]\(\s*<?([^)\s>]{1,500}?\.md)(#[^)\s>]{0,200})?>?(?:\s+\"[^\"\n]{0,500}\")?\s*\)"
)
#: A whitespace-separated token holding a "/", and a following "(2000)".
_SLASH_TOKEN = re.compile(r"([^\s/]{0,200}/\S{1,300})(?:[ \u00a0]\((\d{4}|[IVXL]{1,6})\))?")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
#: The placeholder summary and the section comment that ``handbook new`` writes.
SCAFFOLD_SUMMARY = "One sentence, at most 200 characters, shown when a reader hovers a link"
SCAFFOLD_COMMENT = re.compile(
    r"<!-- (?:Delete this section unless \w+ is true\. )?Write this section"
)


def load_project(
    root: Path,
    docs_dir: Path | None = None,
    bib_dir: Path | None = None,
    *,
    macros: dict[str, Callable[..., str]],
    directory_urls: bool = False,
    caches: Caches | None = None,
    tags_allowed: frozenset[str] | None = None,
) -> Project:
    """Load and check the whole handbook under ``root``: the core's load, then every page's
    macros, citations and links with the ``macros`` handed in. ``tags_allowed``: the tags
    the site's tag index accepts, when it restricts them."""
    proj = loader.load(root, docs_dir, bib_dir, directory_urls=directory_urls, caches=caches)
    proj.macros = macros
    scan(proj)
    if tags_allowed is not None:
        _check_tags(proj, tags_allowed)
    proj.diagnostics.sort(key=sort_key)
    return proj


def load_configured(
    root: Path,
    conf: Settings,
    *,
    macros: dict[str, Callable[..., str]],
    caches: Caches | None = None,
) -> Project:
    """:func:`load_project` with the folders and options mkdocs.yml gives (``conf``), as
    the commands and the Markdown extension load the handbook."""
    return load_project(
        root,
        conf.docs_dir,
        conf.bib_dir,
        macros=macros,
        directory_urls=conf.directory_urls,
        caches=caches,
        tags_allowed=conf.tags_allowed,
    )


def scan(proj: Project) -> None:
    """The collect pass over every page, then the bibliography entries nobody cites."""
    for page in proj.pages.values():
        src = page.source
        if not src.text:
            continue
        text = prose.scan(src.body)
        ctx = Context(proj, page, collect=True)
        run_calls(ctx, src.body, src.body_line)
        proj.diagnostics.extend(ctx.diagnostics)
        ent = page.entity
        if ent is not None:
            for rid in ent.related:
                line = src.line_of("related")
                if rid in proj.entities:
                    proj.add_ref(Ref(page.path, rid, line, "related"))
                else:
                    proj.diagnostics.append(proj.unknown_id(src.path, line, rid, None))
            if src.meta_ok:
                _check_sections(proj, ent, text)
                _check_scaffold(proj, ent, text)
        _scan_symbols(proj, page, text)
        _check_links(proj, page, text)
        if "<" in src.body or ":" in src.body or "{" in src.body:
            calls = [
                (c.start, c.end)
                for c in macroparse.scan(src.body, frozenset(proj.macros), proj.caches.scans)
            ]
            proj.diagnostics.extend(sanitize.active_html(src.path, text, src.body_line, calls))
    used = set(proj.cited_by)
    for key, e in proj.bib.entries.items():
        if key not in used:
            proj.diagnostics.append(
                Diagnostic.make(
                    e.path,
                    e.line,
                    BIB_UNUSED,
                    f"bibliography entry '{key}' is not cited by any page",
                    expected="every entry cited at least once",
                    fix='cite it with {{ cite("' + key + '") }} or remove it',
                )
            )


def _check_tags(proj: Project, allowed: frozenset[str]) -> None:
    """Tags (themes and extra tags) that the tag index would refuse: the build fails on them."""
    for page in proj.pages.values():
        for key in ("themes", "tags"):
            for tag in page.fields.get(key) or []:
                if tag not in allowed:
                    proj.diagnostics.append(
                        Diagnostic.make(
                            page.source.path,
                            page.source.line_of(key),
                            FIELD_VALUE,
                            f"tag '{tag}' is not one the site's tag index allows",
                            expected="one of: "
                            + ", ".join(sorted(allowed))
                            + "."
                            + suggestion(tag, allowed),
                            fix="correct the tag (tags_allowed of the tags plugin in mkdocs.yml)",
                        )
                    )


def _sections(text: prose.Prose) -> list[tuple[str, int, int]]:
    """The ``##`` sections of a page outside code: (title, line in the body, offset)."""
    return [(h.title, h.line, h.offset) for h in text.headings() if h.level == 2]


def _check_sections(proj: Project, ent: Entity, text: prose.Prose) -> None:
    """The kind's required sections, in order, each citing a source."""
    required = KINDS[ent.kind].required_sections(ent.meta)
    if not required:
        return
    src = ent.source
    found = _sections(text)
    titles = [f[0] for f in found]
    calls = [
        c
        for c in macroparse.scan(src.body, frozenset(proj.macros), proj.caches.scans)
        if isinstance(c, macroparse.Call) and c.name == "cite"
    ]
    pos = -1
    for sec in required:
        if sec not in titles:
            proj.diagnostics.append(
                Diagnostic.make(
                    src.path,
                    src.body_line,
                    SECTION_MISSING,
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
        line = src.body_line + found[idx][1] - 1
        if idx < pos:
            proj.diagnostics.append(
                Diagnostic.make(
                    src.path,
                    line,
                    SECTION_MISSING,
                    f"section '## {sec}' is out of order",
                    expected="sections in this order: " + ", ".join(f"'## {s}'" for s in required),
                    fix="move the section",
                )
            )
        pos = max(pos, idx)
        start = found[idx][2]
        end = found[idx + 1][2] if idx + 1 < len(found) else len(src.body)
        if not any(start <= c.start < end for c in calls):
            proj.diagnostics.append(
                Diagnostic.make(
                    src.path,
                    line,
                    SECTION_UNCITED,
                    f"section '## {sec}' cites no source",
                    expected="every factual statement followed by {{ cite(...) }}",
                    fix="add citations with locators",
                )
            )


def _check_scaffold(proj: Project, ent: Entity, text: prose.Prose) -> None:
    """A page that still holds what ``handbook new`` wrote as placeholders."""
    src = ent.source
    if ent.summary.startswith(SCAFFOLD_SUMMARY):
        proj.diagnostics.append(
            Diagnostic.make(
                src.path,
                src.line_of("summary"),
                SCAFFOLD_UNCHANGED,
                "the summary is still the placeholder that `handbook new` wrote",
                expected="one sentence of your own, at most 200 characters, saying what the "
                "page is about",
                fix="replace the summary with your own sentence",
            )
        )
    found = _sections(text)
    for idx, (title, line, start) in enumerate(found):
        end = found[idx + 1][2] if idx + 1 < len(found) else len(src.body)
        body = src.body[start:end].split("\n", 1)[1] if "\n" in src.body[start:end] else ""
        rest = re.sub(r"<!--.*?-->", "", body, flags=re.S).strip()
        if SCAFFOLD_COMMENT.search(body) and not rest:
            proj.diagnostics.append(
                Diagnostic.make(
                    src.path,
                    src.body_line + line - 1,
                    SCAFFOLD_UNCHANGED,
                    f"section '## {title}' holds only the comment that `handbook new` wrote",
                    expected="the section written from the sources, with citations",
                    fix="write the section (and delete the comment), or delete a section "
                    "the page does not need",
                )
            )


def _scan_symbols(proj: Project, page: Page, text: prose.Prose) -> None:
    """Record the references that bare UN symbols in prose (not in code) make to pages of
    the handbook. Only the symbols that have a page can make one, so each token holding a
    ``/`` is looked up among those, rather than running the whole grammar over the page."""
    body = page.source.body
    if not proj.by_symbol or "/" not in body:
        return
    for m in text.finditer(_SLASH_TOKEN):
        token = m.group(1).split("<", 1)[0].strip(symbols.STRIP)
        target = proj.by_symbol.get(token)
        if target is None and m.group(2):
            target = proj.by_symbol.get(token + "(" + m.group(2) + ")")
        if target is None and "/" in token:
            canon = symbols.normalize(token)
            target = proj.by_symbol.get(canon) if canon else None
        if target and (page.entity is None or page.entity.id != target):
            line = page.source.body_line + text.line_of(m.start()) - 1
            proj.add_ref(Ref(page.path, target, line, "symbol"))


def _check_links(proj: Project, page: Page, text: prose.Prose) -> None:
    """Markdown links (outside code) to pages that do not exist."""
    body = page.source.body
    if ".md" not in body:
        return
    base = posixpath.dirname(page.path)
    for m in text.finditer(_MDLINK_RE):
        href = m.group(1)
        if _SCHEME.match(href):
            continue
        target = (
            posixpath.normpath(posixpath.join(base, href))
            if not href.startswith("/")
            else href.lstrip("/")
        )
        if target not in proj.pages:
            proj.diagnostics.append(
                Diagnostic.make(
                    page.source.path,
                    page.source.body_line + text.line_of(m.start()) - 1,
                    LINK_BROKEN,
                    f"link to '{href}', but the target docs/{target} is not found",
                    expected="a path relative to this page, to an existing .md file."
                    + suggestion(target, proj.pages),
                    fix='correct the link, or use a macro such as {{ agency("id") }}',
                )
            )
