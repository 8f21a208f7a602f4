"""Search: Thai full-text search of every published story, and the search page (ค้นหาข่าว).

initialized → settings defaults. The indexes are kept by the site build (sitebuild/search_step.py, the one place
the build talks to search) from the model's story records (story_records.py), never from built pages:
  - the search service's index (searchservice: SQLite FTS5, text and query cut by PyThaiNLP), synced after every
    full build and updated one story at a time by a fast publish (story_updates.py),
  - the static fallback index (Pagefind, static_index.py), rebuilt when a record changed,
  - the search page, one of the build's planned pages.
(service_index.py: where the service's index lives. No Pelican signal writes an index: a signal would only see the
stories read in one run, which for a fast publish is one story.)
"""
from pelican import signals

from .settings import DEFAULTS


def _defaults(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def register():
    signals.initialized.connect(_defaults)
