"""Warm rebuilds of feeds: an unchanged feed is not rebuilt; a changed story changes its feeds."""
from __future__ import annotations

from conftest import build_site, story_text

SETTINGS = {"LOCAL_SITEURL": "https://nuea-news.example.go.th"}


def test_unchanged_feeds_are_kept_and_a_changed_story_rewrites_them(tmp_path):
    stories = {"news/2569/cm-coffee.md": story_text(title="เชียงใหม่ส่งเสริมกาแฟดอยช้าง", agency="สปข.3",
                                                    date="2026-11-21 09:00")}
    output = build_site(tmp_path, stories=stories, settings=SETTINGS)
    feed = output / "feeds/all.rss.xml"
    stamp = feed.stat().st_mtime_ns
    build_site(tmp_path, stories=stories, settings=SETTINGS)
    assert feed.stat().st_mtime_ns == stamp

    stories["news/2569/cm-coffee.md"] = story_text(title="เชียงใหม่ส่งเสริมกาแฟดอยช้าง ฉบับแก้ไข", agency="สปข.3",
                                                   date="2026-11-21 09:00")
    build_site(tmp_path, stories=stories, settings=SETTINGS)
    assert "ฉบับแก้ไข" in feed.read_text(encoding="utf-8")
    assert "ฉบับแก้ไข" in (output / "feeds/agency/prd3.atom.xml").read_text(encoding="utf-8")

    feed.write_text("broken", encoding="utf-8")  # a feed file changed behind the build's back is rebuilt
    build_site(tmp_path, stories=stories, settings=SETTINGS)
    assert "ฉบับแก้ไข" in feed.read_text(encoding="utf-8")
