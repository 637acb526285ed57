#!/usr/bin/env python3
"""The job summary of a pull request: what `handbook check` found, and the built preview.

    python3 scripts/pr_summary.py --check check.json [--coverage coverage.json]
        [--site site] [--preview-url URL] [--pdf-url URL] [--run-url URL]
        [--build OUTCOME] [--retention-days N] >> "$GITHUB_STEP_SUMMARY"

``check.json`` is what ``handbook check --format json`` printed, ``coverage.json`` what
``handbook coverage --json`` printed. The summary is GitHub Markdown: a table of errors,
warnings, notes and coverage (the share of the sources' numbered paragraphs that pages cite),
a link to the uploaded site and PDFs, the PDFs with their page counts
(``site/pdf/pdfs.json``), every diagnostic with its file, line, code and fix (GitHub shows at
most 10 annotations of each kind per step), and the coverage source by source.

Everything in a diagnostic comes from the pull request (file names, ids, text quoted from
pages), so each of its characters is written as text: every ASCII punctuation character is
backslash-escaped, control and formatting characters (bidirectional overrides among them)
are replaced, an e-mail address is split by an empty HTML comment, and nothing from it can
become a link, an image, HTML or a table cell break.
Only the URLs given on the command line (the workflow's own) become links, and only https
ones. Standard library only: it runs before, and without, the project's virtual environment.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

#: Diagnostics listed in full; the rest are counted (the summary has a 1 MiB limit).
MAX_LISTED = 200
#: Longest text kept from one field of a diagnostic.
MAX_FIELD = 300
SEVERITIES = (("error", "Errors"), ("warning", "Warnings"), ("info", "Notes"))
#: Why there is no preview, by the outcome of the step that runs `make site`.
NO_PREVIEW = {
    "success": "the site was built but not uploaded (see the log of the upload step)",
    "failure": "`make site` failed (see the log of the step *make site*)",
    "cancelled": "the run was cancelled",
    "skipped": "`make site` did not run, as an earlier step failed",
}


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    code: str
    severity: str
    message: str
    expected: str
    fix: str


def text(value: object, limit: int = MAX_FIELD) -> str:
    """``value`` as inert Markdown text on one line."""
    raw = value if isinstance(value, str) else str(value)
    if len(raw) > limit:
        raw = raw[: limit - 1] + "…"
    out: list[str] = []
    for ch in raw:
        if ch in "\r\n\t":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            out.append("\N{REPLACEMENT CHARACTER}")
        elif ch == "@":
            # GitHub links e-mail addresses after parsing, through escapes; an empty HTML
            # comment (removed when GitHub sanitizes the page) splits the text instead.
            out.append("<!-- -->\\@")
        elif ch.isascii() and not ch.isalnum() and ch != " ":
            # CommonMark: any ASCII punctuation may be backslash-escaped, and is then a
            # literal character; in a GFM table this also keeps | from ending the cell.
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is a plain https URL that can sit inside ``(...)``, else None."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        return None
    if any(ch.isspace() or ch in "()<>\"'`\\" or not ch.isprintable() for ch in url):
        return None
    return url


def load_diagnostics(path: Path) -> tuple[list[Diagnostic], str | None]:
    """The diagnostics in ``path``, or ([], why) when it cannot be read as check output."""
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return [], "handbook check wrote no results"
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [], f"the results of handbook check cannot be read ({type(exc).__name__})"
    if not isinstance(data, list):
        return [], "the results of handbook check are not a list"
    diags: list[Diagnostic] = []
    for item in data:
        if not isinstance(item, dict):
            return [], "the results of handbook check hold something other than diagnostics"
        line = item.get("line")
        diags.append(
            Diagnostic(
                path=str(item.get("path", "")),
                line=line if isinstance(line, int) and not isinstance(line, bool) else 0,
                code=str(item.get("code", "")),
                severity=str(item.get("severity", "")),
                message=str(item.get("message", "")),
                expected=str(item.get("expected") or ""),
                fix=str(item.get("fix") or ""),
            )
        )
    return diags, None


@dataclass(frozen=True)
class SourceCoverage:
    doc: str
    cited: int
    total: int


def load_coverage(path: Path | None) -> list[SourceCoverage] | None:
    """The numbered-paragraph coverage of each source, or None when not measured."""
    if path is None:
        return None
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        rows = [
            SourceCoverage(str(s["doc"]), s["cited"], s["total"])
            for s in data["sources"]
            if s.get("unit") == "para"
            and isinstance(s.get("cited"), int)
            and isinstance(s.get("total"), int)
            and 0 <= s["cited"] <= s["total"]
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return rows if any(r.total for r in rows) else None


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f} %"


def load_pdfs(site: Path) -> list[tuple[str, int | None, int]]:
    """(file, pages or None, bytes) of each PDF in ``site/pdf/``."""
    pdf_dir = site / "pdf"
    listing = pdf_dir / "pdfs.json"
    rows: list[tuple[str, int | None, int]] = []
    try:
        data: Any = json.loads(listing.read_text(encoding="utf-8"))
        for entry in data.get("pdfs", []):
            name = entry.get("file")
            if not isinstance(name, str) or "/" in name or not (pdf_dir / name).is_file():
                continue
            pages = entry.get("pages")
            rows.append(
                (
                    name,
                    pages if isinstance(pages, int) else None,
                    (pdf_dir / name).stat().st_size,
                )
            )
    except (OSError, ValueError, AttributeError, TypeError):
        rows = []
    if not rows and pdf_dir.is_dir():
        rows = [(p.name, None, p.stat().st_size) for p in sorted(pdf_dir.glob("*.pdf"))]
    return rows


def size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    return f"{max(1, round(n / 1024))} KiB"


def render(
    diags: list[Diagnostic],
    problem: str | None,
    *,
    build: str | None,
    preview_url: str | None,
    pdf_url: str | None,
    run_url: str | None,
    pdfs: list[tuple[str, int | None, int]],
    retention_days: int | None = None,
    coverage: list[SourceCoverage] | None = None,
) -> str:
    counts = {key: sum(1 for d in diags if d.severity == key) for key, _ in SEVERITIES}
    failing = counts["error"] + counts["warning"]
    out: list[str] = ["## Handbook check", ""]
    if problem:
        out += [f"**{text(problem)}**: see the log of the step *handbook check*.", ""]
    elif failing:
        out += [
            f"**{failing} problem{'s' if failing != 1 else ''} to fix before this can be merged** "
            "(each is listed below with its fix; `make check` shows the same on your machine).",
            "",
        ]
    else:
        out += ["No errors and no warnings.", ""]
    out += ["| check | result |", "|---|---:|"]
    out += [f"| {label} | {'' if problem else counts[key]} |" for key, label in SEVERITIES]
    if coverage:
        cited = sum(c.cited for c in coverage)
        total = sum(c.total for c in coverage)
        out.append(
            f"| Coverage: numbered paragraphs of the sources cited | "
            f"{percent(cited, total)} ({cited} of {total}) |"
        )
    else:
        out.append("| Coverage | not measured (see the log of the step *handbook check*) |")
    out.append("")

    out += ["## Preview", ""]
    preview = safe_url(preview_url)
    pdf_link = safe_url(pdf_url)
    if preview:
        out.append(
            f"- **[The built site, with the PDFs]({preview})**: a zip file; unzip it and open "
            "`index.html` in a browser (search works from the disk too)."
        )
        if pdf_link:
            out.append(f"- [The PDFs alone]({pdf_link})")
        kept = f" for {retention_days} days" if retention_days else ""
        out.append(f"- GitHub keeps them{kept}; downloading them needs a GitHub account.")
    else:
        why = NO_PREVIEW.get(build or "", NO_PREVIEW["skipped"])
        out.append(f"No preview: {why}.")
    run = safe_url(run_url)
    if run:
        out.append(f"- [This run, with every step's log]({run})")
    out.append("")
    if preview and pdfs:
        out += ["| PDF | pages | size |", "|---|---:|---:|"]
        out += [
            f"| {text(name)} | {'' if pages is None else pages} | {size(nbytes)} |"
            for name, pages, nbytes in pdfs
        ]
        out.append("")

    if diags:
        rank = {key: i for i, (key, _) in enumerate(SEVERITIES)}
        ordered = sorted(diags, key=lambda d: (rank.get(d.severity, 3), d.path, d.line))
        out += ["## Everything handbook check found", ""]
        shown = ordered[:MAX_LISTED]
        out += ["| where | kind | code | problem | fix |", "|---|---|---|---|---|"]
        kinds = {"error": "error", "warning": "warning", "info": "note"}
        for d in shown:
            where = f"{d.path}:{d.line}" if d.line else d.path
            kind = kinds.get(d.severity, text(d.severity, 20))
            problem_text = text(d.message)
            if d.expected:
                problem_text += f" — *expected:* {text(d.expected)}"
            out.append(
                f"| {text(where)} | {kind} | {text(d.code)} | {problem_text} | {text(d.fix)} |"
            )
        if len(ordered) > len(shown):
            out.append("")
            out.append(f"… and {len(ordered) - len(shown)} more: run `make check` to see them all.")
        out.append("")
    if coverage:
        out += [
            "## Coverage by source",
            "",
            "`handbook coverage` names the paragraphs no page cites yet.",
            "",
            "| source | cited | paragraphs | share |",
            "|---|---:|---:|---:|",
        ]
        out += [
            f"| {text(c.doc)} | {c.cited} | {c.total} | "
            f"{percent(c.cited, c.total) if c.total else ''} |"
            for c in coverage
        ]
        out.append("")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", type=Path, required=True, help="handbook check --format json")
    ap.add_argument("--coverage", type=Path, help="handbook coverage --json")
    ap.add_argument("--site", type=Path, default=Path("site"), help="the built site")
    ap.add_argument("--preview-url", help="the uploaded site's artifact URL")
    ap.add_argument("--pdf-url", help="the uploaded PDFs' artifact URL")
    ap.add_argument("--run-url", help="this workflow run's URL")
    ap.add_argument("--build", help="the outcome of the build step (success, failure, ...)")
    ap.add_argument("--retention-days", type=int, help="how long the artifacts are kept")
    ap.add_argument(
        "--out",
        type=Path,
        default=Path(os.environ["GITHUB_STEP_SUMMARY"])
        if os.environ.get("GITHUB_STEP_SUMMARY")
        else None,
        help="file to append to (default: $GITHUB_STEP_SUMMARY, else standard output)",
    )
    ns = ap.parse_args(argv)
    diags, problem = load_diagnostics(ns.check)
    summary = render(
        diags,
        problem,
        build=ns.build,
        preview_url=ns.preview_url,
        pdf_url=ns.pdf_url,
        run_url=ns.run_url,
        pdfs=load_pdfs(ns.site) if ns.preview_url else [],
        retention_days=ns.retention_days,
        coverage=load_coverage(ns.coverage),
    )
    if ns.out is None:
        sys.stdout.write(summary + "\n")
    else:
        with ns.out.open("a", encoding="utf-8") as fh:
            fh.write(summary + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
