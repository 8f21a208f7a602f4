"""Which feeds the site has and which stories each holds (pure: stories in, feed plans out)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from nuea.problems import ContentFailure
from nuea.story import Story, Term

from .kinds import FeedKind

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


class FeedInputError(ContentFailure, ValueError):
    """A story cannot go into a feed; the message names the file and field."""


@dataclass(frozen=True)
class FeedSpec:
    kind: str  # a FeedKind's name
    term: Term  # what the feed follows; Term(site name, 'all') for all news
    title: str  # Thai channel title
    description: str  # Thai channel description
    page_path: str  # site page the feed follows, relative to the site root ('' = home)
    story_ids: tuple[str, ...]  # newest first
    newest_update: datetime

    @property
    def key(self) -> str:
        """What the feed follows, independent of file names and addresses: 'all', 'province/lampang'."""
        return "all" if self.kind == "all" else f"{self.kind}/{self.term.slug}"

    def path(self, feeds_dir: str, fmt: str) -> str:
        """Output path of this feed in `fmt` ('rss' or 'atom'), e.g. feeds/province/lampang.rss.xml."""
        folder = feeds_dir if self.kind == "all" else f"{feeds_dir}/{self.kind}"
        return f"{folder}/{self.term.slug}.{fmt}.xml"


def newest_first(stories) -> list[Story]:
    return sorted(stories, key=lambda s: (s.date, s.id), reverse=True)


def plan_feeds(stories, kinds: tuple[FeedKind, ...], *, max_items: int, site_name: str, site_description: str,
               page_paths: dict[str, str]) -> list[FeedSpec]:
    """Every feed the site has (for live `stories`), in a stable order; page_paths: kind -> pattern with {slug}."""
    if max_items < 1:
        raise FeedInputError(f"FEEDS_MAX_ITEMS must be at least 1, not {max_items!r}")
    shown = newest_first(stories)
    if not shown:
        return []
    specs = []
    for kind in kinds:
        groups: dict[str, list[Story]] = {}
        names: dict[str, str] = {}
        for story in shown:
            for term in kind.terms(story):
                check_slug(story, kind.name, term)
                groups.setdefault(term.slug, []).append(story)
                names.setdefault(term.slug, term.name)
        for slug in sorted(groups):
            specs.append(group_spec(kind, slug, names[slug], groups[slug], max_items=max_items, site_name=site_name,
                                    site_description=site_description, page_paths=page_paths))
    return specs


def group_spec(kind: FeedKind, slug: str, name: str, stories, *, max_items: int, site_name: str,
               site_description: str, page_paths: dict[str, str]) -> FeedSpec:
    """The feed of one group: `stories` are its live stories, newest first; `name` is the group's Thai name."""
    held = stories[:max_items]
    if kind.name == "all":
        term, title, description = Term(site_name, slug), site_name, site_description
    else:
        term = Term(name, slug)
        title = kind.title.format(name=term.name, site=site_name)
        description = kind.description.format(name=term.name, site=site_name)
    return FeedSpec(kind.name, term, title, description, page_paths.get(kind.name, "").format(slug=slug),
                    tuple(s.id for s in held), max(s.updated for s in held) if held else None)


def check_slug(story: Story, kind: str, term: Term) -> None:
    if not _SLUG.match(term.slug or ""):
        raise FeedInputError(
            f"{story.source_path}: {kind} {term.name!r} has slug {term.slug!r}, "
            "which cannot name a feed file (want lowercase ASCII letters, digits, '-', '_' or '.')"
        )
