"""Which chapters the PDFs are made of, by name, in handbook order.

The chapter *structure* (which page belongs to which chapter, in which order) is read from
the built site's navigation (:mod:`handbook.pdf.site`). The chapters' names and titles come
from the declaration of the kinds (:mod:`handbook.core.kinds`, pure data: no engine, no
bibtexparser): a kind is one chapter named by its folder (``principles.pdf``), and the source
documents one chapter per group (``statements.pdf``).
"""

from __future__ import annotations

from handbook.core.kinds import KINDS

#: The name of the whole-handbook PDF.
HANDBOOK = "handbook"


def sections() -> tuple[tuple[str, str], ...]:
    """Chapters made of a navigation section, in handbook order: (name, section title)."""
    return tuple((name, title) for name, title, group in KINDS.pdf_chapters() if group is None)


def sources_section() -> str:
    """The navigation section whose sub-groups are chapters of their own."""
    return next((t for _, t, g in KINDS.pdf_chapters() if g is not None), KINDS["document"].title)


def group_titles() -> dict[str, str]:
    """Source group name -> navigation title, in navigation order."""
    return {name: group for name, _, group in KINDS.pdf_chapters() if group is not None}


def chapter_names() -> tuple[str, ...]:
    """Every chapter a PDF can be made of, in handbook order (not the whole handbook)."""
    return (*(n for n, _ in sections()), *group_titles())
