"""Search: a static, Thai-aware Pagefind index of every story, and the search page (ค้นหาข่าว).

initialized                 → settings defaults
article_generator_finalized → each story gets `search_terms` (extra Thai sub-word index terms)
article_writer_finalized    → writes the search page
finalized                   → runs Pagefind over the output (SEARCH_INDEX = False skips it)
"""
import logging
from pathlib import Path

from pelican import signals

from .extra_terms import extra_terms
from .pagefind_run import run_pagefind
from .settings import DEFAULTS
from .story_text import searchable_text

log = logging.getLogger(__name__)


def _defaults(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)


def add_terms(generator):
    settings = generator.settings
    for article in generator.articles + generator.drafts:
        article.search_terms = ""
        if settings["SEARCH_EXTRA_TERMS"]:
            terms = extra_terms(searchable_text(article), span=settings["SEARCH_TERM_SPAN"])
            article.search_terms = " ".join(terms)


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
    output = Path(pelican.output_path)
    if not settings["SEARCH_INDEX"]:
        return
    if not any(output.glob(settings["SEARCH_GLOB"])):
        log.info("search: no story pages match %s, nothing to index", settings["SEARCH_GLOB"])
        return
    pages = run_pagefind(output, settings["SEARCH_GLOB"], settings["SEARCH_BUNDLE_DIR"],
                         settings["SEARCH_EXCLUDE_SELECTORS"])
    log.info("search: Pagefind indexed %d stories", pages)


def register():
    signals.initialized.connect(_defaults)
    signals.article_generator_finalized.connect(add_terms)
    signals.article_writer_finalized.connect(write_page)
    signals.finalized.connect(index_site)
