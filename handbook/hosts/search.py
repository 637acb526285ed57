"""Search that answers fast: a Pagefind index of the built site, behind Material's search box.

Material for MkDocs' own search (lunr) sends the whole index to every reader and builds it
in the browser before the first answer: 2.1 MB and 2 to 3 s for this handbook, 55 MB at
3,000 pages. Pagefind indexes the built HTML into small compressed chunks, of which a query
loads only the few it needs. This module, the ``handbook-search`` plugin, wires it in:

* ``on_page_markdown`` / ``on_page_context``: what the index knows of each page besides its
  text (:func:`page_fields`): the title readers see in results (with the acronym or UN
  symbol), the page's other names (symbol, acronym, short title, aliases) as a searchable
  ``keywords`` field, its one-sentence summary as a ``summary`` field, and a weight, so
  that entity pages rank above the section indexes, the bibliography and the editors'
  guide. ``overrides/main.html`` writes them as Pagefind attributes. The page's kind adds
  its search weight (``Kind.search_weight``: the Principles and Guidelines above, the
  topic syntheses below), which the worker multiplies the page's score by (Pagefind has
  no weight per page, only per word). Material's lunr index gets both weights as its
  ``boost``.
* ``on_post_build`` (after the ``offline`` plugin has inlined the lunr index into
  ``search/search_index.js``): run the Pagefind binary (the ``pagefind-bin`` package) on the
  site, then reduce ``search/search_index.json`` to its settings, to which it adds the
  search weights by result id (``hb_ranks``). Over http the page loads
  that small file, and ``docs/js/search-worker.js`` answers Material's search box from
  Pagefind. From disk (file://), where fetch() of index chunks is refused, Material's own
  worker reads the whole index from ``search_index.js``, as before.
* ``mkdocs serve``: Pagefind runs in the background after each rebuild, so a rebuild is not
  slower; until it is done (and if it fails) the search box uses the whole lunr index.

Nothing from the project configures the binary: it runs in an empty working folder (no
``pagefind.yml`` is read) with every option given on its command line.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from handbook.core.kinds import KINDS
from handbook.core.registry import Entity, Project, search_title

log = get_plugin_logger(__name__)

#: Where Pagefind writes its bundle, inside the built site.
BUNDLE = "pagefind"

#: Parts of a page that are not its content: permalinks, citation markers and reference
#: lists (a symbol cited on a page is not what the page is about), the bibliography's
#: "Cited in" lists and the related-pages block (both lists of other pages' names). Pagefind
#: skips <nav>, <footer>, <script> and <form> by itself.
EXCLUDE = (
    ".headerlink",
    ".hb-cite",
    ".hb-references",
    ".hb-citedby",
    ".hb-related",
    ".hb-backlinks",
    ".hb-cards",
    ".md-source-file",
)

#: Characters kept inside words, so that UN symbols are found as typed (``A/63/215``,
#: ``E/CN.4/2003/74``). Pagefind also indexes each word without them, so ``63`` or ``cn``
#: still match.
INCLUDE_CHARACTERS = "/."

#: The files of the bundle that the handbook does not use (Pagefind's own search UIs).
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)

#: Weights of the pages that are not entity pages (an entity page weighs 1): they mention
#: every entity by name, and must not push the entity's own page out of the first results.
WEIGHT_OVERVIEW = 0.5  # home page, section indexes, overviews, glossary
WEIGHT_REFERENCE = 0.3  # the bibliography and the editors' guide

#: A principle's or guideline's own text (the quote under its "Text" heading) weighs more
#: than the pages that paraphrase it.
TEXT_WEIGHT = 3.0
_TEXT_QUOTE = re.compile(r'(<h2 class="hb-text-heading">[^<]*</h2>\s*<blockquote)(?=[\s>])')

#: Longest time the indexer may take before the build gives up on it (it takes about 15 s
#: at 3,000 pages on a 2-core machine).
TIMEOUT_S = 600.0


@dataclass(frozen=True)
class PageFields:
    """What the search index knows of a page besides its text."""

    title: str
    """The result title, as readers see it in the navigation (plain text)."""

    keywords: tuple[str, ...]
    """Other names of the page: UN symbol, acronym, short title, aliases."""

    weight: float
    """Pagefind weight of the page's text (1 = normal; headings weigh more by themselves)."""

    summary: str = ""
    """The page's one-sentence summary (front matter): what the page is about, in the
    editors' words, a searchable ``summary`` field."""

    rank: float = 1.0
    """The page's search weight, by which the search worker multiplies its score (the
    kind's :attr:`~handbook.core.kinds.Kind.search_weight`)."""


def page_fields(
    project: Project | None, docpath: str, title: str, meta: Mapping[str, Any] | None = None
) -> PageFields:
    """The search fields of the page at ``docpath`` (docs-relative). ``title`` is the title
    MkDocs has for it (plain text) and ``meta`` its front matter, used when the handbook
    plugin has not loaded the page as an entity (a site built without the engine)."""
    ent = _entity(project, docpath)
    if ent is not None:
        return PageFields(
            search_title(ent),
            _keywords(ent.title, _names(ent.meta)),
            1.0,
            _summary(ent.meta),
            _kind_weight(ent.kind),
        )
    folder, _, name = docpath.rpartition("/")
    kind = KINDS.by_folder(folder)
    if kind is not None and name != "index.md":
        meta = meta or {}
        return PageFields(
            title, _keywords(title, _names(meta)), 1.0, _summary(meta), kind.search_weight
        )
    if docpath == "bibliography.md" or docpath.startswith("editors/"):
        return PageFields(title, (), WEIGHT_REFERENCE)
    return PageFields(title, (), WEIGHT_OVERVIEW)


def _entity(project: Project | None, docpath: str) -> Entity | None:
    if project is None:
        return None
    ent = project.entities.get(Path(docpath).stem)
    return ent if ent is not None and ent.path == docpath else None


def _kind_weight(name: str) -> float:
    kind = KINDS.get(name)
    return kind.search_weight if kind is not None else 1.0


def _summary(meta: Mapping[str, Any]) -> str:
    summary = meta.get("summary")
    return " ".join(summary.split()) if isinstance(summary, str) else ""


def _names(meta: Mapping[str, Any]) -> list[object]:
    aliases = meta.get("aliases")
    return [
        meta.get("symbol"),
        meta.get("acronym"),
        meta.get("short"),
        *(aliases if isinstance(aliases, list) else []),
    ]


def _keywords(title: str, names: list[object]) -> tuple[str, ...]:
    """The other names of a page, each once (whatever its case). A name of more than three
    words that adds no word to the title (a statement's short title is its title, shortened)
    is left out: it would count the title's words twice. Short names stay even then: they
    are what readers type ("Principle 7")."""
    in_title = set(_WORDS.findall(title.casefold()))
    seen: dict[str, str] = {}
    for k in names:
        if isinstance(k, str) and k.strip():
            name = " ".join(k.split())
            words = _WORDS.findall(name.casefold())
            if len(words) <= 3 or not set(words) <= in_title:
                seen.setdefault(name.casefold(), name)
    return tuple(seen.values())


_WORDS = re.compile(r"\w+")


# ---------------------------------------------------------------------------------------
# The index


@dataclass(frozen=True)
class IndexResult:
    """What one Pagefind run did."""

    ok: bool
    seconds: float
    pages: int
    message: str = ""


def pagefind_command(site: Path) -> list[str]:
    """The indexer's command line for ``site`` (every option explicit)."""
    import pagefind_bin  # type: ignore[import-untyped]  # the package ships no types

    exe = str(pagefind_bin.get_executable())
    return [
        exe,
        "--site",
        str(site),
        "--output-subdir",
        BUNDLE,
        "--exclude-selectors",
        ", ".join(EXCLUDE),
        "--include-characters",
        INCLUDE_CHARACTERS,
        # use_directory_urls is false: results must link to principles/index.html, not to
        # principles/, which opens no page from disk.
        "--keep-index-url",
        "--quiet",
    ]


def build_index(
    site: Path, *, timeout: float = TIMEOUT_S, cancel: threading.Event | None = None
) -> IndexResult:
    """Index the built ``site`` with Pagefind into ``site/pagefind/``; give up (and stop
    the indexer) when ``cancel`` is set or after ``timeout`` seconds."""
    start = time.monotonic()
    bundle = site / BUNDLE
    if bundle.is_symlink() or bundle.is_file():
        bundle.unlink()
    elif bundle.is_dir():
        shutil.rmtree(bundle)
    try:
        cmd = pagefind_command(site)
    except (ImportError, FileNotFoundError) as exc:
        return IndexResult(False, 0.0, 0, f"the Pagefind binary is not installed ({exc})")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    with tempfile.TemporaryDirectory(prefix="handbook-pagefind-") as cwd:
        try:
            proc = subprocess.Popen(
                cmd,
                cwd=cwd,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        except OSError as exc:
            return IndexResult(False, time.monotonic() - start, 0, f"could not run: {exc}")
        with proc:
            while True:
                try:
                    out, err = proc.communicate(timeout=0.1)
                    break
                except subprocess.TimeoutExpired:
                    why = (
                        "cancelled by a rebuild"
                        if cancel is not None and cancel.is_set()
                        else f"timed out after {timeout:g} s"
                        if time.monotonic() - start > timeout
                        else None
                    )
                    if why is not None:
                        proc.kill()
                        proc.communicate()
                        return IndexResult(False, time.monotonic() - start, 0, why)
    seconds = time.monotonic() - start
    entry = bundle / "pagefind-entry.json"
    if proc.returncode != 0 or not entry.is_file():
        detail = (err or out).strip()[-2000:]
        return IndexResult(False, seconds, 0, f"exited with code {proc.returncode}: {detail}")
    for name in UNUSED:
        (bundle / name).unlink(missing_ok=True)
    pages = 0
    try:
        langs = json.loads(entry.read_text(encoding="utf-8")).get("languages", {})
        pages = sum(int(v.get("page_count", 0)) for v in langs.values())
    except (OSError, ValueError, AttributeError):
        pass
    return IndexResult(True, seconds, pages)


_WORD = re.compile(r"[^\W\d_]{4,}")
_TAG = re.compile(r"<[^>]*>")

#: At most this many words in the spelling vocabulary (the most frequent).
VOCABULARY_SIZE = 30_000


def write_vocabulary(site: Path) -> int:
    """Write ``search/vocabulary.json``: the site's words of four letters or more, most
    frequent first, with which the search worker corrects a misspelt query (Pagefind
    matches words and prefixes, not near spellings). Every word of the site is in it, so a
    word typed as the site spells it is never "corrected"; the frequency order makes the
    worker propose common words first. Read from Material's lunr index, which holds the text
    of every page. Returns the number of words written."""
    path = site / "search" / "search_index.json"
    try:
        docs = json.loads(path.read_text(encoding="utf-8")).get("docs", [])
    except (OSError, ValueError, AttributeError):
        return 0
    counts: Counter[str] = Counter()
    for doc in docs if isinstance(docs, list) else []:
        if isinstance(doc, dict):
            for key in ("title", "text"):
                text = html.unescape(_TAG.sub(" ", str(doc.get(key, "")))).lower()
                counts.update(_WORD.findall(text))
    ranked = [w for w, _ in counts.most_common(VOCABULARY_SIZE)]
    out = site / "search" / "vocabulary.json"
    out.write_text(
        json.dumps({"words": ranked}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    return len(ranked)


def fragment_urls(site: Path) -> dict[str, str]:
    """Page URL (as Pagefind has it, ``/principles/principle-7.html``) -> the id of its
    result fragment (``en_94ce59a``), which is the id of a search result. Read from the
    fragments themselves (gzip, ``pagefind_dcd`` then JSON)."""
    out: dict[str, str] = {}
    for path in sorted((site / BUNDLE / "fragment").glob("*.pf_fragment")):
        try:
            raw = gzip.decompress(path.read_bytes())
            data = json.loads(raw.removeprefix(b"pagefind_dcd").decode("utf-8"))
        except (OSError, ValueError, EOFError):
            continue
        if isinstance(data, dict) and isinstance(data.get("url"), str):
            out.setdefault(data["url"], path.stem)
    return out


def write_ranks(site: Path, ranks: Mapping[str, float]) -> int:
    """Give the search worker the search weight of each page whose weight is not 1
    (``ranks``: page URL -> weight), as ``hb_ranks`` (result id -> weight) in the settings
    of ``search/search_index.json``, which the page loads anyway and hands to the worker.
    Returns the number of pages listed."""
    path = site / "search" / "search_index.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    if not isinstance(data, dict) or not isinstance(data.get("config"), dict):
        return 0
    ids = fragment_urls(site)
    table = {
        ids[url]: weight for url, weight in sorted(ranks.items()) if weight != 1.0 and url in ids
    }
    data["config"]["hb_ranks"] = table
    path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    return len(table)


def reduce_lunr_index(site: Path) -> bool:
    """Keep only the settings in ``search/search_index.json`` (the page fetches it over http
    and the search worker needs only its settings there), when the whole index is kept in
    ``search/search_index.js`` for the search from disk. Returns whether it was reduced."""
    path = site / "search" / "search_index.json"
    inlined = site / "search" / "search_index.js"
    if not path.is_file() or not inlined.is_file():
        return False
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(data, dict) or not isinstance(data.get("config"), dict):
        return False
    reduced = {"config": data["config"], "docs": []}
    path.write_text(json.dumps(reduced, separators=(",", ":")), encoding="utf-8")
    return True


class _Background:
    """One indexer run at a time behind ``mkdocs serve``; a rebuild stops the one running."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self.last: IndexResult | None = None

    def start(self, site: Path, ranks: Mapping[str, float]) -> None:
        self.stop()
        cancel = self._cancel = threading.Event()
        ranks = dict(ranks)

        def run() -> None:
            result = build_index(site, cancel=cancel)
            if cancel.is_set():
                return  # the next build starts its own
            if result.ok:
                write_vocabulary(site)
                write_ranks(site, ranks)
            with self._lock:
                self.last = result
            if result.ok:
                log.info(f"search index: {result.pages} pages in {result.seconds:.1f} s")
            else:
                log.info(f"search index not built in the background: {result.message}")

        self._thread = threading.Thread(target=run, name="pagefind", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the running indexer and wait until it has (it must not write into the next
        build's site); a rebuild does not wait for an index of the site it replaces."""
        if self._thread is not None:
            self._cancel.set()
            self._thread.join()
            self._thread = None


# ---------------------------------------------------------------------------------------
# The plugin


class SearchConfig(base.Config):
    """Options of the ``handbook-search`` plugin in mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    """Build the Pagefind index (when false, the search box uses Material's lunr index)."""

    serve = c.Type(bool, default=True)
    """Under ``mkdocs serve``, build the index in the background after each rebuild."""


class SearchPlugin(BasePlugin[SearchConfig]):
    """The Pagefind index of the built site, answered through Material's search box."""

    def __init__(self) -> None:
        self._fields: dict[str, PageFields] = {}
        self._ranks: dict[str, float] = {}
        self._serving = False
        self._background = _Background()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note whether this is ``mkdocs serve`` (the index is then built in the background)."""
        self._serving = command == "serve"

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Stop an indexer still running from the previous build; forget its pages."""
        # MkDocs empties the site folder next: an indexer still writing there must be done.
        self._background.stop()
        self._fields = {}
        self._ranks = {}

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Keep the page's search fields (title, keywords, weight); give Material's search
        the page's weight as its boost."""
        # After the handbook plugin's on_page_markdown, which sets the title.
        title = str(page.meta.get("title") or page.title or "")
        fields = page_fields(_project(config), page.file.src_uri, _unescape(title), page.meta)
        self._fields[page.file.src_uri] = fields
        boost = fields.weight * fields.rank  # the same weights for the search from disk
        if boost != 1.0:
            search = page.meta.get("search")
            if search is None:
                page.meta["search"] = {"boost": boost}
            elif isinstance(search, dict) and "boost" not in search:
                search["boost"] = boost
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Weigh the normative text's quotation more in the Pagefind index."""
        return _TEXT_QUOTE.sub(rf'\1 data-pagefind-weight="{TEXT_WEIGHT:g}"', html, count=1)

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Hand the page's search fields to the template (``overrides/main.html``)."""
        fields = self._fields.get(page.file.src_uri)
        if fields is not None:
            if fields.rank != 1.0:
                self._ranks["/" + page.url.lstrip("/")] = fields.rank
            context["hb_search"] = fields  # type: ignore[typeddict-unknown-key]  # read by overrides/main.html
        return context

    @event_priority(-110)  # after the offline plugin (-100) has written search_index.js
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Build the Pagefind index of the site (in the background while serving)."""
        if not self.config.enabled:
            return
        site = Path(config.site_dir)
        if (site / BUNDLE).exists():
            log.warning(
                f"docs/{BUNDLE}/ was copied into the site, where the search index goes: "
                f"its files are replaced by the index. Rename the folder docs/{BUNDLE}/"
            )
        if self._serving:
            if self.config.serve:
                self._background.start(site, self._ranks)
            return
        result = build_index(site)
        if not result.ok:
            log.warning(
                f"the Pagefind search index was not built: {result.message}\n"
                "  expected: the pagefind-bin package, installed with the handbook\n"
                "  fix: .venv/bin/pip install -e . (readers get the slower lunr search)"
            )
            return
        write_vocabulary(site)
        write_ranks(site, self._ranks)
        reduce_lunr_index(site)
        log.info(f"search index: {result.pages} pages in {result.seconds:.1f} s")

    def on_shutdown(self) -> None:
        """Stop the background indexer."""
        self._background.stop()


def _project(config: MkDocsConfig) -> Project | None:
    plugin = config.plugins.get("handbook")
    project = getattr(plugin, "project", None)
    return project if isinstance(project, Project) else None


def _unescape(text: str) -> str:
    return html.unescape(text)
