"""Profile a `mkdocs serve` rebuild of the generated handbook after a one-page edit.

    .venv/bin/python benchmarks/profile_rebuild.py [N] [WORKDIR]

Generates N pages (default 1,000) into WORKDIR (default /tmp/hb-rebuild) once, then, in one
process as `mkdocs serve` does (``on_startup(command="serve")`` once, the config reloaded
for each build): a cold build, a rebuild after appending a sentence to one page, and a
second rebuild under cProfile, whose 45 most expensive calls (cumulative) are printed.
"""

from __future__ import annotations

import cProfile
import pstats
import sys
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # the benchmark generator, next to this file


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    work = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/tmp/hb-rebuild")
    project = work / f"project-{n}"
    if not project.exists():
        generate(n, project, 20240601)
    site = work / "site"
    started: list[bool] = []

    def once(prof: cProfile.Profile | None = None) -> float:
        cfg = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
        if not started:
            cfg.plugins.on_startup(command="serve", dirty=False)
            started.append(True)
        t0 = time.perf_counter()
        if prof is not None:
            prof.enable()
        build(cfg, serve_url="http://127.0.0.1:8000/")
        if prof is not None:
            prof.disable()
        return time.perf_counter() - t0

    print(f"cold build: {once():.1f} s")
    pages = sorted((project / "docs" / "agencies").glob("*.md"))
    page = pages[len(pages) // 2]
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(original + "\n\nEdited.\n", encoding="utf-8")
        print(f"rebuild: {once():.1f} s")
        page.write_text(original + "\n\nEdited again.\n", encoding="utf-8")
        prof = cProfile.Profile()
        print(f"rebuild under cProfile: {once(prof):.1f} s")
    finally:
        page.write_text(original, encoding="utf-8")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
