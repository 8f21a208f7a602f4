"""The newsroom's own SQLite database (accounts, sessions, login failures, audit log): schema and connections.

content/ is the one source of truth for stories: the `stories` table is only a cache of their headers for the
story list (newsroom/story_index.py), rebuilt from the files. New tables come as new numbered migrations below;
`user_version` records how far a file has been migrated.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MIGRATIONS: tuple[str, ...] = (
    # 1: accounts, sessions, login failures, audit log
    """
    CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('writer', 'editor', 'admin')),
        all_agencies INTEGER NOT NULL DEFAULT 0,
        password_hash TEXT NOT NULL,
        totp_secret TEXT,
        totp_last_step INTEGER NOT NULL DEFAULT 0,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at REAL NOT NULL,
        changed_at REAL NOT NULL
    );
    CREATE TABLE account_agencies (
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        agency_code TEXT NOT NULL,
        PRIMARY KEY (account_id, agency_code)
    );
    CREATE TABLE sessions (
        token_hash BLOB PRIMARY KEY,
        account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
        pending_account_id INTEGER REFERENCES accounts(id) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        created_at REAL NOT NULL,
        last_seen REAL NOT NULL,
        authenticated_at REAL,
        data TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX sessions_account ON sessions(account_id);
    CREATE TABLE login_failures (
        scope TEXT NOT NULL CHECK (scope IN ('account', 'client')),
        key BLOB NOT NULL,
        failures INTEGER NOT NULL,
        window_start REAL NOT NULL,
        locked_until REAL NOT NULL DEFAULT 0,
        PRIMARY KEY (scope, key)
    );
    CREATE TABLE client_salts (
        created_at REAL PRIMARY KEY,
        salt BLOB NOT NULL
    );
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at REAL NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL DEFAULT '',
        detail TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX audit_log_at ON audit_log(at);
    """,
    # 2: the story-header index (a cache of content/, never the source of truth), editors' notes, site-update
    # jobs, scheduled publications already sent out, forms kept when a session expired
    """
    CREATE TABLE stories (
        path TEXT PRIMARY KEY,
        id TEXT,
        blob TEXT NOT NULL,
        mtime_ns INTEGER NOT NULL,
        size INTEGER NOT NULL,
        status TEXT NOT NULL,
        agency TEXT NOT NULL DEFAULT '',
        province TEXT NOT NULL DEFAULT '',
        title TEXT NOT NULL DEFAULT '',
        title_fold TEXT NOT NULL DEFAULT '',
        reporter TEXT NOT NULL DEFAULT '',
        section TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        date REAL,
        modified REAL,
        problems INTEGER NOT NULL DEFAULT 0,
        waiting INTEGER GENERATED ALWAYS AS (status = 'submitted') STORED,
        sort_date REAL GENERATED ALWAYS AS (coalesce(date, 1e12)) STORED
    );
    CREATE INDEX stories_id ON stories(id);
    CREATE INDEX stories_order ON stories(waiting DESC, sort_date DESC, path);
    CREATE INDEX stories_agency ON stories(agency, waiting DESC, sort_date DESC, path);
    CREATE INDEX stories_status ON stories(status, agency, sort_date DESC, path);
    CREATE VIRTUAL TABLE story_titles USING fts5(title_fold, content='stories', content_rowid='rowid',
                                                 tokenize='trigram');
    CREATE TRIGGER stories_titles_insert AFTER INSERT ON stories BEGIN
        INSERT INTO story_titles (rowid, title_fold) VALUES (new.rowid, new.title_fold);
    END;
    CREATE TRIGGER stories_titles_delete AFTER DELETE ON stories BEGIN
        INSERT INTO story_titles (story_titles, rowid, title_fold) VALUES ('delete', old.rowid, old.title_fold);
    END;
    CREATE TRIGGER stories_titles_update AFTER UPDATE OF title_fold ON stories BEGIN
        INSERT INTO story_titles (story_titles, rowid, title_fold) VALUES ('delete', old.rowid, old.title_fold);
        INSERT INTO story_titles (rowid, title_fold) VALUES (new.rowid, new.title_fold);
    END;
    CREATE TABLE story_notes (
        id INTEGER PRIMARY KEY,
        story_id TEXT NOT NULL,
        at REAL NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL
    );
    CREATE INDEX story_notes_story ON story_notes(story_id, id);
    CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')),
        actor TEXT NOT NULL,
        story_id TEXT NOT NULL DEFAULT '',
        paths TEXT NOT NULL DEFAULT '[]',
        created_at REAL NOT NULL,
        started_at REAL,
        finished_at REAL,
        batch INTEGER,
        message TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX jobs_state ON jobs(state, id);
    CREATE TABLE schedule_runs (
        story_id TEXT NOT NULL,
        due REAL NOT NULL,
        job_id INTEGER,
        PRIMARY KEY (story_id, due)
    );
    CREATE TABLE expired_sessions (
        token_hash BLOB PRIMARY KEY,
        account_id INTEGER NOT NULL,
        csrf TEXT NOT NULL,
        expired_at REAL NOT NULL
    );
    CREATE TABLE pending_forms (
        id TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        story_id TEXT NOT NULL DEFAULT '',
        created_at REAL NOT NULL,
        fields TEXT NOT NULL
    );
    CREATE INDEX pending_forms_account ON pending_forms(account_id, created_at);
    """,
)


class Database:
    """Opens a short-lived connection per unit of work (safe from any thread); migrates the file once."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=10)
        try:
            conn.execute("PRAGMA journal_mode=WAL")  # outside a transaction, as SQLite requires
        finally:
            conn.close()
        with self.connect() as conn:
            migrate(conn)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection in a transaction: committed when the block ends, rolled back on an exception."""
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read-only snapshot (a deferred transaction that never writes): no lock on other requests' writes."""
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=10, isolation_level=None)
        try:
            conn.row_factory = sqlite3.Row
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("ROLLBACK")
        finally:
            conn.close()


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations this file has not had yet; returns the schema version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise RuntimeError(f"newsroom database schema {version} is newer than this code ({len(MIGRATIONS)})")
    for number, script in enumerate(MIGRATIONS[version:], version + 1):
        pending = ""
        for piece in script.split(";"):  # whole statements (a trigger's body holds ';' of its own)
            pending += piece + ";"
            if sqlite3.complete_statement(pending):
                if pending.strip(" \n;"):
                    conn.execute(pending)
                pending = ""
        conn.execute(f"PRAGMA user_version={number}")
    return len(MIGRATIONS)
