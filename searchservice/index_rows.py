"""A record as the columns of the FTS5 table: words in reading order (phrases), compound parts (single words) and
the province, agency and section as filter tokens (facets).

Every column is a string of tokens separated by single spaces; the table's `ascii` tokenizer splits only there
(Thai letters are non-ASCII, so never split again), so what FTS5 stores is exactly what `thai_tokens` cut.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .records import SearchRecord
from .thai_tokens import compound_parts, join_words, word_runs

COLUMNS = ("title", "body", "title_parts", "body_parts", "facets")
FACETS = {"province": ("province", "province_slug"), "agency": ("agency", "agency_slug", "agency_name"),
          "section": ("section", "section_slug")}  # filter → the record's fields it accepts (name or slug)


@dataclass(frozen=True)
class IndexRow:
    title: str
    body: str
    title_parts: str
    body_parts: str
    facets: str


def facet_token(kind: str, value: str) -> str:
    """The token of "the story's `kind` (province, agency, section) is `value`": § and hex digits. `words` never
    makes a token with § in it, so no reader's word can match one; the filter is then part of the FTS5 match."""
    return "§" + hashlib.blake2b(f"{kind}\0{value}".encode(), digest_size=8).hexdigest()


def facet_tokens(record: SearchRecord) -> str:
    return " ".join(sorted({facet_token(kind, value) for kind, fields in FACETS.items() for field in fields
                            if (value := getattr(record, field))}))


def _parts(runs: list[tuple[str, ...]]) -> str:
    """Compound parts of every word, and every two words written side by side that together are one dictionary
    word (newmm may cut ทำให้ as ทำ|ให้ in one sentence and keep it whole in another, or in the query)."""
    found: set[str] = set()
    for run in runs:
        for token in run:
            found.update(compound_parts(token))
        found.update(joined for a, b in zip(run, run[1:], strict=False) if (joined := join_words(a, b)))
    return " ".join(sorted(found))


def searchable_body(record: SearchRecord) -> str:
    """Everything but the headline that a reader may search for: text, tags, agency, place, section, credits."""
    meta = [*record.tags, record.agency, record.agency_name, record.province, record.section, *record.extra]
    return "\n".join([record.body, *(m for m in meta if m)])


def index_row(record: SearchRecord) -> IndexRow:
    title, body = word_runs(record.title), word_runs(searchable_body(record))
    return IndexRow(_words(title), _words(body), _parts(title), _parts(body), facet_tokens(record))


def _words(runs: list[tuple[str, ...]]) -> str:
    return " ".join(w for run in runs for w in run)
