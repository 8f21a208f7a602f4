"""Versioned, forward-only schema migrations, run by the service at every start (schema/<backend>/NNNN_name.sql).

PostgreSQL: all pending migrations run in one transaction holding an advisory lock, so several instances starting at
once apply each migration exactly once (the others wait, then find nothing to do); the table schema_migrations keeps
version, name and checksum, and a changed applied file or a database newer than this code stops the start.
SQLite: PRAGMA user_version, each migration in its own BEGIN IMMEDIATE transaction (one writer at a time).
Never edit a released migration; add the next number.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

SCHEMA_DIR = Path(__file__).with_name("schema")
MIGRATION_FILE = re.compile(r"(\d{4})_([a-z0-9_]+)\.sql")
# pg_advisory_xact_lock key for migrations (any constant other code of this database does not use): "rcmigr".
MIGRATION_LOCK = int.from_bytes(b"rcmigr", "big")


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def migrations(backend: str) -> list[Migration]:
    """The migrations of a backend ("sqlite" or "postgresql"), in order; numbering must be 1, 2, 3..."""
    found = []
    for path in sorted((SCHEMA_DIR / backend).glob("*.sql")):
        match = MIGRATION_FILE.fullmatch(path.name)
        if not match:
            raise MigrationError(f"{path}: migration files are named NNNN_name.sql")
        found.append(Migration(int(match.group(1)), match.group(2), path.read_text(encoding="utf-8")))
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise MigrationError(f"{SCHEMA_DIR / backend}: versions must be 1..{len(found)} without gaps")
    return found


def migrate_sqlite(conn) -> list[int]:
    """Apply pending migrations to an SQLite connection (autocommit mode). Returns the versions applied."""
    applied = []
    for migration in migrations("sqlite"):
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if migration.version <= current:
                conn.execute("ROLLBACK")
                continue
            if migration.version != current + 1:
                raise MigrationError(f"SQLite schema at version {current}, cannot apply {migration.version}")
            for statement in _sqlite_statements(migration.sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {migration.version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    newest = len(migrations("sqlite"))
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > newest:
        raise MigrationError(f"the SQLite database is at schema version {current}, newer than this readcounter "
                             f"(knows {newest}): run the newer code")
    return applied


def _sqlite_statements(sql: str) -> list[str]:
    import sqlite3

    statements, current = [], ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip() and not all(ln.strip().startswith("--") or not ln.strip() for ln in current.splitlines()):
        raise MigrationError(f"incomplete SQL statement at the end of a migration: {current[:80]!r}")
    return statements


def migrate_postgres(conn) -> list[int]:
    """Apply pending migrations on a psycopg connection, under an advisory lock. Returns the versions applied."""
    known = migrations("postgresql")
    applied_now = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        applied = {v: (n, c) for v, n, c in conn.execute("SELECT version, name, checksum FROM schema_migrations")}
        if applied and max(applied) > len(known):
            raise MigrationError(f"the database is at schema version {max(applied)}, newer than this readcounter "
                                 f"(knows {len(known)}): run the newer code on every instance")
        for migration in known:
            if migration.version in applied:
                name, checksum = applied[migration.version]
                if checksum != migration.checksum:
                    raise MigrationError(f"migration {migration.version} ({name}) was applied with other content "
                                         "than schema/postgresql holds now: released migrations must not change")
                continue
            conn.execute(migration.sql)
            conn.execute("INSERT INTO schema_migrations (version, name, checksum) VALUES (%s, %s, %s)",
                         (migration.version, migration.name, migration.checksum))
            applied_now.append(migration.version)
    return applied_now
