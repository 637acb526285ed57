"""The words of a heading as the PDF's contents list them."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from handbook.pdf.markup import heading_text


def test_a_footnote_mark_is_not_part_of_a_heading_in_the_contents() -> None:
    h2 = ET.fromstring(
        '<h2>Recommended <em>Principles</em> on Human Trafficking<sup id="fnref:1">'
        '<a class="footnote-ref" href="#fn:1">1</a></sup> and more</h2>'
    )
    assert heading_text(h2) == "Recommended Principles on Human Trafficking and more"


def test_other_superscripts_stay() -> None:
    h2 = ET.fromstring("<h2>The 2<sup>nd</sup> report</h2>")
    assert heading_text(h2) == "The 2nd report"
