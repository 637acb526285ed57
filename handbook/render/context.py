"""Expanding macro calls: the context macros receive, argument checking, and the HTML.

The same code runs twice per page: once while the project loads (``collect=True``:
arguments and ids are checked, references and citations recorded, diagnostics made), and
once when MkDocs renders the page (``collect=False``: HTML is produced; problems were
already reported). Nothing in a call is evaluated: arguments are literals parsed by
:mod:`handbook.macroparse`.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from handbook.core import bibliography as citations
from handbook.core import macroparse, symbols, urls
from handbook.core.diagnostics import (
    CITE_KEY_UNKNOWN,
    CITE_SYMBOL_NO_ENTRY,
    ID_UNKNOWN,
    LOCATOR_UNKNOWN,
    MACRO_ARGUMENTS,
    MACRO_IN_HEADING,
    MACRO_IN_TAG,
    MACRO_MALFORMED,
    MACRO_UNKNOWN,
    NUMBER_UNKNOWN,
    PINPOINT_MISSING,
    PINPOINT_SECTION,
    SYMBOL_INVALID,
    Code,
    Diagnostic,
    suggestion,
)
from handbook.core.registry import Citation, Ref
from handbook.core.schema import _a
from handbook.render import citestyle as style
from handbook.render.cards import Cards
from handbook.render.escape import attr, esc

if TYPE_CHECKING:
    from handbook.core.registry import Entity, Page, Project


class MacroError(Exception):
    """A content problem found while running a macro."""

    def __init__(self, code: Code, message: str, expected: str = "", fix: str = "") -> None:
        super().__init__(message)
        self.code, self.message, self.expected, self.fix = code, message, expected, fix


@dataclass
class CiteState:
    """The citations of one page: numbers in order of first citation, and occurrences."""

    numbers: dict[str, int] = field(default_factory=dict)
    occurrences: dict[str, int] = field(default_factory=dict)
    generated: dict[str, str] = field(default_factory=dict)  # key -> symbol, no .bib entry


class Context:
    """What a macro can ask for. One context per page and pass."""

    def __init__(self, project: Project, page: Page, *, collect: bool) -> None:
        self.project = project
        self.page = page
        self.collect = collect
        self.diagnostics: list[Diagnostic] = []
        self.line = 1
        #: The offset in the page's body of the macro call being run.
        self.offset = 0
        self.cites = CiteState()
        #: Entity id -> how many links to it the page's macros have made so far.
        self.link_counts: dict[str, int] = {}
        self.cards = Cards()
        #: The site URL of the current page (computed once: links are made relative to it).
        self.url = project.url(page.path)
        self._dir = urls.folder(self.url)

    # ------------------------------------------------------------- helpers
    def href(self, docpath: str, anchor: str | None = None) -> str:
        """A relative link from the current page to a page (and anchor)."""
        target = self.project.url(docpath)
        if target == self.url:
            return f"#{anchor}" if anchor else "#"
        rel = urls.relative_from(target, self._dir)
        return rel + (f"#{anchor}" if anchor else "")

    def _ref(self, target: str, via: str = "macro") -> int:
        """Record a link to ``target`` (in the collect pass) and return its number among the
        page's links to it (the same in both passes: the macros run in the same order)."""
        k = 0
        if via == "macro":  # (a citation records its ref in the collect pass only)
            k = self.link_counts[target] = self.link_counts.get(target, 0) + 1
        if self.collect:
            self.project.add_ref(Ref(self.page.path, target, self.line, via, k, self.offset))
        return k

    def _placed(self, ent: Entity, text: str | None, k: int) -> str:
        """The link to ``ent`` with the id of its place on the page (:func:`link_id`), where
        the matrix and the related pages of other pages point."""
        return self.entity_anchor(ent, text).replace("<a ", f'<a id="{link_id(ent.id, k)}" ', 1)

    def entity_anchor(self, ent: Entity, text: str | None = None, anchor: str | None = None) -> str:
        """The HTML link to an entity, with its summary as hover text.

        The same link from pages in the same folder is the same HTML: it is made once per
        project load (a page links to about 20 entities, most of them linked from many)."""
        key = (ent.id, text, anchor, self._dir if ent.path != self.page.path else self.url)
        memo = self.project.anchor_memo
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = (
                f'<a class="hb-ref hb-{ent.kind}" href="{attr(self.href(ent.path, anchor))}" '
                f'title="{_hover(ent.title, ent.summary)}">'
                f"{esc(text) if text is not None else _short(ent.short)}</a>"
            )
        return hit

    # ------------------------------------------------------------- link macros
    def entity_link(self, kind: str, ident: str, text: str | None) -> str:
        """Link to the entity ``ident`` of ``kind``."""
        ent = self.project.entities.get(ident)
        if ent is None or ent.kind != kind:
            if ent is not None:
                raise MacroError(
                    ID_UNKNOWN,
                    f"'{ident}' is {_a(ent.kind)}, not {_a(kind)}",
                    f"the id of {_a(kind)}",
                    f'use {{{{ {ent.kind}("{ident}") }}}} instead',
                )
            d = self.project.unknown_id(self.page.source.path, self.line, ident, kind)
            raise MacroError(
                ID_UNKNOWN, d.message + f' in {{{{ {kind}("{ident}") }}}}', d.expected, d.fix
            )
        k = self._ref(ent.id)
        return "" if self.collect else self._placed(ent, text, k)

    def number_link(self, kind: str, number: int, text: str | None) -> str:
        """Link to principle or guideline ``number``."""
        ident = self.project.by_number.get((kind, number))
        if ident is None:
            known = sorted(n for (k, n) in self.project.by_number if k == kind)
            span = f"{known[0]}-{known[-1]}" if known else "none yet"
            raise MacroError(
                NUMBER_UNKNOWN,
                f"there is no {kind} {number}",
                f"a {kind} number that a page carries ({span})",
                f"correct the number, or add the {kind} page",
            )
        ent = self.project.entities[ident]
        k = self._ref(ent.id)
        return "" if self.collect else self._placed(ent, text, k)

    def doc_link(self, ref: str, text: str | None) -> str:
        """Link to a source document by symbol or id; other symbols go to the UN ODS."""
        ent = self.project.entities.get(ref)
        if ent is not None and ent.kind == "document":
            k = self._ref(ent.id)
            return "" if self.collect else self._placed(ent, text, k)
        target = self.project.symbol_target(ref)
        if target is None:
            docs = [e.id for e in self.project.of_kind("document")]
            raise MacroError(
                SYMBOL_INVALID,
                f"'{ref}' is neither a UN document symbol nor a document id",
                "a symbol such as A/63/215, or the id of a page "
                "in docs/documents/." + suggestion(ref, docs),
                "correct the symbol or id",
            )
        if target.entity is not None:
            k = self._ref(target.entity.id)
            if self.collect:
                return ""
            shown = text if text is not None else target.canonical
            return self._placed(target.entity, shown, k)
        return (
            f'<a class="hb-symbol hb-ods" href="{attr(target.url)}" title="'
            f'{attr(target.title)}">{esc(text if text is not None else target.canonical)}</a>'
        )

    # ------------------------------------------------------------- citations
    def cite(self, items: list[tuple[str, str | None]]) -> str:
        """A numbered citation of one or more sources with optional locators."""
        pieces = []
        for ref, loc_text in items:
            key = self._cite_key(ref)
            n = self.cites.numbers.setdefault(key, len(self.cites.numbers) + 1)
            k = self.cites.occurrences[key] = self.cites.occurrences.get(key, 0) + 1
            loc = citations.parse_locator(loc_text) if loc_text else None
            doc = self.project.document_for(key)
            if self.collect:
                self.project.cited_by[key][self.page.path] = None
                if doc is not None and doc.path != self.page.path:
                    self._ref(doc.id, "cite")
            if loc is not None and doc is not None and loc.required:
                missing = [a for a in loc.required if a not in doc.anchors]
                if missing:
                    raise MacroError(
                        LOCATOR_UNKNOWN,
                        f"locator '{loc.text}' is not in {doc.short} ({key})",
                        _anchors_expected(doc, missing[0]),
                        "correct the locator; the document page lists its paragraphs and sections",
                    )
                if self.collect and loc.anchor:
                    cited = self.project.anchor_cited_by[doc.id]
                    for anchor in covered(loc):
                        cited[anchor][self.page.path] = None
            if self.collect:
                self.project.citations.append(
                    Citation(
                        self.page.path,
                        self.line,
                        key,
                        loc.text if loc else None,
                        loc.anchor if loc else None,
                        doc.id if doc is not None else None,
                        n,
                        k,
                        self.offset,
                    )
                )
                if doc is not None and doc.path != self.page.path:
                    self._pinpoint(doc, key, loc)
                continue
            # One card per source and locator (the passage in full, or the reference): the
            # number and the locator both open it; no title tooltip (at most one per link).
            card = self.cards.card(self, key, doc, loc)
            show = f' data-hb-card="{card}" aria-describedby="{card}"'
            num = f'<a class="hb-cite-n" id="hb-cite-{n}-{k}" href="#hb-ref-{n}"{show}>{n}</a>'
            if loc is not None:
                if doc is not None and loc.anchor:
                    num += (
                        f', <a class="hb-loc" href="{attr(self.href(doc.path, loc.anchor))}"'
                        f"{show}>{esc(loc.text)}</a>"
                    )
                else:
                    num += f", {esc(loc.text)}"
            pieces.append(num)
        if self.collect:
            return ""
        return '<span class="hb-cite">[' + "; ".join(pieces) + "]</span>"

    def _pinpoint(self, doc: Entity, key: str, loc: citations.Locator | None) -> None:
        """HB204 for a citation without a pinpoint where the source has numbered paragraphs
        or passages, HB205 for a whole section where it has numbered passages."""
        kinds = doc.numbered
        if not kinds:
            return
        unit = "para. 12" if "para" in kinds else "¶ 12"
        if loc is None or (loc.anchor is None and not loc.text.startswith(("p.", "pp."))):
            self.diagnostics.append(
                Diagnostic.make(
                    self.page.source.path,
                    self.line,
                    PINPOINT_MISSING,
                    f"this citation of {doc.short} ({key}) names no "
                    + ("paragraph" if "para" in kinds else "passage"),
                    expected=f"the {'paragraph' if 'para' in kinds else 'passage'} the "
                    f'statement rests on, e.g. {{{{ cite("{key}", "{unit}") }}}}',
                    fix="add the pinpoint; the document page shows the numbers",
                )
            )
        elif loc.anchor is not None and loc.anchor.startswith("sect-") and "pass" in kinds:
            self.diagnostics.append(
                Diagnostic.make(
                    self.page.source.path,
                    self.line,
                    PINPOINT_SECTION,
                    f"'{loc.text}' cites a whole section of {doc.short}, whose passages are "
                    "numbered",
                    expected=f"the passage the statement rests on, e.g. "
                    f'{{{{ cite("{key}", "¶ 12") }}}}',
                    fix="replace the section by the passage (or passages) of it you rely on",
                )
            )

    def _cite_key(self, ref: str) -> str:
        """The bibliography key of a cited source (a key or a UN symbol)."""
        bib = self.project.bib
        entry = bib.lookup(ref)
        if entry is not None:
            return entry.key
        sym = symbols.parse(ref)
        if sym is not None:
            if self.collect and sym.canonical not in self.cites.generated.values():
                self.diagnostics.append(
                    Diagnostic.make(
                        self.page.source.path,
                        self.line,
                        CITE_SYMBOL_NO_ENTRY,
                        f"UN symbol {sym.canonical} is cited but no .bib entry carries it",
                        expected="an entry with symbol = {" + sym.canonical + "}",
                        fix="add an entry for it to a file in bibliography/ (a generated "
                        "entry with an unknown title is used meanwhile)",
                    )
                )
            self.cites.generated[sym.canonical] = sym.canonical
            return sym.canonical
        raise MacroError(
            CITE_KEY_UNKNOWN,
            f"unknown citation key '{ref}'",
            f"a key defined in bibliography/*.bib ({len(bib.entries)} known) or "
            "a UN document symbol." + bib.suggest(ref),
            "correct the key, or add the entry to a .bib file",
        )

    def references_html(self) -> str:
        """The page's bibliography: every cited source in citation order."""
        if not self.cites.numbers:
            return ""
        bib = self.project.bib
        items = []
        for key, n in self.cites.numbers.items():
            backs = " ".join(
                f'<a class="hb-backref" href="#hb-cite-{n}-{k}" title="Back to citation '
                f'{k}">{_letter(k)}</a>'
                for k in range(1, self.cites.occurrences.get(key, 1) + 1)
            )
            if key in bib.entries:
                doc = self.project.document_for(key)
                sym = bib.entries[key].symbol
                sym_href = self.symbol_href(sym) if sym else None
                body = style.to_html(
                    bib, key, sym_href, self.href(doc.path) if doc is not None else None
                )
            else:
                sym_obj = symbols.parse(key)
                body = (
                    f'UN doc. <a class="hb-symbol" href="{attr(self.symbol_href(key))}">'
                    f"{esc(key)}</a> (title unknown)."
                    if sym_obj
                    else esc(key)
                )
            items.append(
                f'<li id="hb-ref-{n}" value="{n}"><span class="hb-backrefs">↑ '
                f"{backs}</span> {body}</li>"
            )
        return '\n\n## References\n\n<ol class="hb-references">' + "".join(items) + "</ol>\n"

    def symbol_href(self, canonical: str) -> str:
        """Where a UN symbol links to from this page: the handbook's page, or the ODS."""
        target = self.project.symbol_target(canonical)
        if target is None:
            return ""
        return self.href(target.entity.path) if target.entity is not None else target.url


def covered(loc: citations.Locator) -> tuple[str, ...]:
    """The anchors a locator covers: every paragraph of a range such as ``paras. 12-14``
    (``para-12``, ``para-13``, ``para-14``), else its one anchor."""
    if len(loc.required) == 2:
        (pa, _, a), (pb, _, b) = (r.rpartition("-") for r in loc.required)
        if pa == pb and a.isdigit() and b.isdigit() and int(a) <= int(b) <= int(a) + 500:
            return tuple(f"{pa}-{n}" for n in range(int(a), int(b) + 1))
    return (loc.anchor,) if loc.anchor else ()


@lru_cache(maxsize=4096)
def link_id(target: str, k: int) -> str:
    """The id of a page's ``k``-th link (from 1) to the entity ``target``."""
    return f"hb-to-{target}-{k}"


def _hover(title: str, summary: str) -> str:
    """An entity's hover text, escaped (the same for every link to it)."""
    return attr(title + (f" — {summary}" if summary else ""))


@lru_cache(maxsize=4096)
def _short(short: str) -> str:
    return esc(short)


def _letter(k: int) -> str:
    s = ""
    while k > 0:
        k, r = divmod(k - 1, 26)
        s = chr(ord("a") + r) + s
    return s


def _anchors_expected(doc: Entity, missing: str) -> str:
    prefix = missing.split("-", 1)[0] if not missing.startswith("fn:") else "fn:"
    same = [a for a in doc.anchors if a.startswith(prefix)]
    if prefix == "para" and same:
        nums = sorted(int(a[5:]) for a in same if a[5:].isdigit())
        return f"a paragraph of {doc.short}: para. {nums[0]} to para. {nums[-1]}"
    if prefix == "pass" and same:
        nums = sorted(int(a[5:]) for a in same if a[5:].isdigit())
        return f"a passage of {doc.short}: ¶ {nums[0]} to ¶ {nums[-1]}"
    if same:
        shown = ", ".join(sorted(same)[:12])
        return (
            f"one of the anchors of {doc.short}: {shown}"
            + (" ..." if len(same) > 12 else "")
            + suggestion(missing, same)
        )
    return f"a locator that {doc.short} has (it has no '{prefix}' anchors)"


# -------------------------------------------------------------- argument checking
@cache
def _hints(fn: Callable[..., str]) -> dict[str, Any]:
    return typing.get_type_hints(fn)


@cache
def _signature(fn: Callable[..., str]) -> inspect.Signature:
    return inspect.signature(fn)


Check = Callable[[object], bool]


@cache
def _positional(fn: Callable[..., str]) -> tuple[int, tuple[Check, ...], Check | None] | None:
    """For calls with positional arguments only: (number required, a type check for each
    positional parameter, the check for ``*args`` or None). Such calls that fit are checked
    and run without :meth:`inspect.Signature.bind`; any other call goes the slow way, which
    also words the diagnostics."""
    hints = _hints(fn)
    required, checks, rest = 0, [], None
    for p in list(_signature(fn).parameters.values())[1:]:
        if p.kind is inspect.Parameter.VAR_POSITIONAL:
            rest = _checker(hints.get(p.name, Any))
        elif p.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD):
            if rest is not None:
                return None
            checks.append(_checker(hints.get(p.name, Any)))
            required += p.default is inspect.Parameter.empty
    return required, tuple(checks), rest


def _any(value: object) -> bool:
    return True


@cache
def _checker(tp: Any) -> Check:
    """A function that tells whether a parsed argument has the annotated type ``tp``, built
    once per type (a call's arguments are checked against it at every call)."""
    if tp is Any:
        return _any
    if tp is type(None):
        return lambda v: v is None
    if tp is bool:
        return lambda v: v is True or v is False
    if tp is int:
        return lambda v: isinstance(v, int) and not isinstance(v, bool)
    if tp in (str, float):
        return lambda v: isinstance(v, tp)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(tp)
        plain = tuple(a for a in options if a in (str, float, type(None)))
        others = tuple(_checker(a) for a in options if a not in plain)
        if not others:
            return lambda v: isinstance(v, plain)
        return lambda v: isinstance(v, plain) or any(c(v) for c in others)
    if origin is list:
        (inner,) = typing.get_args(tp) or (Any,)
        check = _checker(inner)
        return lambda v: isinstance(v, list) and all(check(x) for x in v)
    if isinstance(tp, type):
        return lambda v: isinstance(v, tp)
    return _any


def _matches(value: object, tp: Any) -> bool:
    return _checker(tp)(value)


def _type_name(tp: Any) -> str:
    if tp is type(None):
        return "None"
    if isinstance(tp, type):
        return {"str": "a string", "int": "a whole number", "bool": "true/false"}.get(
            tp.__name__, tp.__name__
        )
    return str(tp).replace("typing.", "")


def signature_text(name: str, fn: Callable[..., str]) -> str:
    """``name(id: str, text: str | None = None)`` without the context parameter."""
    sig = inspect.signature(fn)
    params = list(sig.parameters.values())[1:]
    return f"{name}({', '.join(str(p) for p in params)})".replace("'", "")


def invoke(ctx: Context, call: macroparse.Call) -> str:
    """Run one macro call; content problems raise :class:`MacroError`."""
    table = ctx.project.macros
    fn = table.get(call.name)
    if fn is None:
        raise MacroError(
            MACRO_UNKNOWN,
            f"unknown macro '{call.name}' in {call.raw}",
            "one of: " + ", ".join(sorted(table)) + "." + suggestion(call.name, table),
            "correct the name; see the macro reference in the editors' guide",
        )
    if call.in_heading:
        raise MacroError(
            MACRO_IN_HEADING,
            f"macro {call.raw} is in a heading",
            "headings in plain text",
            "move the macro into the paragraph below the heading",
        )
    if call.in_tag:
        raise MacroError(
            MACRO_IN_TAG,
            f"macro {call.raw} is inside an HTML tag",
            "macros in the text, outside raw HTML tags and their attributes",
            "move the macro out of the tag (after its closing '>')",
        )
    fast = _positional(fn)
    if not call.kwargs and fast is not None:
        required, checks, rest = fast
        args = call.args
        if len(args) >= required and (rest is not None or len(args) <= len(checks)):
            for i, v in enumerate(args):
                check = checks[i] if i < len(checks) else rest
                if check is None or not check(v):
                    break
            else:
                return str(fn(ctx, *args))
    sig = _signature(fn)
    try:
        bound = sig.bind(ctx, *call.args, **dict(call.kwargs))
    except TypeError as exc:
        raise MacroError(
            MACRO_ARGUMENTS,
            f"wrong arguments in {call.raw}: {exc}",
            signature_text(call.name, fn),
            "call the macro as its signature shows",
        ) from None
    hints = _hints(fn)
    for pname, value in list(bound.arguments.items())[1:]:
        param = sig.parameters[pname]
        tp = hints.get(pname, Any)
        values = value if param.kind is inspect.Parameter.VAR_POSITIONAL else (value,)
        for v in values:
            if not _matches(v, tp):
                raise MacroError(
                    MACRO_ARGUMENTS,
                    f"argument '{pname}' of {call.raw} is {v!r}",
                    f"{_type_name(tp)} ({signature_text(call.name, fn)})",
                    "correct the argument",
                )
    return str(fn(*bound.args, **bound.kwargs))


def run_calls(ctx: Context, text: str, first_line: int) -> str:
    """Run every macro call in ``text``; return the text with calls replaced.

    ``first_line`` is the file line where ``text`` starts, for diagnostics.
    """
    out: list[str] = []
    pos = 0
    path = ctx.page.source.path
    proj = ctx.project
    for item in macroparse.scan(text, frozenset(proj.macros), proj.caches.scans):
        out.append(text[pos : item.start])
        pos = item.end
        if isinstance(item, macroparse.Problem):
            ctx.line = first_line + item.line - 1
            if ctx.collect:
                ctx.diagnostics.append(
                    Diagnostic.make(
                        path,
                        ctx.line,
                        MACRO_MALFORMED,
                        item.message,
                        expected=item.expected,
                        fix=item.fix,
                    )
                )
            out.append(_error_html(item.raw, item.message))
            continue
        ctx.line = first_line + item.line - 1
        ctx.offset = item.start
        try:
            result = invoke(ctx, item)
        except MacroError as exc:
            if ctx.collect:
                ctx.diagnostics.append(
                    Diagnostic.make(
                        path, ctx.line, exc.code, exc.message, expected=exc.expected, fix=exc.fix
                    )
                )
            out.append(_error_html(item.raw, exc.message))
            continue
        if item.alone and result.lstrip().startswith(
            ("<div", "<table", "<section", "<dl", "<ol", "<ul", "<figure", "<nav", "<svg", "|", "#")
        ):
            out.append("\n" + result + "\n")
        else:
            out.append(result)
    out.append(text[pos:])
    return "".join(out)


def _error_html(raw: str, message: str) -> str:
    return f'<code class="hb-error" title="{attr(message)}">{esc(raw)}</code>'
