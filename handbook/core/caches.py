"""What a process keeps between loads of a project: explicit objects, not module globals.

``mkdocs serve`` loads the project again after every edit; ``handbook check`` starts from
what its previous run saved (:mod:`handbook.cache.pages`). Whoever loads a project owns a
:class:`Caches` and hands it in; a fresh one means a load from scratch. Every entry is keyed
by the content it was made from (a file's bytes, a text, an entry's fields), so nothing in a
cache can be stale, whatever the files' times say.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from handbook.core.bibliography import BibCache
from handbook.core.frontmatter import Source
from handbook.core.macroparse import ScanCache

#: A page read earlier and saved (:mod:`handbook.cache.pages`): what reading found, without
#: its text, and the macro scan of its body.
SavedPage = tuple[dict[str, Any], tuple[Any, ...] | None]


@dataclass
class Caches:
    """The caches of one project in one process."""

    #: (file, required front matter) -> (SHA-256 of the file's bytes, the page as read).
    pages: dict[tuple[str, bool], tuple[str, Source]] = field(default_factory=dict)
    #: (file, required front matter) -> (digest, saved reading), from the page-cache file.
    saved: dict[tuple[str, bool], tuple[str, SavedPage]] = field(default_factory=dict)
    #: Macro scans by text.
    scans: ScanCache = field(default_factory=dict)
    bib: BibCache = field(default_factory=BibCache)
    #: The pages the last load used, and whether each had to be read from disk.
    used: dict[tuple[str, bool], bool] = field(default_factory=dict)
