"""The kinds of feed the site has, in one table: adding a kind is one row here (and its line in feeds.html)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nuea.story import Story, Term


@dataclass(frozen=True)
class FeedKind:
    name: str  # 'province'; feeds/<name>/<slug>.rss.xml ('all' is feeds/all.rss.xml)
    heading: str  # heading of its group on the ติดตามข่าว page
    terms: Callable[[Story], tuple[Term, ...]]  # the groups a story belongs to
    page: tuple[str, str]  # (setting, default) of the list page the feed follows, a pattern with {slug}
    title: str  # channel title; {name} is the group's Thai name, {site} the site's
    description: str
    on_story_pages: bool = True  # announced with <link rel="alternate"> on the story pages of its stories
    enabled_by: str | None = None  # a setting that switches this kind off when False


ALL = Term("ข่าวทั้งหมด", "all")

FEED_KINDS = (
    FeedKind("all", "ข่าวทั้งหมด", lambda s: (ALL,), ("", ""), "{site}", ""),
    FeedKind("province", "ตามจังหวัด", lambda s: (Term(s.province.name, s.province.slug),),
             ("PROVINCE_URL", "province/{slug}/"),
             "ข่าวจังหวัด{name} · {site}", "ข่าวประชาสัมพันธ์ล่าสุดของจังหวัด{name} จาก{site}"),
    FeedKind("agency", "ตามหน่วยงาน", lambda s: (Term(s.agency.name, s.agency.slug),),
             ("AGENCY_URL", "agency/{slug}/"),
             "ข่าวจาก{name} · {site}", "ข่าวประชาสัมพันธ์ล่าสุดที่{name}เผยแพร่"),
    FeedKind("section", "ตามหมวดข่าว", lambda s: (s.section,) if s.section else (),
             ("CATEGORY_URL", "category/{slug}.html"),
             "หมวด{name} · {site}", "ข่าวล่าสุดในหมวด{name} จาก{site}"),
    FeedKind("tag", "ตามป้ายกำกับ", lambda s: s.tags, ("TAG_URL", "tag/{slug}.html"),
             "ป้ายกำกับ {name} · {site}", "ข่าวล่าสุดที่มีป้ายกำกับ {name} จาก{site}",
             on_story_pages=False, enabled_by="FEEDS_TAGS"),
)
KINDS = {kind.name: kind for kind in FEED_KINDS}


def enabled_kinds(settings: dict) -> tuple[FeedKind, ...]:
    return tuple(k for k in FEED_KINDS if k.enabled_by is None or settings.get(k.enabled_by, True))
