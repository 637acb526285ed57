"""The scans over a page's text take time linear in its length (threat model, guarantee 5).

For each input that made a scan quadratic (issue #13, class 5: many macros on one line,
long runs of ``/``, many ``](``, and others of the same shape), each scanner and the whole
check of a page run on the input and on the input doubled; the time, the minimum of three
runs, may grow by a factor of at most 3 (linear: 2; quadratic: 4).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from handbook.cli import run_check
from handbook.core import macroparse, nesting, prose, sanitize, symbols
from sitekit import Site

#: Growth of the time when the input doubles.
MAX_RATIO = 3.0

#: (name, one unit, units in the smaller input): each input is one paragraph.
INPUTS = [
    ("macros-one-line", '{{ agency("unhcr") }} ', 1500),
    ("slashes", "/", 150_000),
    ("link-openers", "](", 75_000),
    ("brackets", "[x](", 40_000),
    ("symbol-like", "A/", 75_000),
    ("backticks", "`a ", 50_000),
    ("comment-openers", "<!-- ", 30_000),
    ("html-openers", "<a ", 50_000),
    ("braces", "{{ ", 50_000),
]

SCANNERS: list[tuple[str, Callable[[str], object]]] = [
    ("prose", prose.scan),
    ("macros", lambda t: list(macroparse.scan(t))),
    ("symbols", lambda t: list(symbols.find(t))),
    ("active-html", lambda t: sanitize.find_in_markdown(prose.scan(t))),
    ("nesting", nesting.problem),
]


def _best(fn: Callable[[], object], runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def _ratio(fn: Callable[[str], object], unit: str, n: int) -> tuple[float, float, float]:
    """The growth of the time when the input doubles. On a machine shared with other work
    one measurement can be off: up to three are made, and the smallest growth counts (a
    quadratic scan grows by 4 every time)."""
    small, large = unit * n, unit * (2 * n)
    fn(small)  # warm up (compiled patterns, caches of other inputs)
    best = (float("inf"), 0.0, 0.0)
    for _ in range(3):
        a = _best(lambda: fn(small))
        b = _best(lambda: fn(large))
        # Below 20 ms the timer's and the machine's noise dominate: fast enough.
        ratio = b / a if b > 0.02 else 1.0
        best = min(best, (ratio, a, b))
        if ratio <= MAX_RATIO:
            break
    return best


@pytest.mark.parametrize("scanner", SCANNERS, ids=[s[0] for s in SCANNERS])
@pytest.mark.parametrize("name,unit,n", INPUTS, ids=[i[0] for i in INPUTS])
def test_scanner_is_linear(name: str, unit: str, n: int,
                           scanner: tuple[str, Callable[[str], object]]) -> None:
    ratio, a, b = _ratio(scanner[1], unit, n)
    assert ratio <= MAX_RATIO, f"{scanner[0]} on {name}: {a:.3f} s, doubled {b:.3f} s"


@pytest.mark.parametrize("name,unit,n", [i for i in INPUTS if i[0] in (
    "macros-one-line", "slashes", "link-openers", "brackets")], ids=lambda v: str(v)[:20])
def test_check_of_a_page_is_linear(name: str, unit: str, n: int, tmp_path: Path) -> None:
    """The whole check (every scanner, the macros run, the diagnostics) of one page."""
    def check(text: str) -> object:
        root = tmp_path / str(len(text))
        if not root.exists():
            Site(root, {"docs/index.md": "---\ntitle: Home\n---\n\n# Home\n\n" + text + "\n"})
        return run_check(root)

    ratio, a, b = _ratio(check, unit, n)
    assert ratio <= MAX_RATIO, f"check on {name}: {a:.3f} s, doubled {b:.3f} s"
