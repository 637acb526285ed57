"""The engine on more than one host: MkDocs 1.6 and ProperDocs 1.6.x.

ProperDocs is a maintained fork of MkDocs 1.6 that loads MkDocs plugins unchanged. The real
handbook, built strict by each, must give the same article HTML on every page; and a strict
ProperDocs build must fail on the engine's diagnostics as a strict MkDocs build does (the
plugin logs through MkDocs' logger, which ProperDocs redirects to its own).
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from realsite import ROOT, RealSite
from sitekit import Site

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("properdocs") is None,
    reason="ProperDocs is not installed (pip install -e '.[test]')",
)

_ARTICLE = re.compile(r"<article\b.*?</article>", re.S)


def _properdocs(config: Path, site: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "-f", str(config), "--site-dir",
         str(site), *flags],
        cwd=config.parent, env=env, capture_output=True, text=True, timeout=1200, check=False,
    )


def _articles(site: Path) -> dict[str, list[str]]:
    return {p.relative_to(site).as_posix(): _ARTICLE.findall(p.read_text(encoding="utf-8"))
            for p in sorted(site.rglob("*.html"))}


def test_properdocs_builds_the_real_handbook_with_the_same_articles(
    real_handbook: RealSite, tmp_path: Path
) -> None:
    assert real_handbook.strict, real_handbook.log[-4000:]
    res = _properdocs(ROOT / "mkdocs.yml", tmp_path / "site", "--strict")
    assert res.returncode == 0, (res.stdout + res.stderr)[-4000:]
    assert "Traceback" not in res.stderr
    mkdocs, proper = _articles(real_handbook.site), _articles(tmp_path / "site")
    assert sorted(proper) == sorted(mkdocs)
    with_article = [page for page, found in mkdocs.items() if found]
    assert len(with_article) > 200, len(with_article)
    differ = [page for page in mkdocs if mkdocs[page] != proper[page]]
    assert differ == [], f"{len(differ)} of {len(mkdocs)} pages differ: {differ[:10]}"


def test_a_strict_properdocs_build_fails_on_the_engines_diagnostics(
    make_site: type[Site], tmp_path: Path
) -> None:
    site = make_site({"docs/principles/principle-1.md": None,
                      "docs/agencies/unhcr.md": "---\ntitle: x\n---\n\n{{ cite('nowhere') }}\n"})
    res = _properdocs(site.root / "mkdocs.yml", tmp_path / "out", "--strict")
    out = res.stdout + res.stderr
    assert res.returncode != 0, out
    assert re.search(r"agencies/unhcr\.md:\d+: \[HB\d{3}\]", out), out
    assert "Traceback" not in out
