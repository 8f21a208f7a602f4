"""Where counted reads live: the Store interface, implemented by SQLiteStore (one instance, embedded, the default)
and PostgresStore (several instances; READCOUNTER_DATABASE_URL). open_store(settings) picks one.

Days are datetime.date values. Both stores keep the same tables (schema/<backend>/): reads_daily (story, day, reads),
reads_total (story, reads), the seen-set of the days still alive and, for PostgreSQL, the shared daily salts. Only
this package reads them: the build gets counts through readcounter.counts.read_counts().
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

from readcounter.counting import Claim, Outcome
from readcounter.salts import Salt

if TYPE_CHECKING:
    from readcounter.settings import Settings


class StoreUnavailable(RuntimeError):
    """The database cannot be reached or used right now (answered 503; the store recovers by itself)."""


class Store(Protocol):
    kind: str  # "sqlite" or "postgresql"

    def salt(self, day: date) -> Salt:
        """The day's salt, made on first use; every instance sharing this store gets the same one."""

    def record(self, claims: Sequence[Claim], salts: Mapping[date, Salt]) -> list[Outcome]:
        """Count each claim whose reader hash is new for its day, in ONE committed transaction; return one outcome
        per claim (counted?, the story's new total). Claims carry distinct keys. Raises SaltChanged when a salt in
        `salts` is no longer the stored one (nothing is counted then)."""

    def prune(self, alive: frozenset[date]) -> list[date]:
        """Remove the salts and seen-sets of days not in `alive`; returns the days removed."""

    def add_reads(self, reads: Mapping[tuple[str, date], int]) -> dict[str, int]:
        """Add {(story_id, day): n} counted elsewhere (copy-sqlite, tests) in one transaction; return new totals."""

    def totals(self, story_ids: Iterable[str]) -> dict[str, int]:
        """Counted reads (all time) of the given stories; stories never read are absent."""

    def window_totals(self, since_day: date | None) -> dict[str, int]:
        """Counted reads per story on days >= since_day (all time when None)."""

    def top_totals(self, depth: int) -> list[list[tuple[str, int]]]:
        """All-time counts as sorted parts whose sum per story is its total (one part for SQLite, one per shard
        for PostgreSQL): each part's first `depth` (story_id, reads), most first, ties by id."""

    def top_window(self, first: date, last: date, limit: int) -> list[tuple[str, int]]:
        """The `limit` stories with most reads on days first..last, most first (ties by id)."""

    def check(self) -> None:
        """Raise StoreUnavailable with the reason when the database cannot serve."""

    def close(self) -> None: ...


def open_store(settings: Settings) -> Store:
    if settings.database_url:
        from readcounter.postgres_store import PostgresStore

        return PostgresStore(settings.database_url, pool_size=settings.db_pool_size, timeout=settings.db_timeout)
    from readcounter.salts import LocalSalts
    from readcounter.sqlite_store import SQLiteStore

    return SQLiteStore(settings.db_path, settings.synchronous, salts=LocalSalts(settings.salt_dir))


def as_day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def __getattr__(name: str):  # compatibility: `from readcounter.store import SQLiteStore`
    if name == "SQLiteStore":
        from readcounter.sqlite_store import SQLiteStore

        return SQLiteStore
    raise AttributeError(name)
