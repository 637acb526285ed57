"""The macros editors write in Markdown pages as ``{{ name(arguments) }}``.

Each macro is a typed function whose first parameter is the page's
:class:`handbook.expand.Context` (editors never pass it). Its docstring is its
documentation: the macro reference in the editors' guide is generated from it. Arguments
are literals (strings, numbers, true/false, lists); nothing is evaluated.
"""

from __future__ import annotations

from collections.abc import Callable

from handbook.core.bibliography import looks_like_locator
from handbook.core.diagnostics import MACRO_ARGUMENTS
from handbook.core.kinds import KINDS, Kind
from handbook.render import blocks
from handbook.render.context import Context, MacroError


def _link_macro(kind: Kind) -> Callable[..., str]:
    """The link macro a kind declares (:class:`handbook.core.kinds.LinkMacro`): by number
    (``{{ principle(7) }}``) or by id (``{{ agency("unhcr") }}``); documented by the
    declaration, so the macro reference cannot drift from it."""
    spec = kind.link
    assert spec is not None
    if spec.by_number:

        def by_number(ctx: Context, number: int, text: str | None = None) -> str:
            return ctx.number_link(kind.name, number, text)

        fn: Callable[..., str] = by_number
    else:

        def by_id(ctx: Context, id: str, text: str | None = None) -> str:  # noqa: A002
            return ctx.entity_link(kind.name, id, text)

        fn = by_id
    fn.__name__ = fn.__qualname__ = spec.name
    fn.__doc__ = f"{spec.doc}\n\nExample: {spec.example}"
    return fn


def doc(ctx: Context, ref: str, text: str | None = None) -> str:
    """Link to a source document by UN symbol or by id.

    A symbol whose document has a page in the handbook links there; any other valid
    symbol links to the United Nations Official Document System.

    Example: `{{ doc("A/63/215") }}`, `{{ doc("S/RES/1325 (2000)") }}`
    """
    return ctx.doc_link(ref, text)


def cite(ctx: Context, *sources: str | list[str], locator: str | None = None) -> str:
    """A numbered citation; the page's bibliography is added at its end.

    Each source is a bibliography key or a UN document symbol, optionally followed by
    its locator: `para. 12`, `paras. 12-14`, `p. 36`, `sect. UNHCR mandate`,
    `principle 7`, `guideline 2.3`, `note 4`, `annex II`, or free text. Hovering the
    number shows the reference; a paragraph locator links to that paragraph.

    Example: `{{ cite("A/63/215", "para. 12") }}`,
    `{{ cite("A/63/215", "para. 12", "icat-2010-review", "sect. UNHCR mandate") }}`,
    `{{ cite(["e-cn-4-2003-74", "a-63-215"]) }}`
    """
    flat: list[str] = []
    for s in sources:
        flat.extend(s if isinstance(s, list) else [s])
    if not flat:
        raise MacroError(
            MACRO_ARGUMENTS,
            "cite() needs at least one source",
            'cite("key_or_symbol", "locator")',
            "name the source",
        )
    items: list[tuple[str, str | None]] = []
    for s in flat:
        if (
            items
            and items[-1][1] is None
            and looks_like_locator(s)
            and ctx.project.bib.lookup(s) is None
        ):
            items[-1] = (items[-1][0], s)
        else:
            items.append((s, None))
    if locator is not None:
        if len(items) != 1 or items[0][1] is not None:
            raise MacroError(
                MACRO_ARGUMENTS,
                "locator= applies to a single source without a positional locator",
                'cite("key", locator="para. 12")',
                "give each source its locator positionally",
            )
        items[0] = (items[0][0], locator)
    return ctx.cite(items)


def backlinks(ctx: Context) -> str:
    """A list of the pages that link to or cite the current page.

    Entity pages get this list automatically at their end; use the macro on other pages.

    Example: `{{ backlinks() }}`
    """
    return blocks.backlinks(ctx)


def index(ctx: Context, kind: str) -> str:
    """A table of every page of a kind, generated from the registry.

    `kind` is one of the kinds of the schema reference; the columns, the order and the
    groups (principles under their four headings, sources by group) are the kind's.

    Example: `{{ index("agency") }}`
    """
    return blocks.index(ctx, kind)


def bibliography(ctx: Context) -> str:
    """The site-wide bibliography: every entry, sorted by author or issuing body and year,
    each with the pages that cite it.

    Example: `{{ bibliography() }}`
    """
    return blocks.bibliography(ctx)


def timeline(ctx: Context) -> str:
    """A timeline, by year, of the instruments (adoption and entry into force), events and
    source documents that carry a date.

    Example: `{{ timeline() }}`
    """
    return blocks.timeline(ctx)


def matrix(ctx: Context, rows: str | list[str], columns: str | list[str]) -> str:
    """A table of the pages of one or more kinds (rows) by the pages of others (columns),
    with a summary for screen readers. A cell has a mark (●) for each of the two pages that
    names the other, in its text or its `related` list (●● when each names the other); each
    mark is a link to the sentence that names it, shown on hover.

    Example: `{{ matrix("agency", ["principle", "guideline"]) }}`
    """
    return blocks.matrix(ctx, rows, columns)


def themes(ctx: Context) -> str:
    """Every page by theme (prevention, protection, prosecution, partnership), grouped by
    kind and sorted as the navigation is; each theme's heading is where the theme tags of
    the pages lead.

    Example: `{{ themes() }}`
    """
    return blocks.themes(ctx)


def browse(ctx: Context, kind: str | list[str], show: str = "short") -> str:
    """Every page of a kind (or of a list of kinds) as a row of short links, for finding a
    page at a glance: `show` is `short` (the acronym or short name), `number` (principles,
    guidelines) or `symbol` (the UN document symbol; pages without one are left out).
    Hovering a link shows the page's title and summary.

    Example: `{{ browse("principle", "number") }}`,
    `{{ browse(["document", "instrument"], "symbol") }}`
    """
    return blocks.browse(ctx, kind, show)


def overviews(ctx: Context) -> str:
    """The overviews (the matrix, the themes, the timeline, the glossary), each with the
    question it answers (its summary).

    Example: `{{ overviews() }}`
    """
    return blocks.overviews(ctx)


def glossary(ctx: Context) -> str:
    """Every acronym used in the handbook with its expansion: the acronyms of the agencies,
    instruments and bodies, and those listed under `acronyms` in docs/glossary.md. Wherever an
    acronym appears in a page, hovering it shows its expansion.

    Example: `{{ glossary() }}`
    """
    return blocks.glossary(ctx)


def pdf_download(ctx: Context, chapter: str, text: str | None = None) -> str:
    """A "Download PDF" button for a chapter's print-ready PDF (`make site` writes them to
    site/pdf/), with a link to the list of every PDF. `chapter` is a kind's folder name
    (principles, agencies...), a source group (reports, statements, vienna-forum...), or
    handbook (the whole handbook); `text` replaces the button's label.

    Example: `{{ pdf_download("principles") }}`
    """
    return blocks.pdf_download(ctx, chapter, text)


def macro_reference(ctx: Context) -> str:
    """The reference of all macros, generated from their docstrings (this table).

    Example: `{{ macro_reference() }}`
    """
    return blocks.macro_reference(ctx, ctx.project.macros)


def diagnostic_codes(ctx: Context) -> str:
    """The table of diagnostic codes that `handbook check` reports.

    Example: `{{ diagnostic_codes() }}`
    """
    return blocks.diagnostic_codes(ctx)


def schema_reference(ctx: Context) -> str:
    """The front-matter schema of every kind: fields, types, required sections.

    Example: `{{ schema_reference() }}`
    """
    return blocks.schema_reference(ctx)


#: The macros that are not link macros of a kind, in the order of the macro reference.
_OTHERS: list[Callable[..., str]] = [
    doc,
    cite,
    backlinks,
    index,
    bibliography,
    timeline,
    matrix,
    themes,
    browse,
    overviews,
    glossary,
    pdf_download,
    macro_reference,
    diagnostic_codes,
    schema_reference,
]


_TABLES: dict[tuple[int, ...], dict[str, Callable[..., str]]] = {}


def table() -> dict[str, Callable[..., str]]:
    """Every macro by name: the link macro of each kind declared now
    (:data:`handbook.core.kinds.KINDS`), then the others (made once per set of kinds)."""
    declared = tuple(id(k) for k in KINDS.values())
    hit = _TABLES.get(declared)
    if hit is None:
        links = [_link_macro(k) for k in KINDS.values() if k.link is not None]
        hit = _TABLES[declared] = {f.__name__: f for f in (*links, *_OTHERS)}
    return hit


#: The macros of the kinds declared when this module was imported.
MACROS: dict[str, Callable[..., str]] = table()
