"""RSS 2.0 and Atom feeds with feedgen: all news, each province, agency, section and tag (kinds.py).

register() is the whole life of the plugin:
  initialized    -> Pelican's own feeds must be off (every FEED_* None)
  get_generators -> FeedsGenerator, one per build, holding what it planned:
     generate_context: plan the feeds once from the live stories (article.story); templates get `feeds_for` and
                       FEED_CATALOG (head_feeds.html, feeds.html); a missing lead photo fails the build
     generate_output:  the ติดตามข่าว page and every feed, each story held by a feed made into one entry once
                       (story pages, photo stand-ins are written by then: lengths are measured on them)
"""
from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from nuea.site import site_url

from .build_feed import Channel
from .catalog import FeedInputError, plan_feeds
from .entries import feed_entry, photo_file
from .kinds import enabled_kinds
from .page_links import FeedCatalog
from .settings import setting
from .write_feeds import write_feeds

log = logging.getLogger(__name__)

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


def channel(settings) -> Channel:
    base = site_url(settings)
    logo = setting(settings, "FEEDS_LOGO")
    return Channel(
        site_url=base,
        site_name=settings.get("SITENAME", ""),
        publisher=setting(settings, "FEEDS_PUBLISHER") or settings.get("OFFICE", {}).get("name", ""),
        language=setting(settings, "FEEDS_LANGUAGE"),
        logo_url=f"{base}/{logo}" if logo else "",
        logo_wide_url=f"{base}/{setting(settings, 'FEEDS_LOGO_WIDE')}" if setting(settings, "FEEDS_LOGO_WIDE") else "",
        tag_authority=setting(settings, "FEEDS_TAG_AUTHORITY"),
    )


class FeedsGenerator(Generator):
    """Plans the feeds once (generate_context) and writes them once (generate_output)."""

    def generate_context(self):
        settings = self.settings
        self.articles = {a.story.id: a for a in self.context.get("articles", ())}  # live stories only
        for article in self.articles.values():
            photo_file(article.story, settings["PATH"])  # fails the build naming the file and photo
        page_paths = {k.name: settings.get(*k.page) if k.page[0] else "" for k in enabled_kinds(settings)}
        self.specs = plan_feeds(
            [a.story for a in self.articles.values()], enabled_kinds(settings),
            max_items=int(setting(settings, "FEEDS_MAX_ITEMS")), site_name=settings.get("SITENAME", ""),
            site_description=setting(settings, "FEEDS_DESCRIPTION"), page_paths=page_paths,
        )
        catalog = FeedCatalog(self.specs, setting(settings, "FEEDS_DIR"), site_url(settings))
        self.context["FEED_CATALOG"] = catalog
        self.context["feeds_for"] = catalog.feeds_for

    def generate_output(self, writer):
        settings = self.settings
        save_as = setting(settings, "FEEDS_PAGE_SAVE_AS")
        writer.write_file(
            save_as, self.get_template("feeds"), self.context, relative_urls=settings.get("RELATIVE_URLS"),
            page_name=save_as.removesuffix("index.html").rstrip("/") or "index",
            url=setting(settings, "FEEDS_PAGE_URL"), feed_catalog=self.context["FEED_CATALOG"],
            feeds_max_items=setting(settings, "FEEDS_MAX_ITEMS"),
        )
        base = site_url(settings)
        entries = {}

        def entry(story_id: str):
            if story_id not in entries:
                article = self.articles[story_id]
                entries[story_id], warnings = feed_entry(
                    article.story, article.get_content(base), str(getattr(article, "summary", "") or ""),
                    f"{base}/{article.url}", site_url=base, tag_authority=setting(settings, "FEEDS_TAG_AUTHORITY"),
                    content_root=settings["PATH"], output_root=settings["OUTPUT_PATH"])
                for warning in warnings:
                    log.warning("feeds: %s", warning)
            return entries[story_id]

        cache = Path(settings.get("CACHE_PATH") or "cache") / "feeds.json"
        changed = write_feeds(settings["OUTPUT_PATH"], self.specs, entry, channel(settings),
                              setting(settings, "FEEDS_DIR"), cache)
        log.info("feeds: %d feeds (RSS + Atom), %d file(s) changed", len(self.specs), len(changed))


def get_generators(pelican):
    return FeedsGenerator


def register() -> None:
    signals.initialized.connect(check_pelican_feeds_off)
    signals.get_generators.connect(get_generators)


__all__ = ["register", "FeedInputError"]
