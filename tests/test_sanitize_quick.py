"""The quick test that lets most built pages skip the HTML sanitizer's full parse: it may
say "maybe" to a harmless page, but never "no" to a page the full parse would change."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from handbook.core import sanitize
from handbook.core.sanitize import _may_be_active, _Neutralizer


def full_parse_finds(fragment: str) -> list[str]:
    p = _Neutralizer()
    p.feed(fragment)
    p.close()
    return p.found


TAGS = ["a", "img", "p", "span", "div", "SCRIPT", "svg", "iFrame", "link", "abbr", "x-y"]
NAMES = ["href", "HREF", "src", "title", "class", "onclick", "OnLoad", "on", "on-x",
         "style", "srcdoc", "formaction", "http-equiv", "data", "xlink:href", "cite", "id"]
VALUES = ["../a.html", "#x", "https://e.org/", "javascript:alert(1)", " JaVaScRiPt:x",
          "java\tscript:x", "java\nscript:x", "&#106;avascript:x", "&#x6A;avascript:x",
          "\x01javascript:x", "data:text/html,x", "data:image/png;base64,AA", "vbscript:x",
          "mailto:a@b", "Note: a title", "a b", "", "x.html?a=b:c", "//e.org"]
SEPS = [" ", "\n", "\t", "/", "  "]
QUOTES = ['"', "'", ""]

attribute = st.builds(
    lambda sep, n, q, v, eq: f"{sep}{n}{eq}{q}{v}{q}" if eq else f"{sep}{n}",
    st.sampled_from(SEPS), st.sampled_from(NAMES), st.sampled_from(QUOTES),
    st.sampled_from(VALUES), st.sampled_from(["=", " = ", ""]),
)
element = st.builds(
    lambda t, attrs, text: f"<{t}{''.join(attrs)}>{text}</{t}>",
    st.sampled_from(TAGS), st.lists(attribute, max_size=3),
    st.sampled_from(["text", "click on = here", "person=1", "", "a: b"]),
)
fragment = st.lists(st.one_of(element, st.sampled_from(["plain text ", "<!-- c -->", "&amp;"])),
                    max_size=6).map("".join)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragment)
@example('<a href="&#106;avascript:alert(1)">x</a>')
@example('<img/onerror=alert(1) src=x>')
@example('<a href="java\tscript:alert(1)">x</a>')
@example('<svg><a xlink:href="javascript:x">x</a></svg>')
def test_the_quick_test_never_lets_an_active_page_through(html: str) -> None:
    # An on... attribute without a value (``<a onclick>``) runs nothing; the full parse
    # drops it when it parses a page, but the quick test need not send the page there.
    if re.sub(r"(?i)(\s|/)on[^\s=>/\"']*(?=[\s/>])(?!\s*=)", "", html) != html:
        return
    if full_parse_finds(html):
        assert _may_be_active(html), html


def test_an_ordinary_built_page_skips_the_full_parse() -> None:
    page = ('<p>Text <a href="../documents/a.html#para-2" title="Note: a title">¶ 2</a> '
            '<a href="https://e.org/x?a=b">e</a> <abbr title="UN">UN</abbr> person=1 and '
            'click on it.</p>\n')
    assert not _may_be_active(page * 200)
    assert sanitize.neutralize(page)[0] is page  # unchanged: the same string
