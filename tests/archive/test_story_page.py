"""Reading one saved page: the old layout recognised, its charsets, its photos, and every way a page is refused."""
import random
from datetime import datetime
from pathlib import Path

import pytest

from legacy_import.story_page import LegacyPageError, NotAStoryPage, meaningful_alt, read_legacy_page
from nuea.thai_dates import BANGKOK

from .conftest import ROOT, legacy_mirror

SPECIALS, MirrorWriter = legacy_mirror.SPECIALS, legacy_mirror.MirrorWriter

FIXTURES = ROOT / "tests" / "thai_metadata" / "fixtures"
SEED_TITLE = "กฟภ.ห้างฉัตร เดินหน้ายกระดับงานบริการประชาชน เปิดศูนย์ราชการสะดวกรับการประเมินจากคณะอนุกรรมการกลาง"
CHARSETS = ["cp874-windows-874", "cp874-tis-620", "cp874-none", "utf-8-utf-8", "utf-8-none", "utf-8-windows-874"]


def story(**changes) -> tuple[MirrorWriter, dict]:
    writer = MirrorWriter(Path("/nonexistent"), seed=7)
    s = writer.new_story(section="lampang")
    s.update(changes)
    return writer, s


def page(charset: str = "utf-8-utf-8", **changes) -> bytes:
    writer, s = story(**changes)
    return writer.story_html(s, charset)


def test_the_seed_page_saved_as_html_and_captured_as_text_is_one_story():
    html = read_legacy_page((FIXTURES / "hang-chat-gecc-legacy.html").read_bytes(), "hang-chat-gecc-legacy.html")
    text = read_legacy_page((FIXTURES / "hang-chat-gecc-story.txt").read_bytes(), "hang-chat-gecc-story.txt")
    for s in (html, text):
        assert s.title == SEED_TITLE and s.date == datetime(2018, 5, 10, 11, 48, 27, tzinfo=BANGKOK)
        assert (s.reporter, s.editor, s.agency, s.reads) == ("นายชาญณรงค์ ปันเต", "", "ส.ปชส.ลำปาง", 185)
        assert len(s.paragraphs) == 3 and s.paragraphs[0].startswith("นายนริสชัย ป้อมเสือ")
        assert s.photos == []  # the banner <img> is the site's, above the date line
    assert html.paragraphs == text.paragraphs
    assert html.lines["date"] == 19 and html.lines["หน่วยงาน"] == 29  # lines of the saved file


def test_a_windows_874_page_reads_exactly_as_its_utf8_twin():
    """Non-ASCII beyond Thai (curly quotes, ellipsis, zero-width space) and every entity come through unchanged."""
    specials = " ".join(SPECIALS)
    writer, s = story(paragraphs=[f"ย่อหน้าแรก {specials} จบ", "ย่อหน้าที่สอง “คำพูด” — ไม่มีคำ…"], ncr=True)
    pages = {cs: writer.story_html(s, cs) for cs in CHARSETS}
    assert b"&#8203;" in pages["cp874-windows-874"] and "\u200b".encode() in pages["utf-8-utf-8"]
    assert any(b > 0x7F for b in pages["cp874-windows-874"]) and b"&#3588;" in pages["cp874-none"]
    read = {cs: read_legacy_page(data, "detail_new.php") for cs, data in pages.items()}
    for cs, got in read.items():
        assert got.paragraphs == s["paragraphs"], cs
        assert (got.title, got.reporter, got.agency, got.reads) == (s["title"], s["reporter"], s["agency_on_page"],
                                                                    s["reads"]), cs
        assert got.date == s["date"], cs
    assert "\u200b" in read["cp874-tis-620"].paragraphs[0] and '"เคาน์เตอร์เซอร์วิส"' in read["cp874-none"].paragraphs[0]


def test_photos_in_the_story_text_with_captions_and_alt_text():
    writer, s = story(paragraphs=["หนึ่ง สอง", "สาม สี่", "ห้า หก"])
    s["photo_html"] = [
        (0, '<p align="center"><img src="images/news/1_1.jpg" alt="ผู้ว่าราชการจังหวัดเปิดงาน"></p>\n'),
        (2, '<p align="center"><img src="/lampang/images/news/1_2.gif" alt="DSC_0012.JPG"><br>\n'
            '<font size="1" class="caption">บรรยากาศงาน &amp; ผู้ร่วมงาน</font></p>\n'),
        (3, '<p><img src="http://elsewhere.example/x.png"></p>\n'),
    ]
    got = read_legacy_page(writer.story_html(s, "cp874-windows-874"), "x.html")
    assert [(p.src, p.alt, p.caption, p.position) for p in got.photos] == [
        ("images/news/1_1.jpg", "ผู้ว่าราชการจังหวัดเปิดงาน", "", 0),
        ("/lampang/images/news/1_2.gif", "", "บรรยากาศงาน & ผู้ร่วมงาน", 2),  # a camera file name is no alt text
        ("http://elsewhere.example/x.png", "", "", 3)]
    assert got.paragraphs == ["หนึ่ง สอง", "สาม สี่", "ห้า หก"]  # a caption is not story text
    assert all(p.line > 1 for p in got.photos)


@pytest.mark.parametrize("text, shown", [("1,234", 1234), ("2,500,000", 2_500_000), ("๑,๒๓๔", 1234), ("0", 0),
                                         ("12 345", 12345)])
def test_read_counts_with_thousands_separators(text, shown):
    assert read_legacy_page(page(reads_text=text), "p.html").reads == shown


@pytest.mark.parametrize("mode, editor", [("name", "นางสาวบุษบา ดวงแก้ว"), ("empty", ""), ("absent", "")])
def test_with_and_without_an_editor(mode, editor):
    got = read_legacy_page(page(editor_mode=mode, editor=editor), "p.html")
    assert got.editor == editor and ("บรรณาธิการ" in got.fields_seen) == (mode != "absent")


def _failure(data: bytes, **kw) -> LegacyPageError:
    with pytest.raises(LegacyPageError) as caught:
        read_legacy_page(data, "detail_new.php", **kw)
    return caught.value


def test_a_truncated_save_fails_with_the_line_it_ends_on():
    data = page()
    cut = data[: data.index("ข่าวโดย".encode()) - 40]
    err = _failure(cut)
    assert "no ข่าวโดย/หน่วยงาน block" in str(err) and "truncated" in str(err)
    assert err.line == cut.count(b"\n") + 1


def test_a_save_cut_inside_a_utf8_character_is_not_mojibake():
    data = page()
    at = data.index("ข่าวโดย".encode()) - 200
    while data[at] < 0x80:
        at += 1
    err = _failure(data[: at + 1])  # the first byte of a Thai letter
    assert "truncated" in str(err) and "charset" not in str(err)


@pytest.mark.parametrize("changes, message, line_of", [
    ({"date_text": "31 เมษายน 2561 / 10:00:00"}, "day 31 does not exist", "echo Out"),
    ({"reads_text": "N/A"}, "read count 'อ่าน : N/A' is not a number", "อ่าน :"),
    ({"title": ""}, "no headline after the date line", None),
    ({"paragraphs": []}, "no story text after the headline", None),
])
def test_a_story_page_missing_a_part_fails_naming_it(changes, message, line_of):
    data = page(**changes)
    err = _failure(data)
    assert message in str(err)
    if line_of:
        lines = data.decode().splitlines()
        assert line_of in lines[err.line - 1]


def test_a_block_without_agency_or_with_a_field_twice_fails():
    data = page().decode()
    start = data.index("<tr><td>หน่วยงาน")
    no_agency = data[:start] + data[data.index("</tr>", start) + 5:]
    assert "has no หน่วยงาน line" in str(_failure(no_agency.encode()))
    twice = data.replace("<tr><td>อ่าน :", "<tr><td>ข่าวโดย : อีกคน</td></tr><tr><td>อ่าน :")
    assert "ข่าวโดย is given twice" in str(_failure(twice.encode()))


def test_two_stories_on_one_page_is_not_the_layout():
    one, two = page().decode(), MirrorWriter(Path("/x"), 3).story_html(MirrorWriter(Path("/x"), 3).new_story(),
                                                                       "utf-8-utf-8").decode()
    cut = one.index('<div class="line-it-button"')
    both = one[:cut] + two[two.index("echo Out"):two.index('<div class="line-it-button"')] + one[cut:]
    err = _failure(both.encode())
    assert "a second ข่าวโดย block" in str(err) and err.line > one[:cut].count("\n")


def test_charset_damage_names_the_line():
    data = bytearray(page())
    at = data.index("ข่าวโดย".encode())
    data[at:at] = b"\xff"
    err = _failure(bytes(data))
    assert "byte 0xFF is not UTF-8" in str(err) and err.line == data[:at].count(b"\n") + 1

    writer, s = story()
    cp874 = writer.story_html(s, "cp874-windows-874")
    title = s["title"].encode("cp874")
    mixed = cp874.replace(title, s["title"].encode("utf-8"), 1)
    err = _failure(mixed)
    title_line = mixed[:mixed.index(s["title"].encode())].count(b"\n") + 1
    assert "mixes charsets" in str(err) and f"UTF-8 Thai (line {title_line})" in str(err) and err.line

    bad = cp874.replace("ข่าวโดย".encode("cp874"), b"\xdb\xdc", 1)  # bytes windows-874 does not define
    assert "neither UTF-8 nor cp874" in str(_failure(bad))


def test_empty_and_binary_files_fail():
    assert "empty" in str(_failure(b"  \n"))
    assert "NUL bytes" in str(_failure(b"<html>\x00\x01"))


def test_pages_that_are_not_stories():
    login = (b'<html><body><h3>Editor Login</h3><form>Name : <input name="u"> Pass : <input type="password">'
             b'</form></body></html>')
    rows = "".join(f"<tr><td>ข่าว {n}</td><td>{n} มีนาคม 2560 / 10:00:00</td></tr>" for n in range(1, 9))
    listing = f"<html><body><table>{rows}</table></body></html>".encode("cp874")
    for data, kind in ((login, "no story parts"), (listing, "a list (8 date lines)")):
        with pytest.raises(NotAStoryPage) as caught:
            read_legacy_page(data, "list.php", story_address=False)
        assert "not a story page" in str(caught.value) and kind in str(caught.value)
        # at a story's address the same page is a failure: an unrecognised layout, never a guess
        err = _failure(data)
        assert not isinstance(err, NotAStoryPage)
    assert "none of the story parts" in str(_failure(login))


def test_a_story_page_at_another_address_is_still_read_as_a_story():
    assert read_legacy_page(page(), "print.php", story_address=False).title


def test_meaningful_alt_text():
    for useless in ("", "DSC_0012.JPG", "IMG 2041.jpeg", "image", "รูปภาพ", "ภาพ", "123"):
        assert meaningful_alt(useless) == ""
    assert meaningful_alt("  ผู้ว่าฯ  มอบผ้าห่ม ") == "ผู้ว่าฯ มอบผ้าห่ม"


def test_the_seed_text_reads_the_same_whatever_its_line_endings(tmp_path):
    data = (FIXTURES / "hang-chat-gecc-story.txt").read_bytes()
    crlf = read_legacy_page(data.replace(b"\n", b"\r\n"), "seed.txt")
    assert crlf.paragraphs == read_legacy_page(data, "seed.txt").paragraphs


def test_generated_pages_in_every_charset_read_back(tmp_path):
    """Many generated stories (random text, photos, editors, counts) read back field for field."""
    writer = MirrorWriter(tmp_path, seed=11)
    rng = random.Random(5)
    for n in range(60):
        s = writer.new_story()
        got = read_legacy_page(writer.story_html(s, rng.choice(CHARSETS)), "p.html")
        assert (got.title, got.paragraphs, got.reporter, got.editor, got.reads) == (
            s["title"], s["paragraphs"], s["reporter"], s["editor"], s["reads"]), n
