"""thai_metadata: writers write in Thai; the build reads Thai keys and Buddhist-era dates into the canonical
metadata contract, and fails listing every content problem (file:line: field: message)."""
from __future__ import annotations

from pathlib import Path

from pelican import signals

from . import settings as plugin_settings
from .checks import duplicate_id_problems
from .display import jinja_filters
from .problems import ContentError, Problem
from .reader import ThaiMarkdownReader
from .slugs import load_romanized, save_romanized


def add_reader(readers):
    for ext in ThaiMarkdownReader.file_extensions:
        readers.reader_classes[ext] = ThaiMarkdownReader


def add_filters(pelican):
    load_romanized(Path(pelican.settings.get("CACHE_PATH") or "cache") / "thai_metadata" / "romanized.json")
    filters = jinja_filters(plugin_settings.get(pelican.settings, "THAI_DIGITS"))
    pelican.settings["JINJA_FILTERS"] = {**pelican.settings.get("JINJA_FILTERS", {}), **filters}


def content_problems(generators) -> list[Problem]:
    """Every problem the Thai readers of this build collected, and every story id used twice."""
    readers = {}
    for generator in generators:
        for reader in getattr(getattr(generator, "readers", None), "readers", {}).values():
            if isinstance(reader, ThaiMarkdownReader):
                readers[id(reader)] = reader
    problems = {p for r in readers.values() for p in r.problems}
    ids = {s for r in readers.values() for s in r.story_ids}
    problems.update(duplicate_id_problems(sorted(ids)))
    return sorted(problems)


def fail_on_problems(generators):
    save_romanized()
    problems = content_problems(generators)
    if problems:
        raise ContentError(problems)


def register():
    signals.initialized.connect(add_filters)
    signals.readers_init.connect(add_reader)
    signals.all_generators_finalized.connect(fail_on_problems)
