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


def relative(target: str, current: str) -> str:
    """A link from the page at site URL ``current`` to the site URL ``target``."""
    return relative_from(target, folder(current))


def folder(url: str) -> str:
    """The folder of a page's site URL, which relative links start from."""
    return url if url.endswith("/") or not url else posixpath.dirname(url)


@cache
def relative_from(target: str, cur_dir: str) -> str:
    """A link to the site URL ``target`` from a page in the folder ``cur_dir``.

    Cached by folder, not by page: a handbook of N pages makes about N times its number of
    folders of these, not N squared."""
    rel = (
        posixpath.relpath("/" + target, "/" + cur_dir)
        if target
        else posixpath.relpath("/", "/" + cur_dir)
    )
    if target.endswith("/") or not target:
        rel = "./" if rel == "." else rel + "/"
    return rel
