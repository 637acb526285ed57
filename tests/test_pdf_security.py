"""A hostile page reaches nothing past the site (issue #13, class 1): the PDF stage fetches
only image files inside the built site and data: images, embeds no attachment, opens no
network connection and no file elsewhere, and says which page tried (``--strict`` exits 1).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from pdfkit import norm, pdftotext, two_chapter_site

from handbook import pdf

TOKEN = "HB-SECRET-7f3a9c"  # in the canary file and in the build's environment
PASSWD_LINE = "root:x:0:0:"


def _hostile(secret: Path) -> str:
    s = secret.as_uri()
    return f"""
<p>Before the hostile part.</p>
<link rel="attachment" href="file:///proc/self/environ">
<link rel="attachment" href="{s}">
<link rel="stylesheet" href="file:///etc/passwd">
<a rel="attachment" href="{s}">an attachment link</a>
<img src="file:///etc/passwd" alt="passwd image">
<img src="{s}" alt="secret image">
<img src="/etc/passwd" alt="absolute image">
<img src="../../../../../../../../etc/passwd" alt="dotdot image">
<img src="../img/leak.png" alt="symlink image">
<img src="http://127.0.0.1:9/tracker.png" alt="network image">
<img src="data:text/html;base64,PGgxPng8L2gxPg==" alt="data html">
<p style="background: url(file:///etc/passwd)">styled paragraph</p>
<style>@import url("file:///etc/passwd"); @font-face {{ font-family: X; src: url({s}); }}
p {{ background-image: url(http://127.0.0.1:9/bg.png); }}</style>
<object data="file:///etc/passwd">object fallback</object>
<embed src="{s}">
<iframe src="file:///proc/self/environ"></iframe>
<svg width="10" height="10"><image href="{s}" width="10" height="10"/></svg>
<base href="file:///etc/">
<meta http-equiv="refresh" content="0;url=file:///etc/passwd">
<video poster="{s}"><source src="{s}"></video>
<plaintext>plain text stays</plaintext>
<p>After the hostile part.</p>
"""


@pytest.fixture
def hostile_site(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(f"{TOKEN} the build machine's secrets\n", encoding="utf-8")
    site = two_chapter_site(tmp_path / "site", extra=_hostile(secret))
    (site / "img").mkdir()
    (site / "img" / "leak.png").symlink_to(secret)
    return site


def _pdf_bytes_and_text(path: Path) -> tuple[bytes, str]:
    """The raw PDF with every compressed stream inflated, and its text."""
    raw = path.read_bytes()
    inflated = [raw]
    for m in re.finditer(rb"stream\r?\n", raw):
        try:
            inflated.append(zlib.decompressobj().decompress(raw[m.end() : m.end() + 4_000_000]))
        except zlib.error:
            continue
    return b"\n".join(inflated), pdftotext(path)


def _assert_clean(path: Path) -> None:
    from pypdf import PdfReader

    data, text = _pdf_bytes_and_text(path)
    for needle in (TOKEN, PASSWD_LINE):
        assert needle.encode() not in data, f"{path.name} holds {needle!r}"
        assert needle not in text
    assert os.environ.get("PATH", "/usr/bin").encode() not in data  # no environment
    reader = PdfReader(path)
    assert not reader.attachments, f"{path.name} embeds files: {list(reader.attachments)}"
    assert b"/EmbeddedFile" not in data
    assert b"/FileAttachment" not in data
    assert b"/JavaScript" not in data
    assert b"/Launch" not in data


def test_hostile_page_leaks_nothing_and_strict_fails_naming_the_page(
    hostile_site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pdf"
    code = pdf.main(
        [
            "--site",
            str(hostile_site),
            "--out",
            str(out),
            "--jobs",
            "1",
            "--strict",
            "--cache",
            str(tmp_path / "cache"),
        ]  # fmt: skip
    )
    err = capsys.readouterr().err
    assert code == 1, "hostile content must fail --strict"
    for name in ("principles", "handbook"):
        _assert_clean(out / f"{name}.pdf")
    warnings = [line for line in err.splitlines() if "warning:" in line]
    page = "principles/p-1.html"
    for what in ("<link>", "<object>", "<embed>", "<iframe>", "<base>", "<meta>", "<video>",
                 "<style>", "<image>", "image 'file:///etc/passwd'", "'../img/leak.png'",
                 "tracker.png", "data:text/html", "style="):  # fmt: skip
        found = [w for w in warnings if page in w and what in w]
        assert found, f"nothing said about {what}: {warnings}"
    text = norm(pdftotext(out / "principles.pdf"))
    # The page itself is kept: the text around the hostile part, fallbacks, alt texts.
    assert "Before the hostile part." in text
    assert "After the hostile part." in text
    assert "plain text stays" in text
    assert "an attachment link" in text
    assert "symlink image" in text  # the refused image's alt text


def test_hostile_page_opens_no_file_outside_the_site_and_no_socket(
    hostile_site: Path, tmp_path: Path
) -> None:
    """An audit hook records every file opened and every connection tried during a build
    (one process, so the hook sees everything)."""
    out, cache, log = tmp_path / "pdf", tmp_path / "cache", tmp_path / "audit.json"
    script = f"""
import json, sys
opened, sockets = [], []
def hook(event, args):
    if event == "open" and args and isinstance(args[0], (str, bytes)):
        opened.append(str(args[0]))
    elif event.startswith(("socket.", "urllib.")):
        sockets.append(event + " " + repr(args)[:200])
sys.addaudithook(hook)
from pathlib import Path
from handbook import pdf
pdf.build_pdfs(Path({str(hostile_site)!r}), Path({str(out)!r}), version="1", date="d",
               jobs=1, cache_dir=Path({str(cache)!r}))
Path({str(log)!r}).write_text(json.dumps({{"opened": opened, "sockets": sockets}}))
"""
    scratch = tmp_path / "tmp"  # the temporary folder of the build (tempfile probes it)
    scratch.mkdir()
    env = {**os.environ, "HANDBOOK_TEST_SECRET": TOKEN, "TMPDIR": str(scratch)}
    proc = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    audit = json.loads(log.read_text())
    assert audit["sockets"] == [], audit["sockets"]
    allowed = [
        os.path.realpath(p)
        for p in (hostile_site, out, cache, scratch, sys.prefix, sys.base_prefix, sys.exec_prefix)
    ]
    # The system's fonts, libraries, fontconfig cache, time zone and MIME types.
    allowed += ["/usr/", "/etc/fonts/", "/var/cache/fontconfig/", "/dev/null", "/etc/localtime",
                "/etc/mime.types"]  # fmt: skip
    allowed += [os.path.expanduser("~/.cache/fontconfig"), str(Path(pdf.__file__).parents[2])]
    outside = []
    for path in audit["opened"]:
        real = os.path.realpath(path)
        if not any(real == a or real.startswith(a.rstrip("/") + "/") or real.startswith(a)
                   for a in allowed):  # fmt: skip
            outside.append(path)
    assert outside == [], f"files opened outside the site: {outside}"
    for leak in ("/etc/passwd", "/proc/self/environ", str(tmp_path / "outside")):
        assert not [p for p in audit["opened"] if os.path.realpath(p).startswith(leak)]
    _assert_clean(out / "principles.pdf")
    data, _ = _pdf_bytes_and_text(out / "handbook.pdf")
    assert TOKEN.encode() not in data


def test_the_fetcher_serves_only_images_inside_the_site(tmp_path: Path) -> None:
    from handbook.pdf.typeset import Refusals, make_fetcher

    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    (site / "img" / "ok.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    (site / "page.html").write_text("<p>x</p>")
    (tmp_path / "outside.png").write_bytes(b"\x89PNG secret")
    (site / "img" / "link.png").symlink_to(tmp_path / "outside.png")
    refusals = Refusals()
    fetch = make_fetcher(site, refusals)
    assert fetch((site / "img" / "ok.png").as_uri()).read().startswith(b"\x89PNG")
    assert fetch("data:image/png;base64,iVBORw0KGgo=").read() == b"\x89PNG\r\n\x1a\n"
    for url in (
        (site / "img" / "link.png").as_uri(),  # a symlink out of the site
        (site / "img" / ".." / ".." / "outside.png").as_uri(),
        (site / "page.html").as_uri(),  # inside, but not an image
        "file:///etc/passwd",
        "file:///proc/self/environ",
        "file://otherhost/etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.org/x.png",
        "ftp://example.org/x",
        "data:text/html,<script>x</script>",
    ):
        with pytest.raises(ValueError, match="refused"):
            fetch(url)
    assert len(refusals.urls) == 10


def test_deep_nesting_is_flattened_not_a_crash(tmp_path: Path) -> None:
    deep = "<ul><li>" * 900 + "deep item" + "</li></ul>" * 900
    site = two_chapter_site(tmp_path / "site", extra=deep)
    [result] = pdf.build_pdfs(site, tmp_path / "pdf", ["principles"], version="1", date="d",
                              jobs=1, cache_dir=None)  # fmt: skip
    assert "deep item" in pdftotext(result.path)
    assert any("nested more than" in w and "principles/p-1.html" in w for w in result.warnings)
