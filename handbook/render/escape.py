"""Escaping text for the pages the engine writes: for HTML and Markdown at once."""

from __future__ import annotations

import html

_ESC = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#39;",
        "*": "&#42;",
        "_": "&#95;",
        "`": "&#96;",
        "[": "&#91;",
        "]": "&#93;",
        "\\": "&#92;",
        "|": "&#124;",
        "{": "&#123;",
        "}": "&#125;",
        "~": "&#126;",
        "^": "&#94;",
        "=": "&#61;",
        "#": "&#35;",
        "/": "&#47;",
    }
)


def esc(text: str) -> str:
    """Escape text for HTML *and* Markdown, in one pass: the result renders as the literal
    text. ``/`` is escaped too, so that a UN symbol in a link's text is not linked again by
    the symbol auto-linker (which sees raw inline HTML tags only as placeholders)."""
    return str(text).translate(_ESC)


_ATTR = str.maketrans(
    {
        "[": "&#91;",
        "]": "&#93;",
        "`": "&#96;",
        "\\": "&#92;",
        "{": "&#123;",
        "}": "&#125;",
    }
)


def attr(text: str) -> str:
    """Escape an attribute value. Python-Markdown's link, code and escape patterns run before
    its inline-HTML pattern, so an unescaped ``[x](javascript:...)`` inside an attribute would
    become a live link that breaks out of the tag: those characters are entities too, as are
    braces, so that no ``{{`` reaches the page."""
    return html.escape(str(text), quote=True).translate(_ATTR)
