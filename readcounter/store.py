"""Where counted reads live: a small Store interface and its SQLite (WAL) implementation.

A server database (e.g. PostgreSQL, for several service instances) implements the same four methods.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Protocol


class Store(Protocol):
    def add_reads(self, reads: Mapping[tuple[str, str], int]) -> dict[str, int]:
        """Add {(story_id, day): n} in ONE committed transaction; return the new totals of those stories."""

    def totals(self, story_ids: Iterable[str]) -> dict[str, int]:
        """Counted reads (all time) of the given stories; stories never read are absent."""

    def window_totals(self, since_day: str | None) -> dict[str, int]:
        """Counted reads per story on days >= since_day (all time when None)."""

    def close(self) -> None: ...


# The build (plugins/read_counts/sources.py) reads these two tables read-only: keep them stable.
SCHEMA = """
CREATE TABLE IF NOT EXISTS reads_daily (
    story_id TEXT NOT NULL, day TEXT NOT NULL, reads INTEGER NOT NULL,
    PRIMARY KEY (story_id, day)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reads_daily_day ON reads_daily (day);
CREATE TABLE IF NOT EXISTS reads_total (
    story_id TEXT PRIMARY KEY, reads INTEGER NOT NULL) WITHOUT ROWID;
"""

UPSERT_DAILY = (
    "INSERT INTO reads_daily (story_id, day, reads) VALUES (?, ?, ?) "
    "ON CONFLICT (story_id, day) DO UPDATE SET reads = reads + excluded.reads"
)
UPSERT_TOTAL = (
    "INSERT INTO reads_total (story_id, reads) VALUES (?, ?) "
    "ON CONFLICT (story_id) DO UPDATE SET reads = reads + excluded.reads"
)


def _connect(path: Path, synchronous: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={synchronous}")
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


class SQLiteStore:
    """One writer connection (used by one commit thread at a time) and one reader connection."""

    def __init__(self, path: Path, synchronous: str = "FULL", checkpoint_every: float = 1.0):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = _connect(self.path, synchronous)
        self._writer.executescript(SCHEMA)
        self._reader = _connect(self.path, synchronous)
        self._read_lock = threading.Lock()
        # Checkpoints run beside the commits (a PASSIVE checkpoint never blocks a writer), not inside a commit
        # as SQLite's auto-checkpoint would, which stalled every read acknowledged behind it.
        self._writer.execute("PRAGMA wal_autocheckpoint=0")
        self._stop = threading.Event()
        self._checkpointer = threading.Thread(
            target=self._checkpoint_loop, args=(synchronous, checkpoint_every), daemon=True,
            name="readcounter-checkpoint",
        )
        self._checkpointer.start()

    def _checkpoint_loop(self, synchronous: str, every: float) -> None:
        conn = _connect(self.path, synchronous)
        try:
            while not self._stop.wait(every):
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            conn.close()

    def add_reads(self, reads):
        by_story: dict[str, int] = {}
        for (story_id, _day), n in reads.items():
            by_story[story_id] = by_story.get(story_id, 0) + n
        conn = self._writer
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany(UPSERT_DAILY, [(s, d, n) for (s, d), n in reads.items()])
            conn.executemany(UPSERT_TOTAL, list(by_story.items()))
            totals = self._select_totals(conn, by_story)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return totals

    @staticmethod
    def _select_totals(conn, story_ids) -> dict[str, int]:
        ids = list(story_ids)
        totals = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            totals.update(conn.execute(f"SELECT story_id, reads FROM reads_total WHERE story_id IN ({marks})", chunk))
        return totals

    def totals(self, story_ids):
        with self._read_lock:
            return self._select_totals(self._reader, story_ids)

    def window_totals(self, since_day):
        with self._read_lock:
            if since_day is None:
                return dict(self._reader.execute("SELECT story_id, reads FROM reads_total"))
            rows = self._reader.execute(
                "SELECT story_id, SUM(reads) FROM reads_daily WHERE day >= ? GROUP BY story_id", (since_day,)
            )
            return dict(rows)

    def close(self):
        self._stop.set()
        self._checkpointer.join()
        self._writer.close()
        self._reader.close()
