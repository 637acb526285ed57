"""Pinpoints for editors: the passages a citation without one most probably rests on.

``handbook pinpoints [PAGE ...]`` lists each citation of a source that has numbered
paragraphs or passages but names none of them (HB204), or names a whole section (HB205),
with the citing sentence and the passages of the source (of that section, when a section
is named) that share the most distinctive words with it. It proposes; the editor reads the
passage and decides (keep the claim where the passage supports it; where no single passage
does, cite several or say so).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from handbook.core import macroparse
from handbook.core.kinds import KINDS
from handbook.core.registry import Citation, Entity, Project

_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'-]{2,}")
_MACRO = re.compile(r"\{\{.*?\}\}")
_TAGS = re.compile(r"<[^>]+>")
_STOP = frozenset(
    """the and for that with this from are was were which have has had its their they them
    been also into such other than more most some these those not but all any can may
    must shall should would could will our out who whom whose what when where why how
    there here upon over under about between within without through during including
    include includes well very each both many much only own same so too just being be is
    it as at by of on or an a to in""".split()  # noqa: SIM905 - a word list reads best as text
)


@dataclass(frozen=True)
class Suggestion:
    """A citation without a passage pinpoint, and the passages most like its sentence."""

    citation: Citation
    path: str  # the page's file, as diagnostics show it
    sentence: str
    candidates: tuple[tuple[str, float, str], ...]  # (anchor, score, opening)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text) if w.lower() not in _STOP]


_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[A-Z“\"(])")
#: Words ending in a full stop that do not end a sentence.
_ABBREVIATIONS = (
    "para.", "paras.", "No.", "p.", "pp.", "art.", "arts.", "Mr.", "Ms.", "Dr.", "St.",
    "sect.", "sects.", "e.g.", "i.e.", "cf.", "vol.", "ch.", "res.",
)  # fmt: skip


#: For other modules: where a sentence ends, and the abbreviations that end no sentence.
SENTENCE_END = _SENTENCE_END
ABBREVIATIONS = _ABBREVIATIONS


def plain(project: Project, markdown: str) -> str:
    """Markdown as the words a reader sees: link macros as their link text, citations and
    markup removed."""
    names = frozenset(project.macros)
    out, pos = [], 0
    for item in macroparse.scan(markdown, names, project.caches.scans):
        out.append(markdown[pos : item.start])
        pos = item.end
        if isinstance(item, macroparse.Call) and item.name != "cite":
            out.append(_link_text(project, item))
    out.append(markdown[pos:])
    text = _TAGS.sub("", "".join(out))
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](link)
    text = re.sub(r"\[\^[^\]]+\]|[*_`]|^[-#>]+\s*", "", text, flags=re.M)
    return " ".join(text.split())


def _link_text(project: Project, call: macroparse.Call) -> str:
    kw = dict(call.kwargs)
    if isinstance(kw.get("text"), str):
        return str(kw["text"])
    arg = call.args[0] if call.args else ""
    if call.name == "doc":
        ent = project.entities.get(str(arg))
        return ent.short if ent is not None else str(arg)
    spec = KINDS.by_link_macro().get(call.name)
    if spec is not None:
        ident = project.by_number.get((spec.name, arg)) if isinstance(arg, int) else str(arg)
        ent = project.entities.get(ident or "")
        if ent is not None:
            return ent.short
    return ""


def sentence_at(project: Project, cite: Citation) -> str:
    """The sentence a citation ends (or stands in): from the end of the sentence before
    it in its paragraph, to the citation, as plain words."""
    body = project.pages[cite.page].source.body
    start = body.rfind("\n\n", 0, cite.offset) + 2 if cite.offset else 0
    before = plain(project, body[max(start, 0) : cite.offset])
    ends = [
        m
        for m in _SENTENCE_END.finditer(before)
        if not before[: m.start() + 1].endswith(_ABBREVIATIONS)
        and not re.search(r"\b[A-Z]\.$", before[: m.start() + 1])
    ]
    sentence = before[ends[-1].end() :] if ends else before
    text = sentence.strip()
    if len(text.split()) < 4:  # a citation at the start of a line cites what follows
        end = body.find("\n\n", cite.offset)
        text = plain(project, body[cite.offset : end if end >= 0 else len(body)])
    return text


def _pool(doc: Entity, cite: Citation) -> list[str]:
    if cite.anchor is not None and cite.anchor in doc.sections:
        return list(doc.sections[cite.anchor])
    return [a for a in doc.passages if a.startswith(("para-", "pass-"))]


def suggest(project: Project, pages: set[str] | None = None, most: int = 5) -> list[Suggestion]:
    """Suggestions for every citation (on ``pages``, docs-relative, if given) that lacks a
    pinpoint where its source has numbered paragraphs or passages."""
    out = []
    idf_cache: dict[str, dict[str, float]] = {}
    for cite in project.citations:
        if pages is not None and cite.page not in pages:
            continue
        doc = project.entities.get(cite.document or "")
        if doc is None or not doc.numbered or doc.path == cite.page:
            continue
        section = cite.anchor is not None and cite.anchor.startswith("sect-")
        if cite.anchor is not None and not (section and "pass" in doc.numbered):
            continue
        if cite.anchor is None and cite.locator and cite.locator.startswith(("p.", "pp.")):
            continue
        if doc.id not in idf_cache:
            df: Counter[str] = Counter()
            for text in doc.passages.values():
                df.update(set(_words(text)))
            n = max(1, len(doc.passages))
            idf_cache[doc.id] = {w: math.log(1 + n / c) for w, c in df.items()}
        idf = idf_cache[doc.id]
        sentence = sentence_at(project, cite)
        want = Counter(_words(sentence))
        scored = []
        for anchor in _pool(doc, cite):
            have = set(_words(doc.passages.get(anchor, "")))
            score = sum(idf.get(w, 0.0) * c for w, c in want.items() if w in have)
            scored.append((anchor, round(score, 2), doc.openings.get(anchor, "")))
        scored.sort(key=lambda s: -s[1])
        out.append(
            Suggestion(cite, project.pages[cite.page].source.path, sentence, tuple(scored[:most]))
        )
    return out


def label(anchor: str) -> str:
    """The locator of an anchor: ``para-12`` -> ``para. 12``, ``pass-3`` -> ``¶ 3``."""
    kind, _, n = anchor.partition("-")
    return f"para. {n}" if kind == "para" else f"¶ {n}" if kind == "pass" else anchor


def report(suggestions: list[Suggestion]) -> str:
    """The suggestions as text, one block per citation."""
    blocks = []
    for s in suggestions:
        c = s.citation
        head = f'{s.path}:{c.line}: cite("{c.key}"' + (f', "{c.locator}"' if c.locator else "")
        lines = [head + ")", f"  sentence: {s.sentence[:400]}"]
        for anchor, score, opening in s.candidates:
            lines.append(f"  {label(anchor):>9}  {score:6.1f}  {opening[:160]}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
