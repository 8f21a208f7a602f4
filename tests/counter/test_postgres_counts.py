"""Counts on a REAL PostgreSQL: copy-sqlite (idempotent, verified by totals), most-read lists equal to SQLite's and
to sorting everything, and the build's read_counts() from a postgresql:// URL."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from datetime import date, timedelta

import psycopg
import pytest
from counter_service import ROOT, write_manifest
from fake_clock import FakeClock, bangkok
from pg_fixtures import pg_cluster, pg_url  # noqa: F401 (fixtures)

from readcounter import Settings, create_app
from readcounter.copy_sqlite import CopyError, copy_sqlite
from readcounter.counting import Claim
from readcounter.counts import ReadCountsError, read_counts
from readcounter.postgres_store import PostgresStore
from readcounter.ranking import brute_force
from readcounter.sqlite_store import SQLiteStore

TODAY = date(2026, 11, 24)


def random_reads(seed: int, stories: int = 200, days: int = 12, rows: int = 1500) -> dict:
    rng = random.Random(seed)
    reads = {}
    for _ in range(rows):
        key = (f"s{rng.randrange(stories):03d}", TODAY - timedelta(days=rng.randrange(days)))
        reads[key] = reads.get(key, 0) + rng.choice([1, 1, 2, 5, 30])
    return reads


def daily_rows(url: str) -> dict:
    with psycopg.connect(url) as conn:
        return {(s, d): n for s, d, n in conn.execute(
            "SELECT story_id, day, sum(reads)::bigint FROM reads_daily GROUP BY 1, 2")}


def copy_cli(path, url) -> subprocess.CompletedProcess:
    env = {**os.environ, "READCOUNTER_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "readcounter", "copy-sqlite", str(path)], env=env,
                          capture_output=True, text=True, timeout=60)


def test_copy_sqlite_is_idempotent_and_verified_by_totals(tmp_path, pg_url):
    path = tmp_path / "readcounter.sqlite3"
    sqlite = SQLiteStore(path)
    first = random_reads(1)
    sqlite.add_reads(first)
    salt = sqlite.salt(TODAY)  # a reader counted by the service itself, with a seen-set row
    sqlite.record([Claim(b"k" * 16, "s001", TODAY)], {TODAY: salt})
    copied = copy_cli(path, pg_url)
    assert copied.returncode == 0, copied.stderr
    assert "verified" in copied.stdout and "first copy" in copied.stdout
    pg = PostgresStore(pg_url)
    try:
        assert pg.window_totals(None) == sqlite.window_totals(None)
        assert daily_rows(pg_url) == {(s, date.fromisoformat(d)): n for (s, d), n in _sqlite_daily(path).items()}
        # again: nothing added
        again = copy_cli(path, pg_url)
        assert again.returncode == 0 and "added 0" in again.stdout and "nothing new" in again.stdout
        assert pg.window_totals(None) == sqlite.window_totals(None)
        # the file keeps counting (the switch is not done yet), PostgreSQL counts its own reads too
        sqlite.add_reads(random_reads(2, rows=300))
        pg.add_reads({("own-story", TODAY): 7})
        report = copy_sqlite(path, pg_url)
        assert 0 < report.added < report.sqlite_total
        assert report.postgres_after == report.postgres_before + report.added
        expected = dict(sqlite.window_totals(None))
        expected["own-story"] = 7
        assert pg.window_totals(None) == expected
        # a file with fewer reads than were copied from it (an older backup) is refused, nothing changes
        conn = sqlite3.connect(path)
        conn.execute("UPDATE reads_daily SET reads = reads - 1 WHERE story_id = 's001'")
        conn.execute("UPDATE reads_total SET reads = reads - (SELECT count(*) FROM reads_daily WHERE story_id = "
                     "'s001') WHERE story_id = 's001'")
        conn.commit()
        conn.close()
        before = pg.window_totals(None)
        with pytest.raises(CopyError, match="fewer reads"):
            copy_sqlite(path, pg_url)
        assert pg.window_totals(None) == before
    finally:
        pg.close()
        sqlite.close()


def _sqlite_daily(path) -> dict:
    with sqlite3.connect(path) as conn:
        return {(s, d): n for s, d, n in conn.execute("SELECT story_id, day, reads FROM reads_daily")}


def test_copy_sqlite_refuses_an_inconsistent_or_foreign_file(tmp_path, pg_url):
    path = tmp_path / "broken.sqlite3"
    store = SQLiteStore(path)
    store.add_reads({("s1", TODAY): 3})
    store.close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE reads_total SET reads = 99")
    with pytest.raises(CopyError, match="inconsistent"):
        copy_sqlite(path, pg_url)
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    answer = copy_cli(foreign, pg_url)
    assert answer.returncode == 1 and "not a read-counter database" in answer.stderr
    assert copy_cli(tmp_path / "missing.sqlite3", pg_url).returncode == 1


def test_most_read_lists_from_postgresql_equal_sqlite_and_sorting_everything(tmp_path, pg_url):
    reads = random_reads(3, stories=400, rows=4000)
    rng = random.Random(4)
    stories = {f"s{i:03d}": {"legacy_reads": rng.choice([0, 0, 3, 40, rng.randint(0, 2000)])} for i in range(380)}
    write_manifest(tmp_path / "stories.json", stories)  # s380..s399 have reads but left the manifest
    clock = FakeClock(bangkok(2026, 11, 24, 15, 0))
    answers = {}
    for kind, store in (("sqlite", SQLiteStore(tmp_path / "r.sqlite3")), ("postgresql", PostgresStore(pg_url))):
        store.add_reads(reads)
        app = create_app(Settings.from_env({}, manifest_path=tmp_path / "stories.json"), store=store, clock=clock)
        try:
            answers[kind] = {(w, k): app.state.counter.top(w, k) for w in ("day", "week", "all") for k in (1, 10, 100)}
        finally:
            app.state.counter.close()
    assert answers["sqlite"] == answers["postgresql"]
    legacy = {s: v["legacy_reads"] for s, v in stories.items()}
    sums = {"all": {}, "week": {}, "day": {}}
    for (story, day), n in reads.items():
        sums["all"][story] = sums["all"].get(story, 0) + n
        if day > TODAY - timedelta(days=7):
            sums["week"][story] = sums["week"].get(story, 0) + n
        if day == TODAY:
            sums["day"][story] = sums["day"].get(story, 0) + n
    for (window, k), listed in answers["postgresql"].items():
        if window == "all":
            expected = brute_force(k, [(s, legacy[s] + sums["all"].get(s, 0)) for s in stories])
        else:
            expected = brute_force(k, [(s, n) for s, n in sums[window].items() if s in stories], lambda n: n > 0)
        assert [(s["id"], s["reads"]) for s in listed] == expected, (window, k)


def test_build_counts_from_a_postgresql_url(pg_url):
    store = PostgresStore(pg_url)
    try:
        store.add_reads({("a", TODAY): 3, ("a", TODAY - timedelta(days=3)): 4, ("b", TODAY - timedelta(days=9)): 5})
    finally:
        store.close()
    for url in (pg_url, pg_url.replace("postgresql://", "postgres://", 1)):
        counts = read_counts(url, {"a": 0, "b": 0}, TODAY)
        assert (counts.total, counts.day, counts.week) == ({"a": 7, "b": 5}, {"a": 3}, {"a": 7})


def test_build_counts_from_postgresql_name_a_foreign_database_and_survive_an_absent_one(pg_cluster):
    foreign = pg_cluster.create_database("not_a_counter")
    with pytest.raises(ReadCountsError, match="not a read-counter database"):
        read_counts(foreign, {}, TODAY)
    absent = f"postgresql://readcounter@/x?host={pg_cluster.root}/no-socket-here"
    assert read_counts(absent, {"a": 1}, TODAY, timeout=1).total == {}


def test_record_batch_counts_new_readers_totals_all_shards_and_refuses_a_stale_salt(pg_url):
    from readcounter.salts import SaltChanged, new_salt

    first, second = PostgresStore(pg_url), PostgresStore(pg_url)  # two instances: two shards
    try:
        assert first.shard != second.shard
        salt = first.salt(TODAY)
        assert second.salt(TODAY) == salt
        a, b, c = (Claim(k * 16, s, TODAY) for k, s in ((b"a", "s1"), (b"b", "s1"), (b"c", "s2")))
        outcomes = first.record([a, b, c], {TODAY: salt})
        assert [(o.counted, o.total) for o in outcomes] == [(True, 2), (True, 2), (True, 1)]
        # the other instance: a seen reader is not counted again, a story's total sums every shard
        outcomes = second.record([Claim(b"d" * 16, "s1", TODAY), a, c], {TODAY: salt})
        assert [(o.counted, o.total) for o in outcomes] == [(True, 3), (False, 3), (False, 1)]
        assert first.totals(["s1", "s2"]) == {"s1": 3, "s2": 1}
        with pytest.raises(SaltChanged, match=TODAY.isoformat()):  # nothing is written with a salt not stored
            first.record([Claim(b"e" * 16, "s1", TODAY)], {TODAY: new_salt(TODAY)})
        assert first.totals(["s1"]) == {"s1": 3}
        assert [o.counted for o in first.record([Claim(b"e" * 16, "s1", TODAY)], {TODAY: salt})] == [True]
        assert daily_rows(pg_url) == {("s1", TODAY): 4, ("s2", TODAY): 1}
    finally:
        first.close()
        second.close()
