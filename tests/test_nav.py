"""The generated navigation: long chapters are split into groups so that every page's
navigation stays small (the build stays linear in the number of pages)."""

from __future__ import annotations

from typing import Any

import pytest
from sitekit import Site

from handbook.core.kinds import PARTS
from handbook.hosts.nav import GROUP_FANOUT, GROUP_LIMIT, build_nav, group_items


def leaves(items: list[Any]) -> list[str]:
    out: list[str] = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        out.extend(leaves(value) if isinstance(value, list) else [value])
    return out


def widest(items: list[Any]) -> int:
    """The most items side by side at any level."""
    most = len(items)
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            most = max(most, widest(value))
    return most


def section(items: list[Any], title: str) -> list[Any]:
    """The items of the section called ``title``, at any depth."""
    for item in items:
        if isinstance(item, dict):
            k, v = next(iter(item.items()))
            if isinstance(v, list):
                if str(k) == title:
                    return v
                try:
                    return section(v, title)
                except LookupError:
                    pass
    raise LookupError(title)


def labels(items: list[Any]) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, dict):
            k, v = next(iter(item.items()))
            out.extend(labels(v) if isinstance(v, list) else [str(k)])
    return out


def pages(n: int) -> list[Any]:
    return [{f"Page {i:04d}": f"p/{i:04d}.md"} for i in range(n)]


@pytest.mark.parametrize("n", [1, GROUP_LIMIT])
def test_a_chapter_up_to_the_limit_is_listed_as_it_is(n: int) -> None:
    assert group_items(pages(n)) == pages(n)


@pytest.mark.parametrize("n", [GROUP_LIMIT + 1, 120, 499, 500, 501, 3000, 20000])
def test_a_long_chapter_is_grouped_in_order_with_every_page_once(n: int) -> None:
    nav = group_items(pages(n))
    assert leaves(nav) == [f"p/{i:04d}.md" for i in range(n)]
    assert widest(nav) <= max(GROUP_LIMIT, GROUP_FANOUT)
    assert len(nav) <= GROUP_FANOUT


def test_groups_are_named_by_their_first_and_last_page() -> None:
    nav = group_items(pages(120))
    assert [str(next(iter(g))) for g in nav] == [
        "Page 0000 – Page 0039",
        "Page 0040 – Page 0079",
        "Page 0080 – Page 0119",
    ]
    nested = group_items(pages(3000))
    assert str(next(iter(nested[0]))) == "Page 0000 – Page 0499"
    first_group = next(iter(nested[0].values()))
    assert str(next(iter(first_group[0]))) == "Page 0000 – Page 0049"


def test_a_large_handbook_has_small_navigation_sections(tmp_path: Any) -> None:
    files = {
        f"docs/agencies/agency-{i:03d}.md": (
            f"---\ntitle: Agency {i:03d}\nshort: A{i:03d}\nacronym: A{i:03d}\n"
            "type: un-entity\nsummary: An agency.\n---\n"
        )
        for i in range(130)
    }
    proj = Site(tmp_path, files).check().project
    nav = build_nav(proj)
    chapter = section(nav, "Agencies")
    listed = [p for p in leaves(chapter) if p.startswith("agencies/agency-")]
    assert len(listed) == 130
    assert widest(chapter) <= GROUP_LIMIT
    assert any(" – " in str(next(iter(i))) for i in chapter if isinstance(i, dict))


def test_the_navigation_has_one_section_per_part_and_the_guide_last(tmp_path: Any) -> None:
    files = {
        "docs/index.md": "---\ntitle: Home\n---\n\nHello.\n",
        "docs/agencies/unhcr.md": (
            "---\ntitle: Office of the United Nations High Commissioner for Refugees\n"
            "short: UNHCR\nacronym: UNHCR\ntype: un-entity\nsummary: Refugees.\n---\n"
        ),
        "docs/editors/index.md": "---\ntitle: Editors\n---\n\nGuide.\n",
    }
    nav = build_nav(Site(tmp_path, files).check().project)
    tops = [str(next(iter(i))) for i in nav]
    assert tops[0] == "Home"
    assert tops[-1] == "Editors' guide"
    titles = [p.title for p in PARTS]
    assert tops[1:-1] == sorted(tops[1:-1], key=titles.index)  # the parts, in their order
    assert "Who acts" in tops
    assert labels(section(nav, "Agencies")) == [
        "UNHCR — Office of the United Nations High Commissioner for Refugees"
    ]


def test_entries_sort_as_readers_look(tmp_path: Any) -> None:
    """Numbers as numbers, acronyms first, no leading article."""
    files = {
        f"docs/agencies/{i}.md": (
            f"---\ntitle: {title}\nshort: {short}\ntype: un-entity\nsummary: An agency.\n---\n"
        )
        for i, title, short in (
            ("wb", "The World Bank", "World Bank"),
            ("unhcr", "Office of the United Nations High Commissioner for Refugees", "UNHCR"),
            ("ilo", "International Labour Organization", "ILO"),
            ("c105", "Abolition of Forced Labour Convention", "Convention No. 105"),
            ("c29", "Forced Labour Convention", "Convention No. 29"),
        )
    }
    files |= {
        f"docs/guidelines/guideline-{n}.md": (
            f"---\ntitle: \"Guideline {n}: G\"\nnumber: {n}\nsummary: G.\n---\n"
        )
        for n in (10, 2, 1)
    }
    nav = build_nav(Site(tmp_path, files).check().project)
    assert labels(section(nav, "Agencies")) == [
        "Convention No. 29 — Forced Labour Convention",
        "Convention No. 105 — Abolition of Forced Labour Convention",
        "ILO — International Labour Organization",
        "UNHCR — Office of the United Nations High Commissioner for Refugees",
        "The World Bank",
    ]
    assert labels(section(nav, "Guidelines")) == ["Guideline 1: G", "Guideline 2: G", "Guideline 10: G"]
