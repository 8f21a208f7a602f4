"""sitemap.xml, the Google News sitemap, robots.txt, the Thai 404 page and precompressed files of a publish build."""
from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET

import brotli
import pytest
from bs4 import BeautifulSoup

from conftest import story_text
from plugins.seo_sitemaps.entries import Entry, news_entries
from plugins.seo_sitemaps.sitemap_xml import sitemap_xml
from split_files import sitemap_entries, sitemap_parts

from .conftest import DRAFT, RECENT, SITEURL, STORIES, publish

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def _locs(path):
    return [loc.text for loc in ET.parse(path).getroot().iterfind("s:url/s:loc", NS)]


def test_sitemap_is_an_index_of_parts_that_list_every_published_story_and_no_draft(published):
    parts = sitemap_parts(published.output)
    assert [p.name for p in parts] == ["sitemap-pages.xml", "sitemap-news-2018-05.xml", "sitemap-news-2024-09.xml",
                                       "sitemap-news-2025-03.xml", "sitemap-news-2026-11.xml"]  # stories by month
    index = ET.parse(published.output / "sitemap.xml").getroot()
    lastmods = [n.findtext("s:lastmod", namespaces=NS) for n in index.iterfind("s:sitemap", NS)]
    assert lastmods[-1] == "2026-11-24T16:30:00+07:00"  # a part's newest change
    locs = [loc for part in parts for loc in _locs(part)]
    stories = {loc for loc in locs if loc.startswith(f"{SITEURL}/news/")}
    assert stories == {published.story_url(sid) for sid in STORIES}
    assert not any("mhs-draft" in loc or "/drafts/" in loc for loc in locs)
    assert f"{SITEURL}/" in locs and f"{SITEURL}/province/lampang/" in locs
    assert all(loc.startswith(SITEURL + "/") for loc in locs) and len(locs) == len(set(locs))


def test_drafts_do_not_reach_the_published_folder(published):
    assert not (published.output / "drafts").exists()
    for path in published.output.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".map", ".txt"):
            assert DRAFT[1]["title"] not in path.read_text(encoding="utf-8", errors="replace"), path


def test_sitemap_lastmod_is_the_correction_time(published):
    lastmod = sitemap_entries(published.output)
    assert lastmod[published.story_url("cri-coffee-yesterday")] == "2026-11-24T09:00:00+07:00"
    assert lastmod[published.story_url("hang-chat-gecc")] == "2018-05-10T11:48:27+07:00"


def test_news_sitemap_has_the_last_two_days_only(published):
    root = ET.parse(published.output / "news-sitemap.xml").getroot()
    urls = root.findall("s:url", NS)
    assert {u.findtext("s:loc", namespaces=NS) for u in urls} == {published.story_url(s) for s in RECENT}
    today = next(u for u in urls if u.findtext("s:loc", namespaces=NS).endswith("/cmi-haze-today/"))
    news = today.find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "ข่าวภาคเหนือตอนบน"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "th"
    assert news.findtext("news:publication_date", namespaces=NS) == "2026-11-24T16:30:00+07:00"
    assert news.findtext("news:title", namespaces=NS) == STORIES["cmi-haze-today"][1]["title"]
    assert DRAFT[1]["title"] not in (published.output / "news-sitemap.xml").read_text(encoding="utf-8")


def test_news_window_excludes_future_and_old_stories():
    from datetime import datetime, timedelta, timezone

    from nuea.registry import Agency
    from nuea.story import Story

    agency = Agency("LPG", "สำนักงานประชาสัมพันธ์จังหวัดลำปาง", "ส.ปชส.ลำปาง", "ลำปาง", "lampang", "prd-lampang")

    class Listed:  # what news_entries reads of an Article: its address and its story
        def __init__(self, url, date):
            self.url = url
            self.story = Story(id="x", title="ข่าว", date=date, reporter="ก", agency=agency,
                               province=agency.home_province)

    now = datetime(2026, 11, 24, 18, tzinfo=timezone(timedelta(hours=7)))
    stories = [Listed(f"news/{h}/", now - timedelta(hours=h)) for h in (-1, 0, 47, 48, 49)]
    assert [s.url for s in news_entries({"articles": stories}, now, 2, 1000)] == ["news/0/", "news/47/", "news/48/"]


def test_sitemap_xml_escapes_what_it_is_given():
    data = sitemap_xml([Entry("search/?q=a&b=<c>", None)], "https://x.example")
    assert ET.fromstring(data).findtext("s:url/s:loc", namespaces=NS) == "https://x.example/search/?q=a&b=<c>"


def test_robots_txt_points_to_both_sitemaps(published):
    robots = (published.output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in robots and "Disallow: /api/" in robots and "Disallow: /drafts/" in robots
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots and f"Sitemap: {SITEURL}/news-sitemap.xml" in robots


def test_thai_404_page(published):
    page = BeautifulSoup((published.output / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert page.html["lang"] == "th"
    assert page.h1.get_text() == "ไม่พบหน้าที่ต้องการ"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find("a", href=f"{SITEURL}/")  # absolute links: the page is served at any address
    assert page.find("link", rel="stylesheet")["href"].startswith(SITEURL + "/")


def test_story_page_has_its_canonical_address(published):
    page = BeautifulSoup((published.output / "news" / "cmi-haze-today" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    assert page.find("link", rel="canonical")["href"] == published.story_url("cmi-haze-today")


@pytest.mark.parametrize("name", ["index.html", "news/cmi-haze-today/index.html", "sitemap.xml", "404.html"])
def test_text_files_have_gzip_and_brotli_twins(published, name):
    original = (published.output / name).read_bytes()
    assert gzip.decompress((published.output / f"{name}.gz").read_bytes()) == original
    assert brotli.decompress((published.output / f"{name}.br").read_bytes()) == original


def test_a_changed_page_gets_fresh_compressed_copies(tmp_path):
    files = {"news/2569/cmi-one.md": story_text(title="หัวข่าวเดิม", agency="ส.ปชส.เชียงใหม่")}
    output = publish(tmp_path, files)
    files["news/2569/cmi-one.md"] = story_text(title="หัวข่าวแก้ไขแล้ว", agency="ส.ปชส.เชียงใหม่")
    publish(tmp_path, files)
    page = output / "news" / "cmi-one" / "index.html"
    assert "หัวข่าวแก้ไขแล้ว" in page.read_text(encoding="utf-8")
    assert gzip.decompress((output / "news/cmi-one/index.html.gz").read_bytes()) == page.read_bytes()
    assert brotli.decompress((output / "news/cmi-one/index.html.br").read_bytes()) == page.read_bytes()


def test_build_clock_comes_from_setting_then_source_date_epoch(monkeypatch):
    from nuea.clock import ClockError, build_now

    assert build_now({"BUILD_NOW": "2026-11-24T18:00:00"}).isoformat() == "2026-11-24T18:00:00+07:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795518000")  # 2026-11-24 18:00 Asia/Bangkok
    assert build_now({}).isoformat() == "2026-11-24T18:00:00+07:00"
    with pytest.raises(ClockError, match="BUILD_NOW"):
        build_now({"BUILD_NOW": "yesterday"})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(ClockError, match="SOURCE_DATE_EPOCH"):
        build_now({})
