"""Stories (the contract) and their feed entries for the pure feed tests."""
from __future__ import annotations

from datetime import datetime

from nuea.registry import Agency, Province
from nuea.story import Story, Term
from nuea.thai_dates import BANGKOK as BKK
from plugins.feeds.entries import tag_uri
from plugins.feeds.entry import FeedEntry, Photo

SITE = "https://news.example.go.th"
AUTHORITY = "region3.prd.go.th,2026"
LAMPANG = Agency("LPG", "สำนักงานประชาสัมพันธ์จังหวัดลำปาง", "ส.ปชส.ลำปาง", "ลำปาง", "lampang", "prd-lampang")
PHOTO = Photo(f"{SITE}/images/2561/05/x.jpg", 12345, "image/jpeg")
_photos: dict[str, Photo | None] = {}


def make_story(story_id="lampang-gecc", photo=PHOTO, published=None, updated=None, province=None,
               **fields) -> Story:
    """A Story; `province` may be a Term (name, slug); `photo` is what its feed entry shows."""
    date = published or datetime(2018, 5, 10, 11, 48, 27, tzinfo=BKK)
    base = dict(
        id=story_id, title="กฟภ.ห้างฉัตร เปิดศูนย์ราชการสะดวก", date=date,
        modified=updated if updated and updated != date else None, reporter="นายชาญณรงค์ ปันเต", agency=LAMPANG,
        province=Province(province.name, province.slug) if province else LAMPANG.home_province,
        section=Term("ข่าวทั่วไป", "general"), summary="ผู้ตรวจราชการฯ ตรวจประเมินศูนย์ราชการสะดวก",
        tags=(Term("GECC", "gecc"),), source_path=f"content/news/2561/{story_id}.md",
    )
    base.update(fields)
    _photos[story_id] = photo
    return Story(**base)


def make_entry(story: Story) -> FeedEntry:
    url = f"{SITE}/news/{story.id}/"
    return FeedEntry(
        story_id=story.id, entry_id=tag_uri(AUTHORITY, f"story/{story.id}"), title=story.title, url=url,
        published=story.date, updated=story.updated, reporter=story.reporter,
        agency=Term(story.agency.name, story.agency.slug), section=story.section, summary=story.summary,
        content_html=f'<p>เนื้อข่าว <a href="{SITE}/news/x/">ลิงก์</a></p>', source_path=story.source_path,
        photo=_photos.get(story.id, PHOTO),
    )


def entries(spec, stories) -> tuple[FeedEntry, ...]:
    by_id = {s.id: s for s in stories}
    return tuple(make_entry(by_id[i]) for i in spec.story_ids)
