"""Withdrawn stories (สถานะ: ถอนแล้ว) leave the site: their pages are removed from output/, their address and old
addresses answer 410 Gone, with the Thai page 410.html (theme/templates/410.html, a direct template), through two
maps that nginx and the local server read:
  withdrawn.map      the story's path and its old addresses as sent (every form a browser may send)
  withdrawn-ids.map  the old addresses' path and id argument ("$uri|$arg_id"): links with extra parameters
Pages of stories no longer live for another reason (sent back to draft, file removed) are removed too: a kept
output/ never serves what the content no longer publishes.

register() connects one generator, Withdrawn, made anew for each build:
  generate_output: prune story pages that are not live, write withdrawn.map and withdrawn-ids.map
"""
from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from nuea.files import write_if_changed
from nuea.legacy_requests import id_key_owners, request_forms
from nuea.legacy_urls import LegacyUrlError, parse_legacy_url

from .gone import gone_map, prune_story_pages, story_folder

log = logging.getLogger(__name__)
DEFAULTS = {
    "WITHDRAWN_MAP_SAVE_AS": "withdrawn.map",  # nginx map (request path -> 1) of addresses that answer 410
    "WITHDRAWN_ID_MAP_SAVE_AS": "withdrawn-ids.map",  # nginx map (old path|id argument -> 1) answering 410
}


def _setting(settings, key):
    return settings.get(key, DEFAULTS[key])


class Withdrawn(Generator):
    def generate_output(self, writer):
        settings, output = self.settings, Path(self.output_path)
        live = {a.story.id for a in self.context.get("articles", ())}
        folder = story_folder(settings.get("ARTICLE_SAVE_AS", ""))
        if folder:
            removed = prune_story_pages(output, folder, live)
            if removed:
                log.info("withdrawn: removed the pages of %d stories that are not live: %s", len(removed),
                         ", ".join(removed))
        withdrawn = self.context.get("WITHDRAWN_STORIES", ())
        paths = []
        for story in withdrawn:
            paths.append("/" + settings["ARTICLE_URL"].format(slug=story.id))
            for url in story.legacy_urls:
                try:
                    paths += request_forms(parse_legacy_url(url).request_uri)
                except LegacyUrlError:
                    continue  # a withdrawn story's bad old address is its own problem, never a build stopper
        name = _setting(settings, "WITHDRAWN_MAP_SAVE_AS")
        if name:
            write_if_changed(output / name, gone_map(paths))
        id_name = _setting(settings, "WITHDRAWN_ID_MAP_SAVE_AS")
        if id_name:  # keys a live story shares are nobody's (plugins/legacy_redirects leaves them out too)
            owners = id_key_owners([(a.story.id, a.story.legacy_urls) for a in self.context.get("articles", ())]
                                   + [(s.id, s.legacy_urls) for s in withdrawn])
            write_if_changed(output / id_name, gone_map(owners.of({s.id for s in withdrawn})))


def get_generators(pelican):
    return Withdrawn


def register():
    signals.get_generators.connect(get_generators)
