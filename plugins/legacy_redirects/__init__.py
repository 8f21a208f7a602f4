"""Legacy addresses: every old address of a story (ที่อยู่เดิม / legacy_url, one or several) keeps working: two nginx
maps (read by the local server too), and redirect pages where a static file can stand.

  legacy-redirects.map  the exact request ($request_uri), in each form a browser may send (nuea.legacy_requests)
  legacy-ids.map        the path and id argument ("$uri|$arg_id"): links with extra parameters (&fbclid=...)

register() connects one generator, LegacyRedirects, made anew for each build:
  generate_context: read and check each live story's old addresses; two stories claiming one fail the build
  generate_output:  write the redirect pages and the maps (after the story and list pages, so a redirect can never
                    hide a page of the new site)
"""
from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from nuea.files import write_if_changed
from nuea.legacy_requests import fold_key, id_key_owners, request_forms
from nuea.legacy_urls import LegacyAddress, LegacyUrlError, parse_legacy_url
from nuea.problems import ContentFailure

from .nginx_map import nginx_map
from .redirect_pages import is_ours, render_redirect_page
from .settings import DEFAULTS

log = logging.getLogger(__name__)


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
            key = fold_key(address.request_uri)  # nginx cannot tell keys apart that differ only in case
            if key in seen and seen[key] is not article:
                raise LegacyRedirectError(f"legacy_url {value!r} is claimed by two stories: "
                                          f"{seen[key].story.source_path} and {story.source_path}")
            if key not in seen:
                seen[key] = article
                redirects.append((address, article))
    return redirects


def exact_map(redirects, target_of) -> dict[str, str]:
    """request -> new URL for every form of every address; a browser's form never displaces an address as written."""
    entries: dict[str, tuple[str, str]] = {}  # folded -> (request, target)
    for address, article in redirects:
        entries[fold_key(address.request_uri)] = (address.request_uri, target_of(article))
    for address, article in redirects:
        for form in request_forms(address.request_uri)[1:]:
            entries.setdefault(fold_key(form), (form, target_of(article)))
    return dict(entries.values())


def id_map(articles, withdrawn, target_of) -> tuple[dict[str, str], dict[str, set[str]]]:
    """("$uri|$arg_id" -> new URL for keys one live story owns, keys shared by several stories). Withdrawn stories
    count as owners too: a key of theirs never redirects to another story."""
    live = {a.story.id: a for a in articles}
    owners = id_key_owners([(a.story.id, a.story.legacy_urls) for a in articles]
                           + [(s.id, s.legacy_urls) for s in withdrawn])
    return {key: target_of(live[sid]) for key, sid in owners.of(set(live)).items()}, owners.shared


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
            write_if_changed(output / map_name, nginx_map(exact_map(self.redirects, self._target)))
        id_map_name = _setting(self.settings, "LEGACY_ID_MAP_SAVE_AS")
        if id_map_name:
            by_id, shared = id_map(self.context.get("articles", ()), self.context.get("WITHDRAWN_STORIES", ()),
                                   self._target)
            if shared:
                examples = "; ".join(f"{key} ({', '.join(sorted(ids))})" for key, ids in sorted(shared.items())[:5])
                log.warning("legacy_redirects: %d old path+id keys are shared by several stories, so only their exact "
                            "addresses redirect: %s", len(shared), examples)
            write_if_changed(output / id_map_name, nginx_map(by_id))

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
