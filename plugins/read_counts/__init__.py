"""Read counts: the manifest of countable stories for the counter service, counts baked into pages
(`อ่าน : N` without JavaScript) and the most-read lists (ข่าวยอดนิยม) for the home page.

Templates get article.reads (legacy_reads + counted reads), most_read = {"day": [(article, reads)], "week": [...]},
and READ_COUNTS_API (where theme/static/js/read-counts.js calls the service). Only live stories are counted:
generator.articles holds no draft, scheduled-before-its-time or withdrawn story. The site build (sitebuild) loads
the counts once per full build (sources.py), ranks them with most_read.py and writes the manifest in monthly parts
(format: readcounter/manifest.py; story_manifest.py is the single-file form). The `grouped` filter shows a count with
thousands separators (`อ่าน : 1,204`).
"""

from __future__ import annotations

from pathlib import Path

from pelican import signals

from nuea.clock import build_now

from .display import grouped
from .most_read import most_read
from .settings import DEFAULTS
from .sources import load_counts


def _defaults(pelican):
    for key, value in DEFAULTS.items():
        pelican.settings.setdefault(key, value)
    pelican.settings["JINJA_FILTERS"] = {**pelican.settings.get("JINJA_FILTERS", {}), "grouped": grouped}


def bake_counts(generator):
    """Attach article.reads and the most-read lists to the shared template context."""
    settings = generator.settings
    articles = generator.articles
    legacy = {a.story.id: a.story.legacy_reads for a in articles}
    today = build_now(settings).date()
    base = Path(settings["PATH"]).resolve().parent  # the project folder (content/'s parent)
    counts = load_counts(settings["READ_COUNTS_SOURCE"], legacy, today, base, settings["READ_COUNTS_TIMEOUT"])
    for article in [*generator.articles, *generator.drafts]:
        article.reads = article.story.legacy_reads + counts.total.get(article.story.id, 0)
    limit = settings["READ_COUNTS_MOST_READ"]
    generator.context["most_read"] = {
        "day": most_read(articles, counts.day, limit),
        "week": most_read(articles, counts.week, limit),
    }
    generator.context["READ_COUNTS_API"] = settings["READ_COUNTS_API"]
    generator.context["READ_COUNTS_MOST_READ"] = limit


def register():
    signals.initialized.connect(_defaults)
    signals.article_generator_finalized.connect(bake_counts)
