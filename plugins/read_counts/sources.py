"""Counted reads for the build, through the counter's own read-only function (readcounter.counts), which knows its
store: the service's SQLite file, a PostgreSQL URL or the service's API URL (READ_COUNTS_SOURCE).

Neither there: no counted reads (pages show legacy_reads). The build never needs the service running.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from readcounter.counts import Counts, ReadCountsError, read_counts

__all__ = ["Counts", "ReadCountsError", "load_counts"]


def load_counts(source: str, legacy: dict[str, int], today: date, base: Path, timeout: float = 3.0) -> Counts:
    """legacy: {story_id: legacy_reads} of the stories being built."""
    return read_counts(source, legacy, today, base, timeout)
