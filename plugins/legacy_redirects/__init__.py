"""Legacy addresses: every old address of a story (ที่อยู่เดิม / legacy_url, one or several) keeps working: an nginx
map, and redirect pages where a static file can stand.

register() connects one generator, LegacyRedirects, made anew for each build:
  generate_context: read and check each live story's old addresses; two stories claiming one fail the build.
The map (nginx_map.py) and the redirect pages (redirect_pages.py) are written by the site build (sitebuild), which
plans them with every other output file, so a redirect page can never hide a page of the new site.
"""
from __future__ import annotations

from pelican import signals
from pelican.generators import Generator

from nuea.legacy_urls import LegacyAddress, LegacyUrlError, parse_legacy_url
from nuea.problems import ContentFailure


class LegacyRedirectError(ContentFailure, ValueError):
    """An old address that cannot redirect (malformed, claimed twice, or hiding a page of the new site)."""


def claimed_addresses(articles) -> list[tuple[LegacyAddress, object]]:
    """(address, article) for every old address of every story; a malformed one or one claimed twice fails."""
    seen, redirects = {}, []
    for article in articles:
        story = article.story
        for value in story.legacy_urls:
            try:
                address = parse_legacy_url(value)
            except LegacyUrlError as exc:
                raise LegacyRedirectError(f"{story.source_path}: legacy_url {value!r}: {exc}") from None
            if address.request_uri in seen:
                raise LegacyRedirectError(f"legacy_url {value!r} is claimed by two stories: "
                                 f"{seen[address.request_uri].story.source_path} and {story.source_path}")
            seen[address.request_uri] = article
            redirects.append((address, article))
    return redirects


class LegacyRedirects(Generator):
    def generate_context(self):
        self.redirects = claimed_addresses(self.context.get("articles", ()))


def get_generators(pelican):
    return LegacyRedirects


def register():
    signals.get_generators.connect(get_generators)
