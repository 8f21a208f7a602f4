"""thai_metadata: writers write in Thai; the build reads Thai keys and Buddhist-era dates into the story contract
(`article.story`, nuea.story.Story) and fails listing every problem (file:line: field: message) of the stories
going out; problems of drafts are listed as warnings and the build goes on without those stories.

register() is the plugin's whole life:
  initialized              -> Thai date filters for the theme
  readers_init             -> the Thai Markdown reader for .md files
  article_generator_finalized -> the build's withdrawn stories for the templates and plugins (WITHDRAWN_STORIES)
  all_generators_finalized -> every problem of every file read: fail on those of live stories
"""
from __future__ import annotations

import logging

from pelican import signals

from nuea.checks import assess
from nuea.clock import build_now
from nuea.problems import ContentError
from nuea.statuses import Status

from .display import jinja_filters
from .reader import ThaiMarkdownReader

log = logging.getLogger(__name__)


def add_reader(readers):
    for ext in ThaiMarkdownReader.file_extensions:
        readers.reader_classes[ext] = ThaiMarkdownReader


def add_filters(pelican):
    filters = jinja_filters(pelican.settings.get("THAI_DIGITS", False))
    pelican.settings["JINJA_FILTERS"] = {**pelican.settings.get("JINJA_FILTERS", {}), **filters}


def thai_readers(generators) -> list[ThaiMarkdownReader]:
    found = {}
    for generator in generators:
        for reader in getattr(getattr(generator, "readers", None), "readers", {}).values():
            if isinstance(reader, ThaiMarkdownReader):
                found[id(reader)] = reader
    return list(found.values())


def note_withdrawn(generator):
    checks = [c for r in thai_readers([generator]) for c in r.checks]
    generator.context["WITHDRAWN_STORIES"] = sorted(
        (c.story for c in checks if c.story and c.story.status is Status.WITHDRAWN), key=lambda s: s.id)


def fail_on_problems(generators):
    readers = thai_readers(generators)
    for reader in readers:
        reader.save_caches()
    if not readers:
        return
    settings = readers[0].settings
    checks = [c for r in readers for c in r.checks]
    result = assess(checks, build_now(settings), [p for r in readers for p in r.problems])
    for problem in result.problems:
        if problem.draft:
            log.warning("%s", problem)
    if result.blocking:
        raise ContentError(result.blocking)


def register():
    signals.initialized.connect(add_filters)
    signals.readers_init.connect(add_reader)
    signals.article_generator_finalized.connect(note_withdrawn)
    signals.all_generators_finalized.connect(fail_on_problems)
