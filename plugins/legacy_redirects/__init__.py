"""Legacy addresses: every old address of a story (ที่อยู่เดิม / legacy_url, one or several) keeps working: two nginx
maps (read by the local server too), and redirect pages where a static file can stand.

  legacy-redirects.map  the exact request ($request_uri), in each form a browser may send (nuea.legacy_requests)
  legacy-ids.map        the path and id argument ("$uri|$arg_id"): links with extra parameters (&fbclid=...)

register() connects one generator, LegacyRedirects, made anew for each build:
  generate_context: read and check each live story's old addresses; two stories claiming one fail the build.
The maps (nginx_map.py, with exact_map and id_map below) and the redirect pages (redirect_pages.py) are written by
the site build (sitebuild), which plans them with every other output file, so a redirect page can never hide a page
of the new site.
"""
from __future__ import annotations

from pelican import signals
from pelican.generators import Generator

from nuea.legacy_requests import fold_key, id_key_owners, request_forms
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


def exact_map(redirects, target_of) -> dict[str, str]:
    """request -> new URL for every form of every address; a browser's form never displaces an address as written."""
    entries: dict[str, tuple[str, str]] = {}  # folded -> (request, target)
    for address, item in redirects:
        entries[fold_key(address.request_uri)] = (address.request_uri, target_of(item))
    for address, item in redirects:
        for form in request_forms(address.request_uri)[1:]:
            entries.setdefault(fold_key(form), (form, target_of(item)))
    return dict(entries.values())


def id_map(live, withdrawn) -> tuple[dict[str, str], dict[str, set[str]]]:
    """("$uri|$arg_id" -> new URL for keys one live story owns, keys shared by several stories). `live`: (story,
    new URL) of every live story; `withdrawn`: the withdrawn stories, which count as owners too: a key of theirs
    never redirects to another story."""
    target = {story.id: url for story, url in live}
    owners = id_key_owners([(story.id, story.legacy_urls) for story, _ in live]
                           + [(s.id, s.legacy_urls) for s in withdrawn])
    return {key: target[sid] for key, sid in owners.of(set(target)).items()}, owners.shared


class LegacyRedirects(Generator):
    def generate_context(self):
        self.redirects = claimed_addresses(self.context.get("articles", ()))


def get_generators(pelican):
    return LegacyRedirects


def register():
    signals.get_generators.connect(get_generators)
