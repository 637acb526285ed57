"""The listing of the PDFs: ``pdfs.json`` and the ``index.html`` page the site links to."""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from handbook.pdf.chapters import HANDBOOK, chapter_names


class Listed(Protocol):
    """What the listing says of a PDF (a :class:`handbook.pdf.build.PdfResult`)."""

    name: str
    title: str
    path: Path
    pages: int
    bytes: int
    paper: str


def size(n: int) -> str:
    """A file size for people: "312 KB", "2.3 MB"."""
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def write_listing(
    out_dir: Path,
    results: Sequence[Listed],
    *,
    site_name: str,
    paper: str,
    version: str,
    date: str,
) -> list[dict[str, object]]:
    """Write pdfs.json and index.html listing every PDF in out_dir, in handbook order.

    PDFs built earlier (an earlier run for other chapters) stay listed with what the
    earlier pdfs.json said about them, as long as their file is still there.
    """
    known: dict[str, dict[str, object]] = {}
    listing = out_dir / "pdfs.json"
    if listing.is_file():
        try:
            known = {str(e["name"]): e for e in json.loads(listing.read_text("utf-8"))["pdfs"]}
        except (ValueError, KeyError, TypeError):
            known = {}
    for r in results:
        known[r.name] = {
            "name": r.name,
            "title": r.title,
            "file": r.path.name,
            "pages": r.pages,
            "bytes": r.bytes,
            "paper": r.paper,
        }
    order = [HANDBOOK, *chapter_names()]
    entries = sorted(
        (e for e in known.values() if (out_dir / str(e["file"])).is_file()),
        key=lambda e: (order.index(str(e["name"])) if e["name"] in order else 99, str(e["name"])),
    )
    (out_dir / "pdfs.json").write_text(
        json.dumps(
            {
                "site_name": site_name,
                "paper": paper,
                "version": version,
                "date": date,
                "pdfs": entries,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    rows = "\n".join(
        f'<tr><td><a href="{html.escape(str(e["file"]))}">{html.escape(str(e["title"]))}'
        f'</a></td><td>{html.escape(str(e["file"]))}</td><td class="n">{e["pages"]}</td>'
        f'<td class="n">{size(int(str(e["bytes"])))}</td></tr>'
        for e in entries
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Printable PDFs - {html.escape(site_name)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto;
       padding: 0 1rem; color: #222; line-height: 1.5; }}
h1 {{ font-size: 1.6rem; font-weight: 600; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #ddd; }}
td.n, th.n {{ text-align: right; white-space: nowrap; }}
a {{ color: #3f51b5; }}
p.meta {{ color: #666; font-size: .9rem; }}
</style></head>
<body>
<p><a href="../index.html">← {html.escape(site_name)}</a></p>
<h1>Printable PDFs</h1>
<p>One PDF per chapter, and the whole handbook, for printing: each has a table of contents
with page numbers and the chapter's bibliography at its end. Each PDF numbers its own
pages: the whole handbook straight through, a chapter from its own cover.</p>
<p class="meta">Paper: {html.escape(paper)} · version {html.escape(version)} ·
built {html.escape(date)}</p>
<table>
<thead><tr><th>Chapter</th><th>File</th><th class="n">Pages</th><th class="n">Size</th></tr>
</thead>
<tbody>
{rows}
</tbody>
</table>
</body></html>
"""
    (out_dir / "index.html").write_text(page, encoding="utf-8")
    return entries
