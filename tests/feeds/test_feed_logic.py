"""The pure parts: text cleaning, absolute HTML, which feeds exist, and the feed documents themselves."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
import pytest
from lxml import etree
from spec_check import RFC822, atom_problems, rss_problems
from story_records import AUTHORITY, entries, make_story

from nuea.story import Term
from plugins.feeds.absolute_html import absolutize_html
from plugins.feeds.build_feed import Channel, build_feed
from plugins.feeds.catalog import FeedInputError, plan_feeds
from plugins.feeds.kinds import FEED_KINDS
from plugins.feeds.xml_text import strip_forbidden_chars

BKK = ZoneInfo("Asia/Bangkok")
CHANNEL = Channel("https://news.example.go.th", "ข่าวภาคเหนือตอนบน", "สำนักประชาสัมพันธ์เขต 3", "th",
                  "https://news.example.go.th/feeds/logo.png", "https://news.example.go.th/feeds/logo-wide.png",
                  AUTHORITY)
PAGES = {"province": "province/{slug}/", "agency": "agency/{slug}/", "section": "category/{slug}/",
         "tag": "tag/{slug}/"}


def plan(stories, with_tags=True, **kw):
    args = dict(max_items=50, site_name=CHANNEL.site_name, site_description="ข่าวประชาสัมพันธ์", page_paths=PAGES)
    args.update(kw)
    kinds = tuple(k for k in FEED_KINDS if with_tags or k.name != "tag")
    return plan_feeds(stories, kinds, **args)


def feed(spec, stories, fmt, url, xsl=""):
    return build_feed(spec, entries(spec, stories), CHANNEL, fmt, url, xsl)


def the(specs, kind, slug):
    return next(s for s in specs if s.kind == kind and s.term.slug == slug)


def test_forbidden_chars_are_removed_and_named():
    text, removed = strip_forbidden_chars("ข่าว\x0bวันนี้\x01\tok\n\x85")
    assert text == "ข่าววันนี้\tok\n"
    assert removed == ["U+000B", "U+0001", "U+0085"]
    assert strip_forbidden_chars("ภาษาไทย ✓") == ("ภาษาไทย ✓", [])


def test_absolutize_html_resolves_links_images_and_srcset():
    html = ('นำ <p><a href="../other/">อื่น</a> <a href="#top">บน</a> <img src="/images/a.jpg" '
            'srcset="/images/a-480.jpg 480w, b.jpg 2x"></p><a href="mailto:x@y.th">mail</a> ท้าย')
    out = absolutize_html(html, "https://n.go.th/news/abc/")
    assert out.startswith("นำ <p>")
    assert 'href="https://n.go.th/news/other/"' in out
    assert 'href="#top"' in out and 'href="mailto:x@y.th"' in out
    assert 'src="https://n.go.th/images/a.jpg"' in out
    assert 'srcset="https://n.go.th/images/a-480.jpg 480w, https://n.go.th/news/abc/b.jpg 2x"' in out
    assert out.endswith(" ท้าย")


def test_plan_makes_one_feed_per_group_newest_first():
    a = make_story("a", published=datetime(2024, 1, 1, tzinfo=BKK), updated=datetime(2024, 1, 1, tzinfo=BKK))
    b = make_story("b", province=Term("เชียงใหม่", "chiangmai"), published=datetime(2024, 2, 1, tzinfo=BKK),
                   updated=datetime(2024, 3, 1, tzinfo=BKK), tags=())
    specs = plan([a, b])
    keys = [(s.kind, s.term.slug) for s in specs]
    assert keys == [("all", "all"), ("province", "chiangmai"), ("province", "lampang"), ("agency", "prd-lampang"),
                    ("section", "general"), ("tag", "gecc")]
    assert the(specs, "all", "all").story_ids == ("b", "a")
    assert the(specs, "province", "lampang").story_ids == ("a",)
    assert the(specs, "all", "all").newest_update == datetime(2024, 3, 1, tzinfo=BKK)
    assert the(specs, "province", "lampang").path("feeds", "rss") == "feeds/province/lampang.rss.xml"
    assert the(specs, "all", "all").path("feeds", "atom") == "feeds/all.atom.xml"
    assert the(specs, "section", "general").page_path == "category/general/"
    assert ("tag", "gecc") not in [(s.kind, s.term.slug) for s in plan([a, b], with_tags=False)]


def test_newest_n_only():
    stories = [make_story(f"s{i}", published=datetime(2024, 1, 1, tzinfo=BKK) + timedelta(days=i)) for i in range(7)]
    specs = plan(stories, max_items=3)
    assert the(specs, "all", "all").story_ids == ("s6", "s5", "s4")
    with pytest.raises(FeedInputError, match="FEEDS_MAX_ITEMS"):
        plan(stories, max_items=0)


def test_non_ascii_slug_fails_naming_the_file():
    bad = make_story("x", section=Term("ข่าวทั่วไป", "ข่าว"))
    with pytest.raises(FeedInputError, match=r"content/news/2561/x\.md: section 'ข่าวทั่วไป'"):
        plan([bad])


@pytest.fixture
def two_stories():
    first = make_story("hang-chat-gecc")
    corrected = make_story(
        "lamphun-flood", title="ลำพูนเตรียมรับมือน้ำหลาก (แก้ไข)", province=Term("ลำพูน", "lamphun"),
        published=datetime(2018, 5, 11, 9, 5, tzinfo=BKK), updated=datetime(2018, 5, 12, 16, 30, tzinfo=BKK),
        photo=None, reporter="",
    )
    return [first, corrected]


def test_rss_document(two_stories):
    spec = the(plan(two_stories), "all", "all")
    xml = feed(spec, two_stories, "rss", "https://news.example.go.th/feeds/all.rss.xml", "feed.xsl")
    assert rss_problems(xml) == []
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.get("bozo_exception")
    channel_data = parsed.feed
    assert channel_data.title == "ข่าวภาคเหนือตอนบน" and channel_data.language == "th"
    assert channel_data.publisher == "สำนักประชาสัมพันธ์เขต 3"
    assert channel_data.image.href == "https://news.example.go.th/feeds/logo.png"
    assert (channel_data.image.width, channel_data.image.height) == (144, 144)  # readers assume 88×31 otherwise
    assert channel_data.link == "https://news.example.go.th/"  # the page the feed follows, not the feed itself
    root = etree.fromstring(xml)
    channel = root.find("channel")
    assert channel.findtext("lastBuildDate") == "Sat, 12 May 2018 16:30:00 +0700"  # the newest update
    assert channel.findtext("generator") == "python-feedgen"
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link.get("rel") == "self" and self_link.get("href").endswith("/feeds/all.rss.xml")
    newest, older = parsed.entries
    assert newest.title == "ลำพูนเตรียมรับมือน้ำหลาก (แก้ไข)"
    # ids never contain the site's address: moving to another domain keeps them (RFC 4151 tag: URIs)
    assert newest.id == "tag:region3.prd.go.th,2026:story/lamphun-flood"
    assert newest.link == "https://news.example.go.th/news/lamphun-flood/"
    assert channel.find("item/guid").get("isPermaLink") == "false"
    assert "author" not in newest and not newest.get("enclosures")
    assert older.author == "นายชาญณรงค์ ปันเต"
    assert [t.term for t in older.tags] == ["สำนักงานประชาสัมพันธ์จังหวัดลำปาง", "ข่าวทั่วไป"]
    assert older.summary == "ผู้ตรวจราชการฯ ตรวจประเมินศูนย์ราชการสะดวก"
    assert older.content[0].value.startswith("<p>เนื้อข่าว")
    assert older.enclosures[0].href.endswith("/images/2561/05/x.jpg")
    assert older.enclosures[0].length == "12345" and older.enclosures[0].type == "image/jpeg"
    assert older.media_content[0]["filesize"] == "12345"
    assert older.media_thumbnail[0]["url"].endswith("/images/2561/05/x.jpg")
    items = channel.findall("item")
    assert [RFC822.match(i.findtext("pubDate")) is not None for i in items] == [True, True]
    assert items[1].findtext("pubDate") == "Thu, 10 May 2018 11:48:27 +0700"


def test_atom_document(two_stories):
    spec = the(plan(two_stories), "province", "lamphun")
    xml = feed(spec, two_stories, "atom", "https://news.example.go.th/feeds/province/lamphun.atom.xml",
               "../feed.xsl")
    assert atom_problems(xml) == []
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "ข่าวจังหวัดลำพูน · ข่าวภาคเหนือตอนบน"
    assert parsed.feed.language == "th"
    assert parsed.feed.author == "สำนักประชาสัมพันธ์เขต 3"
    assert parsed.feed.id == "tag:region3.prd.go.th,2026:feeds/province/lamphun"
    root = etree.fromstring(xml)
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.findtext(f"{atom}logo") == "https://news.example.go.th/feeds/logo-wide.png"  # 2:1 (RFC 4287)
    assert root.findtext(f"{atom}icon") == "https://news.example.go.th/feeds/logo.png"  # square
    (entry,) = parsed.entries
    assert entry.id == "tag:region3.prd.go.th,2026:story/lamphun-flood"
    assert entry.published == "2018-05-11T09:05:00+07:00"
    assert entry.updated == "2018-05-12T16:30:00+07:00"
    assert parsed.feed.updated == "2018-05-12T16:30:00+07:00"
    assert entry.link == "https://news.example.go.th/news/lamphun-flood/"
    assert parsed.feed.link == "https://news.example.go.th/province/lamphun/"
    assert b'<?xml-stylesheet type="text/xsl" href="../feed.xsl"?>' in xml
    assert entry.summary == "ผู้ตรวจราชการฯ ตรวจประเมินศูนย์ราชการสะดวก"
    assert entry.content[0].type == "text/html" and entry.content[0].value.startswith("<p>เนื้อข่าว")


def test_atom_entry_links_keep_rel_type_and_length():
    # feedgen 1.0.0 alone would write two bare <link href> (both "alternate"); see feeds/atom_links.py
    stories = [make_story("with-photo")]
    xml = feed(the(plan(stories), "all", "all"), stories, "atom", "https://news.example.go.th/feeds/all.atom.xml")
    assert atom_problems(xml) == []
    links = etree.fromstring(xml).findall("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}link")
    assert sorted((link.get("rel"), link.get("type"), link.get("length")) for link in links) == [
        ("alternate", "text/html", None), ("enclosure", "image/jpeg", "12345")]
    entry = feedparser.parse(xml).entries[0]
    assert entry.link == "https://news.example.go.th/news/with-photo/"
    assert entry.enclosures[0].length == "12345"


def test_same_input_same_bytes_and_headline_fix_keeps_guid():
    stories = [make_story("same")]
    spec = the(plan(stories), "all", "all")
    first = feed(spec, stories, "rss", "https://x/feeds/all.rss.xml")
    assert first == feed(spec, stories, "rss", "https://x/feeds/all.rss.xml")
    fixed = [make_story("same", title="หัวข้อที่แก้แล้ว")]
    parsed = feedparser.parse(feed(the(plan(fixed), "all", "all"), fixed, "rss", "https://x/feeds/all.rss.xml"))
    assert parsed.entries[0].id == feedparser.parse(first).entries[0].id


def test_ids_survive_a_domain_change():
    stories = [make_story("moving")]
    spec = the(plan(stories), "all", "all")
    before = feedparser.parse(feed(spec, stories, "atom", "https://old.example/feeds/all.atom.xml"))
    moved = replace(CHANNEL, site_url="https://new.example.go.th")
    after = feedparser.parse(build_feed(spec, entries(spec, stories), moved, "atom",
                                        "https://new.example.go.th/feeds/all.atom.xml"))
    assert before.feed.id == after.feed.id and before.entries[0].id == after.entries[0].id
