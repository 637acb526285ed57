"""The ``handbook`` command: check, resolve, new, import, pdf, prebuild.

The CLI reuses the core (``handbook.project``, ``handbook.symbols``); it never calls hook
code. Content problems are printed as diagnostics and make the exit status 1; they never
produce a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from handbook.cache import pages as pagecache
from handbook.core import diagnostics, symbols
from handbook.core.caches import Caches
from handbook.core.diagnostics import Diagnostic
from handbook.core.kinds import ID_RE, KINDS
from handbook.core.registry import Project
from handbook.core.settings import Settings, settings


def _root(ns: argparse.Namespace) -> Path:
    return Path(ns.root).resolve()


def _load(ns: argparse.Namespace, conf: Settings | None = None, *, cache: bool = False) -> Project:
    """The project under ``--root`` (see :func:`_load_root`)."""
    return _load_root(_root(ns), conf, cache=cache)


def _load_root(root: Path, conf: Settings | None = None, *, cache: bool = False) -> Project:
    """The project at ``root``, with the folders mkdocs.yml names; with ``cache``, the
    pages an earlier run read are taken from the page cache, and it is written again once
    the results are printed."""
    import macros
    from handbook.render.collect import load_configured

    conf = conf or settings(root)
    caches = Caches()
    names = frozenset(macros.table())
    cache_file = pagecache.path_for(root) if cache else None
    if cache_file is not None:
        pagecache.load(cache_file, caches, names)
    proj = load_configured(root, conf, macros=macros.table(), caches=caches)
    if cache_file is not None and (any(caches.used.values()) or not cache_file.exists()):
        _AFTER_OUTPUT.append(lambda: pagecache.save(cache_file, caches, names))
    return proj


@dataclass
class CheckResult:
    """What ``handbook check`` found: mkdocs.yml's problems and the project's."""

    diagnostics: list[Diagnostic]
    project: Project | None

    def failing(self) -> list[Diagnostic]:
        """The diagnostics that fail the check."""
        return [d for d in self.diagnostics if d.fails]


def run_check(root: Path, *, cache: bool = False) -> CheckResult:
    """Everything the strict build would reject: mkdocs.yml read as untrusted input (and, if
    it may be read, validated by MkDocs), then the whole project. A refused mkdocs.yml
    stops there: its folders are not read."""
    conf = settings(root)
    diags = list(conf.config.diagnostics)
    proj = None
    if not conf.config.refused:
        from handbook.hosts import mkdocs_check

        diags += mkdocs_check.validate(root, conf.config)
        proj = _load_root(root, conf, cache=cache)
        diags += proj.diagnostics
        from handbook.opendata import addresses

        diags += addresses.check(proj).diagnostics
    from handbook.importer.config import validate_config

    diags += validate_config(root)
    diags.sort(key=diagnostics.sort_key)
    return CheckResult(diags, proj)


def cmd_check(ns: argparse.Namespace) -> int:
    """``handbook check``: print every diagnostic and a summary; 1 if any fails."""
    t0 = time.perf_counter()
    result = run_check(_root(ns), cache=True)
    diags, proj = result.diagnostics, result.project
    pages = len(proj.pages) if proj is not None else 0
    entries = len(proj.bib.entries) if proj is not None else 0
    elapsed = time.perf_counter() - t0
    if ns.format == "json":
        print(diagnostics.dumps_json(diags))
    else:
        for d in diags:
            print(d.format_github() if ns.format == "github" else d.format())
    counts = {s: sum(1 for d in diags if d.severity is s) for s in diagnostics.Severity}
    print(
        f"handbook check: {counts[diagnostics.Severity.ERROR]} errors, "
        f"{counts[diagnostics.Severity.WARNING]} warnings, "
        f"{counts[diagnostics.Severity.INFO]} notes in {pages} pages and "
        f"{entries} bibliography entries ({elapsed:.2f} s)"
        + (" — mkdocs.yml was refused: nothing else was read" if proj is None else ""),
        file=sys.stderr,
    )
    return 1 if any(d.fails for d in diags) else 0


#: Work that can wait until the results are printed (saving the page cache).
_AFTER_OUTPUT: list[Callable[[], None]] = []


def cmd_resolve(ns: argparse.Namespace) -> int:
    """``handbook resolve``: each symbol's canonical form, ODS address and page."""
    conf = settings(_root(ns))
    proj = _load(ns, conf) if conf.docs_dir.is_dir() else None
    status = 0
    rows: list[dict[str, str | None]] = []
    for raw in ns.symbols:
        sym = symbols.parse(raw)
        if sym is None:
            print(f"handbook resolve: '{raw}' is not a UN document symbol", file=sys.stderr)
            status = 1
            continue
        page = None
        if proj is not None and sym.canonical in proj.by_symbol:
            page = "docs/" + proj.entities[proj.by_symbol[sym.canonical]].path
        rows.append({"input": raw, "symbol": sym.canonical, "url": sym.url, "page": page})
    if ns.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for r in rows:
            print(f"{r['symbol']}\t{r['url']}\t{r['page'] or '-'}")
    return status


def cmd_new(ns: argparse.Namespace) -> int:
    """``handbook new``: write a page of a kind from its scaffold, never overwriting one."""
    kind = KINDS.get(ns.kind)
    if kind is None or kind.generated:
        makeable = [k.name for k in KINDS.values() if not k.generated]
        print(
            f"handbook new: unknown kind '{ns.kind}'; expected one of: "
            + ", ".join(makeable)
            + (
                " (source documents are made by `handbook import`)"
                if kind is not None
                else diagnostics.suggestion(ns.kind, makeable)
            ),
            file=sys.stderr,
        )
        return 2
    if not ID_RE.match(ns.id):
        print(
            f"handbook new: '{ns.id}' is not a valid id (lower-case letters, digits and hyphens)",
            file=sys.stderr,
        )
        return 2
    path = settings(_root(ns)).docs_dir / kind.folder / f"{ns.id}.md"
    if path.exists():
        print(f"handbook new: {path} already exists; not overwritten", file=sys.stderr)
        return 1
    fill = {
        "{ACR}": ns.id.upper(),
        "{YEAR}": time.strftime("%Y"),
        "{NUMBER}": str(ns.number or 1),
        "{ID}": ns.id,
    }
    extra_lines = []
    for line in kind.scaffold:
        for k, v in fill.items():
            line = line.replace(k, v)
        extra_lines.append(line)
    extra = "\n".join(extra_lines)
    title = ns.title or ns.id.replace("-", " ").capitalize()
    lines = [
        "---",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        'summary: "One sentence, at most 200 characters, shown when a reader hovers a '
        'link to this page."',
        "themes: []",
        "related: []",
    ]
    if extra:
        lines.append(extra)
    lines.append("---")
    for sec in kind.sections:
        note = f" (only when {kind.conditional[sec]} is true)" if sec in kind.conditional else ""
        lines += [
            "",
            f"## {sec}",
            "",
            f"<!-- Write this section{note} from the sources, and end each factual "
            "statement with a citation such as "
            '{{ cite("A/63/215", "para. 12") }}. -->',
        ]
        if sec in kind.conditional:
            lines[-1] = lines[-1].replace(
                "<!--", f"<!-- Delete this section unless {kind.conditional[sec]} is true."
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(_root(ns))}")
    return 0


def cmd_coverage(ns: argparse.Namespace) -> int:
    """``handbook coverage``: how much of each source the annotation pages cite."""
    from handbook.core import coverage

    cov = coverage.measure(_load(ns, cache=True))
    if ns.json:
        print(json.dumps(coverage.as_json(cov), indent=2))
    else:
        print(coverage.report(cov))
    return 0


def cmd_pinpoints(ns: argparse.Namespace) -> int:
    """``handbook pinpoints``: citations without a passage, with likely passages."""
    from handbook.render import pinpoints

    root = _root(ns)
    conf = settings(root)
    proj = _load(ns, conf, cache=True)
    wanted = None
    if ns.pages:
        wanted = set()
        for arg in ns.pages:
            p = Path(arg).resolve()
            try:
                wanted.add(p.relative_to(conf.docs_dir).as_posix())
            except ValueError:
                wanted.add(arg)
    found = pinpoints.suggest(proj, wanted, ns.candidates)
    if ns.json:
        print(
            json.dumps(
                [
                    {
                        "path": s.path,
                        "line": s.citation.line,
                        "key": s.citation.key,
                        "locator": s.citation.locator,
                        "sentence": s.sentence,
                        "candidates": [
                            {"locator": pinpoints.label(a), "score": sc, "opening": o}
                            for a, sc, o in s.candidates
                        ],
                    }
                    for s in found
                ],
                indent=1,
                ensure_ascii=False,
            )
        )
    else:
        print(pinpoints.report(found))
    print(f"handbook pinpoints: {len(found)} citations without a passage", file=sys.stderr)
    return 0


def cmd_import(ns: argparse.Namespace) -> int:
    """Import the seeds into docs/documents/; on any problem print it and write nothing."""
    from handbook import importer

    t0 = time.perf_counter()
    result = importer.import_all(_root(ns))
    for d in result.diagnostics:
        print(d.format())
    if not result.ok:
        print(
            f"handbook import: {len(result.diagnostics)} problems; nothing written",
            file=sys.stderr,
        )
        return 1
    removed = f", {len(result.removed)} stale pages removed" if result.removed else ""
    print(
        f"handbook import: {len(result.pages)} pages written to docs/documents/{removed} "
        f"({time.perf_counter() - t0:.2f} s)",
        file=sys.stderr,
    )
    return 0


def cmd_prebuild(ns: argparse.Namespace) -> int:
    """Write what a host that runs only Markdown extensions needs (see
    :mod:`handbook.hosts.prebuild`); on any problem the strict build rejects, print it and
    write nothing."""
    from handbook.hosts import prebuild
    from handbook.hosts.markdown_ext import _extension_names

    t0 = time.perf_counter()
    root = _root(ns)
    result = run_check(root)
    if result.project is None or result.failing():
        for d in result.failing():
            print(d.format())
        print(
            f"handbook prebuild: {len(result.failing())} problems; nothing written",
            file=sys.stderr,
        )
        return 1
    proj = result.project
    conf = settings(root)
    proj.abbr_enabled = "abbr" in _extension_names(conf.config.data)
    out = Path(ns.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    done = prebuild.write(proj, conf.config.data, root, out)
    print(
        f"handbook prebuild: {done.pages} pages expanded, {done.files} other files copied, "
        f"{done.symbols} symbols, navigation and settings written to {out} "
        f"({time.perf_counter() - t0:.2f} s)",
        file=sys.stderr,
    )
    return 0


def cmd_publish_addresses(ns: argparse.Namespace) -> int:
    """Write data/published.json: every address the handbook has now, and the published
    ones still honoured by a redirect (an address the check reports as gone is withdrawn)."""
    from handbook.opendata import addresses

    root = _root(ns)
    proj = _load(ns, cache=True)
    path = root / addresses.PUBLISHED
    before = addresses.read(root)[0] if path.is_file() else None
    text = addresses.dumps(proj)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    after = addresses.read(root)[0]
    assert after is not None
    withdrawn = sorted(set(before.entities) - set(after.entities)) if before else []
    print(
        f"handbook publish-addresses: {len(after.entities)} entity URLs and "
        f"{len(after.passages)} passage anchors in {addresses.PUBLISHED}"
        + (f"; withdrawn: {', '.join(withdrawn)}" if withdrawn else ""),
        file=sys.stderr,
    )
    return 0


def cmd_pdf(ns: argparse.Namespace) -> int:
    """``handbook pdf``: hand the remaining arguments to the PDF stage."""
    from handbook import pdf

    return pdf.main(ns.pdf_args)


def build_parser() -> argparse.ArgumentParser:
    """The command line: the global ``--root`` and one subcommand per command."""
    p = argparse.ArgumentParser(prog="handbook", description="The handbook engine.")
    p.add_argument("--root", default=".", help="project folder (holding mkdocs.yml)")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="validate the whole handbook without rendering it")
    c.add_argument("--format", choices=("text", "github", "json"), default="text")
    c.set_defaults(func=cmd_check)
    r = sub.add_parser("resolve", help="resolve UN document symbols")
    r.add_argument("symbols", nargs="+")
    r.add_argument("--json", action="store_true", help="print a JSON list")
    r.set_defaults(func=cmd_resolve)
    n = sub.add_parser("new", help="scaffold a page that passes `handbook check`")
    n.add_argument("kind")
    n.add_argument("id")
    n.add_argument("--title")
    n.add_argument("--number", type=int)
    n.set_defaults(func=cmd_new)
    pb = sub.add_parser(
        "prebuild",
        help="expanded pages, navigation and settings for a host that runs only Markdown "
        "extensions (Zensical)",
    )
    pb.add_argument("--out", required=True, help="folder to write (its docs/ is replaced)")
    pb.set_defaults(func=cmd_prebuild)
    pdf = sub.add_parser(
        "pdf",
        help="print-ready PDFs of the built site (handbook pdf --help for its options)",
        add_help=False,
    )
    pdf.set_defaults(func=cmd_pdf)
    cov = sub.add_parser(
        "coverage", help="how much of the sources the annotation pages cite, source by source"
    )
    cov.add_argument("--json", action="store_true", help="print JSON")
    cov.set_defaults(func=cmd_coverage)
    pp = sub.add_parser(
        "pinpoints",
        help="citations without a passage pinpoint, with the passages they most likely rest on",
    )
    pp.add_argument("pages", nargs="*", help="pages to look at (default: every page)")
    pp.add_argument("--candidates", type=int, default=5, help="passages shown per citation")
    pp.add_argument("--json", action="store_true", help="print JSON")
    pp.set_defaults(func=cmd_pinpoints)
    pa = sub.add_parser(
        "publish-addresses",
        help="record the entity URLs and passage anchors the check must keep working",
    )
    pa.set_defaults(func=cmd_publish_addresses)
    i = sub.add_parser("import", help="import the source texts into docs/documents/")
    i.set_defaults(func=cmd_import)
    return p


def main(
    argv: Sequence[str] | None = None, *, defer: list[Callable[[], None]] | None = None
) -> int:
    """Run the command. Work that can wait until the results are printed (saving the page
    cache) is done before returning, or handed to ``defer``."""
    parser = build_parser()
    ns, rest = parser.parse_known_args(argv)
    if ns.command == "pdf":
        # The PDF stage has its own options (chapters, --paper, --site, ...).
        ns.pdf_args = rest
    elif rest:
        parser.error("unrecognized arguments: " + " ".join(rest))
    _AFTER_OUTPUT.clear()
    code = int(ns.func(ns))
    jobs = list(_AFTER_OUTPUT)
    _AFTER_OUTPUT.clear()
    if defer is None:
        for job in jobs:
            job()
    else:
        defer.extend(jobs)
    return code


def run() -> None:  # pragma: no cover - the console script; tests call main()
    """The ``handbook`` console script: :func:`main`, then a quick exit.

    A check of a large handbook leaves hundreds of thousands of objects; freeing them one by
    one at interpreter exit took about half a second at 3,000 pages, for nothing (mypy exits
    the same way). Output is flushed first. The page cache is then written by a child
    process, so that the editor (or CI) does not wait for it; without ``fork``, now."""
    jobs: list[Callable[[], None]] = []
    code = main(defer=jobs)
    sys.stdout.flush()
    sys.stderr.flush()
    if jobs and not hasattr(os, "fork"):
        for job in jobs:
            job()
    elif jobs and os.fork() == 0:
        try:
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):  # a caller reading our output sees its end now
                os.dup2(devnull, fd)
            for job in jobs:
                job()
        finally:
            os._exit(0)
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
