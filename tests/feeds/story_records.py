"""Plain Story records for the pure feed tests."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from feeds.story import Photo, Story, Term

BKK = ZoneInfo("Asia/Bangkok")


def make_story(story_id="lampang-gecc", **fields):
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

