"""A reader's query as FTS5 MATCH expressions over the columns of index_rows (one `words` table).

Words are separated by spaces and must all match (AND); "quoted text" must match as a phrase. One word matches a
story holding it as a word or as a meaningful part of a compound (thai_tokens.compound_parts); a word that the
tokenizer cuts into several (ศูนย์ราชการสะดวก → ศูนย์ ราชการ สะดวก) matches those words in a row. A word that is
not in a story never matches it through pieces of itself: every piece must be there, in order, side by side.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .index_rows import facet_token
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
    return '"' + " ".join(t.replace('"', '""') for t in tokens) + '"'


def term_expression(term: Term, title_only: bool = False) -> str:
    """The FTS5 expression (over the `words` table) true for the stories that hold `term`, anywhere or in the
    headline: one word in any column (its words or its compounds' parts; quoted: as a word only); several words
    in a row as a phrase, or, typed as one Thai word, also as a part of a compound."""
    words_cols = "{title}" if title_only else "{title body}"
    parts_cols = "{title_parts}" if title_only else "{title_parts body_parts}"
    phrase = _phrase(term.tokens)
    if len(term.tokens) == 1:
        cols = words_cols if term.quoted else "{title title_parts}" if title_only else ""
        return f"{cols} : {phrase}" if cols else phrase
    whole = normalize("".join(term.tokens))
    if term.quoted or not THAI_RUN.fullmatch(whole):
        return f"{words_cols} : {phrase}"
    return f"({words_cols} : {phrase} OR {parts_cols} : {_phrase([whole])})"  # the typed word inside a compound


def match_all(terms, title_only: bool = False) -> str:
    """Every term (AND), as one FTS5 expression: SQLite merges the words' lists itself."""
    return " AND ".join(f"({term_expression(t, title_only)})" for t in terms)


def match_exact(terms, title_only: bool = False) -> str:
    """All the query's words as one phrase, as words (not compound parts): an exact match."""
    return f"{'{title}' if title_only else '{title body}'} : {_phrase([tok for t in terms for tok in t.tokens])}"


def relevance_tiers(terms) -> list[str]:
    """The query's matches in the order readers get them, each tier one FTS5 expression (newest first within):
    (1) the whole query as a phrase in the headline, (2) every word in the headline, (3) the whole query as a
    phrase (as words, not compound parts), (4) the rest. A headline or exact match implies a match, so the
    tiers are disjoint and together are exactly `match_all`."""
    every, exact_title = match_all(terms), match_exact(terms, title_only=True)
    all_title, exact = match_all(terms, title_only=True), match_exact(terms)
    return [exact_title,
            f"({all_title}) NOT ({exact_title})",
            f"({exact}) NOT ({all_title})",
            f"({every}) NOT (({exact}) OR ({all_title}))"]


def filter_expression(query: SearchQuery) -> str:
    """The province, agency and section filters as an FTS5 expression over the facets column ("" without)."""
    chosen = [(kind, value) for kind, value in (("province", query.province), ("agency", query.agency),
                                                ("section", query.section)) if value]
    return " AND ".join(f'{{facets}} : "{facet_token(kind, value)}"' for kind, value in chosen)


def highlight_words(terms) -> list[str]:
    """What to mark in excerpts: each term as typed, longest first."""
    return sorted({t.text for t in terms}, key=len, reverse=True)
