"""Generate a synthetic handbook of N pages, and its plain-Material baseline.

    python benchmarks/generate.py 1000 /tmp/hb-1000            # engine project
    python benchmarks/generate.py 1000 /tmp/hb-1000 --baseline /tmp/hb-1000-plain

The engine project is a folder with ``mkdocs.yml`` (the real one, with another site name),
``docs/`` and ``bibliography/``. Its profile per content page: about 1,500 words, 20
cross-references by macro (``principle(n)``, ``guideline(n)``, ``agency("id")``,
``instrument``, ``body``, ``event``, ``doc``), 10 bare UN symbols in prose (half of them of
generated documents or instruments, linked locally; half external, linked to the ODS), and 10
``cite`` calls with ``para. N`` locators into generated document pages (three of them also
cite a non-document .bib entry with a page locator). Entities of every kind with valid front
matter and their required sections; document pages with ``hb-pn`` paragraph anchors; a .bib
of 500 entries (document entries carry ``symbol``; some others carry ``symbol`` or LaTeX
accents). The project passes ``handbook check`` (only HB214 notes for .bib entries no page
happens to cite at small N). Everything is drawn from one seeded ``random.Random``.

The baseline is the *same* site without the engine: each page is rendered by the engine
itself (:func:`handbook.render.render_page` on the loaded :class:`~handbook.project.Project`),
the bare UN symbols the engine links at Markdown-tree time are written as plain Markdown
links (with ``{.hb-symbol}``), and ``mkdocs.yml`` drops the ``handbook`` plugin and carries
the explicit nav the plugin would generate (:func:`handbook.nav.build_nav`).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

WORDS_PER_PAGE = 1500
XREFS_PER_PAGE = 20
SYMBOLS_PER_PAGE = 10
CITES_PER_PAGE = 10
EXTRA_SOURCES_PER_PAGE = 3  # cite calls that also cite a non-document .bib entry
BIB_ENTRIES = 500
DOC_PARAGRAPHS = 40

_VOCAB = """
trafficking persons victims human rights protection prevention prosecution partnership
states government national regional international cooperation assistance support labour
migration migrants border law enforcement criminal justice courts judges prosecutors
police identification referral shelter recovery compensation remedies residence permits
return reintegration children women girls men boys gender discrimination exploitation
forced labour servitude slavery debt bondage recruitment agencies employers supply chains
data research indicators monitoring evaluation reporting mechanism mandate coordination
inter-agency framework strategy plan action policy legislation measures training
capacity building awareness campaigns media civil society organizations networks experts
survivors consent coercion deception abuse vulnerability poverty conflict displacement
asylum refugees statelessness non-refoulement confidentiality privacy health care
psychological legal aid interpretation witness testimony evidence investigation
jurisdiction extradition mutual assistance confiscation proceeds corruption officials
sanctions penalties punishment non-punishment status offences demand tourism domestic
workers agriculture fishing construction manufacturing sexual commercial online
technology internet financial institutions private sector trade unions inspections
standards guidance principles guidelines obligations due diligence accountability
transparency participation dialogue consultation commitment implementation progress
challenges gaps recommendations findings review assessment study survey report session
resolution declaration convention protocol treaty ratification accession reservations
provisions article paragraph annex chapter section programme project fund donors
resources budget funding secretariat committee council assembly commission rapporteur
""".split()  # noqa: SIM905 - a word list reads better as text
_CAPS = ["Global", "Regional", "International", "European", "Inter-American", "African",
         "Asian", "Pacific", "Northern", "Southern", "Eastern", "Western", "Central",
         "Joint", "Permanent", "Standing", "Special", "Independent", "United", "Common"]
_NOUNS = ["Office", "Agency", "Programme", "Network", "Fund", "Council", "Committee",
          "Institute", "Alliance", "Commission", "Centre", "Initiative", "Partnership",
          "Foundation", "Service", "Bureau", "Forum", "Observatory", "Group", "Union"]
_TOPICS = ["Migration", "Labour", "Justice", "Children", "Women", "Refugees", "Health",
           "Crime", "Development", "Human Rights", "Education", "Trade", "Security",
           "Employment", "Victims", "Borders", "Data", "Gender", "Displacement", "Asylum"]
_LATEX_NAMES = [r"Jos{\'e}", r"Fran{\c{c}}ois", r"M{\"u}ller", r"Bj{\"o}rn", r"{\AA}sa",
                r"Garc{\'\i}a", r"{\v{S}}imonovi{\'c}", r"N{\'u}{\~n}ez", r"Lef{\`e}vre",
                r"G{\"o}rg{\"u}l{\"u}", r"{\O}stergaard", r"Da{\l}ek"]
_PLAIN_FIRST = ["Anne", "Maria", "John", "Amina", "Chen", "Ravi", "Olga", "Pedro", "Fatima",
                "Kofi", "Ingrid", "Hiroshi", "Lucia", "Omar", "Sara", "David"]
_PLAIN_LAST = ["Gallagher", "Smith", "Okafor", "Wang", "Sharma", "Ivanova", "Silva",
               "Haddad", "Mensah", "Larsen", "Tanaka", "Rossi", "Khan", "Brown", "Diallo"]
_KIND_FOLDER = {"principle": "principles", "guideline": "guidelines", "agency": "agencies",
                "instrument": "instruments", "body": "bodies", "event": "events",
                "document": "documents"}
_CHAPTER_TITLES = {"principle": "Principles", "guideline": "Guidelines",
                   "agency": "Agencies", "instrument": "Instruments", "body": "Bodies",
                   "event": "Events", "document": "Sources"}


class Gen:
    """One synthetic handbook, drawn from ``random.Random(seed)``."""

    def __init__(self, n: int, seed: int = 20240601) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.ents: dict[str, list[dict[str, Any]]] = {k: [] for k in _KIND_FOLDER}
        self.extra_cursor = 0

    # ------------------------------------------------------------------ text
    def words(self, k: int) -> list[str]:
        return self.rng.choices(_VOCAB, k=k)

    def sentence(self) -> list[str]:
        w = self.words(self.rng.randint(12, 26))
        w[0] = w[0].capitalize()
        return w

    def name(self, i: int) -> str:
        r = self.rng
        return f"{r.choice(_CAPS)} {r.choice(_NOUNS)} on {r.choice(_TOPICS)} {i}"

    def summary(self) -> str:
        s = " ".join(self.words(self.rng.randint(14, 22)))
        return (s[0].upper() + s[1:] + ".")[:199]

    # ------------------------------------------------------------- entities
    def plan(self) -> None:
        """Decide the entities: how many of each kind, their ids and front matter."""
        n, r = self.n, self.rng
        n_pr = min(17, max(1, round(n * 0.17)))
        n_gl = min(11, max(1, round(n * 0.11)))
        n_doc = max(3, round(n * 0.10))
        rest = max(4, n - n_pr - n_gl - n_doc)
        n_ag = max(1, round(rest * 0.35))
        n_in = max(1, round(rest * 0.25))
        n_bo = max(1, round(rest * 0.20))
        n_ev = max(1, rest - n_ag - n_in - n_bo)
        heads = ["primacy", "prevention", "protection", "criminalization"]
        for i in range(1, n_pr + 1):
            self.ents["principle"].append({"id": f"principle-{i}", "meta": {
                "title": f"Principle {i}: {self.name(i)}", "short": f"Principle {i}",
                "number": i, "heading": heads[min(3, (i - 1) * 4 // max(n_pr, 1))]}})
        for i in range(1, n_gl + 1):
            self.ents["guideline"].append({"id": f"guideline-{i}", "meta": {
                "title": f"Guideline {i}: {self.name(i)}", "short": f"Guideline {i}",
                "number": i}})
        for i in range(1, n_ag + 1):
            title = self.name(i)
            acr = "".join(w[0] for w in title.split() if w[0].isupper()) + str(i)
            self.ents["agency"].append({"id": f"agency-{i:04d}", "meta": {
                "title": title, "short": acr, "acronym": acr,
                "type": r.choice(["un-entity", "intergovernmental", "regional",
                                  "non-governmental"]),
                "icat_member": r.random() < 0.3, "gap_analysis": r.random() < 0.3}})
        for i in range(1, n_in + 1):
            meta: dict[str, Any] = {
                "title": f"Convention on {r.choice(_TOPICS)} and {r.choice(_TOPICS)} {i}",
                "short": f"Convention {i}",
                "type": r.choice(["treaty", "protocol", "declaration", "plan-of-action",
                                  "resolution", "guidelines", "other"]),
                "adopted": f"{r.randint(1948, 2015)}-{r.randint(1, 12):02d}-"
                           f"{r.randint(1, 28):02d}"}
            if i % 3 == 0:
                meta["symbol"] = f"A/RES/{40 + i // 400}/{i % 400 + 1}"
            else:
                meta["treaty_series"] = f"United Nations, Treaty Series, vol. {1000 + i}"
            self.ents["instrument"].append({"id": f"instrument-{i:04d}", "meta": meta})
        for i in range(1, n_bo + 1):
            self.ents["body"].append({"id": f"body-{i:04d}", "meta": {
                "title": f"Special Rapporteur on {r.choice(_TOPICS)} {i}" if i % 2 else
                f"{r.choice(_CAPS)} {r.choice(_NOUNS)} {i}",
                "short": f"Body {i}",
                "type": r.choice(["special-procedure", "treaty-body", "charter-body",
                                  "intergovernmental", "inter-agency", "fund", "other"]),
                "established": str(r.randint(1946, 2015))}})
        for i in range(1, n_ev + 1):
            self.ents["event"].append({"id": f"event-{i:04d}", "meta": {
                "title": f"{r.choice(_CAPS)} Forum on {r.choice(_TOPICS)} {i}",
                "short": f"Forum {i}",
                "date": f"{r.randint(1990, 2020)}-{r.randint(1, 12):02d}",
                "place": r.choice(["Vienna", "Geneva", "New York", "Bangkok", "Nairobi"])}})
        for i in range(1, n_doc + 1):
            meta = {"kind": "document", "title": f"Report on {r.choice(_TOPICS)} {i}",
                    "issuer": r.choice(["Secretary-General", "OHCHR", "UNODC", "ICAT"]),
                    "date": f"{r.randint(1995, 2020)}-{r.randint(1, 12):02d}-"
                            f"{r.randint(1, 28):02d}",
                    "language": "en",
                    "group": r.choice(["reports", "thematic-debate", "statements",
                                       "vienna-forum"])}
            if i % 5:
                meta["symbol"] = f"A/{60 + i // 900}/{100 + i % 900}"
                meta["short"] = meta["symbol"]
            else:
                meta["short"] = f"Document {i}"
            self.ents["document"].append({"id": f"doc-{i:04d}", "meta": meta})
        for kind, ents in self.ents.items():
            for e in ents:
                e["kind"] = kind
                e["meta"]["summary"] = self.summary()
                if kind != "document":
                    e["meta"]["themes"] = r.sample(
                        ["prevention", "protection", "prosecution", "partnership"],
                        r.randint(1, 3))
        self.all = [e for ents in self.ents.values() for e in ents]
        self.linkable = {k: v for k, v in self.ents.items() if k not in ("document",)}
        local = [e["meta"]["symbol"] for e in self.ents["document"] + self.ents["instrument"]
                 if e["meta"].get("symbol")]
        self.local_symbols = local
        self.external_symbols = (
            [f"E/CN.4/{1990 + k % 20}/{k + 1}" for k in range(100)]
            + [f"S/RES/{1300 + k} ({2000 + k % 20})" for k in range(60)]
            + [f"CEDAW/C/GC/{k + 1}" for k in range(40)]
            + [f"A/HRC/{k % 40 + 1}/{k + 20}" for k in range(100)])
        self.plan_bib()

    def plan_bib(self) -> None:
        r = self.rng
        self.bib: list[str] = []
        for e in self.ents["document"]:
            m = e["meta"]
            fields = [("author", "{" + m["issuer"] + "}"), ("title", m["title"]),
                      ("institution", "{United Nations}"), ("year", m["date"][:4]),
                      ("date", m["date"])]
            if m.get("symbol"):
                fields.append(("symbol", m["symbol"]))
            self.bib.append(_bibtex("techreport", e["id"], fields))
        self.extra_keys: list[str] = []
        for i in range(max(0, BIB_ENTRIES - len(self.ents["document"]))):
            key = f"work-{i:04d}"
            self.extra_keys.append(key)
            latex = i % 3 == 0
            first = r.choice(_LATEX_NAMES if latex else _PLAIN_FIRST)
            last = r.choice(_LATEX_NAMES if latex else _PLAIN_LAST)
            author = f"{last}, {first}" + (
                f" and {r.choice(_PLAIN_FIRST)} {r.choice(_PLAIN_LAST)}" if i % 2 else "")
            title = " ".join(self.words(r.randint(5, 10))).capitalize()
            if latex:
                title += r" in Espa{\~n}a and {\"O}sterreich"
            year = str(r.randint(1990, 2020))
            t = i % 4
            if t == 0:
                fields = [("author", author), ("title", title),
                          ("journal", "Anti-Trafficking Review"), ("year", year),
                          ("volume", str(r.randint(1, 20))), ("pages", "1--20")]
                typ = "article"
            elif t == 1:
                fields = [("author", author), ("title", title),
                          ("publisher", "Oxford University Press"), ("year", year),
                          ("address", "Oxford")]
                typ = "book"
            elif t == 2:
                fields = [("author", "{United Nations Office on Drugs and Crime}"),
                          ("title", title), ("institution", "{UNODC}"), ("year", year)]
                typ = "techreport"
            else:
                fields = [("title", title), ("howpublished", "General Assembly resolution"),
                          ("year", year), ("note", "Adopted without a vote")]
                typ = "misc"
            if i % 5 == 1:
                fields.append(("symbol", f"A/RES/{70 + i // 400}/{i % 400 + 1}"))
            self.bib.append(_bibtex(typ, key, fields))

    # ---------------------------------------------------------------- pages
    def xref(self, self_id: str) -> str:
        r = self.rng
        x = r.random()
        if x < 0.06 and self.ents["principle"]:
            return f"{{{{ principle({r.randint(1, len(self.ents['principle']))}) }}}}"
        if x < 0.10 and self.ents["guideline"]:
            return f"{{{{ guideline({r.randint(1, len(self.ents['guideline']))}) }}}}"
        if x < 0.15:
            d = r.choice(self.ents["document"])
            return f'{{{{ doc("{d["id"]}") }}}}'
        kind = r.choice(["agency", "instrument", "body", "event"])
        e = r.choice(self.ents[kind])
        if e["id"] == self_id:
            e = self.ents["principle"][0]
            return f"{{{{ principle({e['meta']['number']}) }}}}"
        if r.random() < 0.1:
            return f'{{{{ {kind}("{e["id"]}", text="{r.choice(_VOCAB)}") }}}}'
        return f'{{{{ {kind}("{e["id"]}") }}}}'

    def cite(self, self_id: str, extra: bool) -> str:
        r = self.rng
        d = r.choice(self.ents["document"])
        ref = d["meta"].get("symbol") if r.random() < 0.5 and d["meta"].get("symbol") \
            else d["id"]
        para = r.randint(1, DOC_PARAGRAPHS)
        args = f'"{ref}", "para. {para}"'
        if extra and self.extra_keys:
            key = self.extra_keys[self.extra_cursor % len(self.extra_keys)]
            self.extra_cursor += 1
            args += f', "{key}", "p. {r.randint(1, 300)}"'
        return f"{{{{ cite({args}) }}}}"

    def symbol(self, self_sym: str | None) -> str:
        r = self.rng
        if r.random() < 0.5 and self.local_symbols:
            s = r.choice(self.local_symbols)
            if s != self_sym:
                return s
        return r.choice(self.external_symbols)

    def content_page(self, e: dict[str, Any]) -> str:
        from handbook.core.kinds import KINDS

        r = self.rng
        kind = KINDS[e["kind"]]
        meta = dict(e["meta"])
        meta["related"] = [x["id"] for x in r.sample(self.all, 4) if x["id"] != e["id"]][:3]
        sections = kind.required_sections(meta)
        # ~1,500 words of prose in paragraphs of 3-6 sentences, spread over the sections.
        paras: list[list[list[str]]] = [[] for _ in sections]
        total = 0
        si = 0
        while total < WORDS_PER_PAGE:
            para = [self.sentence() for _ in range(r.randint(3, 6))]
            total += sum(len(s) for s in para)
            paras[si % len(sections)].append(para)
            si += 1
        flat = [(s, p, k) for s, ps in enumerate(paras) for p, para in enumerate(ps)
                for k in range(len(para))]
        for _ in range(XREFS_PER_PAGE):
            s, p, k = r.choice(flat)
            sent = paras[s][p][k]
            sent.insert(r.randint(1, len(sent)), self.xref(e["id"]))
        own = meta.get("symbol")
        for _ in range(SYMBOLS_PER_PAGE):
            s, p, k = r.choice(flat)
            sent = paras[s][p][k]
            form = r.choice(["(see {})", "in {}", "document {}"])
            sent.insert(r.randint(1, len(sent)), form.format(self.symbol(own)))
        for c in range(CITES_PER_PAGE):
            s = c % len(sections)
            p = r.randrange(len(paras[s]))
            k = r.randrange(len(paras[s][p]))
            paras[s][p][k].append(self.cite(e["id"], c < EXTRA_SOURCES_PER_PAGE))
        out = ["---", _yaml(meta).rstrip(), "---", ""]
        for title, ps in zip(sections, paras, strict=True):
            out += [f"## {title}", ""]
            for para in ps:
                out += [" ".join(" ".join(s) + "." for s in para), ""]
        return "\n".join(out)

    def document_page(self, e: dict[str, Any]) -> str:
        r = self.rng
        meta = dict(e["meta"])
        out = ["---", _yaml(meta).rstrip(), "---", "", "## Summary", "",
               " ".join(" ".join(self.sentence()) + "." for _ in range(3)), ""]
        own = meta.get("symbol")
        for n in range(1, DOC_PARAGRAPHS + 1):
            if n % 10 == 1:
                out += [f"## {['I', 'II', 'III', 'IV', 'V'][n // 10]}. "
                        f"{r.choice(_TOPICS)} and {r.choice(_TOPICS).lower()}", ""]
            sents = [self.sentence() for _ in range(2)]
            if n % 20 == 5:
                sents[0].insert(3, f"(see {self.symbol(own)})")
            out += [f'<span class="hb-pn" id="para-{n}">{n}.</span> '
                    + " ".join(" ".join(s) + "." for s in sents), ""]
        return "\n".join(out)

    def write(self, out: Path) -> None:
        """Write the engine project into ``out`` (replaced if it exists)."""
        if out.exists():
            shutil.rmtree(out)
        docs = out / "docs"
        for folder in _KIND_FOLDER.values():
            (docs / folder).mkdir(parents=True)
        (docs / "css").mkdir()
        shutil.copy(REPO / "docs" / "css" / "handbook.css", docs / "css" / "handbook.css")
        shutil.copy(REPO / "docs" / "css" / "search.css", docs / "css" / "search.css")
        # The theme's overrides and the locally served scripts, as in the real handbook.
        shutil.copytree(REPO / "docs" / "js", docs / "js")
        shutil.copytree(REPO / "overrides", out / "overrides")
        self.plan()
        for kind, ents in self.ents.items():
            folder = _KIND_FOLDER[kind]
            for e in ents:
                text = self.document_page(e) if kind == "document" else self.content_page(e)
                (docs / folder / f"{e['id']}.md").write_text(text + "\n", encoding="utf-8")
            intro = " ".join(" ".join(self.sentence()) + "." for _ in range(3))
            c = self.cite("", False)
            (docs / folder / "index.md").write_text(
                f"---\ntitle: {_CHAPTER_TITLES[kind]}\nsummary: Every page of the kind "
                f"{kind}.\n---\n\n# {_CHAPTER_TITLES[kind]}\n\n{intro} {c}\n\n"
                f'{{{{ index("{kind}") }}}}\n', encoding="utf-8")
        links = "\n".join(f"- **[{t}]({_KIND_FOLDER[k]}/index.md)**: "
                          + " ".join(self.words(12)) + "."
                          for k, t in _CHAPTER_TITLES.items())
        (docs / "index.md").write_text(
            "---\ntitle: A synthetic handbook\nsummary: Generated for the benchmarks.\n"
            f"hide: [toc]\n---\n\n# A synthetic handbook of {self.n} pages\n\n"
            + " ".join(" ".join(self.sentence()) + "." for _ in range(4))
            + f" {self.cite('', False)}\n\n## How to use it\n\n{links}\n\n"
            "- **[Bibliography](bibliography.md)**: every work cited.\n", encoding="utf-8")
        (docs / "bibliography.md").write_text(
            "---\ntitle: Bibliography\nsummary: Every work cited, with the pages citing it."
            "\n---\n\n# Bibliography\n\n{{ bibliography() }}\n", encoding="utf-8")
        bibdir = out / "bibliography"
        bibdir.mkdir()
        n_doc = len(self.ents["document"])
        (bibdir / "documents.bib").write_text("\n".join(self.bib[:n_doc]), encoding="utf-8")
        (bibdir / "works.bib").write_text("\n".join(self.bib[n_doc:]), encoding="utf-8")
        cfg = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
        cfg["site_name"] = f"Synthetic handbook, {self.n} pages"
        cfg["site_description"] = "Generated by benchmarks/generate.py."
        (out / "mkdocs.yml").write_text(_yaml(cfg), encoding="utf-8")


def _bibtex(typ: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {k:<12} = {{{v}}}" for k, v in fields)
    return f"@{typ}{{{key},\n{body},\n}}\n"


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


# ------------------------------------------------------------------------ baseline

def _md_attr(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', "&quot;")


def link_symbols(project: Any, docpath: str, markdown: str) -> str:
    """Write the bare UN symbols the engine's tree processor would link as Markdown links.

    Mirrors :class:`handbook.mdext.SymbolLinker` with the plugin's resolver: text outside
    HTML tags, headings and block-level raw HTML (which Python-Markdown stashes, so the
    tree processor never sees it) is searched; a symbol of a local page links to that page
    (a relative ``.md`` link, which MkDocs turns into the page URL and validates, as it
    does for the engine's link), any other symbol to the ODS.
    """
    import posixpath
    import re

    from handbook.core import symbols

    tag = re.compile(r"(<[^>]*>)")

    def resolve(canonical: str) -> tuple[str, str] | None:
        # The engine's one resolver (Project.symbol_target), as the plugin uses it.
        target = project.symbol_target(canonical)
        if target is None:
            return None
        if target.entity is None:
            return target.url, target.title
        if target.entity.path == docpath:
            return None
        return posixpath.relpath(target.entity.path, posixpath.dirname(docpath) or "."), \
            target.title

    def link_text(text: str) -> str:
        if "/" not in text:
            return text
        out, pos = [], 0
        for m in symbols.find(text):
            target = resolve(m.symbol.canonical)
            if target is None:
                continue
            out.append(text[pos:m.start])
            out.append(f'[{text[m.start:m.end]}]({target[0]} "{_md_attr(target[1])}")'
                       "{.hb-symbol}")
            pos = m.end
        out.append(text[pos:])
        return "".join(out)

    lines = markdown.split("\n")
    fence = False
    for i, line in enumerate(lines):
        s = line.lstrip()
        if s.startswith(("```", "~~~")):
            fence = not fence
        if fence or "/" not in line or s.startswith(("#", "<ol", "<ul", "<dl", "<div",
                                                      "<p ", "<table")):
            continue
        parts = tag.split(line)
        lines[i] = "".join(p if j % 2 else link_text(p) for j, p in enumerate(parts))
    return "\n".join(lines)


def make_baseline(engine_dir: Path, out: Path) -> dict[str, int]:
    """Write the plain-Material baseline of the engine project ``engine_dir`` into ``out``."""
    import html

    from handbook.hosts.nav import build_nav

    def _plain(node: object) -> object:
        """The nav with its (markup-safe) titles as plain strings, for YAML."""
        if isinstance(node, dict):
            return {str(k): _plain(v) for k, v in node.items()}
        if isinstance(node, list):
            return [_plain(v) for v in node]
        return str(node) if isinstance(node, str) else node
    from handbook.core.registry import search_title
    from handbook.render.page import render_page

    if out.exists():
        shutil.rmtree(out)
    cfg = yaml.safe_load((engine_dir / "mkdocs.yml").read_text(encoding="utf-8"))
    import macros
    from handbook.render.collect import load_project

    proj = load_project(engine_dir, engine_dir / cfg.get("docs_dir", "docs"),
                        engine_dir / "bibliography", macros=macros.table(),
                        directory_urls=bool(cfg.get("use_directory_urls", True)))
    failing = proj.failing()
    if failing:
        raise SystemExit("generated project fails the check:\n"
                         + "\n".join(d.format() for d in failing[:20]))
    docs = out / "docs"
    for docpath, page in proj.pages.items():
        body = render_page(proj, docpath, page.source.body)
        body = link_symbols(proj, docpath, body)
        meta = dict(page.fields)
        ent = page.entity
        if ent is not None:  # what HandbookPlugin._set_meta gives MkDocs
            meta = dict(meta)
            meta["title"] = html.escape(search_title(ent), quote=False).replace('"', "&quot;")
            if ent.meta.get("themes"):
                meta["tags"] = list(ent.meta["themes"]) + list(meta.get("tags") or [])
            if ent.meta.get("summary"):
                summary = html.escape(str(ent.meta["summary"]), quote=False)
                meta["description"] = summary.replace('"', "&quot;")
        dest = docs / docpath
        dest.parent.mkdir(parents=True, exist_ok=True)
        fm = f"---\n{_yaml(meta)}---\n\n" if meta else ""
        dest.write_text(fm + body, encoding="utf-8")
    for p in (engine_dir / "docs").rglob("*"):
        if p.is_file() and p.suffix != ".md":
            dest = docs / p.relative_to(engine_dir / "docs")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(p, dest)
    cfg["plugins"] = [p for p in cfg.get("plugins", []) if p != "handbook"
                      and not (isinstance(p, dict) and "handbook" in p)]
    cfg["nav"] = _plain(build_nav(proj))
    out.mkdir(parents=True, exist_ok=True)
    if (engine_dir / "overrides").is_dir():
        shutil.copytree(engine_dir / "overrides", out / "overrides")
    (out / "mkdocs.yml").write_text(_yaml(cfg), encoding="utf-8")
    return {"pages": len(proj.pages), "entities": len(proj.entities),
            "bib_entries": len(proj.bib.entries), "refs": len(proj.refs),
            "diagnostics": len(proj.diagnostics)}


def generate(n: int, out: Path, seed: int = 20240601) -> Path:
    """Write the engine project of ``n`` pages into ``out``; return ``out``."""
    Gen(n, seed).write(out)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of entity pages")
    ap.add_argument("out", type=Path, help="folder of the engine project (replaced)")
    ap.add_argument("--baseline", type=Path, help="also write the baseline here (replaced)")
    ap.add_argument("--seed", type=int, default=20240601)
    ns = ap.parse_args(argv)
    generate(ns.n, ns.out, ns.seed)
    print(f"wrote {ns.out}")
    if ns.baseline:
        stats = make_baseline(ns.out, ns.baseline)
        print(f"wrote {ns.baseline}: {stats}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
