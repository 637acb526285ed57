"""Numbered passages for sources that do not number their paragraphs.

A document whose text has no numbered paragraph (the ICAT review, the statements, the
letters, the debate's background paper and programme) gets passages, numbered 1, 2, ...
through the document, so that a citation can name one passage (``¶ 4``, anchor
``pass-4``) instead of a whole section. The rules, in order:

1. A passage never crosses a heading; the numbering runs on across headings.
2. Each paragraph is a passage, however long (a long paragraph stays whole).
3. A list is one passage when it has at most :data:`MAX_WORDS` words; a longer list gives
   one passage per item.
4. A short lead (at most :data:`LEAD_WORDS` words on one line that does not end a sentence:
   a salutation such as "Mr. President,", a label such as "- **Prevention**" or "Questions:")
   opens the passage of what follows it; so does a paragraph ending with ":" that introduces
   a list (not a label), when the two together have at most :data:`MAX_WORDS` words.
5. Short closing lines at the end of the document (thanks, a signature, an address) belong
   to the last passage.

The rules read only the text, so the numbering is stable: it changes only when the text or
the configuration of the document changes (``tests/test_importer_passages.py`` locks it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from handbook.importer.text import word_count
from handbook.importer.units import Unit

MAX_WORDS = 300
LEAD_WORDS = 12
_CONTENT = ("text", "raw")
_SENTENCE_END = set(".!?…")


#: How a line of a Markdown list starts (``+`` is escaped in plain text).
LIST_MARKS = ("- ", "* ")


def is_list(u: Unit) -> bool:
    """Whether the unit renders as a Markdown list (every line a ``- `` or ``* `` item)."""
    return all(line.startswith(LIST_MARKS) for line in u.text.split("\n"))


def _bare(text: str) -> str:
    """The text without list mark, emphasis, note calls and closing quotes or brackets."""
    t = text.strip()
    t = t[2:].strip() if t.startswith(LIST_MARKS) else t
    while True:
        s = t.rstrip("*”’\"')] ")
        if s.endswith("</sup>"):
            s = s[: s.rfind("<sup>")]
        elif s.endswith("]") and "[^" in s:
            s = s[: s.rfind("[^")]
        if s == t:
            return t
        t = s


def _short(u: Unit) -> bool:
    return "\n" not in u.text and word_count(u.text) <= LEAD_WORDS


def is_lead(u: Unit) -> bool:
    """A short line that introduces what follows (salutation, label, "Questions:")."""
    if not _short(u):
        return False
    line = u.text.strip()
    line = line[2:].strip() if line.startswith(LIST_MARKS) else line
    wholly_bold = line.startswith("**") and line.endswith("**") and line.count("**") == 2
    bare = _bare(u.text)
    return wholly_bold or (bool(bare) and bare[-1] not in _SENTENCE_END)


def _introduces(u: Unit, nxt: Unit) -> bool:
    """A paragraph ending with ":" right before a list (not a label), the two short enough
    together."""
    return (
        _bare(u.text).endswith(":")
        and not is_list(u)
        and is_list(nxt)
        and not is_lead(nxt)
        and word_count(u.text) + word_count(nxt.text) <= MAX_WORDS
    )


def _sections(units: Sequence[Unit]) -> list[list[int]]:
    """The indexes of the content units, section by section (headings divide them)."""
    sections: list[list[int]] = [[]]
    for i, u in enumerate(units):
        if u.kind == "heading":
            sections.append([])
        elif u.kind in _CONTENT:
            sections[-1].append(i)
    return [s for s in sections if s]


def has_paragraph_numbers(units: Sequence[Unit]) -> bool:
    """Whether the source numbers its paragraphs or items (then it gets no passages)."""
    return any(u.kind in ("para", "item") for u in units)


def number_passages(units: Sequence[Unit]) -> list[Unit]:
    """The units with their passages marked (unchanged when the source numbers its own)."""
    out = list(units)
    if has_paragraph_numbers(units):
        return out
    marks: dict[int, list[tuple[int, int]]] = {}
    n = 0
    sections = _sections(units)
    for s_index, blocks in enumerate(sections):
        if s_index == len(sections) - 1:  # rule 5: closing lines join the last passage
            while len(blocks) > 1 and _short(units[blocks[-1]]):
                blocks = blocks[:-1]
        i = 0
        while i < len(blocks):
            first = i
            while i + 1 < len(blocks) and (
                is_lead(units[blocks[i]]) or _introduces(units[blocks[i]], units[blocks[i + 1]])
            ):
                i += 1
            n += 1
            marks.setdefault(blocks[first], []).append((0, n))
            main = units[blocks[i]]
            words = sum(word_count(units[b].text) for b in blocks[first : i + 1])
            items = main.text.split("\n")
            if is_list(main) and len(items) > 1 and words > MAX_WORDS:
                for k in range(1, len(items)):  # rule 3: one passage per item
                    n += 1
                    marks.setdefault(blocks[i], []).append((k, n))
            i += 1
    for index, spots in marks.items():
        out[index] = replace(out[index], passages=tuple(spots))
    return out


def passage_anchor(number: int) -> str:
    """The anchor of passage ``number``: ``pass-4``."""
    return f"pass-{number}"


def marker(number: int) -> str:
    """The passage number as shown at the start of the passage."""
    return f'<span class="hb-pn" id="{passage_anchor(number)}">¶ {number}</span>'
