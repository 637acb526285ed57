"""``handbook pdf`` (also ``python -m handbook.pdf``): the PDF stage's command line."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from handbook.pdf.chapters import HANDBOOK, chapter_names


def main(argv: Sequence[str] | None = None) -> int:
    """Build the PDFs asked for; 0 on success, 1 on a missing site or (with --strict)
    on any warning."""
    from handbook.pdf import build
    from handbook.pdf.listing import size

    names = [*chapter_names(), HANDBOOK]
    parser = argparse.ArgumentParser(
        prog="handbook pdf", description="Build print-ready PDFs from the built site."
    )
    parser.add_argument(
        "chapters",
        nargs="*",
        metavar="CHAPTER",
        help=f"any of: {', '.join(names)} (default: all)",
    )
    parser.add_argument(
        "--paper",
        default="A4",
        type=str.lower,
        choices=["a4", "letter"],
        help="paper size (default A4)",
    )
    parser.add_argument("--site", default="site", type=Path, help="the built site (default: site)")
    parser.add_argument("--out", type=Path, help="output folder (default: SITE/pdf)")
    parser.add_argument("--version", dest="doc_version", help="version printed on the cover")
    parser.add_argument("--date", help="date printed on the cover (default: today)")
    parser.add_argument("--jobs", type=int, help="worker processes (default: CPU count)")
    parser.add_argument(
        "--cache",
        type=Path,
        help="folder of the typeset pages kept between runs (default: the user's cache "
        "folder; HANDBOOK_NO_CACHE=1 keeps none)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit 1 on any warning (unresolved macros or doubly escaped text in the site, "
        "content refused because it would fetch something, links without a target, "
        "WeasyPrint's own)",
    )
    args = parser.parse_args(argv)
    bad = [c for c in args.chapters if c not in names]
    if bad:
        parser.error(f"unknown chapter(s): {', '.join(bad)}")
    out = args.out or args.site / "pdf"
    started = time.perf_counter()
    try:
        results = build.build_pdfs(
            args.site,
            out,
            args.chapters or None,
            paper="Letter" if args.paper == "letter" else "A4",
            version=args.doc_version,
            date=args.date,
            jobs=args.jobs,
            cache_dir=args.cache if args.cache else "user",
        )
    except (FileNotFoundError, build.TypesetError) as exc:
        print(f"handbook pdf: {_safe(str(exc))}", file=sys.stderr)
        return 1
    warned = False
    for r in results:
        how = "unchanged, from the cache" if r.reused else f"composed in {r.seconds:.1f} s"
        print(f"{r.path}: {r.pages} pages, {size(r.bytes)}, {how}")
        for w in dict.fromkeys(r.warnings):
            warned = True
            print(f"  warning: {_safe(w)}", file=sys.stderr)
    stats = build.LAST_RUN
    for note in stats.notes:
        print(f"note: {note}")
    print(
        f"{len(results)} PDF(s) in {time.perf_counter() - started:.1f} s: "
        f"{stats.typeset} of {stats.segments} parts typeset ({stats.typeset_pages} pages, "
        f"{stats.seconds_typeset:.1f} s), {stats.reused_pdfs} PDF(s) unchanged; "
        f"listing: {out / 'index.html'}"
    )
    return 1 if warned and args.strict else 0


def _safe(text: str) -> str:
    """Control characters of a message (from page content) shown, not sent to the terminal."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
