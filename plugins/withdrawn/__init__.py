"""Withdrawn stories (สถานะ: ถอนแล้ว) leave the site: their pages are removed from output/, their address and old
addresses answer 410 Gone, with the Thai page 410.html (theme/templates/410.html, a direct template), through two
maps that nginx and the local server read:
  withdrawn.map      the story's path and its old addresses as sent (every form a browser may send)
  withdrawn-ids.map  the old addresses' path and id argument ("$uri|$arg_id"): links with extra parameters
Pages of stories no longer live for another reason (sent back to draft, file removed) are removed too: a kept
output/ never serves what the content no longer publishes.

The site build (sitebuild) writes both maps with gone.gone_map and removes every page it no longer plans; this
plugin holds the maps' format (gone.py, read by scripts/serve.py), what they hold (gone_paths, gone_id_keys) and
their settings.
"""
from __future__ import annotations

from nuea.legacy_requests import id_key_owners, request_forms
from nuea.legacy_urls import LegacyUrlError, parse_legacy_url

DEFAULTS = {
    "WITHDRAWN_MAP_SAVE_AS": "withdrawn.map",  # nginx map (request path -> 1) of addresses that answer 410
    "WITHDRAWN_ID_MAP_SAVE_AS": "withdrawn-ids.map",  # nginx map (old path|id argument -> 1) answering 410
}


def gone_paths(withdrawn, article_url: str) -> list[str]:
    """Every request that answers 410: each withdrawn story's path and every form of its old addresses."""
    paths = []
    for story in withdrawn:
        paths.append("/" + article_url.format(slug=story.id))
        for url in story.legacy_urls:
            try:
                paths += request_forms(parse_legacy_url(url).request_uri)
            except LegacyUrlError:
                continue  # a withdrawn story's bad old address is its own problem, never a build stopper
    return paths


def gone_id_keys(live, withdrawn) -> list[str]:
    """The path|id keys owned by withdrawn stories alone (keys a live story shares are nobody's, as in
    plugins/legacy_redirects). `live`: the live stories."""
    owners = id_key_owners([(s.id, s.legacy_urls) for s in live] + [(s.id, s.legacy_urls) for s in withdrawn])
    return sorted(owners.of({s.id for s in withdrawn}))


def register():
    """Nothing to connect: the build writes the maps (see the module docstring)."""
