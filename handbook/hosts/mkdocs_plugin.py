"""The MkDocs plugin: thin hooks over the core (:mod:`handbook.core`) and the renderer.

* ``on_config``: refuse a docs folder with links to folders (MkDocs' own walk would follow
  them, out of the project or round a loop); add the symbol auto-linker.
* ``on_files``: load the whole project (front matter, registry, bibliography, every macro
  call and citation) before any page renders, report every diagnostic once through the
  plugin logger, so ``mkdocs build --strict`` fails on the same problems as ``handbook
  check``; leave out files that link outside the project.
* ``on_page_markdown``: the page's validated front matter becomes its metadata (nothing
  else reaches the theme); macros expanded, references and related pages appended.
* ``on_page_content``: whatever is still active in the page's HTML is turned into text, and
  macro syntax left outside code is reported (the built page is checked, not trusted).
"""

from __future__ import annotations

import gc
import html
import re
from pathlib import Path

import jinja2
from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

import macros
from handbook.cache import pages as pagecache
from handbook.core import bibliography, frontmatter, prose, sanitize, siteconfig
from handbook.core import files as projfiles
from handbook.core.caches import Caches
from handbook.core.diagnostics import (
    ACTIVE_HTML,
    CONFIG_REFUSED,
    FILE_TOO_LARGE,
    MACRO_IN_OUTPUT,
    NOT_UTF8,
    Diagnostic,
    Severity,
)
from handbook.core.registry import Project, search_title
from handbook.hosts.markdown_ext import HandbookExtension
from handbook.hosts.nav import build_nav
from handbook.hosts.serve_cache import RenderCache, SearchEntries
from handbook.opendata.build import OpenData
from handbook.render.collect import load_project
from handbook.render.page import finish_html, render_page

log = get_plugin_logger(__name__)

#: Folders of pages for editors, not readers: never offered by search.
NOT_FOR_READERS = ("editors/", "engineering/")

#: Macro syntax in built HTML, outside ``<code>`` and ``<pre>``.
_LEFT_MACRO = re.compile(r"\{\{.{0,200}?\}\}|\{\{", re.S)
_CODE_BLOCKS = re.compile(r"<(code|pre)\b[^>]*>.*?</\1>|<!--.*?-->", re.S)


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
        #: Kept across ``mkdocs serve`` rebuilds (keyed by content: never stale).
        self.caches = Caches()
        self._disk_loaded = False
        self._current_path = ""
        self._decoded_file: Path | None = None
        self._page_file: Path | None = None
        #: The symbol auto-linker: the engine's Markdown extension, told which project and
        #: page it works on through its options (macros already ran in on_page_markdown,
        #: and on_page_content finishes the HTML). Its links lead to .md files, which
        #: MkDocs turns into URLs and validates.
        self.symbol_ext = HandbookExtension(
            project=lambda: self.project,
            current_page=lambda: self._current_path,
            expand=False,
            finish=False,
            symbol_links="md",
        )
        self.render_cache: RenderCache | None = None
        self.search_entries: SearchEntries | None = None
        self._nav: Navigation | None = None
        self.opendata: OpenData | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Declared so that MkDocs keeps this instance across ``mkdocs serve`` rebuilds,
        which then reuse the unchanged pages' results (:mod:`handbook.hosts.serve_cache`)."""
        if command == "serve" and not dirty:
            self.render_cache = RenderCache()
            self.search_entries = SearchEntries()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Refuse links to folders in the docs folder (before MkDocs walks it); add the
        symbol auto-linker to the Markdown extensions."""
        root = Path(config.config_file_path).parent
        # What `handbook check` refuses in mkdocs.yml is reported here too, and the build
        # stops before MkDocs walks a docs folder outside the project or loads a theme from
        # there (settings that run code, such as hooks or YAML tags, have run by now: the
        # check must come first, as `make site` and CI run it).
        refused = [
            d
            for d in siteconfig.read(root, Path(config.config_file_path).name).diagnostics
            if d.code == CONFIG_REFUSED.code
        ]
        if refused:
            for d in refused:
                log.error(d.format())
            raise PluginError(
                "mkdocs.yml holds settings the handbook refuses (see the messages above)"
            )
        docs = Path(config.docs_dir)
        if docs.is_dir():
            _, diags = projfiles.walk(docs, root, ".md")
            folders = [d for d in diags if "folders are not followed" in d.message]
            if folders:
                for d in folders:
                    log.error(d.format())
                raise PluginError(
                    "the docs folder holds links to folders, which MkDocs would follow; "
                    "the build stops before it reads them (see the messages above)"
                )
        if self.config.autolink_symbols:
            config.markdown_extensions.append(self.symbol_ext)  # type: ignore[arg-type]  # MkDocs accepts Extension instances
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Load the project, report its diagnostics, generate the navigation."""
        root = Path(config.config_file_path).parent
        self._load_disk_caches(root)
        project = load_project(
            root,
            Path(config.docs_dir),
            root / self.config.bibliography,
            macros=macros.table(),
            directory_urls=config.use_directory_urls,
            caches=self.caches,
        )
        # The project lives for the whole build: keep the cyclic garbage collector from
        # walking its objects again at every full collection while MkDocs renders (they
        # are handed back to it when the build ends).
        gc.freeze()
        project.abbr_enabled = any(
            ext == "abbr" or str(ext).endswith(".abbr") for ext in config.markdown_extensions
        )
        self.project = project
        # Open data: published addresses checked (HB5xx), page dates read from git.
        self.opendata = OpenData(project, site_name=config.site_name)
        project.diagnostics += self.opendata.diagnostics
        for d in project.diagnostics:
            (log.info if d.severity is Severity.INFO else log.warning)(d.format())
        files = self._outside_removed(files, root)
        self._replace_unreadable(files)
        if not config.nav:
            hidden = config.not_in_nav
            config.nav = build_nav(project, hidden.match_file if hidden else None)
        if self.search_entries is not None:
            self.search_entries.install(config)
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

    def _load_disk_caches(self, root: Path) -> None:
        """The pages ``handbook check`` (or the previous build) read and scanned, and the
        decoded bibliography: `make site` checks first, and its build then reads only what
        changed since. Read once per process."""
        self._page_file = pagecache.path_for(root)
        self._decoded_file = pagecache.user_cache_file(root, "bibliography", ".json")
        if self._disk_loaded:
            return
        self._disk_loaded = True
        if self._page_file is not None:
            pagecache.load(self._page_file, self.caches, frozenset(macros.table()))
        if self._decoded_file is not None:
            bibliography.load_decoded(self.caches.bib, self._decoded_file)

    @staticmethod
    def _outside_removed(files: Files, root: Path) -> Files:
        """The files without those that link to a file outside the project (reported by
        the load as HB006): MkDocs would publish them."""
        for f in list(files):
            src = Path(f.abs_src_path) if f.abs_src_path else None
            if src is not None and src.is_symlink() and not projfiles.inside(src, root):
                files.remove(f)
        return files

    def on_nav(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation | None:
        """Keep the navigation for the serve cache."""
        self._nav = nav
        return nav

    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment | None:
        """In ``mkdocs serve``, wrap the theme's templates with the serve cache."""
        if self.render_cache is None or self._nav is None:
            return env
        self.render_cache.finish_pages(config, self._nav)
        return self.render_cache.wrap_env(env)  # type: ignore[no-any-return]

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """The page's JSON-LD, last change and "Cite this page", for the theme."""
        if self.opendata is not None:
            context["hb_page"] = self.opendata.page(page.file.src_uri)  # type: ignore[typeddict-unknown-key]
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the open data (site/data/, objects.inv, redirects); keep the pages as read
        and the decoded bibliography for the next run (in the user's cache folder)."""
        gc.unfreeze()
        if self.opendata is not None:
            self.opendata.finish(Path(config.site_dir))
        names = frozenset(macros.table())
        if self._page_file is not None:
            pagecache.save(self._page_file, self.caches, names)
        if self._decoded_file is not None:
            bibliography.save_decoded(self.caches.bib, self._decoded_file)
        if self.render_cache is not None:
            st = self.render_cache.stats
            log.info(
                f"{st['page_hits']} pages reused from the previous build, "
                f"{st['page_misses']} rendered ({st['markdown_misses']} converted from Markdown)"
            )
        if self.search_entries is not None:
            se = self.search_entries.stats
            log.info(
                f"search entries of {se['search_hits']} pages reused, "
                f"{se['search_misses']} indexed again"
            )

    def on_build_error(self, *, error: Exception) -> None:
        """Hand the project back to the garbage collector."""
        gc.unfreeze()

    def _replace_unreadable(self, files: Files) -> None:
        """A page that cannot be read (not UTF-8, too large) would crash MkDocs or stall it.
        It is not dropped: it renders as a notice, and its diagnostic fails the build."""
        assert self.project is not None
        fatal_codes = (NOT_UTF8.code, FILE_TOO_LARGE.code)
        for page in self.project.pages.values():
            fatal = [d for d in page.source.diagnostics if d.code in fatal_codes]
            if not fatal:
                # Python-Markdown would exhaust the stack or stall on it (HB007, found when
                # the page was read).
                fatal = frontmatter.too_deep(page.source)
            f = files.get_file_from_path(page.path)
            if fatal and f is not None:
                f.content_string = (
                    "---\ntitle: Page that could not be read\n---\n\n"
                    "# Page that could not be read\n\n"
                    f"`{html.escape(fatal[0].headline())}`\n"
                )

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Set the page's metadata from its validated front matter; expand its macros."""
        if self.project is None:
            return markdown
        docpath = page.file.src_uri
        self._current_path = docpath
        self._set_meta(page, self.project, docpath)
        if self.render_cache is not None:
            self.render_cache.wrap_render(page)
        return render_page(self.project, docpath, markdown)

    @staticmethod
    def _set_meta(page: Page, proj: Project, docpath: str) -> None:
        """Only validated front matter reaches the theme: MkDocs' own parse of the front
        matter (``template:``, ``description:``...) is replaced, not added to. MkDocs' and
        Material's templates print the title and description as they are in <title>, the
        header and the navigation, and escape them again in a few attributes: they are
        escaped here once and marked safe. An entity's title carries its acronym or UN
        symbol, so that search finds the page first when a reader types it."""
        src = proj.pages.get(docpath)
        page.meta = {}
        if src is None:
            return
        fields = src.fields
        ent = src.entity
        title = search_title(ent) if ent is not None else fields.get("title")
        if title:
            page.meta["title"] = Markup(_escape_title(str(title)))
        if fields.get("summary"):
            page.meta["description"] = Markup(_escape_title(str(fields["summary"])))
        tags = [*(fields.get("themes") or []), *(fields.get("tags") or [])]
        if tags:
            page.meta["tags"] = tags
        for key in ("hide", "search"):
            if fields.get(key):
                page.meta[key] = fields[key]
        if docpath.startswith(NOT_FOR_READERS):
            # The editors' guide and the engineering notes are not for readers: Material's
            # index (the search from disk) leaves them out, as Pagefind's does (main.html).
            page.meta["search"] = {"exclude": True}

    def on_page_content(
        self, html_text: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Check the built page: active HTML becomes text (and is reported if the check of
        the Markdown did not already), and macro syntax left outside code is reported."""
        proj = self.project
        if proj is None:
            return html_text
        src = proj.pages.get(page.file.src_uri)
        path = src.source.path if src is not None else page.file.src_uri
        clean, found = sanitize.neutralize(finish_html(html_text))
        if found and src is not None:
            known = any(d.code == ACTIVE_HTML.code and d.path == path for d in proj.diagnostics)
            if not known:
                log.warning(
                    Diagnostic.make(
                        path,
                        src.source.body_line,
                        ACTIVE_HTML,
                        f"the built page holds {found[0]}: it is shown as text",
                        expected="pages without scripts, handlers, frames or forms",
                        fix="remove it from the page",
                    ).format()
                )
        if "{{" in clean and src is not None:
            self._report_left_macros(proj, src.source, clean)
        return clean

    @staticmethod
    def _report_left_macros(proj: Project, source: object, built: str) -> None:
        """HB141 for macro syntax that the built page shows outside code."""
        from handbook.core.frontmatter import Source

        assert isinstance(source, Source)
        outside = _CODE_BLOCKS.sub(" ", built)
        m = _LEFT_MACRO.search(outside)
        if m is None:
            return
        shown = html.unescape(m.group(0))
        text = prose.scan(source.body)
        pos = source.body.find(shown[:40])
        line = source.body_line + (text.line_of(pos) - 1 if pos >= 0 else 0)
        if any(d.code == MACRO_IN_OUTPUT.code and d.path == source.path for d in proj.diagnostics):
            return
        d = Diagnostic.make(
            source.path,
            line,
            MACRO_IN_OUTPUT,
            f"the built page shows {sanitize_text(shown)} as text: the Markdown around it "
            "made it text where the engine read a macro, or the other way round",
            expected="macros in prose, run; literal braces only in code (`{{ ... }}`)",
            fix="put literal braces in a code span, or close the code span or fence before "
            "the macro",
        )
        proj.diagnostics.append(d)
        log.warning(d.format())


def sanitize_text(text: str) -> str:
    """A short piece of page text for a message."""
    from handbook.core.schema import one_line

    return one_line(text, 80)
