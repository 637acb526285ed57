"""``handbook check`` keeps pages as read and scanned between runs, in JSON keyed by each
file's content; an edited page is read again (even when its time and size stay the same),
and a bad, foreign or planted cache file is ignored and never executed."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest
from sitekit import Site, load

import macros
from handbook import cli
from handbook.cache import pages as pagecache
from handbook.core.caches import Caches

NAMES = frozenset(macros.MACROS)


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(["--root", str(root), "check"])
    out, err = capsys.readouterr()
    return code, out + err


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path / "project")


def test_a_second_check_reads_no_page_again(site: Site) -> None:
    cache = pagecache.path_for(site.root)
    assert cache is not None
    first_caches = Caches()
    first = load(site.root, caches=first_caches)
    assert any(first_caches.used.values())
    pagecache.save(cache, first_caches, NAMES)
    assert cache.is_file()
    second_caches = Caches()  # what a new process starts with
    pagecache.load(cache, second_caches, NAMES)
    second = load(site.root, caches=second_caches)
    assert second_caches.used
    assert not any(second_caches.used.values())
    assert [d.format() for d in second.diagnostics] == [d.format() for d in first.diagnostics]
    assert second.refs == first.refs
    assert {k: e.meta for k, e in second.entities.items()} == {
        k: e.meta for k, e in first.entities.items()
    }


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


def test_an_edit_that_keeps_time_and_size_is_seen(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    page = site.root / "docs/principles/principle-1.md"
    code, out = check(site.root, capsys)
    assert code == 0, out
    st = page.stat()
    text = page.read_text(encoding="utf-8")
    changed = text.replace("Rights first", "Rigths first")
    assert changed != text and len(changed) == len(text)
    changed = changed.replace('cite("a-63-215", "para. 1")', 'cite("a-63-215", "para. 9")')
    assert len(changed.encode()) == st.st_size
    page.write_text(changed, encoding="utf-8")
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert page.stat().st_mtime_ns == st.st_mtime_ns
    code, out = check(site.root, capsys)
    assert code == 1, out
    assert "para. 9" in out


class _Bomb:
    """Unpickling this runs ``os.system``: what a planted cache file could do with pickle."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.system, (f"touch '{self.marker}'",))


@pytest.mark.parametrize(
    "content",
    [b"", b"not json", b'{"stamp": "x", "pages": 5}', b"BOMB", b"[" * 100_000],
    ids=["empty", "not-json", "foreign", "pickle-bomb", "deep"],
)
def test_a_bad_cache_file_is_ignored(
    site: Site,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    tmp_path: Path,
) -> None:
    cache = pagecache.path_for(site.root)
    assert cache is not None
    cache.parent.mkdir(parents=True, exist_ok=True)
    if content == b"BOMB":
        content = pickle.dumps(_Bomb(tmp_path / "PLANTED_RAN"))
    cache.write_bytes(content)
    code, out = check(site.root, capsys)
    assert code == 0, out
    assert "Traceback" not in out
    assert not (tmp_path / "PLANTED_RAN").exists()
    assert cache.read_bytes()[:1] == b"{"  # written again, as JSON


def test_a_planted_entry_for_other_content_is_not_used(
    site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    """An entry is used only for the exact bytes it was made from."""
    check(site.root, capsys)
    cache = pagecache.path_for(site.root)
    assert cache is not None
    page = site.root / "docs/principles/principle-1.md"
    page.write_text(page.read_text(encoding="utf-8").replace("number: 1", "number: 99"),
                    encoding="utf-8")
    code, out = check(site.root, capsys)
    assert code == 1 and "[HB013]" in out


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
