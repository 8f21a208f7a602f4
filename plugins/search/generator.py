"""SearchGenerator: the plugin's state for one build (registered with get_generators, as pelican-plugins/search).

generate_context: notes the index's change counter before anything is read, so a story fast-published during
                  this build is replayed into the rebuilt index, never lost.
generate_output:  records of the published stories → the service index (synced: only changed stories are
                  re-cut), the static fallback (rebuilt only when a record changed), and the search page.
"""
from __future__ import annotations

import logging
from pathlib import Path

from pelican.generators import Generator

from searchservice.index_rows import searchable_body
from searchservice.store import IndexWriter

from . import static_index
from .settings import search_settings
from .story_records import record_from_article

log = logging.getLogger(__name__)


def _extra_terms(records, span: int) -> list[str]:
    from .extra_terms import extra_terms  # PyThaiNLP sub-word terms: the old recall aid, off by default

    return [" ".join(extra_terms(r.title + "\n" + searchable_body(r), span=span)) for r in records]


def index_folder(settings, output_path) -> Path:
    """Where the service's index lives: SEARCH_SERVICE_INDEX, or <OUTPUT_PATH>/../var/search."""
    configured = settings.get("SEARCH_SERVICE_INDEX")
    return Path(configured) if configured else Path(output_path).resolve().parent / "var" / "search"


class SearchGenerator(Generator):
    """Holds what search noted during one build and writes it (a generator, so no module state)."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        super().__init__(context, settings, path, theme, output_path, *args, **kwargs)
        self.options = search_settings(settings)
        out = Path(output_path)
        self.index = IndexWriter(index_folder(settings, out), workers=self.options["SEARCH_WORKERS"])
        self.bundle = out / self.options["SEARCH_BUNDLE_DIR"]
        self.stamp_file = Path(settings.get("CACHE_PATH") or "cache") / "search" / "fallback.json"
        self.since = 0

    def generate_context(self):
        if self.options["SEARCH_INDEX"]:
            self.since = self.index.last_change()

    def records(self) -> list:
        articles = self.context.get("articles", [])  # published only: drafts are never searchable
        return sorted((record_from_article(a) for a in articles), key=lambda r: r.url)

    def generate_output(self, writer):
        self.write_page(writer)
        if not self.options["SEARCH_INDEX"]:
            return
        records = self.records()
        result = self.index.sync(records, since=self.since)
        log.info("search: %d stories indexed (%s; %d added, %d replaced, %d removed, %d unchanged)",
                 len(records), "rebuilt" if result.rebuilt else "synced", result.added, result.replaced,
                 result.removed, result.unchanged)
        if self.options["SEARCH_FALLBACK"] and records:
            self.write_fallback(records)

    def write_fallback(self, records) -> None:
        opts = self.options
        records = static_index.newest(records, opts["SEARCH_FALLBACK_STORIES"])
        terms = _extra_terms(records, opts["SEARCH_TERM_SPAN"]) if opts["SEARCH_EXTRA_TERMS"] else [""] * len(records)
        stamp = static_index.fingerprint(records, terms, {"chars": opts["SEARCH_FALLBACK_CHARS"],
                                                          "stories": opts["SEARCH_FALLBACK_STORIES"]})
        if static_index.is_current(self.stamp_file, self.bundle, stamp):
            log.info("search: static fallback index of %d stories unchanged", len(records))
            return
        count = static_index.build_bundle(records, self.bundle, terms, max_chars=opts["SEARCH_FALLBACK_CHARS"])
        static_index.remember(self.stamp_file, self.bundle, stamp)
        log.info("search: static fallback index (Pagefind) of %d stories written", count)

    def write_page(self, writer):
        opts = self.options
        if opts["SEARCH_SAVE_AS"]:
            writer.write_file(opts["SEARCH_SAVE_AS"], self.get_template("search"), self.context,
                              relative_urls=self.settings["RELATIVE_URLS"], url=opts["SEARCH_URL"],
                              template_name="search", SEARCH_API=opts["SEARCH_API"])
