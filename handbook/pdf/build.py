"""Building the PDFs: assemble every segment, typeset those not in the cache, compose.

1. :func:`handbook.pdf.site.load_site` reads the built site; the assembler makes the
   segments of every PDF asked for (:mod:`handbook.pdf.assemble`).
2. Each segment gets a key: the digest of its HTML, the stylesheet, the paper, the fonts
   installed, the versions of WeasyPrint and of this code, and the images it shows. A
   segment whose key is in the cache is reused; the others are typeset, one batch per
   chapter, in parallel (:mod:`handbook.pdf.typeset`). Every page is typeset once: the
   handbook and the chapter PDFs share their segments.
3. Each PDF is composed from its segments (:mod:`handbook.pdf.compose`), or copied from
   the cache when nothing in it changed, and the listing is written
   (:mod:`handbook.pdf.listing`).
"""

from __future__ import annotations

import datetime as _dt
import glob
import hashlib
import json
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from handbook.pdf import assemble, cache, typeset
from handbook.pdf.assemble import Assembler, Plan, Segment
from handbook.pdf.chapters import HANDBOOK, chapter_names
from handbook.pdf.compose import Part, compose
from handbook.pdf.listing import write_listing
from handbook.pdf.site import Site, chapter_units, inside, load_site


@dataclass
class PdfResult:
    """One written PDF."""

    name: str
    title: str
    path: Path
    pages: int
    bytes: int
    seconds: float  # wall clock (composing, or copying it from the cache)
    site_pages: int
    cpu_seconds: float = 0.0  # CPU time of the run, shared out by pages
    paper: str = "A4"
    warnings: list[str] = field(default_factory=list)
    reused: bool = False  # copied from the cache: nothing in it changed


@dataclass
class RunStats:
    """What a run did: for the CLI's summary line and for the benchmark."""

    segments: int = 0
    typeset: int = 0  # segments typeset in this run
    typeset_pages: int = 0
    reused_pdfs: int = 0
    seconds_typeset: float = 0.0
    seconds_compose: float = 0.0
    notes: list[str] = field(default_factory=list)


LAST_RUN = RunStats()


def default_version() -> str:
    """The engine's version, printed on the covers."""
    try:
        return metadata.version("hr-trafficking-handbook")
    except metadata.PackageNotFoundError:
        return "unknown"


def default_date() -> str:
    """Today (UTC), or the day of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = _dt.datetime.fromtimestamp(int(epoch), _dt.UTC) if epoch else _dt.datetime.now(_dt.UTC)
    return when.date().isoformat()


def available(site_dir: Path) -> dict[str, str]:
    """Name -> title of every PDF that can be built from this site, in order."""
    site = load_site(site_dir)
    units = chapter_units(site.pages)
    out = {n: units[n].title for n in chapter_names() if n in units}
    out[HANDBOOK] = assemble.HANDBOOK_TITLE
    return out


# --------------------------------------------------------------------------- keys

_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.fonts",
    "~/.local/share/fonts",
    "/etc/fonts",
)
_LIB_GLOBS = (
    "/usr/lib/*/libpango-1.0.so*",
    "/usr/lib/*/libpangoft2-1.0.so*",
    "/usr/lib/*/libharfbuzz.so*",
    "/usr/lib/*/libharfbuzz-subset.so*",
    "/usr/lib/*/libfontconfig.so*",
    "/usr/lib/libpango-1.0.so*",
    "/usr/lib/libharfbuzz.so*",
    "/usr/local/lib/libpango-1.0.so*",
)


def system_fingerprint() -> str:
    """The identity of the installed fonts, fontconfig's configuration and the text
    libraries WeasyPrint lays out with (names, sizes, modification times)."""
    h = hashlib.sha256()
    dirs = [os.path.expanduser(d) for d in _FONT_DIRS]
    xdg = os.environ.get("XDG_DATA_HOME")
    if xdg:
        dirs.append(os.path.join(xdg, "fonts"))
    for top in dirs:
        for folder, subdirs, files in os.walk(top):
            subdirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                h.update(f"{path}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    for pattern in _LIB_GLOBS:
        for path in sorted(glob.glob(pattern)):
            try:
                st = os.stat(path)
            except OSError:
                continue
            h.update(f"{path}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def code_digest() -> str:
    """The digest of this package's code and stylesheet."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), here / "pdf.css"]):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def config_digest(css: str) -> str:
    """Everything but the HTML a typeset segment depends on."""
    h = hashlib.sha256(f"format {cache.FORMAT}\n".encode())
    h.update(code_digest().encode())
    for dist in (
        "weasyprint",
        "pydyf",
        "tinycss2",
        "tinyhtml5",
        "cssselect2",
        "fonttools",
        "pyphen",
    ):
        try:
            h.update(f"{dist} {metadata.version(dist)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist} -\n".encode())
    h.update(system_fingerprint().encode())
    h.update(css.encode())
    return h.hexdigest()


def segment_key(config: str, seg: Segment, site_root: Path) -> str:
    """The key of a typeset segment: its content and everything it is typeset with."""
    h = hashlib.sha256(config.encode())
    h.update(f"\0{seg.kind}\0{seg.foot}\0".encode())
    h.update(seg.html.encode())
    for rel in seg.images:
        path = inside(site_root, rel)
        data = path.read_bytes() if path is not None else b""
        h.update(f"\0{rel}\0{hashlib.sha256(data).hexdigest()}".encode())
    return h.hexdigest()


# --------------------------------------------------------------------------- typesetting


@dataclass
class _Job:
    keys: list[str]
    segments: list[tuple[str, str, str]]  # kind, html, foot
    wheres: list[str]
    cost: int


class TypesetError(RuntimeError):
    """A page WeasyPrint could not typeset (the message names it)."""


def _typeset_job(
    job: _Job, site_root: str, css: str, digits: int, memo: str
) -> list[tuple[list[str], typeset.Batch]]:
    """Typeset a batch; if WeasyPrint fails on it, each segment alone, to name the page."""

    def run(segments: list[tuple[str, str, str]], wheres: list[str]) -> typeset.Batch:
        return typeset.typeset(
            segments, site_root=Path(site_root), css=css, digits=digits, wheres=wheres,
            memo=Path(memo),
        )  # fmt: skip

    try:
        return [(job.keys, run(job.segments, job.wheres))]
    except (ArithmeticError, AssertionError, AttributeError, LookupError, RecursionError,
            RuntimeError, TypeError, ValueError) as exc:  # fmt: skip
        if len(job.segments) == 1:
            raise TypesetError(
                f"{job.wheres[0]}: could not be typeset ({type(exc).__name__}: {exc})"
            ) from exc
    return [
        _typeset_job(_Job([k], [s], [w], 0), site_root, css, digits, memo)[0]
        for k, s, w in zip(job.keys, job.segments, job.wheres, strict=True)
    ]


class _Run:
    """One build: the store, the keys, the layouts, what was typeset."""

    def __init__(self, site: Site, store: cache.Store, css: str, digits: int) -> None:
        self.site = site
        self.store = store
        self.css = css
        self.digits = digits
        self.config = config_digest(css)
        self.layouts: dict[str, typeset.SegmentLayout] = {}
        self.batch_of: dict[str, str] = {}
        self.fonts: dict[str, dict[str, Any]] = {}
        self.batches: dict[str, bytes] = {}
        self.font_data: dict[str, bytes] = {}

    def lookup(self, key: str) -> bool:
        """Whether the segment is in the cache, whole and verified."""
        record = self.store.get("seg", key)
        if not isinstance(record, dict):
            return False
        try:
            layout = typeset.layout_from_json(record["layout"])
            batch = str(record["batch"])
            fonts = {str(k): dict(v) for k, v in record["fonts"].items()}
        except (ValueError, KeyError, TypeError, AttributeError):
            return False
        if batch not in self.batches:
            data = self.store.read("batch", batch)
            if data is None:
                return False
            self.batches[batch] = data
        for digest in {s.font for s in layout.slots}:
            if digest not in fonts:
                return False
            if digest not in self.font_data:
                data = self.store.read("font", digest + ".otf")
                if data is None:
                    return False
                self.font_data[digest] = data
        self.layouts[key] = layout
        self.batch_of[key] = batch
        self.fonts.update(fonts)
        return True

    def keep(self, keys: Sequence[str], batch: typeset.Batch) -> None:
        """Store a typeset batch and its segments."""
        name = self.store.write("batch", batch.pdf, ".pdf")
        self.batches[name] = batch.pdf
        metas = {}
        for digest, font in batch.fonts.items():
            self.store.write("font", font.data, ".otf")
            self.font_data[digest] = font.data
            metas[digest] = font.meta()
        self.fonts.update(metas)
        for key, layout in zip(keys, batch.layouts, strict=True):
            used = {s.font for s in layout.slots}
            self.store.put(
                "seg",
                key,
                {
                    "batch": name,
                    "layout": typeset.layout_to_json(layout),
                    "fonts": {d: metas[d] for d in used},
                },
            )
            self.layouts[key] = layout
            self.batch_of[key] = name


def _jobs_for(missing: dict[str, Segment], group_of: dict[str, str]) -> list[_Job]:
    jobs: dict[str, _Job] = {}
    for key, seg in missing.items():
        job = jobs.setdefault(group_of[key], _Job([], [], [], 0))
        job.keys.append(key)
        job.segments.append((seg.kind, seg.html, seg.foot))
        job.wheres.append(seg.where)
        job.cost += len(seg.html)
    return sorted(jobs.values(), key=lambda j: -j.cost)


def _typeset_all(run: _Run, jobs: list[_Job], workers: int) -> None:
    if not jobs:
        return
    site_root = str(run.site.root)
    memo = str(run.store.root / "stampfont")
    if workers <= 1 or len(jobs) == 1:
        for job in jobs:
            for keys, batch in _typeset_job(job, site_root, run.css, run.digits, memo):
                run.keep(keys, batch)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=ctx) as pool:
        futures = [
            pool.submit(_typeset_job, job, site_root, run.css, run.digits, memo) for job in jobs
        ]
        for fut in as_completed(futures):
            for keys, batch in fut.result():
                run.keep(keys, batch)


# --------------------------------------------------------------------------- the API


def build_pdfs(
    site_dir: Path,
    out_dir: Path,
    chapters: list[str] | None = None,
    *,
    paper: str = "A4",
    version: str | None = None,
    date: str | None = None,
    jobs: int | None = None,
    cache_dir: Path | str | None = "user",
) -> list[PdfResult]:
    """Build the PDFs named in chapters (None: every chapter and the handbook).

    Writes out_dir/<name>.pdf for each, then out_dir/pdfs.json and out_dir/index.html
    listing every PDF present in out_dir. jobs: worker processes (default: CPU count).
    cache_dir: where typeset segments are kept ("user": the user's cache folder, or none
    when HANDBOOK_NO_CACHE is set; None: a temporary folder for this run only).
    """
    if paper.lower() not in typeset.PAPERS:
        raise ValueError(f"unknown paper {paper!r}; expected A4 or Letter")
    started, cpu = time.perf_counter(), time.process_time()
    site_dir, out_dir = Path(site_dir), Path(out_dir)
    version = version or default_version()
    date = date or default_date()
    site = load_site(site_dir)
    units = chapter_units(site.pages)
    known = [*(n for n in chapter_names() if n in units), HANDBOOK]
    names = list(dict.fromkeys(chapters)) if chapters else known
    bad = [n for n in names if n not in known]
    if bad:
        raise ValueError(f"unknown chapter {bad[0]!r}; expected one of {', '.join(known)}")
    asm = Assembler(site, units, version=version, date=date)
    plans = asm.plans(names)
    paper_name = "Letter" if paper.lower() == "letter" else "A4"
    if os.environ.get("HANDBOOK_PDF_TARGET_COUNTER"):
        return _reference(site, plans, out_dir=out_dir, paper=paper, version=version, date=date)

    root = cache.default_root() if cache_dir == "user" else cache_dir
    store = cache.Store(Path(root) if root is not None else None)
    stats = RunStats()
    try:
        digits = 3
        while True:
            css = typeset.page_css(paper, digits)
            results = _build(
                site=site, asm=asm, plans=plans, out_dir=out_dir, store=store, css=css,
                digits=digits, jobs=jobs, stats=stats, paper_name=paper_name,
                version=version, date=date,
            )  # fmt: skip
            if all(len(str(r.pages)) <= digits for r in results):
                break
            digits = max(len(str(r.pages)) for r in results)
        spent = time.process_time() - cpu
        total_pages = sum(r.pages for r in results) or 1
        for r in results:
            r.cpu_seconds = spent * r.pages / total_pages
        if results:
            results[0].warnings[:0] = site.warnings
        if not site.address:
            stats.notes.append(
                "the site gives no address (site_url in mkdocs.yml): the PDFs do not link to it"
            )
        write_listing(
            out_dir, results, site_name=site.name, paper=paper_name, version=version, date=date
        )
        store.finish()
    finally:
        store.close()
    stats.seconds_compose = sum(r.seconds for r in results)
    del started
    LAST_RUN.__dict__.update(stats.__dict__)
    return results


def _build(
    *,
    site: Site,
    asm: Assembler,
    plans: list[Plan],
    out_dir: Path,
    store: cache.Store,
    css: str,
    digits: int,
    jobs: int | None,
    stats: RunStats,
    paper_name: str,
    version: str,
    date: str,
) -> list[PdfResult]:
    """One pass: keys, typesetting what the cache lacks, composing every PDF."""
    run = _Run(site, store, css, digits)
    keyed: dict[int, str] = {}
    segments: dict[str, Segment] = {}
    group_of: dict[str, str] = {}
    for plan in plans:
        for seg, _level in plan.segments:
            if id(seg) not in keyed:
                key = segment_key(run.config, seg, site.root)
                keyed[id(seg)] = key
                segments.setdefault(key, seg)
                group_of.setdefault(key, seg.group)
    missing = {k: s for k, s in segments.items() if not run.lookup(k)}
    stats.segments = len(segments)
    stats.typeset = len(missing)
    t0 = time.perf_counter()
    workers = max(1, jobs or os.cpu_count() or 1)
    _typeset_all(run, _jobs_for(missing, group_of), workers)
    stats.seconds_typeset = time.perf_counter() - t0
    stats.typeset_pages = sum(run.layouts[k].pages for k in missing)
    results = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for plan in plans:
        results.append(
            _compose_plan(
                run=run,
                asm=asm,
                plan=plan,
                keyed=keyed,
                out_dir=out_dir,
                paper_name=paper_name,
                version=version,
                date=date,
                stats=stats,
            )
        )
    return results


def _compose_plan(
    *,
    run: _Run,
    asm: Assembler,
    plan: Plan,
    keyed: dict[int, str],
    out_dir: Path,
    paper_name: str,
    version: str,
    date: str,
    stats: RunStats,
) -> PdfResult:
    started = time.perf_counter()
    parts = [
        Part(run.layouts[keyed[id(seg)]], run.batch_of[keyed[id(seg)]], level)
        for seg, level in plan.segments
    ]
    meta = {
        "Title": f"{run.site.name} — {plan.title}",
        "Author": run.site.name,
        "Subject": f"{plan.title}, version {version}, {date}",
        "Creator": "handbook.pdf (WeasyPrint, pypdf)",
        "Lang": "en",
    }
    inside_ids = {i for p in parts for i in p.layout.anchors}
    outside = sorted({k.target for p in parts for k in p.layout.links} - inside_ids)
    urls = {t: asm.site_url(t) for t in outside}
    recipe = hashlib.sha256(
        json.dumps(
            [
                run.config,
                plan.name,
                [(keyed[id(seg)], level) for seg, level in plan.segments],
                meta,
                urls,
                _pypdf_version(),
            ],
            sort_keys=True,
        ).encode()
    ).hexdigest()
    seg_warnings = [w for seg, _ in plan.segments for w in seg.warnings]
    seg_warnings += [w for p in parts for w in p.layout.warnings]
    target = out_dir / f"{plan.name}.pdf"
    record = run.store.get("out", recipe)
    if isinstance(record, dict) and isinstance(record.get("pdf"), str):
        data = run.store.read("outpdf", record["pdf"])
        if data is not None:
            _write(target, data)
            stats.reused_pdfs += 1
            return PdfResult(
                name=plan.name,
                title=plan.title,
                path=target,
                pages=int(record.get("pages", 0)),
                bytes=len(data),
                seconds=time.perf_counter() - started,
                site_pages=plan.site_pages,
                paper=paper_name,
                warnings=seg_warnings + [str(w) for w in record.get("warnings", [])],
                reused=True,
            )
    fonts = {d: (run.fonts[d], run.font_data[d]) for d in run.font_data if d in run.fonts}
    composed = compose(
        parts,
        read_batch=run.batches.__getitem__,
        fonts=fonts,
        site_url=urls.get,
        metadata=meta,
        target=target,
    )
    name = run.store.write("outpdf", composed.data, ".pdf")
    run.store.put(
        "out", recipe, {"pdf": name, "pages": composed.pages, "warnings": composed.warnings}
    )
    if os.environ.get("HANDBOOK_PDF_KEEP_HTML"):
        body = "".join(
            typeset.wrap(i, seg.kind, seg.foot, seg.html)
            for i, (seg, _) in enumerate(plan.segments)
        )
        target.with_suffix(".html").write_text(typeset.document(body), encoding="utf-8")
    return PdfResult(
        name=plan.name,
        title=plan.title,
        path=target,
        pages=composed.pages,
        bytes=len(composed.data),
        seconds=time.perf_counter() - started,
        site_pages=plan.site_pages,
        paper=paper_name,
        warnings=seg_warnings + composed.warnings,
    )


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".pdf.part")
    tmp.write_bytes(data)
    tmp.replace(target)


def _pypdf_version() -> str:
    try:
        return metadata.version("pypdf")
    except metadata.PackageNotFoundError:
        return "-"


def _reference(
    site: Site,
    plans: list[Plan],
    *,
    out_dir: Path,
    paper: str,
    version: str,
    date: str,
) -> list[PdfResult]:
    """HANDBOOK_PDF_TARGET_COUNTER=1: each PDF as one WeasyPrint document numbered by
    WeasyPrint itself (slower, nothing reused): the reference for the tests."""
    results = []
    css = typeset.page_css(paper, 3, slots=False)
    for plan in plans:
        t0, c0 = time.perf_counter(), time.process_time()
        ids = set()
        for seg, _ in plan.segments:
            ids.update(re.findall(r'\bid="([^"]+)"', seg.html))
        body = "".join(
            typeset.wrap(i, seg.kind, seg.foot, _only_links_to(seg.html, ids))
            for i, (seg, _) in enumerate(plan.segments)
        )
        target = out_dir / f"{plan.name}.pdf"
        count, warnings = typeset.typeset_whole(
            body, target, site_root=site.root, css=css, title=f"{site.name} — {plan.title}"
        )
        results.append(
            PdfResult(
                name=plan.name,
                title=plan.title,
                path=target,
                pages=count,
                bytes=target.stat().st_size,
                seconds=time.perf_counter() - t0,
                cpu_seconds=time.process_time() - c0,
                site_pages=plan.site_pages,
                paper="Letter" if paper.lower() == "letter" else "A4",
                warnings=[w for seg, _ in plan.segments for w in seg.warnings] + warnings,
            )
        )
    write_listing(
        out_dir,
        results,
        site_name=site.name,
        paper="Letter" if paper.lower() == "letter" else "A4",
        version=version,
        date=date,
    )
    return results


def _only_links_to(fragment: str, ids: set[str]) -> str:
    """The fragment with href="#x" removed where x is not in this document."""

    def fix(m: re.Match[str]) -> str:
        return m.group(0) if m.group(1) in ids else ""

    return re.sub(r' href="#([^"]*)"', fix, fragment)
