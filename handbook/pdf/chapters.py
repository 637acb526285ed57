"""Which chapters the PDFs are made of, by name, in handbook order.

The chapter *structure* (which page belongs to which chapter, in which order) is read from
the built site's navigation (:mod:`handbook.pdf.site`). What the site does not say is the
short name of each source group (``statements``, the name of ``statements.pdf``): that
comes from the engine's declaration of the document groups. This module is the one place
the PDF stage reaches into the engine for it, and it does so lazily, so that reading a
built site, typesetting and assembling never load the engine (nor bibtexparser).
"""

from __future__ import annotations

import functools

#: Chapters made of a navigation section, in handbook order: (name, section title).
SECTIONS: tuple[tuple[str, str], ...] = (
    ("principles", "Principles"),
    ("guidelines", "Guidelines"),
    ("agencies", "Agencies"),
    ("instruments", "Instruments"),
    ("bodies", "Bodies"),
    ("events", "Events"),
)
#: The navigation section whose sub-groups are chapters of their own.
SOURCES_SECTION = "Sources"
#: The name of the whole-handbook PDF.
HANDBOOK = "handbook"


@functools.cache
def group_titles() -> dict[str, str]:
    """Source group name -> navigation title, in navigation order ("other" excluded).

    The one import of the engine by the PDF stage. ``handbook.core.kinds`` (the lead's
    coming declaration of kinds and groups) is preferred when it exists.
    """
    titles: dict[str, str]
    try:
        from handbook.core import kinds  # type: ignore[attr-defined,unused-ignore]

        titles = dict(kinds.GROUP_TITLES)
    except (ImportError, AttributeError):
        from handbook.render.blocks import GROUP_TITLES

        titles = dict(GROUP_TITLES)
    return {g: t for g, t in titles.items() if g != "other"}


@functools.cache
def chapter_names() -> tuple[str, ...]:
    """Every chapter a PDF can be made of, in handbook order (not the whole handbook)."""
    return (*(n for n, _ in SECTIONS), *group_titles())
