"""Which chapters the PDFs are made of, by name, in handbook order.

The chapter *structure* (which page belongs to which chapter, in which order) is read from
the built site's navigation (:mod:`handbook.pdf.site`). The chapters' names and titles come
from the declaration of the kinds (:mod:`handbook.core.kinds`, pure data: no engine, no
bibtexparser): a kind is one chapter named by its folder (``principles.pdf``), and the source
documents one chapter per group (``statements.pdf``).
"""

from __future__ import annotations

import functools

from handbook.core.kinds import KINDS

#: The name of the whole-handbook PDF.
HANDBOOK = "handbook"


def _sections() -> tuple[tuple[str, str], ...]:
    return tuple((name, title) for name, title, group in KINDS.pdf_chapters() if group is None)


#: Chapters made of a navigation section, in handbook order: (name, section title).
SECTIONS: tuple[tuple[str, str], ...] = _sections()
#: The navigation section whose sub-groups are chapters of their own.
SOURCES_SECTION = KINDS["document"].title


@functools.cache
def group_titles() -> dict[str, str]:
    """Source group name -> navigation title, in navigation order."""
    return {name: group for name, _, group in KINDS.pdf_chapters() if group is not None}


@functools.cache
def chapter_names() -> tuple[str, ...]:
    """Every chapter a PDF can be made of, in handbook order (not the whole handbook)."""
    return (*(n for n, _ in SECTIONS), *group_titles())
