"""Keys, header lines, story ids and slugs: the pure parts of reading a story."""
import pytest

from nuea.header import parse_header
from nuea.keys import canonical_key, suggest_keys
from nuea.slugs import thai_slug
from nuea.story_ids import StoryIdError, find_duplicate_ids, story_id


@pytest.mark.parametrize("key,canonical", [
    ("หัวข้อ", "title"), ("Title", "title"), ("วันที่", "date"), ("แก้ไขล่าสุด", "modified"),
    ("ข่าวโดย", "reporter"), ("บรรณาธิการ", "editor"), ("หน่วยงาน", "agency"), ("จังหวัด", "province"),
    ("หมวด", "category"), ("ป้ายกำกับ", "tags"), ("ภาพ", "image"), ("คำบรรยายภาพ", "image_caption"),
    ("image-caption", "image_caption"), ("สรุป", "summary"), ("รหัส", "id"), ("สถานะ", "status"),
    ("legacy_url", "legacy_url"), ("legacy_reads", "legacy_reads"), ("อ่าน", "legacy_reads"),
])
def test_thai_and_english_keys_are_one_canonical_set(key, canonical):
    assert canonical_key(key) == canonical


def test_unknown_key_gets_suggestions():
    assert canonical_key("หัวข้อข่าว") is None
    assert "หัวข้อ" in suggest_keys("หัวข้อข่าว")


def test_header_keeps_line_numbers_and_body():
    text = "\ufeffหัวข้อ: ข่าว\r\nข่าวโดย : นาย ก\nสรุป: บรรทัดแรก\n    บรรทัดสอง\nบรรณาธิการ:\n\n\nย่อหน้า: หนึ่ง\n"
    header = parse_header(text)
    assert [(f.key, f.value, f.line) for f in header.fields] == [
        ("หัวข้อ", "ข่าว", 1), ("ข่าวโดย", "นาย ก", 2), ("สรุป", "บรรทัดแรก\nบรรทัดสอง", 3), ("บรรณาธิการ", "", 5),
    ]
    assert header.body.startswith("ย่อหน้า: หนึ่ง") and header.body_line == 8


def test_header_reports_lines_that_are_not_keys():
    header = parse_header("หัวข้อ: ข่าว\nลืมเว้นบรรทัด ก่อนเนื้อข่าว\n\nเนื้อ")
    assert header.bad_lines == [(2, "ลืมเว้นบรรทัด ก่อนเนื้อข่าว")]


def test_story_id_from_id_or_ascii_file_name():
    assert story_id("hang-chat-gecc", "news/2561/ห้างฉัตร.md") == "hang-chat-gecc"
    assert story_id(None, "news/2561/hang-chat-gecc.md") == "hang-chat-gecc"
    with pytest.raises(StoryIdError, match="add a line 'รหัส"):
        story_id(None, "news/2561/ห้างฉัตร.md")
    with pytest.raises(StoryIdError, match="not a valid id"):
        story_id("Hang Chat!", "news/2561/x.md")


def test_duplicate_ids_name_both_files():
    pairs = [("a", "news/2561/a.md"), ("b", "news/2561/b.md"), ("a", "news/2562/x.md")]
    assert find_duplicate_ids(pairs) == [("a", "news/2561/a.md", "news/2562/x.md")]


def test_slugs_from_the_map_then_ascii_then_romanised():
    slug_map = {"ข่าวภูมิภาค": "regional"}
    assert thai_slug("ข่าวภูมิภาค", slug_map) == "regional"
    assert thai_slug("GECC") == "gecc"
    assert thai_slug("PM 2.5") == "pm-2-5"
    assert thai_slug("ศูนย์ราชการสะดวก") == "sun-ratkan-saduak"  # RTGS romanisation, word by word
    assert thai_slug("ลำไย") == "lamyai"
    assert thai_slug("ข่าวในพระราชสำนัก") == "khao-nai-phra-ratsamnak"
    mixed = thai_slug("โครงการ OTOP ลำปาง")  # royin is rule-based ("khonngkan"); the map fixes what matters
    assert mixed.endswith("-otop-lampang") and mixed.isascii()
