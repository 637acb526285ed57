"""Stable addresses: the entity URLs and passage anchors the handbook has published.

``data/published.json`` (committed; written by ``handbook publish-addresses``) lists every
entity's URL and every passage's anchor, one a line. The check compares the project with it:
an address that no longer exists is an error (HB501, HB502) at the line of the list that
published it, unless the page that replaced it says so with ``moved_from: OLD-ID`` in its
front matter; the build then writes a redirect page at the old URL. A page whose id is
unchanged but which moved to another folder (another kind) gets its redirect without
``moved_from``: its id still names it.
"""

from __future__ import annotations

import html
import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from handbook.core import urls
from handbook.core.diagnostics import (
    ADDRESS_GONE,
    ADDRESS_MOVED_INVALID,
    ADDRESS_PASSAGE_GONE,
    ADDRESSES_INVALID,
    Diagnostic,
    suggestion,
)
from handbook.core.registry import Entity, Project
from handbook.opendata.records import is_target

#: Where the published addresses are kept, relative to the project root.
PUBLISHED = "data/published.json"
#: The most passages a diagnostic names (the rest are counted).
_SHOWN = 5


@dataclass
class Published:
    """The committed list: entity id -> (URL, line); (document id, anchor) -> line."""

    entities: dict[str, tuple[str, int]] = field(default_factory=dict)
    passages: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass
class Result:
    """What the comparison found: diagnostics, and the redirects the build writes."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: old URL -> (new URL, title of the page it now is).
    redirects: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: The published entries still honoured (by the page itself or by a redirect).
    kept: Published = field(default_factory=Published)


def read(root: Path) -> tuple[Published | None, list[Diagnostic]]:
    """The committed list (``None`` when the project has none)."""
    path = root / PUBLISHED
    if not path.is_file():
        return None, []
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", 1)
        return None, [_invalid(f"{PUBLISHED} cannot be read: {exc}", line)]
    ents, passages = (
        (data.get("entities"), data.get("passages")) if isinstance(data, dict) else (None, None)
    )
    if not isinstance(ents, dict) or not isinstance(passages, list):
        return None, [_invalid(f"{PUBLISHED} is not a list of published addresses", 1)]
    lines: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), 1):
        lines.setdefault(line.strip().rstrip(","), n)
        head = line.strip().split(":", 1)[0]
        lines.setdefault(head, n)
    out = Published()
    for eid, url in ents.items():
        line = lines.get(json.dumps(eid), 1)
        if not isinstance(url, str):
            return None, [_invalid(f"the URL of '{eid}' is not text", line)]
        out.entities[eid] = (url, line)
    for item in passages:
        if not (isinstance(item, dict) and isinstance(item.get("document"), str)
                and isinstance(item.get("anchor"), str)):  # fmt: skip
            return None, [_invalid("a passage is not {document, anchor}", 1)]
        key = (item["document"], item["anchor"])
        out.passages[key] = lines.get(json.dumps({"document": key[0], "anchor": key[1]}), 1)
    return out, []


def _invalid(message: str, line: int) -> Diagnostic:
    return Diagnostic.make(
        PUBLISHED,
        line,
        ADDRESSES_INVALID,
        message,
        expected="the file `handbook publish-addresses` writes",
        fix="restore it from the repository, or run `handbook publish-addresses`",
    )


def moved_map(proj: Project) -> tuple[dict[str, Entity], list[Diagnostic]]:
    """Old id -> the page that declares ``moved_from`` it; HB503 for an old id that a page
    still has, or that two pages claim."""
    out: dict[str, Entity] = {}
    diags = []
    for e in proj.entities.values():
        for old in e.meta.get("moved_from") or []:
            line = e.source.line_of("moved_from")
            if old in proj.entities:
                diags.append(Diagnostic.make(
                    e.source.path, line, ADDRESS_MOVED_INVALID,
                    f"moved_from names '{old}', which is still the id of "
                    f"docs/{proj.entities[old].path}",
                    expected="the id a page had before it was renamed, that no page has now",
                    fix=f"remove '{old}' from moved_from, or rename the page that has it",
                ))  # fmt: skip
            elif old in out:
                diags.append(Diagnostic.make(
                    e.source.path, line, ADDRESS_MOVED_INVALID,
                    f"moved_from names '{old}', which docs/{out[old].path} also claims",
                    expected="one page per old id",
                    fix="keep moved_from on the page that replaced the old one only",
                ))  # fmt: skip
            else:
                out[old] = e
    return out, diags


def check(proj: Project) -> Result:
    """Compare the project with its published addresses."""
    res = Result()
    moved, res.diagnostics = moved_map(proj)
    published, problems = read(proj.root)
    res.diagnostics += problems
    for old, ent in moved.items():  # a redirect even for an id never published
        folder = posixpath.dirname(ent.path)
        old_url = proj.url(posixpath.join(folder, old + ".md"))
        res.redirects[old_url] = (proj.url(ent.path), ent.title)
    if published is None:
        return res
    gone_docs: set[str] = set()
    for eid, (url, line) in published.entities.items():
        now = proj.entities.get(eid) or moved.get(eid)
        if now is None:
            gone_docs.add(eid)
            res.diagnostics.append(Diagnostic.make(
                PUBLISHED, line, ADDRESS_GONE,
                f"the published address {url} (id '{eid}') no longer exists: no page has "
                "the id, and no page says it replaced it",
                expected="every published id still a page, or named in the moved_from "
                "of the page that replaced it." + suggestion(eid, proj.entities),
                fix=f"restore the page, or add 'moved_from: {eid}' to the front matter of "
                "the page that replaces it (the build then redirects the old address); to "
                "withdraw the address on purpose, run `handbook publish-addresses`",
            ))  # fmt: skip
            continue
        res.kept.entities[eid] = (url, line)
        new_url = proj.url(now.path)
        if new_url != url:
            res.redirects[url] = (new_url, now.title)
    missing: dict[str, list[tuple[int, str]]] = {}
    for (doc_id, anchor), line in published.passages.items():
        if doc_id in gone_docs:
            continue
        doc = proj.entities.get(doc_id) or moved.get(doc_id)
        if doc is None or anchor not in doc.anchors:
            missing.setdefault(doc_id, []).append((line, anchor))
        else:
            res.kept.passages[(doc_id, anchor)] = line
    for doc_id, lost in missing.items():
        doc = proj.entities.get(doc_id) or moved.get(doc_id)
        shown = ", ".join(a for _, a in lost[:_SHOWN]) + (
            f" and {len(lost) - _SHOWN} more" if len(lost) > _SHOWN else ""
        )
        page = f"docs/{doc.path}" if doc is not None else f"document '{doc_id}'"
        res.diagnostics.append(Diagnostic.make(
            PUBLISHED, lost[0][0], ADDRESS_PASSAGE_GONE,
            f"{len(lost)} published passage anchor{'s' if len(lost) > 1 else ''} of "
            f"{page} no longer exist{'s' if len(lost) == 1 else ''}: {shown}",
            expected="every published passage anchor still on its document's page",
            fix="restore the passages' numbering (sources/ and `handbook import`); to "
            "withdraw the anchors on purpose, run `handbook publish-addresses`",
        ))  # fmt: skip
    return res


def current(proj: Project) -> Published:
    """The addresses the project has now."""
    out = Published()
    for e in sorted(proj.entities.values(), key=lambda e: e.id):
        out.entities[e.id] = (proj.url(e.path), 0)
    for e in sorted(proj.entities.values(), key=lambda e: e.id):
        if e.kind == "document":
            for a in sorted(e.anchors, key=_anchor_order):
                if is_target(a):
                    out.passages[(e.id, a)] = 0
    return out


def _anchor_order(anchor: str) -> tuple[str, ...]:
    return tuple(p.zfill(6) if p.isdigit() else p for p in anchor.split("-"))


def dumps(proj: Project) -> str:
    """The list to commit: every current address, and the published ones still honoured
    by a redirect (a withdrawn address, reported by the check, is left out)."""
    now = current(proj)
    kept = check(proj).kept
    ents = dict(sorted({**{k: v[0] for k, v in kept.entities.items()},
                        **{k: v[0] for k, v in now.entities.items()}}.items()))  # fmt: skip
    passages = sorted({*kept.passages, *now.passages},
                      key=lambda p: (p[0], _anchor_order(p[1])))  # fmt: skip
    lines = [
        "{",
        '  "about": "The addresses the handbook has published: `handbook check` fails when '
        'one of them no longer exists. Written by `handbook publish-addresses`.",',
        '  "entities": {',
    ]
    items = list(ents.items())
    for i, (eid, url) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        lines.append(f"    {json.dumps(eid)}: {json.dumps(url)}{comma}")
    lines += ["  },", '  "passages": [']
    for i, (doc, anchor) in enumerate(passages):
        lines.append("    " + json.dumps({"document": doc, "anchor": anchor})
                     + ("," if i < len(passages) - 1 else ""))  # fmt: skip
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


def redirect_html(old_url: str, new_url: str, title: str) -> str:
    """A page at ``old_url`` that sends the reader to ``new_url`` (no script)."""
    href = html.escape(urls.relative(new_url, old_url), quote=True)
    name = html.escape(title)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {name}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'<link rel="canonical" href="{href}">\n'
        '<meta name="robots" content="noindex">\n</head>\n<body>\n'
        f'<p>This page has moved to <a href="{href}">{name}</a>.</p>\n</body>\n</html>\n'
    )
