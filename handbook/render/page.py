"""Rendering one page's Markdown: macros expanded, generated sections appended."""

from __future__ import annotations

import re

from handbook.core.registry import Project
from handbook.render import blocks
from handbook.render.context import Context, run_calls


def render_page(project: Project, docpath: str, markdown: str) -> str:
    """The page's Markdown with macros expanded, its related pages and references added."""
    page = project.pages.get(docpath)
    if page is None:
        return markdown
    ctx = Context(project, page, collect=False)
    text = run_calls(ctx, markdown, page.source.body_line)
    text = blocks.cited_by_markers(ctx, text)
    text = blocks.passage_links(ctx, text)
    text = blocks.normative_text_in_first_section(ctx, text)
    text = blocks.document_header(ctx) + blocks.aliases_line(ctx) + text
    text += blocks.related_section(ctx) + ctx.references_html() + ctx.cards.block()
    abbr = project.abbreviations(text) if project.abbr_enabled else ""
    return text + ("\n" + abbr + "\n" if abbr else "")


#: A link with its own hover text (the summary of the page it leads to), and its content.
_TITLED_LINK = re.compile(r'(<a\b[^>]*\stitle="[^"]*"[^>]*>)(.*?)(</a>)', re.S)
_ABBR_TITLE = re.compile(r'(<abbr)\s+title="[^"]*"')


def finish_html(html: str) -> str:
    """The built page's HTML, with one hover text per link: an abbreviation inside a link
    that has a title of its own (which starts with the full name) loses its second one."""
    if "<abbr" not in html:
        return html
    return _TITLED_LINK.sub(
        lambda m: (
            m.group(1) + _ABBR_TITLE.sub(r"\1", m.group(2)) + m.group(3)
            if "<abbr" in m.group(2)
            else m.group(0)
        ),
        html,
    )
