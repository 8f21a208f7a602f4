"""What templates see of the feeds: which feeds a page links to, and the full list for the ติดตามข่าว page."""
from __future__ import annotations

from dataclasses import dataclass

from .catalog import FeedSpec
from .kinds import FEED_KINDS, KINDS


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
        return [(k.heading, [f for f in self.links if f.kind == k.name]) for k in FEED_KINDS
                if any(f.kind == k.name for f in self.links)]

    def feeds_for(self, article=None, category=None, tag=None, province_slug=None, agency=None) -> list[FeedLink]:
        """The feeds a page links with <link rel="alternate">: all news first, then the page's own (a story
        page: its groups of every kind shown on story pages; a list page: the group it lists)."""
        wanted = [("all", "all")]
        story = getattr(article, "story", None)
        if story is not None:
            wanted += [(k.name, t.slug) for k in FEED_KINDS if k.on_story_pages and k.name != "all"
                       for t in k.terms(story)]
        for kind, wrapper in (("section", category), ("tag", tag), ("agency", agency)):
            if wrapper is not None and kind in KINDS:
                wanted.append((kind, getattr(wrapper, "slug", wrapper)))
        if province_slug:
            wanted.append(("province", province_slug))
        found = [self.get(kind, slug) for kind, slug in dict.fromkeys(wanted)]
        return [f for f in found if f is not None]
