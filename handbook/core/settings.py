"""What the ``handbook`` commands read from mkdocs.yml: the docs and bibliography folders,
the URL style and the tags the tag index allows, as ``mkdocs build`` would use them
(MkDocs' defaults otherwise). mkdocs.yml is read by :mod:`handbook.core.siteconfig`, which
constructs nothing from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handbook.core.siteconfig import SiteConfig, read


@dataclass(frozen=True)
class Settings:
    """What ``handbook`` commands need from mkdocs.yml."""

    docs_dir: Path
    bib_dir: Path
    directory_urls: bool
    #: The tags the tags plugin allows (``tags_allowed``), if it restricts them.
    tags_allowed: frozenset[str] | None = None
    config: SiteConfig = field(default_factory=lambda: SiteConfig("mkdocs.yml"))


def _plugin_options(cfg: dict[str, object], name: str) -> dict[str, object]:
    plugins = cfg.get("plugins")
    items = plugins if isinstance(plugins, list) else [plugins] if isinstance(plugins, dict) else []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get(name), dict):
            return dict(item[name])
    return {}


def settings(root: Path) -> Settings:
    """The settings of the project at ``root``; a missing or unreadable mkdocs.yml gives the
    defaults (and its diagnostics, in ``config``)."""
    root = root.resolve()
    conf = read(root)
    cfg = conf.data
    bib = _plugin_options(cfg, "handbook").get("bibliography")
    docs = cfg.get("docs_dir")
    urls_flag = cfg.get("use_directory_urls")
    allowed = _plugin_options(cfg, "tags").get("tags_allowed")
    return Settings(
        root / (docs if isinstance(docs, str) else "docs"),
        root / (bib if isinstance(bib, str) else "bibliography"),
        urls_flag if isinstance(urls_flag, bool) else True,
        frozenset(map(str, allowed)) if isinstance(allowed, list) and allowed else None,
        conf,
    )
