"""Files that grow with the archive are split so one story rewrites one small part: the sitemap is an index of parts
(as the protocol asks before 50,000 URLs). The counter's manifest parts: tests/counter/test_manifest_parts.py."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from pelican.settings import read_settings
from story_mix import StoryMix
from test_publish_command import write_conf

from sitebuild import full_build
from sitebuild.plan import SITEMAP_LIMIT
from sitebuild.publish import publish
from split_files import sitemap_entries, sitemap_parts


def _site(tmp_path, stories=50):
    mix = StoryMix.create(tmp_path / "content", stories, 31)
    conf = write_conf(tmp_path, mix.content, tmp_path / "output", tmp_path / "cache")
    settings = read_settings(str(conf))
    full_build(settings)
    return mix, settings, tmp_path / "output"


def live_ids(mix) -> set[str]:
    return {f["id"] for f in mix.fields.values() if f.get("status") in (None, "เผยแพร่", "ตั้งเวลา")}


def test_sitemap_parts_hold_every_story_once_and_a_publish_rewrites_one_part(tmp_path):
    mix, settings, output = _site(tmp_path, 150)  # about two months of stories
    entries = sitemap_entries(output)
    stories = {url.rsplit("/", 2)[1] for url in entries if "/news/" in url}
    assert stories == live_ids(mix)
    for part in sitemap_parts(output):
        assert len(ET.parse(part).getroot()) <= SITEMAP_LIMIT
    rel = sorted(mix.fields, key=lambda r: mix.fields[r]["date"])[0]  # the oldest story: its month's part only
    mix.write({**mix.fields[rel], "title": "แก้ไขข่าวเก่า", "modified": "2026-11-24 17:00"})
    report = publish([mix.content / rel], settings=settings)
    parts = {p for p in report.written if p.startswith("sitemap")}
    month = mix.fields[rel]["date"][:7]
    assert len(sitemap_parts(output)) >= 4
    # its month's part, and at most the index (a part's lastmod) and the part of list pages (their lastmod)
    assert f"sitemap-news-{month}.xml" in parts and parts <= {f"sitemap-news-{month}.xml", "sitemap.xml",
                                                              "sitemap-pages.xml"}, parts
    url = f"http://127.0.0.1:8000/news/{mix.fields[rel]['id']}/"
    assert sitemap_entries(output)[url] == "2026-11-24T17:00:00+07:00"
