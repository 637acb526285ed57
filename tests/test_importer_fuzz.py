"""Generated hostile configurations and seeds: the importer answers with diagnostics only.

Whatever ``sources/documents.yaml`` holds (keys from the real vocabulary and made-up ones,
values of every type, traversals, control characters) and whatever a seed holds (markup,
macros, superscripts, control characters), ``validate_config``, ``render`` and
``import_all`` never raise; the import writes only ``docs/documents/*.md`` inside the
project or nothing at all; an accepted page carries no raw HTML but ``<span>``/``<sup>``.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handbook import importer
from handbook.importer.config import META_FIELDS, Options

KEYS = sorted({"id", "seed", "lines", "options", *META_FIELDS, "sed", "../x", "source"})
OPTION_KEYS = sorted({*Options.__dataclass_fields__, "numberd", "prelude"})
SCALARS = st.one_of(
    st.integers(-3, 40),
    st.booleans(),
    st.none(),
    st.sampled_from(["one.txt", "../one.txt", "/etc/passwd", "stmt-one", "x\ny", "Mr. President,",
                     "<script>", "{{ cite('x') }}", "", "pg", "flat", "2008-06-03", "A/63/215"]),
    st.text(max_size=12),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=12,
)
OPTIONS = st.dictionaries(st.sampled_from(OPTION_KEYS), VALUES, max_size=4)
DOC = st.fixed_dictionaries(
    {"id": st.sampled_from(["stmt-one", "../../pwned", "Two", "stmt-two"]),
     "seed": st.sampled_from(["one.txt", "../one.txt", "missing.txt"]),
     "lines": st.one_of(st.just([1, 9]), st.lists(st.integers(-2, 30), max_size=3), SCALARS)},
    optional={"title": SCALARS, "summary": SCALARS, "options": OPTIONS, "group": SCALARS},
).flatmap(lambda d: st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=2).map(lambda e: {**d, **e}))
CONFIG = st.fixed_dictionaries(
    {"documents": st.lists(DOC, min_size=1, max_size=3)},
    optional={
        "defaults": st.dictionaries(st.sampled_from(KEYS), SCALARS, max_size=3),
        "corrections": st.lists(
            st.dictionaries(st.sampled_from(["doc", "source", "correction", "reason", "kind"]),
                            SCALARS, max_size=5),
            max_size=2,
        ),
    },
)
SEED_PIECES = st.sampled_from([
    "Mr. President,", "Text with a note.¹", "¹ The note.", "<b>bold", "</b>", "<i>x</i>",
    "<script>alert(1)</script>", "{: onclick=x}", "{{ x }}", "![i](http://e/x.png)",
    "[l](javascript:x)", "- item", "* item", "1. Numbered", "# Heading", "~~~", "\x00\x07",
    "word", "", "---", "^{ins}", "¹⁵~~10~~", "<!--", "[^a]: def", "**bold**",
])
SEED = st.lists(SEED_PIECES, min_size=1, max_size=12).map("\n".join)


def _snapshot(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(config=CONFIG, seed=SEED)
def test_any_configuration_gives_pages_or_diagnostics(config: dict[str, Any], seed: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        proj = base / "proj"
        (proj / "sources" / "seeds").mkdir(parents=True)
        (base / "one.txt").write_text("OUTSIDE\n", encoding="utf-8")
        (proj / "sources" / "seeds" / "one.txt").write_text(seed, encoding="utf-8")
        (proj / "sources" / "documents.yaml").write_text(
            yaml.safe_dump(config, allow_unicode=True), encoding="utf-8"
        )
        diagnostics = importer.validate_config(proj)
        assert all(d.path and d.line >= 1 and d.code.startswith("HB") for d in diagnostics)
        before = _snapshot(base)
        result = importer.import_all(proj)
        after = _snapshot(base)
        if not result.ok:
            assert after == before
            return
        assert not diagnostics
        new = set(after) - set(before)
        assert all(re.fullmatch(r"proj/docs/documents/[a-z0-9][a-z0-9-]*\.md", n) for n in new), new
        for name in new:
            page = (base / name).read_text(encoding="utf-8")
            body = page.split("\n---\n", 1)[1]
            assert set(re.findall(r"<([a-zA-Z]+)", body)) <= {"span", "sup"}, body
            assert "OUTSIDE" not in page
            assert "{{" not in body
            assert "{:" not in body
            assert "\x00" not in page


VALID_OPTIONS = st.fixed_dictionaries({}, optional={
    "numbered": st.booleans(),
    "auto_headings": st.booleans(),
    "md_headings": st.booleans(),
    "drop": st.lists(st.integers(1, 12), max_size=3),
    "join": st.lists(st.integers(1, 12), max_size=2),
    "text_lines": st.lists(st.integers(1, 12), max_size=2),
    "heading_lines": st.dictionaries(st.integers(1, 12), st.integers(2, 6), max_size=2),
    "body_from": st.integers(1, 12),
})


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(options=VALID_OPTIONS, seed=SEED.map(lambda s: s + "\n" * 12))
def test_any_seed_text_gives_a_safe_page(options: dict[str, Any], seed: str) -> None:
    """A valid configuration over a hostile seed: the page is written (or a mismatch such as
    a note without its call is diagnosed) and holds no active markup."""
    config = {"documents": [{"id": "stmt-one", "seed": "one.txt", "lines": [1, 12],
                             "title": "T", "summary": "S.", "options": options}]}
    with tempfile.TemporaryDirectory() as tmp:
        proj = Path(tmp)
        (proj / "sources" / "seeds").mkdir(parents=True)
        (proj / "sources" / "seeds" / "one.txt").write_text(seed, encoding="utf-8")
        (proj / "sources" / "documents.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
        assert importer.validate_config(proj) == []
        result = importer.import_all(proj)
        if not result.ok:
            assert {d.code for d in result.diagnostics} == {"HB311"}, result.diagnostics
            assert not (proj / "docs").exists()
            return
        body = (proj / "docs" / "documents" / "stmt-one.md").read_text(encoding="utf-8")
        body = body.split("\n---\n", 1)[1]
        assert set(re.findall(r"<([a-zA-Z]+)", body)) <= {"span", "sup"}, body
        for bad in ("{{", "{:", "](javascript", "![", "\x00", "\x07", "<!--", "\n~~~"):
            assert bad not in body, (bad, body)
