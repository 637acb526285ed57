"""Active HTML: what in a page could run in a reader's browser or reach past the page.

Python-Markdown passes raw HTML through, and ``attr_list`` lets any Markdown element carry
any attribute; a page from a pull request could then put a script, an event handler, a
``javascript:`` link, a frame or a form in front of readers, or load a resource from
another site. Pages never need any of that: the engine and the theme add everything
interactive. Two checks, with the same rules:

* :func:`active_html` reads a page's Markdown (outside code, as Python-Markdown sees it) and
  reports each such element, attribute and URL with its file and line (HB140), for
  ``handbook check`` and the build alike;
* :func:`neutralize` reads the HTML that a page's Markdown became (the build runs it on every
  page) and turns whatever is still active into text, so that even input that slipped past
  the first check never reaches a reader.

Pure: only the standard library.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from handbook.core.diagnostics import ACTIVE_HTML, Diagnostic
from handbook.core.prose import Prose

#: Elements that run code, embed other documents, load resources or submit data.
ACTIVE_ELEMENTS = frozenset(
    {
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "link",
        "style", "base", "meta", "form", "input", "button", "textarea", "select",
        "portal", "svg", "math", "template", "noembed", "xml",
    }
)  # fmt: skip
#: Attributes whose value is a URL that a browser follows or loads.
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "data", "poster", "background", "cite",
        "ping", "srcset", "xlink:href", "longdesc", "usemap", "manifest", "codebase",
    }
)  # fmt: skip
#: Attributes that are active whatever their value.
ACTIVE_ATTRIBUTES = frozenset({"srcdoc", "formaction", "http-equiv"})
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.\-]*)\s*:", re.I)
_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_DATA_IMAGE = re.compile(r"^\s*data:image/(?:png|gif|jpe?g|webp|avif);", re.I)
_CSS_ACTIVE = re.compile(r"url\s*\(|expression\s*\(|@import|javascript:|behavior\s*:", re.I)
#: Characters browsers ignore inside a URL's scheme (``java\tscript:``).
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]{0,40})(?=[\s/>])([^<>]{0,4000})>?", re.S)
_ATTR = re.compile(
    r"""([^\s"'<>/=]{1,100})(?:\s*=\s*("[^"]{0,4000}"|'[^']{0,4000}'|[^\s"'=<>`]{1,4000}))?"""
)
#: Markdown link and image targets, reference definitions and autolinks with a scheme.
_MD_TARGETS = re.compile(
    r"\]\(\s*<?\s*([^)\s>]{1,2000})"  # [text](target) and ![alt](target)
    r"|^[ ]{0,3}\[(?!\^)[^\]\n]{1,500}\]:\s*<?([^\s>]{1,2000})"  # [ref]: target (not [^note]:)
    r"|<([a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^\s<>]{1,2000})>",  # <scheme:...>
    re.M,
)
#: attr_list attribute blocks: ``{: onclick="..." }`` and ``{ #id .class key=value }``.
_ATTR_LIST = re.compile(r"\{:?([^{}\n]{1,2000})\}")


@dataclass(frozen=True)
class Finding:
    """One active thing: what it is, and where (an offset in the text)."""

    what: str
    offset: int


def unsafe_url(value: str) -> str | None:
    """Why a URL is not allowed (its scheme), or ``None``: relative URLs, ``#anchors`` and
    http, https, mailto and tel are allowed, ``data:`` only for images."""
    v = _IGNORED_IN_URL.sub("", html.unescape(value))
    m = _SCHEME.match(v)
    if m is None:
        return None
    scheme = m.group(1).lower()
    if scheme in _SAFE_SCHEMES or _DATA_IMAGE.match(v):
        return None
    return f"a '{scheme}:' URL"


def _attribute_problem(name: str, value: str | None) -> str | None:
    n = name.lower()
    if n.startswith("on"):
        return f"an event handler ({n}=)"
    if n in ACTIVE_ATTRIBUTES:
        return f"the attribute {n}="
    if value is None:
        return None
    if n in URL_ATTRIBUTES:
        why = unsafe_url(value)
        if why is not None:
            return f"{why} in {n}="
    if n == "style" and _CSS_ACTIVE.search(html.unescape(value)):
        return "a style that loads or runs something (url(), expression(), @import)"
    return None


def find_in_markdown(text: Prose) -> list[Finding]:
    """The active elements, attributes and URLs in a page's Markdown, outside code."""
    out: list[Finding] = []
    body = text.text
    if "<" in body:
        for m in text.finditer(_TAG):
            name = m.group(2).lower()
            if m.group(1):
                continue
            if name in ACTIVE_ELEMENTS:
                article = "an" if name[0] in "aeiou" else "a"
                out.append(Finding(f"{article} <{name}> element", m.start()))
                continue
            for a in _ATTR.finditer(m.group(3)):
                value = a.group(2)
                if value is not None and value[:1] in "\"'":
                    value = value[1:-1]
                why = _attribute_problem(a.group(1), value)
                if why is not None:
                    out.append(Finding(f"{why} on <{name}>", m.start()))
    if ":" in body:
        for m in text.finditer(_MD_TARGETS):
            target = m.group(1) or m.group(2) or m.group(3) or ""
            why = unsafe_url(target)
            if why is not None:
                out.append(Finding(f"{why} in a Markdown link", m.start()))
    if "{" in body and "=" in body:
        for m in text.finditer(_ATTR_LIST):
            for a in _ATTR.finditer(m.group(1)):
                if a.group(2) is None:
                    continue
                value = a.group(2)
                value = value[1:-1] if value[:1] in "\"'" else value
                why = _attribute_problem(a.group(1), value)
                if why is not None:
                    out.append(Finding(f"{why} in an attribute list", m.start()))
    return sorted(out, key=lambda f: f.offset)


def active_html(
    path: str, text: Prose, first_line: int, skip: Sequence[tuple[int, int]] = ()
) -> list[Diagnostic]:
    """The HB140 diagnostics of a page's Markdown ``text`` (which starts on ``first_line``
    of the file ``path``), apart from those in the ``skip`` spans (macro calls, whose
    arguments are text the engine escapes)."""
    found = [f for f in find_in_markdown(text) if not any(s <= f.offset < e for s, e in skip)]
    return [
        Diagnostic.make(
            path,
            first_line + text.line_of(f.offset) - 1,
            ACTIVE_HTML,
            f"{f.what} is not allowed in a page: it would run in readers' browsers or "
            "reach outside the page",
            expected="Markdown, the macros, and plain HTML without scripts, handlers, "
            "frames, forms or javascript: URLs",
            fix="remove it (links: a relative path, or an http(s) address; embedded "
            "media: a link to it)",
        )
        for f in found
    ]


# ----------------------------------------------------------------------- built HTML


class _Neutralizer(HTMLParser):
    """Re-writes an HTML fragment with every active element escaped into text and every
    active attribute dropped; the rest is written back as it came."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.found: list[str] = []
        self._raw: str | None = None  # inside an active element whose content is raw text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, self.get_starttag_text() or "", closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, self.get_starttag_text() or "", closed=True)

    def _tag(
        self, tag: str, attrs: list[tuple[str, str | None]], raw: str, *, closed: bool
    ) -> None:
        if tag in ACTIVE_ELEMENTS:
            self.found.append(f"<{tag}>")
            self.out.append(html.escape(raw))
            return
        kept = []
        for name, value in attrs:
            why = _attribute_problem(name, value)
            if why is not None:
                self.found.append(f"{why} on <{tag}>")
                continue
            kept.append(name if value is None else f'{name}="{html.escape(value)}"')
        if len(kept) == len(attrs):
            self.out.append(raw)
        else:
            self.out.append(f"<{tag}{''.join(' ' + k for k in kept)}{' /' if closed else ''}>")

    def handle_endtag(self, tag: str) -> None:
        raw = f"</{tag}>"
        self.out.append(html.escape(raw) if tag in ACTIVE_ELEMENTS else raw)

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(html.escape(f"<!{decl}>"))

    def handle_pi(self, data: str) -> None:
        self.out.append(html.escape(f"<?{data}>"))

    def unknown_decl(self, data: str) -> None:
        self.out.append(html.escape(f"<![{data}]>"))


def neutralize(fragment: str) -> tuple[str, list[str]]:
    """``fragment`` (a page's HTML) with active elements escaped into visible text and
    active attributes removed, and what was found; unchanged (the same string) when
    nothing is active."""
    if not _may_be_active(fragment):
        return fragment, []
    p = _Neutralizer()
    p.feed(fragment)
    p.close()
    if not p.found:
        return fragment, []
    return "".join(p.out), p.found


# The quick test, on the lower-cased fragment. Each pattern begins with a literal, so that
# the regular-expression engine can skip ahead to it (one alternation of every case, with
# IGNORECASE, tried at every character, cost 120 ms on a 330 KB page; this costs about 5).
_QUICK_ELEMENT = re.compile(r"<(?:" + "|".join(sorted(ACTIVE_ELEMENTS)) + r")\b")
_QUICK_HANDLER = re.compile(r"on[^\s=>/\"']*\s*=")  # an attribute named on...: checked below
_QUICK_STYLE = re.compile(r"style\s*=")
# An attribute value that is not plainly a relative, http(s), mailto:, tel: or #-link:
# a scheme, a character reference or a character browsers ignore before its first ":",
# "&" or tab. Only values of URL attributes count (checked below).
_QUICK_VALUE = re.compile(r"=\s*[\"']?\s*(?!https?://|mailto:|tel:|#|/|\.)[^\"'\s>/?#]*[:&\t\n\r]")
_NAME_BEFORE = re.compile(r"([a-z][a-z0-9:_-]*)\s*\Z")


def _may_be_active(fragment: str) -> bool:
    """A quick test that rules out most pages without parsing them: False only when the
    fragment has no active element, no on...= attribute, no style=, no srcdoc, formaction
    or http-equiv, and no URL attribute whose value could hold a scheme."""
    low = fragment.lower()
    if _QUICK_ELEMENT.search(low) or _QUICK_STYLE.search(low):
        return True
    if any(word in low for word in ACTIVE_ATTRIBUTES):
        return True
    for m in _QUICK_HANDLER.finditer(low):
        if m.start() == 0 or low[m.start() - 1] in " \t\n\r\f/\"'":
            return True
    for m in _QUICK_VALUE.finditer(low):
        name = _NAME_BEFORE.search(low, max(0, m.start() - 60), m.start())
        if name is not None and name.group(1) in URL_ATTRIBUTES:
            return True
    return False
