"""``handbook check`` keeps pages as read and scanned between runs; an edited page is read
again, and a bad or foreign cache file is ignored."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import Site

from handbook import cli
from handbook.cache import pages as pagecache
from handbook.core import registry as project


def fresh_process() -> None:
    """What a new ``handbook check`` process starts with: no page in memory."""
    project._READ_CACHE.clear()
    project._SAVED.clear()


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    fresh_process()
    code = cli.main(["--root", str(root), "check"])
    out, err = capsys.readouterr()
    return code, out + err


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path / "project")


def test_a_second_check_reads_no_page_again(site: Site) -> None:
    cache = pagecache.path_for(site.root)
    assert cache is not None
    fresh_process()
    first = project.Project.load(site.root, cache_file=cache)
    first.save_page_cache()
    assert cache.is_file()
    assert any(first._read_keys.values())
    fresh_process()
    second = project.Project.load(site.root, cache_file=cache)
    assert second._read_keys
    assert not any(second._read_keys.values())
    assert [d.format() for d in second.diagnostics] == [d.format() for d in first.diagnostics]
    assert second.refs == first.refs


def test_an_edited_page_is_read_again(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(site.root, capsys)
    assert code == 0, out
    page = site.root / "docs/principles/principle-1.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + '\nSee {{ agency("no-such-agency") }}.\n', encoding="utf-8")
    code, out = check(site.root, capsys)
    assert code == 1
    assert "docs/principles/principle-1.md" in out
    assert "no-such-agency" in out
    page.write_text(text, encoding="utf-8")
    code, out = check(site.root, capsys)
    assert code == 0, out


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05N."])
def test_a_bad_cache_file_is_ignored(
    site: Site, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    cache = pagecache.path_for(site.root)
    assert cache is not None
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(content)
    code, out = check(site.root, capsys)
    assert code == 0, out
    assert "Traceback" not in out


def test_no_cache_when_turned_off(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HANDBOOK_NO_CACHE", "1")
    assert pagecache.path_for(site.root) is None


def test_the_cache_is_outside_the_project(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.relative_to(site.root) for p in site.root.rglob("*"))
    check(site.root, capsys)
    check(site.root, capsys)
    assert sorted(p.relative_to(site.root) for p in site.root.rglob("*")) == before
    cache = pagecache.path_for(site.root)
    assert cache is not None
    assert site.root not in cache.parents
