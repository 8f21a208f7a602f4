"""One story in or out of the search service's index, at once and whole: what fast publishing calls.

    from plugins.search.story_updates import index_story, unindex_story
    index_story(settings, article)          # a new or corrected story (replaces its old text)
    unindex_story(settings, "/news/<id>/")  # a withdrawn story stops matching

`settings` are the build's Pelican settings (OUTPUT_PATH, SEARCH_SERVICE_INDEX). Each call is one SQLite
transaction in the live index (readers see the old story or the new one, never a mix) and is logged, so a full
rebuild running meanwhile replays it before its swap. The static fallback (Pagefind) is not touched: the next
full build rewrites it (the page uses it only while the service is down).
"""
from __future__ import annotations

from searchservice.store import IndexWriter

from .service_index import index_folder
from .story_records import record_from_article


def _writer(settings) -> IndexWriter:
    return IndexWriter(index_folder(settings, settings["OUTPUT_PATH"]), workers=1)


def index_story(settings, article) -> None:
    """Add or replace the published `article` (a Pelican Article; the story contract later)."""
    _writer(settings).put(record_from_article(article))


def unindex_story(settings, url: str) -> bool:
    """Withdraw the story at `url` (its address below the site root); False if it was not indexed."""
    return _writer(settings).remove(url)
