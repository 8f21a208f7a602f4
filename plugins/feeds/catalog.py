"""Which feeds the site has, and which stories each holds: all news, each province, agency, section and tag."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .story import Story, Term

KINDS = ("all", "province", "agency", "section", "tag")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class FeedInputError(ValueError):
    """A story cannot go into a feed; the message names the file and field."""


@dataclass(frozen=True)
class FeedSpec:
    kind: str  # one of KINDS
    term: Term  # what the feed follows; Term(sitename, 'all') for all news
    title: str  # Thai channel title
    description: str  # Thai channel description
    page_path: str  # site page the feed follows, relative to the site root ('' = home)
    stories: tuple[Story, ...]  # newest first

    def path(self, feeds_dir: str, fmt: str) -> str:
        """Output path of this feed in `fmt` ('rss' or 'atom'), e.g. feeds/province/lampang.rss.xml."""
        folder = feeds_dir if self.kind == "all" else f"{feeds_dir}/{self.kind}"
        return f"{folder}/{self.term.slug}.{fmt}.xml"

    @property
    def newest_update(self) -> datetime:
        return max(s.updated for s in self.stories)


def visible_stories(stories, now: datetime) -> list[Story]:
    """Stories a feed may show, newest first: those published at or before `now` (future ones wait)."""
    shown = [s for s in stories if s.published <= now]
    return sorted(shown, key=lambda s: (s.published, s.story_id), reverse=True)


def plan_feeds(
    stories,
    *,
    now: datetime,
    max_items: int,
    with_tags: bool,
    site_name: str,
    site_description: str,
    page_paths: dict[str, str],
) -> list[FeedSpec]:
    """Every feed the site has, in a stable order; `page_paths` maps a kind to a pattern with {slug}."""
    if max_items < 1:
        raise FeedInputError(f"FEEDS_MAX_ITEMS must be at least 1, not {max_items!r}")
    shown = visible_stories(stories, now)
    if not shown:
        return []
    specs = [
        FeedSpec("all", Term(site_name, "all"), site_name, site_description, "", tuple(shown[:max_items]))
    ]
    kinds = ("province", "agency", "section") + (("tag",) if with_tags else ())
    for kind in kinds:
        groups: dict[str, list[Story]] = {}
        names: dict[str, str] = {}
        for story in shown:
            for term in _terms(story, kind):
                _check_slug(story, kind, term)
                groups.setdefault(term.slug, []).append(story)
                names.setdefault(term.slug, term.name)
        for slug in sorted(groups):
            term = Term(names[slug], slug)
            title, description = _describe(kind, term.name, site_name)
            page = page_paths.get(kind, "").format(slug=slug)
            specs.append(FeedSpec(kind, term, title, description, page, tuple(groups[slug][:max_items])))
    return specs


def _terms(story: Story, kind: str) -> tuple[Term, ...]:
    if kind == "tag":
        return story.tags
    return (getattr(story, kind),)


def _check_slug(story: Story, kind: str, term: Term) -> None:
    if not _SLUG.match(term.slug or ""):
        raise FeedInputError(
            f"{story.source_path}: {kind} {term.name!r} has slug {term.slug!r}, "
            "which cannot name a feed file (want lowercase ASCII letters, digits, '-', '_' or '.')"
        )


def _describe(kind: str, name: str, site_name: str) -> tuple[str, str]:
    """Thai channel title and description for a feed of `kind` following `name`."""
    if kind == "province":
        return f"ข่าวจังหวัด{name} · {site_name}", f"ข่าวประชาสัมพันธ์ล่าสุดของจังหวัด{name} จาก{site_name}"
    if kind == "agency":
        return f"ข่าวจาก{name} · {site_name}", f"ข่าวประชาสัมพันธ์ล่าสุดที่{name}เผยแพร่"
    if kind == "section":
        return f"หมวด{name} · {site_name}", f"ข่าวล่าสุดในหมวด{name} จาก{site_name}"
    return f"ป้ายกำกับ {name} · {site_name}", f"ข่าวล่าสุดที่มีป้ายกำกับ {name} จาก{site_name}"
