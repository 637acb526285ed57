"""The MkDocs plugin: thin hooks over :mod:`handbook.project` and :mod:`handbook.render`.

* ``on_config``: add the symbol auto-linker to the Markdown extensions.
* ``on_files``: load the whole project (front matter, registry, bibliography, every macro
  call and citation) before any page renders, and report every diagnostic once through
  the plugin logger, so ``mkdocs build --strict`` fails on the same problems as
  ``handbook check``.
* ``on_page_markdown``: expand macros; append references and related pages.
"""

from __future__ import annotations

import gc
import html
import posixpath
from pathlib import Path

import jinja2
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from handbook.core import bibliography as citations
from handbook.cache import pages as pagecache
from handbook.core import symbols
from handbook.core.diagnostics import Severity
from handbook.hosts.serve_cache import RenderCache
from handbook.hosts.markdown_ext import SymbolExtension
from handbook.hosts.nav import build_nav
from handbook.core.registry import Entity, Project, search_title
from handbook.render.page import render_page

log = get_plugin_logger(__name__)


def _escape_title(text: str) -> str:
    """Escaped for HTML text and double-quoted attributes, with a literal "'": Material's
    search index holds text escaped that way, and its highlighter cut "&#x27;" in two
    (results showed "Children';s Fund")."""
    return html.escape(text, quote=False).replace('"', "&quot;")


class HandbookConfig(base.Config):
    """Options of the ``handbook`` plugin in mkdocs.yml."""

    bibliography = c.Type(str, default="bibliography")
    """Folder of the .bib files, relative to mkdocs.yml."""

    autolink_symbols = c.Type(bool, default=True)
    """Link bare UN document symbols in prose."""


class HandbookPlugin(BasePlugin[HandbookConfig]):
    """Entities, macros, UN symbols and citations for the handbook."""

    def __init__(self) -> None:
        self.project: Project | None = None
        self.symbol_ext = SymbolExtension()
        self._current_path = ""
        self._decode_cache: Path | None = None
        self.render_cache: RenderCache | None = None
        self._nav: Navigation | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Declared so that MkDocs keeps this instance across ``mkdocs serve`` rebuilds,
        which then reuse the unchanged pages' results (:mod:`handbook.incremental`)."""
        if command == "serve" and not dirty:
            self.render_cache = RenderCache()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if self.config.autolink_symbols:
            config.markdown_extensions.append(self.symbol_ext)  # type: ignore[arg-type]  # MkDocs accepts Extension instances
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        root = Path(config.config_file_path).parent
        self._decode_cache = citations.decode_cache_path(root)
        if self._decode_cache is not None:
            citations.load_decode_cache(self._decode_cache)
        project = Project.load(
            root,
            Path(config.docs_dir),
            root / self.config.bibliography,
            directory_urls=config.use_directory_urls,
            # The pages `handbook check` (or the previous build) read and scanned: `make
            # site` checks first, and its build then reads only what changed since.
            cache_file=pagecache.path_for(root),
        )
        # The project lives for the whole build: keep the cyclic garbage collector from
        # walking its objects again at every full collection while MkDocs renders (they
        # are handed back to it when the build ends).
        gc.freeze()
        project.abbr_enabled = any(
            ext == "abbr" or str(ext).endswith(".abbr") for ext in config.markdown_extensions
        )
        self.project = project
        for d in self.project.diagnostics:
            if d.severity is Severity.INFO:
                log.info(d.format())
            else:
                log.warning(d.format())
        self.symbol_ext.resolver = self._resolve_symbol
        self._replace_unreadable(files)
        if not config.nav:
            config.nav = build_nav(self.project)
        if self.render_cache is not None:
            self.render_cache.start(
                config,
                files,
                repr(
                    sorted(
                        (sym, ent, project.entities[ent].title)
                        for sym, ent in project.by_symbol.items()
                    )
                ),
            )
        return files

    def on_nav(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation | None:
        self._nav = nav
        return nav

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment | None:
        if self.render_cache is None or self._nav is None:
            return env
        self.render_cache.finish_pages(config, self._nav)
        return self.render_cache.wrap_env(env)  # type: ignore[no-any-return]

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Keep the decoded bibliography for the next build (outside docs/ and bibliography/)."""
        gc.unfreeze()
        if self._decode_cache is not None:
            citations.save_decode_cache(self._decode_cache)
        if self.project is not None:
            self.project.save_page_cache()
        if self.render_cache is not None:
            st = self.render_cache.stats
            log.info(
                f"{st['page_hits']} pages reused from the previous build, "
                f"{st['page_misses']} rendered ({st['markdown_misses']} converted from Markdown)"
            )

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()

    def _replace_unreadable(self, files: Files) -> None:
        """A page that cannot be read (not UTF-8, too large) would crash MkDocs or stall it.
        It is not dropped: it renders as a notice, and its diagnostic fails the build."""
        assert self.project is not None
        for page in self.project.pages.values():
            fatal = [d for d in page.source.diagnostics if d.code in ("HB003", "HB005")]
            f = files.get_file_from_path(page.path)
            if fatal and f is not None:
                f.content_string = (
                    "---\ntitle: Page that could not be read\n---\n\n"
                    "# Page that could not be read\n\n"
                    f"`{html.escape(fatal[0].headline())}`\n"
                )

    def _resolve_symbol(self, canonical: str) -> tuple[str, str] | None:
        proj = self.project
        if proj is None:
            return None
        local = proj.by_symbol.get(canonical)
        if local is not None:
            ent = proj.entities[local]
            if ent.path == self._current_path:
                return None
            # A link to the .md file: MkDocs' own link processing, which runs after this
            # one, turns it into the page's URL and validates it.
            href = posixpath.relpath(ent.path, posixpath.dirname(self._current_path) or ".")
            return href, f"{ent.title} ({canonical})"
        sym = symbols.parse(canonical)
        if sym is None:
            return None
        return sym.url, f"United Nations document {canonical} (Official Document System)"

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.project is None:
            return markdown
        docpath = page.file.src_uri
        self._current_path = docpath
        ent = self.project.entities.get(Path(docpath).stem)
        if ent is not None and ent.path == docpath:
            self._set_meta(page, ent)
        else:
            src = self.project.pages.get(docpath)
            if src is not None and isinstance(src.source.meta.get("title"), str):
                page.meta["title"] = Markup(_escape_title(src.source.meta["title"]))
        if self.render_cache is not None:
            self.render_cache.wrap_render(page)
        return render_page(self.project, docpath, markdown)

    @staticmethod
    def _set_meta(page: Page, ent: Entity) -> None:
        # MkDocs' and Material's templates print the title and description as they are in
        # <title>, the header and the navigation, and escape them again in a few attributes:
        # they are escaped here once and marked safe, from the validated values (also when
        # MkDocs' own parse of the front matter failed silently). The title carries the
        # acronym or UN symbol, so that search finds the page first when a reader types it.
        meta = ent.meta
        page.meta["title"] = Markup(_escape_title(search_title(ent)))
        if meta.get("themes"):
            page.meta["tags"] = list(meta["themes"]) + list(page.meta.get("tags") or [])
        if meta.get("summary"):
            page.meta["description"] = Markup(_escape_title(str(meta["summary"])))
