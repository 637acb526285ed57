"""Broken and hostile input: one tiny project per mistake, under tests/corpus/.

Each case folder is a complete MkDocs project (``mkdocs.yml``, ``docs/``, ``bibliography/``)
that is valid apart from one mistake, and an ``expected.txt`` with the diagnostic
headline(s) ``path:line: [HBnnn] message`` that ``handbook check`` must print, exactly and
nothing else (paths relative to the case folder). An empty ``expected.txt`` means the input
is accepted as it is: no diagnostic, ``check`` exits 0 and the strict build succeeds.

An optional ``expected-html.txt`` holds lines ``site/path.html: text`` whose text must be
in that built page (macros in tables, admonitions and footnotes render links; ``@string``
macros and crossref resolve).

For every case:

* ``handbook check --root CASE`` exits 1 (0 for accepted input) and prints exactly the
  expected headlines, each followed by ``expected:`` and ``fix:`` lines;
* ``mkdocs build --strict`` on a copy of the case fails (succeeds for accepted input) and
  its output contains the same headlines;
* no output contains a Python traceback;
* no source file changes, and the build writes nothing into the project.

Symbolic links in a case are copied as links (a link out of the project stays one). A case
whose mistakes are all in ``mkdocs.yml`` stops the builds at configuration: the strict build
fails, the lenient one too unless MkDocs only warns (HB403), and both print either the check's headline (HB402, from the handbook
plugin) or the text of MkDocs' own complaint that the check repeats (HB401, HB403; also
HB402 when MkDocs stops on the setting before the plugin is loaded).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handbook import cli

CORPUS = Path(__file__).resolve().parent / "corpus"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir() and (p / "expected.txt").is_file()) \
    if CORPUS.is_dir() else []
HEADLINE = re.compile(r"^(\S[^\n]*?):(\d+): \[(HB\d{3})\] (.*)$")
#: A diagnostic as the plugin logs it during the build.
LOGGED = re.compile(r"^(?:WARNING|INFO|ERROR)\s+-\s+handbook: (.+?:\d+: \[HB\d{3}\] .*)$")
#: Files of a case that are test metadata, not part of the project.
META = {"expected.txt", "expected-html.txt"}


def _ids(p: Path) -> str:
    return p.name


def snapshot(root: Path) -> dict[str, str]:
    """Every file under ``root`` (relative POSIX path) with the SHA-256 of its bytes; a
    symbolic link with its target (never followed)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            p = Path(dirpath) / name
            rel = p.relative_to(root).as_posix()
            if p.is_symlink():
                out[rel] = "-> " + os.readlink(p)
            elif p.is_file():
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def config_only(want: list[str]) -> bool:
    """Whether every expected mistake is in mkdocs.yml (the build stops at configuration)."""
    return bool(want) and all(h.startswith("mkdocs.yml:") for h in want)


def config_reported(headline: str, output: str) -> bool:
    """The build output reports the mkdocs.yml mistake: the headline, or MkDocs' own text
    that the check repeats."""
    if headline in output:
        return True
    m = HEADLINE.match(headline)
    assert m is not None
    message = m.group(4)
    for lead in ("MkDocs rejects the setting ", "mkdocs.yml is not valid YAML: "):
        if message.startswith(lead):
            text = message[len(lead):].split("': ", 1)[-1]
            return text in output
    # HB402 for a plugin MkDocs cannot load: MkDocs stops before the handbook plugin runs.
    return m.group(3) == "HB402" and "Aborted with a configuration error!" in output


def expected_headlines(case: Path) -> list[str]:
    text = (case / "expected.txt").read_text(encoding="utf-8")
    return [ln for ln in text.splitlines() if ln.strip()]


def expected_html(case: Path) -> list[tuple[str, str]]:
    f = case / "expected-html.txt"
    if not f.is_file():
        return []
    out = []
    for ln in f.read_text(encoding="utf-8").splitlines():
        if ln.strip():
            page, _, needle = ln.partition(": ")
            out.append((page, needle))
    return out


def diagnostics_blocks(out: str) -> list[list[str]]:
    """The printed diagnostics: each a headline followed by its indented lines."""
    blocks: list[list[str]] = []
    for ln in out.splitlines():
        if HEADLINE.match(ln):
            blocks.append([ln])
        elif ln.startswith("  ") and blocks:
            blocks[-1].append(ln)
    return blocks


def run_build(project: Path, site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", NO_COLOR="1", PYTHONWARNINGS="")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site), *extra],
        cwd=project, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_corpus_is_there() -> None:
    assert len(CASES) >= 40, f"expected the corpus under {CORPUS}"
    for case in CASES:
        assert (case / "mkdocs.yml").is_file(), case
        assert (case / "docs").is_dir(), case


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_check(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(case)
    want = expected_headlines(case)
    try:
        status = cli.main(["--root", str(case), "check"])
    except BaseException as exc:  # noqa: BLE001 - a crash is the failure we look for
        pytest.fail(f"handbook check crashed on {case.name}: {type(exc).__name__}: {exc}")
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    blocks = diagnostics_blocks(out)
    got = [b[0] for b in blocks]
    assert got == want, f"\n--- stdout ---\n{out}\n--- stderr ---\n{err}"
    for b in blocks:
        assert any(x.startswith("  expected: ") for x in b[1:]), b
        assert any(x.startswith("  fix: ") for x in b[1:]), b
    assert status == (1 if want else 0), out + err
    assert snapshot(case) == before, "handbook check changed the case's files"


@pytest.mark.parametrize("fmt", ["json", "github"])
@pytest.mark.parametrize("case", [c for c in CASES if c.name in (
    "yaml-tabs", "bib-unbalanced-braces", "not-utf8", "unknown-macro")], ids=_ids)
def test_check_other_formats(case: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The JSON and GitHub formats report the same diagnostics, without a traceback."""
    import json

    want = expected_headlines(case)
    status = cli.main(["--root", str(case), "check", "--format", fmt])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert status == 1
    if fmt == "json":
        got = [f"{d['path']}:{d['line']}: [{d['code']}] {d['message']}" for d in json.loads(out)]
        assert got == want
    else:
        assert len([ln for ln in out.splitlines() if ln.startswith("::")]) == len(want)


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_strict_build(case: Path, tmp_path: Path) -> None:
    before = snapshot(case)
    project = tmp_path / "project"
    site = tmp_path / "site"
    shutil.copytree(case, project, symlinks=True)
    for name in META:
        (project / name).unlink(missing_ok=True)
    copied = snapshot(project)
    want = expected_headlines(case)
    res = run_build(project, site)
    output = res.stdout + res.stderr
    assert "Traceback" not in output, output
    if config_only(want):
        assert res.returncode != 0, f"strict build succeeded despite {want}\n{output}"
        for headline in want:
            assert config_reported(headline, output), f"{headline!r} not reported:\n{output}"
    elif want:
        assert res.returncode != 0, f"strict build succeeded despite {want}\n{output}"
        for headline in want:
            assert headline in output, f"{headline!r} not in the build output:\n{output}"
        # The build reports what the check reports, and nothing else.
        found = sorted({m.group(1) for ln in output.splitlines()
                        for m in [LOGGED.search(ln)] if m})
        assert found == sorted(set(want)), output
    else:
        assert res.returncode == 0, output
        assert "[HB" not in output, output
        for page, needle in expected_html(case):
            html = (site / page).read_text(encoding="utf-8")
            assert needle in html, f"{needle!r} not in {page}"
    assert snapshot(project) == copied, "the build changed or added files in the project"
    assert snapshot(case) == before


#: Codes of mistakes in a macro call: the page still renders, with the call shown as an
#: error marker holding the editor's text (nothing lost).
MACRO_CODES = {"HB101", "HB102", "HB110", "HB111", "HB112", "HB113", "HB120", "HB201",
               "HB202"}


NOTE_CODES = {"HB031", "HB203", "HB214"}


@pytest.mark.parametrize("case", [c for c in CASES if expected_headlines(c)], ids=_ids)
def test_lenient_build(case: Path, tmp_path: Path) -> None:
    """Without --strict (as `mkdocs serve` builds), broken input still builds: exit 0, the
    same diagnostics logged, no traceback, and a broken macro call is kept visibly."""
    project = tmp_path / "project"
    site = tmp_path / "site"
    shutil.copytree(case, project, symlinks=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", NO_COLOR="1")
    res = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)],
                         cwd=project, env=env, capture_output=True, text=True, timeout=300,
                         check=False)
    output = res.stdout + res.stderr
    assert "Traceback" not in output, output
    want = expected_headlines(case)
    if config_only(want):
        # mkdocs.yml that MkDocs or the handbook refuses stops even a lenient build; what
        # MkDocs only warns about (HB403) stops the strict build alone.
        stops = any(HEADLINE.match(h).group(3) != "HB403" for h in want)  # type: ignore[union-attr]
        assert (res.returncode != 0) == stops, output
        for headline in want:
            assert config_reported(headline, output), output
        return
    if any("(links to folders are not followed)" in h for h in want):
        # A link to a folder stops the build before MkDocs would walk it.
        assert res.returncode != 0, output
    else:
        assert res.returncode == 0, output
    for headline in want:
        assert headline in output, output
    for headline in want:
        m = HEADLINE.match(headline)
        assert m is not None
        if m.group(3) in MACRO_CODES and m.group(1) == "docs/index.md":
            html = (site / "index.html").read_text(encoding="utf-8")
            # Notes (such as HB203) never mark the page; every error does, once.
            errors = [h for h in want if HEADLINE.match(h).group(3) not in NOTE_CODES]  # type: ignore[union-attr]
            assert html.count('class="hb-error"') == len(errors), html


def _one_page_project(root: Path, line: str) -> Path:
    """A copy of the unknown-macro case with line 9 of docs/index.md replaced."""
    project = root / "project"
    shutil.copytree(CORPUS / "unknown-macro", project)
    for name in META:
        (project / name).unlink(missing_ok=True)
    index = project / "docs" / "index.md"
    lines = index.read_text(encoding="utf-8").split("\n")
    assert lines[8].startswith("Also ")
    lines[8] = line
    index.write_text("\n".join(lines), encoding="utf-8")
    return project


@pytest.mark.parametrize("argument", [
    "-" * 1000 + "1",
    "+".join(["1"] * 400),
    "not " * 500 + "1",
], ids=["unary-minus", "sum", "not"])
def test_deep_expression_in_macro_is_diagnosed(argument: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A long expression as a macro argument (here under 2,100 characters, well below the
    10,000-character limit of a call) is an HB112, not a crash of the check."""
    project = _one_page_project(tmp_path, "Also {{ cite(" + argument + ") }}.")
    try:
        status = cli.main(["--root", str(project), "check"])
    except RecursionError as exc:
        pytest.fail(f"handbook check crashed: RecursionError: {exc}")
    out, err = capsys.readouterr()
    assert status == 1
    heads = [b[0] for b in diagnostics_blocks(out)]
    assert len(heads) == 1 and heads[0].startswith("docs/index.md:9: [HB112] "), out + err


def test_nested_braces_render_the_text_once(tmp_path: Path) -> None:
    """`{{ agency({{ agency("x") }}) }}` is reported (HB112); the lenient build must show
    the editor's text once, not the broken call and then its inner call and tail again."""
    case = CORPUS / "nested-macro-braces"
    project = tmp_path / "project"
    shutil.copytree(case, project)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", NO_COLOR="1")
    res = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir",
                          str(tmp_path / "site")], cwd=project, env=env, capture_output=True,
                         text=True, timeout=300, check=False)
    assert res.returncode == 0, res.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    para = re.search(r"<p>Also (.*?)</p>", html, re.S)
    assert para is not None
    import html as _html

    text = _html.unescape(re.sub(r"<[^>]+>", "", para.group(1)))
    # The editor's text appears exactly once: the outer and the inner call, as written.
    assert text.count('{{ agency({{ agency("x") }}) }}') == 1, text
    assert text.count("agency") == 2, text
