"""The cross-page work done before the host's build, for hosts that run only Markdown
extensions (Zensical): ``handbook prebuild --out DIR``.

The MkDocs plugin loads the whole project before any page renders, generates the
navigation and hands each page its expanded Markdown. A host without MkDocs plugins gets
the same from files written beforehand:

* ``DIR/docs/``: every page with its validated front matter (title, description, tags,
  hide, search: what the plugin gives the theme) and its Markdown expanded: macros run
  (the index pages' tables, links, citations), references, related pages, the passages'
  "Cited in" lists (backlinks) and citation cards appended; the other files of the docs
  folder (style sheets, scripts, images) copied as they are;
* ``DIR/mkdocs.yml``: the project's settings with the generated navigation written out,
  the handbook's own plugins left out, and the Markdown extension
  (:mod:`handbook.hosts.markdown_ext`) added to link UN symbols from
  ``DIR/handbook-symbols.json``; Zensical reads this file as its configuration;
* ``DIR/handbook-symbols.json``: each UN symbol that has a page in the handbook, with that
  page's path and hover title.

Nothing is written when the project has problems that the strict build rejects.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from handbook.core.diagnostics import Diagnostic
from handbook.core.registry import Project, search_title
from handbook.hosts.markdown_ext import SYMBOLS_FILE
from handbook.hosts.nav import build_nav

#: The plugins that only MkDocs runs (the handbook's own), left out of the written settings.
_ENGINE_PLUGINS = frozenset({"handbook", "handbook-search"})


@dataclass
class Prebuilt:
    """What :func:`write` wrote (or, with diagnostics that fail, would have written)."""

    out: Path
    pages: int
    files: int
    symbols: int
    diagnostics: list[Diagnostic]


def _plain(value: Any) -> Any:
    """``value`` with str subclasses (Markup) made str, for ``yaml.safe_dump``."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def front_matter(proj: Project, docpath: str) -> dict[str, Any]:
    """The metadata the MkDocs plugin gives the theme for a page (validated, nothing else)."""
    src = proj.pages.get(docpath)
    if src is None:
        return {}
    fields = src.fields
    ent = src.entity
    meta: dict[str, Any] = {}
    title = search_title(ent) if ent is not None else fields.get("title")
    if title:
        meta["title"] = str(title)
    if fields.get("summary"):
        meta["description"] = str(fields["summary"])
    tags = [*(fields.get("themes") or []), *(fields.get("tags") or [])]
    if tags:
        meta["tags"] = [str(t) for t in tags]
    for key in ("hide", "search"):
        if fields.get(key):
            meta[key] = _plain(fields[key])
    return meta


def not_in_nav(data: dict[str, Any]) -> Callable[[str], bool] | None:
    """mkdocs.yml's ``not_in_nav`` (gitignore-style patterns) as MkDocs matches it."""
    patterns = data.get("not_in_nav")
    if not isinstance(patterns, str) or not patterns.strip():
        return None
    from pathspec.gitignore import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(patterns.splitlines()).match_file


def settings_for_host(proj: Project, data: dict[str, Any], out: Path, root: Path) -> dict[str, Any]:
    """The project's mkdocs.yml settings for a host reading ``out``: the docs folder is
    ``out/docs``, the navigation written out, the engine's plugins replaced by its
    Markdown extension, and folders given relative to the project made absolute."""
    cfg = dict(data)
    cfg["docs_dir"] = "docs"
    cfg["site_dir"] = "site"
    cfg["nav"] = _plain(build_nav(proj, not_in_nav(data)))
    plugins = []
    for item in cfg.get("plugins") or []:
        name = next(iter(item)) if isinstance(item, dict) else item
        if str(name) not in _ENGINE_PLUGINS:
            plugins.append(item)
    cfg["plugins"] = plugins
    theme = cfg.get("theme")
    if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
        cfg["theme"] = {**theme, "custom_dir": str((root / theme["custom_dir"]).resolve())}
    exts = list(cfg.get("markdown_extensions") or [])
    exts.append(
        {
            "handbook.hosts.markdown_ext": {
                "symbols": str((out / SYMBOLS_FILE).resolve()),
                "expand": False,
            }
        }
    )
    cfg["markdown_extensions"] = exts
    return cfg


def write(proj: Project, data: dict[str, Any], root: Path, out: Path) -> Prebuilt:
    """Write the expanded pages, the settings and the symbol file under ``out`` (its
    ``docs`` folder is replaced); nothing when ``proj`` has diagnostics that fail."""
    from handbook.render.page import render_page

    failing = [d for d in proj.diagnostics if d.fails]
    if failing:
        return Prebuilt(out, 0, 0, 0, failing)
    docs_out = out / "docs"
    if docs_out.exists():
        shutil.rmtree(docs_out)
    shutil.copytree(proj.docs_dir, docs_out, symlinks=False, ignore=shutil.ignore_patterns("*.md"))
    files = sum(1 for p in docs_out.rglob("*") if p.is_file())
    for path, page in proj.pages.items():
        body = render_page(proj, path, page.source.body)
        meta = front_matter(proj, path)
        head = (
            "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"
            if meta
            else ""
        )
        dest = docs_out / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(head + body, encoding="utf-8")
    table = {
        sym: [proj.entities[ent].path, proj.symbol_target(sym).title]  # type: ignore[union-attr]
        for sym, ent in sorted(proj.by_symbol.items())
    }
    (out / SYMBOLS_FILE).write_text(
        json.dumps(
            {"directory_urls": proj.directory_urls, "symbols": table},
            ensure_ascii=False,
            indent=0,
        ),
        encoding="utf-8",
    )
    cfg = settings_for_host(proj, data, out, root)
    (out / "mkdocs.yml").write_text(
        "# Written by `handbook prebuild`: the handbook's settings for a host that runs only\n"
        "# Markdown extensions (Zensical). Do not edit: run the command again.\n"
        + yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False, width=100),
        encoding="utf-8",
    )
    return Prebuilt(out, len(proj.pages), files, len(table), [])
