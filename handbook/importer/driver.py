"""The driver: validate, render every document, and write the pages (all or none).

The importer writes only ``docs/documents/<id>.md`` inside the project: it refuses a
symlinked ``docs`` or ``docs/documents``, a page path that is a symlink or not a regular
file, and a page of that name that it did not write. It deletes only stale pages it wrote
itself, recognised by their front matter (:data:`~handbook.importer.render.GENERATED_MARK`),
never by their name.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from handbook.core import frontmatter
from handbook.core.diagnostics import Diagnostic
from handbook.importer.config import Config, Correction, DocConfig, load_config
from handbook.importer.flat import subjects, units_flat
from handbook.importer.joining import join_units
from handbook.importer.passages import number_passages
from handbook.importer.render import GENERATED_MARK, front_matter, render_units
from handbook.importer.text import drop_controls
from handbook.importer.units import classify

OUT_DIR = Path("docs") / "documents"
#: How the importer's pages started before they carried :data:`GENERATED_MARK`.
_LEGACY_RE = re.compile(
    r'\A---\nkind: document\n(?:[^\n]*\n)*?source: "sources/seeds/[^"\n]+, lines \d+-\d+"\n'
)


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the pages written (or already up to date), the stale pages
    removed, and the problems that stopped it (then nothing was written)."""

    pages: tuple[Path, ...] = ()
    removed: tuple[Path, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """Whether the import ran (no diagnostic)."""
        return not self.diagnostics


def render_doc(
    doc: DocConfig, seed_text: str, corrections: Sequence[Correction], problems: list[Diagnostic]
) -> str:
    """The page of one document: front matter and body."""
    lines = seed_text.split("\n")
    if doc.options.mode == "flat":
        units = units_flat(doc, lines, problems)
        subj = subjects(doc, lines)
    else:
        units = classify(doc, lines)
        units = join_units(units, doc.options.no_join, doc.options.join)
        units = number_passages(units)
        subj = []
    return front_matter(doc, subj) + "\n" + render_units(doc, units, corrections, problems)


def render_config(config: Config) -> tuple[dict[str, str], list[Diagnostic]]:
    """Relative path -> page text for every document of a validated configuration."""
    problems: list[Diagnostic] = []
    texts = {name: drop_controls(text) for name, text in config.seeds.items()}
    pages: dict[str, str] = {}
    for doc in config.documents:
        rel = (OUT_DIR / f"{doc.id}.md").as_posix()
        page = render_doc(doc, texts[doc.seed], config.corrections, problems)
        size = len(page.encode("utf-8"))
        if size > frontmatter.MAX_BYTES:
            problems.append(
                Diagnostic.make(
                    "sources/documents.yaml",
                    doc.line,
                    "HB303",
                    f"the page of document '{doc.id}' would be {size:,} bytes, over the page "
                    f"limit of {frontmatter.MAX_BYTES:,}",
                    expected=f"pages of at most {frontmatter.MAX_BYTES:,} bytes",
                    fix="split the document into several (narrower 'lines' ranges)",
                )
            )
        pages[rel] = page
    return dict(sorted(pages.items())), problems


def render(root: Path) -> tuple[dict[str, str], list[Diagnostic]]:
    """Relative path -> page text for every configured document (nothing is written).

    When there is any problem, no page is returned, only the diagnostics.
    """
    config, diagnostics = load_config(Path(root))
    if config is None:
        return {}, diagnostics
    pages, problems = render_config(config)
    return ({} if problems else pages), problems


class ImportFailedError(Exception):
    """Raised by :func:`render_all` when the configuration or a text has problems."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        super().__init__("\n".join(d.format() for d in diagnostics))
        self.diagnostics = list(diagnostics)


def render_all(root: Path) -> dict[str, str]:
    """Relative path -> page text for every configured document; :class:`ImportFailedError`
    when there is a problem."""
    pages, problems = render(root)
    if problems:
        raise ImportFailedError(problems)
    return pages


def is_generated(path: Path) -> bool:
    """Whether a page was written by the importer (by its front matter, not its name)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(64 * 1024).decode("utf-8", "replace").replace("\r\n", "\n")
    except OSError:
        return False
    return head.startswith("---\n" + GENERATED_MARK + "\n") or _LEGACY_RE.match(head) is not None


def _unsafe(path: str, message: str, fix: str) -> Diagnostic:
    return Diagnostic.make(
        path,
        1,
        "HB310",
        message,
        expected="docs/documents/ a folder of the project, each page a file the importer wrote",
        fix=fix,
    )


def check_output(root: Path, pages: Sequence[str]) -> list[Diagnostic]:
    """Problems that forbid writing the pages: links out of the project, foreign files."""
    problems: list[Diagnostic] = []
    real_root = root.resolve()
    for folder in (root / "docs", root / OUT_DIR):
        rel = folder.relative_to(root).as_posix()
        if folder.is_symlink():
            problems.append(_unsafe(rel, f"{rel} is a symlink", "make it a folder of the project"))
            return problems
        if folder.exists() and not folder.is_dir():
            problems.append(_unsafe(rel, f"{rel} is not a folder", "make it a folder"))
            return problems
    if (root / OUT_DIR).exists() and not (root / OUT_DIR).resolve().is_relative_to(real_root):
        problems.append(_unsafe(OUT_DIR.as_posix(), "docs/documents is outside the project", ""))
        return problems
    for rel in pages:
        path = root / rel
        if path.is_symlink():
            problems.append(
                _unsafe(
                    rel,
                    f"{rel} is a symlink; the importer does not write through links",
                    "delete the link and import again",
                )
            )
        elif path.exists() and not path.is_file():
            problems.append(_unsafe(rel, f"{rel} is not a regular file", "remove it"))
        elif path.exists() and not is_generated(path):
            problems.append(
                _unsafe(
                    rel,
                    f"{rel} exists and was not written by the importer; it is not overwritten",
                    "rename the document's id, or move the hand-written page away",
                )
            )
    return problems


def import_all(root: Path) -> ImportResult:
    """Write every page under docs/documents/; remove stale pages the importer wrote.

    Nothing is written or removed when the configuration, a text or the output folder has
    a problem; the result then carries the diagnostics.
    """
    root = Path(root)
    pages, problems = render(root)
    if problems:
        return ImportResult(diagnostics=tuple(problems))
    unsafe = check_output(root, list(pages))
    if unsafe:
        return ImportResult(diagnostics=tuple(unsafe))
    out_dir = root / OUT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for rel, text in pages.items():
        path = root / rel
        data = text.encode("utf-8")
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)
    wanted = set(written)
    removed: list[Path] = []
    for old in sorted(out_dir.glob("*.md")):
        if old in wanted or old.is_symlink() or not old.is_file():
            continue
        if is_generated(old):
            old.unlink()
            removed.append(old)
    return ImportResult(tuple(written), tuple(removed))


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m handbook.importer [ROOT]``: import, print problems, exit 1 on any."""
    args = list(sys.argv[1:] if argv is None else argv)
    root = Path(args[0]) if args else Path.cwd()
    result = import_all(root)
    for d in result.diagnostics:
        print(d.format())
    if not result.ok:
        print(f"{len(result.diagnostics)} problems; nothing written", file=sys.stderr)
        return 1
    print(f"wrote {len(result.pages)} pages to {root / OUT_DIR}", file=sys.stderr)
    return 0
