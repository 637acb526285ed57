"""LaTeX that would drop words an editor wrote (a command that discards its argument) is
reported (HB216), while accents and commands that print something are decoded quietly."""

from __future__ import annotations

import pytest

from handbook.core import bibliography as citations
from handbook.core.bibliography import BibCache, BibEntry


def problem(title: str) -> str | None:
    entry = BibEntry("k", "misc", (("title", title), ("year", "2008")), "x.bib", 1)
    return citations.decode_problem(entry, BibCache())


@pytest.mark.parametrize(
    "title",
    [r"Sch\"{o}n und gr\"o\ss er", r"Caf\'e \& co.", r"The \emph{Vienna} Forum",
     r"\LaTeX{} and 50\%", r"na\"{\i}ve -- \textit{x}"],
)
def test_accents_and_printing_commands_lose_nothing(title: str) -> None:
    assert problem(title) is None


@pytest.mark.parametrize(
    ("title", "lost"),
    [(r"Report \input{/etc/passwd} of 2008", "acdepsstw"),
     (r"A \include{chapter} title", "acehprt")],
)
def test_a_command_that_drops_the_editors_words_is_reported(title: str, lost: str) -> None:
    got = problem(title)
    assert got is not None
    assert got == f"field 'title' loses text in decoding: {lost}"
