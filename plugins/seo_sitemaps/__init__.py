"""Search engines: sitemap.xml, a Google News sitemap of the last two days' stories, robots.txt."""
from __future__ import annotations

from pathlib import Path

from pelican import signals

from nuea.clock import build_now
from nuea.files import write_if_changed
from nuea.site import site_url

from .entries import news_entries, site_entries
from .news_sitemap import news_sitemap_xml
from .robots import robots_txt
from .settings import DEFAULTS
from .sitemap_xml import sitemap_xml


def _setting(settings, key):
    return settings.get(key, DEFAULTS[key])


def write_sitemaps(generator, writer):
    settings, context = generator.settings, generator.context
    output = Path(generator.output_path)
    siteurl = site_url(settings)  # the sitemap protocol wants absolute addresses, also in local builds
    files = {_setting(settings, "SEO_SITEMAP_SAVE_AS"): sitemap_xml(site_entries(context), siteurl)}
    news_name = _setting(settings, "SEO_NEWS_SITEMAP_SAVE_AS")
    news = news_entries(context, build_now(settings), _setting(settings, "SEO_NEWS_DAYS"),
                        _setting(settings, "SEO_NEWS_MAX"))
    if news_name and news:
        files[news_name] = news_sitemap_xml(news, siteurl, _setting(settings, "SEO_NEWS_PUBLICATION")
                                            or settings["SITENAME"], settings.get("DEFAULT_LANG", "th"))
    elif news_name:
        # No story in the window: the schema rejects an empty <urlset/>, so there is no news sitemap (and no
        # robots.txt line for it) until a story comes; the last build's file goes.
        for stale in (news_name, f"{news_name}.gz", f"{news_name}.br"):  # and its precompressed twins
            (output / stale).unlink(missing_ok=True)
    robots = _setting(settings, "SEO_ROBOTS_SAVE_AS")
    if robots:
        sitemaps = [name for name in files if name]
        files[robots] = robots_txt(siteurl, _setting(settings, "SEO_ROBOTS_DISALLOW"), sitemaps).encode()
    for name, data in files.items():
        if name:
            write_if_changed(output / name, data)  # unchanged files keep their mtime


def register():
    # After the story pages are written every generator's context is complete (stories, pages, list pages).
    signals.article_writer_finalized.connect(write_sitemaps)
