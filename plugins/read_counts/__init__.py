"""Read counts: the manifest of countable stories for the counter service, counts baked into pages
(`อ่าน : N` without JavaScript) and the most-read lists (ข่าวยอดนิยม) for the home page.

Templates get article.reads (legacy_reads + counted reads), most_read = {"day": [(article, reads)], "week": [...]},
and READ_COUNTS_API (where theme/static/js/read-counts.js calls the service); the `grouped` filter shows a count
with thousands separators (`อ่าน : 1,204`).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from pelican import signals

from .display import grouped
from .manifest import manifest_data, write_manifest
from .most_read import most_read
from .settings import DEFAULTS
from .sources import load_counts


def _defaults(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    pelican.settings["JINJA_FILTERS"] = {**pelican.settings.get("JINJA_FILTERS", {}), "grouped": grouped}


def _published(generator):
    return [a for a in generator.articles if getattr(a, "status", "published") == "published"]


def bake_counts(generator):
    """Attach article.reads and the most-read lists to the shared template context."""
    settings = generator.settings
    articles = _published(generator)
    legacy = {a.story_id: int(a.legacy_reads) for a in articles}
    today = datetime.now(ZoneInfo(settings.get("TIMEZONE", "Asia/Bangkok"))).date()
    base = Path(settings["PATH"]).resolve().parent  # the project folder (content/'s parent)
    counts = load_counts(settings["READ_COUNTS_SOURCE"], legacy, today, base, settings["READ_COUNTS_TIMEOUT"])
    for article in [*generator.articles, *generator.drafts]:
        article.reads = int(article.legacy_reads) + counts.total.get(article.story_id, 0)
    limit = settings["READ_COUNTS_MOST_READ"]
    generator.context["most_read"] = {
        "day": most_read(articles, counts.day, limit),
        "week": most_read(articles, counts.week, limit),
    }
    generator.context["READ_COUNTS_API"] = settings["READ_COUNTS_API"]
    generator.context["READ_COUNTS_MOST_READ"] = limit


def write_story_manifest(generator, writer):
    """output/api/stories.json: the countable stories (published, drafts excluded) for the service."""
    data = manifest_data(_published(generator), generator.settings.get("SITEURL", ""))
    write_manifest(Path(generator.output_path) / generator.settings["READ_COUNTS_MANIFEST_SAVE_AS"], data)


def register():
    signals.initialized.connect(_defaults)
    signals.article_generator_finalized.connect(bake_counts)
    signals.article_writer_finalized.connect(write_story_manifest)
