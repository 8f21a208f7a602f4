"""The story file an old page becomes: old text kept literal through Markdown, photos and addresses in the header."""
from datetime import datetime
from html.parser import HTMLParser

import pytest
from markdown import Markdown
from pelican.settings import DEFAULT_CONFIG

from legacy_import.story_file import PlacedPhoto, escape_markdown, imported_story, photo_markdown, story_file_text
from legacy_import.story_page import LegacyStory
from nuea.header import parse_header
from nuea.keys import canonical_key
from nuea.story import read_story, section_term, write_story
from nuea.thai_dates import BANGKOK

OLD_TEXT = ['ราคา "พิเศษ" 1,000 บาท & ส่วนลด <10%> *ดาว* _ขีด_ [วงเล็บ] `โค้ด` \\ ทับ &amp; เอนทิตี &#3585;',
            "1. ไม่ใช่รายการ", "# ไม่ใช่หัวข้อ", "- ไม่ใช่รายการ", "+ ไม่ใช่", "> ไม่ใช่คำอ้าง", "ศูนย์\u200bราชการ",
            "ข้อความ {: .class} หมายเหตุ[^1] | ก | ข |", "*[HTML]: ไม่ใช่คำย่อ"]


def site_markdown(text: str) -> str:
    """Markdown as the site's reader converts stories (Pelican's MARKDOWN setting, without meta)."""
    config = dict(DEFAULT_CONFIG["MARKDOWN"])
    config["extension_configs"] = {k: v for k, v in config["extension_configs"].items() if not k.endswith("meta")}
    return Markdown(extensions=list(config["extension_configs"]), **config).convert(text)


class _Img(HTMLParser):
    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.attrs = dict(attrs)


@pytest.mark.parametrize("text", OLD_TEXT)
def test_old_text_renders_exactly_as_it_was(text):
    html = site_markdown(escape_markdown(text))
    assert html.startswith("<p>") and html.endswith("</p>")
    import html as html_module

    assert html_module.unescape(html[3:-4]) == text


@pytest.mark.parametrize("alt, caption", [('ผู้ว่าฯ "มอบ" [ผ้าห่ม] & <ของ>', ""), ("", 'งาน "ลำไย" & ของดี'),
                                          ("ภาพ `a` \\ b", "คำ]บรรยาย")])
def test_a_body_photo_keeps_its_alt_text_and_caption(alt, caption):
    parser = _Img()
    parser.feed(site_markdown(photo_markdown(PlacedPhoto("images/2561/05/x-2.png", alt, caption, 1))))
    assert parser.attrs["src"] == "/images/2561/05/x-2.png"
    assert parser.attrs["alt"] == (alt or caption)
    assert parser.attrs.get("title") == (caption or None)


@pytest.fixture(scope="module")
def ctx():
    from nuea.registry import load_registry
    from nuea.story import StoryContext

    from .conftest import ROOT

    return StoryContext(registry=load_registry(ROOT / "content" / "agencies.toml"))


def old_page(**changes) -> LegacyStory:
    fields = dict(title="หัวข้อ  ข่าว", date=datetime(2018, 5, 10, 11, 48, 27, tzinfo=BANGKOK),
                  paragraphs=["หนึ่ง", "สอง", "สาม"], reporter="นาย ก", editor="", agency="สปจ.ลำปาง", reads=12345)
    return LegacyStory(**{**fields, **changes})


def test_the_story_file_carries_every_field_and_every_old_address(ctx):
    lead = PlacedPhoto("images/2561/05/lpg-1.jpg", "ภาพประกอบข่าว: หัวข้อ ข่าว")
    body = [PlacedPhoto("images/2561/05/lpg-1-2.png", "", "คำบรรยาย", 0),
            PlacedPhoto("images/2561/05/lpg-1-3.jpg", "ข", "", 2),
            PlacedPhoto("images/2561/05/lpg-1-4.jpg", "ค", "", 2)]
    agency = ctx.registry.find_agency("สปจ.ลำปาง")
    story = imported_story(old_page(), story_id="lpg-1", agency=agency, source_path="content/news/2561/lpg-1.md",
                           legacy_urls=["/lampang/detail_new.php?id=1", "/lampang/detail.php?id=1"],
                           section=section_term("ข่าวภูมิภาค", ctx.slugger), lead=lead, body_photos=body)
    text, problems = story_file_text(story, ctx)
    assert problems == [] and text == write_story(story)  # the core's writer, read back the same
    assert read_story(text, story.source_path, ctx).story == story
    header = parse_header(text)
    fields = {f.key: f.value for f in header.fields}
    assert fields["ที่อยู่เดิม"] == "/lampang/detail_new.php?id=1, /lampang/detail.php?id=1"
    assert fields["ยอดอ่านเดิม"] == "12345" and fields["หน่วยงาน"] == "ส.ปชส.ลำปาง"  # the alias became the abbreviation
    assert fields["คำอธิบายภาพ"] == "ภาพประกอบข่าว: หัวข้อ ข่าว" and "คำบรรยายภาพ" not in fields
    assert fields["หัวข้อ"] == "หัวข้อ ข่าว" and fields["วันที่"] == "10 พฤษภาคม 2561 11:48:27"
    assert {canonical_key(k) for k in fields} >= {"legacy_url", "legacy_reads", "image", "id"}
    blocks = header.body.strip().split("\n\n")
    assert [b[:2] for b in blocks] == ["![", "หน", "สอ", "![", "![", "สา"]  # photos where the page had them
    assert "lpg-1-3" in blocks[3] and "lpg-1-4" in blocks[4]


def test_a_story_that_would_not_build_is_a_problem_never_a_file(ctx):
    agency = ctx.registry.find_agency("ส.ปชส.ลำปาง")
    story = imported_story(old_page(reporter="  "), story_id="lpg-2", agency=agency,
                           source_path="content/news/2561/lpg-2.md", legacy_urls=["ftp://old/x"])
    _, problems = story_file_text(story, ctx)
    assert {p.field for p in problems} == {"ข่าวโดย (reporter)", "ที่อยู่เดิม (legacy_url)"}
