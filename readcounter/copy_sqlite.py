"""`python -m readcounter copy-sqlite PATH`: move an SQLite counter's counts into PostgreSQL, idempotently.

The SQLite file is opened read-only. PostgreSQL remembers, per source database (its database id; for files made
before ids existed, the file's resolved path) and per story and day, how many reads it took (table sqlite_copies),
so a second run adds only what the file gained since (e.g. run it once, switch the service, run it again) and a
repeated run adds nothing. Seen-sets and salts are not copied (they are the day's only).

Verified in the same transaction, which is rolled back on any mismatch: the file's per-story totals equal its
per-day sums; what PostgreSQL holds as copied from this file equals the file's counts, story by story; PostgreSQL's
grand total grew by exactly what was added; its totals equal the sums of its days. The count tables are locked
(SHARE ROW EXCLUSIVE) while copying, so running instances wait a moment instead of racing the check.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

COPY_LOCK = int.from_bytes(b"rccopy", "big")


class CopyError(RuntimeError):
    pass


@dataclass(frozen=True)
class CopyReport:
    source: str
    source_id: str
    rows: int  # (story, day) rows in the file
    sqlite_total: int  # reads in the file
    added: int  # reads added to PostgreSQL by this run
    postgres_before: int
    postgres_after: int

    def describe(self) -> str:
        what = ("nothing new" if not self.added else
                "new since the last copy" if self.added < self.sqlite_total else "first copy")
        return (f"copy-sqlite {self.source} (database id {self.source_id}): {self.rows} story-days, "
                f"{self.sqlite_total} reads in the file; added {self.added} ({what}); "
                f"PostgreSQL total {self.postgres_before} -> {self.postgres_after}; verified: copied totals equal "
                "the file's, story by story")


def read_sqlite(path: Path) -> tuple[str, dict[tuple[str, date], int], dict[str, int]]:
    """(source id, {(story, day): reads}, {story: total}) of a counter file, opened read-only."""
    path = Path(path)
    if not path.is_file():
        raise CopyError(f"{path}: no such file")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"reads_daily", "reads_total"} <= tables:
                raise CopyError(f"{path}: not a read-counter database (no reads_daily/reads_total tables)")
            source_id = None
            if "meta" in tables:
                row = conn.execute("SELECT value FROM meta WHERE key = 'database_id'").fetchone()
                source_id = row[0] if row else None
            daily = {(s, date.fromisoformat(d)): n for s, d, n in conn.execute(
                "SELECT story_id, day, reads FROM reads_daily WHERE reads > 0")}
            totals = dict(conn.execute("SELECT story_id, reads FROM reads_total WHERE reads > 0"))
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise CopyError(f"{path}: not readable as SQLite: {exc}") from None
    sums: dict[str, int] = {}
    for (story_id, _), n in daily.items():
        sums[story_id] = sums.get(story_id, 0) + n
    if sums != totals:
        bad = sorted(set(sums) ^ set(totals) | {s for s in sums if sums[s] != totals.get(s)})[:5]
        raise CopyError(f"{path}: totals differ from the sums of the days for {bad}; the file is inconsistent")
    return source_id or f"path:{path.resolve()}", daily, totals


def copy_sqlite(path, url: str) -> CopyReport:
    import psycopg

    from readcounter.migrations import migrate_postgres
    from readcounter.postgres_store import add_counts, safe_url

    source_id, daily, totals = read_sqlite(Path(path))
    try:
        conn = psycopg.connect(url, autocommit=True)
    except psycopg.OperationalError as exc:
        raise CopyError(f"cannot connect to {safe_url(url)}: {str(exc).strip().splitlines()[0]}") from None
    with conn:
        migrate_postgres(conn)
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (COPY_LOCK,))
            conn.execute("LOCK TABLE reads_daily, reads_total IN SHARE ROW EXCLUSIVE MODE")
            before = _grand_total(conn)
            copied = {(s, d): n for s, d, n in conn.execute(
                "SELECT story_id, day, reads FROM sqlite_copies WHERE source_id = %s", (source_id,))}
            shrunk = [k for k, n in copied.items() if daily.get(k, 0) < n]
            if shrunk:
                (story_id, day) = shrunk[0]
                raise CopyError(f"{path}: {story_id} on {day} has fewer reads ({daily.get(shrunk[0], 0)}) than were "
                                f"copied from it before ({copied[shrunk[0]]}): not the same database, or restored "
                                "from an older backup; nothing copied")
            delta = sorted((k, n - copied.get(k, 0)) for k, n in daily.items() if n > copied.get(k, 0))
            add_counts(conn, delta)
            if delta:
                conn.execute(
                    "INSERT INTO sqlite_copies AS c (source_id, story_id, day, reads) "
                    "SELECT %s, * FROM unnest(%s::text[], %s::date[], %s::bigint[]) "
                    "ON CONFLICT (source_id, story_id, day) DO UPDATE SET reads = excluded.reads",
                    (source_id, [s for (s, _), _ in delta], [d for (_, d), _ in delta],
                     [daily[k] for k, _ in delta]))
            added = sum(n for _, n in delta)
            after = _grand_total(conn)
            copied_totals = dict(conn.execute(
                "SELECT story_id, sum(reads)::bigint FROM sqlite_copies WHERE source_id = %s GROUP BY story_id",
                (source_id,)).fetchall())
            problems = []
            if copied_totals != totals:
                problems.append("what PostgreSQL holds as copied from this file differs from the file's totals")
            if after != before + added:
                problems.append(f"PostgreSQL total {after} != {before} + {added}")
            daily_sum = conn.execute("SELECT coalesce(sum(reads), 0)::bigint FROM reads_daily").fetchone()[0]
            if daily_sum != after:
                problems.append(f"PostgreSQL totals ({after}) differ from the sum of its days ({daily_sum})")
            if problems:
                raise CopyError(f"{path}: verification failed, nothing copied: {'; '.join(problems)}")
    return CopyReport(str(path), source_id, len(daily), sum(totals.values()), added, before, after)


def _grand_total(conn) -> int:
    return conn.execute("SELECT coalesce(sum(reads), 0)::bigint FROM reads_total").fetchone()[0]
