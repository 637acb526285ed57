"""A Python-Markdown extension that links bare UN document symbols in prose.

Like pymdownx.magiclink, it works on the element tree after inline processing, so it
never touches code, existing links, headings or raw HTML: ``A/63/215`` in a sentence
becomes a link to the document's page in the handbook, or to the UN Official Document
System when the handbook has no page for it.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree  # noqa: N813 - Python-Markdown's own name for it
from collections.abc import Callable

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from handbook.core import symbols

#: Given a canonical symbol, the href and hover title of its link, or None to leave it.
Resolver = Callable[[str], "tuple[str, str] | None"]

_SKIP = {
    "a",
    "code",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "script",
    "style",
    "kbd",
    "abbr",
    "title",
}


class SymbolLinker(Treeprocessor):
    """Replace symbols in text and tails with ``<a class="hb-symbol">`` elements."""

    def __init__(self, md: Markdown, ext: SymbolExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        resolver = self.ext.resolver
        if resolver is None:
            return
        self._walk(root, resolver)

    def _walk(self, el: etree.Element, resolver: Resolver) -> None:
        children = list(el)
        if el.tag not in _SKIP and el.text and "/" in el.text:
            new = self._split(el.text, resolver)
            if new is not None:
                el.text = new[0]
                for i, child in enumerate(new[1]):
                    el.insert(i, child)
        for child in children:
            if child.tag not in _SKIP:
                self._walk(child, resolver)
            if child.tail and "/" in child.tail:
                new = self._split(child.tail, resolver)
                if new is not None:
                    child.tail = new[0]
                    idx = list(el).index(child)
                    for j, n in enumerate(new[1]):
                        el.insert(idx + 1 + j, n)

    @staticmethod
    def _split(text: str, resolver: Resolver) -> tuple[str, list[etree.Element]] | None:
        made: list[etree.Element] = []
        head = None
        pos = 0
        for m in symbols.find(text):
            target = resolver(m.symbol.canonical)
            if target is None:
                continue
            a = etree.Element("a", {"href": target[0], "class": "hb-symbol", "title": target[1]})
            a.text = text[m.start : m.end]
            if head is None:
                head = text[: m.start]
            else:
                made[-1].tail = text[pos : m.start]
            made.append(a)
            pos = m.end
        if head is None:
            return None
        made[-1].tail = text[pos:]
        return head, made


class SymbolExtension(Extension):
    """Registers :class:`SymbolLinker`, with the resolver it is configured with."""

    def __init__(self, **kwargs: object) -> None:
        self.config = {
            "resolver": [
                "",  # (not None: Python-Markdown would read the function as a boolean)
                "A function from a canonical UN symbol to (href, hover title), or None to "
                "leave the symbol as text; without one, nothing is linked.",
            ],
        }
        super().__init__(**kwargs)

    @property
    def resolver(self) -> Resolver | None:
        """The configured resolver."""
        r = self.getConfig("resolver")
        return r if callable(r) else None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API name
        """Register the tree processor (after inline processing, before the TOC)."""
        md.treeprocessors.register(SymbolLinker(md, self), "hb_symbols", 4)


def makeExtension(**kwargs: object) -> SymbolExtension:  # noqa: N802 - Markdown's API name
    """The extension, as Python-Markdown loads it by name."""
    return SymbolExtension(**kwargs)
