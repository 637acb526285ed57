"""Property tests (hypothesis) of the three small grammars: UN document symbols, macro
calls and citation locators. Whatever an editor types, they never crash; what they accept
round-trips."""

from __future__ import annotations

import json
import keyword
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from handbook.core import bibliography as citations
from handbook.core import macroparse
from handbook.core import symbols

SETTINGS = settings(max_examples=1000, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

# --------------------------------------------------------------------------- symbols
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LETTERS = UPPER + UPPER.lower()
DIGITS = "0123456789"

number_seg = st.builds(
    lambda n, suffix: n + suffix,
    st.text(DIGITS, min_size=1, max_size=5),
    st.sampled_from(["", *UPPER]),
)
word_seg = st.builds(
    lambda first, rest, num: first + rest + num,
    st.sampled_from(UPPER),
    st.text(LETTERS, max_size=9),
    st.one_of(st.just(""), st.builds(lambda d, s: "." + d + s,
                                     st.text(DIGITS, min_size=1, max_size=4),
                                     st.sampled_from(["", *LETTERS]))),
)
segment = st.one_of(number_seg, word_seg)


@st.composite
def symbol_texts(draw: st.DrawFn) -> str:
    """A valid symbol as an editor may write it (SC resolutions with their year)."""
    prefix = draw(st.sampled_from(sorted(symbols.PREFIXES)))
    kind = draw(st.sampled_from(["plain", "sc-res", "ga-res"]))
    if kind == "sc-res":
        body = ["S", "RES", draw(st.text(DIGITS, min_size=1, max_size=4))]
        year = draw(st.integers(1946, 2099))
        sep = draw(st.sampled_from(["", " ", "\u00a0"]))
        return "/".join(body) + f"{sep}({year})"
    if kind == "ga-res":
        body = ["A", "RES", draw(st.text(DIGITS, min_size=1, max_size=3))]
        roman = draw(st.sampled_from(["I", "II", "III", "IV", "V", "XIV", "XXIX"]))
        return "/".join(body) + f" ({roman})"
    segs = draw(st.lists(segment, min_size=2, max_size=6))
    if not any(ch.isdigit() for s in segs for ch in s):
        segs[draw(st.integers(0, len(segs) - 1))] = draw(number_seg)
    return "/".join([prefix, *segs])


@SETTINGS
@given(symbol_texts())
@example("A/63/215")
@example("E/CN.4/2003/74")
@example("S/RES/1325 (2000)")
@example("A/RES/217 (III)")
@example("E/2002/68/Add.1")
def test_symbol_canonical_round_trips(text: str) -> None:
    sym = symbols.parse(text)
    assert sym is not None, text
    again = symbols.parse(sym.canonical)
    assert again is not None, sym.canonical
    assert again.canonical == sym.canonical
    assert symbols.normalize(sym.canonical) == sym.canonical
    assert sym.url.endswith(sym.canonical)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", sym.slug)


@SETTINGS
@given(symbol_texts(), st.sampled_from(["See ", "(", "as in ", ""]),
       st.sampled_from([".", ",", ")", "; more", " and so on", ""]))
def test_symbol_found_in_prose(text: str, before: str, after: str) -> None:
    sym = symbols.parse(text)
    assert sym is not None
    found = [m.symbol.canonical for m in symbols.find(before + text + after)]
    assert sym.canonical in found, (before + text + after, found)


@SETTINGS
@given(st.text())
@example("A/")
@example("A//1")
@example("S/RES/1 (")
@example("⁴A/62/209")
@example("A/1/2 and Corr.1")
def test_symbols_never_crash(text: str) -> None:
    sym = symbols.parse(text)
    if sym is not None:
        assert symbols.parse(sym.canonical) is not None
    for m in symbols.find(text):
        assert 0 <= m.start < m.end <= len(text)
        assert "/" in m.symbol.canonical


@SETTINGS
@given(st.text().map(lambda t: t.replace("/", "")))
def test_no_slash_no_symbol(text: str) -> None:
    assert symbols.parse(text) is None
    assert list(symbols.find(text)) == []


@SETTINGS
@given(st.lists(st.integers(0, 99999), min_size=2, max_size=4),
       st.sampled_from(["", "in ", "on ", "resolution "]), st.sampled_from(["", ".", " of"]))
@example([2006, 27], "", "")
@example([24, 7], "", "")
@example([1, 2], "", "")
def test_dates_and_fractions_are_not_symbols(nums: list[int], before: str, after: str) -> None:
    text = "/".join(str(n) for n in nums)
    assert symbols.parse(text) is None
    assert list(symbols.find(before + text + after)) == []


# --------------------------------------------------------------------------- macros
MACRO_ALPHABET = st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Z", "Cc"])
macro_like = st.text(st.one_of(st.sampled_from(list("{}()[]\"'`\\,=_ \n\t#|>~")),
                               MACRO_ALPHABET), max_size=200)


@SETTINGS
@given(st.one_of(st.text(), macro_like))
@example("{{")
@example("{{ }}")
@example("{{ a(\"}}\") }}")
@example("{{ a('\n') }}")
@example("```\n{{ a( }}\n```\n{{ b() }}")
@example("`{{` {{ x(**y) }} {{ f(*a) }} {{ lambda: 1 }} {{ a.b() }} {{ 1 + 1 }}")
@example("{{ a(" + "[" * 200 + "]" * 200 + ") }}")
@example("{{ a(" + "-" * 5000 + "1) }}")
@example("{{ cite(" + "+".join(["1"] * 400) + ") }}")
def test_scan_never_raises(text: str) -> None:
    items = list(macroparse.scan(text))
    for it in items:
        assert 0 <= it.start < it.end <= len(text)
        assert it.line == text.count("\n", 0, it.start) + 1


@SETTINGS
@given(macro_like)
@example('Also {{ agency({{ agency("x") }}) }}.')
def test_scan_items_do_not_overlap(text: str) -> None:
    """Each character of the page belongs to at most one call or problem: otherwise the
    page renders overlapping text twice (tests/corpus/nested-macro-braces)."""
    items = list(macroparse.scan(text))
    for a, b in zip(items, items[1:], strict=False):
        assert a.end <= b.start, (a, b)


identifiers = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,15}", fullmatch=True).filter(
    lambda s: not keyword.iskeyword(s) and s not in macroparse._NAMES)
scalars = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
    st.integers(-10**12, 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.booleans(),
    st.none(),
)
literals = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4), max_leaves=10)


def _source(v: object, style: int) -> str:
    if isinstance(v, bool):
        return ("true", "True")[style % 2] if v else ("false", "False")[style % 2]
    if v is None:
        return ("None", "null")[style % 2]
    if isinstance(v, str):
        if style % 2:  # Python escapes: \xNN, \uNNNN, \UNNNNNNNN
            return '"' + v.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_source(x, style) for x in v) + "]"
    return str(v)


def _normal(v: object) -> object:
    if isinstance(v, (list, tuple)):
        return [_normal(x) for x in v]
    return v


@SETTINGS
@given(identifiers, st.lists(literals, max_size=4),
       st.dictionaries(identifiers, literals, max_size=3), st.integers(0, 1),
       st.sampled_from(["", " ", "  "]), st.sampled_from(["Text ", "", "- item "]))
def test_call_round_trips(name: str, args: list[object], kwargs: dict[str, object],
                          style: int, pad: str, before: str) -> None:
    parts = [_source(a, style) for a in args] + [f"{k}={_source(v, style)}"
                                                 for k, v in kwargs.items()]
    raw = "{{" + pad + name + "(" + ", ".join(parts) + ")" + pad + "}}"
    text = before + raw + " after."
    items = list(macroparse.scan(text))
    assert len(items) == 1, (text, items)
    call = items[0]
    assert isinstance(call, macroparse.Call), (text, call)
    assert call.name == name
    assert [_normal(a) for a in call.args] == [_normal(a) for a in args]
    assert {k: _normal(v) for k, v in call.kwargs} == {k: _normal(v) for k, v in kwargs.items()}
    assert call.raw == raw
    assert text[call.start:call.end] == raw


@SETTINGS
@given(st.text(max_size=100).filter(lambda t: "{{" not in t))
def test_no_braces_no_calls(text: str) -> None:
    assert list(macroparse.scan(text)) == []


@SETTINGS
@given(identifiers, st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]),
                            max_size=20))
def test_code_spans_and_fences_stay_literal(name: str, arg: str) -> None:
    call = "{{ " + name + "(" + json.dumps(arg) + ") }}"
    if "`" in call:
        return
    assert list(macroparse.scan("`" + call + "`")) == []
    assert list(macroparse.scan("```\n" + call + "\n```\n")) == []
    assert list(macroparse.scan("~~~~\n" + call + "\n~~~~\n")) == []


# --------------------------------------------------------------------------- locators
@SETTINGS
@given(st.text())
@example("para.")
@example("paras. 3-")
@example("annex MMMM")
@example("sect. ")
@example("guideline 2.")
@example("para. 99999999999999999999999")
def test_parse_locator_never_raises(text: str) -> None:
    loc = citations.parse_locator(text)
    assert loc.text == " ".join(text.split())
    if loc.anchor is not None:
        assert loc.anchor in loc.required
    citations.looks_like_locator(text)


@SETTINGS
@given(st.integers(0, 10**6), st.sampled_from(["para. ", "para ", "para.", "paragraph ",
                                               "Para. ", "PARA. "]))
def test_para_locator_anchor(n: int, form: str) -> None:
    loc = citations.parse_locator(f"{form}{n}")
    assert loc.anchor == f"para-{n}"
    assert loc.required == (f"para-{n}",)


@SETTINGS
@given(st.integers(1, 10**4), st.integers(1, 10**4), st.sampled_from(["-", "–", " to ", " - "]))
def test_para_range_locator(a: int, b: int, dash: str) -> None:
    loc = citations.parse_locator(f"paras. {a}{dash}{b}")
    assert loc.anchor == f"para-{a}"
    assert loc.required == (f"para-{a}", f"para-{b}")


@SETTINGS
@given(st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1,
               max_size=40).filter(lambda t: t.strip()))
def test_section_locator_anchor(name: str) -> None:
    loc = citations.parse_locator(f"sect. {name}")
    assert loc.anchor == "sect-" + citations.slug(" ".join(name.split()))
    assert re.fullmatch(r"sect-[a-z0-9-]*", loc.anchor or "")
