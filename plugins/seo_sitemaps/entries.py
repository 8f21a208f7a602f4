"""Which addresses the sitemaps list, from the build's context (pure: context in, entries out)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Entry:
    url: str  # site-relative, e.g. "news/lpg-ceramic-fair/" ("" is the home page)
    lastmod: datetime | None


def last_change(content) -> datetime | None:
    """A story's last change (its correction time when later than publication); a page's modified or date."""
    story = getattr(content, "story", None)
    if story is not None:
        return story.updated
    return getattr(content, "modified", None) or getattr(content, "date", None)


def _newest(articles) -> datetime | None:
    return max((last_change(a) for a in articles), default=None)


def site_entries(context) -> list[Entry]:
    """Home, every published story and page, and every section, province, agency and reporter list page."""
    articles = context.get("articles", ())  # live stories only (drafts and withdrawn stories are not articles)
    entries = [Entry("", _newest(articles))]
    entries += [Entry(a.url, last_change(a)) for a in articles]
    entries += [Entry(p.url, last_change(p)) for p in context.get("pages", ())]
    for key in ("categories", "provinces", "agencies", "reporters"):
        entries += [Entry(wrapper.url, _newest(listed)) for wrapper, listed in context.get(key, ())]
    return sorted(set(entries), key=lambda e: e.url)


def news_entries(context, now: datetime, days: int, limit: int) -> list:
    """Published stories whose publication time is within `days` before `now`, newest first."""
    window = [a for a in context.get("articles", ()) if 0 <= (now - a.story.date).total_seconds() <= days * 86400]
    return sorted(window, key=lambda a: (a.story.date, a.url), reverse=True)[:limit]
