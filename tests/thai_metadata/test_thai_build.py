"""Real builds with stories written in Thai keys: the canonical contract, drafts, and every problem at once."""
from datetime import datetime

import pytest
from bs4 import BeautifulSoup
from pelican import signals

from conftest import build_site, story_text
from nuea.problems import ContentError
from nuea.registry import Agency, Province
from nuea.statuses import Status
from nuea.story import Story, Term
from nuea.thai_dates import BANGKOK

SEED_HEADER = """หัวข้อ: กฟภ.ห้างฉัตร เดินหน้ายกระดับงานบริการประชาชน เปิดศูนย์ราชการสะดวกรับการประเมินจากคณะอนุกรรมการกลาง
วันที่: 10 พฤษภาคม 2561 11:48:27
ข่าวโดย: นายชาญณรงค์ ปันเต
บรรณาธิการ:
หน่วยงาน: ส.ปชส.ลำปาง
หมวด: ข่าวภูมิภาค
ป้ายกำกับ: ศูนย์ราชการสะดวก, GECC, กฟภ., ลำไย
สรุป: คณะอนุกรรมการ **GECC** ลงพื้นที่
แก้ไขล่าสุด: ๑๑ พ.ค. ๖๑ ๐๙.๑๕ น.
"""


def thai_story(**changes):
    """A valid story in Thai keys (the issue's example); changes replace or add header lines."""
    lines = dict(line.split(":", 1) for line in SEED_HEADER.strip().splitlines())
    for key, value in changes.items():
        if value is None:
            lines.pop(key, None)
        else:
            lines[key] = " " + value
    return "".join(f"{k}:{v}\n" for k, v in lines.items()) + "\nย่อหน้าแรก\n\nย่อหน้าที่สอง\n"


class Captured:
    def __init__(self):
        self.articles, self.drafts = {}, {}

    def __call__(self, generator):
        self.articles.update({a.story.id: a for a in generator.articles})
        self.drafts.update({a.story.id: a for a in generator.drafts})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    captured = Captured()
    signals.article_generator_finalized.connect(captured)
    try:
        output = build_site(tmp_path_factory.mktemp("thai"), stories={
            "news/2561/hang-chat-gecc.md": thai_story(),
            "news/2561/ห้างฉัตร-เพิ่มเติม.md": thai_story(
                **{"หัวข้อ": "ข่าวต่อเนื่อง", "รหัส": "hang-chat-follow-up", "จังหวัด": "ลำพูน", "สถานะ": "เผยแพร่",
                   "legacy_url": "/news/detail.php?id=41237", "legacy_reads": "1,024", "หน่วยงาน": "LPG"}),
            "news/2569/draft-story.md": thai_story(**{"หัวข้อ": "ข่าวร่าง", "วันที่": "1 พ.ย. 69", "สถานะ": "ร่าง",
                                                     "แก้ไขล่าสุด": None}),
            "news/2569/english-keys.md": story_text(title="English keys story", date="20/11/2569 10:30",
                                                    status="published"),
            "pages/about.md": "หัวข้อ: เกี่ยวกับเรา\nslug: about\n\nสำนักประชาสัมพันธ์เขต 3\n",
        })
    finally:
        signals.article_generator_finalized.disconnect(captured)
    return output, captured


def test_article_carries_the_canonical_contract(built):
    _, captured = built
    a = captured.articles["hang-chat-gecc"]
    story = a.story  # the one typed contract every plugin reads
    assert isinstance(story, Story) and story.id == "hang-chat-gecc"
    assert a.slug == "hang-chat-gecc" and a.url == "news/hang-chat-gecc/"
    assert story.date == datetime(2018, 5, 10, 11, 48, 27, tzinfo=BANGKOK) and story.date.utcoffset().seconds == 25200
    assert story.modified == datetime(2018, 5, 11, 9, 15, tzinfo=BANGKOK) == a.modified
    assert story.title.startswith("กฟภ.ห้างฉัตร") and story.reporter == "นายชาญณรงค์ ปันเต" and story.editor == ""
    assert isinstance(story.agency, Agency) and str(story.agency) == "ส.ปชส.ลำปาง"
    assert story.agency.slug == "prd-lampang"
    assert story.province == Province("ลำปาง", "lampang")  # from the agency
    assert story.section == Term("ข่าวภูมิภาค", "regional")
    assert (a.category.name, a.category.slug) == ("ข่าวภูมิภาค", "regional")
    # THAI_SLUGS maps both ศูนย์ราชการสะดวก and GECC to gecc: one tag; ลำไย is mapped, nothing is unidecoded
    assert [(t.name, t.slug) for t in story.tags] == [("ศูนย์ราชการสะดวก", "gecc"), ("กฟภ.", "pea"), ("ลำไย", "longan")]
    assert [(t.name, t.slug) for t in a.tags] == [(t.name, t.slug) for t in story.tags]
    assert story.summary == "คณะอนุกรรมการ **GECC** ลงพื้นที่"  # as written; the HTML is Pelican's summary
    assert a.summary == "<p>คณะอนุกรรมการ <strong>GECC</strong> ลงพื้นที่</p>"
    assert story.legacy_reads == 0 and story.legacy_urls == () and story.status is Status.PUBLISHED
    assert story.image == "" and a.status == "published"
    assert story.body == "ย่อหน้าแรก\n\nย่อหน้าที่สอง"


def test_id_province_and_legacy_fields(built):
    output, captured = built
    story = captured.articles["hang-chat-follow-up"].story  # Thai file name, รหัส gives the id
    assert story.province == Province("ลำพูน", "lamphun")
    assert story.legacy_urls == ("/news/detail.php?id=41237",) and story.legacy_reads == 1024
    assert story.agency.code == "LPG"
    assert (output / "news" / "hang-chat-follow-up" / "index.html").is_file()
    english = captured.articles["english-keys"]
    assert english.story.date == datetime(2026, 11, 20, 10, 30, tzinfo=BANGKOK)  # day-first, BE year
    assert english.story.modified is None and english.modified == english.date


def test_draft_is_only_a_preview(built):
    output, captured = built
    assert "draft-story" in captured.drafts and "draft-story" not in captured.articles
    assert (output / "drafts" / "draft-story" / "index.html").is_file()
    assert not (output / "news" / "draft-story").exists()
    assert "ข่าวร่าง" not in (output / "index.html").read_text(encoding="utf-8")


def test_story_page_shows_thai_dates_with_iso_datetime(built):
    output, _ = built
    page = BeautifulSoup((output / "news" / "hang-chat-gecc" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    time = page.select_one(".story-dateline time")
    assert time["datetime"] == "2018-05-10T11:48:27+07:00"
    assert time.get_text(strip=True) == "10 พฤษภาคม 2561 / 11:48 น."
    assert (output / "about" / "index.html").is_file()  # a page with a Thai key


def test_thai_digits_setting(tmp_path):
    output = build_site(tmp_path, stories={"news/2561/hang-chat-gecc.md": thai_story()}, settings={"THAI_DIGITS": True})
    page = (output / "news" / "hang-chat-gecc" / "index.html").read_text(encoding="utf-8")
    assert "๑๐ พฤษภาคม ๒๕๖๑" in page and 'datetime="2018-05-10T11:48:27+07:00"' in page


def test_every_problem_is_reported_at_once(tmp_path):
    stories = {
        "news/2561/bad-date.md": thai_story(**{"วันที่": "31 เมษายน 2561"}),
        "news/2561/no-title.md": thai_story(**{"หัวข้อ": None}),
        "news/2561/no-date.md": thai_story(**{"วันที่": None}),
        "news/2561/bad-agency.md": thai_story(**{"หน่วยงาน": "ส.ปชส.ลำปน"}),
        "news/2561/ข่าวไทย.md": thai_story(),
        "news/2561/typo-key.md": thai_story(**{"ป้ายกำกบ": "x"}),
        "news/2561/hang-chat-gecc.md": thai_story(),
        "news/2562/again.md": thai_story(**{"รหัส": "hang-chat-gecc", "วันที่": "1 ม.ค. 62", "แก้ไขล่าสุด": None}),
        "news/2561/bad-status.md": thai_story(**{"สถานะ": "รอ"}),
        "news/2561/wrong-year.md": thai_story(**{"วันที่": "10 พ.ค. 2562", "แก้ไขล่าสุด": None}),
        "news/2561/no-image.md": thai_story(**{"ภาพ": "images/2561/05/missing.jpg"}),
        "news/2561/good.md": thai_story(),  # fine, but the build still fails
    }
    with pytest.raises(ContentError) as failure:
        build_site(tmp_path, stories=stories)
    text = str(failure.value)
    expected = [
        "content/news/2561/bad-date.md:2: วันที่ (date): day 31 does not exist in เมษายน 2561 (it has 30 days) "
        "(value: '31 เมษายน 2561')",
        "content/news/2561/no-title.md:1: หัวข้อ (title): is required but missing",
        "content/news/2561/no-date.md:1: วันที่ (date): is required but missing",
        "content/news/2561/bad-agency.md:5: หน่วยงาน (agency): unknown agency (not in agencies.toml); did you mean "
        "ส.ปชส.ลำพูน, ส.ปชส.ลำปาง",
        "content/news/2561/ข่าวไทย.md:1: รหัส (id): the file name 'ข่าวไทย' is not an ASCII id; add a line 'รหัส:",
        "content/news/2561/typo-key.md:10: header: unknown key 'ป้ายกำกบ'; did you mean ป้ายกำกับ? (value: 'x')",
        "content/news/2562/again.md:1: รหัส (id): story id 'hang-chat-gecc' is also used by "
        "content/news/2561/hang-chat-gecc.md",
        "content/news/2561/bad-status.md:10: สถานะ (status): unknown status; use one of ร่าง (draft), รอตรวจ (submitted), "
        "ตั้งเวลา (scheduled), เผยแพร่ (published), ถอนแล้ว (withdrawn) (value: 'รอ')",
        "content/news/2561/wrong-year.md:2: วันที่ (date): the story is in folder 2561/ but its year is 2562",
        "content/news/2561/no-image.md:10: ภาพ (image): file not found",
    ]
    for line in expected:
        assert line in text, line
    assert len(failure.value.problems) == len(expected), text
