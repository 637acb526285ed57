"""What the handbook engine costs on top of plain Material for MkDocs, and how it scales.

    .venv/bin/python benchmarks/run.py                      # N = 100, 1000, 3000
    .venv/bin/python benchmarks/run.py --sizes 100          # one size, quickly
    SIZES=100 .venv/bin/python benchmarks/run.py
    make bench SIZES="100 1000"                             # run.py --sizes "$(SIZES)"

For each size N it generates a synthetic handbook (benchmarks/generate.py) and its baseline
(the same pages, expanded by the engine, built by plain Material without the plugin), then
builds the two ALTERNATELY with ``mkdocs build`` in a subprocess, several times, measuring
wall time and the child's peak RSS (``os.wait4``). It also times ``handbook check`` (the
first run, with an empty cache folder, and a run after editing one page), measures the site
and the search index, a ``make serve`` rebuild after editing one page (as ``mkdocs serve``
builds: ``on_startup(command="serve")`` once, then ``build`` with the config reloaded and
the plugins kept), the engine's share of an in-process build (hook timers and cProfile),
and PDF generation.

Writes benchmarks/results/results.md, results.json, plot.png and profile-N<size>.txt, and
prints last one line per size: ``ratio N=<size>: <engine/baseline>``.

Bench dependencies: the project's own (mkdocs, mkdocs-material, ...) plus matplotlib for
the plot (``.venv/bin/pip install matplotlib``; without it the plot is skipped).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

BIN = Path(sys.executable).parent
DEFAULT_RUNS = {100: 5, 1000: 3, 3000: 3}
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
ENGINE_PREFIXES = (str(REPO / "handbook") + os.sep, str(REPO / "macros") + os.sep)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ measurements

def run_child(cmd: list[str], cwd: Path | None = None,
              env: dict[str, str] | None = None) -> tuple[float, int, str, float]:
    """Run ``cmd``; return (wall s, peak RSS of the child in KiB, stderr, CPU s)."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd, env=env or ENV, stdout=subprocess.DEVNULL,
                             stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}):\n{text[-3000:]}")
    return wall, int(ru.ru_maxrss), text, ru.ru_utime + ru.ru_stime


def mkdocs_build(project: Path, site: Path) -> tuple[float, int, float]:
    shutil.rmtree(site, ignore_errors=True)
    wall, rss, _, cpu = run_child([str(BIN / "mkdocs"), "build", "-q", "-f",
                                   str(project / "mkdocs.yml"), "-d", str(site)])
    return wall, rss, cpu


def handbook_check(project: Path, cache: Path) -> tuple[float, float | None, int, float]:
    """(wall, the load time the command reports, peak RSS KiB, CPU s), with the user cache
    folder ``cache`` (where ``handbook check`` keeps its page cache)."""
    cmd = [str(BIN / "handbook"), "--root", str(project), "check"]
    wall, rss, err, cpu = run_child(cmd, env=dict(ENV, XDG_CACHE_HOME=str(cache)))
    m = re.search(r"\(([\d.]+) s\)", err)
    return wall, float(m.group(1)) if m else None, rss, cpu


def check_timings(project: Path, runs: int, work: Path) -> dict[str, Any]:
    """``handbook check`` the first time (empty cache folder, each run) and after editing
    one page (the cache made by the run before: what an editor sees)."""
    cold = []
    for i in range(runs):
        cache = work / f"check-cache-cold-{i}"
        shutil.rmtree(cache, ignore_errors=True)
        cold.append(handbook_check(project, cache))
        time.sleep(1)  # the cache is written by a child process after the output
    cache = work / "check-cache-warm"
    shutil.rmtree(cache, ignore_errors=True)
    handbook_check(project, cache)
    page = sorted((project / "docs" / "agencies").glob("agency-*.md"))[0]
    original = page.read_text(encoding="utf-8")
    edited = []
    try:
        for i in range(runs):
            time.sleep(1)
            page.write_text(original.rstrip("\n") + f"\n\nEdited for check {i + 1}.\n",
                            encoding="utf-8")
            edited.append(handbook_check(project, cache))
    finally:
        page.write_text(original, encoding="utf-8")
    out: dict[str, Any] = {}
    for name, rows in (("check", cold), ("check_edited", edited)):
        out[f"{name}_wall_median"] = statistics.median(c[0] for c in rows)
        out[f"{name}_cpu_median"] = statistics.median(c[3] for c in rows)
        out[f"{name}_rss_mib"] = max(c[2] for c in rows) / 1024
        loads = [c[1] for c in rows if c[1] is not None]
        out[f"{name}_load_median"] = statistics.median(loads) if loads else None
        out[f"{name}_walls"] = [c[0] for c in rows]
    return out


def dir_size(path: Path) -> tuple[int, int]:
    """(bytes, files) under ``path``."""
    total = files = 0
    for root, _, names in os.walk(path):
        for n in names:
            total += os.path.getsize(os.path.join(root, n))
            files += 1
    return total, files


def compare_sites(a: Path, b: Path) -> dict[str, int]:
    """How many pages differ between the two builds in their <article> (the content)."""
    art = re.compile(r"<article.*?</article>", re.S)
    pages = differ = missing = 0
    for p in a.rglob("*.html"):
        q = b / p.relative_to(a)
        pages += 1
        if not q.exists():
            missing += 1
            continue
        x = art.search(p.read_text(encoding="utf-8"))
        y = art.search(q.read_text(encoding="utf-8"))
        if (x and x.group(0)) != (y and y.group(0)):
            differ += 1
    return {"pages": pages, "differ": differ, "missing": missing}


# --------------------------------------------------- in-process helpers (subprocesses)

def _install_timers() -> dict[str, float]:
    """Wrap the plugin's hooks and the symbol linker with timers (engine share of a build)."""
    from handbook.hosts import markdown_ext as mdext
    from handbook.hosts import mkdocs_plugin as plugin

    timers: dict[str, float] = {}

    def timed(cls: Any, name: str, label: str) -> None:
        fn = getattr(cls, name)

        def wrapper(*a: Any, **k: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                timers[label] = timers.get(label, 0.0) + time.perf_counter() - t0
        setattr(cls, name, wrapper)

    timed(plugin.HandbookPlugin, "on_config", "on_config")
    timed(plugin.HandbookPlugin, "on_files", "on_files (Project.load)")
    timed(plugin.HandbookPlugin, "on_page_markdown", "on_page_markdown (render_page)")
    timed(mdext.SymbolLinker, "run", "SymbolLinker.run (symbol auto-links)")
    return timers


def _inproc_rebuild(project: Path, site: Path, page: Path, rebuilds: int) -> dict[str, Any]:
    """A cold build, then ``rebuilds`` rebuilds after editing ``page``, as ``mkdocs serve``
    does them: same process, config reloaded, module-level caches warm, no --dirty.
    The engine's hooks are timed in each build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    timers = _install_timers()
    hooks: list[dict[str, float]] = []

    stats: list[dict[str, int]] = []
    started: list[bool] = []

    def once() -> float:
        timers.clear()
        cfg = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
        if not started:  # as `mkdocs serve` does, once; plugins with on_startup are kept
            cfg.plugins.on_startup(command="serve", dirty=False)
            started.append(True)
        t0 = time.perf_counter()
        build(cfg)
        hooks.append(dict(timers))
        cache = getattr(cfg.plugins.get("handbook"), "render_cache", None)
        if cache is not None:
            stats.append(dict(cache.stats))
        return time.perf_counter() - t0

    original = page.read_text(encoding="utf-8")
    cold = once()
    warm = []
    try:
        for i in range(rebuilds):
            page.write_text(original.rstrip("\n") + f"\n\nEdited for rebuild {i + 1}.\n",
                            encoding="utf-8")
            warm.append(once())
    finally:
        page.write_text(original, encoding="utf-8")
    return {"cold": cold, "rebuilds": warm, "hooks": hooks, "cache_stats": stats}


def _inproc_profile(project: Path, site: Path, out: Path, plain: bool) -> dict[str, Any]:
    """Hook timers on one plain in-process build, then cProfile of a second build."""
    import cProfile
    import io
    import pstats

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    total, hooks = 0.0, {}
    if plain:
        timers = _install_timers()
        cfg = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
        t0 = time.perf_counter()
        build(cfg)
        total = time.perf_counter() - t0
        hooks = dict(timers)
        # The engine's caches belong to the plugin instance that load_config makes, so the
        # second build below starts cold, as in a subprocess.
    cfg = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    prof = cProfile.Profile()
    prof.enable()
    build(cfg)
    prof.disable()
    st = pstats.Stats(prof)
    buf = io.StringIO()
    st.stream = buf  # type: ignore[attr-defined]
    st.sort_stats("cumulative").print_stats(r"/handbook/|/macros/", 40)
    st.sort_stats("tottime").print_stats(40)
    out.write_text(buf.getvalue(), encoding="utf-8")
    rows = []
    total_prof = max(v[3] for v in st.stats.values())  # type: ignore[attr-defined]
    for (file, line, func), (_cc, nc, tt, ct, _) in st.stats.items():  # type: ignore[attr-defined]
        if file.startswith(ENGINE_PREFIXES):
            rows.append({"function": f"{Path(file).relative_to(REPO)}:{line}({func})",
                         "ncalls": nc, "tottime": tt, "cumtime": ct})
    rows.sort(key=lambda r: -r["cumtime"])
    ext = []
    for (file, line, func), (_cc, nc, tt, ct, _) in st.stats.items():  # type: ignore[attr-defined]
        if ("pylatexenc" in file and func == "latex_to_text") or \
                (file.endswith("inspect.py") and func == "signature"):
            ext.append({"function": f"{Path(file).name}:{line}({func})", "ncalls": nc,
                        "tottime": tt, "cumtime": ct})
    return {"build_total": total, "hooks": hooks, "engine_total": sum(hooks.values()),
            "profiled_total": total_prof, "top": rows[:25], "external": ext}


# ------------------------------------------------------------------------ driver

def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version
    pk = {}
    for name in ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions", "bibtexparser",
                 "pylatexenc", "PyYAML", "Jinja2", "matplotlib"):
        try:
            pk[name] = version(name)
        except PackageNotFoundError:
            pk[name] = "not installed"
    load = os.getloadavg()
    mem = ""
    with contextlib.suppress(OSError):
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split(":", 1)[1].strip()
    return {"nproc": subprocess.run(["nproc"], capture_output=True, text=True,
                                     check=False).stdout.strip(),
            "python": sys.version.split()[0], "cpu": cpu, "platform": platform.platform(),
            "memory": mem, "loadavg_at_start": " ".join(f"{x:.2f}" for x in load),
            "packages": ", ".join(f"{k} {v}" for k, v in pk.items())}


def parse_sizes(text: str) -> list[int]:
    return [int(x) for x in re.split(r"[\s,]+", text.strip()) if x]


def parse_runs(text: str | None, sizes: list[int]) -> dict[int, int]:
    runs = {n: DEFAULT_RUNS.get(n, 3) for n in sizes}
    if text:
        if re.fullmatch(r"\d+", text.strip()):
            return {n: int(text) for n in sizes}
        for part in re.split(r"[\s,]+", text.strip()):
            n, r = part.split(":")
            runs[int(n)] = int(r)
    return runs


def pdf_timing(site: Path, out: Path) -> dict[str, Any]:
    """PDF time per chapter and for the whole handbook, from a built engine site."""
    pdf = REPO / "handbook" / "pdf" / "__init__.py"
    if not pdf.exists():
        return {"status": "skipped: handbook/pdf/ does not exist (yet)"}
    code = (
        "import json, sys, time\n"
        "from pathlib import Path\n"
        "from handbook import pdf\n"
        "fn = getattr(pdf, 'build_pdfs', None)\n"
        "if fn is None:\n"
        "    print(json.dumps({'status': 'skipped: no build_pdfs in handbook/pdf.py'}))\n"
        "    sys.exit()\n"
        "t0 = time.perf_counter()\n"
        "res = fn(Path(sys.argv[1]), Path(sys.argv[2]), jobs=1, cache_dir=None)\n"
        "total = time.perf_counter() - t0\n"
        "print(json.dumps({'status': 'ok', 'total': total, 'pdfs': [\n"
        "    {'name': r.name, 'seconds': r.seconds, 'pdf_pages': r.pages,\n"
        "     'site_pages': r.site_pages, 'bytes': r.bytes} for r in res]}))\n")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    try:
        t0 = time.perf_counter()
        with tempfile.TemporaryFile() as err:
            p = subprocess.Popen([sys.executable, "-c", code, str(site), str(out)], env=ENV,
                                 cwd=REPO, stdout=subprocess.PIPE, stderr=err, text=True)
            stdout, _ = p.communicate(timeout=2400)
            err.seek(0)
            errtext = err.read().decode("utf-8", "replace")
        lines = [ln for ln in stdout.splitlines() if ln.startswith("{")]
        if p.returncode == 0 and lines:
            res = json.loads(lines[-1])
            res["wall"] = time.perf_counter() - t0
            return res
        return {"status": "failed: " + " ".join((errtext or stdout).strip().splitlines()[-1:])}
    except Exception as exc:
        return {"status": f"failed: {exc}"}


def bench_size(n: int, runs: int, work: Path, check_runs: int, seed: int) -> dict[str, Any]:
    from generate import generate, make_baseline

    eng, base = work / f"engine-{n}", work / f"baseline-{n}"
    t0 = time.perf_counter()
    generate(n, eng, seed)
    stats = make_baseline(eng, base)
    gen_time = time.perf_counter() - t0
    log(f"N={n}: generated {stats['pages']} pages ({gen_time:.1f} s); {runs} runs each")
    res: dict[str, Any] = {"n": n, "runs": runs, "project": stats, "generate_s": gen_time,
                           "engine": [], "baseline": []}
    for r in range(runs):
        order = [("engine", eng), ("baseline", base)]
        if r % 2:
            order.reverse()
        for name, proj in order:
            wall, rss, cpu = mkdocs_build(proj, work / f"site-{name}-{n}")
            res[name].append({"wall": wall, "rss_kib": rss, "cpu": cpu})
            log(f"N={n} run {r + 1}/{runs} {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, "
                f"{rss / 1024:.0f} MiB")
    for name in ("engine", "baseline"):
        walls = [x["wall"] for x in res[name]]
        res[f"{name}_median"] = statistics.median(walls)
        res[f"{name}_cpu_median"] = statistics.median(x["cpu"] for x in res[name])
        res[f"{name}_rss_mib"] = max(x["rss_kib"] for x in res[name]) / 1024
        site = work / f"site-{name}-{n}"
        res[f"{name}_site_bytes"], res[f"{name}_site_files"] = dir_size(site)
        # The whole lunr index (search_index.json keeps only its settings once Pagefind's
        # index is built; benchmarks/search.py measures what a reader loads).
        res[f"{name}_search_bytes"] = (site / "search" / "search_index.js").stat().st_size
    res.update(ratios(res))
    res["identical_content"] = compare_sites(work / f"site-engine-{n}",
                                             work / f"site-baseline-{n}")
    res.update(check_timings(eng, check_runs, work))
    log(f"N={n}: engine {res['engine_median']:.2f} s, baseline {res['baseline_median']:.2f} s,"
        f" ratio {res['ratio']:.2f}; check {res['check_wall_median']:.2f} s, after an edit "
        f"{res['check_edited_wall_median']:.2f} s")
    return res


def ratios(res: dict[str, Any]) -> dict[str, float]:
    """The ratio of the medians, and the median of the paired ratios: each engine build
    divided by the baseline build made right before or after it. On a shared machine whose
    speed drifts during a run (here CPU times of the same build varied by 30 %), the
    paired ratio compares builds made under the same conditions; it is the one judged."""
    pairs = list(zip(res["engine"], res["baseline"], strict=True))
    return {
        "ratio": res["engine_median"] / res["baseline_median"],
        "ratio_cpu": res["engine_cpu_median"] / res["baseline_cpu_median"],
        "ratio_paired": statistics.median(e["wall"] / b["wall"] for e, b in pairs),
        "ratio_paired_cpu": statistics.median(e["cpu"] / b["cpu"] for e, b in pairs),
    }


def in_subprocess(mode: str, *args: str) -> dict[str, Any]:
    p = subprocess.run([sys.executable, __file__, f"--_{mode}", *args], env=ENV,
                       capture_output=True, text=True, check=False)
    if p.returncode != 0:
        raise RuntimeError(f"{mode} failed:\n{p.stderr[-3000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------- reporting

def evaluate(results: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(target, measured, PASS/FAIL/n/a)."""
    sizes = {r["n"]: r for r in results["sizes"]}
    out = []
    # Judged on the median of paired CPU-time ratios (see ratios()); the ratio of the
    # medians, wall and CPU, is shown too.
    for r in sizes.values():
        r.update(ratios(r))
    worst = max((r["ratio_paired_cpu"] for r in sizes.values()), default=None)
    out.append(("engine/baseline build time <= 1.10 at every N (median of paired CPU ratios)",
                ", ".join(f"N={n}: {r['ratio_paired_cpu']:.2f} paired CPU; ratio of medians "
                          f"{r['ratio_cpu']:.2f} CPU, {r['ratio']:.2f} wall"
                          for n, r in sorted(sizes.items())),
                "n/a" if worst is None else ("PASS" if worst <= 1.10 else "FAIL")))
    if 1000 in sizes and 3000 in sizes:
        e = sizes[3000]["engine_median"] / sizes[1000]["engine_median"]
        b = sizes[3000]["baseline_median"] / sizes[1000]["baseline_median"]
        out.append(("build time linear: t(3000) <= 3.3 x t(1000) (engine)",
                    f"engine {e:.2f}x, baseline {b:.2f}x", "PASS" if e <= 3.3 else "FAIL"))
    elif 100 in sizes and 1000 in sizes:
        e = sizes[1000]["engine_cpu_median"] / sizes[100]["engine_cpu_median"]
        b = sizes[1000]["baseline_cpu_median"] / sizes[100]["baseline_cpu_median"]
        ex = (sizes[1000]["engine_cpu_median"] - sizes[1000]["baseline_cpu_median"]) / max(
            1e-9, sizes[100]["engine_cpu_median"] - sizes[100]["baseline_cpu_median"])
        out.append(("build time linear: t(3000) <= 3.3 x t(1000)",
                    f"N=3000 not built; 100 -> 1000 (CPU): engine {e:.1f}x, plain Material "
                    f"{b:.1f}x, engine's own extra time {ex:.1f}x for 10x the pages", "n/a"))
    else:
        out.append(("build time linear: t(3000) <= 3.3 x t(1000)", "needs N=1000 and 3000",
                    "n/a"))
    checks = {r["n"]: r for r in [*results.get("check_only", []), *sizes.values()]}
    if 3000 in checks:
        r3 = checks[3000]
        c, e = r3["check_wall_median"], r3.get("check_edited_wall_median", r3["check_wall_median"])
        out.append(("`handbook check` on 3,000 pages < 3 s (wall, incl. start-up), after "
                    "editing one page",
                    f"{e:.2f} s wall ({r3.get('check_edited_cpu_median', 0):.2f} s CPU)",
                    "PASS" if e < 3 else "FAIL"))
        out.append(("... and the first check, with an empty cache",
                    f"{c:.2f} s wall ({r3['check_cpu_median']:.2f} s CPU; runs "
                    + ", ".join(f"{x:.2f}" for x in r3.get("check_walls", [])) + ")",
                    "PASS" if c < 3 else "FAIL"))
    else:
        out.append(("`handbook check` on 3,000 pages < 3 s", "needs N=3000", "n/a"))
    ns = sorted(sizes)
    if len(ns) >= 3:
        a, b, c = (sizes[x]["engine_rss_mib"] for x in ns[-3:])
        na, nb, nc = ns[-3:]
        s1, s2 = (b - a) / (nb - na), (c - b) / (nc - nb)
        out.append(("peak memory at most linear (marginal MiB/page does not grow >10%)",
                    f"{s1 * 1000:.0f} -> {s2 * 1000:.0f} MiB per 1,000 pages; "
                    f"{c:.0f} MiB at N={nc}", "PASS" if s2 <= 1.1 * s1 else "FAIL"))
    elif len(ns) == 2:
        a, b = (sizes[x]["engine_rss_mib"] for x in ns)
        ok = b / a <= ns[1] / ns[0] * 1.1
        ba, bb = (sizes[x]["baseline_rss_mib"] for x in ns)
        out.append(("peak memory at most linear",
                    f"engine {a:.0f} -> {b:.0f} MiB, baseline {ba:.0f} -> {bb:.0f} MiB for "
                    f"N={ns[0]} -> {ns[1]}; engine's extra {a - ba:.0f} -> {b - bb:.0f} MiB",
                    "PASS" if ok else "FAIL"))
    else:
        out.append(("peak memory at most linear", "needs two sizes", "n/a"))
    rb = results.get("rebuild")
    if rb and "engine" in rb:
        full = sizes.get(rb["n"], {}).get("engine_median")
        warm = statistics.median(rb["engine"]["rebuilds"])
        ok = full is not None and warm <= 0.5 * full
        out.append(("rebuild after editing one page well under the full build (<= 50 %)",
                    f"{warm:.1f} s vs full build {full:.1f} s (N={rb['n']})" if full else
                    f"{warm:.1f} s", "PASS" if ok else "FAIL"))
    else:
        out.append(("rebuild well under the full build", "not measured", "n/a"))
    return out


def write_report(results: dict[str, Any], outdir: Path) -> None:
    m = results["machine"]
    sizes = results["sizes"]
    lines = ["# Benchmarks: the engine on top of plain Material for MkDocs", "",
         f"Generated by `benchmarks/run.py` on {results['date']} in "
         f"{results['elapsed_min']:.0f} minutes. Options: `{results['argv']}`.", "",
         "## Machine", "",
         f"- CPU: {m['cpu']}; `nproc`: {m['nproc']} (shared with other users: "
         f"load average {m['loadavg_at_start']} at the start); memory {m['memory']}",
         f"- `python --version`: Python {m['python']}; {m['platform']}",
         f"- packages: {m['packages']}", "",
         "## What is compared", "",
         "*Engine*: the generated handbook (benchmarks/generate.py: per content page about "
         "1,500 words, 20 cross-reference macros, 10 bare UN symbols, 10 `cite` calls with "
         "`para. N` locators into generated document pages; 10 % document pages with "
         "`hb-pn` paragraphs; 500 .bib entries) built by `mkdocs build` with the `handbook` "
         "plugin. *Baseline*: the same pages rendered by the engine itself "
         "(`render_page`), symbols written as plain Markdown links, the explicit nav of "
         "`build_nav`, built by the same Material config without the plugin. "
         "The last column checks that the two sites have the same content: the number of "
         "pages whose `<article>` differs.", "",
         "Times are medians of `mkdocs build` wall times in a subprocess, engine and "
         "baseline built alternately; memory is the child's peak RSS (`os.wait4`). The "
         "judged ratio is the median of paired ratios (each engine build over the baseline "
         "build made next to it, CPU time): this machine's speed drifts during a run, and a "
         "pair is built under the same conditions. The engine keeps two caches in the user's "
         "cache folder (the decoded bibliography, and pages as read and scanned): the first "
         "engine build of each size starts without them (it is the first of the runs listed "
         "below), later builds find them, as the build of `make site` finds the cache of the "
         "`handbook check` that `make site` runs first.", "",
         "## Results", "",
         "| N pages | runs | engine build wall (s) | baseline build wall (s) | ratio (wall) "
         "| engine / baseline CPU (s) | ratio (CPU) | paired ratio (CPU) | engine peak RSS "
         "(MiB) | baseline peak RSS (MiB) | `handbook check` wall (s): first / after an "
         "edit | search index "
         "(MB) | site (MB, files) | content differs |",
         "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in sizes:
        lines.append(
            f"| {r['n']:,} | {r['runs']} | {r['engine_median']:.2f} | "
            f"{r['baseline_median']:.2f} | {r['ratio']:.2f} | "
            f"{r['engine_cpu_median']:.2f} / {r['baseline_cpu_median']:.2f} | "
            f"{r['ratio_cpu']:.2f} | **{r['ratio_paired_cpu']:.2f}** | "
            f"{r['engine_rss_mib']:.0f} | "
            f"{r['baseline_rss_mib']:.0f} | {r['check_wall_median']:.2f} / "
            f"{r['check_edited_wall_median']:.2f} | {r['engine_search_bytes'] / 1e6:.1f} | "
            f"{r['engine_site_bytes'] / 1e6:.0f} ({r['engine_site_files']}) | "
            f"{r['identical_content']['differ']} of {r['identical_content']['pages']} |")
    for r in results.get("check_only", []):
        lines.append(f"| {r['n']:,} | – | not built | not built | | | | | | | "
                 f"{r['check_wall_median']:.2f} / {r['check_edited_wall_median']:.2f} "
                 f"(CPU {r['check_cpu_median']:.2f}, {r['check_rss_mib']:.0f} MiB) | | | |")
    lines += ["", "All runs (s): " + "; ".join(
        f"N={r['n']}: engine " + ", ".join(f"{x['wall']:.1f}" for x in r["engine"])
        + " / baseline " + ", ".join(f"{x['wall']:.1f}" for x in r["baseline"])
        for r in sizes), ""]
    rb = results.get("rebuild")
    if rb:
        lines += [f"### Rebuild after editing one page (N={rb['n']}, `make serve` terms)", "",
              "In-process, as `mkdocs serve` builds: `on_startup(command='serve')` once, "
              "then `mkdocs.commands.build.build(config)` with the config reloaded for each "
              "build (plugins that declare `on_startup` are kept): a cold build, then "
              "rebuilds after appending a sentence to one page, no `--dirty`. The engine "
              "reuses the pages the edit does not change (handbook/incremental.py); "
              "tests/test_incremental.py checks that the result equals a full build, byte "
              "for byte, search index included."
              + ("" if not rb.get("engine", {}).get("cache_stats") else
                 " Pages reused / rendered in the engine's rebuilds: " + ", ".join(
                     f"{st['page_hits']} / {st['page_misses']}"
                     for st in rb["engine"]["cache_stats"][1:]) + "."), "",
              "| | cold in-process build (s) | rebuilds (s) | full subprocess build (s) |",
              "|---|---:|---:|---:|"]
        for name in ("engine", "baseline"):
            if name in rb:
                full = next((r[f"{name}_median"] for r in sizes if r["n"] == rb["n"]), None)
                lines.append(f"| {name} | {rb[name]['cold']:.1f} | "
                         + ", ".join(f"{x:.1f}" for x in rb[name]["rebuilds"])
                         + (f" | {full:.1f} |" if full else " | |"))
        lines.append("")
    pdf = results.get("pdf", {})
    lines += ["### PDF (handbook/pdf.py `build_pdfs`, jobs=1)", ""]
    if pdf.get("status") == "ok":
        lines += [f"From the engine site at N={pdf.get('n')}: {len(pdf['pdfs'])} PDFs in "
              f"{pdf['total']:.1f} s.", "", "| PDF | site pages | PDF pages | seconds | MB |",
              "|---|---:|---:|---:|---:|"]
        lines += [f"| {x['name']} | {x['site_pages']} | {x['pdf_pages']} | {x['seconds']:.1f} | "
              f"{x['bytes'] / 1e6:.1f} |" for x in pdf["pdfs"]]
        lines.append("")
    else:
        lines += [f"- {pdf.get('status', 'not run')}", ""]
    lines += ["## Targets", "", "| target | measured | result |", "|---|---|---|"]
    lines += [f"| {t} | {v} | **{s}** |" for t, v, s in results["targets"]]
    prof = results.get("profile")
    if prof:
        lines += ["", f"## Where the engine's time goes (N={prof['n']}, in-process build)", "",
              f"Hook timers on a plain in-process build of {prof['build_total']:.1f} s: "
              f"engine total **{prof['engine_total']:.1f} s** "
              f"({100 * prof['engine_total'] / prof['build_total']:.0f} %).", "",
              "| hook | seconds |", "|---|---:|"]
        lines += [f"| {k} | {v:.2f} |" for k, v in prof["hooks"].items()]
        lines += ["", f"Top engine functions by cumulative time under cProfile "
              f"(profiled build {prof['profiled_total']:.1f} s; cProfile inflates "
              "call-heavy code; full listing in "
              f"`profile-N{prof['n']}.txt`):", "",
              "| function | calls | own (s) | cumulative (s) |", "|---|---:|---:|---:|"]
        lines += [f"| `{r['function']}` | {r['ncalls']} | {r['tottime']:.2f} | "
              f"{r['cumtime']:.2f} |" for r in prof["top"][:20]]
        lines += ["", "Library calls made by the engine:", ""]
        lines += [f"- `{r['function']}`: {r['ncalls']} calls, {r['cumtime']:.2f} s cumulative"
              for r in prof["external"]]
    if results.get("findings"):
        lines += ["", "## Findings and proposed engine fixes", "", results["findings"]]
    (outdir / "results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def plot(results: dict[str, Any], path: Path) -> str:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib not installed: no plot"
    rs = results["sizes"]
    ns = [r["n"] for r in rs]
    fig, ax = plt.subplots(1, 3, figsize=(15, 4.5))
    ax[0].plot(ns, [r["engine_median"] for r in rs], "o-", label="engine (mkdocs build)")
    ax[0].plot(ns, [r["baseline_median"] for r in rs], "s-", label="plain Material baseline")
    ax[0].plot(ns, [r["check_wall_median"] for r in rs], "^-", label="handbook check")
    ax[0].set(xlabel="pages", ylabel="seconds (median)", title="Build time")
    ax[0].legend()
    ax[1].plot(ns, [r.get("ratio_paired_cpu", r["ratio"]) for r in rs], "o-",
               label="median of paired CPU ratios")
    ax[1].axhline(1.10, color="red", linestyle="--", label="target 1.10")
    ax[1].set(xlabel="pages", ylabel="engine / baseline", title="Overhead ratio")
    ax[1].legend()
    ax[2].plot(ns, [r["engine_rss_mib"] for r in rs], "o-", label="engine")
    ax[2].plot(ns, [r["baseline_rss_mib"] for r in rs], "s-", label="baseline")
    ax[2].set(xlabel="pages", ylabel="MiB", title="Peak RSS of mkdocs build")
    ax[2].legend()
    wide = len(ns) > 1 and max(ns) / min(ns) > 10
    for i, a in enumerate(ax):
        if wide:
            a.set_xscale("log")
            if i != 1:  # log-log: a straight line of slope 1 is linear growth
                a.set_yscale("log")
        a.grid(alpha=0.3, which="both")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return str(path)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--_rebuild":
        print(json.dumps(_inproc_rebuild(Path(argv[1]), Path(argv[2]), Path(argv[3]),
                                         int(argv[4]))))
        return 0
    if argv and argv[0] == "--_profile":
        print(json.dumps(_inproc_profile(Path(argv[1]), Path(argv[2]), Path(argv[3]),
                                         argv[4] == "1")))
        return 0
    ap = argparse.ArgumentParser(description="Engine vs plain Material benchmarks.")
    ap.add_argument("--sizes", default=None, help='e.g. "100 1000 3000" (default; env SIZES)')
    ap.add_argument("--runs", default=os.environ.get("RUNS"),
                    help='builds per side: "3" for all sizes or "100:5,1000:3,3000:3"')
    ap.add_argument("--check-runs", type=int, default=3)
    ap.add_argument("--rebuild-size", type=int, default=1000,
                    help="N of the rebuild and profile measurements (if benchmarked)")
    ap.add_argument("--rebuilds", type=int, default=2)
    ap.add_argument("--no-rebuild", action="store_true")
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--workdir", type=Path,
                    default=Path(tempfile.gettempdir()) / "handbook-bench")
    ap.add_argument("--results", type=Path, default=HERE / "results")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--findings", type=Path, default=HERE / "findings.md",
                    help="Markdown appended to results.md as the findings section")
    ap.add_argument("--check-only-sizes", default=None,
                    help='sizes at which only `handbook check` is timed, e.g. "3000"')
    ap.add_argument("--pdf-size", type=int, default=100,
                    help="N at which to time the PDFs (0: skip; default the smallest size)")
    ap.add_argument("--no-search", action="store_true",
                    help="skip benchmarks/search.py (search speed on the largest size)")
    ap.add_argument("--report-only", action="store_true",
                    help="rewrite results.md and plot.png from results.json")
    ns = ap.parse_args(argv)
    if ns.report_only:
        results = json.loads((ns.results / "results.json").read_text(encoding="utf-8"))
        if ns.findings.exists():
            results["findings"] = ns.findings.read_text(encoding="utf-8").strip()
        results["targets"] = evaluate(results)
        write_report(results, ns.results)
        plot(results, ns.results / "plot.png")
        for r in results["sizes"]:
            print(f"ratio N={r['n']}: {r['ratio_paired_cpu']:.2f}")
        return 0
    sizes = parse_sizes(ns.sizes or os.environ.get("SIZES") or "100 1000 3000")
    runs = parse_runs(ns.runs, sizes)
    ns.workdir.mkdir(parents=True, exist_ok=True)
    ns.results.mkdir(parents=True, exist_ok=True)
    t_start = time.time()
    results: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M"), "machine": machine(),
                               "argv": "run.py " + " ".join(argv), "sizes": []}
    for n in sizes:
        results["sizes"].append(bench_size(n, runs[n], ns.workdir, ns.check_runs, ns.seed))
    results["check_only"] = []
    from generate import generate
    for n in parse_sizes(ns.check_only_sizes or ""):
        eng_n = generate(n, ns.workdir / f"engine-{n}", ns.seed)
        results["check_only"].append({"n": n, **check_timings(eng_n, ns.check_runs,
                                                              ns.workdir)})
        log(f"N={n}: handbook check {results['check_only'][-1]['check_wall_median']:.2f} s")
    special = ns.rebuild_size if ns.rebuild_size in sizes else max(sizes)
    eng, base = ns.workdir / f"engine-{special}", ns.workdir / f"baseline-{special}"
    if not ns.no_rebuild:
        log(f"rebuild measurement at N={special}")
        page = sorted((eng / "docs" / "agencies").glob("agency-*.md"))[0]
        bpage = base / "docs" / page.relative_to(eng / "docs")
        results["rebuild"] = {"n": special, "page": str(page.relative_to(eng)),
                              "engine": in_subprocess("rebuild", str(eng),
                                                      str(ns.workdir / "site-rebuild"),
                                                      str(page), str(ns.rebuilds)),
                              "baseline": in_subprocess("rebuild", str(base),
                                                        str(ns.workdir / "site-rebuild"),
                                                        str(bpage), str(ns.rebuilds))}
    if not ns.no_profile:
        log(f"profile at N={special}")
        plain = "rebuild" not in results
        results["profile"] = in_subprocess("profile", str(eng), str(ns.workdir / "site-prof"),
                                           str(ns.results / f"profile-N{special}.txt"),
                                           "1" if plain else "0")
        results["profile"]["n"] = special
        if not plain:  # hook timers of the rebuild measurement's cold build
            results["profile"]["hooks"] = results["rebuild"]["engine"]["hooks"][0]
            results["profile"]["build_total"] = results["rebuild"]["engine"]["cold"]
            results["profile"]["engine_total"] = sum(results["profile"]["hooks"].values())
    if ns.pdf_size:
        pdf_n = ns.pdf_size if ns.pdf_size in sizes else min(sizes)
        log(f"PDF at N={pdf_n}")
        results["pdf"] = pdf_timing(ns.workdir / f"site-engine-{pdf_n}",
                                    ns.workdir / f"pdf-{pdf_n}")
        results["pdf"]["n"] = pdf_n
    if not ns.no_search:  # the handbook and the largest size; writes search.md itself
        import search as search_bench
        log(f"search: first result and bytes, the handbook and N={max(sizes)}")
        search_bench.bench(ns.workdir, [max(sizes)], ns.results)
    results["targets"] = evaluate(results)
    results["elapsed_min"] = (time.time() - t_start) / 60
    if ns.findings.exists():
        results["findings"] = ns.findings.read_text(encoding="utf-8").strip()
    (ns.results / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    write_report(results, ns.results)
    log(plot(results, ns.results / "plot.png"))
    for t, v, s in results["targets"]:
        print(f"{s:4}  {t}: {v}")
    for r in results["sizes"]:
        print(f"ratio N={r['n']}: {r['ratio_paired_cpu']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
