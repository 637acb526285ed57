"""Re-joining text that the source splits across page breaks.

A text unit that follows a paragraph which does not end a sentence continues it (footnote
definitions printed at the page foot may sit between the two). Text is collected in pieces
and joined once, so a long run of joins costs linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from handbook.importer.text import ends_sentence, is_list_like
from handbook.importer.units import Unit

_JOINABLE = ("para", "text", "item")
_TAIL = 200
_HYPHEN_END_RE = re.compile(r"[a-z]-$")


@dataclass
class _Open:
    """A unit being extended: its pieces and the length of its last line."""

    unit: Unit
    pieces: list[str] = field(default_factory=list)
    last_line: int = 0

    @classmethod
    def of(cls, unit: Unit) -> _Open:
        text = unit.text
        return cls(unit, [text], len(text) - text.rfind("\n") - 1)

    def tail(self) -> str:
        """The last characters of the text (enough to judge how it ends)."""
        out: list[str] = []
        size = 0
        for piece in reversed(self.pieces):
            out.append(piece)
            size += len(piece)
            if size >= _TAIL:
                break
        return "".join(reversed(out))[-_TAIL:]

    def append(self, sep: str, text: str) -> None:
        self.pieces.append(sep + text)
        nl = text.rfind("\n")
        self.last_line = len(text) - nl - 1 if nl >= 0 else self.last_line + len(sep) + len(text)

    def done(self) -> Unit:
        return self.unit if len(self.pieces) == 1 else replace(self.unit, text="".join(self.pieces))


def _continues(prev: _Open, u: Unit, force: bool) -> bool:
    """Whether text unit ``u`` continues ``prev`` (a sentence broken by a page break)."""
    if force:
        return True
    tail = prev.tail()
    return (
        not ends_sentence(tail)
        and not is_list_like(u.text)
        and "\n" not in u.text
        and not tail.endswith("**")
        # salutations and short title lines ("Mr. President,")
        and not (prev.last_line < 70 and u.text[:1].isupper())
    )


def join_units(
    units: list[Unit], no_join: frozenset[int] | set[int], force_join: frozenset[int] | set[int]
) -> list[Unit]:
    """Re-join text split across page breaks (footnote defs may sit between)."""
    out: list[_Open] = []
    for u in units:
        if u.kind == "text" and u.line not in no_join:
            idx = len(out) - 1
            while idx >= 0 and out[idx].unit.kind == "fndef":
                idx -= 1
            if idx >= 0 and out[idx].unit.kind in _JOINABLE:
                prev = out[idx]
                if _continues(prev, u, u.line in force_join):
                    hyphen = _HYPHEN_END_RE.search(prev.tail()) and u.text[:1].islower()
                    prev.append("" if hyphen else " ", u.text)
                    continue
        out.append(_Open.of(u))
    return [o.done() for o in out]
