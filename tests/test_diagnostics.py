"""One small site per diagnostic code, checked and built for real; the full message is asserted."""

from __future__ import annotations

import pytest

from handbook.core.diagnostics import CODES

# code -> (files added to or removed from the base site, the complete expected diagnostic)
CASES: dict[str, tuple[dict[str, str | bytes | None], str]] = {
    "HB001": ({'docs/agencies/ilo.md': '---\ntitle: ILO\nsummary: [unclosed\n---\n\nText.\n'},
        "docs/agencies/ilo.md:3: [HB001] front matter is not valid YAML: did not find expected ',' or ']' (noticed on line 4)\n  expected: 'field: value' lines in YAML\n  fix: quote values that contain ': ' or start with a special character"),
    "HB002": ({'docs/agencies/ilo.md': 'Just text, no front matter.\n'},
        "docs/agencies/ilo.md:1: [HB002] the page has no front matter\n  expected: a first line '---', then 'field: value' lines, then '---'\n  fix: add front matter; `handbook new KIND ID` writes a template"),
    "HB003": ({'docs/agencies/ilo.md': b'---\ntitle: Caf\xe9\n---\n'},
        'docs/agencies/ilo.md:2: [HB003] file is not UTF-8 (byte 0xe9 at offset 14)\n  expected: UTF-8 text\n  fix: re-save the file with UTF-8 encoding in your editor'),
    "HB004": ({'docs/agencies/ilo.md': ''},
        'docs/agencies/ilo.md:1: [HB004] the file is empty\n  expected: front matter and content\n  fix: add the front matter (see `handbook new`) or delete the file'),
    "HB005": ({"docs/guide.md": "---\ntitle: Big\n---\n\n" + ("word " * 430_000) + "\n"},
        'docs/guide.md:1: [HB005] file is 2,150,021 bytes, over the limit of 2,097,152\n  expected: at most 2,097,152 bytes\n  fix: split the page into several pages'),
    "HB010": ({'docs/agencies/ilo.md': '---\n'
                         'title: ILO\n'
                         'type: un-entity\n'
                         'icat_member: true\n'
                         'gap_analysis: false\n'
                         '---\n'
                         '\n'
                         '## Mandate\n'
                         '\n'
                         '## Activities against trafficking\n'
                         '\n'
                         '## In other sources\n'},
        "docs/agencies/ilo.md:1: [HB010] required field 'summary' is missing in the front matter of this agency page\n  expected: 'summary:' with text (One sentence (at most 200 characters) shown when a reader hovers a link to the page.)\n  fix: add a line 'summary: ...' between the '---' lines"),
    "HB011": ({'docs/agencies/ilo.md': '---\n'
                         'title: ILO\n'
                         'summary: Labour.\n'
                         'type: un-entity\n'
                         'icat_member: "yes"\n'
                         'gap_analysis: false\n'
                         '---\n'
                         '\n'
                         '## Mandate\n'
                         '\n'
                         '## Activities against trafficking\n'
                         '\n'
                         '## In other sources\n',
 'docs/agencies/unhcr.md': None},
        "docs/agencies/ilo.md:5: [HB011] field 'icat_member' is 'yes', not true or false\n  expected: true or false\n  fix: write true or false"),
    "HB012": ({'docs/principles/principle-1.md': None,
 'docs/principles/principle-2.md': '---\n'
                                   'title: P2\n'
                                   'sumary: typo\n'
                                   'summary: ok\n'
                                   'number: 2\n'
                                   'heading: primacy\n'
                                   '---\n'
                                   '\n'
                                   '## Text\n'
                                   '\n'
                                   '## What it asks\n'
                                   '\n'
                                   '## In the sources\n'
                                   '\n'
                                   '## Instruments\n'
                                   '\n'
                                   '## Agencies and bodies\n'},
        "docs/principles/principle-2.md:3: [HB012] unknown field 'sumary' for a principle page\n  expected: one of: aliases, heading, hide, id, kind, moved_from, number, related, search, short, summary, tags, themes, title. Did you mean 'summary'?\n  fix: correct the field's name or remove it"),
    "HB013": ({'docs/principles/principle-1.md': None,
 'docs/principles/principle-2.md': '---\n'
                                   'title: P2\n'
                                   'summary: ok\n'
                                   'number: 2\n'
                                   'heading: primacy\n'
                                   'themes: [preventoin]\n'
                                   '---\n'
                                   '\n'
                                   '## Text\n'
                                   '\n'
                                   '## What it asks\n'
                                   '\n'
                                   '## In the sources\n'
                                   '\n'
                                   '## Instruments\n'
                                   '\n'
                                   '## Agencies and bodies\n'},
        "docs/principles/principle-2.md:6: [HB013] field 'themes' has 'preventoin', not a theme\n  expected: any of: prevention, protection, prosecution, partnership. Did you mean 'prevention'?\n  fix: correct the value"),
    "HB020": ({'docs/bodies/icat.md': '---\n'
                        'kind: agency\n'
                        'title: ICAT\n'
                        'summary: Group.\n'
                        'type: inter-agency\n'
                        '---\n'
                        '\n'
                        '## What it is\n'
                        '\n'
                        '## In the sources\n'},
        "docs/bodies/icat.md:2: [HB020] kind 'agency' does not match the folder docs/bodies/\n  expected: 'body' for a page in docs/bodies/\n  fix: correct the kind, or move the file to the right folder"),
    "HB021": ({'docs/bodies/unhcr.md': '---\n'
                         'title: Dup\n'
                         'summary: Dup.\n'
                         'type: other\n'
                         '---\n'
                         '\n'
                         '## What it is\n'
                         '\n'
                         '## In the sources\n'},
        "docs/bodies/unhcr.md:1: [HB021] id 'unhcr' is already used by docs/agencies/unhcr.md (agency)\n  expected: ids unique across all kinds\n  fix: rename one of the two files"),
    "HB022": ({'docs/bodies/icat.md': '---\n'
                        'id: icat-group\n'
                        'title: ICAT\n'
                        'summary: Group.\n'
                        'type: inter-agency\n'
                        '---\n'
                        '\n'
                        '## What it is\n'
                        '\n'
                        '## In the sources\n'},
        "docs/bodies/icat.md:2: [HB022] id 'icat-group' does not match the file name 'icat.md'\n  expected: the id is the file name without .md\n  fix: remove the 'id' line or rename the file to icat-group.md"),
    "HB023": ({'docs/principles/principle-one.md': '---\n'
                                     'title: P\n'
                                     'summary: s\n'
                                     'number: 1\n'
                                     'heading: primacy\n'
                                     '---\n'
                                     '\n'
                                     '## Text\n'
                                     '\n'
                                     '## What it asks\n'
                                     '\n'
                                     '## In the sources\n'
                                     '\n'
                                     '## Instruments\n'
                                     '\n'
                                     '## Agencies and bodies\n'},
        'docs/principles/principle-one.md:4: [HB023] principle number 1 is already used by docs/principles/principle-1.md\n  expected: each principle number once\n  fix: correct the number'),
    "HB030": ({'docs/bodies/icat.md': '---\n'
                        'title: ICAT\n'
                        'summary: Group.\n'
                        'type: inter-agency\n'
                        '---\n'
                        '\n'
                        '## What it is\n'
                        '\n'
                        'A group {{ cite("a-63-215", "para. 1") }}.\n'},
        "docs/bodies/icat.md:7: [HB030] required section '## In the sources' is missing from this body page\n  expected: sections in this order: '## What it is', '## In the sources'.\n  fix: add a '## In the sources' heading with its content"),
    "HB101": ({'docs/guide.md': '---\ntitle: Guide\n---\n\nSee {{ agency("unhrc") }}.\n'},
        'docs/guide.md:5: [HB101] unknown agency id \'unhrc\' in {{ agency("unhrc") }}\n  expected: an id defined under docs/agencies/ (1 known). Did you mean \'unhcr\'?\n  fix: correct the id, or add docs/agencies/unhrc.md (handbook new agency unhrc)'),
    "HB102": ({'docs/guide.md': '---\ntitle: Guide\n---\n\nSee {{ principle(18) }}.\n'},
        'docs/guide.md:5: [HB102] there is no principle 18\n  expected: a principle number that a page carries (1-1)\n  fix: correct the number, or add the principle page'),
    "HB110": ({'docs/guide.md': '---\ntitle: Guide\n---\n\nSee {{ agnecy("unhcr") }}.\n'},
        'docs/guide.md:5: [HB110] unknown macro \'agnecy\' in {{ agnecy("unhcr") }}\n  expected: one of: agency, backlinks, bibliography, body, browse, cite, concept, diagnostic_codes, doc, event, glossary, guideline, index, instrument, macro_reference, matrix, overviews, pdf_download, principle, schema_reference, themes, timeline, topic. Did you mean \'agency\'?\n  fix: correct the name; see the macro reference in the editors\' guide'),
    "HB111": ({'docs/guide.md': '---\ntitle: Guide\n---\n\nSee {{ principle("seven") }}.\n'},
        'docs/guide.md:5: [HB111] argument \'number\' of {{ principle("seven") }} is \'seven\'\n  expected: a whole number (principle(number: int, text: str | None = None))\n  fix: correct the argument'),
    "HB112": ({'docs/guide.md': '---\ntitle: Guide\n---\n\nSee {{ agency("unhcr")\n\nand more.\n'},
        "docs/guide.md:5: [HB112] '{{' is not closed by '}}' in the same paragraph (or a macro is nested in another)\n  expected: {{ name(arguments) }} on one line\n  fix: close the call with '}}', or put literal braces in a code span (`{{`)"),
    "HB113": ({'docs/guide.md': '---\ntitle: Guide\n---\n\n## About {{ agency("unhcr") }}\n\nText.\n'},
        'docs/guide.md:5: [HB113] macro {{ agency("unhcr") }} is in a heading\n  expected: headings in plain text\n  fix: move the macro into the paragraph below the heading'),
    "HB114": ({'docs/guide.md': '---\ntitle: Guide\n---\n\nSee <abbr title="{{ cite(\"a-63-215\", \"para. 1\") }}">it</abbr>.\n'},
        'docs/guide.md:5: [HB114] macro {{ cite("a-63-215", "para. 1") }} is inside an HTML tag\n  expected: macros in the text, outside raw HTML tags and their attributes\n  fix: move the macro out of the tag (after its closing \'>\')'),
    "HB120": ({'docs/guide.md': '---\ntitle: Guide\n---\n\nSee {{ doc("2006/27") }}.\n'},
        "docs/guide.md:5: [HB120] '2006/27' is neither a UN document symbol nor a document id\n  expected: a symbol such as A/63/215, or the id of a page in docs/documents/.\n  fix: correct the symbol or id"),
    "HB130": ({'docs/guide.md': '---\ntitle: Guide\n---\n\nSee [the agency](agencies/unhrc.md).\n'},
        'docs/guide.md:5: [HB130] link to \'agencies/unhrc.md\', but the target docs/agencies/unhrc.md is not found\n  expected: a path relative to this page, to an existing .md file. Did you mean \'agencies/unhcr.md\'?\n  fix: correct the link, or use a macro such as {{ agency("id") }}'),
    "HB201": ({'docs/guide.md': '---\n'
                  'title: Guide\n'
                  '---\n'
                  '\n'
                  'As said {{ cite("a-63-251", "para. 1") }}.\n'},
        "docs/guide.md:5: [HB201] unknown citation key 'a-63-251'\n  expected: a key defined in bibliography/*.bib (1 known) or a UN document symbol. Did you mean 'a-63-215'?\n  fix: correct the key, or add the entry to a .bib file"),
    "HB202": ({'docs/guide.md': '---\n'
                  'title: Guide\n'
                  '---\n'
                  '\n'
                  'As said {{ cite("A/63/215", "para. 95") }}.\n'},
        "docs/guide.md:5: [HB202] locator 'para. 95' is not in A/63/215 (a-63-215)\n  expected: a paragraph of A/63/215: para. 1 to para. 2\n  fix: correct the locator; the document page lists its paragraphs and sections"),
    "HB210": ({'bibliography/bad.bib': '@misc{broken,\n  title = {Unbalanced,\n}\n'},
        'bibliography/bad.bib:1: [HB210] this .bib block cannot be parsed: Unexpectedly reached end of file (a brace or quote is not closed)\n  expected: @type{key, field = {value}, ...} with balanced braces\n  fix: check the braces, quotes and commas of the entry'),
    "HB211": ({'bibliography/other.bib': '@misc{a-63-215,\n  title = {Again},\n}\n'},
        "bibliography/other.bib:1: [HB211] bibliography key 'a-63-215' is already defined in bibliography/main.bib:1\n  expected: every key defined once across all .bib files\n  fix: remove one of the entries or give it another key"),
    "HB212": ({'bibliography/other.bib': '@book{nopub,\n  title = {A book},\n  year = {2001},\n}\n',
 'docs/guide.md': '---\ntitle: Guide\n---\n\n{{ cite("nopub") }}\n'},
        'bibliography/other.bib:1: [HB212] @book{nopub} misses the required fields author or editor, publisher\n  expected: @book entries have author or editor, title, publisher, year\n  fix: add author or editor, publisher, or use @misc if the work has none'),
    "HB213": ({'bibliography/other.bib': '@webpage{site,\n  title = {A site},\n}\n',
 'docs/guide.md': '---\ntitle: Guide\n---\n\n{{ cite("site") }}\n'},
        "bibliography/other.bib:1: [HB213] unknown entry type '@webpage' for 'site'\n  expected: one of: @article, @book, @booklet, @conference, @inbook, @incollection, @inproceedings, @manual, @mastersthesis, @misc, @online, @phdthesis, @proceedings, @report, @techreport, @unpublished.\n  fix: use a standard BibTeX entry type"),
    "HB215": ({'bibliography/other.bib': '@misc{part,\n  title = {Part},\n  crossref = {whole},\n}\n',
 'docs/guide.md': '---\ntitle: Guide\n---\n\n{{ cite("part") }}\n'},
        "bibliography/other.bib:1: [HB215] 'part' has crossref 'whole', which no .bib file defines\n  expected: the key of another entry\n  fix: correct the crossref key or add the entry"),
    "HB031": ({'docs/bodies/icat.md': '---\n'
                        'title: ICAT\n'
                        'summary: Group.\n'
                        'type: inter-agency\n'
                        '---\n'
                        '\n'
                        '## What it is\n'
                        '\n'
                        'A group {{ cite("a-63-215", "para. 1") }}.\n'
                        '\n'
                        '## In the sources\n'
                        '\n'
                        'Nothing cited here.\n'},
        "docs/bodies/icat.md:11: [HB031] section '## In the sources' cites no source\n  expected: every factual statement followed by {{ cite(...) }}\n  fix: add citations with locators"),
    "HB203": ({'docs/guide.md': '---\ntitle: Guide\n---\n\nAs said {{ cite("A/62/640") }}.\n'},
        'docs/guide.md:5: [HB203] UN symbol A/62/640 is cited but no .bib entry carries it\n  expected: an entry with symbol = {A/62/640}\n  fix: add an entry for it to a file in bibliography/ (a generated entry with an unknown title is used meanwhile)'),
    "HB214": ({'bibliography/other.bib': '@misc{unused,\n  title = {Nobody cites me},\n}\n'},
        'bibliography/other.bib:1: [HB214] bibliography entry \'unused\' is not cited by any page\n  expected: every entry cited at least once\n  fix: cite it with {{ cite("unused") }} or remove it'),
    'HB006': ({'docs/guide.md': ('symlink', '/etc/hostname')},
        "docs/guide.md:1: [HB006] this file is a symbolic link to '/etc/hostname', outside the project\n  expected: files and folders of the project itself\n  fix: replace the link by a copy of the file, inside the project"),
    'HB007': ({'docs/guide.md': '---\ntitle: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n---\n\nText.\n'},
        "docs/guide.md:2: [HB007] field 'title' is 1,200 characters long\n  expected: at most 1,000 characters\n  fix: shorten the value"),
    'HB014': ({'docs/guide.md': '---\ntitle: Guide\ntemplate: redirect.html\n---\n\nText.\n'},
        "docs/guide.md:3: [HB014] field 'template' is not allowed: it would control the theme or the page's head\n  expected: the fields of the schema: acronyms, hide, search, summary, tags, title.\n  fix: remove the 'template' line"),
    'HB032': ({'docs/agencies/unhcr.md': '---\ntitle: Office of the United Nations High Commissioner for Refugees\nshort: UNHCR\ntype: un-entity\nicat_member: true\ngap_analysis: false\nsummary: "One sentence, at most 200 characters, shown when a reader hovers a link to this page."\nrelated: [principle-1]\n---\n\n## Mandate\n\nIt protects refugees {{ cite("a-63-215", "para. 1") }}.\n\n## Activities against trafficking\n\nIt trains staff {{ cite("a-63-215", "para. 1") }}.\n\n## In other sources\n\nReported in 2003 {{ cite("a-63-215", "para. 1") }}.\n'},
        'docs/agencies/unhcr.md:7: [HB032] the summary is still the placeholder that `handbook new` wrote\n  expected: one sentence of your own, at most 200 characters, saying what the page is about\n  fix: replace the summary with your own sentence'),
    'HB140': ({'docs/guide.md': '---\ntitle: Guide\n---\n\nText <iframe src="https://example.org"></iframe>.\n'},
        "docs/guide.md:5: [HB140] an <iframe> element is not allowed in a page: it would run in readers' browsers or reach outside the page\n  expected: Markdown, the macros, and plain HTML without scripts, handlers, frames, forms or javascript: URLs\n  fix: remove it (links: a relative path, or an http(s) address; embedded media: a link to it)"),
    'HB141': ({'docs/guide.md': '---\ntitle: Guide\n---\n\n- one\n    - two\n\n            code\n- three\n    - four\n\n            {{ cite("a-63-215", "para. 1") }}\nafter\n'},
        'docs/guide.md:12: [HB141] the built page shows {{ cite("a-63-215", "para. 1") }} as text: the Markdown around it made it text where the engine read a macro, or the other way round\n  expected: macros in prose, run; literal braces only in code (`{{ ... }}`)\n  fix: put literal braces in a code span, or close the code span or fence before the macro'),
    'HB204': ({'docs/guide.md': '---\ntitle: Guide\n---\n\nAs said {{ cite("a-63-215") }}.\n'},
        'docs/guide.md:5: [HB204] this citation of A/63/215 (a-63-215) names no paragraph\n  expected: the paragraph the statement rests on, e.g. {{ cite("a-63-215", "para. 12") }}\n  fix: add the pinpoint; the document page shows the numbers'),
    'HB205': ({'docs/documents/a-63-215.md': '---\nkind: document\ntitle: Trafficking in women and girls\nshort: A/63/215\nsymbol: A/63/215\nsummary: Report of the Secretary-General.\ndate: "2008-08-04"\n---\n\n## I. Introduction {#sect-introduction}\n\n<span class="hb-pn" id="pass-1">¶ 1</span> The present report is submitted pursuant to resolution 61/144.\n\n<span class="hb-pn" id="pass-2">¶ 2</span> Measures were reported by forty States.\n', 'docs/agencies/unhcr.md': None, 'docs/principles/principle-1.md': None, 'docs/guide.md': '---\ntitle: Guide\n---\n\nAs said {{ cite("a-63-215", "sect. introduction") }}.\n'},
        'docs/guide.md:5: [HB205] \'sect. introduction\' cites a whole section of A/63/215, whose passages are numbered\n  expected: the passage the statement rests on, e.g. {{ cite("a-63-215", "¶ 12") }}\n  fix: replace the section by the passage (or passages) of it you rely on'),
    'HB216': ({'bibliography/other.bib': '@misc{latex,\n  title = {See \\href{https://example.org}{this}},\n}\n', 'docs/guide.md': '---\ntitle: Guide\n---\n\nAs said {{ cite("latex") }}.\n'},
        "bibliography/other.bib:1: [HB216] 'latex' holds LaTeX that cannot be turned into text (field 'title')\n  expected: fields of plain text or simple LaTeX accents, at most 4,000 characters\n  fix: write the field as plain text"),
    'HB401': ({'mkdocs.yml': 'site_name: Test handbook\nuse_directory_urls: false\ntheme:\n  name: material\n  font: false\nplugins:\n  - search:\n      lang: 5\n  - handbook\nmarkdown_extensions:\n  - attr_list\n  - footnotes\n  - admonition\n  - tables\n  - md_in_html\n  - toc:\n      permalink: true\n'},
        "mkdocs.yml:6: [HB401] MkDocs rejects the setting 'plugins': Plugin 'material/search' option 'lang': Expected a list of language codes.\n  expected: a setting MkDocs and its plugins accept\n  fix: correct the setting (see the MkDocs and Material documentation)"),
    'HB402': ({'mkdocs.yml': 'site_name: Test handbook\nuse_directory_urls: false\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - handbook\nmarkdown_extensions:\n  - attr_list\n  - footnotes\n  - admonition\n  - tables\n  - md_in_html\n  - toc:\n      permalink: true\nextra_javascript:\n  - https://example.org/x.js\n'},
        "mkdocs.yml:17: [HB402] 'extra_javascript' is not allowed in mkdocs.yml: scripts come only from the handbook's own js/ folder\n  expected: settings that run no code and stay inside the project (see the threat model in the editors' guide)\n  fix: remove the script"),
    'HB403': ({'mkdocs.yml': 'site_name: Test handbook\nuse_directory_urls: false\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - handbook\nmarkdown_extensions:\n  - attr_list\n  - footnotes\n  - admonition\n  - tables\n  - md_in_html\n  - toc:\n      permalink: true\nunknown_setting: 1\n'},
        "mkdocs.yml:17: [HB403] MkDocs rejects the setting 'unknown_setting': Unrecognised configuration name: unknown_setting\n  expected: a setting MkDocs and its plugins accept\n  fix: correct the setting (see the MkDocs and Material documentation)"),
    'HB501': ({'data/published.json': '{\n  "entities": {\n    "unhcr": "agencies/unhcr.html",\n    "unhrc": "agencies/unhrc.html"\n  },\n  "passages": []\n}\n'},
        "data/published.json:4: [HB501] the published address agencies/unhrc.html (id 'unhrc') no longer exists: no page has the id, and no page says it replaced it\n  expected: every published id still a page, or named in the moved_from of the page that replaced it. Did you mean 'unhcr'?\n  fix: restore the page, or add 'moved_from: unhrc' to the front matter of the page that replaces it (the build then redirects the old address); to withdraw the address on purpose, run `handbook publish-addresses`"),
    'HB502': ({'data/published.json': '{\n  "entities": {},\n  "passages": [\n    {"document": "a-63-215", "anchor": "para-1"},\n    {"document": "a-63-215", "anchor": "para-9"}\n  ]\n}\n'},
        "data/published.json:5: [HB502] 1 published passage anchor of docs/documents/a-63-215.md no longer exists: para-9\n  expected: every published passage anchor still on its document's page\n  fix: restore the passages' numbering (sources/ and `handbook import`); to withdraw the anchors on purpose, run `handbook publish-addresses`"),
    'HB503': ({'docs/agencies/other.md': '---\ntitle: Other agency\nshort: OTHER\ntype: un-entity\nicat_member: false\ngap_analysis: false\nsummary: Another agency.\nmoved_from: [unhcr]\n---\n\n## Mandate\n\nIt works {{ cite("a-63-215", "para. 1") }}.\n\n## Activities against trafficking\n\nIt trains {{ cite("a-63-215", "para. 1") }}.\n\n## In other sources\n\nReported {{ cite("a-63-215", "para. 2") }}.\n'},
        "docs/agencies/other.md:8: [HB503] moved_from names 'unhcr', which is still the id of docs/agencies/unhcr.md\n  expected: the id a page had before it was renamed, that no page has now\n  fix: remove 'unhcr' from moved_from, or rename the page that has it"),
    'HB504': ({'data/published.json': '{\n  "entities": {\n'},
        'data/published.json:3: [HB504] data/published.json cannot be read: Expecting property name enclosed in double quotes: line 3 column 1 (char 18)\n  expected: the file `handbook publish-addresses` writes\n  fix: restore it from the repository, or run `handbook publish-addresses`'),
}
from handbook.core.diagnostics import Severity  # noqa: E402

INFO_CODES = {c for c, spec in CODES.items() if spec.severity is Severity.INFO}


#: Reported only by the build, from the page it built: macro syntax that the built page shows
#: outside code, where the prose scanner and Python-Markdown disagree (a documented corner).
BUILD_ONLY = {"HB141"}
#: mkdocs.yml problems that MkDocs itself reports in the build, in its own words.
MKDOCS_OWN = {"HB401", "HB403"}


def test_every_code_has_a_case() -> None:
    # HB3xx (sources/documents.yaml and the seeds) have their cases, run through
    # `handbook import` and `handbook check`, in tests/test_importer_config.py.
    assert set(CASES) == {c for c in CODES if not c.startswith("HB3")}


@pytest.mark.parametrize("code", sorted(CASES))
def test_check_reports_the_full_message(make_site, code: str) -> None:  # type: ignore[no-untyped-def]
    files, expected = CASES[code]
    project = make_site(files).check()
    messages = [d.format() for d in project.diagnostics if d.code == code]
    if code in BUILD_ONLY:
        assert messages == []
        return
    assert messages == [expected]
    assert bool(project.failing()) is (code not in INFO_CODES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_strict_build_fails_on_the_same_problem(make_site, code: str) -> None:  # type: ignore[no-untyped-def]
    files, expected = CASES[code]
    result = make_site(files).build()
    headline = expected.splitlines()[0]
    if code in MKDOCS_OWN:
        assert headline.split(": ", 2)[-1].split(": ", 1)[-1] in result.log, result.log
    else:
        assert headline in result.log
    assert "Traceback" not in result.log
    if code in INFO_CODES:
        assert result.ok, result.log
    else:
        assert not result.ok
