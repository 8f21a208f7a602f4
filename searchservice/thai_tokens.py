"""Cut Thai text into the words a search index stores, and a query into the words it looks for: one function
for both, so the index and the query always agree.

- `normalize`: case-folded, Thai digits as Arabic digits, zero-width characters and soft hyphens removed.
- `words`: the text's words in order: PyThaiNLP newmm tokens for each run of Thai letters, runs of letters and
  digits for other scripts (GECC, PM2.5 → pm2 5, 1567). Spaces and punctuation are never words.
- `compound_parts`: the meaningful words inside a compound word. A word listed in ICU's Thai dictionary (the
  base words Chromium's own segmenter knows, shipped with PyThaiNLP as icubrk_th.txt) is a simple word and has no
  parts: จังหวัด, ราชการ, ประเมิน, มิถุนายน stay whole, so หวัด never matches จังหวัด, การ never ราชการ, นาย never
  มิถุนายน (a listed word is split only into words of two spelling syllables or more, after a bound prefix such
  as อนุ or รอง: ประชา|สัมพันธ์, อนุ|กรรมการ).
  Any other word is split into the fewest dictionary words (every split that ties), recursively:
  ผู้ว่าราชการจังหวัด → ผู้ว่าราชการ, จังหวัด → ผู้ว่า, ราชการ; การประเมิน → การ, ประเมิน; แถลงข่าว → แถลง, ข่าว.
  A word with no split into dictionary words only has no parts.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

THAI_RUN = re.compile(r"[\u0e01-\u0e3a\u0e40-\u0e4e]+")  # Thai letters and marks (digits, ฯ-free)
OTHER_WORD = re.compile(r"[^\W_]+")  # letters and digits of other scripts
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
MIN_PART = 2  # shortest compound part indexed (characters)
PREFIXES = frozenset({"อนุ", "รอง", "คณะ", "ผู้", "นัก"})  # bound prefixes of compounds that ICU lists whole


def normalize(text: str) -> str:
    return unicodedata.normalize("NFC", text).translate(INVISIBLE).translate(THAI_DIGITS).casefold()


@lru_cache(maxsize=1)
def _simple_words() -> frozenset[str]:
    from pythainlp.corpus import get_corpus

    return frozenset(get_corpus("icubrk_th.txt"))


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words()) | _simple_words()


@lru_cache(maxsize=1 << 17)
def _thai_run_words(run: str) -> tuple[str, ...]:
    from nuea.thai_words import thai_words

    return tuple(thai_words(run))


def word_runs(text: str) -> list[tuple[str, ...]]:
    """The words of `text` in reading order, grouped by runs written without a space or mark between them."""
    text = normalize(text)
    out: list[tuple[str, ...]] = []
    pos = 0
    for match in THAI_RUN.finditer(text):
        out += [(w,) for w in OTHER_WORD.findall(text, pos, match.start())]
        out.append(_thai_run_words(match.group()))
        pos = match.end()
    out += [(w,) for w in OTHER_WORD.findall(text, pos)]
    return out


def words(text: str) -> list[str]:
    """The words of `text` in reading order (normalized)."""
    return [w for run in word_runs(text) for w in run]


@lru_cache(maxsize=1 << 16)
def _clusters(word: str) -> tuple[int, ...]:
    """Offsets where a Thai character cluster starts or ends (0 and len(word) included)."""
    from pythainlp.tokenize import subword_tokenize

    bounds, pos = [0], 0
    for cluster in subword_tokenize(word, engine="tcc"):
        pos += len(cluster)
        bounds.append(pos)
    return tuple(bounds)


@lru_cache(maxsize=1 << 17)
def _split(word: str) -> tuple[str, ...]:
    """Every piece of every split of `word` into the fewest dictionary words on cluster boundaries (`word`
    itself excluded); () if it has no such split."""
    dictionary, bounds = _dictionary(), _clusters(word)
    last = len(bounds) - 1
    known = {(i, j) for i in range(last) for j in range(i + 1, last + 1)
             if (i, j) != (0, last) and word[bounds[i]:bounds[j]] in dictionary}
    inf = last + 1
    head = [0] + [inf] * last  # fewest pieces covering clusters [0, i)
    for j in range(1, last + 1):
        head[j] = min((head[i] + 1 for i in range(j) if (i, j) in known), default=inf)
    tail = [inf] * last + [0]  # fewest pieces covering clusters [i, last)
    for i in range(last - 1, -1, -1):
        tail[i] = min((tail[j] + 1 for j in range(i + 1, last + 1) if (i, j) in known), default=inf)
    if head[last] >= inf:
        return ()
    return tuple(word[bounds[i]:bounds[j]] for i, j in sorted(known) if head[i] + 1 + tail[j] == head[last])


@lru_cache(maxsize=1 << 17)
def compound_parts(word: str) -> tuple[str, ...]:
    """The meaningful words inside `word` (not `word` itself), sorted and distinct."""
    if not THAI_RUN.fullmatch(word):
        return ()
    pieces = _split(word)
    if word in _simple_words() and not _listed_compound(pieces):
        return ()  # จัง|หวัด, ราช|การ: a simple word
    found: set[str] = set()
    for piece in pieces:
        if len(piece) >= MIN_PART:
            found.add(piece)
            found.update(compound_parts(piece))
    return tuple(sorted(found))


def _listed_compound(pieces: tuple[str, ...]) -> bool:
    """A word ICU lists that is still a compound: every piece of two syllables or more (ประชา|สัมพันธ์), or a
    bound prefix before such a word (อนุ|กรรมการ, รอง|ประธาน)."""
    rest = [p for i, p in enumerate(pieces) if not (i == 0 and p in PREFIXES)]
    return bool(rest) and all(_syllables(p) >= 2 for p in rest)


@lru_cache(maxsize=1 << 16)
def _syllables(word: str) -> int:
    from nuea.thai_words import syllables

    return len(syllables(word))


def join_words(a: str, b: str) -> str | None:
    """`a` + `b` when it is one dictionary word of Thai letters (ทำ + ให้ → ทำให้), else None."""
    joined = a + b
    return joined if joined in _dictionary() and THAI_RUN.fullmatch(joined) else None
