"""The engine without MkDocs: its Python-Markdown extension and ``handbook prebuild``.

On a small site, Python-Markdown alone with :mod:`handbook.hosts.markdown_ext` renders the
macros, citations, generated sections and symbol links of a page with the same HTML as the
MkDocs build's article; so does it from the pages ``handbook prebuild`` expanded. Zensical,
which runs Markdown extensions and no MkDocs plugins, builds the small site from the
prebuild output, and from the original pages with the extension, with no raw macro left.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest
import yaml
from sitekit import AGENCY, Site

from handbook.cli import main as handbook
from handbook.hosts import markdown_ext
from handbook.hosts.markdown_ext import HandbookExtension, ProjectStore

#: The Markdown extensions of the small site's mkdocs.yml (tests/sitekit.py), as configured.
EXTENSIONS = ["attr_list", "footnotes", "admonition", "tables", "md_in_html", "toc"]
CONFIGS: dict[str, dict[str, object]] = {"toc": {"permalink": True}}

#: Bare symbols in prose: one with a page in the small site, one only in the ODS.
PROSE = "It trains staff under A/63/215 and E/CN.4/2003/74"
FILES = {"docs/agencies/unhcr.md": AGENCY.replace("It trains staff", PROSE)}
PAGES = ("agencies/unhcr.md", "principles/principle-1.md", "documents/a-63-215.md")

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_THEME_H1 = re.compile(r"\s*<h1>[^<]*</h1>")
_LEFT = re.compile(r"\{\{|\{%")


def _article(html: str) -> str:
    """The page's content in a Material page: the article without the title the theme adds,
    and without the whitespace around it."""
    m = _ARTICLE.search(html)
    assert m is not None
    return _THEME_H1.sub("", m.group(1), count=1).strip()


def _convert(text: str, **options: object) -> str:
    md = markdown.Markdown(
        extensions=[*EXTENSIONS, "handbook.hosts.markdown_ext"],
        extension_configs={**CONFIGS, "handbook.hosts.markdown_ext": options},
    )
    return md.convert(text).strip()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The small site, built by MkDocs (strict)."""
    s = Site(tmp_path_factory.mktemp("mdext"), FILES)
    result = s.build()
    assert result.ok, result.log
    return s


@pytest.fixture(scope="module")
def prebuilt(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What ``handbook prebuild`` wrote for the small site."""
    out = tmp_path_factory.mktemp("prebuilt")
    assert handbook(["--root", str(site.root), "prebuild", "--out", str(out)]) == 0
    return out


def test_loaded_by_name_with_a_config_schema() -> None:
    md = markdown.Markdown(extensions=["handbook.hosts.markdown_ext"])
    assert any(isinstance(e, HandbookExtension) for e in md.registeredExtensions)
    assert {"hb_expand", "hb_symbols", "hb_finish"} <= {
        *md.preprocessors._data, *md.treeprocessors._data, *md.postprocessors._data
    }
    ext = markdown_ext.makeExtension(root="x", expand=False)
    assert ext.getConfig("root") == "x"
    assert ext.getConfig("expand") is False
    with pytest.raises(KeyError):
        markdown_ext.makeExtension(no_such_option=1)


@pytest.mark.parametrize("page", PAGES)
def test_python_markdown_alone_renders_the_page_as_mkdocs_does(site: Site, page: str) -> None:
    """Found by its text, expanded from the project, the page's HTML is the article MkDocs
    built: citations, references, related pages, backlinks, cards and symbol links."""
    text = (site.root / "docs" / page).read_text(encoding="utf-8")
    html = _convert(text, root=str(site.root))
    built = _article((site.root / "site" / page.replace(".md", ".html")).read_text("utf-8"))
    assert not _LEFT.search(html)
    assert html == built


def test_the_page_option_and_the_symbol_links(site: Site) -> None:
    text = (site.root / "docs/agencies/unhcr.md").read_text(encoding="utf-8")
    html = _convert(text + "\nSee A/63/215.\n", root=str(site.root), page="agencies/unhcr.md")
    assert "title: Office" not in html  # the front matter is left out
    assert 'class="hb-cite"' in html
    assert "<h2 id=\"references\">" in html
    assert '<a class="hb-symbol" href="../documents/a-63-215.html"' in html
    assert '<a class="hb-symbol" href="https://docs.un.org/en/E/CN.4/2003/74"' in html
    # On the document's own page its symbol is not linked to itself.
    doc = _convert("A/63/215 here.", root=str(site.root), page="documents/a-63-215.md")
    assert "hb-symbol" not in doc
    assert "A/63/215 here." in doc


def test_without_a_project_only_front_matter_is_left_out() -> None:
    html = _convert('---\ntitle: x\n---\n\nText {{ cite("a") }} and A/63/215.\n')
    assert html == '<p>Text {{ cite("a") }} and A/63/215.</p>'


def test_the_project_is_loaded_once_and_again_when_a_page_changes(site: Site, tmp_path: Path) -> None:
    store = ProjectStore()
    s = Site(tmp_path, FILES)
    first = store.get(s.root).project
    assert store.get(s.root).project is first
    page = s.root / "docs/agencies/unhcr.md"
    page.write_text(page.read_text("utf-8").replace("It protects", "It shields"), "utf-8")
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 10**9))
    second = store.get(s.root).project
    assert second is not first
    assert "It shields" in second.pages["agencies/unhcr.md"].source.body


def test_prebuild_writes_pages_navigation_and_symbols(site: Site, prebuilt: Path) -> None:
    from handbook.hosts.nav import build_nav

    cfg = yaml.safe_load((prebuilt / "mkdocs.yml").read_text("utf-8"))
    assert cfg["nav"] == build_nav(_load(site.root))
    assert [p for p in cfg["plugins"] if "handbook" in str(p)] == []
    assert {"handbook.hosts.markdown_ext": {"symbols": str(prebuilt / "handbook-symbols.json"),
                                           "expand": False}} in cfg["markdown_extensions"]
    for page in PAGES:
        text = (prebuilt / "docs" / page).read_text("utf-8")
        assert not _LEFT.search(text), page
        assert text.startswith("---\ntitle: ")


@pytest.mark.parametrize("page", PAGES)
def test_prebuilt_pages_render_as_mkdocs_does(site: Site, prebuilt: Path, page: str) -> None:
    text = (prebuilt / "docs" / page).read_text(encoding="utf-8")
    html = _convert(text, symbols=str(prebuilt / "handbook-symbols.json"), expand=False,
                    page=page)
    built = _article((site.root / "site" / page.replace(".md", ".html")).read_text("utf-8"))
    assert html == built


def test_prebuild_writes_nothing_for_a_project_the_strict_build_rejects(
    make_site: type[Site], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    s = make_site({"docs/agencies/unhcr.md": "---\ntitle: x\n---\n\n{{ cite('nowhere') }}\n"})
    out = tmp_path / "out"
    assert handbook(["--root", str(s.root), "prebuild", "--out", str(out)]) == 1
    err = capsys.readouterr()
    assert re.search(r"agencies/unhcr\.md:\d+: \[HB\d{3}\]", err.out), err
    assert "nothing written" in err.err
    assert not out.exists()


def _load(root: Path):  # type: ignore[no-untyped-def]
    from sitekit import load

    return load(root, docs_dir=root / "docs", bib_dir=root / "bibliography")


# ----------------------------------------------------------------- Zensical

zensical_only = pytest.mark.skipif(
    importlib.util.find_spec("zensical") is None,
    reason="Zensical is not installed (pip install -e '.[test]': zensical==0.0.73, the newest "
    "release whose dependencies the package registry has)",
)


def _zensical(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zensical", "build", "-c", "-f", str(config)],
        cwd=config.parent, env={**os.environ, "NO_COLOR": "1"}, capture_output=True,
        text=True, timeout=600, check=False,
    )


def _check_zensical_site(out: Path) -> None:
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 4
    left = {p.name: len(_LEFT.findall(p.read_text("utf-8"))) for p in pages}
    assert sum(left.values()) == 0, left
    unhcr = (out / "agencies/unhcr.html").read_text("utf-8")
    assert unhcr.count('class="hb-cite"') == 3
    assert '<h2 id="references">' in unhcr
    assert '<ul class="hb-related">' in unhcr  # the related pages
    assert '<a class="hb-symbol" href="../documents/a-63-215.html"' in unhcr
    assert '<a class="hb-symbol" href="https://docs.un.org/en/E/CN.4/2003/74"' in unhcr
    # The generated navigation: the chapters and their groups, as the MkDocs build has them
    # ("Other documents" is a group of the sources that only the engine's navigation makes).
    home = (out / "index.html").read_text("utf-8")
    nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
    for label in ("Principles", "Agencies", "Sources", "Other documents"):
        assert label in nav, label
    doc = (out / "documents/a-63-215.html").read_text("utf-8")
    assert "hb-citedby" in doc  # the backlinks of a cited paragraph


@zensical_only
def test_zensical_builds_the_prebuilt_site_with_no_raw_macro(prebuilt: Path) -> None:
    res = _zensical(prebuilt / "mkdocs.yml")
    assert res.returncode == 0, res.stdout + res.stderr
    assert "Traceback" not in res.stderr
    _check_zensical_site(prebuilt / "site")


@zensical_only
def test_zensical_builds_the_original_pages_with_the_extension(site: Site, prebuilt: Path) -> None:
    """No prebuilt pages: the extension expands each page, found by Zensical's page path."""
    cfg = yaml.safe_load((prebuilt / "mkdocs.yml").read_text("utf-8"))
    cfg["markdown_extensions"][-1] = {"handbook.hosts.markdown_ext": {"root": str(site.root)}}
    cfg["site_dir"] = "zensical-site"
    config = site.root / "zensical.yml"
    config.write_text(yaml.safe_dump(cfg), encoding="utf-8")
    res = _zensical(config)
    assert res.returncode == 0, res.stdout + res.stderr
    _check_zensical_site(site.root / "zensical-site")


def test_pages_not_in_nav_are_built_but_not_listed(tmp_path: Path) -> None:
    """mkdocs.yml's ``not_in_nav`` (the engineering notes) holds for the navigation the
    plugin generates and for the one prebuild writes."""
    from sitekit import MKDOCS_YML

    note = "---\ntitle: Engineering note\nsummary: A note.\n---\n\n# Engineering note\n\nText.\n"
    s = Site(tmp_path / "s", {"mkdocs.yml": MKDOCS_YML + "not_in_nav: |\n  /engineering/\n",
                              "docs/engineering/note.md": note})
    result = s.build()
    assert result.ok, result.log
    assert "Engineering note" in result.html("engineering/note.html")
    assert "engineering/note.html" not in result.html("index.html")
    assert "agencies/unhcr.html" in result.html("index.html")
    out = tmp_path / "out"
    assert handbook(["--root", str(s.root), "prebuild", "--out", str(out)]) == 0
    nav = (out / "mkdocs.yml").read_text("utf-8").split("\nnav:\n", 1)[1]
    assert "engineering/" not in nav
    assert "agencies/unhcr.md" in nav
    assert (out / "docs/engineering/note.md").exists()


def test_the_projects_diagnostics_are_reported_once_through_the_logger(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    s = Site(tmp_path, {"docs/agencies/unhcr.md": AGENCY.replace('"a-63-215"', '"nowhere"')})
    store = ProjectStore()
    text = (s.root / "docs/agencies/unhcr.md").read_text("utf-8")
    with caplog.at_level("INFO", logger="handbook"):
        for _ in range(2):
            _convert(text, root=str(s.root), store=store)
    found = [r.getMessage() for r in caplog.records if "[HB201]" in r.getMessage()]
    assert len(found) == 3, found  # the three citations, each once
    assert found[0].startswith("docs/agencies/unhcr.md:")
