"""The site works with no network and tells no third party who reads it.

- Offline: the built site, zipped and unzipped elsewhere as a reader would receive it, opened
  from disk (file://), still searches.
- Privacy: visiting a sample of pages over http from a local server (and searching on one)
  makes no request to anything but the local server (or file:, data:, blob:, about:).
  Requests elsewhere are aborted by the test before they leave, and each one fails it.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
SAMPLE = [
    "index.html",
    "principles/principle-7.html",
    "agencies/unhcr.html",
    "documents/a-63-215.html",
    "bibliography.html",
    "editors/index.html",
]


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in LOCAL_HOSTS


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/x.js", "http://localhost/", "file:///tmp/a.html",
    "data:image/png;base64,AAAA", "blob:http://127.0.0.1:1/uuid", "http://[::1]:80/",
])
def test_is_local_accepts(url: str) -> None:
    assert is_local(url)


@pytest.mark.parametrize("url", [
    "https://fonts.googleapis.com/css?family=Roboto", "https://unpkg.com/lunr",
    "http://127.0.0.1.example.com/", "http://10.0.0.1/", "https://localhost.evil/",
])
def test_is_local_rejects(url: str) -> None:
    assert not is_local(url)


@pytest.fixture(scope="module")
def unzipped_site(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site as a reader receives it: one zip, unpacked into a fresh folder."""
    work = tmp_path_factory.mktemp("offline")
    archive = shutil.make_archive(str(work / "handbook"), "zip", root_dir=built_site)
    target = work / "unzipped"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(target)
    return target


def test_search_works_from_disk(browser: Any, ui: Any, unzipped_site: Path,
                                screenshots: Path) -> None:
    ctx = ui.new_context(browser)
    requests: list[str] = []
    ctx.on("request", lambda r: requests.append(r.url))
    # Nothing may leave the machine even when opened from disk.
    ctx.route(lambda url: not is_local(url), lambda route: route.abort())
    try:
        page = ctx.new_page()
        page.goto((unzipped_site / "index.html").as_uri())
        try:
            meta, results = ui.search(page, "UNHCR")
        except PlaywrightTimeoutError:
            ui.save_screenshot(page, screenshots, "offline-file-search-unhcr")
            outside = sorted({u for u in requests if not is_local(u)})
            pytest.fail(
                "opened from disk, search never finished initializing; the page asked for "
                f"(and was refused, being offline): {outside or 'nothing outside'}. Material's "
                "offline plugin loads its file:// Web Worker shim from unpkg.com unless "
                "extra.polyfills names a local copy of iframe-worker's shim",
                pytrace=False,
            )
        ui.save_screenshot(page, screenshots, "offline-file-search-unhcr")
        assert results, f"search from file:// found nothing for 'UNHCR': {meta!r}"
        root = unzipped_site.as_uri()
        for href, _ in results:
            assert href.startswith(root), f"a result points outside the unzipped site: {href}"
        # Following the first result opens a page of the unzipped site.
        page.locator(".md-search-result__item > a.md-search-result__link").first.click()
        page.wait_for_load_state()
        assert page.url.startswith(root)
        assert page.locator("article h1").first.inner_text().strip()
        outside = sorted({u for u in requests if not is_local(u)})
        assert not outside, "opened from disk, the site asked for:\n" + "\n".join(outside)
    finally:
        ctx.close()


def test_no_request_leaves_the_machine(browser: Any, server: Any, ui: Any) -> None:
    ctx = ui.new_context(browser)
    seen: list[tuple[str, str, str]] = []  # (page, resource type, url)
    current = {"page": ""}

    def record(request: Any) -> None:
        seen.append((current["page"], request.resource_type, request.url))

    ctx.on("request", record)
    ctx.route(lambda url: not is_local(url), lambda route: route.abort())
    try:
        page = ctx.new_page()
        page.on("websocket", lambda ws: seen.append((current["page"], "websocket", ws.url)))
        for path in SAMPLE:
            current["page"] = path
            page.goto(server.url(path), wait_until="load")
            page.wait_for_load_state("networkidle")
        # Search loads a worker, the index and the language files: all must be local too.
        current["page"] = "index.html (search)"
        page.goto(server.url("index.html"))
        ui.search(page, "UNHCR")
        page.wait_for_load_state("networkidle")
    finally:
        ctx.close()
    assert any(t == "document" for _, t, _ in seen), "no page request was recorded at all"
    outside = sorted({(p, t, u) for p, t, u in seen if not is_local(u)})
    assert not outside, "requests to non-local hosts:\n" + "\n".join(
        f"  on {p}: {t} {u}" for p, t, u in outside
    )
    # The search actually ran on the server's files (index and worker were requested).
    urls = {u for _, _, u in seen}
    assert any("search_index" in u for u in urls) or any("workers/search" in u for u in urls)
