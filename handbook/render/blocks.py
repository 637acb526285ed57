"""Generated blocks: index tables, backlinks, related pages, bibliographies, references.

Blocks are produced as Markdown (tables, headings) with inline HTML links, so that the
table of contents and search pick them up like any other content.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from handbook.core import symbols, urls
from handbook.core.bibliography import parse_locator
from handbook.core.diagnostics import CODES, MACRO_ARGUMENTS, suggestion
from handbook.core.kinds import COMMON, KINDS, Column, Field, Kind
from handbook.core.registry import Citation, grouped
from handbook.render import citestyle as style
from handbook.render.context import MacroError, covered, signature_text
from handbook.render.escape import attr, esc
from handbook.render.pinpoints import sentence_at

if TYPE_CHECKING:
    from handbook.core.registry import Entity
    from handbook.render.context import Context


def _cell(text: str) -> str:
    return esc(text).replace("\n", " ")


def _yes(v: object) -> str:
    return "yes" if v is True else "no" if v is False else ""


def _year(v: object) -> str:
    return str(v)[:4] if v else ""


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def _require_kind(macro: str, kind: str) -> Kind:
    k = KINDS.get(kind)
    if k is None:
        raise MacroError(
            MACRO_ARGUMENTS,
            f"{macro}() has no kind '{kind}'",
            "one of: " + ", ".join(KINDS) + "." + suggestion(kind, KINDS),
            "correct the kind",
        )
    return k


def _column(ctx: Context, e: Entity, col: Column) -> str:
    """One cell of an index table."""
    v = e.value(col.value)
    if col.show == "link":
        return ctx.entity_anchor(e, None if col.value == "short" else str(v or e.title))
    if col.show == "yes-no":
        return _yes(v)
    if col.show == "year":
        return _year(v)
    if isinstance(v, list):
        return _cell(", ".join(str(x) for x in v))
    return _cell("" if v is None else str(v))


def index(ctx: Context, kind: str) -> str:
    """The index table of a kind: its declared columns, in its groups."""
    k = _require_kind("index", kind)
    ents = ctx.project.of_kind(kind, index=True)
    if ctx.collect:
        return ""
    header = [c.header for c in k.columns]
    out = []
    for title, group in grouped(k, ents):
        if title:
            out.append(f"### {title}\n")
        out.append(_table(header, [[_column(ctx, e, c) for c in k.columns] for e in group]))
        if title:
            out.append("")
    return "\n".join(out)


def _linked(ctx: Context, page_path: str) -> tuple[str, str]:
    """(kind, link HTML) for any page."""
    page = ctx.project.pages[page_path]
    if page.entity is not None:
        return page.entity.kind, ctx.entity_anchor(page.entity)
    title = str(page.fields.get("title") or page_path.rsplit("/", 1)[-1][:-3])
    return "page", f'<a class="hb-ref" href="{attr(ctx.href(page_path))}">{esc(title)}</a>'


def backlinks(ctx: Context) -> str:
    """The pages referring to the current page."""
    if ctx.collect:
        return ""
    ent = ctx.page.entity
    target = ent.id if ent is not None else None
    sources = []
    for ref in ctx.project.incoming.get(target or "", []):
        if ref.source != ctx.page.path and ref.source not in sources:
            sources.append(ref.source)
    if not sources:
        return '<p class="hb-none">No page links here yet.</p>'
    items = "".join(f"<li>{_linked(ctx, s)[1]}</li>" for s in sources)
    return f'<ul class="hb-backlinks">{items}</ul>'


def related_section(ctx: Context) -> str:
    """The automatic "Related pages" section of an entity page: the ``related`` ids in both
    directions, and every page that links to it, grouped by kind."""
    ent = ctx.page.entity
    if ent is None:
        return ""
    proj = ctx.project
    ids: dict[str, None] = dict.fromkeys(r for r in ent.related if r in proj.entities)
    others: dict[str, None] = {}
    for ref in proj.incoming.get(ent.id, []):
        src = proj.pages[ref.source]
        if src.entity is not None:
            if src.entity.id != ent.id:
                ids[src.entity.id] = None
        elif ref.source != ctx.page.path:
            others[ref.source] = None
    if not ids and not others:
        return ""
    by_kind: dict[str, list[Entity]] = {}
    for i in ids:
        e = proj.entities[i]
        by_kind.setdefault(e.kind, []).append(e)
    rows = []
    for k in KINDS.values():
        group = sorted(by_kind.get(k.name, []), key=lambda e: (e.number or 0, e.short.lower()))
        if group:
            rows.append(
                f"<dt>{k.title}</dt>\n<dd>"
                + ", ".join(ctx.entity_anchor(e) for e in group)
                + "</dd>"
            )
    if others:
        rows.append(
            "<dt>Other pages</dt><dd>" + ", ".join(_linked(ctx, s)[1] for s in others) + "</dd>"
        )
    return '\n\n## Related pages\n\n<dl class="hb-related">' + "".join(rows) + "</dl>\n"


def aliases_line(ctx: Context) -> str:
    """Other names of the page's subject, shown under its title (and searchable there)."""
    ent = ctx.page.entity
    if ent is None or not ent.aliases:
        return ""
    names = "; ".join(esc(a) for a in dict.fromkeys(ent.aliases) if a != ent.title)
    return f'<p class="hb-aka">Also known as: {names}.</p>\n\n' if names else ""


_TEXT_HEADING = re.compile(r"^## Text[ \t]*$", re.M)


def normative_text_in_first_section(ctx: Context, markdown: str) -> str:
    """On principle and guideline pages, the ``## Text`` heading is written without an
    anchor, so that the quoted text stays in the page's first search section and a reader
    who types its words finds the page itself first, before the pages that paraphrase it."""
    ent = ctx.page.entity
    if ent is None or ent.kind not in ("principle", "guideline"):
        return markdown
    return _TEXT_HEADING.sub('<h2 class="hb-text-heading">Text</h2>', markdown, count=1)


_LANGUAGES = {"en": "English", "es": "Spanish", "fr": "French", "ar": "Arabic"}


def document_header(ctx: Context) -> str:
    """On a source document's page: its symbol (with the official copy in the UN Official
    Document System), date, issuer, session, language, and for statements the speaker."""
    ent = ctx.page.entity
    if ent is None or ent.kind != "document":
        return ""
    m = ent.meta
    rows: list[tuple[str, str]] = []
    if ent.symbol:
        sym = symbols.parse(ent.symbol)
        if sym is not None:
            rows.append(
                (
                    "Symbol",
                    f'{esc(sym.canonical)} (<a class="hb-ods" href="'
                    f'{attr(sym.url)}">official copy in the UN Official Document '
                    "System</a>)",
                )
            )
    for key, label in (
        ("speaker", "Speaker"),
        ("affiliation", "On behalf of"),
        ("panel", "Panel"),
        ("issuer", "Issued by"),
        ("session", "Session"),
        ("date", "Date"),
    ):
        if m.get(key):
            rows.append((label, esc(str(m[key]))))
    if m.get("native_name"):
        lang = attr(str(m.get("native_lang") or "ar"))
        rows.append(
            (
                "In the original script",
                f'<span lang="{lang}" dir="rtl">{esc(str(m["native_name"]))}</span>',
            )
        )
    if m.get("language"):
        rows.append(("Language", esc(_LANGUAGES.get(str(m["language"]), str(m["language"])))))
    # (where the text was imported from is for editors: it stays in the front matter)
    if not rows:
        return ""
    body = "\n".join(f"<dt>{k}</dt>\n<dd>{v}</dd>" for k, v in rows)
    return f'<dl class="hb-docmeta">{body}</dl>\n\n'


_LINE_IDS = re.compile(r'\bid="([^"]+)"|\{#([A-Za-z][\w:.-]*)\}')


def citing_places(ctx: Context, doc_id: str) -> dict[str, list[Citation]]:
    """Anchor of a document -> the citations that point to it (a range, to each of its
    paragraphs), in the order of the pages and of their text."""
    out: dict[str, list[Citation]] = {}
    for c in ctx.project.citations:
        if c.document != doc_id or c.page == ctx.page.path or c.locator is None:
            continue
        for anchor in covered(parse_locator(c.locator)):
            out.setdefault(anchor, []).append(c)
    return out


def _place(ctx: Context, c: Citation) -> str:
    """A link to one citing sentence: the page's title and the sentence's first words."""
    page = ctx.project.pages[c.page]
    words = sentence_at(ctx.project, c).split()
    quote = " ".join(words[:10]) + (" …" if len(words) > 10 else "")
    href = ctx.href(c.page, f"hb-cite-{c.number}-{c.occurrence}")
    title = page.entity.short if page.entity is not None else page.title
    return f'<a href="{attr(href)}">{esc(title)}</a>: “{esc(quote)}”'


def cited_by_markers(ctx: Context, markdown: str) -> str:
    """On a document page, after each cited paragraph, the sentences that cite it: each a
    link to the citation itself (page and first words)."""
    ent = ctx.page.entity
    if ent is None or ent.kind != "document":
        return markdown
    places = citing_places(ctx, ent.id)
    if not places:
        return markdown
    lines = markdown.split("\n")
    after: dict[int, str] = {}  # line index -> the block that follows its paragraph
    for i, line in enumerate(lines):
        if "id=" not in line and "{#" not in line:
            continue
        for m in _LINE_IDS.finditer(line):
            anchor = m.group(1) or m.group(2)
            cites = places.get(anchor)
            if not cites:
                continue
            items = "".join(f"<li>{_place(ctx, c)}</li>" for c in cites)
            n = len(cites)
            block = (
                f'<details class="hb-citedby"><summary>Cited in {n} place'
                f"{'s' if n > 1 else ''}</summary><ul>{items}</ul></details>"
            )
            if m.group(2) or not _NESTED.match(line):
                # After a heading, or after the whole paragraph, as a block of its own: a
                # <details> inside a <p> is not valid HTML (browsers split the paragraph).
                end = i
                while not m.group(2) and end + 1 < len(lines) and lines[end + 1].strip():
                    end += 1
                after[end] = after.get(end, "") + "\n\n" + block
            else:
                # In a list item (or quotation) a block would end the list: inline, at the
                # end of the item's line (valid there).
                lines[i] = line + " " + block
            break
    return "\n".join(line + after.get(i, "") for i, line in enumerate(lines))


#: A line inside a list item or a quotation (the cited-by details stay on it).
_NESTED = re.compile(r"^(?:\s+|>|[-*+]\s|\d+[.)]\s)")


_PN = re.compile(r'<span class="hb-pn" id="([^"]+)">([^<]*)</span>')
_ITEM_PN = re.compile(
    r'(<span class="hb-item" id="([^"]+)">)<span class="hb-pn"([^>]*)>([^<]*)</span>'
)


def passage_links(ctx: Context, markdown: str) -> str:
    """On a document page, every paragraph and passage number is a link to itself, so a
    reader can copy the address of paragraph 82."""
    ent = ctx.page.entity
    if ent is None or ent.kind != "document" or "hb-pn" not in markdown:
        return markdown
    markdown = _ITEM_PN.sub(
        lambda m: f'{m.group(1)}<a class="hb-pn" href="#{m.group(2)}"{m.group(3)}>{m.group(4)}</a>',
        markdown,
    )
    return _PN.sub(
        lambda m: f'<a class="hb-pn" id="{m.group(1)}" href="#{m.group(1)}">{m.group(2)}</a>',
        markdown,
    )


def bibliography(ctx: Context) -> str:
    """Every .bib entry, sorted as bibliographies are (by author or issuing body, then
    year), with the pages that cite it."""
    if ctx.collect:
        return ""
    bib = ctx.project.bib
    keys = sorted(bib.entries, key=lambda k: (*bib.sort_key(k), k))
    items = []
    for k in keys:
        doc = ctx.project.document_for(k)
        sym = bib.entries[k].symbol
        sym_href = ctx.symbol_href(sym) if sym else None
        body = style.to_html(bib, k, sym_href, ctx.href(doc.path) if doc is not None else None)
        pages = list(ctx.project.cited_by.get(k, {}))
        # (an entry no page cites is an editor's matter: HB214, not the readers')
        cited = (
            (
                ' <span class="hb-citedby">Cited in: '
                + ", ".join(_linked(ctx, p)[1] for p in pages)
                + "</span>"
            )
            if pages
            else ""
        )
        items.append(f'<li id="bib-{attr(k)}">{body}{cited}</li>')
    return '<ul class="hb-bibliography">' + "".join(items) + "</ul>"


def macro_reference(ctx: Context, macros: dict[str, Callable[..., str]]) -> str:
    """One section per macro, from its signature and docstring."""
    if ctx.collect:
        return ""
    out = []
    for name in sorted(macros):
        fn = macros[name]
        doc = inspect.getdoc(fn) or ""
        out.append(f"### {name}\n\n`{{{{ {signature_text(name, fn)} }}}}`\n\n{doc}\n")
    return "\n".join(out)


def diagnostic_codes(ctx: Context) -> str:
    """The table of diagnostic codes."""
    if ctx.collect:
        return ""
    return _table(
        ["Code", "Severity", "Problem", "What it means"],
        [
            [f"`{c.code}`", c.severity.value, _cell(c.title), _cell(c.doc).replace("&#96;", "`")]
            for c in CODES.values()
        ],
    )


def schema_reference(ctx: Context) -> str:
    """One table per kind: its fields and required sections."""
    if ctx.collect:
        return ""
    out = ["### Fields common to every kind\n", _fields_table(COMMON), ""]
    for k in KINDS.values():
        out.append(f"### {k.name}\n\nFolder `docs/{k.folder}/`. {k.doc}\n")
        out.append(_fields_table(k.fields))
        if k.sections:
            secs = ", ".join(
                f"`## {s}`"
                + (f" (when `{k.conditional[s]}` is true)" if s in k.conditional else "")
                for s in k.sections
            )
            out.append(f"\nRequired sections, in order: {secs}.\n")
        out.append("")
    return "\n".join(out)


def _fields_table(fields: tuple[Field, ...]) -> str:
    return _table(
        ["Field", "Required", "Type", "Meaning"],
        [
            [
                f"`{f.name}`",
                "yes" if f.required else "no",
                f.type + (" (" + ", ".join(f"`{c}`" for c in f.choices) + ")" if f.choices else ""),
                _cell(f.doc).replace("&#96;", "`"),
            ]
            for f in fields
        ],
    )


# ---------------------------------------------------------------- overviews


def _dated(ctx: Context) -> list[tuple[str, str, Entity]]:
    """(date, what, entity) for every dated instrument, event and source document."""
    out: list[tuple[str, str, Entity]] = []
    for e in ctx.project.entities.values():
        m = e.meta
        if e.kind == "instrument":
            if m.get("adopted"):
                out.append((str(m["adopted"]), "adopted", e))
            if m.get("in_force"):
                out.append((str(m["in_force"]), "entered into force", e))
        elif e.kind == "event" and m.get("date"):
            out.append((str(m["date"]), "event", e))
        elif e.kind == "document" and m.get("date") and m.get("group") != "statements":
            out.append((str(m["date"]), "document", e))
    out.sort(key=lambda t: (t[0], t[2].title))
    return out


def timeline(ctx: Context) -> str:
    """Instruments, events and source documents by year, as an ordered HTML list."""
    if ctx.collect:
        return ""
    items = _dated(ctx)
    if not items:
        return '<p class="hb-none">No dated pages yet.</p>'
    years: dict[str, list[str]] = {}
    labels = {
        "adopted": "adopted",
        "entered into force": "enters into force",
        "event": "event",
        "document": "source document",
    }
    for date, what, e in items:
        when = style.date_words(date, year=False) or ""
        kind = labels[what] if e.kind != "instrument" else what
        line = (
            f'<li class="hb-tl-{e.kind}"><span class="hb-tl-date">{esc(when)}</span> '
            f"{ctx.entity_anchor(e, e.title)} "
            f'<span class="hb-tl-what">({esc(kind)})</span></li>'
        )
        years.setdefault(date[:4], []).append(line)
    body = "".join(
        f'<li class="hb-tl-year"><h3 id="year-{y}">{y}</h3><ul>{"".join(lines)}</ul></li>'
        for y, lines in years.items()
    )
    return f'<ol class="hb-timeline" aria-label="Timeline">{body}</ol>'


def links_between(ctx: Context, a: Entity, b: Entity) -> list[str]:
    """The pages (of ``a`` and ``b``) that establish a link between the two entities."""
    pairs = ctx.project.linked_pairs()
    return [src.path for src, dst in ((a, b), (b, a)) if (src.path, dst.id) in pairs]


def matrix(ctx: Context, rows: str, columns: str) -> str:
    """A table of entities of kind ``rows`` by entities of kind ``columns``; each cell links
    to the pages that establish the link between the two."""
    _require_kind("matrix", rows)
    _require_kind("matrix", columns)
    if ctx.collect:
        return ""
    rs, cs = ctx.project.of_kind(rows), ctx.project.of_kind(columns)
    head = "".join(
        f'<th scope="col"><a href="{attr(ctx.href(c.path))}" title="{attr(c.title)}">'
        f"{esc(str(c.number) if c.number else c.short)}</a></th>"
        for c in cs
    )
    body = []
    for r in rs:
        cells = []
        for c in cs:
            pages = links_between(ctx, r, c)
            if not pages:
                cells.append('<td class="hb-mx-empty"></td>')
                continue
            marks = "".join(_matrix_mark(ctx, r, c, p) for p in pages)
            cells.append(f'<td class="hb-mx-on">{marks}</td>')
        body.append(f'<tr><th scope="row">{ctx.entity_anchor(r)}</th>{"".join(cells)}</tr>')
    caption = f"{KINDS[rows].title} by {KINDS[columns].title.lower()}"
    return (
        f'<div class="hb-matrix"><table><caption>{esc(caption)}</caption><thead><tr>'
        f'<th scope="col">{esc(KINDS[rows].title)}</th>{head}</tr></thead><tbody>'
        + "".join(body)
        + "</tbody></table></div>"
    )


def _matrix_mark(ctx: Context, r: Entity, c: Entity, page_path: str) -> str:
    owner = ctx.project.pages[page_path].entity
    where = owner.short if owner is not None else page_path
    return (
        f'<a class="hb-mx-link" href="{attr(ctx.href(page_path))}" '
        f'title="{attr(f"{r.short} and {c.short}: linked on the page of {where}")}">●'
        f'<span class="hb-sr"> {esc(r.short)} and {esc(c.short)}, on the page of '
        f"{esc(where)}</span></a>"
    )


#: The name of the whole-handbook PDF (``site/pdf/handbook.pdf``).
HANDBOOK_PDF = "handbook"


def pdf_download(ctx: Context, chapter: str, text: str | None = None) -> str:
    """A link to the chapter's PDF (made by ``handbook pdf`` in site/pdf/) and to the list of
    every PDF."""
    names = (*(name for name, _, _ in KINDS.pdf_chapters()), HANDBOOK_PDF)
    if chapter not in names:
        raise MacroError(
            MACRO_ARGUMENTS,
            f"pdf_download() has no chapter '{chapter}'",
            "one of: " + ", ".join(names) + "." + suggestion(chapter, names),
            "correct the chapter name",
        )
    if ctx.collect:
        return ""
    here = ctx.url
    pdf = urls.relative(f"pdf/{chapter}.pdf", here)
    listing = urls.relative("pdf/index.html", here)
    what = "the whole handbook" if chapter == HANDBOOK_PDF else "this chapter"
    label = esc(text) if text is not None else f"Download {what} as a PDF"
    return (
        f'<p class="hb-pdf"><a class="md-button md-button--primary" href="{attr(pdf)}">{label}</a> '
        f'<a href="{attr(listing)}">All PDFs, with their page counts</a></p>'
    )


def glossary(ctx: Context) -> str:
    """Every acronym with its expansion, linked to its page where it has one."""
    if ctx.collect:
        return ""
    rows = []
    for acr, (meaning, path) in sorted(ctx.project.glossary().items(), key=lambda t: t[0].lower()):
        target = f'<a href="{attr(ctx.href(path))}">{esc(meaning)}</a>' if path else esc(meaning)
        rows.append([f"**{esc(acr)}**", target])
    return _table(["Acronym", "Meaning"], rows)


def _group_titles() -> dict[str, str]:
    g = KINDS["document"].group
    return {**dict(g.titles), "other": g.other} if g is not None else {}


#: Source groups by value -> title (the PDF stage reads its chapters from the built site).
GROUP_TITLES: dict[str, str] = _group_titles()
