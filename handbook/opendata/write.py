"""Everything of the open data into the built site: ``site/data/`` (the data files and
their schemas), ``site/objects.inv`` and the redirect pages of renamed pages."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from handbook.core.registry import Project
from handbook.opendata import addresses, bibexport, inventory, records, schemas

#: (file in data/, schema in data/schema/ or None, media type, what it holds)
FILES = (
    ("entities.json", "entities.json", "application/json", "Every entity and its relations."),
    ("citations.json", "citations.json", "application/json", "Every citation."),
    ("passages.json", "passages.json", "application/json", "Every source passage."),
    ("bibliography.json", "bibliography.json", "application/vnd.citationstyles.csl+json",
     "The bibliography as CSL-JSON."),
    ("bibliography.bib", None, "application/x-bibtex", "The bibliography as BibTeX."),
    ("../objects.inv", None, "application/octet-stream",
     "Sphinx inventory (intersphinx): every page, entity and passage."),
)  # fmt: skip


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def write(
    proj: Project, site_dir: Path, *, site_name: str, changed: dict[str, str],
    redirects: dict[str, tuple[str, str]] | None = None,
) -> dict[str, float]:  # fmt: skip
    """Write the data files, the inventory and the redirects; returns timings (seconds)."""
    t0 = time.perf_counter()
    data = site_dir / "data"
    (data / "schema").mkdir(parents=True, exist_ok=True)
    head = {"format": schemas.FORMAT}
    sets = {
        "entities": records.entity_records(proj, changed),
        "citations": records.citation_records(proj),
        "passages": records.passage_records(proj),
    }
    for key, items in sets.items():
        doc = {"$schema": f"schema/{key}.json", **head, key: items}
        (data / f"{key}.json").write_text(_dump(doc), encoding="utf-8")
    (data / "bibliography.json").write_text(_dump(bibexport.csl_json(proj.bib)), encoding="utf-8")
    (data / "bibliography.bib").write_text(bibexport.bibtex(proj.bib), encoding="utf-8")
    for name, schema in schemas.all_schemas().items():
        (data / "schema" / name).write_text(_dump(schema), encoding="utf-8")
    catalogue = {
        "$schema": "schema/index.json",
        **head,
        "site": site_name,
        "files": [
            {"path": p, "schema": f"schema/{s}" if s else None, "media_type": m, "about": a}
            for p, s, m, a in FILES
        ],
    }
    (data / "index.json").write_text(_dump(catalogue), encoding="utf-8")
    (site_dir / "objects.inv").write_bytes(inventory.dumps(proj, site_name))
    for old, (new, title) in (redirects or {}).items():
        target = site_dir / (old + "index.html" if old.endswith("/") or not old else old)
        if target.exists():
            continue  # never over a built page (the check reports the clash)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(addresses.redirect_html(old, new, title), encoding="utf-8")
    return {"data": time.perf_counter() - t0}
