"""Search engines: sitemap.xml, a Google News sitemap of the last two days' stories, robots.txt."""
from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican import signals

from .entries import news_entries, site_entries
from .news_sitemap import news_sitemap_xml
from .robots import robots_txt
from .settings import DEFAULTS
from .sitemap_xml import sitemap_xml


def _setting(settings, key):
    return settings.get(key, DEFAULTS[key])


def build_time(settings) -> datetime:
    """The news window's "now": SEO_NEWS_NOW, else $SOURCE_DATE_EPOCH (reproducible builds), else the clock."""
    zone = ZoneInfo(settings.get("TIMEZONE", "Asia/Bangkok"))
    fixed = _setting(settings, "SEO_NEWS_NOW")
    if fixed:
        try:
            when = datetime.fromisoformat(str(fixed))
        except ValueError:
            raise ValueError(f"SEO_NEWS_NOW: not an ISO date-time: {fixed!r}") from None
        return when if when.tzinfo else when.replace(tzinfo=zone)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), UTC).astimezone(zone)
    return datetime.now(zone)


def write_sitemaps(generator, writer):
    settings, context = generator.settings, generator.context
    output = Path(generator.output_path)
    siteurl = settings.get("SITEURL", "")
    files = {
        _setting(settings, "SEO_SITEMAP_SAVE_AS"): sitemap_xml(site_entries(context), siteurl),
        _setting(settings, "SEO_NEWS_SITEMAP_SAVE_AS"): news_sitemap_xml(
            news_entries(context, build_time(settings), _setting(settings, "SEO_NEWS_DAYS"),
                         _setting(settings, "SEO_NEWS_MAX")),
            siteurl,
            _setting(settings, "SEO_NEWS_PUBLICATION") or settings["SITENAME"],
            settings.get("DEFAULT_LANG", "th"),
        ),
    }
    robots = _setting(settings, "SEO_ROBOTS_SAVE_AS")
    if robots:
        sitemaps = [name for name in files if name]
        files[robots] = robots_txt(siteurl, _setting(settings, "SEO_ROBOTS_DISALLOW"), sitemaps).encode()
    for name, data in files.items():
        if name:
            path = output / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_bytes() != data:  # unchanged files keep their mtime
                path.write_bytes(data)


def register():
    # After the story pages are written every generator's context is complete (stories, pages, list pages).
    signals.article_writer_finalized.connect(write_sitemaps)
