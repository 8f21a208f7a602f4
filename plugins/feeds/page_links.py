"""What templates see of the feeds: which feeds a page links to, and the full list for the ติดตามข่าว page."""
from __future__ import annotations

from dataclasses import dataclass

from .catalog import FeedSpec

KIND_HEADINGS = {  # headings of the ติดตามข่าว page, in page order
    "all": "ข่าวทั้งหมด",
    "province": "ตามจังหวัด",
    "agency": "ตามหน่วยงาน",
    "section": "ตามหมวดข่าว",
    "tag": "ตามป้ายกำกับ",
}


@dataclass(frozen=True)
class FeedLink:
    kind: str
    slug: str
    name: str  # what the feed follows, Thai
    title: str  # channel title, Thai
    rss_path: str  # relative to the site root, e.g. feeds/province/lampang.rss.xml
    atom_path: str
    rss_url: str  # absolute, for subscribers to copy
    atom_url: str


class FeedCatalog:
    """Every feed of one build, looked up by kind and slug."""

    def __init__(self, specs: list[FeedSpec], feeds_dir: str, site_url: str):
        self.links = [
            FeedLink(
                kind=s.kind,
                slug=s.term.slug,
                name=s.term.name,
                title=s.title,
                rss_path=s.path(feeds_dir, "rss"),
                atom_path=s.path(feeds_dir, "atom"),
                rss_url=f"{site_url}/{s.path(feeds_dir, 'rss')}",
                atom_url=f"{site_url}/{s.path(feeds_dir, 'atom')}",
            )
            for s in specs
        ]
        self._by_key = {(f.kind, f.slug): f for f in self.links}

    def get(self, kind: str, slug) -> FeedLink | None:
        return self._by_key.get((kind, str(slug))) if slug else None

    def groups(self) -> list[tuple[str, list[FeedLink]]]:
        """(Thai heading, feeds) per kind that has feeds, in page order."""
        return [(h, [f for f in self.links if f.kind == k]) for k, h in KIND_HEADINGS.items()
                if any(f.kind == k for f in self.links)]

    def feeds_for(self, article=None, category=None, tag=None, province_slug=None, agency=None) -> list[FeedLink]:
        """The feeds a page links with <link rel="alternate">: all news first, then the page's own."""
        wanted = [("all", "all")]
        if article is not None:
            wanted += [
                ("province", getattr(article, "province_slug", None)),
                ("agency", getattr(getattr(article, "agency", None), "slug", None)),
                ("section", getattr(getattr(article, "category", None), "slug", None)),
            ]
        if category is not None:
            wanted.append(("section", getattr(category, "slug", None)))
        if tag is not None:
            wanted.append(("tag", getattr(tag, "slug", None)))
        if province_slug:
            wanted.append(("province", province_slug))
        if agency is not None:
            wanted.append(("agency", getattr(agency, "slug", agency)))
        found = [self.get(kind, slug) for kind, slug in dict.fromkeys(wanted)]
        return [f for f in found if f is not None]
