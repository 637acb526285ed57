"""The prose scanner (handbook.core.prose) against Python-Markdown itself.

Documents are built from the constructs editors write (paragraphs, fences of every shape,
indented code, lists, admonitions, footnotes, block quotes, headings, tables, code spans with
escapes, HTML comments open and closed) with numbered markers in them; Python-Markdown, with
the site's extensions, renders each document, and every marker must be where the scanner
says: inside code or a comment when the scanner says code, outside when it says prose. The
same decision is then what the macro scanner, the link check, the section check and the
symbol references use.
"""

from __future__ import annotations

import re

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook.core import prose

EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "footnotes", "tables", "toc",
              "pymdownx.details", "pymdownx.superfences"]
MARK = re.compile(r"QZ(\d+)ZQ")


def rendered_in_code(html: str) -> dict[int, bool]:
    """marker number -> whether Python-Markdown put it inside <code>, <pre> or a comment."""
    out: dict[int, bool] = {}
    depth = 0
    pos = 0
    token = re.compile(r"<!--.*?-->|<(/?)(code|pre)\b[^>]*>|QZ(\d+)ZQ", re.S)
    for m in token.finditer(html):
        if m.group(0).startswith("<!--"):
            for n in MARK.findall(m.group(0)):
                out[int(n)] = True
            continue
        if m.group(2):
            depth += -1 if m.group(1) else 1
            continue
        out[int(m.group(3))] = depth > 0
        pos = m.end()
    return out


def check(doc: str) -> None:
    html = markdown.markdown(doc, extensions=EXTENSIONS)
    got = rendered_in_code(html)
    scanned = prose.scan(doc)
    for m in MARK.finditer(doc):
        n = int(m.group(1))
        if n not in got:
            continue  # dropped by Markdown (e.g. an abbreviation definition): nothing to compare
        assert scanned.in_code(m.start()) == got[n], (
            f"marker {n}: scanner says {'code' if scanned.in_code(m.start()) else 'prose'}, "
            f"Python-Markdown says {'code' if got[n] else 'prose'}\n--- document ---\n{doc}\n"
            f"--- html ---\n{html}"
        )


@pytest.mark.parametrize("doc", [
    'Escaped \\` tick QZ1ZQ and ` real QZ2ZQ `.',
    "Para.\n\n<!-- unclosed comment\n\nText QZ1ZQ here.",
    "Text\n\n```\ncode QZ1ZQ\n\nnever closed QZ2ZQ\n",
    "Text\n\n    indented QZ1ZQ\n\nafter QZ2ZQ",
    "- item\n\n        in list code QZ1ZQ\n",
    "- item\n\n    in item QZ1ZQ `c QZ2ZQ`\n",
    "span `across\n\npara QZ1ZQ` end",
    "<!--\n\nQZ1ZQ\n\n-->\nafter QZ2ZQ",
    "a <!-- c QZ1ZQ --> QZ2ZQ",
    "~~~\ncode\n~~~~\nstill QZ1ZQ\n~~~\n\nafter QZ2ZQ",
    "``a`b QZ1ZQ`` and `c`` d QZ2ZQ` e QZ3ZQ",
    "```` x\nQZ1ZQ\n````",
    "  ```\n  indented fence QZ1ZQ\n  ```\nQZ2ZQ",
    "- a\n  ```\n  code in list QZ1ZQ\n  ```\n",
    "!!! note\n    inside `c QZ1ZQ` QZ2ZQ\n\n        code QZ3ZQ\n",
    "# Heading `x QZ1ZQ\nnext` QZ2ZQ",
    "| a | `b QZ1ZQ` |\n|---|---|\n| `c` | QZ2ZQ |",
    "> quote `x QZ1ZQ\n> y` z QZ2ZQ\n\n>     quoted code QZ3ZQ",
    "para\n    continuation QZ1ZQ",
    "\\\\`code QZ1ZQ`",
    "[^1]: note `x QZ1ZQ`\n\n    more note QZ2ZQ\n\nafter QZ3ZQ",
])
def test_known_cases(doc: str) -> None:
    check(doc)


# Comment marks appear in whole comments (the "comment" kinds below), not as loose words:
# a comment that opens after another one on the same line and runs over blank lines is
# rendered by Python-Markdown out of its place; the post-build check (HB141) covers it.
_word = st.sampled_from(["word", "text", "`", "``", "\\`", "QZ", "<!--", "~~~"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    counter = iter(range(1, 10_000))

    def mark() -> str:
        return f"QZ{next(counter)}ZQ"

    def inline() -> str:
        parts = []
        for _ in range(draw(st.integers(1, 6))):
            parts.append(draw(_word))
            parts.append(mark())
        return " ".join(parts)

    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(
            ["para", "fence", "fence-open", "indented", "list", "comment", "comment-open",
             "heading", "quote", "admonition", "para2", "footnote", "table", "nested",
             "tabbed", "quote-fence", "hr", "inline-comment"]))
        ind = draw(st.sampled_from(["", "", " ", "  ", "    "]))
        fence = draw(st.sampled_from(["```", "````", "~~~", "~~~~"]))
        close = draw(st.sampled_from([fence, fence, fence + fence[0], fence[:-1] if len(fence) > 3 else fence]))
        if kind == "para":
            blocks.append(ind + inline())
        elif kind == "para2":
            blocks.append(inline() + "\n" + ind + inline())
        elif kind == "fence":
            blocks.append(f"{ind}{fence}\n{ind}{inline()}\n{ind}{close}")
        elif kind == "fence-open":
            blocks.append(f"{fence} python\n{inline()}")
        elif kind == "indented":
            blocks.append("    " + inline())
        elif kind == "list":
            blocks.append(f"- {inline()}\n\n    {inline()}\n\n        {mark()}")
        elif kind == "comment":
            blocks.append(f"<!-- {inline()}\n\n{inline()} -->")
        elif kind == "comment-open":
            blocks.append(f"<!-- {inline()}")
        elif kind == "heading":
            blocks.append(f"## {inline()}")
        elif kind == "quote":
            blocks.append(f"> {inline()}\n> {inline()}")
        elif kind == "admonition":
            blocks.append(f"!!! note\n    {inline()}")
        elif kind == "footnote":
            blocks.append(f"[^n]: {inline()}\n    {inline()}")
        elif kind == "table":
            blocks.append(f"| a | b |\n|---|---|\n| {inline()} | {inline()} |")
        elif kind == "nested":
            # (code in a nested item, then another item without a blank line, is where
            # Python-Markdown's list parser re-nests in ways the scanner does not follow:
            # documented in handbook.core.prose, and caught by the post-build check)
            blocks.append(f"- {inline()}\n    - {inline()}\n\n        {inline()}")
        elif kind == "tabbed":
            blocks.append(f"\t{inline()}")
        elif kind == "quote-fence":
            blocks.append(f"> {fence}\n> {inline()}\n> {close}")
        elif kind == "inline-comment":
            blocks.append(f"{inline()} <!-- {inline()} --> {inline()}")
        elif kind == "hr":
            blocks.append("---")
    sep = draw(st.sampled_from(["\n\n", "\n\n", "\n"]))
    return sep.join(blocks) + "\n"


@settings(max_examples=600, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_scanner_agrees_with_python_markdown(doc: str) -> None:
    check(doc)
