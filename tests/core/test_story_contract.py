"""The story contract: read(write(story)) == story for every field, and which problems stop a build."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from nuea.registry import load_registry
from nuea.reporters import reporter_slug
from nuea.slugs import Slugger
from nuea.statuses import Status
from nuea.story import GalleryPhoto, Story, StoryContext, Term, read_story, write_story
from nuea.thai_dates import BANGKOK, BE_OFFSET

REGISTRY = load_registry(ROOT / "content" / "agencies.toml")
SLUGS = {"ข่าวภูมิภาค": "regional", "เกษตร": "agriculture", "ลำไย": "longan", "กาแฟ": "coffee", "ไฟป่า": "forest-fire"}
CONTEXT = StoryContext(registry=REGISTRY, slugger=Slugger(SLUGS))  # no photo files checked: content_root None

thai_words = st.sampled_from(["ข่าว", "ลำปาง", "ศูนย์ราชการสะดวก", "กฟภ.", "ห้างฉัตร", "ประชาชน", "ผู้ว่าราชการจังหวัด",
                              "น้ำท่วม", "๒๕๖๙", "PM2.5", "GECC", "ร้อยละ 50", "(แก้ไข)", "“คำพูด”", "ชั้นปี่ห้"])
line = st.lists(thai_words, min_size=1, max_size=8).map(" ".join)
optional_line = st.one_of(st.just(""), line)
paragraph = st.lists(thai_words, min_size=1, max_size=30).map(" ".join)
moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 12, 31),
                       timezones=st.just(BANGKOK)).map(lambda d: d.replace(microsecond=0))
ascii_id = st.from_regex(r"[a-z0-9]{1,10}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)
terms = st.sampled_from([Term(name, slug) for name, slug in SLUGS.items()] + [Term("GECC", "gecc")])
legacy = st.sampled_from(["/news/detail.php?id=41236", "/lampang/detail_new.php?id=7&cat=2",
                          "http://www.prd3.go.th/news/show.php?id=185", "/ข่าว/เก่า.html"])


@st.composite
def stories(draw) -> Story:
    agency = draw(st.sampled_from(REGISTRY.agencies))
    date = draw(moments)
    corrected = draw(st.booleans())
    sid = draw(ascii_id)
    tags = draw(st.lists(terms, max_size=4, unique_by=lambda t: t.slug))
    reporter = draw(st.one_of(line, st.sampled_from(["นายชาญณรงค์ ปันเต", "นางสาว สมศรี ใจดี", "ว่าที่ร.ต. ดร.สมชาย"])))
    captions = st.tuples(line, optional_line) | st.tuples(st.just(""), line)  # alt text: caption or its own
    gallery = draw(st.lists(st.tuples(st.integers(1, 40), captions), max_size=4, unique_by=lambda p: p[0]))
    return Story(
        id=sid, title=draw(line), date=date, reporter=reporter, agency=agency,
        reporter_slug=reporter_slug(reporter, REGISTRY, CONTEXT.slugger),
        gallery=tuple(GalleryPhoto(f"images/gallery/{sid}-{n}.jpg", caption, alt) for n, (caption, alt) in gallery),
        province=draw(st.sampled_from([agency.home_province, *REGISTRY.provinces])),
        body="\n\n".join(draw(st.lists(paragraph, max_size=4))),
        modified=date + timedelta(minutes=draw(st.integers(1, 10**5))) if corrected else None,
        editor=draw(optional_line), section=draw(st.one_of(st.none(), terms)), tags=tuple(tags),
        image=draw(st.sampled_from(["", f"images/{date.year + BE_OFFSET}/{date.month:02d}/{sid}.jpg"])),
        image_caption=draw(optional_line), image_alt=draw(optional_line),
        summary="\n".join(draw(st.lists(line, max_size=3))), status=draw(st.sampled_from(list(Status))),
        correction=draw(optional_line) if corrected else "",
        legacy_urls=tuple(draw(st.lists(legacy, max_size=3, unique=True))),
        legacy_reads=draw(st.integers(0, 10**7)),
        source_path=f"content/news/{date.year + BE_OFFSET}/{sid}.md",
    )


@settings(max_examples=300, deadline=None)
@given(story=stories())
def test_read_of_write_is_the_same_story(story):
    text = write_story(story)
    check = read_story(text, story.source_path, CONTEXT)
    assert check.problems == [], text
    assert check.story == story, text
    assert check.story.reporter_slug == story.reporter_slug  # derived, not compared by ==
    assert write_story(check.story) == text  # and the text is stable


@settings(max_examples=50, deadline=None)
@given(story=stories())
def test_template_form_reads_back_too(story):
    assert read_story(write_story(story, template=True), story.source_path, CONTEXT).story == story


def test_the_written_file_is_thai_and_in_canonical_order():
    agency = REGISTRY.find_agency("ส.ปชส.ลำปาง")
    story = Story(id="hang-chat-gecc", title="กฟภ.ห้างฉัตร เปิดศูนย์ราชการสะดวก", date=datetime(2018, 5, 10, 11, 48, 27,
                  tzinfo=BANGKOK), reporter="นายชาญณรงค์ ปันเต", agency=agency, province=agency.home_province,
                  body="ย่อหน้าแรก\n\nย่อหน้าที่สอง", legacy_urls=("/news/detail.php?id=41236", "/lampang/detail.php?id=1"),
                  legacy_reads=185, status=Status.SCHEDULED)
    assert write_story(story) == (
        "หัวข้อ: กฟภ.ห้างฉัตร เปิดศูนย์ราชการสะดวก\nวันที่: 10 พฤษภาคม 2561 11:48:27\nข่าวโดย: นายชาญณรงค์ ปันเต\n"
        "บรรณาธิการ:\nหน่วยงาน: ส.ปชส.ลำปาง\nจังหวัด: ลำปาง\nรหัส: hang-chat-gecc\nสถานะ: ตั้งเวลา\n"
        "ที่อยู่เดิม: /news/detail.php?id=41236, /lampang/detail.php?id=1\nยอดอ่านเดิม: 185\n\n"
        "ย่อหน้าแรก\n\nย่อหน้าที่สอง\n")


def test_old_addresses_one_or_several_lines():
    text = ("หัวข้อ: ก\nวันที่: 1 ธันวา 2569\nข่าวโดย: ข\nหน่วยงาน: LPG\nที่อยู่เดิม: /a.php?id=1, /b.php?id=1\n"
            "legacy_url: /c.php?id=1\nที่อยู่เดิม: /a.php?id=1\n\nเนื้อข่าว\n")
    story = read_story(text, "content/news/2569/x.md", CONTEXT).story
    assert story.legacy_urls == ("/a.php?id=1", "/b.php?id=1", "/c.php?id=1")
    assert story.date == datetime(2026, 12, 1, tzinfo=BANGKOK)  # the colloquial month name


NOW = datetime(2026, 12, 1, 12, 0, tzinfo=BANGKOK)
PAST, FUTURE = "1 พ.ย. 2569", "1 ม.ค. 2570"


@pytest.mark.parametrize("status, date, blocks", [
    ("เผยแพร่", PAST, True),  # a live story with a problem stops the build
    ("ตั้งเวลา", PAST, True),  # due: it is live
    ("ตั้งเวลา", FUTURE, False),  # not yet: listed only
    ("เผยแพร่", FUTURE, False),  # a published story dated in the future waits like a scheduled one
    ("ร่าง", PAST, False),
    ("รอตรวจ", PAST, False),
    ("ถอนแล้ว", PAST, False),
    ("ไม่รู้จัก", PAST, True),  # an unreadable status might be live
    ("เผยแพร่", "31 ก.พ. 2569", True),  # an unreadable date might be due
    ("ร่าง", "31 ก.พ. 2569", False),
])
def test_which_problems_stop_the_build(status, date, blocks):
    text = f"หัวข้อ: ก\nวันที่: {date}\nข่าวโดย: ข\nหน่วยงาน: ส.ปชส.ลำปน\nสถานะ: {status}\n\nเนื้อข่าว\n"
    folder = "2570" if date == FUTURE else "2569"
    check = read_story(text, f"content/news/{folder}/x.md", CONTEXT)
    assert check.problems and check.story is None
    assert check.blocks_build(NOW) is blocks


@pytest.mark.parametrize("status, date, live", [
    (Status.PUBLISHED, NOW, True), (Status.SCHEDULED, NOW - timedelta(seconds=1), True),
    (Status.SCHEDULED, NOW + timedelta(seconds=1), False), (Status.PUBLISHED, NOW + timedelta(days=1), False),
    (Status.DRAFT, NOW, False), (Status.SUBMITTED, NOW, False), (Status.WITHDRAWN, NOW, False),
])
def test_what_is_live(status, date, live):
    agency = REGISTRY.agencies[0]
    story = Story(id="x", title="ก", date=date, reporter="ข", agency=agency, province=agency.home_province,
                  status=status)
    assert story.is_live(NOW) is live


@pytest.mark.parametrize("text, status", [
    ("ร่าง", Status.DRAFT), ("draft", Status.DRAFT), ("รอตรวจ", Status.SUBMITTED), ("ตั้งเวลา", Status.SCHEDULED),
    ("เผยแพร่", Status.PUBLISHED), ("เผยแพร่แล้ว", Status.PUBLISHED), ("Published", Status.PUBLISHED),
    ("ถอนแล้ว", Status.WITHDRAWN), ("withdrawn", Status.WITHDRAWN), ("รอ", None), ("", None),
])
def test_status_words(text, status):
    assert Status.parse(text) is status
