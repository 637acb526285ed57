"""mkdocs.yml as MkDocs itself validates it, for ``handbook check``.

:mod:`handbook.core.siteconfig` first refuses what would run code; what remains is handed
to MkDocs' own validation (a misspelt plugin option, a missing docs folder, a setting of
the wrong type), so that ``handbook check`` reports what ``mkdocs build --strict`` would
reject, with the line of the setting. The result is kept in the user's cache folder, keyed
by the file's bytes and the installed versions: an unchanged mkdocs.yml costs nothing.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
from importlib import metadata
from pathlib import Path

from handbook.cache.pages import user_cache_file
from handbook.core.diagnostics import CONFIG_INVALID, CONFIG_WARNING, Diagnostic
from handbook.core.siteconfig import SiteConfig


def _versions() -> str:
    out = []
    for dist in ("mkdocs", "mkdocs-material", "pymdown-extensions", "Markdown"):
        try:
            out.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            out.append(f"{dist}=-")
    return ";".join(out)


def validate(root: Path, conf: SiteConfig) -> list[Diagnostic]:
    """MkDocs' own errors (HB401) and warnings (HB403) about ``root/mkdocs.yml``; nothing
    when the file was refused (MkDocs must not read it)."""
    if conf.refused:
        return []
    path = root / conf.path
    raw = path.read_bytes()
    key = hashlib.sha256(raw + _versions().encode() + Path(__file__).read_bytes()).hexdigest()
    cache = user_cache_file(root, "mkdocs-config", ".json")
    if cache is not None:
        try:
            saved = json.loads(cache.read_text(encoding="utf-8"))
            if saved.get("key") == key:
                return [Diagnostic.from_json(d) for d in saved["diagnostics"]]
        except (OSError, ValueError, TypeError, KeyError):
            pass
    diags = _run(path, conf)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
            tmp.write_text(
                json.dumps({"key": key, "diagnostics": [d.as_json() for d in diags]}),
                encoding="utf-8",
            )
            tmp.replace(cache)
        except OSError:
            pass
    return diags


def _run(path: Path, conf: SiteConfig) -> list[Diagnostic]:
    from mkdocs.config.defaults import MkDocsConfig

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(handler)
    try:
        cfg = MkDocsConfig(config_file_path=str(path))
        with path.open("rb") as f:
            cfg.load_file(f)
        errors, warnings = cfg.validate()
    except Exception as exc:
        errors, warnings = [("mkdocs.yml", exc)], []
    finally:
        mkdocs_log.removeHandler(handler)
    out = []
    for kind, items in ((CONFIG_INVALID, errors), (CONFIG_WARNING, warnings)):
        for setting, problem in items:
            top = str(setting).split(".", 1)[0]
            out.append(
                Diagnostic.make(
                    conf.path,
                    conf.lines.get(top, 1),
                    kind,
                    f"MkDocs rejects the setting '{setting}': {problem}",
                    expected="a setting MkDocs and its plugins accept",
                    fix="correct the setting (see the MkDocs and Material documentation)",
                )
            )
    return out
