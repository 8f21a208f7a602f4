"""Search: a static, Thai-aware Pagefind index of every published story, and the search page (ค้นหาข่าว).

initialized                 → settings defaults
article_generator_finalized → each published story's page and its extra Thai sub-word terms are noted
article_writer_finalized    → writes the search page
finalized                   → Pagefind indexes the noted pages (SEARCH_INDEX = False skips it)
"""
import logging
from pathlib import Path

from pelican import signals

from .extra_terms import extra_terms
from .pagefind_run import index_pages
from .settings import DEFAULTS
from .story_text import searchable_text

log = logging.getLogger(__name__)
_stories: list[tuple[str, str, str]] = []  # (url, save_as, terms) of this build's published stories


def _defaults(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    _stories.clear()


def note_stories(generator):
    settings = generator.settings
    for article in generator.articles:  # published only: drafts are never searchable
        terms = ""
        if settings["SEARCH_EXTRA_TERMS"]:
            terms = " ".join(extra_terms(searchable_text(article), span=settings["SEARCH_TERM_SPAN"]))
        _stories.append(("/" + article.url, article.save_as, terms))


def write_page(generator, writer):
    settings = generator.settings
    if not settings["SEARCH_SAVE_AS"]:
        return
    writer.write_file(
        settings["SEARCH_SAVE_AS"], generator.get_template("search"), generator.context,
        relative_urls=settings["RELATIVE_URLS"], url=settings["SEARCH_URL"], template_name="search",
    )


def index_site(pelican):
    settings = pelican.settings
    if not settings["SEARCH_INDEX"] or not _stories:
        return
    output = Path(pelican.output_path)
    pages = [(url, output / save_as, terms) for url, save_as, terms in sorted(_stories)]
    count = index_pages(pages, output / settings["SEARCH_BUNDLE_DIR"], settings["SEARCH_EXCLUDE_SELECTORS"])
    log.info("search: Pagefind indexed %d stories", count)


def register():
    signals.initialized.connect(_defaults)
    signals.article_generator_finalized.connect(note_stories)
    signals.article_writer_finalized.connect(write_page)
    signals.finalized.connect(index_site)
