"""The GitHub workflows and the scripts they run, checked as far as can be shown offline.

- actionlint (the maintained fork's wheel, with ShellCheck on the ``run:`` scripts) and the
  GitHub-workflow JSON schema vendored by check-jsonschema find nothing in
  ``.github/workflows/``. Actions are pinned to commits, which actionlint cannot look up
  offline, so it also lints a copy with each pin replaced by the major version its comment
  names; a control workflow shows that it knows the inputs of every action used.
- The threat model holds: no trigger that runs a fork's code with the base repository's
  token, a read-only token wherever the repository's code runs, no credentials left in the
  checkout, nothing interpolated into a shell script.
- ShellCheck finds nothing in scripts/ and .ci/run.
- ``scripts/pr_summary.py`` writes the job summary: read back through cmark-gfm, GitHub's own
  Markdown library, it shows the counts, the preview links and every diagnostic, and a
  hostile diagnostic stays text.
- ``handbook check --format github`` cannot be made to print a second workflow command.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
SUMMARY = ROOT / "scripts" / "pr_summary.py"

PIN = re.compile(
    r"^(?P<lead>\s*-?\s*uses:\s*)(?P<action>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)"
    r"@(?P<sha>[0-9a-f]{40})\s+#\s+(?P<version>v(?P<major>\d+)(?:\.\d+)*)\s*$"
)


def tool(name: str) -> str:
    """A linter installed with the test dependencies, next to this Python."""
    path = BIN / name
    assert path.is_file(), f"{name} is missing: pip install -e '.[test]'"
    return str(path)


def run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(
        args, capture_output=True, text=True, timeout=120, check=False, env=env, **kwargs
    )


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def triggers(wf: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as the boolean True.
    on = wf.get("on", wf.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict)
    return on


def steps(wf: dict[Any, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(job_id, step) for job_id, job in wf["jobs"].items() for step in job["steps"]]


def test_there_are_workflows() -> None:
    assert {p.name for p in WORKFLOWS} == {"publish.yml", "pull-request.yml"}


# ---------------------------------------------------------------------------------------
# Linters


def test_actionlint_finds_nothing() -> None:
    proc = run([tool("actionlint"), "-no-color", *map(str, WORKFLOWS)], cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout == ""


def test_actionlint_runs_shellcheck_on_run_scripts(tmp_path: Path) -> None:
    # Control: the run: scripts are really checked (ShellCheck is found on PATH).
    wf = tmp_path / "wf.yml"
    wf.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - run: echo $UNQUOTED\n",
        encoding="utf-8",
    )
    proc = run([tool("actionlint"), "-no-color", str(wf)], cwd=tmp_path)
    assert proc.returncode == 1
    assert "SC2086" in proc.stdout


def unpinned(text: str) -> str:
    """The workflow with each ``owner/repo@<sha> # vX.Y.Z`` as ``owner/repo@vX``."""
    return "\n".join(
        (f"{m['lead']}{m['action']}@v{m['major']}" if (m := PIN.match(line)) else line)
        for line in text.splitlines()
    )


def test_actionlint_checks_the_pinned_actions_by_their_version(tmp_path: Path) -> None:
    copies = []
    for path in WORKFLOWS:
        copy = tmp_path / path.name
        copy.write_text(unpinned(path.read_text(encoding="utf-8")) + "\n", encoding="utf-8")
        assert "@v" in copy.read_text(encoding="utf-8")
        copies.append(str(copy))
    proc = run([tool("actionlint"), "-no-color", *copies], cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_knows_the_inputs_of_every_action_used(tmp_path: Path) -> None:
    """Without this, the check above could pass only because actionlint knew nothing of
    the actions (it is silent about actions it has no metadata for)."""
    used = sorted(
        {
            f"{m['action']}@v{m['major']}"
            for path in WORKFLOWS
            for line in path.read_text(encoding="utf-8").splitlines()
            if (m := PIN.match(line))
        }
    )
    assert len(used) >= 5
    control = tmp_path / "control.yml"
    body = "".join(
        f"      - uses: {action}\n        with:\n          not-an-input: x\n" for action in used
    )
    control.write_text(
        f"on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n{body}",
        encoding="utf-8",
    )
    proc = run([tool("actionlint"), "-no-color", "-format", "{{json .}}", str(control)])
    reported = {
        m[1] for e in json.loads(proc.stdout or "[]")
        if (m := re.search(r'input "not-an-input" is not defined in action "([^"]+)"', e["message"]))
    }
    assert reported == set(used), proc.stdout


def test_github_workflow_schema_accepts_the_workflows() -> None:
    proc = run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
         *map(str, WORKFLOWS)]
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_github_workflow_schema_rejects_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    stepz: []\n")
    proc = run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(broken)]
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr


def test_shellcheck_finds_nothing_in_the_scripts() -> None:
    scripts = [*sorted(str(p) for p in (ROOT / "scripts").glob("*.sh")), str(ROOT / ".ci/run")]
    proc = run([tool("shellcheck"), "-x", *scripts], cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


# ---------------------------------------------------------------------------------------
# The threat model, read from the workflows


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_trigger_runs_a_fork_with_the_base_repositorys_token(path: Path) -> None:
    assert not {"pull_request_target", "workflow_run"} & set(triggers(load(path)))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_the_token_is_read_only_where_the_repositorys_code_runs(path: Path) -> None:
    wf = load(path)
    assert wf["permissions"] == {"contents": "read"}
    for job_id, job in wf["jobs"].items():
        perms = job.get("permissions", wf["permissions"])
        writes = {k for k, v in perms.items() if v == "write"}
        runs_code = any("run" in s or s.get("uses", "").startswith("actions/checkout")
                        for s in job["steps"])
        if runs_code:
            assert not writes, f"{job_id} runs the repository's code with {writes}"
        else:
            # Only publishing may write, and only to Pages (with the OIDC token it needs).
            assert writes <= {"pages", "id-token"}, job_id


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkouts_keep_no_credentials(path: Path) -> None:
    checkouts = [s for _, s in steps(load(path)) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert step["with"]["persist-credentials"] is False
        # the pages' "last changed" dates come from the whole history (handbook/opendata)
        assert step["with"]["fetch-depth"] == 0


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_nothing_is_interpolated_into_a_shell_script(path: Path) -> None:
    """Values reach scripts through env: an expression inside run: is pasted into the
    script before the shell reads it."""
    for job_id, step in steps(load(path)):
        if "run" in step:
            assert "${{" not in step["run"], f"{job_id}: {step['run']}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_and_names_its_version(path: Path) -> None:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if "uses:" in ln]
    assert lines
    for line in lines:
        assert PIN.match(line), f"not pinned as owner/repo@<40 hex> # vX.Y.Z: {line.strip()}"


# ---------------------------------------------------------------------------------------
# What the workflows do


def pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_python_is_the_oldest_supported_with_pip_cached(path: Path) -> None:
    oldest = re.fullmatch(r">=\s*(\d+\.\d+)", pyproject()["project"]["requires-python"])
    assert oldest
    setups = [s for _, s in steps(load(path)) if s.get("uses", "").startswith("actions/setup-python@")]
    assert setups
    for step in setups:
        assert step["with"] == {
            "python-version": oldest[1],
            "cache": "pip",
            "cache-dependency-path": "pyproject.toml",
        }


def test_npm_downloads_are_cached_where_npm_runs() -> None:
    wf = load(ROOT / ".github/workflows/pull-request.yml")
    test_steps = wf["jobs"]["test"]["steps"]
    node = [s for s in test_steps if s.get("uses", "").startswith("actions/setup-node@")]
    assert len(node) == 1
    assert node[0]["with"]["cache"] == "npm"
    assert node[0]["with"]["cache-dependency-path"] == "package-lock.json"


def run_lines(wf: dict[Any, Any], job: str) -> list[str]:
    return [s["run"].strip() for s in wf["jobs"][job]["steps"] if "run" in s]


def test_pull_requests_run_the_readmes_two_commands_and_the_check() -> None:
    wf = load(ROOT / ".github/workflows/pull-request.yml")
    assert "pull_request" in triggers(wf)
    assert "make site" in run_lines(wf, "preview")
    assert "make test" in run_lines(wf, "test")
    check = " ".join(run_lines(wf, "preview"))
    assert "handbook check --format github" in check
    assert "handbook check --format json" in check
    assert "handbook coverage --json" in check


def test_pull_requests_upload_the_site_and_pdfs_and_link_them_from_the_summary() -> None:
    wf = load(ROOT / ".github/workflows/pull-request.yml")
    job = wf["jobs"]["preview"]
    by_id = {s.get("id"): s for s in job["steps"]}
    assert by_id["preview"]["uses"].startswith("actions/upload-artifact@")
    assert by_id["preview"]["with"]["path"] == "site/"
    assert by_id["pdfs"]["with"]["path"] == "site/pdf/*.pdf"
    summary = job["steps"][-1]
    assert summary["if"] == "${{ !cancelled() }}"  # also when the check or build failed
    assert "scripts/pr_summary.py" in summary["run"]
    assert '>> "$GITHUB_STEP_SUMMARY"' in summary["run"]
    assert summary["env"]["PREVIEW_URL"] == "${{ steps.preview.outputs.artifact-url }}"
    assert summary["env"]["PDF_URL"] == "${{ steps.pdfs.outputs.artifact-url }}"
    assert summary["env"]["BUILD"] == "${{ steps.site.outcome }}"
    assert '--coverage "$RUNNER_TEMP/coverage.json"' in summary["run"]


def test_publish_deploys_what_make_site_built() -> None:
    wf = load(ROOT / ".github/workflows/publish.yml")
    assert triggers(wf)["push"] == {"branches": ["main"]}
    assert run_lines(wf, "build") == ["make site"]
    upload = wf["jobs"]["build"]["steps"][-1]
    assert upload["uses"].startswith("actions/upload-pages-artifact@")
    assert upload["with"]["path"] == "site/"
    assert wf["jobs"]["deploy"]["needs"] == "build"


# ---------------------------------------------------------------------------------------
# The job summary


def summary(tmp_path: Path, diags: list[dict[str, Any]] | str | None, *args: str) -> str:
    check = tmp_path / "check.json"
    if diags is not None:
        check.write_text(diags if isinstance(diags, str) else json.dumps(diags), encoding="utf-8")
    out = tmp_path / "summary.md"
    proc = run([sys.executable, str(SUMMARY), "--check", str(check), "--out", str(out), *args])
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    return out.read_text(encoding="utf-8")


def as_html(markdown: str) -> str:
    """As GitHub renders it (its fork of cmark, GitHub Flavored Markdown), raw HTML kept so
    that anything the summary let through would show."""
    from cmarkgfm.cmark import Options

    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def table_rows(page: str, header: str) -> list[list[str]]:
    """The body rows of the table whose first header cell is ``header``, as cell texts."""
    for table in re.findall(r"<table>.*?</table>", page, re.S):
        heads = re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", table, re.S)
        if heads and heads[0] == header:
            body = table.split("<tbody>", 1)[1]
            return [
                [html.unescape(c) for c in re.findall(r"<td(?:\s[^>]*)?>(.*?)</td>", row, re.S)]
                for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
            ]
    raise AssertionError(f"no table headed {header!r} in:\n{page}")


def diag(severity: str, n: int = 1, **kw: Any) -> dict[str, Any]:
    base = {
        "path": f"docs/agencies/a{n}.md", "line": n, "code": "HB101", "severity": severity,
        "message": f"unknown agency id 'x{n}'", "expected": "an id defined under docs/agencies/",
        "fix": "correct the id",
    }
    return {**base, **kw}


PREVIEW = "https://github.com/o/r/actions/runs/7/artifacts/11"
PDFS = "https://github.com/o/r/actions/runs/7/artifacts/12"
RUN = "https://github.com/o/r/actions/runs/7"


def test_summary_counts_errors_warnings_and_notes(tmp_path: Path) -> None:
    diags = [diag("error", 1), diag("error", 2), diag("warning", 3), diag("info", 4),
             diag("info", 5), diag("info", 6)]
    page = as_html(summary(tmp_path, diags, "--build", "skipped"))
    assert table_rows(page, "check") == [
        ["Errors", "2"], ["Warnings", "1"], ["Notes", "3"],
        ["Coverage", "not measured (see the log of the step <em>handbook check</em>)"]]
    assert "3 problems to fix before this can be merged" in page
    assert "No preview: <code>make site</code> did not run" in page


def test_summary_lists_every_diagnostic_errors_first(tmp_path: Path) -> None:
    diags = [diag("info", 4), diag("warning", 3), diag("error", 2)]
    page = as_html(summary(tmp_path, diags))
    rows = table_rows(page, "where")
    assert [r[0] for r in rows] == [
        "docs/agencies/a2.md:2", "docs/agencies/a3.md:3", "docs/agencies/a4.md:4"]
    assert [r[1] for r in rows] == ["error", "warning", "note"]
    assert rows[0][2:] == [
        "HB101", "unknown agency id 'x2' — <em>expected:</em> an id defined under docs/agencies/",
        "correct the id"]


def test_summary_caps_the_list_and_says_how_many_more(tmp_path: Path) -> None:
    diags = [diag("error", i) for i in range(1, 251)]
    page = as_html(summary(tmp_path, diags))
    assert len(table_rows(page, "where")) == 200
    assert "… and 50 more: run <code>make check</code> to see them all." in page
    assert table_rows(page, "check")[0] == ["Errors", "250"]


def test_summary_links_the_preview_and_lists_the_pdfs(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "pdf").mkdir(parents=True)
    (site / "pdf" / "handbook.pdf").write_bytes(b"%PDF" + b"x" * 3 * 1024 * 1024)
    (site / "pdf" / "principles.pdf").write_bytes(b"%PDF" + b"x" * 2000)
    (site / "pdf" / "pdfs.json").write_text(json.dumps({"pdfs": [
        {"file": "handbook.pdf", "pages": 603}, {"file": "principles.pdf", "pages": 53},
        {"file": "../../etc/passwd", "pages": 1}, {"file": "gone.pdf", "pages": 2}]}))
    page = as_html(summary(
        tmp_path, [diag("info")], "--site", str(site), "--build", "success",
        "--preview-url", PREVIEW, "--pdf-url", PDFS, "--run-url", RUN, "--retention-days", "14"))
    assert f'<a href="{PREVIEW}">The built site, with the PDFs</a>' in page
    assert f'<a href="{PDFS}">The PDFs alone</a>' in page
    assert f'<a href="{RUN}">' in page
    assert "GitHub keeps them for 14 days" in page
    assert table_rows(page, "PDF") == [["handbook.pdf", "603", "3.0 MiB"],
                                       ["principles.pdf", "53", "2 KiB"]]
    assert "No errors and no warnings." in page


def test_summary_without_a_listing_lists_the_pdf_files(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "pdf").mkdir(parents=True)
    (site / "pdf" / "b.pdf").write_bytes(b"%PDF" * 600)
    page = as_html(summary(tmp_path, [], "--site", str(site), "--preview-url", PREVIEW))
    assert table_rows(page, "PDF") == [["b.pdf", "", "2 KiB"]]


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "http://github.com/o/r", "https://x.test/a)(b", "https://x.test/\"a",
    "https://x.test/a b", "data:text/html,<script>alert(1)</script>", ""])
def test_summary_links_only_plain_https_urls(tmp_path: Path, url: str) -> None:
    page = as_html(summary(tmp_path, [], "--preview-url", url, "--run-url", url,
                           "--build", "failure"))
    assert "<a " not in page
    assert "No preview: <code>make site</code> failed" in page


HOSTILE = [
    "[click](https://evil.test/x)", "![img](https://evil.test/i.png)", "<img src=x onerror=1>",
    "<script>alert(1)</script>", "a | b | c", "line\nbreak\r\n## heading", "`code` **bold**",
    "www.evil.test", "https://evil.test/auto", "mail@evil.test", "\u202eevil\u202c", "&lt;b&gt;",
    "<!-- comment -->", "\\| escaped pipe", "x" * 1000,
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_summary_writes_a_hostile_diagnostic_as_text(tmp_path: Path, hostile: str) -> None:
    d = diag("error", path=f"docs/{hostile}.md", message=hostile, expected=hostile, fix=hostile,
             code=hostile)
    page = as_html(summary(tmp_path, [d]))
    body = page.split("Everything handbook check found", 1)[1]
    body = body.replace("<em>expected:</em>", "")
    assert not re.search(r"<(a|img|script|h\d|strong|em|code)\b", body), body
    rows = table_rows(page, "where")
    assert len(rows) == 1
    assert len(rows[0]) == 5  # nothing ended a cell early or added one
    shown = re.sub(r"<!-- -->", "", rows[0][4])
    expected = re.sub(r"[\r\n\t]", " ", hostile)
    expected = re.sub("[\u202e\u202c]", "\N{REPLACEMENT CHARACTER}", expected)
    if len(expected) > 300:
        expected = expected[:299] + "…"
    assert shown == expected


def coverage_json(*sources: tuple[str, int, int]) -> str:
    return json.dumps({"paragraph_share": 0.5, "sources": [
        {"doc": doc, "unit": "para", "total": total, "cited": cited, "share": 0.0,
         "uncited": [], "cited_at_all": True} for doc, cited, total in sources]
        + [{"doc": "passages", "unit": "pass", "total": 9, "cited": 0}]})


def test_summary_shows_the_coverage_in_all_and_by_source(tmp_path: Path) -> None:
    cov = tmp_path / "coverage.json"
    cov.write_text(coverage_json(("a-63-215", 55, 63), ("[x](https://evil.test)", 1, 4),
                                 ("bogus", 9, 3)), encoding="utf-8")
    page = as_html(summary(tmp_path, [], "--coverage", str(cov)))
    assert table_rows(page, "check")[3] == [
        "Coverage: numbered paragraphs of the sources cited", "84 % (56 of 67)"]
    assert table_rows(page, "source") == [
        ["a-63-215", "55", "63", "87 %"], ["[x](https://evil.test)", "1", "4", "25 %"]]
    assert "<a " not in page


@pytest.mark.parametrize("content", [None, "", "{}", '{"sources": [{"doc": 1}]}', "[]"])
def test_summary_without_a_coverage_says_not_measured(tmp_path: Path, content: str | None) -> None:
    cov = tmp_path / "coverage.json"
    if content is not None:
        cov.write_text(content, encoding="utf-8")
    page = as_html(summary(tmp_path, [], "--coverage", str(cov)))
    assert table_rows(page, "check")[3][1].startswith("not measured")
    assert "Coverage by source" not in page


def test_summary_of_the_real_coverage(tmp_path: Path) -> None:
    proc = run([str(BIN / "handbook"), "--root", str(ROOT), "coverage", "--json"])
    assert proc.returncode == 0, proc.stderr
    (tmp_path / "coverage.json").write_text(proc.stdout, encoding="utf-8")
    data = json.loads(proc.stdout)
    page = as_html(summary(tmp_path, [], "--coverage", str(tmp_path / "coverage.json")))
    row = table_rows(page, "check")[3]
    assert re.fullmatch(r"\d+ % \(\d+ of \d+\)", row[1]), row
    assert f"{round(100 * data['paragraph_share'])} %" in row[1]


def test_summary_says_so_when_the_check_wrote_nothing(tmp_path: Path) -> None:
    page = as_html(summary(tmp_path, None, "--build", "skipped"))
    assert "handbook check wrote no results" in page
    assert table_rows(page, "check")[0] == ["Errors", ""]


@pytest.mark.parametrize(("content", "why"), [
    ("{not json", "the results of handbook check cannot be read (JSONDecodeError)"),
    ('{"a": 1}', "the results of handbook check are not a list"),
    ("[1, 2]", "the results of handbook check hold something other than diagnostics"),
])
def test_summary_says_so_when_the_results_are_unreadable(
        tmp_path: Path, content: str, why: str) -> None:
    page = as_html(summary(tmp_path, content))
    assert f"<strong>{why}</strong>: see the log of the step <em>handbook check</em>" in page
    assert "No errors" not in page


def test_summary_of_a_real_check(make_site, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"docs/guide.md": '---\ntitle: Guide\n---\n\nSee {{ agency("unhrc") }}.\n'})
    proc = run([str(BIN / "handbook"), "--root", str(site.root), "check", "--format", "json"])
    assert proc.returncode == 1
    (tmp_path / "check.json").write_text(proc.stdout, encoding="utf-8")
    page = as_html(summary(tmp_path, None))
    assert table_rows(page, "check")[0] == ["Errors", "1"]
    row = table_rows(page, "where")[0]
    assert row[:3] == ["docs/guide.md:5", "error", "HB101"]
    assert "unknown agency id 'unhrc'" in row[3]


def test_summary_appends_to_the_step_summary_file(tmp_path: Path) -> None:
    out = tmp_path / "step-summary.md"
    out.write_text("earlier step\n", encoding="utf-8")
    (tmp_path / "check.json").write_text("[]", encoding="utf-8")
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(out)}
    proc = subprocess.run([sys.executable, str(SUMMARY), "--check", str(tmp_path / "check.json")],
                          env=env, capture_output=True, text=True, check=False, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text(encoding="utf-8").startswith("earlier step\n## Handbook check\n")


# ---------------------------------------------------------------------------------------
# Annotations


@pytest.mark.parametrize("name", [
    "docs/b\n::error file=README.md,line=1::injected.md", "docs/a,line=1,title=x.md",
    "docs/c::warning::x.md", "docs/d\r::notice::x.md", "docs/e%0A::error::x.md"])
def test_an_annotation_is_one_command_whatever_the_file_name(make_site, name: str) -> None:  # type: ignore[no-untyped-def]
    site = make_site({name: '---\ntitle: Guide\n---\n\nSee {{ agency("unhrc") }}.\n'})
    proc = run([str(BIN / "handbook"), "--root", str(site.root), "check", "--format", "github"])
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, lines
    command, _, props_and_body = lines[0].partition(" ")
    assert command == "::error"
    props, sep, _ = props_and_body.partition("::")
    assert sep
    # Three properties, the file name decoded back as the runner decodes it.
    fields = dict(p.split("=", 1) for p in props.split(","))
    assert set(fields) == {"file", "line", "title"}
    decoded = fields["file"]
    for code, ch in (("%3A", ":"), ("%2C", ","), ("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        decoded = decoded.replace(code, ch)
    assert decoded == name
    assert (fields["line"], fields["title"]) == ("5", "HB101")
