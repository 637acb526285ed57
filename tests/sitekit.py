"""Small handbook projects built for real, in a temporary folder (shared by the tests)."""

from __future__ import annotations

import io
import logging
import textwrap
from dataclasses import dataclass
from pathlib import Path


import macros
from handbook.core.registry import Project
from handbook.render.collect import load_project

ROOT = Path(__file__).resolve().parents[1]


def load(root: Path, **kwargs: object) -> Project:
    """The project at ``root`` as ``handbook check`` loads it (with the handbook's macros)."""
    return load_project(root, macros=macros.table(), **kwargs)  # type: ignore[arg-type]

MKDOCS_YML = """\
site_name: Test handbook
use_directory_urls: false
theme:
  name: material
  font: false
plugins:
  - search
  - handbook
markdown_extensions:
  - attr_list
  - footnotes
  - admonition
  - tables
  - md_in_html
  - toc:
      permalink: true
"""

AGENCY = """\
---
title: Office of the United Nations High Commissioner for Refugees
short: UNHCR
type: un-entity
icat_member: true
gap_analysis: false
summary: The UN refugee agency.
related: [principle-1]
---

## Mandate

It protects refugees {cite}.

## Activities against trafficking

It trains staff {cite}.

## In other sources

Reported in 2003 {cite}.
""".replace("{cite}", '{{ cite("a-63-215", "para. 1") }}')

PRINCIPLE = """\
---
title: "Principle 1: The primacy of human rights"
short: Principle 1
number: 1
heading: primacy
summary: Human rights at the centre.
---

## Text

> The human rights of trafficked persons shall be at the centre. {{ cite("a-63-215", "para. 2") }}

## What it asks

Rights first {{ cite("a-63-215", "para. 1") }}.

## In the sources

Often {{ cite("a-63-215", "para. 2") }}.

## Instruments

None here {{ cite("a-63-215", "para. 1") }}.

## Agencies and bodies

{{ agency("unhcr") }} {{ cite("a-63-215", "para. 1") }}.
"""

DOCUMENT = """\
---
kind: document
title: Trafficking in women and girls
short: A/63/215
symbol: A/63/215
summary: Report of the Secretary-General.
date: "2008-08-04"
---

## I. Introduction

<span class="hb-pn" id="para-1">1.</span> The present report is submitted pursuant to resolution 61/144.

<span class="hb-pn" id="para-2">2.</span> Measures were reported by forty States.
"""

BIB = """\
@techreport{a-63-215,
  author      = {{Secretary-General of the United Nations}},
  title       = {Trafficking in women and girls},
  institution = {{General Assembly}},
  year        = {2008},
  symbol      = {A/63/215},
}
"""

BASE_FILES = {
    "mkdocs.yml": MKDOCS_YML,
    "docs/index.md": "---\ntitle: Home\n---\n\n# Home\n\nWelcome.\n",
    "docs/agencies/unhcr.md": AGENCY,
    "docs/principles/principle-1.md": PRINCIPLE,
    "docs/documents/a-63-215.md": DOCUMENT,
    "bibliography/main.bib": BIB,
}


@dataclass
class BuildResult:
    ok: bool
    log: str
    site: Path

    def html(self, page: str) -> str:
        return (self.site / page).read_text(encoding="utf-8")


class Site:
    """A small handbook project in a temporary folder."""

    def __init__(self, root: Path, files: dict[str, str | bytes | None] | None = None,
                 base: bool = True) -> None:
        self.root = root
        merged: dict[str, str | bytes | None] = dict(BASE_FILES) if base else {
            "mkdocs.yml": MKDOCS_YML}
        merged.update(files or {})
        for rel, content in merged.items():
            if content is None:
                continue
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, tuple) and content[0] == "symlink":
                p.symlink_to(content[1])
            elif isinstance(content, bytes):
                p.write_bytes(content)
            else:
                p.write_text(textwrap.dedent(content) if content.startswith("\n") else content,
                             encoding="utf-8")

    def check(self):  # type: ignore[no-untyped-def]
        """What ``handbook check`` finds (mkdocs.yml, then the project)."""
        from handbook.cli import run_check

        return run_check(self.root)

    def build(self, strict: bool = True) -> BuildResult:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort

        site = self.root / "site"
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logger = logging.getLogger("mkdocs")
        level = logger.level
        logger.setLevel(logging.INFO)
        logger.addHandler(handler)
        ok = True
        try:
            cfg = load_config(str(self.root / "mkdocs.yml"), strict=strict,
                              site_dir=str(site))
            build(cfg)
        except Abort:
            ok = False
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
        return BuildResult(ok, stream.getvalue(), site)
