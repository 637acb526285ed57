"""How fast the search answers a reader who opens a page cold, and what it transfers.

    .venv/bin/python benchmarks/search.py                    # the real handbook
    .venv/bin/python benchmarks/search.py --sizes 3000       # and a generated one of 3,000 pages
    .venv/bin/python benchmarks/search.py --site site/       # an already built site

For each site and query, in headless Chromium (Debian's, /usr/bin/chromium) with an empty
cache each time: open a page, type the query into the search box as soon as the page has
loaded, and measure

* the time from the start of the navigation to the first result shown;
* the bytes transferred until then: everything, and the search's share (the search worker,
  the index settings, Pagefind's files);
* the time from typing a second query to its answer (the index engine is loaded by then).

The site is served from 127.0.0.1 by a small server that compresses text as a web host
does (gzip); Pagefind's files are compressed already. Each measurement is repeated and the
median is reported. Results go to benchmarks/results/search.md and search.json.

``benchmarks/run.py`` calls :func:`bench` after its builds, on the generated sites it built.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")

#: Targets (issue #17): the real site, and 3,000 generated pages.
TARGET_FIRST_MS = 500.0
TARGET_BYTES = 300 * 1024

REAL_QUERIES = ["UNHCR", "best interests of the child", "E/CN.4/2003/74", "compensation"]
START_PAGE = "principles/principle-7.html"

#: The search worker's steps (docs/js/search-worker.js, ``self.hbSearch.ms``): created
#: and set up, Pagefind's engine imported and initialized, the query received, the index
#: searched, the first results' fragments loaded.
STEPS = ("setup", "ready", "query", "searched", "loaded")

_TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg")

_INIT_JS = """
window.__hbFirst = null;
new MutationObserver(() => {
  if (window.__hbFirst === null && document.querySelector('.md-search-result__item')) {
    window.__hbFirst = performance.now();
  }
}).observe(document, {subtree: true, childList: true});
"""


# ------------------------------------------------------------------ a compressing server


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; text compressed with gzip when the browser accepts it."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the stdlib name)
        pass

    def send_head(self) -> Any:  # type: ignore[override]
        path = self.translate_path(self.path)
        ctype = self.guess_type(path)
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and os.path.isfile(path) and ctype.startswith(_TEXT_TYPES)):
            return super().send_head()
        with open(path, "rb") as f:
            body = gzip.compress(f.read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on 127.0.0.1 at a free port; yield the base URL."""
    handler = functools.partial(_Handler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def is_search_request(url: str) -> bool:
    return any(part in url for part in ("/pagefind/", "/js/search-", "/search/",
                                        "/workers/search"))


# ------------------------------------------------------------------ one cold measurement


def lunr_routes(site: Path) -> Any:
    """Routes that give a page Material's own search on the same site: no worker swap, and
    the whole lunr index where the page fetches it (served from memory, so its transfer
    costs nothing here: a comparison in lunr's favour)."""
    whole = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    body = whole.removeprefix("var __index = ")

    def install(ctx: Any) -> None:
        ctx.route("**/js/search-setup.js", lambda route: route.fulfill(
            body="", content_type="text/javascript"))
        ctx.route("**/search/search_index.json", lambda route: route.fulfill(
            body=body, content_type="application/json"))

    return install


def measure_once(browser: Any, base: str, query: str, second: str | None = None, *,
                 start_page: str = START_PAGE, routes: Any = None) -> dict[str, Any]:
    """Open ``start_page`` with an empty cache, type ``query``; return the timings (ms) and
    the bytes transferred before the first result. ``routes(context)`` may change what the
    page is served (:func:`lunr_routes`)."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    if routes is not None:
        routes(ctx)
    finished: list[Any] = []
    # A bound method is refused by Playwright's event wrapper: a lambda it is.
    ctx.on("requestfinished", lambda request: finished.append(request))  # noqa: PLW0108
    ctx.add_init_script(_INIT_JS)
    try:
        page = ctx.new_page()
        page.goto(base + start_page, wait_until="domcontentloaded")
        box = page.locator("input.md-search__input")
        box.click()
        typed = page.evaluate("performance.now()")
        box.fill(query)
        box.press("End")  # Material reads the query on keyup
        page.wait_for_function("window.__hbFirst !== null", timeout=30_000)
        first, origin = page.evaluate("[window.__hbFirst, performance.timeOrigin]")
        worker = next((w for w in page.workers if "search-worker.js" in w.url), None)
        marks = {}
        if worker is not None:
            ms, worker_origin = worker.evaluate("[self.hbSearch.ms, self.hbSearch.origin]")
            # the worker's steps on the page's clock (ms after the start of the navigation)
            marks = {k: v + (worker_origin or origin) - origin for k, v in ms.items()}
        later = None
        if second:
            t0 = time.perf_counter()
            box.fill(second)
            box.press("End")
            if worker is not None:
                deadline = time.monotonic() + 30
                while worker.evaluate("self.hbSearch.answered") != second:
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"no answer to {second!r}")
                    time.sleep(0.005)
                later = (time.perf_counter() - t0) * 1000
        page.wait_for_timeout(50)
        total = search = 0
        requests = []
        cutoff = origin + first
        for req in finished:
            timing = req.timing
            end = timing["startTime"] + max(timing["responseEnd"], 0)
            if end > cutoff + 1:
                continue
            sizes = req.sizes()
            n = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            total += n
            if is_search_request(req.url):
                search += n
                requests.append((req.url[len(base):], n))
        return {"first_ms": first, "typed_ms": typed, "after_typing_ms": first - typed,
                "bytes_total": total, "bytes_search": search, "later_ms": later,
                "search_requests": requests, "worker_ms": marks}
    finally:
        ctx.close()


def measure(browser: Any, base: str, queries: list[str], runs: int,
            site: Path | None = None) -> list[dict[str, Any]]:
    out = []
    lunr = lunr_routes(site) if site is not None and site_has_lunr(site) else None
    for i, q in enumerate(queries):
        second = queries[(i + 1) % len(queries)]
        samples = [measure_once(browser, base, q, second) for _ in range(runs)]
        row = {"query": q, "second": second, "runs": runs, "load": os.getloadavg()[0]}
        if lunr is not None:
            row["lunr_first_ms"] = statistics.median(
                measure_once(browser, base, q, routes=lunr)["first_ms"] for _ in range(runs))
        for key in ("first_ms", "after_typing_ms", "bytes_total", "bytes_search", "later_ms"):
            values = [s[key] for s in samples if s[key] is not None]
            row[key] = statistics.median(values) if values else None
            row[key + "_max"] = max(values) if values else None
        row["steps_ms"] = {"typed": statistics.median(s["typed_ms"] for s in samples)}
        for step in STEPS:
            values = [s["worker_ms"][step] for s in samples if step in s["worker_ms"]]
            if values:
                row["steps_ms"][step] = statistics.median(values)
        row["search_requests"] = samples[-1]["search_requests"]
        row["worker_ms"] = [s["worker_ms"] for s in samples]
        out.append(row)
    return out


def site_has_lunr(site: Path) -> bool:
    """The whole lunr index is there, and small enough to compare with (at 3,000 pages it
    is 55 MB, which Material builds in the browser for tens of seconds)."""
    path = site / "search" / "search_index.js"
    return path.is_file() and path.stat().st_size < 20_000_000


def sizes_of(site: Path) -> dict[str, int]:
    """The search's files in the built site."""
    bundle = site / "pagefind"
    files = [p for p in bundle.rglob("*") if p.is_file()] if bundle.is_dir() else []
    chunks = [p.stat().st_size for p in files if p.suffix == ".pf_index"]
    frags = [p.stat().st_size for p in files if p.suffix == ".pf_fragment"]
    lunr = site / "search" / "search_index.js"
    return {
        "pagefind_bytes": sum(p.stat().st_size for p in files),
        "pagefind_files": len(files),
        "index_chunks": len(chunks),
        "index_chunk_max": max(chunks, default=0),
        "fragment_median": int(statistics.median(frags)) if frags else 0,
        "lunr_index_bytes": lunr.stat().st_size if lunr.is_file() else 0,
        "html_pages": sum(1 for _ in site.rglob("*.html")),
    }


# ------------------------------------------------------------------ sites


def build(project: Path, site: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                    str(project / "mkdocs.yml"), "-d", str(site)], check=True, env=ENV,
                   cwd=project, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def generated_queries(project: Path) -> list[str]:
    """Queries for a generated handbook: an agency's name and acronym, a document symbol,
    a word and two words of its vocabulary, a principle by number."""
    import yaml

    def front(path: Path) -> dict[str, Any]:
        text = path.read_text(encoding="utf-8")
        return yaml.safe_load(text.split("---", 2)[1]) or {}

    agency = front(sorted((project / "docs/agencies").glob("agency-*.md"))[0])
    docs = sorted((project / "docs/documents").glob("*.md"))
    symbol = next(m["symbol"] for m in map(front, docs) if m.get("symbol"))
    return [agency["title"], str(agency.get("acronym") or agency["short"]), symbol,
            "compensation", "debt bondage", "principle 12"]


def bench_site(browser: Any, label: str, site: Path, queries: list[str],
               runs: int) -> dict[str, Any]:
    with serve(site) as base:
        rows = measure(browser, base, queries, runs, site)
    return {"label": label, "site": str(site), "files": sizes_of(site), "queries": rows}


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True,
                                     args=["--no-sandbox", "--disable-gpu"])
        try:
            yield browser
        finally:
            browser.close()


def bench(workdir: Path, sizes: list[int], results: Path, *, runs: int = 5,
          real: bool = True, seed: int = 20240601, merge: bool = False) -> dict[str, Any]:
    """Measure the real handbook (built into ``workdir``) and the generated handbooks of
    ``sizes`` pages (``workdir/site-engine-N`` when run.py built it, else built here).
    With ``merge``, the sites measured replace those of the same name in the results
    already recorded, and the others are kept (each with its own date and load)."""
    from generate import generate

    out: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": _machine(),
                           "sites": []}
    stamp = {"date": out["date"]}
    with chromium() as browser:
        if real:
            site = workdir / "site-real"
            out["real_build_s"] = build(REPO, site)
            out["sites"].append({**bench_site(browser, "handbook", site, REAL_QUERIES, runs),
                                 **stamp})
        for n in sizes:
            project, site = workdir / f"engine-{n}", workdir / f"site-engine-{n}"
            if not (project / "mkdocs.yml").is_file():
                generate(n, project, seed)
            if not (site / "pagefind" / "pagefind-entry.json").is_file():
                build(project, site)
            out["sites"].append({**bench_site(browser, f"N={n}", site,
                                              generated_queries(project), runs), **stamp})
    results.mkdir(parents=True, exist_ok=True)
    if merge and (results / "search.json").is_file():
        old = json.loads((results / "search.json").read_text(encoding="utf-8"))
        new = {s["label"] for s in out["sites"]}
        kept = [s for s in old.get("sites", []) if s["label"] not in new]
        out["sites"] = kept + out["sites"]
        out["sites"].sort(key=lambda s: (s["label"] != "handbook", len(s["label"]), s["label"]))
        out.setdefault("real_build_s", old.get("real_build_s"))
    (results / "search.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    (results / "search.md").write_text(report(out), encoding="utf-8")
    return out


def _machine() -> dict[str, str]:
    return {"cpus": str(os.cpu_count()), "python": platform.python_version(),
            "platform": platform.platform(),
            "chromium": subprocess.run([CHROMIUM, "--version"], capture_output=True,
                                       text=True, check=False).stdout.strip()}


def report(out: dict[str, Any]) -> str:
    lines = [
        "# Search: time to the first result and bytes before it",
        "",
        f"Last measured {out['date']} by `benchmarks/search.py` on {out['machine']['cpus']} CPUs "
        f"({out['machine']['platform']}; {out['machine']['chromium']}, headless), the site "
        "served from 127.0.0.1 with gzip. Each figure is the median of "
        f"{out['sites'][0]['queries'][0]['runs'] if out['sites'] else 0} cold page loads "
        "(empty cache); the largest in brackets.",
        "",
        "- *first result*: from the start of the navigation to the first result shown, the "
        "query entered at once (as pasted or picked) as soon as the page has loaded (page "
        "load included);",
        "- *after typing*: from entering the query to the first result;",
        "- *bytes*: transferred before the first result, all of it (page, theme, search) "
        "and the search's share (worker, index settings, Pagefind's engine, index chunks "
        "and result fragments);",
        "- *next query*: a second query typed once the first is answered, to its answer;",
        "- *lunr*: the same page and query with Material's own search (the whole lunr index "
        "served from memory), measured alongside, so that both see the same machine load;",
        "- *load*: the machine's 1-minute load average during the measure (2 CPUs: above 2,"
        " other processes compete for them and every time grows).",
        "",
        f"Targets: first result at most {TARGET_FIRST_MS:.0f} ms on the real site; at most "
        f"{TARGET_BYTES // 1024} KB before the first result at 3,000 pages.",
        "",
    ]
    lines += verdicts(out)
    for s in out["sites"]:
        f = s["files"]
        lines += [
            f"## {s['label']}",
            "",
            f"Measured {s.get('date', out['date'])}.",
            "",
            f"{f['html_pages']:,} HTML pages; Pagefind bundle "
            f"{f['pagefind_bytes'] / 1e6:.1f} MB in {f['pagefind_files']:,} files "
            f"({f['index_chunks']} index chunks, the largest "
            f"{f['index_chunk_max'] / 1024:.0f} KB; result fragments "
            f"{f['fragment_median'] / 1024:.1f} KB each, median); the whole lunr index kept "
            "for the search from disk: "
            f"{f['lunr_index_bytes'] / 1e6:.1f} MB (not loaded over http).",
            "",
            "| query | first result | after typing | bytes, all | bytes, search | next query "
            "| lunr: first result | load |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in s["queries"]:
            later = (f"{r['later_ms']:.0f} ms ({r['later_ms_max']:.0f})"
                     if r["later_ms"] is not None else "n/a")
            lunr = f"{r['lunr_first_ms']:.0f} ms" if r.get("lunr_first_ms") else "not measured"
            lines.append(
                f"| `{r['query']}` | {r['first_ms']:.0f} ms ({r['first_ms_max']:.0f}) "
                f"| {r['after_typing_ms']:.0f} ms | {r['bytes_total'] / 1024:.0f} KB "
                f"({r['bytes_total_max'] / 1024:.0f}) | {r['bytes_search'] / 1024:.0f} KB "
                f"({r['bytes_search_max'] / 1024:.0f}) | {later} | {lunr} | {r['load']:.1f} |")
        lines += ["", "Where the time goes (medians, ms after the start of the navigation): the "
                  "page ready and the query entered; the worker set up, Pagefind ready, the "
                  "query received, the index searched, the first results' data loaded; then "
                  "shown.", "",
                  "| query | query entered | worker setup | Pagefind ready | query received "
                  "| searched | loaded | shown |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for r in s["queries"]:
            st = r.get("steps_ms", {})
            cells = [f"{st[k]:.0f}" if k in st else "n/a" for k in ("typed", *STEPS)]
            lines.append(f"| `{r['query']}` | " + " | ".join(cells) + f" | {r['first_ms']:.0f} |")
        worst = s["queries"][max(range(len(s["queries"])),
                                 key=lambda i: s["queries"][i]["bytes_search"])]
        lines += ["", f"Search requests before the first result for `{worst['query']}`:", ""]
        lines += [f"- `{u}`: {n / 1024:.1f} KB" for u, n in worst["search_requests"]]
        lines.append("")
    return "\n".join(lines) + "\n"


def verdicts(out: dict[str, Any]) -> list[str]:
    """Each target against the measures: met or missed, by how much, and where the time of
    the slowest query goes."""
    lines = ["## Targets", ""]
    sites = {s["label"]: s for s in out["sites"]}
    real = sites.get("handbook")
    if real is not None:
        slow = max(real["queries"], key=lambda r: r["first_ms"])
        st = slow.get("steps_ms", {})
        ok = slow["first_ms"] <= TARGET_FIRST_MS
        detail = ""
        if "typed" in st:
            detail = (f"; of which the page itself until the query is entered "
                      f"{st['typed']:.0f} ms, the search {slow['first_ms'] - st['typed']:.0f} ms")
        lines.append(
            f"- first result on the real site <= {TARGET_FIRST_MS:.0f} ms: "
            f"**{'met' if ok else 'missed'}**, slowest query `{slow['query']}` "
            f"{slow['first_ms']:.0f} ms (median; "
            + (f"{slow['first_ms'] - TARGET_FIRST_MS:.0f} ms over" if not ok else "within")
            + f"{detail}; load {slow['load']:.1f} on {out['machine']['cpus']} CPUs)")
    big = sites.get("N=3000")
    if big is not None:
        worst = max(big["queries"], key=lambda r: r["bytes_total"])
        ok = worst["bytes_total"] <= TARGET_BYTES
        over = [r for r in big["queries"] if r["bytes_total"] > TARGET_BYTES]
        parts = {"engine": 0, "index": 0, "fragments": 0, "other": 0}
        chunks = 0
        for url, n in worst["search_requests"]:
            if url.endswith(".pf_index"):
                parts["index"] += n
                chunks += 1
            elif url.endswith(".pf_fragment"):
                parts["fragments"] += n
            elif "/pagefind" in "/" + url:
                parts["engine"] += n
            else:
                parts["other"] += n
        page = worst["bytes_total"] - worst["bytes_search"]
        lines.append(
            f"- bytes before the first result at 3,000 pages <= {TARGET_BYTES // 1024} KB: "
            f"**{'met' if ok else 'missed'}** ({len(big['queries']) - len(over)} of "
            f"{len(big['queries'])} queries within it); the most, `{worst['query']}`, "
            f"{worst['bytes_total'] / 1024:.0f} KB"
            + (f", {(worst['bytes_total'] - TARGET_BYTES) / 1024:.0f} KB over" if not ok else "")
            + f": the page and theme {page / 1024:.0f} KB, Pagefind's engine (script, "
            f"WebAssembly, page list) {parts['engine'] / 1024:.0f} KB, {chunks} index chunks "
            f"(one or more per word of the query) {parts['index'] / 1024:.0f} KB, result "
            f"fragments {parts['fragments'] / 1024:.0f} KB, the rest "
            f"{parts['other'] / 1024:.0f} KB")
    else:
        lines.append("- bytes at 3,000 pages: not measured in this run")
    return [*lines, ""]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Search: time to first result, bytes before it.")
    ap.add_argument("--sizes", default="", help='generated handbooks, e.g. "3000"')
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--site", type=Path, help="measure this built site only")
    ap.add_argument("--workdir", type=Path,
                    default=Path(tempfile.gettempdir()) / "handbook-bench")
    ap.add_argument("--results", type=Path, default=HERE / "results")
    ap.add_argument("--no-real", action="store_true", help="do not measure the real handbook")
    ap.add_argument("--merge", action="store_true",
                    help="keep the recorded results of the sites not measured this time")
    ns = ap.parse_args(argv)
    sys.path.insert(0, str(HERE))
    if ns.site:
        with chromium() as browser:
            out = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": _machine(),
                   "sites": [bench_site(browser, str(ns.site), ns.site, REAL_QUERIES,
                                        ns.runs)]}
        print(report(out))
        return 0
    ns.workdir.mkdir(parents=True, exist_ok=True)
    sizes = [int(x) for x in ns.sizes.replace(",", " ").split()]
    out = bench(ns.workdir, sizes, ns.results, runs=ns.runs, real=not ns.no_real,
                merge=ns.merge)
    print(report(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
