"""RSS 2.0 and Atom feeds with feedgen: all news, each province, agency, section and tag (kinds.py).

register() is the whole life of the plugin:
  initialized    -> Pelican's own feeds must be off (every FEED_* None)
  get_generators -> FeedsGenerator, one per build: a missing lead photo of a story read fails the build
The site build (sitebuild/site_files.py) plans the feeds from every live story (catalog.plan_feeds), gives
templates `feeds_for` (page_links.FeedCatalog), and writes the ติดตามข่าว page and each feed whose stories changed
(build_feed, entries; photo stand-ins are written first, so enclosure lengths are measured on them).
"""
from __future__ import annotations

from pelican import signals
from pelican.generators import Generator

from nuea.site import site_url

from .build_feed import Channel
from .catalog import FeedInputError
from .entries import photo_file
from .settings import setting

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
    def generate_context(self):
        for article in self.context.get("articles", ()):
            photo_file(article.story, self.settings["PATH"])  # fails the build naming the file and photo


def get_generators(pelican):
    return FeedsGenerator


def register() -> None:
    signals.initialized.connect(check_pelican_feeds_off)
    signals.get_generators.connect(get_generators)


__all__ = ["register", "FeedInputError"]
