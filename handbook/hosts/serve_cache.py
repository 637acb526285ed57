"""Fast, whole rebuilds for ``mkdocs serve``.

MkDocs rebuilds the whole site after every edit: each page's Markdown is converted and its
template rendered again, although after a one-page edit almost all of them come out the
same. ``mkdocs serve --dirty`` skips unchanged pages, but then the search index holds only
the edited page, and backlinks and bibliographies on other pages go stale.

This cache keeps every page's results from the previous build in memory and reuses them
only when everything they are made from is unchanged:

* the Markdown conversion, keyed by the page's Markdown *after* the handbook's macros are
  expanded (so an edit that changes another page's backlinks, references or hover text
  changes that page's key too), the list of files (links resolve against it), the
  Markdown configuration and the UN symbols that have pages (the symbol auto-linker);
* the theme template, keyed by the page's final HTML content, its table of contents,
  metadata, title, neighbours, the template context that other plugins add (tags), the
  navigation (every title and URL), mkdocs.yml and the theme override files.

Every page still goes through every plugin event, so the search index, the tags and the
handbook's own checks are rebuilt whole; warnings that a page's conversion logged are logged
again when its cached result is reused, so ``--strict`` fails the same way. The cache is
used only by ``mkdocs serve`` (a one-off build starts with it empty anyway).
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

#: Template-context keys that are the same for every page or covered by other parts of
#: the key; any other key (added by a plugin) is part of the page's key.
_KNOWN_CONTEXT = frozenset(
    {
        "config",
        "nav",
        "pages",
        "page",
        "base_url",
        "extra_css",
        "extra_javascript",
        "mkdocs_version",
        "build_date_utc",
    }
)


def _digest(*parts: object) -> str:
    h = hashlib.blake2b(digest_size=20)
    for p in parts:
        h.update(p if isinstance(p, bytes) else str(p).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def stable(value: Any, depth: int = 4) -> str:
    """A text that changes when ``value`` changes, without object addresses: plain values
    as ``repr``, containers and objects by their contents (to ``depth`` levels)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr(value)
    if depth <= 0:
        return type(value).__name__
    if isinstance(value, dict):
        return (
            "{"
            + ",".join(
                f"{stable(k, depth - 1)}:{stable(v, depth - 1)}"
                for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))
            )
            + "}"
        )
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return "[" + ",".join(stable(v, depth - 1) for v in items) + "]"
    if isinstance(value, Page):
        return f"Page({value.file.src_uri})"
    attrs = getattr(value, "__dict__", None)
    if attrs is None:
        return type(value).__name__ + ":" + str(value)
    return type(value).__name__ + stable(
        {k: v for k, v in attrs.items() if not k.startswith("_")}, depth - 1
    )


def _nav_text(items: list[Any]) -> str:
    out = []
    for item in items:
        title = getattr(item, "title", None)
        url = getattr(item, "url", None)
        children = getattr(item, "children", None) or []
        out.append(f"{type(item).__name__}|{title}|{url}|{len(children)}")
        if children:
            out.append("(" + _nav_text(children) + ")")
    return ";".join(out)


class _Capture(logging.Handler):
    """The warnings MkDocs logs while converting one page."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class RenderCache:
    """Each page's Markdown conversion and template output from the previous build."""

    def __init__(self) -> None:
        self._markdown: dict[str, tuple[str, dict[str, Any]]] = {}
        self._output: dict[str, tuple[str, str]] = {}
        self._md_global = ""
        self._tpl_global = ""
        #: Per build: pages whose conversion / template output was reused or redone.
        self.stats = {"markdown_hits": 0, "markdown_misses": 0, "page_hits": 0, "page_misses": 0}

    # ------------------------------------------------------------------ per build
    def start(self, config: MkDocsConfig, files: Files, symbols: str) -> None:
        """Called once per build when the files are known (``on_files``)."""
        self.stats = dict.fromkeys(self.stats, 0)
        listing = sorted((f.src_uri, f.dest_uri, f.url) for f in files)
        self._md_global = _digest(
            stable(config.markdown_extensions, 3),
            stable(config.mdx_configs, 5),
            stable(config.validation, 3),
            config.use_directory_urls,
            listing,
            symbols,
        )

    def finish_pages(self, config: MkDocsConfig, nav: Navigation) -> None:
        """Called when every page is converted and before templates render (``on_env``):
        the navigation's titles are known then."""
        theme_files: list[tuple[str, int, int]] = []
        custom = config.theme.custom_dir
        if custom and os.path.isdir(custom):
            for base, _dirs, names in os.walk(custom):
                for n in names:
                    st = os.stat(os.path.join(base, n))
                    theme_files.append((os.path.join(base, n), st.st_mtime_ns, st.st_size))
        config_bytes = (
            Path(config.config_file_path).read_bytes() if config.config_file_path else b""
        )
        self._tpl_global = _digest(
            self._md_global,
            config_bytes,
            sorted(theme_files),
            config.site_url,
            stable(config.extra, 4),
            _nav_text(nav.items),
        )

    # ------------------------------------------------------------ Markdown stage
    def wrap_render(self, page: Page) -> None:
        """Make ``page.render`` reuse the previous conversion when its inputs are the same."""
        original: Callable[[MkDocsConfig, Files], None] = page.render

        def render(config: MkDocsConfig, files: Files) -> None:
            key = _digest(self._md_global, page.file.src_uri, page.markdown)
            hit = self._markdown.get(page.file.src_uri)
            if hit is not None and hit[0] == key:
                self._restore(page, hit[1], files)
                self.stats["markdown_hits"] += 1
                return
            capture = _Capture()
            logger = logging.getLogger("mkdocs")
            logger.addHandler(capture)
            try:
                original(config, files)
            finally:
                logger.removeHandler(capture)
            self.stats["markdown_misses"] += 1
            self._markdown[page.file.src_uri] = (
                key,
                {
                    "content": page.content,
                    # Plugins change a page's table of contents in place (the tags plugin
                    # adds its listings' anchors): keep a copy as the conversion made it.
                    "toc": copy.deepcopy(page.toc),
                    "title": page._title_from_render,
                    "anchors": set(page.present_anchor_ids or ()),
                    "links": (
                        None
                        if page.links_to_anchors is None
                        else {f.src_uri: dict(v) for f, v in page.links_to_anchors.items()}
                    ),
                    "warnings": capture.records,
                },
            )

        page.render = render  # type: ignore[method-assign]

    @staticmethod
    def _restore(page: Page, saved: dict[str, Any], files: Files) -> None:
        page.content = saved["content"]
        page.toc = copy.deepcopy(saved["toc"])
        page._title_from_render = saved["title"]
        page.present_anchor_ids = set(saved["anchors"]) if saved["anchors"] is not None else None
        if saved["links"] is not None:
            links = {}
            for src_uri, anchors in saved["links"].items():
                f = files.get_file_from_path(src_uri)
                if f is not None:
                    links[f] = dict(anchors)
            page.links_to_anchors = links
        for name, level, message in saved["warnings"]:
            logging.getLogger(name).log(level, message)

    # ------------------------------------------------------------ template stage
    def page_key(self, context: dict[str, Any], template_name: str) -> str | None:
        """The cache key of a page's rendered template: everything it shows, or None when
        the page cannot be reused."""
        page = context.get("page")
        if not isinstance(page, Page) or page.content is None:
            return None
        prev, nxt = page.previous_page, page.next_page
        extra = {k: v for k, v in context.items() if k not in _KNOWN_CONTEXT}
        return _digest(
            self._tpl_global,
            template_name,
            page.file.src_uri,
            page.content,
            stable(page.toc, 6),
            stable(page.meta, 4),
            page.title,
            page.canonical_url,
            page.edit_url,
            prev and (prev.title, prev.url),
            nxt and (nxt.title, nxt.url),
            stable(extra, 5),
        )

    def wrap_env(self, env: Any) -> Any:
        """Make the theme's templates reuse a page's previous output when its key matches."""
        cache = self
        get_template = env.get_template

        class _Template:
            def __init__(self, template: Any, name: str) -> None:
                self._template, self._name = template, name

            def render(self, context: dict[str, Any]) -> str:
                key = cache.page_key(context, self._name)
                if key is None:
                    return str(self._template.render(context))
                src = context["page"].file.src_uri
                hit = cache._output.get(src)
                if hit is not None and hit[0] == key:
                    cache.stats["page_hits"] += 1
                    return hit[1]
                out = str(self._template.render(context))
                cache._output[src] = (key, out)
                cache.stats["page_misses"] += 1
                return out

            def __getattr__(self, name: str) -> Any:
                return getattr(self._template, name)

        def cached_get_template(name: Any, *args: Any, **kwargs: Any) -> Any:
            template = get_template(name, *args, **kwargs)
            return _Template(template, str(name)) if isinstance(name, str) else template

        env.get_template = cached_get_template
        return env


class SearchEntries:
    """Material's search entries of each page from the previous build, reused while the
    page's HTML, table of contents, title, URL, tags and search boost are the same.

    Material's search plugin parses every page's HTML again at every build to index it
    (about 40 % of a rebuild of 1,000 pages). Its entries depend only on the inputs above
    (``SearchIndex.add_entry_from_context``), so a page that did not change gets the same
    entries, copied; the index stays whole, as in a full build."""

    def __init__(self) -> None:
        self._memo: dict[str, tuple[str, list[dict[str, Any]]]] = {}
        self.stats = {"search_hits": 0, "search_misses": 0}

    def install(self, config: MkDocsConfig) -> bool:
        """Wrap this build's search index (made anew by Material's ``on_config``)."""
        self.stats = dict.fromkeys(self.stats, 0)
        plugin = config.plugins.get("material/search") or config.plugins.get("search")
        index = getattr(plugin, "search_index", None)
        original = getattr(index, "add_entry_from_context", None)
        entries = getattr(index, "entries", None)
        if index is None or original is None or not isinstance(entries, list):
            return False
        memo, stats = self._memo, self.stats

        def add_entry_from_context(page: Page) -> None:
            key = _digest(
                page.url,
                page.content,
                stable(page.toc, 6),
                stable(page.meta.get("title"), 2),
                page.title,
                stable(page.meta.get("tags"), 3),
                stable(page.meta.get("search"), 3),
            )
            found = memo.get(page.url)
            if found is not None and found[0] == key:
                entries.extend(copy.deepcopy(found[1]))
                stats["search_hits"] += 1
                return
            start = len(entries)
            original(page)
            memo[page.url] = (key, copy.deepcopy(entries[start:]))
            stats["search_misses"] += 1

        index.add_entry_from_context = add_entry_from_context
        return True
