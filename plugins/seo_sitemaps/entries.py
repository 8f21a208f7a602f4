"""Which addresses the sitemaps list, from the build's context (pure: context in, entries out)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Entry:
    url: str  # site-relative, e.g. "news/lpg-ceramic-fair/" ("" is the home page)
    lastmod: datetime | None


def last_change(article) -> datetime:
    """A story's last change: its correction time when later than publication."""
    modified = getattr(article, "modified", None)
    return max(article.date, modified) if modified else article.date


def _newest(articles) -> datetime | None:
    return max((last_change(a) for a in articles), default=None)


def is_published(content) -> bool:
    return getattr(content, "status", "published") == "published"


def site_entries(context) -> list[Entry]:
    """Home, every published story and page, and every section, province and agency list page."""
    articles = [a for a in context.get("articles", ()) if is_published(a)]
    entries = [Entry("", _newest(articles))]
    entries += [Entry(a.url, last_change(a)) for a in articles]
    entries += [Entry(p.url, getattr(p, "modified", None) or getattr(p, "date", None))
                for p in context.get("pages", ()) if is_published(p)]
    for key in ("categories", "provinces", "agencies"):
        entries += [Entry(wrapper.url, _newest(listed)) for wrapper, listed in context.get(key, ())]
    return sorted(set(entries), key=lambda e: e.url)


def news_entries(context, now: datetime, days: int, limit: int) -> list:
    """Published stories whose publication time is within `days` before `now`, newest first."""
    window = [
        a for a in context.get("articles", ())
        if is_published(a) and 0 <= (now - a.date).total_seconds() <= days * 86400
    ]
    return sorted(window, key=lambda a: (a.date, a.url), reverse=True)[:limit]
