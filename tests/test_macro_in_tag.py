"""A macro inside a raw HTML tag (in an attribute) would hide its link from readers: the
scanner marks it, and only it, and stays linear on long lines."""

from __future__ import annotations

import pytest

from handbook.core import macroparse


def in_tag(text: str) -> list[bool]:
    return [c.in_tag for c in macroparse.scan(text) if isinstance(c, macroparse.Call)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('See {{ agency("a") }}.', [False]),
        ('<abbr title="{{ cite("k") }}">x</abbr>', [True]),
        ('<span class="x">{{ cite("k") }}</span>', [False]),  # inside the element, not the tag
        ('<a title="{{ cite("k") }} {{ cite("j") }}">x</a> {{ cite("m") }}', [True, True, False]),
        ('a < b and {{ cite("k") }}', [False]),  # not a tag
        ('<b>bold</b> {{ cite("k") }} <i title="{{ cite("j") }}">', [False, True]),
        ('<div\n  title="x">\n{{ cite("k") }}', [False]),  # a tag does not reach the next line
    ],
)
def test_a_macro_is_in_a_tag_only_between_its_angle_brackets(
    text: str, expected: list[bool]
) -> None:
    assert in_tag(text) == expected


def test_many_calls_on_one_line_inside_one_tag() -> None:
    line = '<span title="' + '{{ cite("k") }} ' * 5000 + '">x</span> {{ cite("k") }}'
    marks = in_tag(line)
    assert marks[:-1] == [True] * 5000 and marks[-1] is False
