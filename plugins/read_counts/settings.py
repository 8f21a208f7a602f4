"""Defaults of the read_counts plugin (read counts baked into pages, the counter's manifest, most-read lists)."""

DEFAULTS = {
    # where baked counts come from (read by readcounter.counts): the service's SQLite file (path, relative to the
    # project folder), its PostgreSQL URL (postgresql://...) or its API URL (http://host/api). Missing file or
    # unreachable store: counts = legacy_reads (warning).
    "READ_COUNTS_SOURCE": "var/readcounter.sqlite3",
    "READ_COUNTS_TIMEOUT": 3.0,  # seconds per request when READ_COUNTS_SOURCE is a URL
    "READ_COUNTS_MANIFEST_SAVE_AS": "api/stories.json",  # countable story ids + legacy_reads, for the service
    "READ_COUNTS_API": "/api",  # where the page script calls the service (absolute URL if on another host)
    "READ_COUNTS_MOST_READ": 5,  # stories in each ข่าวยอดนิยม list (today, this week)
}
