"""The site model: what the build knows between runs, in one SQLite file under CACHE_PATH.

- sources:  every content file read (story or page): the digest of its bytes and of the photos it shows, and what
            reading it gave (a record, a withdrawn story, or nothing), split into a small head (always loaded) and a
            body (the HTML, loaded only for the pages being rendered);
- outputs:  every file of output/ the build owns, with the fingerprint of the inputs it was made from and its size
            and mtime when written (an unchanged fingerprint and an intact file are not made again);
- cards:    each story's rendered card HTML, by the card's own fingerprint (list pages reuse it);
- stats:    digests of photo files by size, mtime and inode (a photo is hashed again only when it changed);
- journal:  the writes and deletions a run planned, cleared when it finished: a run that finds it non-empty knows
            the previous one was interrupted and repairs what it planned;
- meta:     read-context key, counts, the site card, static files, the output folder the model describes.
"""
from __future__ import annotations

import pickle
import sqlite3
from dataclasses import dataclass, replace
from pathlib import Path

from .records import PageRecord, ReadOutcome, StoryRecord

SCHEMA_VERSION = 2
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS sources(source TEXT PRIMARY KEY, file_digest TEXT NOT NULL, photos BLOB NOT NULL,
  digest TEXT NOT NULL, head BLOB NOT NULL, body BLOB);
CREATE TABLE IF NOT EXISTS outputs(path TEXT PRIMARY KEY, fingerprint TEXT, size INTEGER, mtime_ns INTEGER,
  section TEXT);
CREATE TABLE IF NOT EXISTS cards(story_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, html TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stats(path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, inode INTEGER,
  digest TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS journal(path TEXT PRIMARY KEY, action TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Source:
    """One content file as the model knows it."""

    source: str
    file_digest: str
    photos: tuple[tuple[str, str], ...]  # (content-relative photo path, its digest)
    digest: str  # of the whole outcome (record with its HTML): what pages depend on
    outcome: ReadOutcome  # with the record's HTML left out (see SiteModel.body)


def dump(value) -> bytes:
    return pickle.dumps(value, protocol=5)


def head_and_body(outcome: ReadOutcome) -> tuple[ReadOutcome, tuple | None]:
    record = outcome.record
    if isinstance(record, (StoryRecord, PageRecord)):
        body = (record.content, record.summary, record.extra)
        head = replace(outcome, record=replace(record, content="", summary="", extra=()))
        return head, body
    return outcome, None


class SiteModel:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=60)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value BLOB)")
        if self.get("schema") != SCHEMA_VERSION:
            for table in ("sources", "outputs", "cards", "journal"):
                self.db.execute(f"DROP TABLE IF EXISTS {table}")
        self.db.executescript(SCHEMA)
        if self.get("schema") != SCHEMA_VERSION:
            self.reset()

    def close(self) -> None:
        self.db.close()

    # --- transactions ---------------------------------------------------------------------------------------
    def begin(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.db.execute("COMMIT")

    def rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    def reset(self) -> None:
        """Forget everything (another output folder, another schema): the next run is a cold one."""
        for table in ("meta", "sources", "outputs", "cards", "journal"):
            self.db.execute(f"DELETE FROM {table}")
        self.set("schema", SCHEMA_VERSION)

    # --- meta -----------------------------------------------------------------------------------------------
    def get(self, key: str, default=None):
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return pickle.loads(row[0]) if row else default

    def set(self, key: str, value) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, dump(value)))

    # --- sources --------------------------------------------------------------------------------------------
    def sources(self) -> dict[str, Source]:
        found = {}
        for source, file_digest, photos, digest, head in self.db.execute(
                "SELECT source, file_digest, photos, digest, head FROM sources"):
            found[source] = Source(source, file_digest, pickle.loads(photos), digest, pickle.loads(head))
        return found

    def body(self, source: str) -> tuple | None:
        row = self.db.execute("SELECT body FROM sources WHERE source = ?", (source,)).fetchone()
        return pickle.loads(row[0]) if row and row[0] is not None else None

    def put_source(self, source: str, file_digest: str, photos, digest: str, outcome: ReadOutcome,
                   parked_body: bytes | None = None) -> None:
        """Store a read outcome; `parked_body`: the pickled body of an outcome already cut to its head (spill.py)."""
        head, body = head_and_body(outcome)
        body_bytes = parked_body if parked_body is not None else None if body is None else dump(body)
        self.db.execute("INSERT OR REPLACE INTO sources(source, file_digest, photos, digest, head, body) "
                        "VALUES (?, ?, ?, ?, ?, ?)", (source, file_digest, dump(tuple(photos)), digest,
                                                      dump(head), body_bytes))

    def remove_source(self, source: str) -> None:
        self.db.execute("DELETE FROM sources WHERE source = ?", (source,))

    # --- outputs --------------------------------------------------------------------------------------------
    def outputs(self) -> dict[str, tuple]:
        """path -> (fingerprint, size, mtime_ns, section) of every owned output file."""
        return {path: (fp, size, mtime, section) for path, fp, size, mtime, section in
                self.db.execute("SELECT path, fingerprint, size, mtime_ns, section FROM outputs")}

    def set_output(self, path: str, fingerprint: str | None, size: int | None, mtime_ns: int | None,
                   section: str | None = None) -> None:
        """Record an owned file; section None (a file found, or planned by an interrupted run) is checked by every
        run and removed by the first that does not plan it."""
        self.db.execute("INSERT OR REPLACE INTO outputs(path, fingerprint, size, mtime_ns, section) "
                        "VALUES (?, ?, ?, ?, ?)", (path, fingerprint, size, mtime_ns, section))

    def remove_output(self, path: str) -> None:
        self.db.execute("DELETE FROM outputs WHERE path = ?", (path,))

    # --- cards ----------------------------------------------------------------------------------------------
    def card(self, story_id: str) -> tuple[str, str] | None:
        return self.db.execute("SELECT fingerprint, html FROM cards WHERE story_id = ?", (story_id,)).fetchone()

    def set_card(self, story_id: str, fingerprint: str, html: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO cards(story_id, fingerprint, html) VALUES (?, ?, ?)",
                        (story_id, fingerprint, html))

    # --- stats ----------------------------------------------------------------------------------------------
    def stat_digest(self, path: str, size: int, mtime_ns: int, inode: int) -> str | None:
        row = self.db.execute("SELECT size, mtime_ns, inode, digest FROM stats WHERE path = ?", (path,)).fetchone()
        return row[3] if row and tuple(row[:3]) == (size, mtime_ns, inode) else None

    def set_stat_digest(self, path: str, size: int, mtime_ns: int, inode: int, digest: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO stats(path, size, mtime_ns, inode, digest) VALUES (?, ?, ?, ?, ?)",
                        (path, size, mtime_ns, inode, digest))

    # --- journal --------------------------------------------------------------------------------------------
    def journal(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT path, action FROM journal"))

    def plan_journal(self, actions: dict[str, str]) -> None:
        """Record the writes ('write') and deletions ('delete') about to happen, durably, before any of them."""
        self.db.execute("BEGIN IMMEDIATE")
        self.db.execute("DELETE FROM journal")
        self.db.executemany("INSERT INTO journal(path, action) VALUES (?, ?)", sorted(actions.items()))
        self.db.execute("COMMIT")

    def clear_journal(self) -> None:
        self.db.execute("DELETE FROM journal")
