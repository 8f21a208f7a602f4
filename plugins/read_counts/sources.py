"""Counted reads for the build: from the service's SQLite file (read-only) or from its API URL.

Neither there: no counted reads (pages show legacy_reads). The build never needs the service running.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

log = logging.getLogger(__name__)
BATCH = 100  # the API's limit of ids per GET /reads


class ReadCountsError(RuntimeError):
    pass


@dataclass
class Counts:
    """Counted reads (without legacy_reads): all time, today, the last 7 days."""

    total: dict[str, int] = field(default_factory=dict)
    day: dict[str, int] = field(default_factory=dict)
    week: dict[str, int] = field(default_factory=dict)


def load_counts(source: str, legacy: dict[str, int], today: date, base: Path, timeout: float = 3.0) -> Counts:
    """legacy: {story_id: legacy_reads} of the stories being built."""
    if not source:
        return Counts()
    if source.startswith(("http://", "https://")):
        return counts_from_api(source.rstrip("/"), legacy, timeout)
    path = Path(source) if Path(source).is_absolute() else base / source
    if not path.exists():
        log.info("read counts: %s not found; pages show legacy read counts", path)
        return Counts()
    return counts_from_sqlite(path, today)


def counts_from_sqlite(path: Path, today: date) -> Counts:
    """Read the service's tables read-only (reads_total, reads_daily: see readcounter/store.py)."""
    week_start = (today - timedelta(days=6)).isoformat()
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            total = dict(conn.execute("SELECT story_id, reads FROM reads_total"))
            rows = conn.execute(
                "SELECT story_id, day, reads FROM reads_daily WHERE day >= ?", (week_start,)
            ).fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise ReadCountsError(f"READ_COUNTS_SOURCE {path}: not a read-counter database: {exc}") from None
    counts = Counts(total=total)
    for story_id, day, reads in rows:
        counts.week[story_id] = counts.week.get(story_id, 0) + reads
        if day == today.isoformat():
            counts.day[story_id] = counts.day.get(story_id, 0) + reads
    return counts


def counts_from_api(url: str, legacy: dict[str, int], timeout: float) -> Counts:
    """GET /reads?ids=... in batches and /reads/top for today and the week. Unreachable: warning, no counts."""
    import httpx

    counts = Counts()
    story_ids = sorted(legacy)
    try:
        with httpx.Client(base_url=url, timeout=timeout) as client:
            for start in range(0, len(story_ids), BATCH):
                answer = client.get("/reads", params={"ids": ",".join(story_ids[start : start + BATCH])})
                answer.raise_for_status()
                for story_id, reads in answer.json().items():  # the API answers legacy + counted
                    if story_id in legacy:
                        counts.total[story_id] = max(0, int(reads) - legacy[story_id])
            for window in ("day", "week"):
                answer = client.get("/reads/top", params={"window": window, "limit": 100})
                answer.raise_for_status()
                getattr(counts, window).update({s["id"]: s["reads"] for s in answer.json()["stories"]})
    except (httpx.HTTPError, ValueError, KeyError) as exc:
        log.warning("read counts: %s unusable (%s); pages show legacy read counts", url, exc)
        return Counts()
    return counts
