"""RSS 2.0 and Atom feeds with feedgen: all news, each province, agency, section and tag.

register() is the whole life of the plugin:
0. initialized: Pelican's own feeds must be off (every FEED_* None).
1. article_generator_finalized: the stories are read; plan the feeds, give templates `feeds_for` / FEED_CATALOG
   (head_feeds.html, feeds.html) and fail on a missing lead photo.
2. article_writer_finalized: write the ติดตามข่าว page (feeds/index.html) listing every feed.
3. finalized: every file is in output/; write the feeds (photo lengths measured on the published copies).
"""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pelican import signals

from .article_story import photo_file, story_from_article
from .build_feed import Channel
from .catalog import FeedInputError, plan_feeds
from .page_links import FeedCatalog
from .settings import setting
from .write_feeds import write_feeds

log = logging.getLogger(__name__)
_pending: dict[str, tuple] = {}  # output path -> (articles, their stories without bodies), step 1 to step 3


def site_url(settings) -> str:
    """The absolute address feeds use: FEEDS_SITEURL, else SITEURL if absolute, else the local fallback."""
    for candidate in (setting(settings, "FEEDS_SITEURL"), settings.get("SITEURL", "")):
        if candidate and urlsplit(candidate).scheme in ("http", "https"):
            return candidate.rstrip("/")
    return setting(settings, "FEEDS_FALLBACK_SITEURL").rstrip("/")


def channel(settings) -> Channel:
    base = site_url(settings)
    logo = setting(settings, "FEEDS_LOGO")
    return Channel(
        site_url=base,
        site_name=settings.get("SITENAME", ""),
        publisher=setting(settings, "FEEDS_PUBLISHER") or settings.get("OFFICE", {}).get("name", ""),
        language=setting(settings, "FEEDS_LANGUAGE"),
        logo_url=f"{base}/{logo}" if logo else "",
    )


def build_time(settings) -> datetime:
    now = setting(settings, "FEEDS_NOW")
    return now if now is not None else datetime.now(ZoneInfo(settings.get("TIMEZONE") or "Asia/Bangkok"))


def plan(settings, stories):
    return plan_feeds(
        stories,
        now=build_time(settings),
        max_items=int(setting(settings, "FEEDS_MAX_ITEMS")),
        with_tags=bool(setting(settings, "FEEDS_TAGS")),
        site_name=settings.get("SITENAME", ""),
        site_description=setting(settings, "FEEDS_DESCRIPTION"),
        page_paths={
            "province": settings.get("PROVINCE_URL", "province/{slug}/"),
            "agency": settings.get("AGENCY_URL", "agency/{slug}/"),
            "section": settings.get("CATEGORY_URL", "category/{slug}.html"),
            "tag": settings.get("TAG_URL", "tag/{slug}.html"),
        },
    )


def published_articles(generator) -> list:
    """Published stories only: Pelican keeps drafts (and hidden) apart, and status is checked again."""
    return [a for a in generator.articles if getattr(a, "status", "published") == "published"]


PELICAN_FEED_SETTINGS = (
    "FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS", "CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS",
    "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS", "TAG_FEED_ATOM", "TAG_FEED_RSS", "TRANSLATION_FEED_ATOM",
    "TRANSLATION_FEED_RSS",
)


def check_pelican_feeds_off(pelican) -> None:
    """Pelican's own feeds would collide with ours (same feeds/ folder): every FEED_* must be None."""
    on = [key for key in PELICAN_FEED_SETTINGS if pelican.settings.get(key)]
    if on:
        raise FeedInputError(
            f"pelicanconf.py: set {', '.join(on)} to None: plugins/feeds writes the site's feeds with feedgen"
        )


def on_articles_read(generator) -> None:
    settings = generator.settings
    articles = published_articles(generator)
    for article in articles:
        photo_file(article, settings["PATH"])  # fails the build naming the file and photo
    stories = [story_from_article(a, site_url=site_url(settings), content_root=settings["PATH"], with_content=False)[0]
               for a in articles]
    catalog = FeedCatalog(plan(settings, stories), setting(settings, "FEEDS_DIR"), site_url(settings))
    generator.context["FEED_CATALOG"] = catalog
    generator.context["feeds_for"] = catalog.feeds_for
    _pending[settings["OUTPUT_PATH"]] = (articles, stories)


def on_articles_written(generator, writer) -> None:
    settings = generator.settings
    catalog = generator.context["FEED_CATALOG"]
    save_as = setting(settings, "FEEDS_PAGE_SAVE_AS")
    writer.write_file(
        save_as,
        generator.get_template("feeds"),
        generator.context,
        relative_urls=settings.get("RELATIVE_URLS"),
        page_name=save_as.removesuffix("index.html").rstrip("/") or "index",
        url=setting(settings, "FEEDS_PAGE_URL"),
        feed_catalog=catalog,
        feeds_max_items=setting(settings, "FEEDS_MAX_ITEMS"),
    )


def on_finalized(pelican) -> None:
    settings = pelican.settings
    articles, light = _pending.pop(settings["OUTPUT_PATH"], ([], []))
    base = site_url(settings)
    specs = plan(settings, light)  # planned on the stories without bodies; then only the stories feeds hold get one
    shown = {s.story_id for spec in specs for s in spec.stories}
    full = {}
    for article in articles:
        story_id = str(getattr(article, "story_id", None) or article.slug)
        if story_id not in shown:
            continue
        story, warnings = story_from_article(
            article, site_url=base, content_root=settings["PATH"], output_root=settings["OUTPUT_PATH"]
        )
        for warning in warnings:
            log.warning("feeds: %s", warning)
        full[story_id] = story
    specs = [replace(spec, stories=tuple(full[s.story_id] for s in spec.stories)) for spec in specs]
    cache = Path(settings.get("CACHE_PATH") or "cache") / "feeds.json"
    changed = write_feeds(settings["OUTPUT_PATH"], specs, channel(settings), setting(settings, "FEEDS_DIR"), cache)
    log.info("feeds: %d feeds (RSS + Atom), %d file(s) changed", len(specs), len(changed))


def register() -> None:
    signals.initialized.connect(check_pelican_feeds_off)
    signals.article_generator_finalized.connect(on_articles_read)
    signals.article_writer_finalized.connect(on_articles_written)
    signals.finalized.connect(on_finalized)


__all__ = ["register", "FeedInputError"]
