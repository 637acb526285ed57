"""The HTML of a built page as an element tree, and what of it may reach a PDF.

Pages are parsed with the standard library's tokenizer into :mod:`xml.etree` elements (six
times faster than an HTML5 tree builder on the handbook's 7 MB of articles). The tree the
assembler writes out is parsed again by WeasyPrint, so what matters for safety is what the
tree holds, not how the page was written: :func:`sanitize` keeps only elements that fetch
nothing and attributes from a short list, and reports every element it removes that would
have fetched something (a ``<link>``, an ``<object>``, an ``<iframe>``, ...).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from xml.etree import ElementTree as ET

VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "keygen", "frame", "image",
    }
)  # fmt: skip
#: Elements that open an implicitly closed paragraph (the few rules that matter for
#: Python-Markdown output and for hand-written HTML in a page).
_CLOSES_P = frozenset(
    {
        "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "main", "nav", "ol", "p", "pre", "section", "table", "ul",
    }
)  # fmt: skip
_SELF_CLOSING = {"li": ("li",), "dt": ("dt", "dd"), "dd": ("dt", "dd"), "tr": ("tr",),
                 "td": ("td", "th"), "th": ("td", "th"), "option": ("option",)}  # fmt: skip
_WS_RE = re.compile(r"\s+")


#: Elements nested deeper than this are kept, but as siblings: the text stays, and neither
#: serializing nor WeasyPrint's layout (a few Python frames per level) runs out of stack.
MAX_DEPTH = 48


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = ET.Element("div")
        self.stack: list[ET.Element] = [self.root]
        self.flattened = 0

    def _close(self, tags: tuple[str, ...] | frozenset[str], stop: tuple[str, ...]) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag in tags:
                del self.stack[i:]
                return
            if tag in stop:
                return

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CLOSES_P:
            self._close(("p",), ("td", "th", "li", "dd", "dt", "div", "blockquote", "table"))
        elif tag in _SELF_CLOSING:
            self._close(_SELF_CLOSING[tag], ("ul", "ol", "dl", "table", "tbody", "thead"))
        el = ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})
        if tag not in VOID:
            if len(self.stack) > MAX_DEPTH:
                self.flattened += 1
            else:
                self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack[-1].tag == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        cur = self.stack[-1]
        if cur.tag in ("pre", "listing", "textarea") and cur.text is None and not len(cur):
            data = data.removeprefix("\n")  # as HTML parsers do
            if not data:
                return
        if len(cur):
            last = cur[-1]
            last.tail = (last.tail or "") + data
        else:
            cur.text = (cur.text or "") + data


def parse(fragment: str) -> tuple[ET.Element, int]:
    """A ``<div>`` element holding the parsed fragment (comments and doctypes dropped), and
    how many elements nested deeper than MAX_DEPTH were made siblings."""
    builder = _TreeBuilder()
    builder.feed(fragment)
    builder.close()
    return builder.root, builder.flattened


# --------------------------------------------------------------------------- tree helpers


def classes(el: ET.Element) -> list[str]:
    """The element's classes."""
    return (el.get("class") or "").split()


def add_class(el: ET.Element, cls: str) -> None:
    """Add a class to the element."""
    el.set("class", " ".join([*classes(el), cls]))


def itertext(el: ET.Element) -> str:
    """The element's text, spaces collapsed."""
    return _WS_RE.sub(" ", "".join(el.itertext())).strip()


def heading_text(el: ET.Element) -> str:
    """A heading's words for the contents and running heads: its text without footnote
    marks (``Trafficking<sup>1</sup>`` reads "Trafficking", not "Trafficking1")."""
    parts: list[str] = []

    def walk(e: ET.Element) -> None:
        if e.tag == "sup" and e.find(".//a[@class='footnote-ref']") is not None:
            parts.append(e.tail or "")
            return
        parts.append(e.text or "")
        for child in e:
            walk(child)
        if e is not el:
            parts.append(e.tail or "")

    walk(el)
    return _WS_RE.sub(" ", "".join(parts)).strip()


def parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    """Child -> parent for every element under root."""
    return {c: p for p in root.iter() for c in p}


def remove(el: ET.Element, parent_of: dict[ET.Element, ET.Element]) -> None:
    """Remove el but keep its tail text."""
    parent = parent_of[el]
    idx = list(parent).index(el)
    if el.tail:
        if idx > 0:
            prev = parent[idx - 1]
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def unwrap(el: ET.Element, parent_of: dict[ET.Element, ET.Element]) -> None:
    """Replace el by its content (text and children), keeping its tail.

    Used for links that lead nowhere in the PDF and for wrappers that print nothing of
    their own: every inline element is a box WeasyPrint lays out and draws, so thousands of
    them (citations) cost a third of the time of the whole handbook.
    """
    parent = parent_of[el]
    idx = list(parent).index(el)
    kids = list(el)
    text = el.text or ""
    if idx > 0:
        prev = parent[idx - 1]
        prev.tail = (prev.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(el)
    for k, kid in enumerate(kids):
        parent.insert(idx + k, kid)
        parent_of[kid] = parent
    tail = el.tail or ""
    if tail:
        if kids:
            kids[-1].tail = (kids[-1].tail or "") + tail
        elif idx > 0:
            prev = parent[idx - 1]
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def element(tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A new element; ``class_="x"`` and ``data_head="y"`` give class and data-head."""
    el = ET.Element(tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    el.text = text
    return el


def serialize(el: ET.Element) -> str:
    """The element as HTML."""
    return ET.tostring(el, encoding="unicode", method="html")


# --------------------------------------------------------------------------- sanitizing

#: Elements that fetch or embed something (a file, a page, a stylesheet, an attachment) or
#: change how URLs resolve: removed, and reported.
FETCHING = frozenset(
    {
        "applet", "audio", "base", "embed", "frame", "iframe", "image", "link",
        "meta", "object", "param", "picture", "portal", "source", "track", "video",
    }
)  # fmt: skip
#: Site chrome and interactive elements that print nothing: removed without a word.
CHROME = frozenset(
    {"button", "dialog", "form", "input", "nav", "noscript", "script", "select", "style",
     "template", "textarea"}
)  # fmt: skip
#: Inside SVG and MathML: elements that run or fetch something.
_FOREIGN_BAD = frozenset({"script", "style", "foreignobject", "iframe", "image", "feimage"})
#: Attributes kept on every element, and per element.
_GLOBAL_ATTRS = frozenset({"id", "class", "lang", "dir"})
_TAG_ATTRS: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
}
#: Elements whose content an HTML parser reads as raw text (``<plaintext>`` swallows the
#: rest of the document): renamed, so that their text prints and nothing after them is lost.
_RAW_TEXT = {"plaintext": "pre", "xmp": "pre", "listing": "pre", "noembed": "span",
             "noframes": "span", "title": "span", "frameset": "div"}  # fmt: skip
_URL_IN_CSS = re.compile(r"url\s*\(|@import|image\s*\(|image-set\s*\(", re.I)
_TAG_OK = re.compile(r"^[a-z][a-z0-9-]*$")
_FOREIGN_ATTR_OK = re.compile(r"^[a-z][a-z0-9:-]*$")


def sanitize(root: ET.Element, where: str) -> list[str]:
    """Remove from root (in place) every element and attribute that could fetch, embed or
    run something; returns the warnings ("<where>: ...") for what would have fetched.

    Kept: the elements of the page text and only the attributes of ``_GLOBAL_ATTRS`` and
    ``_TAG_ATTRS`` (no ``style``, ``rel``, ``srcset``, ``data``, event handlers). Inside
    SVG and MathML, links other than ``#fragment`` and the elements of ``_FOREIGN_BAD`` go.
    """
    warnings: list[str] = []
    parent_of = parents(root)
    foreign: set[ET.Element] = set()
    for el in root.iter():
        if el.tag in ("svg", "math"):
            foreign.update(el.iter())
    for el in list(root.iter()):
        if el is root or el not in parent_of:
            continue
        tag = el.tag if isinstance(el.tag, str) else ""
        if not _TAG_OK.match(tag):
            el.tag = tag = "span"  # a name no parser agrees on: keep the text only
        if el in foreign and tag not in {"svg", "math"}:
            if tag in _FOREIGN_BAD:
                warnings.append(f"{where}: <{tag}> inside SVG or MathML removed")
                _drop(el, parent_of)
                continue
            for name, value in list(el.attrib.items()):
                external = name in ("href", "xlink:href", "src") and not value.startswith("#")
                if external or name.startswith("on") or name == "style":
                    if external or _URL_IN_CSS.search(value):
                        warnings.append(
                            f"{where}: {name}={_short(value)!r} inside SVG or MathML refused"
                        )
                    del el.attrib[name]
                elif not _FOREIGN_ATTR_OK.match(name):
                    del el.attrib[name]
            continue
        if tag in FETCHING:
            what = el.get("href") or el.get("src") or el.get("data") or el.get("content") or ""
            detail = f" ({_short(what)})" if what else ""
            warnings.append(f"{where}: <{tag}>{detail} removed: the PDFs fetch and embed nothing")
            _drop(el, parent_of)
            continue
        if tag in CHROME:
            if tag == "style" and _URL_IN_CSS.search("".join(el.itertext())):
                warnings.append(f"{where}: <style> removed: its url(), @import or @font-face "
                                "would fetch something")  # fmt: skip
            _drop(el, parent_of)
            continue
        if tag in _RAW_TEXT:
            el.tag = tag = _RAW_TEXT[tag]
        allowed = _TAG_ATTRS.get(tag, frozenset())
        for name, value in list(el.attrib.items()):
            if name in _GLOBAL_ATTRS or name in allowed:
                continue
            if name == "style" and _URL_IN_CSS.search(value):
                warnings.append(f"{where}: style={_short(value)!r} refused (it fetches a URL)")
            elif name in ("srcset", "poster", "background", "data", "formaction", "action"):
                warnings.append(f"{where}: {name}={_short(value)!r} on <{tag}> refused")
            del el.attrib[name]
    return warnings


def _drop(el: ET.Element, parent_of: dict[ET.Element, ET.Element]) -> None:
    if el in parent_of:
        remove(el, parent_of)
        for sub in el.iter():
            parent_of.pop(sub, None)


def _short(value: str, n: int = 80) -> str:
    value = "".join(c if c.isprintable() else "?" for c in value)
    return value if len(value) <= n else value[: n - 1] + "…"
