"""What earlier archive imports read and wrote (SQLite, under var/): a run resumes from it and a rerun skips with it.

pages: one row per mirror file read, with its size, time and SHA-256, the configuration it was read with, and its
       outcome (imported / duplicate / existing / not_a_story / failed / conflict) and details for the report.
files: every file the importer wrote under content/, with the SHA-256 of what it wrote: a file whose bytes differ
       from that was edited since, and is never overwritten.
Only the main process writes; rows are committed in small batches, so a kill loses at most the last batch (whose
story files, if already written, are found identical and adopted on the next run).
"""
from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (
    page TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, sha256 TEXT, fingerprint TEXT, group_key TEXT,
    outcome TEXT, story_id TEXT, story_file TEXT, reason TEXT, line INTEGER, details TEXT, run INTEGER);
CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, sha256 TEXT, story_id TEXT);
CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY, mirror TEXT, started REAL, finished REAL, totals TEXT);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


class StateMismatch(ValueError):
    """The state file records another content folder's imports."""


@dataclass(frozen=True)
class PageRow:
    """One page's outcome; details (JSON in the table) are decoded when first asked for."""

    page: str
    size: int
    mtime_ns: int
    sha256: str
    fingerprint: str
    group_key: str
    outcome: str
    story_id: str
    story_file: str
    reason: str
    line: int | None
    details_json: str
    run: int

    @cached_property
    def details(self) -> dict:
        return json.loads(self.details_json or "{}")


class ArchiveState:
    def __init__(self, path: Path, batch_seconds: float = 0.5):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # a killed process loses nothing committed
        self.db.executescript(SCHEMA)
        self.batch_seconds = batch_seconds
        self._last_commit = time.monotonic()
        self.db.execute("BEGIN")
        self.run_id = 0

    def claim_content(self, content: Path) -> None:
        """A state file belongs to one content folder: its files table names files there."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'content'").fetchone()
        if row is None:
            self.db.execute("INSERT INTO meta VALUES ('content', ?)", (str(content),))
        elif row[0] != str(content):
            raise StateMismatch(f"{self.path} belongs to the content folder {row[0]}; give --state for {content}")

    def start_run(self, mirror: str) -> int:
        cur = self.db.execute("INSERT INTO runs (mirror, started) VALUES (?, ?)", (mirror, time.time()))
        self.run_id = cur.lastrowid
        self.commit()
        return self.run_id

    def finish_run(self, totals: dict) -> None:
        self.db.execute("UPDATE runs SET finished = ?, totals = ? WHERE id = ?",
                        (time.time(), json.dumps(totals), self.run_id))
        self.commit()

    def pages(self) -> dict[str, PageRow]:
        rows = self.db.execute("SELECT page, size, mtime_ns, sha256, fingerprint, group_key, outcome, story_id, "
                               "story_file, reason, line, details, run FROM pages")
        return {r[0]: PageRow(*r) for r in rows}

    def files(self) -> dict[str, tuple[str, str]]:
        """path under content/ -> (sha256 written, story id)."""
        return {p: (s, i) for p, s, i in self.db.execute("SELECT path, sha256, story_id FROM files")}

    def record_page(self, row: PageRow) -> None:
        self.db.execute("INSERT OR REPLACE INTO pages VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (row.page, row.size, row.mtime_ns, row.sha256, row.fingerprint, row.group_key, row.outcome,
                         row.story_id, row.story_file, row.reason, row.line, row.details_json, row.run))

    def touch_page(self, page: str, size: int, mtime_ns: int) -> None:
        """Same bytes, new size/time on disk (e.g. the mirror was copied): remember the new stat."""
        self.db.execute("UPDATE pages SET size = ?, mtime_ns = ? WHERE page = ?", (size, mtime_ns, page))

    def record_file(self, path: str, sha256: str, story_id: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?,?,?)", (path, sha256, story_id))

    def forget_file(self, path: str) -> None:
        self.db.execute("DELETE FROM files WHERE path = ?", (path,))

    def maybe_commit(self) -> None:
        if time.monotonic() - self._last_commit >= self.batch_seconds:
            self.commit()

    def commit(self) -> None:
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")
        self._last_commit = time.monotonic()

    def close(self) -> None:
        self.db.execute("COMMIT")
        self.db.close()
