"""The UN document symbol grammar: every symbol of the sources, canonical forms, non-symbols."""

from __future__ import annotations

import pytest

from handbook.core import symbols

# Every document symbol of the sources, as written (raw form -> canonical), from
# SOURCES.md section 5.2, including the tricky variants of section 5.1.
SOURCE_SYMBOLS = [
    ("(A/57/153).", "A/57/153"), ("(A/57/170),", "A/57/170"), ("(A/57/171).", "A/57/171"),
    ("(A/57/64).", "A/57/64"), ("(A/59/185)", "A/59/185"),
    ("(A/61/122/Add.1", "A/61/122/Add.1"), ("A/61/122/Add.1", "A/61/122/Add.1"),
    ("(A/61/299)", "A/61/299"), ("⁴A/62/209.", "A/62/209"), ("A/62/640),", "A/62/640"),
    ("A/62/640,", "A/62/640"), ("A/63/150.", "A/63/150"), ("(A/63/215),", "A/63/215"),
    ("(A/63/215,", "A/63/215"), ("(A/63/90),", "A/63/90"), ("(A/HRC/4/23).", "A/HRC/4/23"),
    ("A/HRC/4/34", "A/HRC/4/34"), ("(A/HRC/7/12).", "A/HRC/7/12"), ("A/HRC/7/6).", "A/HRC/7/6"),
    ("(CCPR/C/75/L/MDA)", "CCPR/C/75/L/MDA"), ("(CCPR/C/75/L/SUR).", "CCPR/C/75/L/SUR"),
    ("(CCPR/C/SR.1841),", "CCPR/C/SR.1841"), ("(CCPR/CO/74/GEO).", "CCPR/CO/74/GEO"),
    ("CEB/2004/5.", "CEB/2004/5"), ("CEB/2005/1", "CEB/2005/1"), ("CEB/2005/4.", "CEB/2005/4"),
    ("CEB/2005/HLCO/IX/CRP.7).", "CEB/2005/HLCO/IX/CRP.7"),
    ("(CEDAW/C/2002/I/CRP.3)", "CEDAW/C/2002/I/CRP.3"),
    ("(CEDAW/C/2002/I/CRP.3/Add.3);", "CEDAW/C/2002/I/CRP.3/Add.3"),
    ("(CEDAW/C/2002/I/CRP.3/Add.7),", "CEDAW/C/2002/I/CRP.3/Add.7"),
    ("(CERD/C/NET/1993/3/Add.2),", "CERD/C/NET/1993/3/Add.2"),
    ("(CERD/C/SR.1509)", "CERD/C/SR.1509"), ("(CERD/C/SR.1513).", "CERD/C/SR.1513"),
    ("(CRC/C/15/Add.170),", "CRC/C/15/Add.170"), ("(CRC/C/15/Add.171),", "CRC/C/15/Add.171"),
    ("(CRC/C/15/Add.172),", "CRC/C/15/Add.172"), ("(CRC/C/15/Add.174),", "CRC/C/15/Add.174"),
    ("(CRC/C/15/Add.178),", "CRC/C/15/Add.178"), ("(CRC/C/15/Add.180),", "CRC/C/15/Add.180"),
    ("(CRC/C/15/Add.182);", "CRC/C/15/Add.182"), ("(CRC/C/15/Add.186),", "CRC/C/15/Add.186"),
    ("(CRC/C/79/Add.10),", "CRC/C/79/Add.10"), ("(CRC/C/A/BAH/1),", "CRC/C/A/BAH/1"),
    ("(CRC/C/SR.172),", "CRC/C/SR.172"), ("(CRC/C/SR.785)", "CRC/C/SR.785"),
    ("(CRC/OP/SA/1)", "CRC/OP/SA/1"), ("CTOC/COP/2006/CRP.5.", "CTOC/COP/2006/CRP.5"),
    ("E/2002/100.", "E/2002/100"), ("(E/2002/22),", "E/2002/22"), ("(E/2002/22);", "E/2002/22"),
    ("(E/2002/68/Add.1),", "E/2002/68/Add.1"), ("(E/2002/68/Add.1).", "E/2002/68/Add.1"),
    ("(E/C.12/1/Add.76),", "E/C.12/1/Add.76"), ("(E/C.12/2002/SR.10),", "E/C.12/2002/SR.10"),
    ("(E/C.12/2002/SR.6),", "E/C.12/2002/SR.6"), ("E/CN.15/2008/1.", "E/CN.15/2008/1"),
    ("(E/CN.4/2001/83)", "E/CN.4/2001/83"), ("(E/CN.4/2002/41).", "E/CN.4/2002/41"),
    ("E/CN.4/2002/77).", "E/CN.4/2002/77"), ("(E/CN.4/2002/80).", "E/CN.4/2002/80"),
    ("(E/CN.4/2002/94)", "E/CN.4/2002/94"), ("E/CN.4/2003/74", "E/CN.4/2003/74"),
    ("E/CN.4/2003/79/Add.2).", "E/CN.4/2003/79/Add.2"),
    ("(E/CN.4/Sub.2/2002/33),", "E/CN.4/Sub.2/2002/33"),
    ("(E/CN.4/Sub.2/2002/44).", "E/CN.4/Sub.2/2002/44"), ("(E/CN.6/2005/2", "E/CN.6/2005/2"),
    ("(E/CN.6/2007/2)", "E/CN.6/2007/2"), ("(E/CN.6/2007/2).", "E/CN.6/2007/2"),
    ("A/RES/64/293)", "A/RES/64/293"), ("(see E/CN.4/2002/77)", "E/CN.4/2002/77"),
    # The forms the issue names, and their canonical forms.
    ("A/HRC/10/64", "A/HRC/10/64"), ("S/RES/1325 (2000)", "S/RES/1325(2000)"),
    ("S/RES/1325(2000)", "S/RES/1325(2000)"), ("A/63/215/Corr.1", "A/63/215/Corr.1"),
    ("CEDAW/C/GC/38", "CEDAW/C/GC/38"), ("A/CONF.213/L.6/Rev.2", "A/CONF.213/L.6/Rev.2"),
    ("A/RES/217 (III)", "A/RES/217(III)"), ("A/RES/2200(XXI)", "A/RES/2200(XXI)"),
]


@pytest.mark.parametrize(("raw", "canonical"), SOURCE_SYMBOLS)
def test_every_source_symbol_parses_to_its_canonical_form(raw: str, canonical: str) -> None:
    assert symbols.normalize(raw) == canonical


@pytest.mark.parametrize(("raw", "canonical"), SOURCE_SYMBOLS)
def test_every_source_symbol_is_found_in_prose(raw: str, canonical: str) -> None:
    text = f"as reported in {raw} and elsewhere"
    found = [m.symbol.canonical for m in symbols.find(text)]
    assert found[:1] == [canonical]


@pytest.mark.parametrize("canonical", sorted({c for _, c in SOURCE_SYMBOLS}))
def test_canonical_form_is_a_fixed_point(canonical: str) -> None:
    assert symbols.normalize(canonical) == canonical


@pytest.mark.parametrize("text", [
    "2006/27", "24/7", "1/2", "3/4 of", "/en/A/63", "HIV/AIDS", "and/or", "A/B", "PDF/A",
    "https://docs.un.org/en/A/63/215", "www.un.org/A/63/215", "a/63/215", "A/63",
    "UNICEF/UNFPA/2008", "resolution 61/180", "ILO/IPEC", "2002/51",
    "16/1", "", "   ", "A//215", "A/63/", "/A/63/215",
])
def test_non_symbols_are_rejected(text: str) -> None:
    assert symbols.parse(text) is None
    assert [m.symbol.canonical for m in symbols.find(text)] == []


def test_superscript_footnote_marker_glued_to_a_symbol_does_not_hide_it() -> None:
    assert [m.symbol.canonical for m in symbols.find("children.⁴A/62/209.")] == ["A/62/209"]


def test_symbol_glued_to_html_footnote_marker() -> None:
    text = "(CEB/2005/HLCO/IX/CRP.7).<sup>9</sup>"
    assert [m.symbol.canonical for m in symbols.find(text)] == ["CEB/2005/HLCO/IX/CRP.7"]


def test_corrigendum_written_as_a_phrase_is_found_with_its_own_span() -> None:
    text = "(A/61/122/Add.1 and Corr.1)"
    found = [(m.symbol.canonical, text[m.start:m.end]) for m in symbols.find(text)]
    assert found == [("A/61/122/Add.1", "A/61/122/Add.1"),
                     ("A/61/122/Add.1/Corr.1", "Corr.1")]


def test_two_symbols_in_one_parenthesis() -> None:
    text = "(see A/HRC/4/34 and A/HRC/7/6)."
    assert [m.symbol.canonical for m in symbols.find(text)] == ["A/HRC/4/34", "A/HRC/7/6"]


def test_symbol_in_a_spanish_sentence() -> None:
    text = "mediante Nota No. A/62/640, de 9 de enero de 2008"
    assert [m.symbol.canonical for m in symbols.find(text)] == ["A/62/640"]


def test_symbol_spans_exclude_surrounding_punctuation() -> None:
    text = "report (E/CN.4/2003/79/Add.2)."
    (m,) = list(symbols.find(text))
    assert text[m.start:m.end] == "E/CN.4/2003/79/Add.2"


def test_security_council_year_is_kept_only_for_security_council_resolutions() -> None:
    (m,) = list(symbols.find("resolution S/RES/1325 (2000) on women"))
    assert m.symbol.canonical == "S/RES/1325(2000)"
    (m,) = list(symbols.find("report A/63/215 (2008) on"))
    assert m.symbol.canonical == "A/63/215"


def test_url_of_a_symbol_is_the_official_document_system() -> None:
    assert symbols.parse("S/RES/1325 (2000)").url == "https://docs.un.org/en/S/RES/1325(2000)"
    assert symbols.parse("A/63/215").url == "https://docs.un.org/en/A/63/215"


@pytest.mark.parametrize(("number", "body", "decision", "canonical"), [
    ("61/180", "GA", False, "A/RES/61/180"), ("53/208 B", "GA", False, "A/RES/53/208B"),
    ("8/12", "HRC", False, "A/HRC/RES/8/12"), ("2002/51", "CHR", False, "E/CN.4/RES/2002/51"),
    ("2004/110", "CHR", True, "E/CN.4/DEC/2004/110"), ("2006/27", "ECOSOC", False,
                                                        "E/RES/2006/27"),
])
def test_resolutions_cited_by_number_with_their_body(number: str, body: str, decision: bool,
                                                     canonical: str) -> None:
    sym = symbols.resolution(number, body, decision=decision)
    assert sym is not None
    assert sym.canonical == canonical


def test_resolution_of_an_unknown_body_is_none() -> None:
    assert symbols.resolution("16/1", "CCPCJ", decision=True) is None
