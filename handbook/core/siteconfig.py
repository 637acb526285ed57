"""mkdocs.yml, read as untrusted input: what a pull request may and may not set.

MkDocs runs code while it reads its configuration, before any plugin can look: ``hooks:``
are Python files it imports, ``!!python/name:`` tags import modules, every entry of
``markdown_extensions:`` and ``plugins:`` is a module it imports, ``!ENV`` copies the build
machine's environment (its secrets) into the site, ``docs_dir``/``site_dir`` may point
anywhere on disk, ``extra_javascript`` puts scripts in front of every reader. So
``handbook check`` reads mkdocs.yml first, with a loader that constructs nothing, and
refuses (HB402) what would run code, read or write outside the project, or add a script;
``make site`` and CI run the check before MkDocs ever reads the file. What is allowed is
then validated by MkDocs itself (:mod:`handbook.hosts.mkdocs_check`).

Pure: PyYAML's safe parser, no MkDocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from handbook.core.diagnostics import CONFIG_INVALID, CONFIG_REFUSED, Diagnostic
from handbook.core.files import inside

#: The plugins a site may use (each is installed with the project and trusted).
PLUGINS = frozenset({"search", "handbook", "handbook-search", "tags", "offline"})
#: The Markdown extensions a site may use: none reads files or runs configured code.
EXTENSIONS = frozenset(
    {
        "abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
        "toc", "sane_lists", "smarty", "meta", "nl2br", "wikilinks", "legacy_attrs",
        "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.caret",
        "pymdownx.mark", "pymdownx.tilde", "pymdownx.betterem", "pymdownx.smartsymbols",
        "pymdownx.keys", "pymdownx.tasklist", "pymdownx.critic", "pymdownx.inlinehilite",
        "pymdownx.highlight", "pymdownx.magiclink", "pymdownx.saneheaders",
        "pymdownx.escapeall", "pymdownx.progressbar",
    }
)  # fmt: skip
#: Settings that are never allowed.
REFUSED = {
    "hooks": "hooks are Python files MkDocs runs",
    "dev_addr": "the preview's address is set on the command line",
}
#: Settings whose value is a folder or file that must stay inside the project.
PATHS = ("docs_dir", "site_dir")
#: Text settings the theme prints as HTML without escaping them.
PLAIN_TEXT = ("site_name", "site_description", "site_author", "copyright", "repo_name")
_URL = re.compile(r"^https?://[^\s<>\"']+$")
_LOCAL = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|\\)[^<>\"'\s]+$")
MAX_BYTES = 256 * 1024


class _Loader(yaml.SafeLoader):
    """Builds plain values only; a tag is kept as a marker (reported, never constructed)."""


@dataclass(frozen=True)
class Tagged:
    """A value written with a YAML tag such as ``!!python/name:`` or ``!ENV``."""

    tag: str
    line: int


def _tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    return Tagged(node.tag, node.start_mark.line + 1)


_Loader.add_multi_constructor("!", _tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _tagged)


@dataclass
class SiteConfig:
    """mkdocs.yml as read: its values, the line of each top-level key, its problems."""

    path: str
    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        """Whether MkDocs must not read the file (it would run code or leave the project)."""
        return any(d.code in (CONFIG_REFUSED.code, CONFIG_INVALID.code) for d in self.diagnostics)


def read(root: Path, name: str = "mkdocs.yml") -> SiteConfig:
    """Read and check ``root/mkdocs.yml``."""
    path = root / name
    conf = SiteConfig(name)
    bad = conf.diagnostics.append

    def refuse(key: str, why: str, fix: str, line: int | None = None) -> None:
        bad(
            Diagnostic.make(
                name,
                line or conf.lines.get(key.split(".", 1)[0], 1),
                CONFIG_REFUSED,
                f"'{key}' is not allowed in mkdocs.yml: {why}",
                expected="settings that run no code and stay inside the project (see the "
                "threat model in the editors' guide)",
                fix=fix,
            )
        )

    if path.is_symlink() and not inside(path, root):
        refuse("mkdocs.yml", "it is a link to a file outside the project", "use a real file")
        return conf
    try:
        raw = path.read_bytes()
    except OSError as exc:
        bad(_invalid(name, 1, f"mkdocs.yml cannot be read ({exc.strerror})", "a readable file"))
        return conf
    if len(raw) > MAX_BYTES:
        bad(_invalid(name, 1, f"mkdocs.yml is {len(raw):,} bytes", f"at most {MAX_BYTES:,}"))
        return conf
    try:
        text = raw.decode("utf-8-sig")
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark else 1
                bad(_invalid(name, line, "mkdocs.yml uses a YAML alias", "values written out"))
                return conf
        data = yaml.load(text, Loader=_Loader)
        node = yaml.compose(text, Loader=_Loader)
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        bad(
            _invalid(
                name,
                mark.line + 1 if mark is not None else 1,
                f"mkdocs.yml is not valid YAML: {problem}",
                "'key: value' lines",
            )
        )
        return conf
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        bad(_invalid(name, 1, "mkdocs.yml is not a mapping of settings", "'key: value' lines"))
        return conf
    conf.data = {str(k): v for k, v in data.items()}
    conf.lines = {
        str(k.value): k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.Node)
    }
    for tag in _tags(conf.data):
        refuse(
            tag.tag,
            "YAML tags make MkDocs import Python code or read the environment",
            "write the value itself",
            tag.line,
        )
    _check(conf, root, refuse)
    return conf


def _invalid(name: str, line: int, message: str, expected: str) -> Diagnostic:
    return Diagnostic.make(
        name, line, CONFIG_INVALID, message, expected=expected, fix="correct mkdocs.yml"
    )


def _tags(value: Any) -> list[Tagged]:
    if isinstance(value, Tagged):
        return [value]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in (*_tags(k), *_tags(v))]
    if isinstance(value, list):
        return [t for v in value for t in _tags(v)]
    return []


def _names(items: Any) -> list[tuple[str, Any]]:
    """``plugins`` or ``markdown_extensions`` as (name, options)."""
    out: list[tuple[str, Any]] = []
    if isinstance(items, dict):
        return [(str(k), v) for k, v in items.items()]
    for item in items if isinstance(items, list) else []:
        if isinstance(item, str):
            out.append((item, None))
        elif isinstance(item, dict):
            out += [(str(k), v) for k, v in item.items()]
        else:
            out.append((repr(item), None))
    return out


def _check(conf: SiteConfig, root: Path, refuse: Any) -> None:
    data = conf.data
    for key, why in REFUSED.items():
        if key in data:
            refuse(key, why, f"remove '{key}'")
    for key in PATHS:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not _LOCAL.match(value) or ".." in Path(value).parts:
            refuse(key, "it must be a folder inside the project", f"set '{key}' to a folder name")
        elif (root / value).exists() and not inside(root / value, root):
            refuse(key, "it leads outside the project", "use a real folder of the project")
    for key in PLAIN_TEXT:
        value = data.get(key)
        if value is not None and (not isinstance(value, str) or re.search(r"[<>\x00-\x1f]", value)):
            refuse(key, "the theme prints it as HTML: it must be plain text", "write plain text")
    for key in ("site_url", "repo_url"):
        value = data.get(key)
        if value is not None and not (isinstance(value, str) and _URL.match(value)):
            refuse(key, "it must be an http(s) address", "write an https:// address")
    for name, options in _names(data.get("plugins")):
        if name == "handbook" and isinstance(options, dict):
            bib = options.get("bibliography")
            if bib is not None and not (
                isinstance(bib, str) and _LOCAL.match(bib) and ".." not in Path(bib).parts
            ):
                refuse(
                    "plugins: handbook: bibliography",
                    "it must be a folder inside the project",
                    "set it to a folder name",
                )
        if name.lstrip("-") not in PLUGINS:
            refuse(
                f"plugins: {name}",
                f"only the handbook's own plugins are allowed ({', '.join(sorted(PLUGINS))})",
                "remove the plugin",
            )
    for name, _options in _names(data.get("markdown_extensions")):
        short = name.removeprefix("markdown.extensions.")
        if short not in EXTENSIONS:
            refuse(
                f"markdown_extensions: {name}",
                "only Markdown extensions that read no "
                "files and run no configured code are allowed",
                "remove the extension",
            )
    scripts = data.get("extra_javascript") or []
    for item in scripts if isinstance(scripts, list) else [scripts]:
        src = item.get("path") if isinstance(item, dict) else item
        if not (isinstance(src, str) and _LOCAL.match(src) and src.startswith("js/")):
            refuse(
                "extra_javascript",
                "scripts come only from the handbook's own js/ folder",
                "remove the script",
            )
    for item in data.get("extra_css") or []:
        if not (isinstance(item, str) and _LOCAL.match(item)):
            refuse(
                "extra_css",
                "style sheets must be files of the site (no other site's)",
                "use a file under docs/css/",
            )
    for item in data.get("watch") or []:
        if not (isinstance(item, str) and _LOCAL.match(item) and ".." not in Path(item).parts):
            refuse("watch", "it must name a folder inside the project", "remove it")
    theme = data.get("theme")
    if isinstance(theme, dict):
        if theme.get("name") not in (None, "material"):
            refuse(
                "theme.name",
                "the handbook is built with Material for MkDocs",
                "set theme.name to material",
            )
        custom = theme.get("custom_dir")
        if custom is not None and custom != "overrides":
            refuse(
                "theme.custom_dir",
                "theme templates come only from the project's overrides/ folder",
                "set custom_dir: overrides",
            )
        for key in ("logo", "favicon"):
            value = theme.get(key)
            if value is not None and not (isinstance(value, str) and _LOCAL.match(value)):
                refuse(f"theme.{key}", "it must be a file of the site", "use a file under docs/")
    elif theme is not None and theme != "material":
        refuse("theme", "the handbook is built with Material for MkDocs", "set theme: material")
    extra = data.get("extra")
    if isinstance(extra, dict):
        if "analytics" in extra:
            refuse(
                "extra.analytics", "it puts a third party's script in front of readers", "remove it"
            )
        for item in extra.get("polyfills") or []:
            if not (isinstance(item, str) and _LOCAL.match(item) and item.startswith("js/")):
                refuse(
                    "extra.polyfills",
                    "scripts come only from the handbook's own js/ folder",
                    "remove it",
                )
