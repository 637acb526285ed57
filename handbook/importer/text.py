"""Text helpers of the importer: escaping, cleaning, sentence ends, footnote marks.

Seeds are untrusted text. Everything from them is escaped so that only plain Markdown
emphasis, footnote calls, ``<sup>`` and ``http(s)``/``mailto`` links survive: no raw HTML,
no macro, no attribute list, no image, no code fence. Every scan here is linear in the
length of its input (no nested quantifiers, no lazy match that can rescan a long line).
"""

from __future__ import annotations

import re

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUP_TO_DIGIT = {c: str(i) for i, c in enumerate(SUPERSCRIPTS)}
ROMAN_RE = r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X)"

#: What passes from the source unescaped: ``<sup>`` marks and autolinks.
_ALLOWED_TAG_RE = re.compile(r"</?sup>|<https?://[^<>\s]+>|<[\w.+-]+@[\w.-]+>")
#: C0 and C1 control characters other than tab and newline: never content.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def drop_controls(text: str) -> str:
    """Control characters (other than tab and newline) become spaces."""
    return _CONTROL_RE.sub(" ", text)


def _pairs(text: str, opening: re.Pattern[str], closing: re.Pattern[str], mark: str) -> str:
    """Replace ``<x>...</x>`` pairs on each line by ``mark...mark`` (first closing wins).

    The same result as ``re.sub(r"<x>(.*?)</x>", ...)``, in linear time: when an opening
    has no closing after it on its line, no later opening on that line has one either.
    """
    lines = []
    for line in text.split("\n"):
        out: list[str] = []
        pos = 0
        while True:
            m = opening.search(line, pos)
            if m is None:
                break
            c = closing.search(line, m.end())
            if c is None:
                break
            out.append(line[pos : m.start()])
            out.append(mark + line[m.end() : c.start()] + mark)
            pos = c.end()
        out.append(line[pos:])
        lines.append("".join(out))
    return "\n".join(lines)


_B_OPEN, _B_CLOSE = re.compile(r"<b>"), re.compile(r"</b>")
_IU_OPEN, _IU_CLOSE = re.compile(r"<(?:i|u)>"), re.compile(r"</(?:i|u)>")


def escape_markup(text: str) -> str:
    """Escape raw HTML, macros and code marks coming from the source."""
    text = _pairs(text, _B_OPEN, _B_CLOSE, "**")
    text = _pairs(text, _IU_OPEN, _IU_CLOSE, "*")
    pieces: list[str] = []
    pos = 0
    for m in _ALLOWED_TAG_RE.finditer(text):
        pieces.append(escape_plain(text[pos : m.start()]))
        pieces.append(m.group(0))
        pos = m.end()
    pieces.append(escape_plain(text[pos:]))
    return "".join(pieces)


_ENTITY_RE = re.compile(r"&(?:#\d+|\w+);")
#: A link destination that is not http(s) or mailto (javascript:, data:, a relative path).
_BAD_LINK_RE = re.compile(r"\]\((?!\s*<?(?:https?://|mailto:))", re.I)


def escape_plain(s: str) -> str:
    """Escape text that must show as it is: HTML, braces (macros, attribute lists),
    backticks, images and links to anything but http(s) and mailto."""
    s = s.replace("&", "&amp;") if _ENTITY_RE.search(s) else s
    s = s.replace("<", "&lt;").replace(">", "&gt;")
    s = s.replace("`", "\\`")
    s = s.replace("{", "&#123;").replace("}", "&#125;")
    s = s.replace("![", "!\\[")
    return _BAD_LINK_RE.sub(r"]\\(", s)


_LINE_START = (
    (re.compile(r"^(\d{1,4})\.(\s)"), r"\1\\.\2"),  # "1. " would start a numbered list
    (re.compile(r"^#"), r"\\#"),  # a heading
    (re.compile(r"^>"), r"&gt;"),  # a quotation
    (re.compile(r"^([+=])(\s)"), r"\\\1\2"),  # a list item or a setext underline
    (re.compile(r"^~~~"), r"&#126;~~"),  # a code fence
    (re.compile(r"^\[(?=[^\]\n]*\]:)"), r"\\["),  # a link or footnote definition
)


def protect_line_start(text: str) -> str:
    """Stop plain text from being read as a list, heading, quotation, fence or definition."""
    out = []
    for ln in text.split("\n"):
        ln = ln.lstrip()
        for pattern, repl in _LINE_START:
            ln = pattern.sub(repl, ln)
        out.append(ln)
    return "\n".join(out)


_SPACES_RE = re.compile(r"[ \u00a0]{2,}")


def clean_inline(text: str) -> str:
    """Normalise whitespace and source escapes inside one unit."""
    text = text.replace("\t", " ")
    text = text.replace("\\\\_", "\\_")
    text = _SPACES_RE.sub(" ", text)
    return text.strip()


_TAIL_RE = re.compile(r"(?:\[\^[\w-]+\]|<sup>\w+</sup>)$")
_SENTENCE_END = set(".:;!?…)]”\"'’»")


def ends_sentence(text: str) -> bool:
    """True when the text ends with sentence-final punctuation (after its note calls)."""
    t = text.rstrip()
    while True:  # strip the run of note calls, superscripts and stars at the end
        s = t.rstrip(SUPERSCRIPTS + "*")
        m = _TAIL_RE.search(s[-100:])
        if m is not None:
            s = s[: len(s) - len(m.group(0))]
        if s == t:
            break
        t = s
    t = t.rstrip()
    return t[-1:] in _SENTENCE_END


_LIST_LIKE_RE = re.compile(r"^(?:[-*•♦]\s|\([a-z0-9]{1,4}\)\s|[a-z]\)\s|\d{1,3}\.\s|\d\)\s)")


def is_list_like(text: str) -> bool:
    """Whether a line looks like a list item (``- x``, ``(a) x``, ``a) x``, ``1. x``)."""
    return bool(_LIST_LIKE_RE.match(text))


# ---------------------------------------------------------------------------- footnotes

_SUP_RUN = "[" + SUPERSCRIPTS + "]+"
FNDEF_RE = re.compile(
    r"^(?:-\s+)?(?:<sup>(?P<a>\w+)</sup>|(?P<b>"
    + _SUP_RUN
    + r")|\^(?P<c>[a-z])(?=[A-Z])|(?P<d>↑))\s*"
)


def footnote_def_label(text: str) -> str | None:
    """The label when ``text`` opens a footnote definition (``¹ Text``, ``<sup>a</sup>``)."""
    m = FNDEF_RE.match(text)
    if not m:
        return None
    if m.group("a"):
        return m.group("a")
    if m.group("b"):
        return "".join(SUP_TO_DIGIT[c] for c in m.group("b"))
    if m.group("c"):
        return m.group("c")
    return "arrow"


_SUP_TAG_RE = re.compile(r"<sup>(\w+)</sup>")
_SUP_RUN_RE = re.compile(_SUP_RUN)
_CARET_RE = re.compile(r"(?<=[\w,.;:”\"])\^([a-z])\b")


def convert_refs(text: str, prefix: str) -> str:
    """Turn source footnote calls into Markdown references."""
    text = _SUP_TAG_RE.sub(lambda m: f"[^{prefix}{m.group(1)}]", text)
    text = _SUP_RUN_RE.sub(
        lambda m: "[^" + prefix + "".join(SUP_TO_DIGIT[c] for c in m.group(0)) + "]", text
    )
    return _CARET_RE.sub(lambda m: f"[^{prefix}{m.group(1)}]", text)


_WORD_TAG_RE = re.compile(r"<[^<>]*>|\[\^[\w-]+\]|\*\*|(?<!\w)\*|\*(?!\w)")


def word_count(text: str) -> int:
    """Words of a unit as a reader counts them (no tags, note calls or emphasis marks)."""
    return len(_WORD_TAG_RE.sub(" ", text).split())
