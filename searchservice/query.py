"""A reader's query as FTS5 MATCH expressions over the columns of index_rows.

Words are separated by spaces and must all match (AND); "quoted text" must match as a phrase. One word matches a
story holding it as a word or as a meaningful part of a compound (thai_tokens.compound_parts); a word that the
tokenizer cuts into several (ศูนย์ราชการสะดวก → ศูนย์ ราชการ สะดวก) matches those words in a row. A word that is
not in a story never matches it through pieces of itself: every piece must be there, in order, side by side.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .thai_tokens import THAI_RUN, normalize, words

MAX_QUERY = 200  # characters
MAX_TERMS = 8
SORTS = ("relevance", "newest")
_PIECE = re.compile(r'"([^"]*)"?|([^\s"]+)')


class QueryError(ValueError):
    """A query the service refuses (answered with 400)."""


@dataclass(frozen=True)
class Term:
    text: str  # as the reader typed it (for highlighting)
    tokens: tuple[str, ...]
    quoted: bool


@dataclass(frozen=True)
class SearchQuery:
    q: str = ""
    province: str = ""
    agency: str = ""
    section: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1

    def __post_init__(self):
        if len(self.q) > MAX_QUERY:
            raise QueryError(f"q: longer than {MAX_QUERY} characters")
        if self.sort not in SORTS:
            raise QueryError(f"sort: must be one of {', '.join(SORTS)}")
        if not 1 <= self.page <= 1000:
            raise QueryError("page: must be 1 to 1000")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise QueryError("from: after to")
        if len(self.terms) > MAX_TERMS:
            raise QueryError(f"q: more than {MAX_TERMS} words")

    @property
    def terms(self) -> tuple[Term, ...]:
        return parse_terms(self.q)

    @property
    def filtered(self) -> bool:
        return bool(self.province or self.agency or self.section or self.date_from or self.date_to)


def parse_terms(q: str) -> tuple[Term, ...]:
    terms = []
    for quoted, bare in _PIECE.findall(q):
        text = (quoted if quoted else bare).strip()
        tokens = tuple(words(text))
        if tokens:
            terms.append(Term(text=" ".join(text.split()), tokens=tokens, quoted=bool(quoted)))
    return tuple(terms)


def _phrase(tokens) -> str:
    return '"' + " ".join(tokens) + '"'


def _in(table: str, expression: str) -> tuple[str, list]:
    return f"s.id IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)", [expression]


def term_condition(term: Term, title_only: bool = False) -> tuple[str, list]:
    """SQL (and its arguments) true for the stories that hold `term` (anywhere, or in the headline).

    One word: the `terms` table (no positions, so even a word in every story is cheap); several words in a row
    or a quoted phrase: the `phrases` table (positions)."""
    words_cols = "{title}" if title_only else "{title body}"
    parts_cols = "{title_parts}" if title_only else "{title_parts body_parts}"
    if len(term.tokens) == 1:
        cols = words_cols if term.quoted else "{title title_parts}" if title_only else ""
        return _in("terms", f"{cols} : {_phrase(term.tokens)}" if cols else _phrase(term.tokens))
    phrase_sql, phrase_args = _in("phrases", f"{words_cols} : {_phrase(term.tokens)}")
    whole = normalize("".join(term.tokens))
    if term.quoted or not THAI_RUN.fullmatch(whole):
        return phrase_sql, phrase_args
    part_sql, part_args = _in("terms", f'{parts_cols} : "{whole}"')  # the typed word is a part of a compound
    return f"({phrase_sql} OR {part_sql})", phrase_args + part_args


def match_all(terms, title_only: bool = False) -> tuple[str, list]:
    """Every term (AND)."""
    conditions = [term_condition(t, title_only) for t in terms]
    return " AND ".join(c for c, _ in conditions), [a for _, args in conditions for a in args]


def match_exact(terms, title_only: bool = False) -> tuple[str, list]:
    """All the query's words as one phrase, as words (not compound parts): an exact match."""
    tokens = [tok for t in terms for tok in t.tokens]
    cols = "{title}" if title_only else "{title body}"
    return _in("terms" if len(tokens) == 1 else "phrases", f"{cols} : {_phrase(tokens)}")


def highlight_words(terms) -> list[str]:
    """What to mark in excerpts: each term as typed, longest first."""
    return sorted({t.text for t in terms}, key=len, reverse=True)
