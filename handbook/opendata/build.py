"""The open data through one build: what a host calls (the MkDocs plugin does, hook by
hook; no MkDocs here)."""

from __future__ import annotations

import datetime as _dt
import time
from pathlib import Path

from handbook.core.diagnostics import Diagnostic
from handbook.core.registry import Project
from handbook.opendata import addresses, history, pagemeta, records, write


class OpenData:
    """Loaded with the project; gives each page its metadata; writes the files at the end."""

    def __init__(self, proj: Project, *, site_name: str) -> None:
        self.project = proj
        self.site_name = site_name
        self.built = _dt.date.today().isoformat()
        try:
            under = proj.docs_dir.resolve().relative_to(proj.root.resolve()).as_posix()
        except ValueError:
            under = ""
        #: docs-relative path -> date of its last commit.
        self.changed = history.last_changed(proj.root, under) if under else {}
        self.addresses = addresses.check(proj)
        self._symbols = records.entity_symbols(proj)
        self.timings: dict[str, float] = {}

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """The published-address problems (HB5xx), for the host to report."""
        return self.addresses.diagnostics

    def page(self, docpath: str) -> pagemeta.PageInfo | None:
        """What the page's head and foot show (``None`` for a file that is not a page)."""
        if docpath not in self.project.pages:
            return None
        return pagemeta.page_info(
            self.project,
            docpath,
            changed=self.changed.get(docpath),
            built=self.built,
            site_name=self.site_name,
            symbols=self._symbols,
        )

    def finish(self, site_dir: Path) -> None:
        """Write ``site/data/``, ``site/objects.inv`` and the redirects."""
        t0 = time.perf_counter()
        write.write(
            self.project,
            site_dir,
            site_name=self.site_name,
            changed=self.changed,
            redirects=self.addresses.redirects,
        )
        self.timings["write"] = time.perf_counter() - t0
