"""The story-header index: one row per story file (id, path, blob id, status, agency, province, headline, dates),
so the story list is one indexed SQL query and never parses story files per request.

A cache of content/, never the source of truth: a row is re-read with nuea.story.read_story when its file's blob
id changes (after every newsroom save, and by `scan()`, which the service runs at start-up and every half minute
to see files changed outside the newsroom: git pull, a text editor). Each file is stat()ed, and read only when its
size or mtime changed.
"""
from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from nuea.checks import MARKDOWN_SUFFIXES
from nuea.header import parse_header
from nuea.keys import canonical_key
from nuea.statuses import Status
from nuea.story import StoryContext, read_story
from nuea.thai_dates import parse_thai_date

from .database import Database

PAGE_SIZE = 50
UNREADABLE = "unreadable"


@dataclass(frozen=True)
class IndexedStory:
    path: str  # under content/: news/2569/x.md
    id: str | None
    blob: str
    status: str  # a Status value, or 'unreadable'
    agency: str  # registry code
    province: str
    title: str
    reporter: str
    date: float | None
    modified: float | None
    problems: int

    def effective_status(self, now: float) -> str:
        """A scheduled story whose time has come is published (the build treats it so)."""
        if self.status == Status.SCHEDULED and self.date is not None and self.date <= now:
            return Status.PUBLISHED.value
        return self.status


def fold(text: str) -> str:
    """Case- and space-insensitive form for headline search."""
    return " ".join(text.split()).casefold()


def blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass(frozen=True)
class ListQuery:
    agencies: tuple[str, ...] | None  # None = every agency
    status: str = ""  # '' = all; draft/submitted/scheduled/published/withdrawn
    agency: str = ""
    province: str = ""
    search: str = ""
    page: int = 1


_COLUMNS = "path, id, blob, status, agency, province, title, reporter, date, modified, problems"


class StoryIndex:
    def __init__(self, db: Database, content_dir: Path, context, story_paths=("news",), blob=blob_id):
        self.db, self.content_dir = db, Path(content_dir)
        self.context = context  # () -> StoryContext
        self.story_paths = tuple(story_paths)
        self.blob = blob
        self._scan_lock = threading.Lock()
        self.scanned = False
        self._last_scan = 0.0

    # --- keeping it current ------------------------------------------------------------------------------
    def _row(self, rel: str, data: bytes, st: os.stat_result, ctx: StoryContext) -> tuple:
        text = data.decode("utf-8", errors="replace")
        header = parse_header(text)
        check = read_story(header, f"content/{rel}", ctx)
        story = check.story
        if story is not None:
            return (rel, story.id, self.blob(data), st.st_mtime_ns, st.st_size, story.status.value, story.agency.code,
                    story.province.name, story.title, fold(story.title), story.reporter,
                    story.section.name if story.section else "", "\n".join(t.name for t in story.tags),
                    story.date.timestamp(), story.modified.timestamp() if story.modified else None, 0)
        # a file with problems (a draft saved as it was typed): what can be read of it
        values = {}
        for f in header.fields:
            key = canonical_key(f.key)
            if key and key not in values:
                values[key] = " ".join(f.value.split())
        agency = ctx.registry.find_agency(values.get("agency", "")) if values.get("agency") else None
        try:
            date = parse_thai_date(values["date"]).timestamp() if values.get("date") else None
        except ValueError:
            date = None
        title = values.get("title", "")
        return (rel, check.story_id, self.blob(data), st.st_mtime_ns, st.st_size,
                check.status.value if check.status else UNREADABLE, agency.code if agency else "",
                agency.province if agency else "", title, fold(title), values.get("reporter", ""),
                values.get("category", ""), "", date, None, len(check.problems))

    @staticmethod
    def _insert(conn, row: tuple) -> None:
        conn.execute("DELETE FROM stories WHERE path = ?", (row[0],))
        conn.execute("INSERT INTO stories (path, id, blob, mtime_ns, size, status, agency, province, title, "
                     "title_fold, reporter, section, tags, date, modified, problems) "
                     "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", row)

    def refresh(self, rel: str, ctx: StoryContext | None = None) -> None:
        """Re-read one story file (after a save); a removed file leaves the index."""
        path = self.content_dir / rel
        with self.db.connect() as conn:
            self._refresh(conn, rel, path, ctx or self.context())

    def _refresh(self, conn, rel: str, path: Path, ctx: StoryContext) -> None:
        try:
            st = path.stat()
            data = path.read_bytes()
        except FileNotFoundError:
            conn.execute("DELETE FROM stories WHERE path = ?", (rel,))
            return
        self._insert(conn, self._row(rel, data, st, ctx))

    def story_files(self) -> dict[str, os.stat_result]:
        found = {}
        for folder in self.story_paths:
            base = self.content_dir / folder
            for dirpath, dirnames, filenames in os.walk(base):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                for name in filenames:
                    if name.startswith(".") or not name.endswith(MARKDOWN_SUFFIXES):
                        continue
                    full = os.path.join(dirpath, name)
                    try:
                        found[os.path.relpath(full, self.content_dir).replace(os.sep, "/")] = os.stat(full)
                    except FileNotFoundError:
                        continue
        return found

    def scan(self) -> int:
        """Bring the index in line with content/: files changed (size/mtime, then blob id), added or removed.
        Returns how many rows changed."""
        with self._scan_lock:
            on_disk = self.story_files()
            with self.db.read() as conn:
                rows = conn.execute("SELECT path, mtime_ns, size, blob FROM stories")
                known = {r[0]: (r[1], r[2], r[3]) for r in rows}
            changed = [rel for rel, st in on_disk.items() if known.get(rel, (None, None))[:2] != (st.st_mtime_ns,
                                                                                                   st.st_size)]
            gone = [rel for rel in known if rel not in on_disk]
            if changed or gone:
                ctx = self.context()
                for start in range(0, len(changed), 500):
                    with self.db.connect() as conn:
                        for rel in changed[start:start + 500]:
                            path = self.content_dir / rel
                            old = known.get(rel)
                            try:
                                data = path.read_bytes()
                                st = path.stat()
                            except FileNotFoundError:
                                gone.append(rel)
                                continue
                            if old and old[2] == self.blob(data):  # touched, same bytes
                                conn.execute("UPDATE stories SET mtime_ns = ?, size = ? WHERE path = ?",
                                             (st.st_mtime_ns, st.st_size, rel))
                                continue
                            self._insert(conn, self._row(rel, data, st, ctx))
                with self.db.connect() as conn:
                    conn.executemany("DELETE FROM stories WHERE path = ?", [(rel,) for rel in gone])
            self.scanned = True
            self._last_scan = time.monotonic()
            return len(changed) + len(gone)

    def ensure_scanned(self) -> None:
        if not self.scanned:
            self.scan()

    def scan_if_stale(self, seconds: float = 5.0) -> None:
        """A scan, unless one ran lately (an unknown story id asks for one: a file written a moment ago)."""
        if time.monotonic() - self._last_scan > seconds:
            self.scan()

    # --- reading -----------------------------------------------------------------------------------------
    @staticmethod
    def _story(row) -> IndexedStory:
        return IndexedStory(*row)

    def by_id(self, story_id: str) -> IndexedStory | None:
        with self.db.read() as conn:
            row = conn.execute(f"SELECT {_COLUMNS} FROM stories WHERE id = ? ORDER BY path LIMIT 1",
                               (story_id,)).fetchone()
        return self._story(row) if row else None

    def ids(self) -> set[str]:
        with self.db.read() as conn:
            return {r[0] for r in conn.execute("SELECT id FROM stories WHERE id IS NOT NULL")}

    def ids_like(self, prefix: str) -> set[str]:
        with self.db.read() as conn:
            return {r[0] for r in conn.execute("SELECT id FROM stories WHERE id LIKE ? ESCAPE '\\'",
                                              (prefix.replace("%", "\\%").replace("_", "\\_") + "%",))}

    def list(self, q: ListQuery, now: float) -> tuple[list[IndexedStory], int, dict[str, int]]:
        """One page of the stories `q` asks for (waiting for review first, then newest first), how many match,
        and how many wait for review per agency (among those the account may see)."""
        where, args = ["1=1"], []
        if q.agencies is not None:
            where.append(f"agency IN ({','.join('?' * len(q.agencies))})" if q.agencies else "0")
            args += list(q.agencies)
        if q.agency:
            where.append("agency = ?")
            args.append(q.agency)
        if q.province:
            where.append("province = ?")
            args.append(q.province)
        if q.status == Status.PUBLISHED:
            where.append("status IN ('published', 'scheduled') AND (status = 'published' OR date <= ?)")
            args.append(now)
        elif q.status == Status.SCHEDULED:
            where.append("status = 'scheduled' AND (date IS NULL OR date > ?)")
            args.append(now)
        elif q.status:
            where.append("status = ?")
            args.append(q.status)
        needle = fold(q.search)
        if len(needle) >= 3:  # the trigram index finds the headlines holding it, then instr confirms
            where.append("rowid IN (SELECT rowid FROM story_titles WHERE story_titles MATCH ?) "
                         "AND instr(title_fold, ?)")
            args += ['"' + needle.replace('"', '""') + '"', needle]
        elif needle:
            where.append("instr(title_fold, ?) > 0")
            args.append(needle)
        sql_where = " AND ".join(where)
        offset = (max(1, q.page) - 1) * PAGE_SIZE
        # the stories_order index gives the order: no sort, and a page stops after its 50 rows
        order = "waiting DESC, sort_date DESC, path"
        with self.db.read() as conn:
            rows = conn.execute(
                f"SELECT {_COLUMNS} FROM stories WHERE {sql_where} ORDER BY {order} LIMIT ? OFFSET ?",
                [*args, PAGE_SIZE, offset]).fetchall()
            total = conn.execute(f"SELECT count(*) FROM stories WHERE {sql_where}", args).fetchone()[0]
            waiting_where, waiting_args = "status = 'submitted'", []
            if q.agencies is not None:
                waiting_where += f" AND agency IN ({','.join('?' * len(q.agencies))})" if q.agencies else " AND 0"
                waiting_args = list(q.agencies)
            waiting = dict(conn.execute(f"SELECT agency, count(*) FROM stories WHERE {waiting_where} "
                                        "GROUP BY agency", waiting_args).fetchall())
        return [self._story(r) for r in rows], total, waiting

    def due_scheduled(self, now: float) -> list[IndexedStory]:
        with self.db.read() as conn:
            rows = conn.execute(f"SELECT {_COLUMNS} FROM stories WHERE status = 'scheduled' AND date <= ? "
                                "AND NOT EXISTS (SELECT 1 FROM schedule_runs r WHERE r.story_id = stories.id "
                                "AND r.due = stories.date)", (now,)).fetchall()
        return [self._story(r) for r in rows]

    def terms(self) -> tuple[list[str], list[str]]:
        """Sections and tags already used by stories, most used first (the form's suggestions)."""
        with self.db.read() as conn:
            sections = [r[0] for r in conn.execute(
                "SELECT section FROM stories WHERE section != '' GROUP BY section ORDER BY count(*) DESC LIMIT 200")]
            counts: dict[str, int] = {}
            for (tags,) in conn.execute("SELECT tags FROM stories WHERE tags != ''"):
                for tag in tags.split("\n"):
                    counts[tag] = counts.get(tag, 0) + 1
        return sections, sorted(counts, key=lambda t: (-counts[t], t))[:500]


def date_of(ts: float | None) -> datetime | None:
    from nuea.thai_dates import BANGKOK
    return datetime.fromtimestamp(ts, BANGKOK) if ts is not None else None
