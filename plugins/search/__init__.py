"""Search: Thai full-text search of every published story, and the search page (ค้นหาข่าว).

get_generators → SearchGenerator (generator.py), which after the stories are read:
  - syncs the search service's index (searchservice: SQLite FTS5, text and query cut by PyThaiNLP),
  - rebuilds the static fallback index (Pagefind) when a story changed,
  - writes the search page.
What is indexed comes from each story's record (story_records.py), never from built pages.
"""
from pelican import signals

from .generator import SearchGenerator
from .settings import DEFAULTS


def _defaults(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def _generators(pelican):
    return SearchGenerator


def register():
    signals.initialized.connect(_defaults)
    signals.get_generators.connect(_generators)
