"""Extra index terms for Thai text: words the segmenters keep inside longer compounds.

Pagefind (extended) segments Thai when indexing and matches each query word as a *prefix* of an indexed word.
A word inside a compound (ประเมิน in การประเมิน, ราชการ in ผู้ว่าราชการจังหวัด) is not a prefix of anything,
so it is missed. For every place where a word may start (PyThaiNLP newmm token starts, and dictionary words
starting at a Thai character-cluster boundary inside a token) we emit the text from there to the end of the
next token: any query word starting at such a place is then a prefix of an indexed term.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pythainlp.corpus import thai_words
from pythainlp.tokenize import subword_tokenize

from nuea.thai_words import thai_words

THAI_RUN = re.compile(r"[\u0e01-\u0e3a\u0e40-\u0e4e]+")  # Thai letters and marks (no digits, no ฯ/ๆ split)


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    return frozenset(thai_words())


def _cluster_bounds(token: str) -> list[int]:
    """Offsets inside `token` where a Thai character cluster starts (0 excluded, len(token) included)."""
    bounds, pos = [], 0
    for cluster in subword_tokenize(token, engine="tcc"):
        pos += len(cluster)
        bounds.append(pos)
    return bounds


@lru_cache(maxsize=1 << 16)  # words repeat across stories
def _inner_word_starts(token: str, min_len: int) -> tuple[int, ...]:
    """Offsets inside `token` (never 0) where a dictionary word of at least `min_len` characters starts."""
    words = _dictionary()
    bounds = _cluster_bounds(token)
    starts = []
    for i, start in enumerate(bounds[:-1]):
        if any(end - start >= min_len and token[start:end] in words for end in bounds[i + 1:]):
            starts.append(start)
    return tuple(starts)


@lru_cache(maxsize=1 << 16)  # so do stock phrases
def word_starts(run: str, min_len: int = 2) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Token start offsets in a Thai `run` (newmm), and every offset where a word may start (sorted)."""
    tokens = thai_words(run)
    token_starts, pos = [], 0
    for token in tokens:
        token_starts.append(pos)
        pos += len(token)
    starts = set(token_starts)
    for token, offset in zip(tokens, token_starts, strict=True):
        starts.update(offset + inner for inner in _inner_word_starts(token, min_len))
    return tuple(token_starts), tuple(sorted(starts))


def extra_terms(text: str, span: int = 2, min_len: int = 2) -> list[str]:
    """Sorted, distinct index terms for the Thai runs of `text`: from each possible word start to the end of
    the `span`-th token counted from the token holding that start."""
    terms: set[str] = set()
    for match in THAI_RUN.finditer(text):
        run = match.group()
        token_starts, starts = word_starts(run, min_len)
        ends = token_starts[1:] + (len(run),)
        k = 0
        for start in starts:
            while k + 1 < len(token_starts) and token_starts[k + 1] <= start:
                k += 1
            end = ends[min(k + span - 1, len(ends) - 1)]
            terms.add(run[start:end])
    return sorted(terms)
