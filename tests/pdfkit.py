"""Small built sites in Material's markup for the PDF tests (no MkDocs build needed)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path


def write_page(
    root: Path,
    url: str,
    chain: list[str],
    nxt: str | None,
    article: str,
    *,
    canonical: str | None = None,
    site_name: str = "Mini handbook",
) -> Path:
    """Write one built page: header, primary navigation (the active chain), article and
    the footer's "Next" link."""
    nav = "".join(
        f'<li class="md-nav__item md-nav__item--active"><span class="md-ellipsis">{t}</span>'
        for t in chain
    )
    footer = f'<a href="{nxt}" class="md-footer__link md-footer__link--next">' if nxt else ""
    head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    path = root / url
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'<html><head><title>X</title>{head}</head><body><header class="md-header">'
        f'<div class="md-header__topic"><span class="md-ellipsis">{site_name}</span>'
        '</div></header><nav class="md-nav md-nav--primary"><ul>'
        f'{nav}</ul></nav><article class="md-content__inner md-typeset">{article}'
        f"</article><footer>{footer}</footer></body></html>",
        encoding="utf-8",
    )
    return path


REFERENCE = (
    '<h2 id="references">References<a class="headerlink" href="#references">¶</a>'
    '</h2><ol class="hb-references"><li id="hb-ref-1" value="1">'
    '<span class="hb-backrefs">↑ <a class="hb-backref" href="#hb-cite-1-1">a</a>'
    '</span> Author. <a href="../documents/x.html"><cite>{title}</cite></a>. 2008.</li></ol>'
)
CITE = (
    '<span class="hb-cite">[<a class="hb-cite-n" id="hb-cite-1-1" href="#hb-ref-1" '
    'title="t">1</a>, <a class="hb-loc" href="../documents/x.html#para-2">para. 2</a>]'
    "</span>"
)


def two_chapter_site(root: Path, *, address: str | None = None, extra: str = "") -> Path:
    """Home, two principles and one guideline; a source document that is on the website
    but in no PDF; citations in both chapters. extra: more HTML on principle 1."""

    def canon(url: str) -> str | None:
        return address + url if address else None

    write_page(root, "index.html", ["Home"], "principles/index.html",
               "<h1>Home</h1><p>Start.</p>", canonical=canon(""))  # fmt: skip
    write_page(
        root,
        "principles/index.html",
        ["Principles"],
        "p-1.html",
        "<h1>The principles</h1><p>See "
        '<a href="p-1.html#scope">Principle 1</a> and '
        '<a href="../guidelines/g-1.html">Guideline 1</a>.</p>',
        canonical=canon("principles/index.html"),
    )
    write_page(
        root,
        "principles/p-1.html",
        ["Principles", "Heading one", "Principle 1: Scope"],
        "../guidelines/g-1.html",
        "<h1>Principle 1: Scope</h1>"
        '<h2 id="scope">Scope<a class="headerlink" href="#scope">¶</a></h2>'
        f"<p>Principle one text {CITE}.</p>{extra}" + REFERENCE.format(title="Source B"),
        canonical=canon("principles/p-1.html"),
    )
    write_page(
        root,
        "guidelines/g-1.html",
        ["Guidelines", "Guideline 1: Method"],
        None,
        f"<h1>Guideline 1: Method</h1><p>Guideline one text {CITE}.</p>"
        + REFERENCE.format(title="Source C"),
        canonical=canon("guidelines/g-1.html"),
    )
    write_page(
        root,
        "documents/x.html",
        ["Sources", "Reports", "X"],
        None,
        '<h1>X</h1><p><span class="hb-pn" id="para-2">2.</span> A passage.</p>',
        canonical=canon("documents/x.html"),
    )
    return root


def pdftotext(path: Path, *args: str) -> str:
    """The text of a PDF (poppler), layout kept."""
    return subprocess.run(
        ["pdftotext", "-layout", *args, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def norm(text: str) -> str:
    """Spaces collapsed."""
    return re.sub(r"\s+", " ", text).strip()
