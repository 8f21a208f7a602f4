"""The embedded store: one SQLite file in WAL mode, for one service instance (the default, `make serve`).

The day's seen-set is kept in the file with the counts, in the same transaction, so a crash or restart never counts
a reader twice as long as the salt survives too (LocalSalts in a RAM folder; with a memory-only salt a restart
makes a new salt, and a reader may be counted once more that day). The salt itself never reaches the file.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from pathlib import Path

from readcounter.calendar import SLOTS, slot_of
from readcounter.counting import Outcome
from readcounter.migrations import migrate_sqlite
from readcounter.salts import LocalSalts, Salt
from readcounter.store import StoreUnavailable, as_day

UPSERT_DAILY = (
    "INSERT INTO reads_daily (story_id, day, reads) VALUES (?, ?, ?) "
    "ON CONFLICT (story_id, day) DO UPDATE SET reads = reads + excluded.reads"
)
UPSERT_TOTAL = (
    "INSERT INTO reads_total (story_id, reads) VALUES (?, ?) "
    "ON CONFLICT (story_id) DO UPDATE SET reads = reads + excluded.reads"
)


def connect(path: Path, synchronous: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={synchronous}")
    conn.execute("PRAGMA busy_timeout=10000")
    return conn


class SQLiteStore:
    """One writer connection (used by one commit thread at a time) and one reader connection."""

    kind = "sqlite"

    def __init__(self, path: Path, synchronous: str = "FULL", checkpoint_every: float = 1.0,
                 salts: LocalSalts | None = None):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.salts = salts or LocalSalts()
        self._writer = connect(self.path, synchronous)
        migrate_sqlite(self._writer)
        self._reader = connect(self.path, synchronous)
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
        conn = connect(self.path, synchronous)
        try:
            while not self._stop.wait(every):
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            conn.close()

    # -- readers ------------------------------------------------------------------------------------------------
    def salt(self, day: date) -> Salt:
        return self.salts.salt(day)

    def _claim_slot(self, conn, salt: Salt) -> None:
        """Make the slot of salt.day hold that day and salt; keys left there by another day or salt are dropped."""
        slot = slot_of(salt.day)
        row = conn.execute("SELECT day, salt_id FROM reader_slots WHERE slot = ?", (slot,)).fetchone()
        if row != (salt.day.isoformat(), salt.salt_id):
            conn.execute(f"DELETE FROM readers_seen_{slot}")
            conn.execute("INSERT OR REPLACE INTO reader_slots (slot, day, salt_id) VALUES (?, ?, ?)",
                         (slot, salt.day.isoformat(), salt.salt_id))

    def record(self, claims, salts):
        conn = self._writer
        conn.execute("BEGIN IMMEDIATE")
        try:
            for salt in salts.values():
                self._claim_slot(conn, salt)
            counted: list[bool] = []
            by_day: dict[tuple[str, str], int] = {}
            for claim in claims:
                cursor = conn.execute(
                    f"INSERT INTO readers_seen_{slot_of(claim.day)} (key) VALUES (?) ON CONFLICT DO NOTHING",
                    (claim.key,))
                new = cursor.rowcount == 1
                counted.append(new)
                if new:
                    k = (claim.story_id, claim.day.isoformat())
                    by_day[k] = by_day.get(k, 0) + 1
            totals = self._add(conn, by_day, {c.story_id for c in claims})
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return [Outcome(new, totals.get(c.story_id, 0)) for c, new in zip(claims, counted)]

    def prune(self, alive):
        alive_text = {d.isoformat() for d in alive}
        conn = self._writer
        removed = []
        conn.execute("BEGIN IMMEDIATE")
        try:
            held = dict(conn.execute("SELECT slot, day FROM reader_slots"))
            for slot in range(SLOTS):
                day = held.get(slot)
                if day is not None and day in alive_text:
                    continue
                conn.execute(f"DELETE FROM readers_seen_{slot}")
                conn.execute("DELETE FROM reader_slots WHERE slot = ?", (slot,))
                if day is not None:
                    removed.append(date.fromisoformat(day))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        self.salts.forget(alive)
        return removed

    # -- counts -------------------------------------------------------------------------------------------------
    def _add(self, conn, by_day: dict[tuple[str, str], int], story_ids) -> dict[str, int]:
        by_story: dict[str, int] = {}
        for (story_id, _day), n in by_day.items():
            by_story[story_id] = by_story.get(story_id, 0) + n
        if by_day:
            conn.executemany(UPSERT_DAILY, [(s, d, n) for (s, d), n in by_day.items()])
            conn.executemany(UPSERT_TOTAL, list(by_story.items()))
        return self._select_totals(conn, set(story_ids) | set(by_story))

    def add_reads(self, reads):
        by_day: dict[tuple[str, str], int] = {}
        for (story_id, day), n in reads.items():
            key = (story_id, as_day(day).isoformat())
            by_day[key] = by_day.get(key, 0) + n
        conn = self._writer
        conn.execute("BEGIN IMMEDIATE")
        try:
            totals = self._add(conn, by_day, ())
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
                "SELECT story_id, SUM(reads) FROM reads_daily WHERE day >= ? GROUP BY story_id",
                (as_day(since_day).isoformat(),),
            )
            return dict(rows)

    def top_totals(self, depth):
        with self._read_lock:
            return [self._reader.execute(
                "SELECT story_id, reads FROM reads_total ORDER BY reads DESC, story_id LIMIT ?", (depth,)).fetchall()]

    def top_window(self, first, last, limit):
        with self._read_lock:
            return self._reader.execute(
                "SELECT story_id, SUM(reads) AS n FROM reads_daily WHERE day BETWEEN ? AND ? "
                "GROUP BY story_id ORDER BY n DESC, story_id LIMIT ?",
                (first.isoformat(), last.isoformat(), limit)).fetchall()

    def check(self) -> None:
        try:
            with self._read_lock:
                self._reader.execute("SELECT 1 FROM reads_total LIMIT 1").fetchall()
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"SQLite database {self.path}: {exc}") from None

    def close(self):
        self._stop.set()
        self._checkpointer.join()
        self._writer.close()
        self._reader.close()
