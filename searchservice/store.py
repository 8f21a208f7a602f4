"""The search index on disk: one SQLite file (FTS5) per full build, `current.sqlite3` a symlink to the live one.

Writers (the build, fast publishing) hold `write.lock` (flock) while they change what readers see:
- `put(record)` / `remove(url)`: one story added, replaced or withdrawn in one transaction of the live file;
  readers see the whole change or none of it. Each change is also logged (`changes`), with a sequence number.
- `rebuild(records)`: a new file is written beside the live one without the lock (readers go on with the old
  one); then, under the lock, the changes logged since the rebuild started are replayed into it and the symlink is
  replaced in one rename. So a story published during a rebuild is neither lost nor shown half-indexed.
- `sync(records)`: what a build does when an index exists: only stories whose record changed are re-indexed, the
  ones no longer published are removed, in one transaction.
Readers (`SearchIndex.search`) open the symlink's target read-only and reopen when it points elsewhere.
"""
from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from datetime import datetime, timedelta
from datetime import time as dtime
from importlib.metadata import version
from pathlib import Path
from zoneinfo import ZoneInfo

from . import excerpt
from .index_rows import COLUMNS, IndexRow, index_row
from .query import SearchQuery, filter_expression, highlight_words, match_all, parse_terms, relevance_tiers
from .records import SearchRecord

BANGKOK = ZoneInfo("Asia/Bangkok")
CURRENT = "current.sqlite3"
LOCK = "write.lock"
SCHEMA_VERSION = "6"
PAGE_SIZE = 10
SLOT_BITS = 20  # stories a second can hold: 2^20 (a date of year 9999 still fits in SQLite's 63 bits)
_FIELDS = ("url", "fingerprint", "ts", "title", "date", "date_label", "province", "province_slug",
           "agency", "agency_slug", "agency_name", "section", "section_slug", "tags", "extra")
_RECORD = ("url", "title", "t.body", "date", "date_label", "province", "province_slug", "agency", "agency_slug",
           "agency_name", "section", "section_slug", "tags", "extra")
SCHEMA = f"""
CREATE TABLE stories(id INTEGER PRIMARY KEY,  -- story_id(): in date order, so FTS5 pages need no sort
  url TEXT NOT NULL UNIQUE, fingerprint TEXT NOT NULL,
  ts INTEGER NOT NULL, title TEXT NOT NULL, date TEXT NOT NULL, date_label TEXT NOT NULL,
  province TEXT NOT NULL, province_slug TEXT NOT NULL, agency TEXT NOT NULL, agency_slug TEXT NOT NULL,
  agency_name TEXT NOT NULL, section TEXT NOT NULL, section_slug TEXT NOT NULL, tags TEXT NOT NULL,
  extra TEXT NOT NULL);
CREATE TABLE texts(id INTEGER PRIMARY KEY, body TEXT NOT NULL);  -- apart: filtering and sorting read small rows
CREATE VIRTUAL TABLE words USING fts5({", ".join(COLUMNS)}, tokenize='ascii', content='', columnsize=0);
CREATE TABLE changes(seq INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL, record TEXT);
CREATE TABLE info(key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class IndexMissing(RuntimeError):
    """No index has been built yet (the service answers 503; the page falls back to the static index)."""


def tokenizer_version() -> str:
    """What the stored tokens depend on: a change means the index must be rebuilt, not synced."""
    return f"schema {SCHEMA_VERSION}; pythainlp {version('pythainlp')}"


def _row_values(record: SearchRecord) -> tuple:
    return (record.url, record.fingerprint(), record.timestamp, record.title, record.date,
            record.date_label, record.province, record.province_slug, record.agency, record.agency_slug,
            record.agency_name, record.section, record.section_slug, json.dumps(record.tags, ensure_ascii=False),
            json.dumps(record.extra, ensure_ascii=False))


def _indexed(record: SearchRecord) -> tuple[SearchRecord, IndexRow]:
    return record, index_row(record)


def _record(values) -> SearchRecord:
    data = dict(zip((k.removeprefix("t.") for k in _RECORD), values, strict=True))
    data["tags"], data["extra"] = tuple(json.loads(data["tags"])), tuple(json.loads(data["extra"]))
    return SearchRecord(**data)


def _delete(con: sqlite3.Connection, url: str) -> bool:
    """Remove the story at `url` (the FTS5 table keeps no text: its tokens are cut again to delete them; the
    index is rebuilt whenever the tokenizer changes, so they are the same tokens)."""
    old = con.execute(f"SELECT s.id, {', '.join(_RECORD)} FROM stories s JOIN texts t ON t.id = s.id "
                      "WHERE s.url = ?", (url,)).fetchone()
    if not old:
        return False
    row = index_row(_record(old[1:]))
    con.execute(f"INSERT INTO words(words, rowid, {', '.join(COLUMNS)}) VALUES ('delete', ?, ?, ?, ?, ?, ?)",
                (old[0], *astuple(row)))
    con.execute("DELETE FROM stories WHERE id = ?", (old[0],))
    con.execute("DELETE FROM texts WHERE id = ?", (old[0],))
    return True


def story_id(con: sqlite3.Connection, ts: int) -> int:
    """A free id for a story dated `ts`: ts × 2^20 + the next free slot of that second. Ids then sort as
    (date, order of writing), so the newest matches are the highest rowids of the FTS5 table, which it walks
    from the top and stops at the page's end, and a date range is a rowid range."""
    base = ts << SLOT_BITS
    top = con.execute("SELECT max(id) FROM stories WHERE id >= ? AND id < ?",
                      (base, base + (1 << SLOT_BITS))).fetchone()[0]
    if top is not None and top + 1 >= base + (1 << SLOT_BITS):
        raise ValueError(f"more than {1 << SLOT_BITS} stories dated in one second")
    return base if top is None else top + 1


def _write(con: sqlite3.Connection, record: SearchRecord, row: IndexRow) -> None:
    _delete(con, record.url)
    story = story_id(con, record.timestamp)
    con.execute(f"INSERT INTO stories(id, {', '.join(_FIELDS)}) VALUES (?, {', '.join('?' * len(_FIELDS))})",
                (story, *_row_values(record)))
    con.execute(f"INSERT INTO words(rowid, {', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)", (story, *astuple(row)))
    con.execute("INSERT INTO texts(id, body) VALUES (?, ?)", (story, record.body))


def _index_rows(records: Iterable[SearchRecord], workers: int) -> Iterator[tuple[SearchRecord, IndexRow]]:
    """(record, row) for each record; tokenized in `workers` processes when there are many."""
    records = list(records)
    if workers <= 1 or len(records) < 200:
        yield from map(_indexed, records)
        return
    import multiprocessing

    # started fresh (spawn): forked copies of a full build holding the whole site would each count ~0.9 GB
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        yield from pool.map(_indexed, records, chunksize=64)


@dataclass
class SyncResult:
    added: int = 0
    replaced: int = 0
    removed: int = 0
    unchanged: int = 0
    rebuilt: bool = False


class IndexWriter:
    """Writes the index in `folder` (created). One writer at a time holds the lock; readers never wait long."""

    def __init__(self, folder: str | Path, workers: int = 0):
        self.folder = Path(folder)
        self.workers = workers or os.cpu_count() or 1

    @contextmanager
    def _lock(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / LOCK, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def current(self) -> Path | None:
        link = self.folder / CURRENT
        return link.resolve() if link.exists() else None

    def _connect(self, path: Path) -> sqlite3.Connection:
        con = sqlite3.connect(path, timeout=10, isolation_level=None)
        con.execute("PRAGMA busy_timeout = 10000")
        return con

    @contextmanager
    def _live(self):
        """The live file, in one IMMEDIATE transaction, under the lock."""
        with self._lock():
            path = self.current()
            if path is None:
                raise IndexMissing(f"{self.folder}: no search index yet (run a full build first)")
            con = self._connect(path)
            try:
                con.execute("BEGIN IMMEDIATE")
                yield con
                con.execute("COMMIT")
            except BaseException:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
            finally:
                con.close()

    def last_change(self) -> int:
        """Sequence number of the newest logged change of the live index (0 without one)."""
        path = self.current()
        if path is None:
            return 0
        con = self._connect(path)
        try:
            return con.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]
        finally:
            con.close()

    def put(self, record: SearchRecord) -> None:
        """Add or replace one story, visible at once and whole."""
        row = index_row(record)
        with self._live() as con:
            _write(con, record, row)
            con.execute("INSERT INTO changes(url, record) VALUES (?, ?)", (record.url, record.to_json()))

    def remove(self, url: str) -> bool:
        """Withdraw one story (True if it was indexed); it stops matching at once."""
        with self._live() as con:
            found = _delete(con, url)
            con.execute("INSERT INTO changes(url, record) VALUES (?, NULL)", (url,))
        return found

    def rebuild(self, records: Iterable[SearchRecord], since: int | None = None) -> int:
        """Write a new index of `records` and swap it in; changes logged after `since` (default: now) are
        replayed first. Returns the number of stories."""
        since = self.last_change() if since is None else since
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"index-{time.time_ns()}-{os.getpid()}.sqlite3"
        tmp = path.with_suffix(".tmp")
        tmp.unlink(missing_ok=True)
        con = self._connect(tmp)
        try:
            con.execute("PRAGMA journal_mode = OFF")
            con.execute("PRAGMA synchronous = OFF")
            con.executescript(SCHEMA)
            con.execute("INSERT INTO info VALUES ('tokenizer', ?)", (tokenizer_version(),))
            con.execute("BEGIN")
            count = 0
            for record, row in _index_rows(records, self.workers):
                _write(con, record, row)
                count += 1
            con.execute("COMMIT")
            con.execute("INSERT INTO words(words) VALUES ('optimize')")
            con.execute("PRAGMA journal_mode = DELETE")
        except BaseException:
            con.close()
            tmp.unlink(missing_ok=True)
            raise
        con.close()
        os.replace(tmp, path)  # complete before it can be swapped in
        with self._lock():
            count += self._replay(path, since)
            link_tmp = self.folder / f".{CURRENT}.{os.getpid()}"
            link_tmp.unlink(missing_ok=True)
            link_tmp.symlink_to(path.name)
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(link_tmp, self.folder / CURRENT)
            self._prune(keep={path.name})
        return count

    def _replay(self, path: Path, since: int) -> int:
        """Apply to the new file at `path` the changes the live file logged after `since`; returns the net
        change in stories."""
        old = self.current()
        if old is None:
            return 0
        src = self._connect(old)
        try:
            changes = src.execute("SELECT seq, url, record FROM changes WHERE seq > ? ORDER BY seq",
                                  (since,)).fetchall()
            last = src.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]
        finally:
            src.close()
        con = self._connect(path)
        delta = 0
        try:
            con.execute("BEGIN IMMEDIATE")
            for _seq, url, data in changes:
                delta -= _delete(con, url)
                if data is not None:
                    record = SearchRecord.from_json(data)
                    _write(con, record, index_row(record))
                    delta += 1
            if last:  # the new file goes on numbering where the old one stopped
                con.execute("INSERT INTO changes(seq, url, record) VALUES (?, '', NULL)", (last,))
                con.execute("DELETE FROM changes WHERE seq = ?", (last,))
            con.execute("COMMIT")
        finally:
            con.close()
        return delta

    def _prune(self, keep: set[str]) -> None:
        """Remove index files other than the live one (readers that still have an old one open keep it)."""
        for old in self.folder.glob("index-*.sqlite3*"):
            if old.name not in keep:
                old.unlink(missing_ok=True)

    def sync(self, records: Iterable[SearchRecord], since: int | None = None) -> SyncResult:
        """Make the index hold exactly `records`: a full rebuild when there is no usable index, otherwise only
        the changed, new and withdrawn stories, in one transaction."""
        records = list(records)
        path = self.current()
        if path is None or self._stored_tokenizer(path) != tokenizer_version():
            count = self.rebuild(records, since=since)
            return SyncResult(added=count, rebuilt=True)
        con = self._connect(path)
        try:
            stored = dict(con.execute("SELECT url, fingerprint FROM stories"))
        finally:
            con.close()
        wanted = {r.url: r for r in records}
        changed = [r for r in records if stored.get(r.url) != r.fingerprint()]
        gone = [url for url in stored if url not in wanted]
        result = SyncResult(unchanged=len(records) - len(changed), removed=len(gone))
        result.replaced = sum(1 for r in changed if r.url in stored)
        result.added = len(changed) - result.replaced
        if not changed and not gone:
            return result
        rows = list(_index_rows(changed, self.workers))
        with self._live() as con:
            for url in gone:
                _delete(con, url)
                con.execute("INSERT INTO changes(url, record) VALUES (?, NULL)", (url,))
            for record, row in rows:
                _write(con, record, row)
                con.execute("INSERT INTO changes(url, record) VALUES (?, ?)", (record.url, record.to_json()))
            con.execute("DELETE FROM changes WHERE seq < (SELECT max(seq) - 10000 FROM changes)")
        return result

    def _stored_tokenizer(self, path: Path) -> str | None:
        con = self._connect(path)
        try:
            found = con.execute("SELECT value FROM info WHERE key = 'tokenizer'").fetchone()
        except sqlite3.DatabaseError:
            return None
        finally:
            con.close()
        return found[0] if found else None


@dataclass(frozen=True)
class Hit:
    url: str
    title: str
    date: str
    date_label: str
    province: str
    agency: str
    section: str
    excerpt: list[str]


@dataclass(frozen=True)
class SearchResult:
    total: int
    page: int
    pages: int
    hits: list[Hit]


def _day_start(day) -> int:
    return int(datetime.combine(day, dtime(0), BANGKOK).timestamp())


class SearchIndex:
    """Read side: answers queries from the live index file; reopens it after a swap."""

    def __init__(self, folder: str | Path, page_size: int = PAGE_SIZE):
        self.folder, self.page_size = Path(folder), page_size
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        link = self.folder / CURRENT
        try:
            target = os.readlink(link)
        except OSError as error:
            raise IndexMissing(f"{link}: no search index") from error
        cached = getattr(self._local, "con", None)
        if cached is not None and self._local.target == target:
            return cached
        if cached is not None:
            cached.close()
        con = sqlite3.connect(f"file:{self.folder / target}?mode=ro", uri=True, timeout=5,
                              check_same_thread=False, isolation_level=None)
        con.execute("PRAGMA busy_timeout = 5000")
        con.execute("PRAGMA mmap_size = 1073741824")  # the OS page cache, no copies (the file is read-only here)
        con.execute("PRAGMA cache_size = -65536")  # 64 MB
        self._local.con, self._local.target = con, target
        return con

    def records(self) -> list[SearchRecord]:
        """Every indexed story as its record (for checks and tools; not a reader's path)."""
        return [_record(r) for r in self._connection().execute(
            f"SELECT {', '.join(_RECORD)} FROM stories s JOIN texts t ON t.id = s.id")]

    def count(self) -> int:
        return self._connection().execute("SELECT count(*) FROM stories").fetchone()[0]

    def filters(self) -> dict[str, list[dict]]:
        """Every province, agency and section with its number of stories (for the page's filter menus)."""
        con = self._connection()
        out = {}
        for key, name, slug in (("province", "province", "province_slug"), ("agency", "agency", "agency_slug"),
                                ("section", "section", "section_slug")):
            rows = con.execute(f"SELECT {name}, {slug}, count(*) FROM stories WHERE {name} != '' "
                               f"GROUP BY {name}, {slug} ORDER BY {name}")
            out[key] = [{"name": n, "slug": s, "count": c} for n, s, c in rows]
        return out

    def _plan(self, query: SearchQuery, match: str | None) -> tuple[str, str, list]:
        """FROM, WHERE and arguments for the stories matching the FTS5 expression `match` (None: every story)
        and the query's filters. The filters are part of the match (facet tokens), the date range is a rowid
        range the FTS5 table applies itself, and it yields matches from the highest rowid (the newest) down: a
        page stops after its last story, a count merges the words' lists; no story row is read for either."""
        match = " AND ".join(f"({m})" for m in (match, filter_expression(query)) if m) or None
        key = "rowid" if match else "id"
        conditions: list[tuple[str, list]] = [("words MATCH ?", [match])] if match else []
        if query.date_from:
            conditions.append((f"{key} >= ?", [_day_start(query.date_from) << SLOT_BITS]))
        if query.date_to:
            conditions.append((f"{key} < ?", [_day_start(query.date_to + timedelta(days=1)) << SLOT_BITS]))
        where = " WHERE " + " AND ".join(c for c, _ in conditions) if conditions else ""
        return f"{'words' if match else 'stories'}{where}", key, [a for _, args in conditions for a in args]

    def total(self, query: SearchQuery) -> int:
        """The number of stories `query` finds (filters included)."""
        return self._total(self._connection(), query)

    def _total(self, con, query: SearchQuery) -> int:
        terms = query.terms
        source, _key, args = self._plan(query, match_all(terms) if terms else None)
        return con.execute(f"SELECT count(*) FROM {source}", args).fetchone()[0]

    def search(self, query: SearchQuery) -> SearchResult:
        con = self._connection()
        con.execute("BEGIN")  # one snapshot for the page, its count and its stories, whatever writers do meanwhile
        try:
            return self._search(con, query)
        finally:
            con.execute("COMMIT")

    def _ids(self, con, query: SearchQuery, match: str | None, limit: int, offset: int = 0) -> list[int]:
        """Ids of the stories matching `match` and the filters, newest first; the walk stops at `limit`."""
        source, key, args = self._plan(query, match)
        return [r[0] for r in con.execute(f"SELECT {key} FROM {source} ORDER BY {key} DESC LIMIT ? OFFSET ?",
                                          [*args, limit, offset])]

    def _ranked_ids(self, con, query: SearchQuery, offset: int) -> list[int]:
        """The page's ids by relevance (query.relevance_tiers), newest first in each tier; each tier is one
        FTS5 walk that stops once the page is full."""
        size = self.page_size
        page, skip = [], offset
        for tier in relevance_tiers(query.terms):
            found = self._ids(con, query, tier, skip + size - len(page))
            page += found[skip:]
            skip = max(0, skip - len(found))
            if len(page) >= size:
                break
        return page[:size]

    def _search(self, con: sqlite3.Connection, query: SearchQuery) -> SearchResult:
        terms = query.terms
        offset = (query.page - 1) * self.page_size
        if terms and query.sort == "relevance":
            ids = self._ranked_ids(con, query, offset)
        else:
            ids = self._ids(con, query, match_all(terms) if terms else None, self.page_size, offset)
        total = self._total(con, query)
        rows = {r[0]: r[1:] for r in con.execute(
            "SELECT s.id, s.url, s.title, t.body, s.date, s.date_label, s.province, s.agency, s.section "
            f"FROM stories s JOIN texts t ON t.id = s.id WHERE s.id IN ({', '.join('?' * len(ids))})", ids)} if ids else {}
        marks = highlight_words(terms)
        hits = [Hit(url=r[0], title=r[1], date=r[3], date_label=r[4], province=r[5], agency=r[6], section=r[7],
                    excerpt=excerpt.pieces(r[2], marks)) for r in (rows[i] for i in ids)]
        pages = (total + self.page_size - 1) // self.page_size
        return SearchResult(total=total, page=query.page, pages=pages, hits=hits)


__all__ = ["IndexMissing", "IndexWriter", "SearchIndex", "SearchQuery", "SearchRecord", "parse_terms"]
