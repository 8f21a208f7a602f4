"""What a search *should* find, computed from the story texts alone (no index, no search tokenizer).

- substring truth: the text holds the query starting and ending on Thai character-cluster boundaries (ปิด is not
  in เปิด; นาย is in มิถุนายน). The most lenient truth: a result outside it is always wrong (precision).
- word truth: the text holds the query starting and ending on word boundaries of *both* Chromium's own segmenter
  (ICU, Intl.Segmenter, run in the browser) and PyThaiNLP's newmm: the query is a word (or words) of the story
  for two independent segmenters (recall).
A query of several words (separated by spaces) needs each of them.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache

from pythainlp.tokenize import subword_tokenize, word_tokenize

THAI = re.compile(r"[\u0e01-\u0e3a\u0e40-\u0e4e]+")
WORD = re.compile(r"[^\W_]+")
ICU_BOUNDS = """(texts) => texts.map((t) => { const b = [0];
  for (const s of new Intl.Segmenter("th", {granularity: "word"}).segment(t)) b.push(s.index + s.segment.length);
  return b; })"""


def normalize(text: str) -> str:
    table = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
    return unicodedata.normalize("NFC", text).translate(table).casefold()


@cache
def cluster_bounds(text: str) -> frozenset[int]:
    bounds, pos = {0}, 0
    for cluster in subword_tokenize(text, engine="tcc"):
        pos += len(cluster)
        bounds.add(pos)
    return frozenset(bounds)


def newmm_bounds(text: str) -> frozenset[int]:
    bounds = {0, len(text)}
    for run in THAI.finditer(text):
        pos = run.start()
        bounds.add(pos)
        for word in word_tokenize(run.group(), engine="newmm", keep_whitespace=False):
            pos += len(word)
            bounds.add(pos)
    blanked = THAI.sub(lambda m: " " * len(m.group()), text)
    for word in WORD.finditer(blanked):
        bounds.update((word.start(), word.end()))
    return frozenset(bounds)


def icu_bounds(page, texts: list[str]) -> list[frozenset[int]]:
    """Word boundaries of each text by Chromium's Intl.Segmenter("th") (ICU), in `page`."""
    out = []
    for i in range(0, len(texts), 200):
        out += [frozenset(b) for b in page.evaluate(ICU_BOUNDS, texts[i:i + 200])]
    return out


def occurs(text: str, word: str, *bound_sets) -> bool:
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if all(at in b and end in b for b in bound_sets):
            return True
        at = text.find(word, at + 1)
    return False


class Truth:
    """Truth for a set of stories: url → normalized text, with both kinds of word boundaries."""

    def __init__(self, page, texts: dict[str, str]):
        self.texts = {url: normalize(text) for url, text in texts.items()}
        urls = list(self.texts)
        self.icu = dict(zip(urls, icu_bounds(page, [self.texts[u] for u in urls]), strict=True))
        self.newmm = {u: newmm_bounds(t) for u, t in self.texts.items()}

    def substring(self, query: str) -> set[str]:
        words = [normalize(w) for w in query.replace('"', " ").split()]
        return {u for u, t in self.texts.items() if all(occurs(t, w, cluster_bounds(t)) for w in words)}

    def words(self, query: str) -> set[str]:
        words = [normalize(w) for w in query.replace('"', " ").split()]
        return {u for u, t in self.texts.items() if all(occurs(t, w, self.icu[u], self.newmm[u]) for w in words)}
