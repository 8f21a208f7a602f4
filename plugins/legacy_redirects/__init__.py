"""Legacy addresses: every old address of a story (ที่อยู่เดิม / legacy_url, one or several) keeps working: an nginx
map, and redirect pages where a static file can stand.

register() connects one generator, LegacyRedirects, made anew for each build:
  generate_context: read and check each live story's old addresses; two stories claiming one fail the build
  generate_output:  write the redirect pages and the map (after the story and list pages, so a redirect can never
                    hide a page of the new site)
"""
from __future__ import annotations

from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from nuea.files import write_if_changed
from nuea.legacy_urls import LegacyAddress, LegacyUrlError, parse_legacy_url
from nuea.problems import ContentFailure

from .nginx_map import nginx_map
from .redirect_pages import is_ours, render_redirect_page
from .settings import DEFAULTS


class LegacyRedirectError(ContentFailure, ValueError):
    """An old address that cannot redirect (malformed, claimed twice, or hiding a page of the new site)."""


def _setting(settings, key):
    return settings.get(key, DEFAULTS[key])


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
    def _target(self, article) -> str:
        siteurl = self.settings.get("SITEURL", "")
        return f"{siteurl.rstrip('/')}/{article.url}" if siteurl else f"/{article.url}"

    def generate_context(self):
        self.redirects = claimed_addresses(self.context.get("articles", ()))

    def generate_output(self, writer):
        output = Path(self.output_path)
        if _setting(self.settings, "LEGACY_REDIRECT_PAGES"):
            for address, article in self.redirects:
                if address.page_file:
                    self._write_page(output, address, article)
        map_name = _setting(self.settings, "LEGACY_MAP_SAVE_AS")
        if map_name:
            text = nginx_map({address.request_uri: self._target(article) for address, article in self.redirects})
            write_if_changed(output / map_name, text)

    def _write_page(self, output: Path, address: LegacyAddress, article) -> None:
        path = output / address.page_file
        if path.exists() and not is_ours(path):
            raise LegacyRedirectError(
                f"{article.story.source_path}: legacy_url {address.request_uri!r}: the old address "
                f"/{address.page_file} is a page of the new site; a redirect there would hide it")
        title = Markup(article.title).striptags()
        write_if_changed(path, render_redirect_page(self._target(article), title, self.settings["SITENAME"]))


def get_generators(pelican):
    return LegacyRedirects


def register():
    signals.get_generators.connect(get_generators)
