"""Thai text cut into words: PyThaiNLP's newmm with its own dictionary, cheap for a process that cuts little.

newmm's trie of the whole dictionary (62,000 words) takes 0.3–0.6 s to build: a publish paid it to lay out one
share card's headline and index one story. newmm only ever matches dictionary words that occur in the text, so a
trie of just those words cuts it exactly as the whole one does; they are found through an index of the dictionary by
first characters (~0.6 ms for a headline, ~60 ms for a long story). Once `full_after` characters have been cut
this way the whole trie is built and used from then on: a full build cuts millions.
"""
from __future__ import annotations

from functools import cache

FULL_AFTER = 60_000  # characters: about what building the whole trie costs, cut the cheap way
NOTHING = "\x00"  # the one word of a text without dictionary words: it matches nothing there
KEY = 3  # the dictionary is indexed by its words' first KEY characters (a shorter word: by itself)


@cache
def _by_start() -> dict[str, tuple[str, ...]]:
    from pythainlp.corpus import thai_words

    index: dict[str, list[str]] = {}
    for word in thai_words():
        index.setdefault(word[:KEY], []).append(word)
    return {key: tuple(words) for key, words in index.items()}


def words_inside(text: str) -> set[str]:
    """Every dictionary word that occurs in `text`."""
    index, found = _by_start(), set()
    for i in range(len(text)):
        for n in range(1, KEY + 1):
            for word in index.get(text[i:i + n], ()):
                if text.startswith(word, i):
                    found.add(word)
    return found


class WordCutter:
    """Cuts text with newmm; holds the whole trie once it has built it (one per process: `cutter`)."""

    def __init__(self, full_after: int = FULL_AFTER):
        self.full_after, self.cut_so_far, self._full = full_after, 0, None

    def words(self, text: str, keep_whitespace: bool = False) -> list[str]:
        from pythainlp.tokenize import word_tokenize

        return word_tokenize(text, engine="newmm", keep_whitespace=keep_whitespace, custom_dict=self.trie_for(text))

    def trie_for(self, text: str):
        from pythainlp.util import Trie

        if self._full is None and self.cut_so_far + len(text) <= self.full_after:
            self.cut_so_far += len(text)
            inside = words_inside(text)
            if not inside and NOTHING not in text:
                inside = {NOTHING}  # (an empty trie would make newmm build the whole one)
            if inside:
                return Trie(inside)
        if self._full is None:
            from pythainlp.tokenize import word_dict_trie

            self._full = word_dict_trie()
        return self._full


@cache
def cutter() -> WordCutter:
    """This process's cutter."""
    return WordCutter()


def thai_words(text: str, keep_whitespace: bool = False) -> list[str]:
    """`text` cut into words by newmm (spaces kept as tokens of their own with keep_whitespace=True)."""
    return cutter().words(text, keep_whitespace)


def syllables(text: str) -> list[str]:
    """`text` cut into syllables as PyThaiNLP's subword_tokenize(engine="dict") cuts it: into words, then each word
    by the syllable dictionary (its own trie, built in ~30 ms)."""
    from pythainlp.tokenize import syllable_dict_trie, word_tokenize

    trie = syllable_dict_trie()
    return [s for word in thai_words(text, keep_whitespace=True) for s in word_tokenize(word, custom_dict=trie)]
