"""The kinds of page: one declaration each, from which everything else is derived.

A kind says where its pages live, what their front matter holds, which sections they must
have, how they sort, what their index table shows, how they group, what ``handbook new``
writes for them, how editors link to them, and whether they make a chapter of the trainers'
PDFs. The front-matter schema (:mod:`handbook.core.schema`), the navigation, the index
tables, the related-pages lists, the matrix, the PDF chapters, ``handbook new``, the
editors' guide tables and the benchmark generator all read :data:`KINDS`; adding a kind is
one :class:`Kind` below (and the pages of its folder).

Pure: no MkDocs, no Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

THEMES = ("prevention", "protection", "prosecution", "partnership")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Field:
    """One front-matter field."""

    name: str
    type: str  # "text", "int", "bool", "list", "date", "symbol", "ids", "choice", "themes"
    required: bool = False
    doc: str = ""
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None


@dataclass(frozen=True)
class Column:
    """One column of a kind's index table.

    ``value`` is a front-matter field, or one of ``title``, ``short``, ``number``,
    ``summary``; ``show`` is how the value is shown: ``link`` (a link to the page with the
    value as its text), ``text``, ``year`` (the first four characters of a date) or
    ``yes-no`` (a boolean)."""

    header: str
    value: str
    show: str = "text"


@dataclass(frozen=True)
class Grouping:
    """Pages of a kind grouped by the value of a front-matter field, groups in this order
    (pages whose value is not listed go last, under ``other``). With ``chapters``, each
    group is a chapter of its own in the trainers' PDFs."""

    field: str
    titles: tuple[tuple[str, str], ...]
    other: str = "Other"
    chapters: bool = False

    def title(self, value: str) -> str:
        """The title of the group of ``value``."""
        return dict(self.titles).get(value, self.other)


@dataclass(frozen=True)
class LinkMacro:
    """The macro editors write to link a page of the kind: ``{{ agency("unhcr") }}``, or by
    number, ``{{ principle(7) }}``. Its documentation in the editors' guide is ``doc``."""

    name: str
    doc: str
    example: str
    by_number: bool = False


@dataclass(frozen=True)
class Part:
    """A top-level part of the handbook: a tab of the navigation and a block of the home
    page. It holds the kinds whose ``part`` names it (in declaration order), with the pages
    that are not entities listed in ``before`` and ``after`` (docs-relative paths)."""

    name: str
    title: str
    #: The question the part answers, for the home page.
    doc: str = ""
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


#: The parts of the handbook, in the order of the navigation's tabs: what readers come for.
PARTS: tuple[Part, ...] = (
    Part("normative", "Principles and Guidelines", "What the Principles and Guidelines ask."),
    Part("actors", "Who acts", "The agencies and bodies that carry them out."),
    Part("law", "The law", "The treaties, protocols and declarations behind them."),
    Part(
        "sources",
        "Sources and events",
        "The United Nations documents the handbook is built from, and the events they report.",
        after=("bibliography.md",),
    ),
    Part(
        "overviews",
        "Overviews and concepts",
        "Overviews across the handbook, topics, concepts and acronyms.",
        before=("overviews/matrix.md", "overviews/themes.md", "overviews/timeline.md"),
        after=("glossary.md",),
    ),
)


@dataclass(frozen=True)
class Kind:
    """A kind of entity page."""

    name: str
    folder: str
    #: The plural title: navigation section, index page, related-pages group, PDF chapter.
    title: str
    fields: tuple[Field, ...]
    sections: tuple[str, ...] = ()
    #: Sections required only when a boolean field is true: section -> field.
    conditional: dict[str, str] = field(default_factory=dict)
    doc: str = ""
    #: Sort key: fields (or ``number``, ``short``, ``title``) compared in turn, text
    #: case-insensitively and numbers as numbers; pages lacking a value go last.
    sort: tuple[str, ...] = ("number", "short")
    #: The order of the index table, when it differs from ``sort``.
    index_sort: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()
    group: Grouping | None = None
    #: Extra front-matter lines ``handbook new`` writes (``{ID}``, ``{ACR}``, ``{YEAR}`` are
    #: filled in); required fields without a line here get ``field: ...``.
    scaffold: tuple[str, ...] = ()
    link: LinkMacro | None = None
    #: Whether the kind is a chapter of the trainers' PDFs (and of the whole handbook).
    pdf: bool = True
    #: Whether pages are generated (``handbook import``) rather than written by editors.
    generated: bool = False
    #: Whether the fields common to every kind (:data:`COMMON`) apply.
    common: bool = True
    #: The :class:`Part` of the handbook (navigation tab) its pages belong to; a kind of no
    #: declared part is a part of its own, after the declared ones.
    part: str = ""
    #: How much a page of the kind is the answer to a search that matches it, relative to
    #: the others (1 = as much): the search multiplies the page's score by it. The
    #: normative texts readers look for weigh more; the syntheses that quote everything
    #: weigh less, so that they come after the texts they quote.
    search_weight: float = 1.0

    def all_fields(self) -> dict[str, Field]:
        """Common and kind-specific fields by name."""
        return {f.name: f for f in (*(COMMON if self.common else ()), *self.fields)}

    def required_sections(self, meta: dict[str, object]) -> list[str]:
        """The ``##`` sections this page must have, in order."""
        return [
            s
            for s in self.sections
            if s not in self.conditional or meta.get(self.conditional[s]) is True
        ]


#: The values ``hide`` may hold (Material for MkDocs).
HIDE = ("navigation", "toc", "footer", "path", "tags", "feedback")

COMMON: tuple[Field, ...] = (
    Field("title", "text", True, "Full name, as the sources give it."),
    Field(
        "summary",
        "text",
        True,
        "One sentence (at most 200 characters) shown when a reader hovers a link to the page.",
    ),
    Field("short", "text", False, "Short title or acronym, used as link text."),
    Field("aliases", "list", False, "Other names and spellings found in the sources."),
    Field("themes", "themes", False, "Any of: " + ", ".join(THEMES) + "."),
    Field(
        "related",
        "ids",
        False,
        "Ids of pages of any kind this page is linked to; the link is shown on both pages.",
    ),
    Field("kind", "text", False, "The kind; when given it must match the folder."),
    Field(
        "moved_from",
        "ids",
        False,
        "Ids this page had before it was renamed: the build redirects their old URLs here.",
    ),
    Field("id", "text", False, "The id; when given it must equal the file name."),
    Field("tags", "list", False, "Extra tags for the tag index."),
    Field("hide", "list", False, "Material for MkDocs: parts of the page layout to hide.", HIDE),
    Field("search", "text", False, "Material for MkDocs search settings for the page."),
)

#: Front-matter keys that would control the theme or the page's head (the template that
#: renders the page, its meta description, author...): pages may not set them.
REFUSED_FIELDS = frozenset(
    {
        "template", "description", "author", "location", "icon", "status", "subtitle",
        "comments", "robots", "canonical_url", "redirect", "redirect_url", "meta",
        "extra", "base_url", "nav", "social", "edit_url", "tags_allowed",
    }
)  # fmt: skip

#: The fields of pages that are not entities (a chapter's index, the glossary, an
#: overview, a page of the editors' guide).
PAGE_FIELDS: tuple[Field, ...] = (
    Field("title", "text", False, "The page's title."),
    Field("summary", "text", False, "One sentence (at most 200 characters) about the page."),
    Field("hide", "list", False, "Material for MkDocs: parts of the layout to hide.", HIDE),
    Field("tags", "list", False, "Extra tags for the tag index."),
    Field("search", "text", False, "Material for MkDocs search settings for the page."),
    Field("acronyms", "mapping", False, "The glossary's extra acronyms: ACRONYM: expansion."),
)

#: The four headings of the Recommended Principles, in order.
PRINCIPLE_HEADINGS: tuple[tuple[str, str], ...] = (
    ("primacy", "The primacy of human rights"),
    ("prevention", "Preventing trafficking"),
    ("protection", "Protection and assistance"),
    ("criminalization", "Criminalization, punishment and redress"),
)

_NORMATIVE_SECTIONS = (
    "Text",
    "What it asks",
    "In the sources",
    "Instruments",
    "Agencies and bodies",
)
_LINK_TEXT = " unless `text` is given; hovering the link shows the page's title and summary."

#: Search weights (:attr:`Kind.search_weight`): the Principles and Guidelines are the text
#: the handbook annotates; a topic page synthesizes what every source says on a subject and
#: names every page of it, so it matches the queries those pages answer.
SEARCH_WEIGHT_NORMATIVE = 1.5
SEARCH_WEIGHT_SYNTHESIS = 0.5

DECLARED: tuple[Kind, ...] = (
    Kind(
        "principle",
        "principles",
        "Principles",
        (
            Field("number", "int", True, "The principle's number, 1-17.", minimum=1, maximum=17),
            Field(
                "heading",
                "choice",
                True,
                "The heading it stands under.",
                tuple(k for k, _ in PRINCIPLE_HEADINGS),
            ),
        ),
        _NORMATIVE_SECTIONS,
        doc="One of the 17 Recommended Principles (E/2002/68/Add.1).",
        sort=("number", "title"),
        columns=(
            Column("No.", "number"),
            Column("Principle", "title", "link"),
            Column("Themes", "themes"),
        ),
        group=Grouping("heading", PRINCIPLE_HEADINGS),
        scaffold=(
            "number: {NUMBER}",
            "heading: protection   # primacy | prevention | protection | criminalization",
        ),
        link=LinkMacro(
            "principle",
            "Link to one of the 17 Recommended Principles, by number.\n\nThe link text is "
            '"Principle N"' + _LINK_TEXT,
            '`{{ principle(7) }}`, `{{ principle(7, text="non-punishment") }}`',
            by_number=True,
        ),
        part="normative",
        search_weight=SEARCH_WEIGHT_NORMATIVE,
    ),
    Kind(
        "guideline",
        "guidelines",
        "Guidelines",
        (Field("number", "int", True, "The guideline's number, 1-11.", minimum=1, maximum=11),),
        _NORMATIVE_SECTIONS,
        doc="One of the 11 Recommended Guidelines (E/2002/68/Add.1).",
        sort=("number", "title"),
        columns=(
            Column("No.", "number"),
            Column("Guideline", "title", "link"),
            Column("Themes", "themes"),
        ),
        scaffold=("number: {NUMBER}",),
        link=LinkMacro(
            "guideline",
            "Link to one of the 11 Recommended Guidelines, by number.",
            "`{{ guideline(2) }}`",
            by_number=True,
        ),
        part="normative",
        search_weight=SEARCH_WEIGHT_NORMATIVE,
    ),
    Kind(
        "agency",
        "agencies",
        "Agencies",
        (
            Field("acronym", "text", False, "The acronym."),
            Field("icat_member", "bool", True, "Whether it is one of ICAT's 18 members."),
            Field(
                "gap_analysis",
                "bool",
                True,
                "Whether the ICAT review of 2010 has a gap analysis for it.",
            ),
            Field(
                "type",
                "choice",
                True,
                "What kind of organization it is.",
                ("un-entity", "intergovernmental", "regional", "non-governmental"),
            ),
        ),
        (
            "Mandate",
            "Activities against trafficking",
            "ICAT gap analysis",
            "ICAT recommendations",
            "In other sources",
        ),
        {"ICAT gap analysis": "gap_analysis", "ICAT recommendations": "gap_analysis"},
        doc="An organization whose work against trafficking the sources describe.",
        sort=("short",),
        columns=(
            Column("Acronym", "short", "link"),
            Column("Name", "title"),
            Column("ICAT member", "icat_member", "yes-no"),
            Column("ICAT gap analysis", "gap_analysis", "yes-no"),
        ),
        scaffold=(
            "acronym: {ACR}",
            "type: un-entity   # un-entity | intergovernmental | regional | non-governmental",
            "icat_member: false",
            "gap_analysis: false",
        ),
        link=LinkMacro(
            "agency",
            "Link to an agency or organization profile, by id (its file name in "
            "docs/agencies/).\n\nThe link text is the agency's short name (acronym)" + _LINK_TEXT,
            '`{{ agency("unhcr") }}`',
        ),
        part="actors",
    ),
    Kind(
        "instrument",
        "instruments",
        "Instruments",
        (
            Field(
                "type",
                "choice",
                True,
                "What kind of instrument it is.",
                (
                    "treaty",
                    "protocol",
                    "declaration",
                    "plan-of-action",
                    "resolution",
                    "guidelines",
                    "other",
                ),
            ),
            Field("adopted", "date", False, "Date of adoption (YYYY, YYYY-MM or YYYY-MM-DD)."),
            Field("in_force", "date", False, "Date of entry into force."),
            Field("symbol", "symbol", False, "Its UN document symbol, if it has one."),
            Field("treaty_series", "text", False, "Treaty series reference."),
        ),
        (
            "What it is",
            "Adoption and entry into force",
            "In the sources",
            "Principles it underpins",
        ),
        doc="A treaty, protocol, declaration or plan of action the sources rely on.",
        sort=("short",),
        index_sort=("adopted", "short"),
        columns=(
            Column("Year", "adopted", "year"),
            Column("Instrument", "title", "link"),
            Column("Type", "type"),
            Column("Symbol or treaty series", "symbol|treaty_series"),
        ),
        scaffold=(
            "type: treaty   # treaty | protocol | declaration | plan-of-action | resolution | "
            "guidelines | other",
        ),
        link=LinkMacro(
            "instrument",
            "Link to a legal instrument (treaty, protocol, declaration, plan of action), by id.",
            '`{{ instrument("trafficking-protocol") }}`',
        ),
        part="law",
    ),
    Kind(
        "body",
        "bodies",
        "Bodies",
        (
            Field(
                "type",
                "choice",
                True,
                "What kind of body it is.",
                (
                    "special-procedure",
                    "treaty-body",
                    "charter-body",
                    "intergovernmental",
                    "inter-agency",
                    "fund",
                    "other",
                ),
            ),
            Field("established", "date", False, "When it was established."),
        ),
        ("What it is", "In the sources"),
        doc="A mechanism or coordination body: a Special Rapporteur, a treaty body, ICAT...",
        sort=("short",),
        columns=(
            Column("Body", "title", "link"),
            Column("Type", "type"),
            Column("Established", "established"),
        ),
        scaffold=(
            "type: other   # special-procedure | treaty-body | charter-body | intergovernmental "
            "| inter-agency | fund | other",
        ),
        link=LinkMacro(
            "body",
            "Link to a mechanism or body (a Special Rapporteur, a treaty body, ICAT...), by id.",
            '`{{ body("sr-trafficking") }}`',
        ),
        part="actors",
    ),
    Kind(
        "event",
        "events",
        "Events",
        (
            Field("date", "date", True, "When it began."),
            Field("end_date", "date", False, "When it ended."),
            Field("place", "text", False, "Where it took place."),
        ),
        ("What happened", "In the sources"),
        doc="A meeting or other event the sources report.",
        sort=("date", "title"),
        columns=(
            Column("Date", "date"),
            Column("Event", "title", "link"),
            Column("Place", "place"),
        ),
        scaffold=('date: "{YEAR}"   # YYYY, YYYY-MM or YYYY-MM-DD',),
        link=LinkMacro(
            "event",
            "Link to an event (a forum, a debate, a congress), by id.",
            '`{{ event("vienna-forum-2008") }}`',
        ),
        part="sources",
    ),
    Kind(
        "topic",
        "topics",
        "Topics",
        (),
        (
            "Overview",
            "What the sources say",
            "Where the sources agree and differ",
            "Principles, guidelines and instruments",
            "Agencies and bodies",
        ),
        doc="A synthesis of what all five sources say on one subject (the private sector, "
        "demand, children...).",
        sort=("title",),
        columns=(Column("Topic", "title", "link"), Column("In brief", "summary")),
        link=LinkMacro(
            "topic",
            "Link to a topic page (a synthesis of what the sources say on one subject), by id.",
            '`{{ topic("demand") }}`',
        ),
        part="overviews",
        search_weight=SEARCH_WEIGHT_SYNTHESIS,
    ),
    Kind(
        "concept",
        "concepts",
        "Concepts",
        (),
        ("Definition", "In the sources"),
        doc="A term of the field (debt bondage, non-punishment...), defined from the sources.",
        sort=("title",),
        columns=(Column("Concept", "title", "link"), Column("In brief", "summary")),
        link=LinkMacro(
            "concept",
            "Link to a concept (a term of the field, defined from the sources), by id.",
            '`{{ concept("debt-bondage") }}`',
        ),
        part="overviews",
    ),
    Kind(
        "document",
        "documents",
        "Sources",
        (
            Field("symbol", "symbol", False, "The UN document symbol."),
            Field("issuer", "text", False, "The issuing body or author."),
            Field("date", "date", False, "The document's date."),
            Field("session", "text", False, "The session it was issued for."),
            Field(
                "language",
                "choice",
                False,
                "The language of the text.",
                ("en", "es", "fr", "ar"),
            ),
            Field(
                "group",
                "choice",
                False,
                "The group of sources it belongs to.",
                (
                    "reports",
                    "principles-guidelines",
                    "thematic-debate",
                    "statements",
                    "vienna-forum",
                ),
            ),
            Field("source", "text", False, "Where the text comes from."),
            Field("speaker", "text", False, "For a statement: who spoke."),
            Field("affiliation", "text", False, "For a statement: the State or organization."),
            Field("panel", "text", False, "For a statement: the panel."),
            Field("native_name", "text", False, "The issuing body's name in its own script."),
            Field("native_lang", "text", False, "The language of `native_name`."),
            Field("subjects", "list", False, "Subject descriptors."),
        ),
        (),
        doc="A source document, generated by `handbook import`.",
        sort=("date", "title"),
        columns=(
            Column("Document", "title", "link"),
            Column("Symbol", "symbol"),
            Column("Date", "date"),
            Column("Issued by", "affiliation|issuer"),
        ),
        group=Grouping(
            "group",
            (
                ("reports", "Reports"),
                ("principles-guidelines", "Principles and Guidelines"),
                ("thematic-debate", "General Assembly thematic debate (2008)"),
                ("statements", "Statements at the thematic debate, 3 June 2008"),
                ("vienna-forum", "Vienna Forum (2008)"),
            ),
            other="Other documents",
            chapters=True,
        ),
        link=None,  # {{ doc(...) }} links by id or UN symbol (macros.doc)
        generated=True,
        part="sources",
    ),
)


#: The pseudo-kind of pages that are not entities (validated with :data:`PAGE_FIELDS`).
PAGE_KIND = Kind("page", "", "Pages", PAGE_FIELDS, pdf=False, common=False)


class Kinds:
    """The kinds in use, by name, in declaration order (the order of the navigation, of the
    related-pages groups and of the whole-handbook PDF)."""

    def __init__(self, kinds: tuple[Kind, ...]) -> None:
        self._kinds: dict[str, Kind] = {k.name: k for k in kinds}

    def __getitem__(self, name: str) -> Kind:
        return self._kinds[name]

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def __iter__(self) -> Iterator[str]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)

    def get(self, name: str) -> Kind | None:
        """The kind called ``name``, if any."""
        return self._kinds.get(name)

    def values(self) -> list[Kind]:
        """Every kind, in declaration order."""
        return list(self._kinds.values())

    def by_folder(self, folder: str) -> Kind | None:
        """The kind whose pages live in ``docs/<folder>/``."""
        for k in self._kinds.values():
            if k.folder == folder:
                return k
        return None

    def by_link_macro(self) -> dict[str, Kind]:
        """Link macro name -> kind."""
        return {k.link.name: k for k in self._kinds.values() if k.link is not None}

    def order(self, name: str) -> int:
        """The position of a kind in the declaration order (unknown kinds last)."""
        names = list(self._kinds)
        return names.index(name) if name in self._kinds else len(names)

    def parts(self) -> list[tuple[Part, list[Kind]]]:
        """The parts of the handbook in order, each with its kinds in declaration order: the
        declared :data:`PARTS`, then one part per kind that names no declared part."""
        known = {p.name for p in PARTS}
        out: list[tuple[Part, list[Kind]]] = [
            (p, [k for k in self._kinds.values() if k.part == p.name]) for p in PARTS
        ]
        out += [(Part(k.name, k.title), [k]) for k in self._kinds.values() if k.part not in known]
        return out

    def pdf_chapters(self) -> list[tuple[str, str, str | None]]:
        """The chapters of the trainers' PDFs, in order: (name, kind title, group title or
        None). A kind is one chapter named by its folder, or, with a grouping marked
        ``chapters``, one chapter per group named by the group's value."""
        out: list[tuple[str, str, str | None]] = []
        for k in self._kinds.values():
            if not k.pdf:
                continue
            if k.group is not None and k.group.chapters:
                out += [(value, k.title, title) for value, title in k.group.titles]
            else:
                out.append((k.folder, k.title, None))
        return out

    @contextmanager
    def declared(self, *extra: Kind) -> Iterator[Kinds]:
        """These kinds and ``extra`` for the duration of a ``with`` block (tests declare a
        throwaway kind this way)."""
        saved = dict(self._kinds)
        try:
            for k in extra:
                self._kinds[k.name] = k
            yield self
        finally:
            self._kinds = saved


#: The kinds of this handbook.
KINDS = Kinds(DECLARED)
