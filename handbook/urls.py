"""Site URLs of pages and relative links between them (no MkDocs import)."""

from __future__ import annotations

import posixpath
from functools import cache


@cache
def page_url(path: str, directory_urls: bool) -> str:
    """The site URL of a docs-relative Markdown path, as MkDocs computes it."""
    stem, _ = posixpath.splitext(path)
    parent, name = posixpath.split(stem)
    if name in ("index", "README"):
        return (
            (parent + "/")
            if parent and directory_urls
            else (parent + "/index.html" if parent else ("" if directory_urls else "index.html"))
        )
    if directory_urls:
        return stem + "/"
    return stem + ".html"


@cache
def relative(target: str, current: str) -> str:
    """A link from the page at site URL ``current`` to the site URL ``target``."""
    cur_dir = current if current.endswith("/") or not current else posixpath.dirname(current)
    rel = (
        posixpath.relpath("/" + target, "/" + cur_dir)
        if target
        else posixpath.relpath("/", "/" + cur_dir)
    )
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel + "/"
    return rel
