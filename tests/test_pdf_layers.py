"""The PDF stage reads built HTML only: it does not load the engine (nor bibtexparser),
but for the declaration of the kinds (pure data: the chapters' names), in one place."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PDF = Path(__file__).resolve().parents[1] / "handbook" / "pdf"


def test_only_chapters_py_imports_the_engine() -> None:
    found = {}
    for path in sorted(PDF.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.startswith(("handbook.", "bibtexparser", "mkdocs", "markdown")) and not (
                    name.startswith("handbook.pdf")
                ):
                    found.setdefault(path.name, []).append(name)
    assert set(found) == {"chapters.py"}, found


def test_reading_assembling_typesetting_and_composing_load_no_engine_module() -> None:
    code = (
        "import sys\n"
        "import handbook.pdf\n"
        "from handbook.pdf import site, markup, assemble, typeset, compose, cache, build\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('handbook.core', "
        "'handbook.render', 'handbook.hosts', 'bibtexparser', 'mkdocs', 'markdown')) "
        "and m not in ('handbook.core', 'handbook.core.kinds'))\n"
        "print(bad)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]", out
