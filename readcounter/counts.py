"""Counts for the build (read-only): the counter's own function for reading its store, so nothing else knows its
tables. plugins/read_counts bakes these into pages and most-read lists.

    read_counts(source, legacy, today, base) -> Counts(total, day, week)

`source` is the service's SQLite file (a path, relative to `base`), a PostgreSQL URL (postgresql:// or postgres://,
read in a read-only transaction) or the service's API URL (http(s)://host/api). Neither there (missing file,
unreachable URL or server): a warning and no counted reads, so pages show legacy reads and the build goes on.
A file or database that is not a read counter's raises ReadCountsError naming it.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

log = logging.getLogger("readcounter.counts")
BATCH = 100  # the API's limit of ids per GET /reads


class ReadCountsError(RuntimeError):
    pass


@dataclass
class Counts:
    """Counted reads (without legacy_reads): all time, today, the last 7 days (today included)."""

    total: dict[str, int] = field(default_factory=dict)
    day: dict[str, int] = field(default_factory=dict)
    week: dict[str, int] = field(default_factory=dict)


def read_counts(source: str, legacy: dict[str, int], today: date, base: Path | None = None,
                timeout: float = 3.0) -> Counts:
    """legacy: {story_id: legacy_reads} of the stories being built (the API answers legacy + counted)."""
    if not source:
        return Counts()
    if source.startswith(("http://", "https://")):
        return counts_from_api(source.rstrip("/"), legacy, timeout)
    if source.startswith(("postgresql://", "postgres://")):
        return counts_from_postgres(source, today, timeout)
    path = Path(source)
    if not path.is_absolute() and base is not None:
        path = Path(base) / path
    if not path.exists():
        log.info("read counts: %s not found; pages show legacy read counts", path)
        return Counts()
    return counts_from_sqlite(path, today)


def _split(rows, today: date) -> tuple[dict[str, int], dict[str, int]]:
    day, week = {}, {}
    for story_id, row_day, reads in rows:
        week[story_id] = week.get(story_id, 0) + reads
        if row_day == today:
            day[story_id] = day.get(story_id, 0) + reads
    return day, week


def counts_from_sqlite(path: Path, today: date) -> Counts:
    week_start = (today - timedelta(days=6)).isoformat()
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            total = dict(conn.execute("SELECT story_id, reads FROM reads_total"))
            rows = [(s, date.fromisoformat(d), n) for s, d, n in conn.execute(
                "SELECT story_id, day, reads FROM reads_daily WHERE day >= ?", (week_start,))]
        finally:
            conn.close()
    except (sqlite3.Error, ValueError) as exc:
        raise ReadCountsError(f"READ_COUNTS_SOURCE {path}: not a read-counter database: {exc}") from None
    day, week = _split(rows, today)
    return Counts(total, day, week)


def counts_from_postgres(url: str, today: date, timeout: float) -> Counts:
    import psycopg

    from readcounter.postgres_store import safe_url

    label = safe_url(url)
    try:
        conn = psycopg.connect(url, connect_timeout=max(1, round(timeout)), application_name="readcounter-build")
    except psycopg.OperationalError as exc:
        log.warning("read counts: %s unreachable (%s); pages show legacy read counts", label,
                    str(exc).strip().splitlines()[0] if str(exc).strip() else exc)
        return Counts()
    try:
        with conn, conn.transaction():
            conn.execute("SET TRANSACTION READ ONLY")
            total = dict(conn.execute(
                "SELECT story_id, sum(reads)::bigint FROM reads_total GROUP BY story_id").fetchall())
            rows = conn.execute("SELECT story_id, day, sum(reads)::bigint FROM reads_daily WHERE day >= %s "
                                "GROUP BY story_id, day", (today - timedelta(days=6),)).fetchall()
    except psycopg.errors.UndefinedTable as exc:
        raise ReadCountsError(f"READ_COUNTS_SOURCE {label}: not a read-counter database: "
                              f"{str(exc).strip().splitlines()[0]}") from None
    except psycopg.OperationalError as exc:
        log.warning("read counts: %s failed (%s); pages show legacy read counts", label, exc)
        return Counts()
    day, week = _split(rows, today)
    return Counts(total, day, week)


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
