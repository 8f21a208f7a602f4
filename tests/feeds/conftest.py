"""Feeds tests: plugins/ on sys.path (as Pelican does), and plain Story records for the pure tests."""
from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

BKK = ZoneInfo("Asia/Bangkok")


@pytest.fixture
def make_story():
    from feeds.story import Photo, Story, Term

    def make(story_id="lampang-gecc", **fields):
        base = dict(
            story_id=story_id,
            title="กฟภ.ห้างฉัตร เปิดศูนย์ราชการสะดวก",
            url=f"https://news.example.go.th/news/{story_id}/",
            published=datetime(2018, 5, 10, 11, 48, 27, tzinfo=BKK),
            updated=datetime(2018, 5, 10, 11, 48, 27, tzinfo=BKK),
            reporter="นายชาญณรงค์ ปันเต",
            agency=Term("สำนักงานประชาสัมพันธ์จังหวัดลำปาง", "prd-lampang"),
            province=Term("ลำปาง", "lampang"),
            section=Term("ข่าวทั่วไป", "general"),
            summary="ผู้ตรวจราชการฯ ตรวจประเมินศูนย์ราชการสะดวก",
            content_html='<p>เนื้อข่าว <a href="https://news.example.go.th/news/x/">ลิงก์</a></p>',
            source_path=f"content/news/2561/{story_id}.md",
            tags=(Term("GECC", "gecc"),),
            photo=Photo("https://news.example.go.th/images/2561/05/x.jpg", 12345, "image/jpeg"),
        )
        base.update(fields)
        return Story(**base)

    return make
