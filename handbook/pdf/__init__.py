"""Print-ready PDFs of the built site: one per chapter and one of the whole handbook.

Run after the MkDocs build; it reads only the built HTML in ``site/``::

    handbook pdf                                # every chapter and handbook.pdf
    handbook pdf principles --paper Letter
    handbook pdf --site site --out site/pdf

Each PDF has a cover, a table of contents with page numbers, running heads, "N / M" page
numbers, citations renumbered across the chapter (each number a link to its entry) with one
bibliography at its end, links inside the PDF shown with "(p. N)", and the URL of every
external link as a footnote. ``pdfs.json`` and ``index.html`` list the PDFs.

Every page of the site is typeset once, and only when it changed: the chapter PDFs and the
whole handbook are composed from the same typeset pages, kept in the user's cache folder
by content. The package, in the order of the work:

- :mod:`~handbook.pdf.site` reads the built site (pages, navigation, address);
- :mod:`~handbook.pdf.chapters` names the chapters;
- :mod:`~handbook.pdf.markup` parses pages and keeps only what may reach a PDF;
- :mod:`~handbook.pdf.assemble` makes the HTML of every part of every PDF;
- :mod:`~handbook.pdf.typeset` lays them out with WeasyPrint (closed URL fetcher,
  page-number slots);
- :mod:`~handbook.pdf.compose` puts each PDF together with pypdf (page numbers, links,
  bookmarks);
- :mod:`~handbook.pdf.cache`, :mod:`~handbook.pdf.build`, :mod:`~handbook.pdf.listing`
  and :mod:`~handbook.pdf.cli` keep, drive, list and run it.

No MkDocs import, no engine import (but the names of the source groups, see
:mod:`~handbook.pdf.chapters`): the stage works on any built copy of the site.
"""

from __future__ import annotations

from handbook.pdf.build import PdfResult, available, build_pdfs, default_date, default_version
from handbook.pdf.chapters import HANDBOOK, chapter_names, sections, sources_section
from handbook.pdf.cli import main
from handbook.pdf.listing import write_listing
from handbook.pdf.site import SitePage, Unit, chapter_units, load_site, read_site

__all__ = [
    "CHAPTERS",
    "HANDBOOK",
    "PdfResult",
    "SitePage",
    "Unit",
    "available",
    "build_pdfs",
    "chapter_names",
    "chapter_units",
    "default_date",
    "default_version",
    "load_site",
    "main",
    "read_site",
    "sections",
    "sources_section",
    "write_listing",
]


def __getattr__(name: str) -> tuple[str, ...]:
    """``CHAPTERS``: every chapter name, in handbook order (looked up when first used, so
    that importing the package does not load the engine's declaration of groups)."""
    if name == "CHAPTERS":
        return chapter_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
