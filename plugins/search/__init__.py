"""Search: a static, Thai-aware Pagefind index of every published story, and the search page (ค้นหาข่าว).

initialized → settings defaults. The index is made by the site build (sitebuild/search_step.py) from the model's
stories after their pages are written, with this plugin's modules (story_text, extra_terms, index_cache,
pagefind_run); the search page is one of the build's planned pages. (A Pelican signal here would only see the
stories read in one run, which for a fast publish is one story.)
"""
from pelican import signals

from .settings import DEFAULTS


def _defaults(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def register():
    signals.initialized.connect(_defaults)
