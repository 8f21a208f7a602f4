"""The shared store: PostgreSQL, for several service instances (READCOUNTER_DATABASE_URL).

Driver: psycopg 3 with psycopg_pool. The store's interface is synchronous (it runs in the commit thread, like the
SQLite store), psycopg hands the URL to libpq unchanged (postgres:// and postgresql://, ?host=/socket/folder,
sslmode, service files, passwords from ~/.pgpass), and the pool replaces broken connections by itself, with backoff,
after PostgreSQL restarts.

- A batch of reads is ONE prepared statement (RECORD: data-modifying CTEs over unnest() arrays) in autocommit: one
  round trip, committed (synchronous_commit on) before it answers, so an acknowledged read is durable and a batch is
  all or nothing.
- The day's salt is in the UNLOGGED table reader_salts, made under an advisory lock by the first instance that needs
  it; the seen-set in the UNLOGGED table readers_seen. Both are TRUNCATEd per slot once the day plus grace is over.
- Every failure to reach the database is StoreUnavailable (the service answers 503 and keeps trying).
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from datetime import date

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg_pool import ConnectionPool, PoolTimeout

from readcounter.calendar import SLOTS, slot_of
from readcounter.counting import Outcome
from readcounter.migrations import migrate_postgres
from readcounter.salts import Salt, SaltChanged, new_salt
from readcounter.store import StoreUnavailable, as_day

log = logging.getLogger("readcounter.postgres")

SALT_LOCK = int.from_bytes(b"rcsalt", "big")  # advisory lock serialising salt creation and pruning
SHARDS = 16  # count rows per story and day: one per instance (schema/postgresql/0001_counts.sql)
RECHECK_AFTER = 1.0  # seconds idle after which a pooled connection is checked before use


def safe_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "(unparsable database URL)"
    params.pop("password", None)
    return make_conninfo(**params)


def _configure(conn: psycopg.Connection) -> None:
    conn.autocommit = True
    # An acknowledged read must be durable: never run with the server's synchronous_commit=off.
    if conn.execute("SHOW synchronous_commit").fetchone()[0] == "off":
        conn.execute("SET synchronous_commit = on")


class PostgresStore:
    kind = "postgresql"

    def __init__(self, url: str, pool_size: int = 4, timeout: float = 5.0, migrate: bool = True):
        self.url = url
        self.label = safe_url(url)
        self.timeout = timeout
        self._last_used: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        self.shard = 0  # this instance's count rows; assigned from counter_shards once the schema is there
        self.pool = ConnectionPool(
            url, min_size=1, max_size=max(2, pool_size), open=False, timeout=timeout, configure=_configure,
            check=self._check_idle, reset=self._note_use, reconnect_timeout=max(5.0, 2 * timeout),
            name="readcounter",
            kwargs={"connect_timeout": max(1, round(timeout)), "application_name": "readcounter",
                    "options": f"-c statement_timeout={int(max(5.0, 2 * timeout) * 1000)}"},
        )
        self.pool.open(wait=False)
        self._migrated = not migrate
        self._migrate_lock = threading.Lock()
        if migrate:
            try:
                self.ensure_schema()
            except StoreUnavailable as exc:  # start anyway: 503 until the database is there, then migrate
                log.warning("%s at start (%s); the schema is migrated when it answers", exc, self.label)

    # -- connection and schema ---------------------------------------------------------------------------------
    def _check_idle(self, conn) -> None:
        """Check a connection that sat idle (it may have died with a PostgreSQL restart); a busy one needs no extra
        round trip per batch: if it broke since, the batch fails (503) and the pool replaces it."""
        if time.monotonic() - self._last_used.get(conn, 0.0) > RECHECK_AFTER:
            ConnectionPool.check_connection(conn)

    def _note_use(self, conn) -> None:
        self._last_used[conn] = time.monotonic()

    def _connection(self, timeout: float | None = None):
        if not self._migrated:
            self.ensure_schema()
        return _Using(self, timeout)

    def ensure_schema(self) -> None:
        """Run pending migrations once per process (at start; again after a start without the database)."""
        if self._migrated:
            return
        with self._migrate_lock:
            if self._migrated:
                return
            with _Using(self, None) as conn:
                applied = migrate_postgres(conn)
                self.shard = conn.execute("SELECT nextval('counter_shards')").fetchone()[0] % SHARDS
            if applied:
                log.info("schema migrated on %s: applied %s", self.label, applied)
            log.info("counting into shard %d of %s", self.shard, self.label)
            self._migrated = True

    # -- readers ------------------------------------------------------------------------------------------------
    def salt(self, day: date) -> Salt:
        slot = slot_of(day)
        with self._connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SALT_LOCK,))
            row = conn.execute("SELECT day, salt, salt_id FROM reader_salts WHERE slot = %s", (slot,)).fetchone()
            if row and row[0] == day:
                return Salt(day, bytes(row[1]), bytes(row[2]))
            # The slot is empty (first use, or PostgreSQL dropped its unlogged tables) or holds a day three or more
            # days away: whatever keys are in the slot belong to no usable salt.
            self._truncate(conn, slot)
            salt = new_salt(day)
            conn.execute("INSERT INTO reader_salts (slot, day, salt, salt_id) VALUES (%s, %s, %s, %s)",
                         (slot, day, salt.secret, salt.salt_id))
            return salt

    @staticmethod
    def _truncate(conn, slot: int) -> None:
        conn.execute(sql.SQL("TRUNCATE {}, {}").format(
            sql.Identifier(f"reader_salts_{slot}"), sql.Identifier(f"readers_seen_{slot}")))

    def record(self, claims, salts):
        if not claims:
            return []
        used = sorted(salts.values(), key=lambda s: s.day)
        params = {
            "shard": self.shard, "slots": [slot_of(c.day) for c in claims], "keys": [c.key for c in claims],
            "stories": [c.story_id for c in claims], "days": [c.day for c in claims],
            "salt_slots": [slot_of(s.day) for s in used], "salt_days": [s.day for s in used],
            "salt_ids": [s.salt_id for s in used],
        }
        with self._connection() as conn:
            rows = conn.execute(RECORD, params, prepare=True).fetchall()
        if rows and not rows[0][0]:  # nothing was written
            raise SaltChanged(f"readcounter: the salt of {rows[0][1]} is not the stored one")
        outcomes: list[Outcome | None] = [None] * len(claims)
        for _, _, ordinal, counted, total in rows:
            outcomes[ordinal - 1] = Outcome(counted, total)
        return outcomes

    def prune(self, alive):
        removed = []
        with self._connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (SALT_LOCK,))
            held = dict(conn.execute("SELECT slot, day FROM reader_salts").fetchall())
            for slot in range(SLOTS):
                day = held.get(slot)
                if day is not None and day in alive:
                    continue
                if day is None and conn.execute(
                        sql.SQL("SELECT NOT EXISTS (SELECT 1 FROM {})").format(
                            sql.Identifier(f"readers_seen_{slot}"))).fetchone()[0]:
                    continue  # empty slot: nothing to remove
                self._truncate(conn, slot)
                if day is not None:
                    removed.append(day)
        if removed:
            log.info("removed the salts and seen-sets of %s", ", ".join(d.isoformat() for d in removed))
        return removed

    # -- counts -------------------------------------------------------------------------------------------------
    def add_reads(self, reads):
        by_day: dict[tuple[str, date], int] = {}
        for (story_id, day), n in reads.items():
            key = (story_id, as_day(day))
            by_day[key] = by_day.get(key, 0) + n
        with self._connection() as conn, conn.transaction():
            add_counts(conn, sorted(by_day.items()), self.shard)
            return dict(conn.execute(TOTALS, (sorted({s for s, _ in by_day}),)).fetchall())

    def totals(self, story_ids):
        with self._connection() as conn:
            return dict(conn.execute(TOTALS, (list(story_ids),)).fetchall())

    def window_totals(self, since_day):
        with self._connection() as conn:
            if since_day is None:
                return dict(conn.execute(
                    "SELECT story_id, sum(reads)::bigint FROM reads_total GROUP BY story_id").fetchall())
            return dict(conn.execute(
                "SELECT story_id, sum(reads)::bigint FROM reads_daily WHERE day >= %s GROUP BY story_id",
                (as_day(since_day),)).fetchall())

    def top_totals(self, depth):
        with self._connection() as conn:
            return _parts(conn.execute(TOP_TOTALS, (SHARDS - 1, depth)).fetchall())

    def top_window(self, first, last, limit):
        with self._connection() as conn:
            return conn.execute(TOP_WINDOW, (first, last, limit)).fetchall()

    def check(self) -> None:
        with _Using(self, min(1.0, self.timeout)) as conn:
            conn.execute("SELECT 1").fetchone()
        self.ensure_schema()

    def close(self) -> None:
        self.pool.close()


def _parts(rows) -> list[list[tuple[str, int]]]:
    """Rows (part, story_id, reads) in part order -> one ranked list per part."""
    parts: dict = {}
    for part, story_id, reads in rows:
        parts.setdefault(part, []).append((story_id, reads))
    return list(parts.values())


# One batch of reads in one statement (a plain prepared statement: its plan is cached per connection, no PL/pgSQL):
# check that every salt used is still the stored one (when not, nothing is written and the rows say which day:
# the instance fetches the salt again), insert the reader hashes (distinct within a batch), add the new ones to this
# instance's shard, return per claim (salt ok, ordinal, counted, story total). All CTEs share one snapshot, so a
# story's total is this shard's row as updated (RETURNING, or as read when unchanged) plus the other shards' rows.
# Rows are locked in sorted order, so concurrent batches never deadlock.
RECORD = """
WITH bad_salt AS (
    SELECT s.day FROM unnest(%(salt_slots)s::smallint[], %(salt_days)s::date[], %(salt_ids)s::bytea[])
                      AS s(slot, day, salt_id)
     WHERE NOT EXISTS (SELECT 1 FROM reader_salts r
                        WHERE r.slot = s.slot AND r.day = s.day AND r.salt_id = s.salt_id)
     LIMIT 1),
claims AS MATERIALIZED (
    SELECT * FROM unnest(%(slots)s::smallint[], %(keys)s::bytea[], %(stories)s::text[], %(days)s::date[])
                  WITH ORDINALITY AS t(slot, key, story_id, day, ord)),
inserted AS (
    INSERT INTO readers_seen (slot, key)
    SELECT c.slot, c.key FROM claims c WHERE NOT EXISTS (SELECT 1 FROM bad_salt) ORDER BY c.slot, c.key
    ON CONFLICT DO NOTHING
    RETURNING readers_seen.slot, readers_seen.key),
fresh AS MATERIALIZED (
    SELECT c.story_id, c.day FROM claims c JOIN inserted i ON i.slot = c.slot AND i.key = c.key),
daily AS (
    INSERT INTO reads_daily AS d (story_id, day, shard, reads)
    SELECT story_id, day, %(shard)s, count(*) FROM fresh GROUP BY story_id, day ORDER BY story_id, day
    ON CONFLICT (story_id, day, shard) DO UPDATE SET reads = d.reads + excluded.reads),
mine AS (
    INSERT INTO reads_total AS r (story_id, shard, reads)
    SELECT story_id, %(shard)s, count(*) FROM fresh GROUP BY story_id ORDER BY story_id
    ON CONFLICT (story_id, shard) DO UPDATE SET reads = r.reads + excluded.reads
    RETURNING r.story_id, r.reads),
before AS (
    SELECT story_id, sum(reads) FILTER (WHERE shard <> %(shard)s) AS others,
           sum(reads) FILTER (WHERE shard = %(shard)s) AS mine
      FROM reads_total WHERE story_id = ANY(%(stories)s::text[]) GROUP BY story_id)
SELECT NOT EXISTS (SELECT 1 FROM bad_salt), (SELECT day FROM bad_salt), c.ord::integer, i.key IS NOT NULL,
       (coalesce(b.others, 0) + coalesce(m.reads, b.mine, 0))::bigint
  FROM claims c
  LEFT JOIN inserted i ON i.slot = c.slot AND i.key = c.key
  LEFT JOIN mine m ON m.story_id = c.story_id
  LEFT JOIN before b ON b.story_id = c.story_id
"""
TOTALS = "SELECT story_id, sum(reads)::bigint FROM reads_total WHERE story_id = ANY(%s::text[]) GROUP BY story_id"
# The first rows of each shard, all time, through reads_total_top (one short index scan per shard).
TOP_TOTALS = """
SELECT s.shard, r.story_id, r.reads
  FROM generate_series(0, %s) AS s(shard)
 CROSS JOIN LATERAL (SELECT story_id, reads FROM reads_total
                      WHERE reads_total.shard = s.shard ORDER BY reads DESC, story_id LIMIT %s) AS r
 ORDER BY s.shard, r.reads DESC, r.story_id
"""
# A day's or a week's list: the window's rows only (reads_daily_day), summed.
TOP_WINDOW = """
SELECT story_id, sum(reads)::bigint AS n FROM reads_daily
 WHERE day BETWEEN %s AND %s GROUP BY story_id ORDER BY n DESC, story_id LIMIT %s
"""


def add_counts(conn, rows, shard: int = 0) -> None:
    """Add [((story_id, day), n)] sorted rows to reads_daily and reads_total (in `shard`), inside the caller's
    transaction."""
    if not rows:
        return
    stories = [s for (s, _), _ in rows]
    days = [d for (_, d), _ in rows]
    counts = [n for _, n in rows]
    conn.execute(
        "INSERT INTO reads_daily AS d (story_id, day, shard, reads) "
        "SELECT s, d, %s, n FROM unnest(%s::text[], %s::date[], %s::bigint[]) AS u(s, d, n) ORDER BY 1, 2 "
        "ON CONFLICT (story_id, day, shard) DO UPDATE SET reads = d.reads + excluded.reads",
        (shard, stories, days, counts))
    conn.execute(
        "INSERT INTO reads_total AS t (story_id, shard, reads) "
        "SELECT s, %s, sum(n) FROM unnest(%s::text[], %s::bigint[]) AS u(s, n) GROUP BY s ORDER BY s "
        "ON CONFLICT (story_id, shard) DO UPDATE SET reads = t.reads + excluded.reads",
        (shard, stories, counts))


class _Using:
    """`with store._connection() as conn`: a pooled connection; any failure to reach PostgreSQL (no connection
    in time, connection lost, server shutting down) becomes StoreUnavailable with a short reason."""

    def __init__(self, store: PostgresStore, timeout: float | None):
        self.store = store
        self.timeout = store.timeout if timeout is None else timeout
        self._context = None

    def __enter__(self) -> psycopg.Connection:
        self._context = self.store.pool.connection(timeout=self.timeout)
        try:
            return self._context.__enter__()
        except PoolTimeout:
            raise StoreUnavailable(f"no connection to PostgreSQL within {self.timeout:g} s") from None

    def __exit__(self, kind, exc, tb):
        try:
            self._context.__exit__(kind, exc, tb)
        except psycopg.OperationalError:
            pass  # returning a broken connection: the pool discards it
        if exc is not None and isinstance(exc, (psycopg.OperationalError, psycopg.errors.AdminShutdown)) \
                and not isinstance(exc, StoreUnavailable):
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreUnavailable(f"PostgreSQL: {first_line}") from None
        return False
