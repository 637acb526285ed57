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
from handbook.core.kinds import COMMON, KINDS, THEMES, Column, Field, Kind
from handbook.core.registry import Citation, Ref, grouped, natural_key, reader_title
from handbook.render import citestyle as style
from handbook.render.context import MacroError, covered, link_id, signature_text
from handbook.render.escape import attr, esc
from handbook.render.pinpoints import ABBREVIATIONS as ABBR
from handbook.render.pinpoints import SENTENCE_END, plain, sentence_at

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


#: The most entries of one kind shown open in a related-pages group (longer ones are folded).
RELATED_OPEN = 8


def _kind_rank(ctx: Context) -> dict[str, tuple[int, int]]:
    """Entity id -> (kind's place, place in its kind's order): the order of the navigation."""
    proj = ctx.project
    hit = _RANKS.get(id(proj))
    if hit is not None and hit[0] is proj:
        return hit[1]
    out = {e.id: (KINDS.order(k), i) for k in KINDS for i, e in enumerate(proj.of_kind(k))}
    _RANKS.clear()
    _RANKS[id(proj)] = (proj, out)
    return out


_RANKS: dict[int, tuple[object, dict[str, tuple[int, int]]]] = {}


def _related_entry(ctx: Context, other: Entity | None, source: str, ref: Ref) -> str:
    """One related page: its title, and the sentence that makes the link as a link to it."""
    link = (
        ctx.entity_anchor(other, reader_title(other))
        if other is not None
        else _linked(ctx, source)[1]
    )
    sentence = link_sentence(ctx, ref, 24)
    if not sentence:
        return f"<li>{link}</li>"
    return (
        f'<li>{link}<br><a class="hb-rel-quote" href="{attr(_place_href(ctx, ref))}">'
        f"“{esc(sentence)}”</a></li>"
    )


def _related_groups(ctx: Context, entries: list[tuple[Entity | None, str, Ref]]) -> str:
    """Entries grouped by kind (in the navigation's order), pages that are not entities last."""
    rank = _kind_rank(ctx)
    by_kind: dict[str, list[tuple[Entity | None, str, Ref]]] = {}
    for other, source, ref in entries:
        by_kind.setdefault(other.kind if other is not None else "", []).append((other, source, ref))
    out = []
    for name in sorted(by_kind, key=lambda k: (k == "", KINDS.order(k))):
        group = sorted(
            by_kind[name],
            key=lambda t: rank.get(t[0].id, (0, 0)) if t[0] is not None else (0, 0),
        )
        title = KINDS[name].title if name else "Other pages"
        items = "".join(_related_entry(ctx, o, s, r) for o, s, r in group)
        opened = " open" if len(group) <= RELATED_OPEN else ""
        out.append(
            f'<details class="hb-related hb-related-kind"{opened}><summary>{esc(title)} '
            f'({len(group)})</summary><ul class="hb-related">{items}</ul></details>'
        )
    return "".join(out)


def related_section(ctx: Context) -> str:
    """The automatic "Related pages" section of an entity page, before its references: the
    pages that name this one ("Pages that name this one"), and the pages this one names or
    lists in ``related`` ("Named on this page"), each group by kind, each entry with its
    title and the sentence that makes the link (a link to that sentence)."""
    ent = ctx.page.entity
    if ent is None:
        return ""
    proj = ctx.project
    places = _link_places(ctx)
    incoming: list[tuple[Entity | None, str, Ref]] = []
    seen: set[str] = set()
    for ref in proj.incoming.get(ent.id, []):
        src = ref.source
        if src == ctx.page.path or src in seen:
            continue
        seen.add(src)
        other = proj.pages[src].entity
        incoming.append((other, src, places.get((src, ent.id), ref)))
    outgoing: list[tuple[Entity | None, str, Ref]] = []
    for ref in proj.refs:
        if ref.source != ctx.page.path or ref.target == ent.id:
            continue
        best = places.get((ref.source, ref.target))
        if best is not ref:
            continue
        other = proj.entities.get(ref.target)
        if other is not None and other.kind != "document":
            outgoing.append((other, other.path, ref))
    if not incoming and not outgoing:
        return ""
    out = ["\n\n## Related pages {#related-pages}\n"]
    if incoming:
        out.append(
            '<h3 class="hb-related" id="related-in">Pages that name this one '
            f"({len(incoming)})</h3>\n" + _related_groups(ctx, incoming) + "\n"
        )
    if outgoing:
        out.append(
            f'<h3 class="hb-related" id="related-out">Named on this page ({len(outgoing)})</h3>\n'
            + _related_groups(ctx, outgoing)
            + "\n"
        )
    return "\n".join(out) + "\n"


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


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def timeline(ctx: Context) -> str:
    """Instruments, events and source documents by decade and year. Links above it show one
    kind or one decade only: each is a link to an anchor that a style sheet rule
    (``:target``) turns into the filter, so the filters work without JavaScript; every
    decade is a ``<details>`` group, open unless the reader closes it."""
    if ctx.collect:
        return ""
    items = _dated(ctx)
    if not items:
        return '<p class="hb-none">No dated pages yet.</p>'
    labels = {
        "adopted": "adopted",
        "entered into force": "enters into force",
        "event": "event",
        "document": "source document",
    }
    decades: dict[str, dict[str, list[str]]] = {}
    kinds: dict[str, int] = {}
    for date, what, e in items:
        when = style.date_words(date, year=False) or ""
        kind = labels[what] if e.kind != "instrument" else what
        kinds[e.kind] = kinds.get(e.kind, 0) + 1
        line = (
            f'<li class="hb-tl-item hb-tl-{e.kind}"><span class="hb-tl-date">{esc(when)}</span> '
            f"{ctx.entity_anchor(e, e.title)} "
            f'<span class="hb-tl-what">({esc(kind)})</span></li>'
        )
        decades.setdefault(date[:3] + "0s", {}).setdefault(date[:4], []).append(line)
    order = sorted(kinds, key=KINDS.order)
    first, last = items[0][0][:4], items[-1][0][:4]
    summary = (
        f"{_count(len(items), 'date')} from {first} to {last}, in "
        f"{_count(len(decades), 'decade')} ("
        + "; ".join(f"{KINDS[k].title.lower()}: {kinds[k]}" for k in order)
        + ")."
    )
    show = " ".join(
        f'<a class="hb-tl-pick" href="#tl-only-{k}">{esc(KINDS[k].title)}</a>' for k in order
    )
    jump = " ".join(f'<a class="hb-tl-pick" href="#tl-{d}">{d}</a>' for d in decades)
    targets = "".join(f'<span class="hb-tl-only" id="tl-only-{k}"></span>' for k in order)
    groups = []
    for d, years in decades.items():
        n = sum(len(v) for v in years.values())
        body = "".join(
            f'<li class="hb-tl-year"><h3 id="year-{y}">{y}</h3><ul>{"".join(lines)}</ul></li>'
            for y, lines in years.items()
        )
        groups.append(
            f'<details class="hb-tl-decade" id="tl-{d}" open><summary>The {d}: '
            f'{_count(n, "date")}</summary><ol class="hb-timeline">{body}</ol></details>'
        )
    return (
        f'<div class="hb-tl" id="tl-all">{targets}<p class="hb-tl-summary">{esc(summary)}</p>'
        f'<nav class="hb-tl-filter" aria-label="Filter the timeline">'
        f'<p>Show only: {show} <a class="hb-tl-pick" href="#tl-all">everything</a></p>'
        f"<p>Decade: {jump}</p></nav>{''.join(groups)}</div>"
    )


def _link_places(ctx: Context) -> dict[tuple[str, str], Ref]:
    """(page path, entity id) -> the first place where the page links to the entity: a link
    in its text if there is one, else its ``related`` list."""
    proj = ctx.project
    hit = _PLACES.get(id(proj))
    if hit is not None and hit[0] is proj and hit[1] == len(proj.refs):
        return hit[2]
    out: dict[tuple[str, str], Ref] = {}
    rank = {"macro": 0, "symbol": 1, "related": 2, "cite": 3}
    for r in proj.refs:
        here = out.get((r.source, r.target))
        if here is None or rank.get(r.via, 9) < rank.get(here.via, 9):
            out[(r.source, r.target)] = r
    _PLACES.clear()
    _PLACES[id(proj)] = (proj, len(proj.refs), out)
    return out


#: The last project's link places (one project is rendered at a time).
_PLACES: dict[int, tuple[object, int, dict[tuple[str, str], Ref]]] = {}


#: Where a block of text ends: a blank line, or a line that starts a list item, a table row
#: or a heading.
_BLOCK_EDGE = re.compile(r"\n\s*\n|\n(?=[ \t]*(?:[-*+][ \t]|\d+[.)][ \t]|\||#))")


def link_sentence(ctx: Context, ref: Ref, most: int = 30) -> str:
    """The sentence in which a page links to an entity, as plain words (at most ``most``
    words); empty for a link made by the ``related`` list."""
    if ref.via != "macro":
        return ""
    body = ctx.project.pages[ref.source].source.body
    starts = [m.end() for m in _BLOCK_EDGE.finditer(body, 0, ref.offset)]
    start = starts[-1] if starts else 0
    nxt = _BLOCK_EDGE.search(body, ref.offset)
    end = nxt.start() if nxt else len(body)
    before = plain(ctx.project, body[start : ref.offset]).replace("|", " ")
    after = plain(ctx.project, body[ref.offset : end]).replace("|", " ")
    ends = [m for m in SENTENCE_END.finditer(before) if not before[: m.start() + 1].endswith(ABBR)]
    head = before[ends[-1].end() :] if ends else before
    tail_end = next(
        (m for m in SENTENCE_END.finditer(after) if not after[: m.start() + 1].endswith(ABBR)),
        None,
    )
    tail = after[: tail_end.start() + 1] if tail_end else after
    text = re.sub(r"\s+([.,;:!?])", r"\1", f"{head.strip()} {tail.strip()}")
    words = text.split()
    return " ".join(words[:most]) + (" …" if len(words) > most else "")


def _place_href(ctx: Context, ref: Ref) -> str:
    """Where a page links to an entity: the link itself, or the page's related pages."""
    if ref.via == "macro":
        return ctx.href(ref.source, link_id(ref.target, ref.occurrence))
    return ctx.href(ref.source, "related-pages" if ref.via == "related" else None)


def _as_list(v: str | list[str]) -> list[str]:
    return [v] if isinstance(v, str) else list(v)


def matrix(ctx: Context, rows: str | list[str], columns: str | list[str]) -> str:
    """Pages of the kinds ``rows`` by pages of the kinds ``columns``: a mark (●) for each of
    the two pages that names the other, each a link to the sentence that names it."""
    rkinds = [_require_kind("matrix", k) for k in _as_list(rows)]
    ckinds = [_require_kind("matrix", k) for k in _as_list(columns)]
    if ctx.collect:
        return ""
    proj = ctx.project
    places = _link_places(ctx)
    rs = [e for k in rkinds for e in proj.of_kind(k.name)]
    cols = [(k, proj.of_kind(k.name)) for k in ckinds]
    cs = [c for _, group in cols for c in group]
    groups = "".join(
        f'<th scope="colgroup" colspan="{len(g)}">{esc(k.title)}</th>' for k, g in cols if g
    )
    head = "".join(
        f'<th scope="col"><a href="{attr(ctx.href(c.path))}" title="{attr(c.title)}">'
        f"{esc(str(c.number) if c.number else c.short)}</a></th>"
        for c in cs
    )
    body = []
    linked: list[tuple[int, Entity]] = []
    for r in rs:
        cells = []
        n = 0
        for c in cs:
            marks = [
                _matrix_mark(ctx, src, dst, places[(src.path, dst.id)])
                for src, dst in ((r, c), (c, r))
                if (src.path, dst.id) in places
            ]
            if marks:
                n += 1
                cells.append(f'<td class="hb-mx-on">{"".join(marks)}</td>')
            else:
                cells.append('<td class="hb-mx-empty"></td>')
        if n:
            linked.append((n, r))
        body.append(f'<tr><th scope="row">{ctx.entity_anchor(r)}</th>{"".join(cells)}</tr>')
    rwhat = " and ".join(k.title.lower() for k in rkinds)
    cwhat = " and ".join(k.title.lower() for k in ckinds)
    top = sorted(linked, key=lambda t: (-t[0], t[1].short.lower()))[:3]
    summary = (
        f"Of {len(rs)} {rwhat}, {len(linked)} {'is' if len(linked) == 1 else 'are'} named "
        f"with at least one of the {len(cs)} {cwhat}"
        + ("; the most: " + ", ".join(f"{esc(e.short)} ({n})" for n, e in top) if top else "")
        + ". ● one of the two pages names the other; ●● each names the other."
    )
    caption = f"{esc(rwhat.capitalize())} (rows) by {esc(cwhat)} (columns)"
    return (
        f'<p class="hb-mx-summary">{summary}</p>'
        f'<div class="hb-matrix" tabindex="0" role="region" aria-label="{attr(rwhat.capitalize())} '
        f'by {attr(cwhat)}"><table class="hb-mx"><caption>{caption}</caption><thead>'
        f"<tr><td></td>{groups}</tr>"
        f'<tr><th scope="col">{esc(" and ".join(k.title for k in rkinds))}</th>{head}</tr>'
        "</thead><tbody>" + "".join(body) + "</tbody></table></div>"
    )


def _matrix_mark(ctx: Context, src: Entity, dst: Entity, ref: Ref) -> str:
    """One mark of the matrix: a link to where ``src``'s page names ``dst``."""
    how = "lists" if ref.via == "related" else "names"
    sentence = link_sentence(ctx, ref, 24)
    hover = f"{src.short}'s page {how} {dst.short}" + (f": “{sentence}”" if sentence else "")
    return (
        f'<a class="hb-mx-link" href="{attr(_place_href(ctx, ref))}" title="{attr(hover)}">●'
        f'<span class="hb-sr"> {esc(src.short)}: its page {how} {esc(dst.short)}</span></a>'
    )


def themes(ctx: Context) -> str:
    """Every page by theme, then by kind (in the kinds' order), each kind sorted as its
    navigation is."""
    if ctx.collect:
        return ""
    out = []
    for theme in THEMES:
        groups = [
            (k, [e for e in ctx.project.of_kind(k.name) if theme in e.themes])
            for k in KINDS.values()
        ]
        groups = [(k, g) for k, g in groups if g]
        total = sum(len(g) for _, g in groups)
        out.append(f"## {theme.capitalize()} {{#tag:{theme}}}\n")
        out.append(
            f"{_count(total, 'page')} concern {theme}: "
            + ", ".join(f"{len(g)} {k.title.lower()}" for k, g in groups)
            + ".\n"
        )
        for k, g in groups:
            items = "".join(f"<li>{ctx.entity_anchor(e, reader_title(e))}</li>" for e in g)
            out.append(
                f"### {k.title} ({len(g)}) {{#{theme}-{k.folder}}}\n\n"
                f'<ul class="hb-theme-list">{items}</ul>\n'
            )
    return "\n".join(out)


def browse(ctx: Context, kind: str | list[str], show: str = "short") -> str:
    """Every page of a kind (or of several) as a row of short links (its number, short name
    or UN symbol), each with the page's title and summary on hover."""
    ks = [_require_kind("browse", n) for n in _as_list(kind)]
    if show not in ("short", "number", "symbol"):
        raise MacroError(
            MACRO_ARGUMENTS,
            f"browse() cannot show '{show}'",
            "one of: short, number, symbol.",
            "correct the argument",
        )
    if ctx.collect:
        return ""
    ents = [e for k in ks for e in ctx.project.of_kind(k.name)]
    if show == "symbol":
        ents = sorted((e for e in ents if e.symbol), key=lambda e: natural_key(e.symbol or ""))
    items = []
    for e in ents:
        text = e.short
        if show == "number" and e.number:
            text = str(e.number)
        elif show == "symbol":
            text = e.symbol or e.short
        items.append(f"<li>{ctx.entity_anchor(e, text)}</li>")
    label = " and ".join(k.title for k in ks)
    return f'<ul class="hb-browse" aria-label="{attr(label)}">{"".join(items)}</ul>'


def overviews(ctx: Context) -> str:
    """The pages of the part "overviews" that are not entities, each with what it answers
    (its summary)."""
    if ctx.collect:
        return ""
    rows = []
    for part, _ in KINDS.parts():
        if part.name != "overviews":
            continue
        for p in (*part.before, *part.after):
            page = ctx.project.pages.get(p)
            if page is None:
                continue
            summary = str(page.fields.get("summary") or "")
            rows.append(
                f'<dt><a href="{attr(ctx.href(p))}">{esc(page.title)}</a></dt>'
                f"<dd>{esc(summary)}</dd>"
            )
    return f'<dl class="hb-overviews">{"".join(rows)}</dl>'


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
