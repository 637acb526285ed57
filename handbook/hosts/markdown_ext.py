"""The handbook's per-page work as a Python-Markdown extension, for any host that runs them.

``markdown.Markdown(extensions=["handbook.hosts.markdown_ext"], extension_configs={
"handbook.hosts.markdown_ext": {"root": "path/to/project"}})``, or in mkdocs.yml (or a
Zensical configuration)::

    markdown_extensions:
      - handbook.hosts.markdown_ext:
          root: .

On each page it does what the MkDocs plugin does on it, without MkDocs:

* **macros and citations** (a preprocessor, before any other): the page's front matter is
  left out, its macros run, and its references, related pages and citation cards are
  appended, exactly as :func:`handbook.render.page.render_page` does for the plugin. The
  whole project (registry, bibliography, backlinks) is loaded once per project folder and
  kept while its files are unchanged (:class:`ProjectStore`);
* **symbol links** (a tree processor, after inline processing, like pymdownx.magiclink): a
  bare UN document symbol such as ``A/63/215`` in prose becomes a link to the document's
  page in the handbook, or to the UN Official Document System. Code, existing links,
  headings and raw HTML are never touched;
* **the built page's HTML** (a postprocessor): one hover text per link, and whatever is
  still active in it (scripts, handlers) made text, as the plugin's ``on_page_content``.

Which page is being converted is taken from the ``page`` option, else from the host
(Zensical's page context, or the MkDocs plugin's ``current_page``), else found by the
page's text. Pages written by ``handbook prebuild`` are already expanded: there the
extension only links symbols, from the ``symbols`` file prebuild wrote beside them.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import re
import xml.etree.ElementTree as etree  # noqa: N813 - Python-Markdown's own name for it
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from handbook.core import sanitize, symbols, urls
from handbook.core.registry import Project, SymbolTarget

log = logging.getLogger("handbook")

#: Given a canonical symbol, the href and hover title of its link, or None to leave it.
Resolver = Callable[[str], "tuple[str, str] | None"]

#: A YAML front matter block at the top of a page, as MkDocs and Zensical read it.
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n", re.S)

#: The name of the symbol file that ``handbook prebuild`` writes beside the pages.
SYMBOLS_FILE = "handbook-symbols.json"

_SKIP = {
    "a",
    "code",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "script",
    "style",
    "kbd",
    "abbr",
    "title",
}


# ------------------------------------------------------------------ the project, once


@dataclass
class _Loaded:
    signature: tuple[int, int]
    project: Project
    #: A page's text (whole file, or after its front matter) -> its docs-relative path.
    by_text: dict[str, str] = field(default_factory=dict)


class ProjectStore:
    """The loaded projects, one per project folder, reloaded when a file changed.

    A host makes a new Markdown instance (and often a new extension) for every page: the
    project, which takes seconds to load, must outlive them. The store is an explicit
    object; :data:`STORE` is the one the extension uses unless it is given another."""

    def __init__(self) -> None:
        self._loaded: dict[Path, _Loaded] = {}

    @staticmethod
    def _signature(root: Path) -> tuple[int, int]:
        """The count and the newest modification time of the project's files."""
        from handbook.core.settings import settings

        conf = settings(root)
        newest, count = 0, 0
        for folder in (conf.docs_dir, conf.bib_dir):
            for dirpath, _dirs, names in os.walk(folder):
                for name in names:
                    if name.endswith((".md", ".bib")):
                        count += 1
                        newest = max(newest, os.stat(os.path.join(dirpath, name)).st_mtime_ns)
        cfg = root / "mkdocs.yml"
        if cfg.exists():
            newest = max(newest, cfg.stat().st_mtime_ns)
        return newest, count

    def get(self, root: Path) -> _Loaded:
        """The project at ``root`` (a folder holding mkdocs.yml), loaded as ``handbook
        check`` loads it, and kept until one of its pages or .bib files changes."""
        root = root.resolve()
        sig = self._signature(root)
        have = self._loaded.get(root)
        if have is not None and have.signature == sig:
            return have
        import macros
        from handbook.core.settings import settings
        from handbook.render.collect import load_configured

        conf = settings(root)
        proj = load_configured(root, conf, macros=macros.table())
        proj.abbr_enabled = "abbr" in _extension_names(conf.config.data)
        # Reported once per load, through the logger a host shows (as the plugin does).
        from handbook.core.diagnostics import Severity

        for d in proj.diagnostics:
            (log.info if d.severity is Severity.INFO else log.warning)(d.format())
        loaded = _Loaded(sig, proj)
        for path, page in proj.pages.items():
            src = page.source
            loaded.by_text.setdefault(src.text.strip(), path)
            loaded.by_text.setdefault(src.body.strip(), path)
        self._loaded[root] = loaded
        return loaded


def _extension_names(cfg: dict[str, Any]) -> set[str]:
    """The names of the Markdown extensions a parsed mkdocs.yml lists."""
    names: set[str] = set()
    for item in cfg.get("markdown_extensions") or []:
        name = next(iter(item)) if isinstance(item, dict) and item else item
        if isinstance(name, str):
            names.add(name.rsplit(".", 1)[-1] if name.startswith("markdown.extensions.") else name)
    return names


#: The store the extension uses by default (one per process).
STORE = ProjectStore()


# ------------------------------------------------------------------ the processors


class PageExpander(Preprocessor):
    """Find the page being converted; leave out its front matter; run its macros and append
    its generated sections (when the extension expands)."""

    def __init__(self, md: Markdown, ext: HandbookExtension) -> None:
        super().__init__(md)
        self.ext = ext
        #: The docs-relative path of the page being converted, once found.
        self.page: str | None = None

    def run(self, lines: list[str]) -> list[str]:
        """The page's lines, expanded."""
        text = "\n".join(lines)
        project = self.ext.project()
        self.page = self.ext.page_path(self.md, text)
        if project is None or self.page is None or not self.ext.getConfig("expand"):
            # Hosts leave out the front matter themselves; Python-Markdown alone does not.
            m = _FRONT_MATTER.match(text)
            return text[m.end() :].split("\n") if m else lines
        from handbook.render.page import render_page

        page = project.pages.get(self.page)
        if page is None:
            return lines
        if text.strip() == page.source.text.strip():
            text = page.source.body
        elif m := _FRONT_MATTER.match(text):
            text = text[m.end() :]
        return render_page(project, self.page, text).split("\n")


class SymbolLinker(Treeprocessor):
    """Replace symbols in text and tails with ``<a class="hb-symbol">`` elements."""

    def __init__(self, md: Markdown, ext: HandbookExtension, expander: PageExpander) -> None:
        super().__init__(md)
        self.ext = ext
        self.expander = expander

    def run(self, root: etree.Element) -> None:
        """Link the symbols of the whole page."""
        resolver = self.ext.resolver_for(self.expander.page)
        if resolver is None:
            return
        self._walk(root, resolver)

    def _walk(self, el: etree.Element, resolver: Resolver) -> None:
        children = list(el)
        if el.tag not in _SKIP and el.text and "/" in el.text:
            new = self._split(el.text, resolver)
            if new is not None:
                el.text = new[0]
                for i, child in enumerate(new[1]):
                    el.insert(i, child)
        for child in children:
            if child.tag not in _SKIP:
                self._walk(child, resolver)
            if child.tail and "/" in child.tail:
                new = self._split(child.tail, resolver)
                if new is not None:
                    child.tail = new[0]
                    idx = list(el).index(child)
                    for j, n in enumerate(new[1]):
                        el.insert(idx + 1 + j, n)

    @staticmethod
    def _split(text: str, resolver: Resolver) -> tuple[str, list[etree.Element]] | None:
        made: list[etree.Element] = []
        head = None
        pos = 0
        for m in symbols.find(text):
            target = resolver(m.symbol.canonical)
            if target is None:
                continue
            a = etree.Element("a", {"href": target[0], "class": "hb-symbol", "title": target[1]})
            a.text = text[m.start : m.end]
            if head is None:
                head = text[: m.start]
            else:
                made[-1].tail = text[pos : m.start]
            made.append(a)
            pos = m.end
        if head is None:
            return None
        made[-1].tail = text[pos:]
        return head, made


class HtmlFinisher(Postprocessor):
    """The built page's HTML as the MkDocs plugin leaves it: one hover text per link, and
    active HTML shown as text."""

    def run(self, text: str) -> str:
        """The finished HTML."""
        from handbook.render.page import finish_html

        return sanitize.neutralize(finish_html(text))[0]


# ------------------------------------------------------------------ the extension


class HandbookExtension(Extension):
    """Macros, citations, generated sections and symbol links on one page.

    Options (all optional; Python-Markdown checks their names):

    * ``root``: the project folder (holding mkdocs.yml). With it, the project is loaded and
      the page's macros are expanded.
    * ``page``: the converted page's path in the docs folder (``principles/principle-7.md``),
      when the host does not say it.
    * ``expand``: run the macros (false where the host already ran them, as the MkDocs
      plugin does in ``on_page_markdown``).
    * ``autolink_symbols``: link bare UN document symbols in prose.
    * ``symbol_links``: ``url`` links to the built page (``../documents/a-63-215.html``),
      ``md`` to its Markdown file, for hosts that turn .md links into URLs and check them.
    * ``symbols``: the symbol file ``handbook prebuild`` wrote, for pages it expanded: links
      without loading the project.
    * ``finish``: clean the built HTML (false where the host does it, as the plugin does in
      ``on_page_content``).
    * ``project``, ``current_page``: for the MkDocs plugin, which has loaded the project
      itself: a function returning it, and one returning the path of the page MkDocs is
      converting.
    """

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "root": ["", "The project folder (holding mkdocs.yml); empty: no project loaded."],
            "page": [
                "",
                "The converted page's docs-relative path; empty: asked of the host, "
                "or found by the page's text.",
            ],
            "expand": [True, "Expand macros and append references and related pages."],
            "autolink_symbols": [True, "Link bare UN document symbols in prose."],
            "symbol_links": ["url", "'url': links to built pages; 'md': to their .md files."],
            "symbols": ["", "The symbol file written by `handbook prebuild`."],
            "finish": [True, "One hover text per link; active HTML made text."],
            # Not None: Python-Markdown would read a function given for None as a boolean.
            "project": ["", "A function returning the loaded project (the MkDocs plugin)."],
            "current_page": ["", "A function returning the converted page's path (the plugin)."],
            "store": ["", "The ProjectStore to load the project with (default: STORE)."],
        }
        super().__init__(**kwargs)
        self._symbol_data: dict[str, Any] | None = None

    # ---------------------------------------------------------------- what it works on
    def project(self) -> Project | None:
        """The project: the one handed in, else the one at ``root``, else none."""
        given = self.getConfig("project")
        if callable(given):
            return given()  # type: ignore[no-any-return]
        if isinstance(given, Project):
            return given
        root = self.getConfig("root")
        if not root:
            return None
        store: ProjectStore = self.getConfig("store") or STORE
        return store.get(Path(root)).project

    def page_path(self, md: Markdown, text: str) -> str | None:
        """The docs-relative path of the page ``md`` converts: the ``page`` option, the
        plugin's ``current_page``, the host's page context (Zensical), or the page of the
        project whose text (whole, or after the front matter) is ``text``."""
        fixed = self.getConfig("page")
        if fixed:
            return str(fixed).replace(os.sep, "/")
        current = self.getConfig("current_page")
        if callable(current):
            return current()  # type: ignore[no-any-return]
        for proc in md.preprocessors:
            host_page = getattr(proc, "page", None)
            path = getattr(host_page, "path", None)
            if isinstance(path, str) and path:
                return self._docs_relative(path)
        root = self.getConfig("root")
        if root and not callable(self.getConfig("project")):
            store: ProjectStore = self.getConfig("store") or STORE
            found: str | None = store.get(Path(root)).by_text.get(text.strip())
            return found
        return None

    def _docs_relative(self, path: str) -> str:
        """A host's page path made relative to the docs folder, with "/" separators."""
        project = self.project() if self.getConfig("root") else None
        p = Path(path)
        if project is not None and p.is_absolute():
            try:
                return p.resolve().relative_to(project.docs_dir.resolve()).as_posix()
            except ValueError:
                pass
        return path.replace(os.sep, "/")

    def _symbols(self) -> dict[str, Any]:
        """The symbol file written by ``handbook prebuild`` (read once)."""
        if self._symbol_data is None:
            raw = Path(self.getConfig("symbols")).read_text(encoding="utf-8")
            self._symbol_data = json.loads(raw)
        return self._symbol_data

    def resolver_for(self, page: str | None) -> Resolver | None:
        """The symbol resolver for links from ``page``, or None to link nothing."""
        if not self.getConfig("autolink_symbols") or page is None:
            return None
        as_md = self.getConfig("symbol_links") == "md"
        if self.getConfig("symbols"):
            data = self._symbols()
            table: dict[str, list[str]] = data["symbols"]
            directory_urls = bool(data.get("directory_urls"))

            def from_file(canonical: str) -> tuple[str, str] | None:
                sym = symbols.parse(canonical)
                if sym is None:
                    return None
                hit = table.get(sym.canonical)
                if hit is None:
                    return sym.url, SymbolTarget(sym.canonical, None, sym.url).title
                href = _link(hit[0], page, as_md, directory_urls)
                return None if href is None else (href, hit[1])

            return from_file
        project = self.project()
        if project is None:
            return None

        def from_project(canonical: str) -> tuple[str, str] | None:
            target = project.symbol_target(canonical)
            if target is None:
                return None
            if target.entity is None:
                return target.url, target.title
            href = _link(target.entity.path, page, as_md, project.directory_urls)
            return None if href is None else (href, target.title)

        return from_project

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API name
        """Register the expander (before every other preprocessor), the symbol linker (after
        inline processing, before the TOC) and the HTML finisher (last)."""
        expander = PageExpander(md, self)
        md.preprocessors.register(expander, "hb_expand", 40)
        md.treeprocessors.register(SymbolLinker(md, self, expander), "hb_symbols", 4)
        if self.getConfig("finish"):
            md.postprocessors.register(HtmlFinisher(md), "hb_finish", 0)
        md.registerExtension(self)


def _link(target: str, page: str, as_md: bool, directory_urls: bool) -> str | None:
    """The href of a link from ``page`` to the page ``target`` (docs-relative paths)."""
    if target == page:
        return None
    if as_md:
        return posixpath.relpath(target, posixpath.dirname(page) or ".")
    return urls.relative(urls.page_url(target, directory_urls), urls.page_url(page, directory_urls))


#: The former name, for code that imports it.
SymbolExtension = HandbookExtension


def makeExtension(**kwargs: Any) -> HandbookExtension:  # noqa: N802 - Markdown's API name
    """The extension, as Python-Markdown loads it by name."""
    return HandbookExtension(**kwargs)
