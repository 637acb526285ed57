"""The handbook command: check, resolve, new."""

from __future__ import annotations

import json
import re
from pathlib import Path

import re

import pytest

from handbook import cli


def test_resolve_prints_canonical_symbol_url_and_page(make_site, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site()
    assert cli.main(["--root", str(site.root), "resolve", "S/RES/1325 (2000)", "A/63/215"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "S/RES/1325(2000)\thttps://docs.un.org/en/S/RES/1325(2000)\t-",
        "A/63/215\thttps://docs.un.org/en/A/63/215\tdocs/documents/a-63-215.md",
    ]


def test_resolve_json(make_site, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site()
    assert cli.main(["--root", str(site.root), "resolve", "--json", "(A/63/215),"]) == 0
    assert json.loads(capsys.readouterr().out) == [{
        "input": "(A/63/215),", "symbol": "A/63/215", "url": "https://docs.un.org/en/A/63/215",
        "page": "docs/documents/a-63-215.md"}]


def test_resolve_reports_non_symbols_and_still_prints_the_valid_ones(make_site, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site()
    assert cli.main(["--root", str(site.root), "resolve", "24/7", "A/63/215"]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("A/63/215\t")
    assert "'24/7' is not a UN document symbol" in captured.err


def test_check_exits_1_naming_file_line_and_suggestion(make_site, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"docs/guide.md": '---\ntitle: Guide\n---\n\nSee {{ agency("unhrc") }}.\n'})
    assert cli.main(["--root", str(site.root), "check"]) == 1
    out = capsys.readouterr().out
    assert "docs/guide.md:5: [HB101] unknown agency id 'unhrc'" in out
    assert "Did you mean 'unhcr'?" in out


def test_check_github_format(make_site, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site({"docs/guide.md": '---\ntitle: Guide\n---\n\nSee {{ agency("unhrc") }}.\n'})
    assert cli.main(["--root", str(site.root), "check", "--format", "github"]) == 1
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("::error file=docs/guide.md,line=5,title=HB101::unknown agency id")
    assert "%0Aexpected: " in line


def test_check_clean_site_exits_0(make_site, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site()
    assert cli.main(["--root", str(site.root), "check"]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().err


from handbook.core.kinds import KINDS  # noqa: E402

WRITABLE = [k.name for k in KINDS.values() if not k.generated]


def _filled(text: str) -> str:
    """A scaffold as an editor finishes it: a summary of their own, each section written
    with a citation."""
    import re

    text = re.sub(r'^summary: ".*"$', 'summary: "A page written from the sources."', text,
                  flags=re.M)
    return re.sub(r"<!-- .*?-->",
                  'It says so {{ cite("a-63-215", "para. 1") }}.', text, flags=re.S)


@pytest.mark.parametrize("kind", WRITABLE)
def test_new_scaffolds_a_page_the_check_holds_back_until_written(make_site, capsys, kind: str) -> None:  # type: ignore[no-untyped-def]
    """A scaffold is a valid page in every respect but its placeholders: the check names
    each of them (HB032, with its line and the fix), and passes once they are written."""
    site = make_site()
    args = ["--root", str(site.root), "new", kind, f"new-{kind}"]
    if kind in ("principle", "guideline"):
        args += ["--number", "9"]
    assert cli.main(args) == 0
    path = site.root / "docs" / KINDS[kind].folder / f"new-{kind}.md"
    assert path.exists()
    capsys.readouterr()
    assert cli.main(["--root", str(site.root), "check"]) == 1
    out = capsys.readouterr().out
    codes = set(re.findall(r"\[(HB\d{3})\]", out))
    assert codes <= {"HB032", "HB031"}, out
    assert out.count("[HB032]") == 1 + len(KINDS[kind].sections), out
    assert "the summary is still the placeholder" in out
    path.write_text(_filled(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert cli.main(["--root", str(site.root), "check"]) == 0, capsys.readouterr().out
    assert site.build().ok


def test_new_refuses_to_overwrite(make_site, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site()
    before = (site.root / "docs/agencies/unhcr.md").read_bytes()
    assert cli.main(["--root", str(site.root), "new", "agency", "unhcr"]) == 1
    assert (site.root / "docs/agencies/unhcr.md").read_bytes() == before


def test_new_rejects_unknown_kind_and_bad_id(make_site, capsys) -> None:  # type: ignore[no-untyped-def]
    site = make_site()
    assert cli.main(["--root", str(site.root), "new", "agencyy", "x"]) == 2
    assert "Did you mean 'agency'?" in capsys.readouterr().err
    assert cli.main(["--root", str(site.root), "new", "agency", "../x"]) == 2


def test_pdf_command_passes_its_options_to_the_pdf_stage(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    # An empty site: the PDF stage itself answers, so the options reached it.
    status = cli.main(["pdf", "--site", str(tmp_path / "nosite"), "--paper", "Letter"])
    assert status != 0
    err = capsys.readouterr().err
    assert "nosite" in err
    assert "unrecognized arguments" not in err


def test_check_uses_the_folders_mkdocs_yml_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A project whose pages are in content/ and whose .bib files are in refs/ (the
    handbook plugin's ``bibliography`` option) is checked where ``mkdocs build`` looks."""
    from sitekit import MKDOCS_YML, Site

    Site(tmp_path)
    (tmp_path / "docs").rename(tmp_path / "content")
    (tmp_path / "bibliography").rename(tmp_path / "refs")
    (tmp_path / "mkdocs.yml").write_text(
        MKDOCS_YML.replace("  - handbook\n", "  - handbook:\n      bibliography: refs\n")
        + "docs_dir: content\n",
        encoding="utf-8",
    )
    assert cli.main(["--root", str(tmp_path), "check"]) == 0
    err = capsys.readouterr().err
    assert re.search(r"in [1-9]\d* pages and [1-9]\d* bibliography entries", err), err


def test_check_without_mkdocs_yml_reports_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`mkdocs build` cannot build without mkdocs.yml: the check says so (HB401), rather than
    passing a project the build will reject."""
    from sitekit import Site

    site = Site(tmp_path)
    (site.root / "mkdocs.yml").unlink()
    assert cli.main(["--root", str(tmp_path), "check"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("mkdocs.yml:1: [HB401] mkdocs.yml cannot be read"), out
    assert "Traceback" not in out + err
