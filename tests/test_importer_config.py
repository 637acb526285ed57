"""Hostile and broken source configurations: `handbook import` and `handbook check` on each.

A tiny project (one seed, one document) is broken in one way per case: a traversal in an id
or a seed, a symlinked seed, a missing key, a wrong type, a YAML tag, an alias bomb, an
unknown key, a huge file... For every case:

* ``handbook import`` exits 1 and prints exactly the expected ``path:line: [HBnnn] message``
  headlines, each followed by ``expected:`` and ``fix:`` lines, and no traceback;
* nothing is written or changed anywhere under the test folder (project and the "outside"
  folder next to it), and nothing is read into the project from outside;
* ``handbook check`` reports the same headlines and exits 1 (except for the output-folder
  cases, which concern only the import, and HB311, found only by rendering the text).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sitekit import MKDOCS_YML

from handbook import importer
from handbook.core.diagnostics import CODES

SEED = """\
STATEMENT BY SOMEBODY

Mr. President,

The first paragraph of the statement speaks about trafficking in persons.¹

¹ A note on the first paragraph.

The second paragraph ends here.

Thank you.
"""

CONFIG = """\
defaults:
  kind: document
  language: en

documents:
  - id: stmt-one
    seed: one.txt
    lines: [1, 11]
    title: "Statement by Somebody, General Assembly thematic debate, 3 June 2008"
    summary: A short statement.
    group: statements
    options:
      body_from: 3

corrections:
  - {doc: stmt-one, source: "speaks about", correction: "speaks of", reason: "a test"}
"""
Y = "sources/documents.yaml"


def project(root: Path) -> Path:
    """The valid base project, with a secret file next to it ("outside" the project)."""
    (root / "outside").mkdir(parents=True)
    (root / "outside" / "secret.txt").write_text("SECRET\n", encoding="utf-8")
    proj = root / "proj"
    (proj / "sources" / "seeds").mkdir(parents=True)
    (proj / "docs").mkdir()
    (proj / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (proj / "docs" / "index.md").write_text("---\ntitle: Home\n---\n\n# Home\n", encoding="utf-8")
    (proj / "sources" / "seeds" / "one.txt").write_text(SEED, encoding="utf-8")
    (proj / Y).write_text(CONFIG, encoding="utf-8")
    return proj


def edit(old: str, new: str) -> Callable[[Path], None]:
    """A case that replaces ``old`` by ``new`` in the configuration."""

    def apply(proj: Path) -> None:
        text = (proj / Y).read_text(encoding="utf-8")
        assert old in text, old
        (proj / Y).write_text(text.replace(old, new), encoding="utf-8")

    return apply


def write(rel: str, data: str | bytes) -> Callable[[Path], None]:
    def apply(proj: Path) -> None:
        path = proj / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")

    return apply


def symlink(rel: str, target: str) -> Callable[[Path], None]:
    def apply(proj: Path) -> None:
        path = proj / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()
        path.symlink_to(target)

    return apply


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(proj: Path) -> None:
        for step in steps:
            step(proj)

    return apply


def fifo(rel: str) -> Callable[[Path], None]:
    def apply(proj: Path) -> None:
        os.mkfifo(proj / rel)

    return apply


ALIAS_BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
    "documents: [*i]\n"
)

# name -> (how the base project is broken, expected headlines, reported by check too)
CASES: dict[str, tuple[Callable[[Path], None], list[str], bool]] = {
    "traversal-in-id": (
        edit("id: stmt-one", "id: ../../outside/pwned"),
        # (the correction naming 'stmt-one' is not judged while the documents are invalid)
        [f"{Y}:6: [HB307] the id of document 1 '../../outside/pwned' is not valid"],
        True,
    ),
    "traversal-in-seed": (
        edit("seed: one.txt", "seed: ../../outside/secret.txt"),
        [f"{Y}:7: [HB309] seed '../../outside/secret.txt' is not a plain file name"],
        True,
    ),
    "absolute-seed": (
        edit("seed: one.txt", "seed: /etc/passwd"),
        [f"{Y}:7: [HB309] seed '/etc/passwd' is not a plain file name"],
        True,
    ),
    "symlinked-seed": (
        both(
            symlink("sources/seeds/link.txt", "../../../outside/secret.txt"),
            edit("seed: one.txt", "seed: link.txt"),
        ),
        [f"{Y}:7: [HB309] seed 'link.txt' is a symlink to a file outside sources/seeds/"],
        True,
    ),
    "seed-is-a-fifo": (
        both(fifo("sources/seeds/pipe.txt"), edit("seed: one.txt", "seed: pipe.txt")),
        [f"{Y}:7: [HB309] seed 'pipe.txt' is not a regular file"],
        True,
    ),
    "missing-seed": (
        edit("seed: one.txt", "seed: onr.txt"),
        [f"{Y}:7: [HB309] seed 'onr.txt' does not exist Did you mean 'one.txt'?"],
        True,
    ),
    "missing-field": (
        edit("    seed: one.txt\n", ""),
        [f"{Y}:6: [HB305] required key 'seed' is missing in document 'stmt-one'"],
        True,
    ),
    "missing-title": (
        edit('    title: "Statement by Somebody, General Assembly thematic debate, 3 June 2008"\n', ""),
        [f"{Y}:6: [HB305] required key 'title' is missing in document 'stmt-one'"],
        True,
    ),
    "wrong-type-lines": (
        edit("lines: [1, 11]", 'lines: "1-11"'),
        [f"{Y}:8: [HB306] 'lines' of document 'stmt-one' is the text '1-11', not a list"],
        True,
    ),
    "wrong-type-option": (
        edit("body_from: 3", "body_from: three"),
        [
            f"{Y}:13: [HB306] a line number in option 'body_from' of document 'stmt-one' is "
            "the text 'three', not a whole number"
        ],
        True,
    ),
    "line-outside-seed": (
        edit("lines: [1, 11]", "lines: [1, 99999]"),
        [f"{Y}:8: [HB307] the last line of document 'stmt-one' is 99999, out of range"],
        True,
    ),
    "yaml-tag": (
        edit(
            'title: "Statement by Somebody, General Assembly thematic debate, 3 June 2008"',
            'title: !!python/object/apply:os.system ["touch PWNED"]',
        ),
        [
            f"{Y}:9: [HB302] YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is "
            "not allowed in this file",
            f"{Y}:9: [HB306] 'title' is a list, not text",
        ],
        True,
    ),
    "alias-bomb": (
        write(Y, ALIAS_BOMB),
        # each anchor and alias reported where it is (the lists are never expanded), and
        # the top-level keys a ... i are not keys of the file
        sorted(
            [f"{Y}:{n}: [HB302] YAML anchor '&{c}' is not allowed in this file"
             for n, c in enumerate("abcdefghi", start=1)]
            + [f"{Y}:{n}: [HB302] YAML alias '*{c}' is not allowed in this file"
               for n, c in enumerate("abcdefghi", start=2)]
            + [f"{Y}:{n}: [HB304] unknown key '{c}' in {Y}"
               for n, c in enumerate("abcdefghi", start=1)]
            + [f"{Y}:10: [HB306] document 1 is empty, not a mapping of 'key: value' lines"],
            key=lambda h: (int(h.split(":")[1]), h.split("[")[1][:5], "alias" in h),
        ),
        True,
    ),
    "unknown-key": (
        edit("    seed: one.txt\n", "    seed: one.txt\n    sumary: typo\n"),
        [f"{Y}:8: [HB304] unknown key 'sumary' in document 'stmt-one'"],
        True,
    ),
    "unknown-option": (
        edit("body_from: 3", "body_from: 3\n      numberd: true"),
        [f"{Y}:14: [HB304] unknown key 'numberd' in the options of document 'stmt-one'"],
        True,
    ),
    "theme-key": (
        edit("group: statements", "group: statements\n    template: redirect.html"),
        [f"{Y}:12: [HB304] unknown key 'template' in document 'stmt-one'"],
        True,
    ),
    "huge-config": (
        write(Y, CONFIG + "# " + "x" * (1024 * 1024) + "\n"),
        [f"{Y}:1: [HB303] {Y} is 1,048,956 bytes, over the limit of 1,048,576"],
        True,
    ),
    "huge-seed": (
        write("sources/seeds/one.txt", SEED + ("word " * 900_000) + "\n"),
        [f"{Y}:7: [HB303] seed 'one.txt' is 4,500,196 bytes, over the limit of 4,194,304"],
        True,
    ),
    "deep-nesting": (
        write(Y, "documents: " + "[" * 40 + "]" * 40 + "\n"),
        [
            f"{Y}:1: [HB303] the YAML is nested more than 16 levels deep",
            f"{Y}:1: [HB306] document 1 is a list, not a mapping of 'key: value' lines",
        ],
        True,
    ),
    "very-deep-nesting": (  # refused by the YAML parser itself, without recursion
        write(Y, "documents: " + "[" * 100_000 + "]" * 100_000 + "\n"),
        [f"{Y}:1: [HB301] the file is not valid YAML: exceeded maximum nesting depth"],
        True,
    ),
    "not-yaml": (
        edit("lines: [1, 11]", "lines: [1, 11"),
        [
            f"{Y}:8: [HB301] the file is not valid YAML: did not find expected ',' or ']' "
            "(noticed on line 9)"
        ],
        True,
    ),
    "line-break-in-title": (
        edit(
            'title: "Statement by Somebody, General Assembly thematic debate, 3 June 2008"',
            'title: "Statement\\n<script>alert(1)</script>"',
        ),
        [f"{Y}:9: [HB307] 'title' contains a line break or a control character"],
        True,
    ),
    "anchor-injection": (
        edit("body_from: 3", "body_from: 3\n      anchors: {3: 'x\" onclick=\"alert(1)'}"),
        [
            f"{Y}:14: [HB307] an anchor in option 'anchors' of document 'stmt-one' "
            "'x\" onclick=\"alert(1)' is not valid"
        ],
        True,
    ),
    "duplicate-id": (
        edit(
            "\ncorrections:",
            "  - id: stmt-one\n    seed: one.txt\n    lines: [1, 5]\n    title: T\n"
            "    summary: S.\n\ncorrections:",
        ),
        [f"{Y}:14: [HB308] document id 'stmt-one' is already used on line 6"],
        True,
    ),
    "seed-not-utf8": (
        write("sources/seeds/one.txt", b"Mr. President,\n\nCaf\xe9 society.\n" * 4),
        [
            "sources/seeds/one.txt:3: [HB003] file is not UTF-8 (byte 0xe9 at offset 19)",
        ],
        True,
    ),
    "config-symlink-out": (
        symlink(Y, "../../outside/secret.txt"),
        [f"{Y}:1: [HB309] {Y} is a symlink to a file outside the project"],
        True,
    ),
    "correction-not-found": (
        edit('source: "speaks about"', 'source: "talks about"'),
        [f"{Y}:16: [HB311] correction 'talks about' is not found in the text of 'stmt-one'"],
        False,  # found by rendering the text: `handbook import` reports it, not the check
    ),
    "symlinked-output-folder": (
        symlink("docs/documents", "../../outside"),
        ["docs/documents:1: [HB310] docs/documents is a symlink"],
        False,
    ),
    "symlinked-output-page": (
        symlink("docs/documents/stmt-one.md", "../../../outside/secret.txt"),
        [
            "docs/documents/stmt-one.md:1: [HB310] docs/documents/stmt-one.md is a symlink; "
            "the importer does not write through links"
        ],
        False,
    ),
    "hand-written-page": (
        write("docs/documents/stmt-one.md", "---\ntitle: Mine\nsummary: Mine.\n---\n\nText.\n"),
        [
            "docs/documents/stmt-one.md:1: [HB310] docs/documents/stmt-one.md exists and was "
            "not written by the importer; it is not overwritten"
        ],
        False,
    ),
}


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under ``root``: files by content hash, links by target."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_symlink():
            out[rel] = "-> " + os.readlink(p)
        elif p.is_file():
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
        elif p.is_dir():
            out[rel] = "dir"
        else:
            out[rel] = "special"
    return out


def run(proj: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "handbook.cli", "--root", str(proj), *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=proj.parent,
        check=False,
    )


def headlines(out: str) -> list[str]:
    return [ln for ln in out.splitlines() if ": [HB" in ln and not ln.startswith(" ")]


def test_every_source_code_has_a_case() -> None:
    codes = {c for c in CODES if c.startswith("HB3")}
    covered = {h.split("[", 1)[1][:5] for _, want, _ in CASES.values() for h in want}
    assert codes <= covered


def test_the_base_project_imports_and_checks(tmp_path: Path) -> None:
    proj = project(tmp_path)
    assert importer.validate_config(proj) == []
    result = run(proj, "import")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (proj / "docs" / "documents" / "stmt-one.md").read_text(encoding="utf-8")
    assert '<span class="hb-pn" id="pass-1">¶ 1</span> Mr. President,' in page
    assert "speaks of" in page
    check = run(proj, "check")
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_configuration(tmp_path: Path, name: str) -> None:
    breaks, want, in_check = CASES[name]
    proj = project(tmp_path)
    breaks(proj)
    before = snapshot(tmp_path)
    t0 = time.perf_counter()
    result = run(proj, "import")
    elapsed = time.perf_counter() - t0
    out = result.stdout + result.stderr
    assert "Traceback" not in out
    assert result.returncode == 1, out
    assert headlines(result.stdout) == want, out
    lines = result.stdout.splitlines()
    for i, ln in enumerate(lines):
        if ln in want:
            assert lines[i + 1].startswith("  expected: "), ln
            assert lines[i + 2].startswith("  fix: "), ln
    assert "nothing written" in result.stderr
    assert snapshot(tmp_path) == before  # nothing written, changed or removed anywhere
    assert "SECRET" not in out
    assert elapsed < 20, elapsed
    if in_check:
        check = run(proj, "check")
        assert "Traceback" not in check.stdout + check.stderr
        assert check.returncode == 1
        for h in want:
            assert h in check.stdout, (h, check.stdout)
        assert importer.validate_config(proj)
    assert snapshot(tmp_path) == before


def test_alias_bomb_stays_small(tmp_path: Path) -> None:
    """Nine levels of nine aliases would be 387 million items; the reader keeps none."""
    import tracemalloc

    proj = project(tmp_path)
    write(Y, ALIAS_BOMB)(proj)
    tracemalloc.start()
    t0 = time.perf_counter()
    diagnostics = importer.validate_config(proj)
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert diagnostics
    assert elapsed < 2
    assert peak < 5 * 1024 * 1024


def test_hostile_seed_text_is_escaped(tmp_path: Path) -> None:
    """Raw HTML, attribute lists, images, javascript: links, macros and fences in a seed
    reach the page as text, never as markup."""
    proj = project(tmp_path)
    hostile = (
        "Mr. President,\n\n"
        'A <span onmouseover="alert(1)">span</span> and <script>alert(2)</script> here.\n\n'
        "An attribute list {: onclick=\"alert(3)\" } and {{ cite('x') }} and {% raw %}.\n\n"
        "A [link](javascript:alert(4)) and ![image](http://example.org/t.png) and "
        "[ok](https://example.org/).\n\n"
        "~~~\n\n"
        "[ref]: javascript:alert(5)\n\n"
        "<!-- a comment that never closes\n"
    )
    write("sources/seeds/one.txt", hostile)(proj)
    edit("lines: [1, 11]", f"lines: [1, {hostile.count(chr(10)) + 1}]")(proj)
    edit("body_from: 3", "body_from: 1")(proj)
    edit(CONFIG[CONFIG.index("corrections:") :], "corrections: []\n")(proj)
    result = importer.import_all(proj)
    assert result.ok, result.diagnostics
    page = (proj / "docs" / "documents" / "stmt-one.md").read_text(encoding="utf-8")
    body = page.split("---\n", 2)[2]
    assert "<script" not in body
    assert "onmouseover=" not in body.replace("&lt;span onmouseover=", "")
    assert "<span onmouseover" not in body
    assert "{:" not in body
    assert "{{" not in body
    assert "{%" not in body
    assert "](javascript:" not in body
    assert "![" not in body
    assert "](https://example.org/)" in body
    assert "\n~~~" not in body
    assert "\n[ref]:" not in body
    assert "<!--" not in body
