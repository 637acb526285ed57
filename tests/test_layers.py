"""The engine's layers, from the folder names: what each layer may import.

Each module of ``handbook/core`` (pure: front matter, schema, symbols, macros' syntax, the
bibliography, the registry and its loader, diagnostics) and of ``handbook/render`` (macro
context, generated blocks, the citation style) is imported in a fresh interpreter; it must
not pull in a host (MkDocs, Python-Markdown, Jinja), the PDF stage (WeasyPrint), the importer,
the page cache, the CLI or the macro table, and core must not pull in render. Dependencies
point one way: hosts and the CLI -> render -> core.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOSTS = ("mkdocs", "markdown", "jinja2", "pymdownx", "material", "weasyprint")
FORBIDDEN = {
    "core": (*HOSTS, "handbook.render", "handbook.hosts", "handbook.pdf", "handbook.importer",
             "handbook.cache", "handbook.cli", "macros"),
    "render": (*HOSTS, "handbook.hosts", "handbook.pdf", "handbook.importer", "handbook.cache",
               "handbook.cli", "macros"),
    # the open data reads the loaded project: no host, no renderer (handbook/opendata)
    "opendata": (*HOSTS, "handbook.render", "handbook.hosts", "handbook.pdf",
                 "handbook.importer", "handbook.cache", "handbook.cli", "macros"),
}
MODULES = [
    (layer, f"handbook.{layer}.{p.stem}")
    for layer in FORBIDDEN
    for p in sorted((ROOT / "handbook" / layer).glob("*.py"))
    if p.stem != "__init__"
]


@pytest.mark.parametrize(("layer", "module"), MODULES, ids=[m for _, m in MODULES])
def test_a_module_imports_nothing_above_its_layer(layer: str, module: str) -> None:
    code = (
        "import sys\n"
        f"import {module}\n"
        f"bad = sorted(m for m in sys.modules if m.startswith({FORBIDDEN[layer]!r}))\n"
        "print('\\n'.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.split()
    assert out == [], f"{module} pulls in {out}"


def test_every_layer_is_covered() -> None:
    assert {layer for layer, _ in MODULES} == set(FORBIDDEN)
    assert len(MODULES) >= 20
