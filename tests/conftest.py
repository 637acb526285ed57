"""Fixtures shared by the tests; the site helpers live in ``sitekit``."""

from __future__ import annotations

from pathlib import Path

import pytest
from realsite import RealSite, real_site
from sitekit import Site


def pytest_configure(config: pytest.Config) -> None:
    # Builds keep their decoded bibliography in the user's cache folder; during the tests
    # that folder is a temporary one, so test projects leave nothing in the home folder.
    import os
    import tempfile

    # Playwright finds its own browsers (Ubuntu, scripts/ensure-browser-deps.sh) under the
    # cache folder too: keep it pointed at the real one.
    real_cache = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    os.environ.setdefault("PLAYWRIGHT_BROWSERS_PATH", os.path.join(real_cache, "ms-playwright"))
    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="handbook-test-cache-")


@pytest.fixture
def make_site(tmp_path: Path):  # type: ignore[no-untyped-def]
    def make(files: dict[str, str | bytes | None] | None = None, base: bool = True) -> Site:
        return Site(tmp_path, files, base)
    return make


@pytest.fixture(scope="session")
def real_handbook(tmp_path_factory: pytest.TempPathFactory) -> RealSite:
    """The real handbook built once for the whole run (read-only: copy it to write)."""
    return real_site(tmp_path_factory)


#: The files that take longest, started first: with ``-n`` (pytest-xdist, ``--dist
#: loadfile``), a long file started last would run alone at the end.
LONGEST_FIRST = ("test_hosted_runner.py", "test_pdf.py", "test_incremental.py",
                 "test_corpus.py", "test_pdf_cache.py", "test_hosts.py")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # (stable: the order within a file is kept)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regen-golden", action="store_true",
                     help="rewrite the golden HTML files from the current output")
