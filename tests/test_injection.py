"""Hostile input: markup and code in content is shown as text, never run or injected.

Two small projects are built in ``tmp_path``:

* a *hostile text* project, valid for the check, whose front matter (title, summary,
  short, aliases), macro arguments (``text="..."``) and .bib fields carry script tags,
  ``javascript:`` URLs, attribute break-outs and Markdown link injection. It must build
  strictly, and the HTML and the search index must hold only escaped forms;
* a *hostile code* project whose macro calls try to run Python and whose ids, symbols and
  paths try to reach outside the project. It must be diagnosed, run nothing, and read or
  write no file outside the project (checked with a Python audit hook on ``open``).
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import textwrap
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest

SCRIPT = "<script>alert(1)</script>"
JS_URL = "javascript:alert(1)"
BREAKOUT = '"><img src=x onerror=alert(1)>'
MD_LINK = "[x](javascript:alert(1))"
PAYLOADS = (SCRIPT, JS_URL, BREAKOUT, MD_LINK)

MKDOCS_YML = """site_name: Injection
use_directory_urls: false
theme:
  name: material
plugins: [search, handbook]
markdown_extensions:
  - admonition
  - footnotes
  - tables
"""


def yq(s: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(s)


def mq(s: str) -> str:
    """A macro string literal."""
    return json.dumps(s)


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


def agency_page(title: str, summary: str, short: str, aliases: list[str],
                extra: str = "") -> str:
    return (
        "---\n"
        f"title: {yq(title)}\n"
        f"summary: {yq(summary)}\n"
        f"short: {yq(short)}\n"
        f"aliases: [{', '.join(yq(a) for a in aliases)}]\n"
        "type: un-entity\nicat_member: false\ngap_analysis: false\n"
        f"{extra}"
        "---\n\n"
        "## Mandate\n\nA mandate. {{ cite(\"evil\") }}\n\n"
        "## Activities against trafficking\n\nActs. {{ cite(\"src\") }}\n\n"
        "## In other sources\n\nOthers. {{ cite(\"evil\", \"para. 1\") }}\n"
    )


def hostile_text_project(root: Path) -> None:
    links = "\n".join(
        f"- {name}: {{{{ {name}({mq(ident)}, text={mq(p)}) }}}}"
        for p in PAYLOADS
        for name, ident in (("agency", "x"), ("doc", "A/63/215"))
    )
    write(root, {
        "mkdocs.yml": MKDOCS_YML,
        "docs/index.md": textwrap.dedent("""\
            ---
            title: Home
            ---

            # Home

            Links with hostile link texts:

            """) + links + textwrap.dedent("""

            | table | cell |
            |---|---|
            | a | {{ agency("x", text="<script>alert(1)</script>|x") }} |

            !!! note

                {{ agency("y", text="\\"><img src=x onerror=alert(1)>") }}

            Footnote.[^1]

            [^1]: {{ agency("y", text="[x](javascript:alert(1))") }}

            {{ index("agency") }}

            {{ bibliography() }}
            """),
        "docs/agencies/x.md": agency_page(SCRIPT + " agency", BREAKOUT + " " + MD_LINK,
                                          JS_URL, [SCRIPT, BREAKOUT, MD_LINK]),
        "docs/agencies/y.md": agency_page(BREAKOUT, SCRIPT, MD_LINK, [JS_URL],
                                          extra="related: [x]\n"),
        "bibliography/refs.bib": textwrap.dedent("""\
            @misc{src,
              title = {A harmless source},
              year = {2008},
            }

            @techreport{evil,
              author = {<script>alert(1)</script> and [x](javascript:alert(1))},
              title = {"><img src=x onerror=alert(1)> <script>alert(1)</script>},
              institution = {[x](javascript:alert(1))},
              year = {2008},
              url = {javascript:alert(1)},
              howpublished = {<a href="javascript:alert(1)">click</a>},
              note = {"><img src=x onerror=alert(1)>},
            }
            """),
    })


# ------------------------------------------------------------------------ HTML checks
class _Audit(HTMLParser):
    """Collects what would run in a browser: event attributes, javascript: URLs, scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            v = re.sub(r"[\x00-\x20]", "", value or "").lower()
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href") and \
                    v.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._in_script = True
        if tag == "img" and dict(attrs).get("src") == "x":
            self.problems.append("injected <img src=x>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(1)" in data:
            self.problems.append(f"script content {data[:80]!r}")


def audit_html(text: str) -> list[str]:
    p = _Audit()
    p.feed(text)
    p.close()
    problems = p.problems
    if re.search(r"<script>\s*alert", text, re.I):
        problems.append("raw <script>alert")
    if re.search(r"<[a-z][^<>]*\shref\s*=\s*[\"']?\s*javascript:", text, re.I):
        problems.append('href="javascript:')
    return problems


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    root = tmp_path_factory.mktemp("hostile-text")
    project = root / "project"
    site = root / "site"
    hostile_text_project(project)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", NO_COLOR="1")
    res = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir",
                          str(site)], cwd=project, env=env, capture_output=True, text=True,
                         timeout=300, check=False)
    return project, site, res.stdout + res.stderr


def test_hostile_text_is_valid_content(hostile_site: tuple[Path, Path, str],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Markup in text fields is not a content error: the check passes, the build too."""
    from handbook import cli

    project, _, output = hostile_site
    status = cli.main(["--root", str(project), "check"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err + output
    assert status == 0, out
    assert "Aborted" not in output, output
    assert (hostile_site[1] / "index.html").is_file(), output


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _article(page_html: str) -> str:
    """The page content written by the handbook, without the theme's title heading."""
    m = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', page_html, re.S)
    assert m is not None
    return re.sub(r"<h1[^>]*>.*?</h1>", "", m.group(1), count=1, flags=re.S)


PAGES = ["index.html", "agencies/x.html", "agencies/y.html"]


@pytest.mark.parametrize("page", PAGES)
def test_page_content_is_escaped(hostile_site: tuple[Path, Path, str], page: str) -> None:
    """Macro output (link texts, hover titles), citations, references and generated
    blocks: every payload stays text; no tag, attribute or javascript: link is injected."""
    html_text = (hostile_site[1] / page).read_text(encoding="utf-8")
    assert audit_html(_article(html_text)) == []


@pytest.mark.parametrize("page", PAGES)
def test_hover_titles_hold_no_markup(hostile_site: tuple[Path, Path, str], page: str) -> None:
    """The title="..." of the handbook's links (entity summaries, references) holds the
    text, escaped: no '<' may appear inside it (a Markdown link in a summary or .bib field
    must not become an <a> inside the attribute)."""
    html_text = (hostile_site[1] / page).read_text(encoding="utf-8")
    broken = re.findall(r'<a class="hb-[^"]*"[^>]*?title="[^"]*<[^"]*"', html_text)
    assert broken == []


@pytest.mark.parametrize("page", ["agencies/x.html", "agencies/y.html"])
def test_page_title_is_escaped(hostile_site: tuple[Path, Path, str], page: str) -> None:
    """The front-matter title in <title>, the header, the navigation and the <h1>."""
    html_text = (hostile_site[1] / page).read_text(encoding="utf-8")
    head = re.search(r"<title>(.*?)</title>", html_text, re.S)
    assert head is not None
    assert "<" not in head.group(1), head.group(1)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", html_text, re.S)
    assert h1 is not None
    assert audit_html(h1.group(0)) == [], h1.group(0)
    assert not re.search(r"<h1[^>]*>\s*<script|<h1[^>]*>\s*\"><img", html_text)
    nav = re.findall(r'<span class="md-ellipsis">(.*?)</span>', html_text, re.S)
    assert [n.strip() for n in nav if re.search(r"<(script|img)\b", n)] == []


@pytest.mark.parametrize("page", ["agencies/x.html", "agencies/y.html"])
def test_meta_description_is_escaped(hostile_site: tuple[Path, Path, str], page: str) -> None:
    """The summary becomes <meta name="description">: it must stay inside the attribute."""
    html_text = (hostile_site[1] / page).read_text(encoding="utf-8")
    m = re.search(r'<meta name="description" content="([^"]*)"\s*/?>', html_text)
    assert m is not None
    assert "<" not in m.group(1), m.group(0)
    head = html_text.split("</head>", 1)[0]
    assert audit_html(head) == []


def test_every_html_file_is_escaped(hostile_site: tuple[Path, Path, str]) -> None:
    site = hostile_site[1]
    pages = _pages(site)
    assert pages, hostile_site[2]
    bad = {p.relative_to(site).as_posix(): audit_html(p.read_text(encoding="utf-8"))
           for p in pages}
    assert {k: v for k, v in bad.items() if v} == {}


def test_search_index_is_escaped(hostile_site: tuple[Path, Path, str]) -> None:
    site = hostile_site[1]
    index = site / "search" / "search_index.json"
    assert index.is_file(), hostile_site[2]
    raw = index.read_text(encoding="utf-8")
    data = json.loads(raw)
    assert "<script>alert" not in raw.lower()
    problems = []
    for doc in data["docs"]:
        for key in ("title", "text"):
            for pr in audit_html(str(doc.get(key, ""))):
                problems.append((doc.get("location"), key, pr))
    assert problems == []


def test_search_index_titles_are_escaped(hostile_site: tuple[Path, Path, str]) -> None:
    """Material for MkDocs inserts search titles as HTML: they must hold no raw tags."""
    data = json.loads((hostile_site[1] / "search" / "search_index.json").read_text("utf-8"))
    raw_titles = [d["title"] for d in data["docs"] if re.search(r"<(script|img)\b", d["title"])]
    assert raw_titles == []


# ------------------------------------------------------------------------ hostile code
AUDIT_RUNNER = r"""
import json, os, sys
log = open(os.environ["HB_AUDIT_LOG"], "w", encoding="utf-8")
def hook(event, args):
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        path = os.fsdecode(args[0])
        mode = args[1] if len(args) > 1 and isinstance(args[1], str) else "r"
        flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
        write = any(c in (mode or "") for c in "wax+") or bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
        log.write(json.dumps(["open", os.path.abspath(path), write]) + "\n")
    elif event in ("os.listdir", "os.scandir") and args and args[0] is not None \
            and isinstance(args[0], (str, bytes, os.PathLike)):
        log.write(json.dumps([event, os.path.abspath(os.fsdecode(args[0])), False]) + "\n")
    elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn"):
        log.write(json.dumps([event, repr(args)[:200], True]) + "\n")
    log.flush()
sys.addaudithook(hook)
which = sys.argv[1]
sys.argv = sys.argv[1:]
if which == "handbook":
    from handbook.cli import main
    sys.argv[0] = "handbook"
    sys.exit(main(sys.argv[1:]))
else:
    from mkdocs.__main__ import cli
    sys.argv[0] = "mkdocs"
    cli()
"""


def hostile_code_project(root: Path, pwned: Path) -> None:
    cmd = f"touch {pwned}"
    write(root, {
        "mkdocs.yml": MKDOCS_YML,
        "docs/index.md": textwrap.dedent(f"""\
            ---
            title: Home
            ---

            # Home

            {{{{ cite(__import__("os").system("{cmd}")) }}}}

            {{{{ agency(__import__("os").system("{cmd}")) }}}}

            {{{{ agency(text=open("/etc/passwd").read()) }}}}

            {{{{ doc("../../etc/passwd") }}}}

            {{{{ doc("/etc/passwd") }}}}

            {{{{ agency("../../x") }}}}

            {{{{ agency("../../../../../../etc/passwd") }}}}

            {{{{ cite("../../etc/passwd", "para. 1") }}}}

            {{{{ cite("A/63/215", "sect. ../../../etc/passwd") }}}}

            {{{{ index("../../etc/passwd") }}}}

            [passwd](../../etc/passwd.md)
            """),
        "docs/agencies/x.md": textwrap.dedent("""\
            ---
            title: X
            summary: An agency.
            id: ../../x
            related: [../etc/passwd, "/etc/passwd"]
            type: un-entity
            icat_member: false
            gap_analysis: false
            ---

            ## Mandate

            A mandate. {{ cite("src") }}

            ## Activities against trafficking

            Acts. {{ cite("src") }}

            ## In other sources

            Others. {{ cite("src") }}
            """),
        "bibliography/refs.bib": textwrap.dedent("""\
            @misc{src,
              title = {A source},
              year = {2008},
              crossref = {../../etc/passwd},
            }
            """),
    })


@pytest.fixture(scope="module")
def hostile_code(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("hostile-code")
    # Nested deep, so that '../..' from docs/ still lands inside base/ where we watch.
    project = base / "a" / "b" / "project"
    site = base / "site"
    pwned = Path("/tmp") / f"pwned-{uuid.uuid4().hex}"
    hostile_code_project(project, pwned)
    # Decoys where a path traversal would land.
    for decoy in (base / "a" / "etc" / "passwd", base / "a" / "b" / "etc" / "passwd",
                  project / "etc" / "passwd", base / "a" / "x.md", base / "a" / "b" / "x.md"):
        decoy.parent.mkdir(parents=True, exist_ok=True)
        decoy.write_text("decoy\n", encoding="utf-8")
    runner = base / "runner.py"
    runner.write_text(AUDIT_RUNNER, encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    results: dict[str, object] = {"project": project, "site": site, "pwned": pwned,
                                  "base": base}
    for name, argv in (("check", ["handbook", "--root", str(project), "check"]),
                       ("build", ["mkdocs", "build", "--site-dir", str(site)]),
                       ("strict", ["mkdocs", "build", "--strict", "--site-dir",
                                   str(base / "site-strict")])):
        log = base / f"{name}.audit"
        res = subprocess.run([sys.executable, str(runner), *argv], cwd=project,
                             env=dict(env, HB_AUDIT_LOG=str(log)), capture_output=True,
                             text=True, timeout=300, check=False)
        events = [json.loads(ln) for ln in log.read_text(encoding="utf-8").splitlines()]
        results[name] = (res, events)
    return results


def _headlines(output: str) -> list[str]:
    return re.findall(
        r"(?m)^(?:(?:WARNING|INFO)\s+-\s+handbook: )?(\S.*?:\d+: \[HB\d{3}\] .*)$", output)


def test_hostile_code_is_diagnosed(hostile_code: dict[str, object]) -> None:
    res, _ = hostile_code["check"]  # type: ignore[misc]
    out = res.stdout + res.stderr
    assert "Traceback" not in out, out
    assert res.returncode == 1, out
    heads = _headlines(res.stdout)
    codes = [re.search(r"\[(HB\d{3})\]", h).group(1) for h in heads]  # type: ignore[union-attr]
    by_line: dict[str, list[str]] = {}
    for h in heads:
        path_line = h.split(": [", 1)[0]
        by_line.setdefault(path_line, []).append(h)
    # Every hostile macro call (lines 7-25 of index.md, every other line) is reported.
    for line in range(7, 26, 2):
        assert f"docs/index.md:{line}" in by_line, (line, out)
    assert "docs/index.md:27" in by_line, out  # the Markdown link to ../../etc/passwd.md
    assert any("[HB022]" in h and "'../../x'" in h for h in heads), out
    assert any("[HB022]" in h and "related" in h for h in heads), out
    assert any("[HB215]" in h for h in heads), out
    assert "HB112" in codes


def test_hostile_code_build_does_not_crash(hostile_code: dict[str, object]) -> None:
    res, _ = hostile_code["build"]  # type: ignore[misc]
    out = res.stdout + res.stderr
    assert "Traceback" not in out, out
    assert res.returncode == 0, out
    strict, _ = hostile_code["strict"]  # type: ignore[misc]
    assert "Traceback" not in strict.stdout + strict.stderr
    assert strict.returncode != 0
    check, _ = hostile_code["check"]  # type: ignore[misc]
    assert set(_headlines(check.stdout)) <= set(_headlines(out)), out


def test_nothing_is_executed(hostile_code: dict[str, object]) -> None:
    pwned = hostile_code["pwned"]
    assert isinstance(pwned, Path)
    assert not pwned.exists(), f"{pwned} was created: a macro argument was executed"
    for name in ("check", "build", "strict"):
        _, events = hostile_code[name]  # type: ignore[misc]
        spawned = [e for e in events if e[0] != "open" and e[0] not in ("os.listdir",
                                                                        "os.scandir")]
        assert [e for e in spawned if "pwned" in e[1] or "touch" in e[1]] == [], name


@pytest.mark.parametrize("name", ["check", "build", "strict"])
def test_no_file_access_outside_the_project(hostile_code: dict[str, object], name: str) -> None:
    base = hostile_code["base"]
    project = hostile_code["project"]
    site = hostile_code["site"]
    assert isinstance(base, Path) and isinstance(project, Path) and isinstance(site, Path)
    _, events = hostile_code[name]  # type: ignore[misc]
    assert events, "the audit hook recorded nothing"
    allowed_roots = [str(project), str(site), str(base / "site-strict")]
    # The one place outside the project that a build writes: the engine's own cache of the
    # decoded bibliography, at a fixed location that no page, id or symbol can change.
    from handbook.cache import pages as pagecache

    cache = pagecache.user_cache_file(project, "bibliography", ".json")
    if cache is not None:
        allowed_roots.append(str(cache.parent))
    outside = []
    for event, path, write in events:
        if not event.startswith(("open", "os.")) or event not in ("open", "os.listdir",
                                                                  "os.scandir"):
            continue
        real = os.path.realpath(path)
        if "passwd" in path or "passwd" in real:
            outside.append((event, path))
            continue
        inside_base = real.startswith(str(base.resolve()) + os.sep) or path.startswith(
            str(base) + os.sep)
        inside_allowed = any(real.startswith(os.path.realpath(r) + os.sep) or
                             real == os.path.realpath(r) for r in allowed_roots)
        if inside_base and not inside_allowed and not path.endswith(
                ("runner.py", ".audit")):
            outside.append((event, path))
        elif write and not inside_allowed and not path.endswith(".audit") and \
                not real.startswith(("/dev/", "/proc/")):
            outside.append((event + " (write)", path))
    assert outside == []
    # The decoys where a traversal would land are untouched.
    assert (base / "a" / "etc" / "passwd").read_text() == "decoy\n"
    assert (base / "a" / "x.md").read_text() == "decoy\n"


def test_code_in_an_argument_is_not_called_a_nested_macro() -> None:
    """`__import__("os").system(...)` is not a macro: the diagnostic must not tell the editor
    that a macro is nested, but that the argument is not a literal."""
    from handbook.core import macroparse

    with pytest.raises(ValueError, match="not a literal") as info:
        macroparse.parse_call(' cite(__import__("os").system("touch /tmp/pwned")) ')
    assert "nested" not in str(info.value)
    with pytest.raises(ValueError, match="nested"):
        macroparse.parse_call(' cite(agency("x")) ')
