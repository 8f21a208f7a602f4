"""The word cutter gives newmm's own cut with PyThaiNLP's whole dictionary, whichever trie it uses."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.corpus import thai_words as dictionary
from pythainlp.tokenize import subword_tokenize, word_tokenize

from nuea.thai_words import WordCutter, syllables, words_inside

WORDS = sorted(dictionary())[::97]
PIECES = st.one_of(st.sampled_from(WORDS), st.sampled_from([" ", "ๆ", "ฯ", "2569", "PM2.5", "ก", "่", "ั", "เ"]),
                   st.text(alphabet=st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B), max_size=4))
TEXTS = st.lists(PIECES, max_size=30).map("".join)


def whole(text: str, keep_whitespace: bool) -> list[str]:
    return word_tokenize(text, engine="newmm", keep_whitespace=keep_whitespace)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.booleans())
def test_a_trie_of_the_words_inside_the_text_cuts_as_the_whole_dictionary(text, keep_whitespace):
    assert WordCutter(full_after=10**9).words(text, keep_whitespace) == whole(text, keep_whitespace)


def test_after_enough_texts_the_whole_trie_is_built_once_and_kept():
    cutter = WordCutter(full_after=40)
    texts = ["ผู้ว่าราชการจังหวัดลำปางลงพื้นที่", "xyz", "ตรวจเยี่ยมประชาชน ณ อำเภอเมือง", "ศูนย์ราชการสะดวก"]
    cuts = [cutter.words(t, keep_whitespace=True) for t in texts[:2]]
    assert cutter._full is None  # a text without dictionary words did not build the whole trie
    cuts += [cutter.words(t, keep_whitespace=True) for t in texts[2:]]
    assert cuts == [whole(t, True) for t in texts]
    assert cutter.cut_so_far == len(texts[0]) + len(texts[1])
    full = cutter.trie_for("อีกข่าว")
    assert full is cutter.trie_for("ข่าวต่อไป") and len(full) > 50_000


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_words_inside_finds_every_dictionary_word_in_the_text(text):
    assert words_inside(text) == {w for w in dictionary() if w in text}


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_syllables_are_pythainlps_dictionary_syllables(text):
    assert syllables(text) == subword_tokenize(text, engine="dict")
