"""The one tokenizer of stories and queries: words, meaningful compound parts, never pieces of a simple word."""
import pytest

from searchservice.thai_tokens import compound_parts, join_words, normalize, words


@pytest.mark.parametrize("compound, part", [
    ("ผู้ตรวจราชการ", "ราชการ"), ("ตรวจราชการ", "ราชการ"), ("การประเมิน", "ประเมิน"),
    ("ผู้ว่าราชการจังหวัด", "ราชการ"), ("ผู้ว่าราชการจังหวัด", "จังหวัด"), ("ผู้ว่าราชการจังหวัด", "ผู้ว่า"),
    ("อนุกรรมการ", "กรรมการ"), ("สำนักนายกรัฐมนตรี", "นายกรัฐมนตรี"), ("แถลงข่าว", "แถลง"),
])
def test_a_compound_has_its_meaningful_parts(compound, part):
    assert part in compound_parts(compound)


@pytest.mark.parametrize("word, piece", [
    ("จังหวัด", "หวัด"), ("ราชการ", "การ"), ("ราชการ", "ราช"), ("มิถุนายน", "นาย"), ("เชียงใหม่", "ใหม่"),
    ("ประเมิน", "ประ"), ("สำนัก", "นัก"),
])
def test_a_simple_word_is_never_cut_into_pieces(word, piece):
    assert piece not in compound_parts(word)


def test_words_cut_thai_and_other_scripts_and_normalize():
    assert words("ศูนย์ราชการสะดวก GECC PM2.5 ๑๐ พ.ค.") == ["ศูนย์", "ราชการ", "สะดวก", "gecc", "pm2", "5", "10", "พ", "ค"]
    assert normalize("A\u200bB ๒๕๖๑") == "ab 2561"  # zero-width space dropped, Thai digits as Arabic
    assert words("") == [] and words(" ,. ") == []


def test_join_words_only_into_dictionary_words():
    assert join_words("ทำ", "ให้") == "ทำให้"
    assert join_words("ลำปาง", "ฮอลลีวูด") is None
