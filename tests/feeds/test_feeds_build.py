"""Feeds from a real Pelican build: every file parses, fields are right, groups are right, rebuilds are stable."""
from __future__ import annotations

import io
import logging
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from PIL import Image
from spec_check import atom_problems, rss_problems

from conftest import build_site, story_text

LOCAL_SITEURL = "https://nuea-news.example.go.th"


def jpeg(color) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (64, 40), color).save(buf, "JPEG")
    return buf.getvalue()


STORIES = {
    "images/2569/11/gecc.jpg": jpeg("red"),
    "images/2569/11/inline.jpg": jpeg("blue"),
    "news/2569/hang-chat-gecc.md": story_text(
        image_caption="คณะอนุกรรมการ <GECC> ตรวจประเมิน",
        title="กฟภ.ห้างฉัตร เดินหน้ายกระดับงานบริการประชาชน เปิดศูนย์ราชการสะดวก",
        date="2026-11-20 11:48:27",
        reporter="นายชาญณรงค์ ปันเต",
        agency="ส.ปชส.ลำปาง",
        summary="ผู้ตรวจราชการสำนักนายกรัฐมนตรี ตรวจประเมินศูนย์ราชการสะดวก (GECC)",
        image="images/2569/11/gecc.jpg",
        body='ย่อหน้าแรก <a href="/news/cm-coffee/">ข่าวกาแฟ</a>\n\n![ภาพในข่าว](/images/2569/11/inline.jpg)',
    ),
    "news/2569/cm-coffee.md": story_text(
        title="เชียงใหม่ส่งเสริมกาแฟดอยช้าง", agency="สปข.3", date="2026-11-21 09:00",
        category="เกษตร", tags="กาแฟ, เกษตรกร",
    ),
    "news/2569/lampang-word-paste.md": story_text(
        title="ลำปาง\x0bจัดงาน\x01รถม้า", date="2026-11-19 08:00", summary="สรุป\x08ข่าว",
        body="ย่อหน้า\x0bแรก จาก Word\x1f",
    ),
    "news/2569/lampang-draft.md": story_text(title="ร่างข่าว", status="draft", date="2026-11-22 08:00"),
    "news/2642/lampang-future.md": story_text(title="ข่าวล่วงหน้า", date="2099-01-01 08:00"),
}
PROVINCE_OF = {"hang-chat-gecc": "lampang", "cm-coffee": "chiangmai", "lampang-word-paste": "lampang"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("feeds-site")
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger().addHandler(handler)
    try:
        out = build_site(tmp, stories=STORIES, settings={"LOCAL_SITEURL": LOCAL_SITEURL})
    finally:
        logging.getLogger().removeHandler(handler)
    return tmp, out, [r.getMessage() for r in records if r.levelno >= logging.WARNING]


def feed_files(out: Path) -> list[Path]:
    return sorted((out / "feeds").rglob("*.xml"))


def parse(path: Path):
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
    return parsed


def entry_id(entry) -> str:
    return entry.id.rstrip("/").rsplit("/", 1)[-1]


def test_every_feed_parses_and_meets_its_spec(site):
    _, out, _ = site
    files = feed_files(out)
    names = {str(p.relative_to(out / "feeds")) for p in files}
    for expected in ("all.rss.xml", "all.atom.xml", "province/lampang.rss.xml", "province/chiangmai.atom.xml",
                     "agency/prd-lampang.rss.xml", "agency/prd3.atom.xml"):
        assert expected in names
    assert any(n.startswith("section/") for n in names) and any(n.startswith("tag/") for n in names)
    for path in files:
        parse(path)
        check = rss_problems if path.name.endswith(".rss.xml") else atom_problems
        problems = check(path.read_bytes())
        assert problems == [], f"{path}: {problems}"
        assert path.name.isascii()


def test_entry_fields_dates_and_thai_round_trip(site):
    _, out, _ = site
    for fmt in ("rss", "atom"):
        parsed = parse(out / f"feeds/all.{fmt}.xml")
        assert parsed.feed.title == "ข่าวภาคเหนือตอนบน"
        assert parsed.feed.language == "th"
        assert [entry_id(e) for e in parsed.entries] == ["cm-coffee", "hang-chat-gecc", "lampang-word-paste"]
        entry = parsed.entries[1]
        assert entry.title == "กฟภ.ห้างฉัตร เดินหน้ายกระดับงานบริการประชาชน เปิดศูนย์ราชการสะดวก"
        assert entry.id == "tag:region3.prd.go.th,2026:story/hang-chat-gecc"
        assert entry.link == f"{LOCAL_SITEURL}/news/hang-chat-gecc/"
        assert entry.author == "นายชาญณรงค์ ปันเต"
        assert entry.summary == "ผู้ตรวจราชการสำนักนายกรัฐมนตรี ตรวจประเมินศูนย์ราชการสะดวก (GECC)"
        assert [t.get("label") or t.term for t in entry.tags] == ["สำนักงานประชาสัมพันธ์จังหวัดลำปาง", "ข่าวภูมิภาค"]
        html = entry.content[0].value
        assert f'href="{LOCAL_SITEURL}/news/cm-coffee/"' in html
        assert f'src="{LOCAL_SITEURL}/images/2569/11/inline.jpg"' in html
        assert 'href="/' not in html and 'src="/' not in html
        figure = html[: html.index("</figure>")]  # the lead photo comes first
        assert html.startswith("<figure><img") and f'src="{LOCAL_SITEURL}/images/2569/11/gecc.jpg"' in figure
        assert "<figcaption>คณะอนุกรรมการ &lt;GECC&gt; ตรวจประเมิน</figcaption>" in html
    rss = etree.parse(str(out / "feeds/all.rss.xml")).getroot()
    assert rss.findtext("channel/item[2]/pubDate") == "Fri, 20 Nov 2026 11:48:27 +0700"
    assert rss.findtext("channel/lastBuildDate") == "Sat, 21 Nov 2026 09:00:00 +0700"  # the newest story
    atom = parse(out / "feeds/all.atom.xml")
    assert atom.entries[1].published == "2026-11-20T11:48:27+07:00"
    assert atom.feed.updated == "2026-11-21T09:00:00+07:00"


def test_enclosure_and_media_match_the_published_photo(site):
    _, out, _ = site
    size = (out / "images/2569/11/gecc.jpg").stat().st_size
    for fmt in ("rss", "atom"):
        entry = parse(out / f"feeds/province/lampang.{fmt}.xml").entries[0]
        (enclosure,) = entry.enclosures
        assert enclosure.href == f"{LOCAL_SITEURL}/images/2569/11/gecc.jpg"
        assert int(enclosure.length) == size and enclosure.type == "image/jpeg"
        assert entry.media_content[0]["url"] == enclosure.href
        assert int(entry.media_content[0]["filesize"]) == size
        assert entry.media_thumbnail[0]["url"] == enclosure.href


def test_group_feeds_hold_only_their_group(site):
    _, out, _ = site
    for path in (out / "feeds/province").glob("*.xml"):
        slug = path.name.split(".")[0]
        ids = [entry_id(e) for e in parse(path).entries]
        assert ids and all(PROVINCE_OF[i] == slug for i in ids), (path.name, ids)
    assert [entry_id(e) for e in parse(out / "feeds/agency/prd3.rss.xml").entries] == ["cm-coffee"]
    tag_feeds = {p.name: [entry_id(e) for e in parse(p).entries] for p in (out / "feeds/tag").glob("*.rss.xml")}
    assert sum(ids == ["cm-coffee"] for ids in tag_feeds.values()) == 2  # กาแฟ, เกษตรกร


def test_drafts_and_future_stories_stay_out(site):
    _, out, _ = site
    text = b"".join(p.read_bytes() for p in feed_files(out))
    assert b"lampang-draft" not in text and "ร่างข่าว".encode() not in text
    assert b"lampang-future" not in text and "ข่าวล่วงหน้า".encode() not in text


def test_control_characters_removed_and_reported(site):
    _, out, warnings = site
    entry = next(e for e in parse(out / "feeds/all.atom.xml").entries if entry_id(e) == "lampang-word-paste")
    assert entry.title.replace(" ", "") == "ลำปางจัดงานรถม้า"  # the metadata reader may turn U+000B into a space
    assert entry.summary == "สรุปข่าว" and "ย่อหน้าแรก จาก Word" in entry.content[0].value
    assert not any(b in p.read_bytes() for p in feed_files(out) for b in (b"\x0b", b"\x01", b"\x08", b"\x1f"))
    reported = [w for w in warnings if "lampang-word-paste.md" in w and "not allowed in XML" in w]
    assert any("title" in w and "U+0001" in w for w in reported), warnings
    # U+001F ends the body, and Python counts it as white space: the reader trims it with the trailing blanks
    assert any("body" in w and "U+000B" in w for w in reported), warnings
    assert any("summary" in w and "U+0008" in w for w in reported), warnings


def test_unchanged_rebuild_is_byte_identical(site):
    tmp, out, _ = site
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in feed_files(out)}
    build_site(tmp, stories=STORIES, settings={"LOCAL_SITEURL": LOCAL_SITEURL})
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in feed_files(out)}
    assert after == before  # same bytes, and not even rewritten


def test_pages_link_their_feeds(site):
    _, out, _ = site
    story = (out / "news/hang-chat-gecc/index.html").read_text(encoding="utf-8")
    for href in ("/feeds/all.rss.xml", "/feeds/all.atom.xml", "/feeds/province/lampang.rss.xml",
                 "/feeds/agency/prd-lampang.atom.xml"):
        assert f'href="{LOCAL_SITEURL}{href}"' in story or f'href="{href}"' in story, href
    assert 'type="application/rss+xml"' in story and 'type="application/atom+xml"' in story
    province = (out / "province/chiangmai/index.html").read_text(encoding="utf-8")
    assert "/feeds/province/chiangmai.rss.xml" in province and "/feeds/province/lampang" not in province


def test_feeds_page_lists_every_feed(site):
    _, out, _ = site
    page = (out / "feeds/index.html").read_text(encoding="utf-8")
    assert "<h1 class=\"page-title\">ติดตามข่าว</h1>" in page
    for path in feed_files(out):
        url = f"{LOCAL_SITEURL}/{path.relative_to(out).as_posix()}"
        assert f'value="{url}"' in page and f'data-copy="{url}"' in page, url
    assert (out / "theme/js/feeds.js").is_file() and (out / "feeds/feed.xsl").is_file()


def test_pelican_writes_no_feed_of_its_own(site, tmp_path):
    _, out, _ = site
    for path in feed_files(out):  # every feed file is ours: it links the Thai stylesheet
        assert b'<?xml-stylesheet type="text/xsl"' in path.read_bytes(), path
    with pytest.raises(Exception, match="set FEED_ALL_ATOM to None"):
        build_site(tmp_path, stories={"news/2569/a.md": story_text()},
                   settings={"FEED_ALL_ATOM": "feeds/all.atom.xml"})


def test_missing_lead_photo_fails_naming_file_and_photo(tmp_path):
    stories = {"news/2569/no-photo.md": story_text(image="images/2569/11/missing.jpg")}
    with pytest.raises(Exception, match=r"no-photo\.md.*images/2569/11/missing\.jpg"):
        build_site(tmp_path, stories=stories)


def test_real_content_feeds_are_valid_and_enclosures_match(tmp_path):
    out = build_site(tmp_path, site_content=True, settings={"LOCAL_SITEURL": LOCAL_SITEURL})
    files = feed_files(out)
    assert len(files) > 20
    enclosures = 0
    for path in files:
        data = path.read_bytes()
        assert (rss_problems if path.name.endswith(".rss.xml") else atom_problems)(data) == [], path
        for entry in parse(path).entries:
            for enclosure in entry.get("enclosures", []):
                photo = out / enclosure.href.removeprefix(LOCAL_SITEURL + "/")
                assert int(enclosure.length) == photo.stat().st_size, enclosure.href
                enclosures += 1
    assert enclosures > 0
