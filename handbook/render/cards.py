"""Citation cards: the words a citation rests on, one hover, focus or tap away.

Each citation on a page gets a card: the cited passage in full (the paragraph, the
principle's or guideline's item, the numbered passage, the note), with the source's title,
symbol and date and a link "Open in context"; a citation of a work without parts gets the
full reference. A passage cited several times on a page is carried once. The cards are
``popover`` elements at the end of the page, hidden until ``docs/js/cards.js`` shows one next
to its citation; without JavaScript the citation is a plain link to the passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from handbook.core.bibliography import Locator
from handbook.render import citestyle as style
from handbook.render.escape import attr, esc

if TYPE_CHECKING:
    from handbook.core.registry import Entity
    from handbook.render.context import Context

_FOOTREF = re.compile(r"\[\^[^\]\s]+\]")
_IDS = re.compile(r"""\s(?:id|name)=["'][^"']*["']""")
#: The most passages a card of a whole section or range shows (the rest: "Open in context").
MOST_PASSAGES = 3


@dataclass
class Cards:
    """The cards of one page, by what they show; each made once."""

    ids: dict[tuple[str, str], str] = field(default_factory=dict)
    html: list[str] = field(default_factory=list)

    def card(self, ctx: Context, key: str, doc: Entity | None, loc: Locator | None) -> str:
        """The id of the card of this source and locator (made on first use)."""
        what = (doc.id if doc is not None else key, loc.anchor or loc.text if loc else "")
        hit = self.ids.get(what)
        if hit is None:
            hit = self.ids[what] = f"hb-card-{len(self.ids) + 1}"
            self.html.append(_make(ctx, hit, key, doc, loc))
        return hit

    def block(self) -> str:
        """The page's cards, as Markdown (``md_in_html``) to append to the page."""
        if not self.html:
            return ""
        return (
            '\n\n<div class="hb-cards" data-pagefind-ignore="all" markdown="1">\n\n'
            + "\n\n".join(self.html)
            + "\n\n</div>\n"
        )


def passage_markdown(doc: Entity, loc: Locator) -> tuple[str, bool]:
    """The Markdown of what ``loc`` points to in ``doc`` (its passage, or the first passages
    of the section or range it names), and whether some was left out."""
    anchor = loc.anchor or ""
    if anchor in doc.passages:
        anchors = [anchor]
        if len(loc.required) == 2 and loc.required[1] != anchor:
            anchors = _range(doc, anchor, loc.required[1])
    elif anchor in doc.sections:
        anchors = list(doc.sections[anchor])
    else:
        return "", False
    shown = anchors[:MOST_PASSAGES]
    parts = []
    for a in shown:
        text = doc.passages.get(a, "")
        number = _number(a)
        if len(anchors) > 1 and number:
            # (a passage that is a list keeps its list: the number goes on a line before it)
            text = f"**{number}**" + ("\n\n" if text.startswith("- ") else " ") + text
        parts.append(text)
    md = "\n\n".join(parts)
    md = _IDS.sub("", _FOOTREF.sub("", md))
    return md, len(anchors) > len(shown)


def _number(anchor: str) -> str:
    kind, _, n = anchor.partition("-")
    return {"para": f"{n}.", "pass": f"¶ {n}"}.get(kind, "")


def _range(doc: Entity, first: str, last: str) -> list[str]:
    order = list(doc.passages)
    try:
        i, j = order.index(first), order.index(last)
    except ValueError:
        return [first]
    return order[i : j + 1]


def _make(ctx: Context, card_id: str, key: str, doc: Entity | None, loc: Locator | None) -> str:
    bib = ctx.project.bib
    body = ""
    more = False
    head = ""
    if doc is not None and loc is not None and loc.anchor:
        body, more = passage_markdown(doc, loc)
        date = style.date_words(str(doc.meta.get("date") or "")) or ""
        bits = [f"<cite>{esc(doc.title)}</cite>"]
        if doc.symbol:
            bits.append(esc(doc.symbol))
        if date:
            bits.append(esc(date))
        head = ", ".join(bits) + f" — {esc(loc.text)}"
    if not body:
        # A work without parts, or a locator the page of the source does not hold: the
        # full reference (and the locator as written).
        if key in bib.entries:
            sym = bib.entries[key].symbol
            ref = style.to_html(
                bib, key, ctx.symbol_href(sym) if sym else None,
                ctx.href(doc.path) if doc is not None else None,
            )  # fmt: skip
        else:
            ref = f"UN doc. {esc(key)} (title unknown)."
        head = ref + (f" — {esc(loc.text)}" if loc is not None else "")
    out = [
        f'<div class="hb-card" id="{card_id}" popover="auto" role="note" markdown="1">',
        "",
        f'<p class="hb-card-src">{head}</p>',
    ]
    if body:
        out += ["", '<div class="hb-card-text" markdown="1">', "", body, "", "</div>"]
    if doc is not None:
        target = ctx.href(doc.path, loc.anchor if loc is not None and loc.anchor else None)
        label = "Open in context" + (" (the rest of the passages)" if more else "")
        out += ["", f'<p class="hb-card-open"><a href="{attr(target)}">{label}</a></p>']
    out += ["", "</div>"]
    return "\n".join(out)
