"""Rebuilds in ``mkdocs serve`` reuse unchanged pages, and the site is the same as a full
build's: search index, backlinks, hover text, navigation and tags included."""

from __future__ import annotations

import io
import logging
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from sitekit import Site

from handbook.hosts.mkdocs_plugin import HandbookPlugin

ROOT = Path(__file__).resolve().parents[1]


class Server:
    """Builds the way ``mkdocs serve`` does: one ``on_startup("serve")``, then the config
    reloaded for every build while plugins that declare ``on_startup`` are kept."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.site = root / "served"
        cfg = load_config(str(root / "mkdocs.yml"), site_dir=str(self.site))
        cfg.plugins.on_startup(command="serve", dirty=False)
        self.plugin: HandbookPlugin = cfg.plugins["handbook"]  # type: ignore[assignment]
        assert self.plugin.render_cache is not None

    def build(self) -> tuple[dict[str, int], str]:
        stream = io.StringIO()
        handler = logging.StreamHandler(stream)
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        try:
            build(load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site)))
        finally:
            logger.removeHandler(handler)
        assert self.plugin.render_cache is not None
        assert self.plugin.search_entries is not None
        stats = dict(self.plugin.render_cache.stats) | self.plugin.search_entries.stats
        return stats, stream.getvalue()

    def full_build(self, out: Path) -> None:
        """A build without the cache (what ``mkdocs build`` makes), for comparison."""
        kept, self.plugin.render_cache = self.plugin.render_cache, None
        kept_search, self.plugin.search_entries = self.plugin.search_entries, None
        try:
            build(load_config(str(self.root / "mkdocs.yml"), site_dir=str(out)))
        finally:
            self.plugin.render_cache = kept
            self.plugin.search_entries = kept_search

    def close(self) -> None:
        # The plugin instance outlives this test (MkDocs keeps it for the process).
        self.plugin.render_cache = None
        self.plugin.search_entries = None


def differing(a: Path, b: Path) -> list[str]:
    out = []
    for p in sorted(a.rglob("*")):
        if p.is_file() and p.suffix in (".html", ".json", ".js", ".xml"):
            q = b / p.relative_to(a)
            if not q.is_file() or q.read_bytes() != p.read_bytes():
                out.append(p.relative_to(a).as_posix())
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("handbook")
    for name in ("docs", "bibliography", "overrides"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    srv = Server(root)
    stats, _ = srv.build()
    assert stats["page_hits"] == 0
    assert stats["page_misses"] > 100
    assert stats["search_hits"] == 0
    yield srv
    srv.close()


def _replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        p = root / path
        text = p.read_text(encoding="utf-8")
        assert old in text
        p.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


EDITS: list[tuple[str, Callable[[Path], None], Callable[[dict[str, int], int], bool]]] = [
    (
        "a sentence added to one page: only that page is rendered again",
        _replace(
            "docs/principles/principle-7.md",
            "\n## Text\n",
            "\n## Text\n\nA sentence added while editing.\n",
        ),
        # Material's search entries too: only the edited page is indexed again
        lambda st, n: st["page_misses"] == 1 and st["markdown_misses"] == 1
        and st["search_misses"] == 1 and st["search_hits"] > 100,
    ),
    (
        "a new cross-reference: the target's backlinks change too",
        _replace(
            "docs/principles/principle-7.md",
            "A sentence added while editing.",
            'A sentence added while editing, on {{ agency("iom") }}.',
        ),
        lambda st, n: 2 <= st["page_misses"] <= 5,
    ),
    (
        "a summary changed: the hover text of every link to the page changes",
        _replace(
            "docs/agencies/unhcr.md",
            "The UN refugee agency",
            "The United Nations refugee agency",
        ),
        lambda st, n: 2 < st["page_misses"] < n // 2,
    ),
    (
        "a title changed: the navigation changes, so every page is rendered again",
        _replace(
            "docs/agencies/unhcr.md",
            'title: "Office of the United Nations',
            'title: "The Office of the United Nations',
        ),
        lambda st, n: st["page_hits"] == 0 and st["markdown_hits"] > n // 2,
    ),
]


@pytest.mark.parametrize(("what", "edit", "expected"), EDITS, ids=[e[0] for e in EDITS])
def test_a_rebuild_after_an_edit_equals_a_full_build(
    server: Server,
    tmp_path: Path,
    what: str,
    edit: Callable[[Path], None],
    expected: Callable[[dict[str, int], int], bool],
) -> None:
    edit(server.root)
    stats, _ = server.build()
    total = stats["page_hits"] + stats["page_misses"]
    assert expected(stats, total), stats
    reference = tmp_path / "reference"
    server.full_build(reference)
    assert differing(reference, server.site) == []


def test_warnings_of_a_reused_page_are_logged_again(tmp_path: Path) -> None:
    """``mkdocs serve --strict`` must keep failing while a page still has a broken link."""
    site = Site(
        tmp_path,
        {
            "docs/notes.md": "---\ntitle: Notes\n---\n\nSee [the missing page](missing.md).\n",
            "docs/other.md": "---\ntitle: Other\n---\n\nSome text.\n",
        },
    )
    srv = Server(site.root)
    try:
        _, first = srv.build()
        assert "missing.md" in first
        _replace("docs/other.md", "Some text.", "Some edited text.")(site.root)
        stats, second = srv.build()
        assert stats["markdown_hits"] >= 1
        assert "missing.md" in second
        assert second.count("missing.md") == first.count("missing.md")
    finally:
        srv.close()


def test_a_one_off_build_does_not_keep_pages() -> None:
    plugin = HandbookPlugin()
    plugin.on_startup(command="build", dirty=False)
    assert plugin.render_cache is None
    plugin.on_startup(command="serve", dirty=True)
    assert plugin.render_cache is None  # --dirty: MkDocs skips pages itself
    plugin.on_startup(command="serve", dirty=False)
    assert plugin.render_cache is not None
