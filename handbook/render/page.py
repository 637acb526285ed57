"""Rendering one page's Markdown: macros expanded, generated sections appended."""

from __future__ import annotations

from handbook.core.registry import Project
from handbook.render import blocks
from handbook.render.context import Context, run_calls


def render_page(project: Project, docpath: str, markdown: str) -> str:
    """The page's Markdown with macros expanded, its references and related pages added."""
    page = project.pages.get(docpath)
    if page is None:
        return markdown
    ctx = Context(project, page, collect=False)
    text = run_calls(ctx, markdown, page.source.body_line)
    text = blocks.cited_by_markers(ctx, text)
    text = blocks.passage_links(ctx, text)
    text = blocks.normative_text_in_first_section(ctx, text)
    text = blocks.document_header(ctx) + blocks.aliases_line(ctx) + text
    text += ctx.references_html() + blocks.related_section(ctx) + ctx.cards.block()
    abbr = project.abbreviations(text) if project.abbr_enabled else ""
    return text + ("\n" + abbr + "\n" if abbr else "")
