"""The daily salt on a REAL PostgreSQL, with an injected clock: shared by instances, never in the write-ahead log,
and gone (from every table and from every file of the data directory, pg_wal included) once its day is over."""

from __future__ import annotations

import asyncio
import ipaddress
from datetime import date
from pathlib import Path

import httpx
import psycopg
from counter_service import BROWSER_UA, STORIES, write_manifest
from event_loop import run_async
from fake_clock import FakeClock, bangkok
from pg_fixtures import pg_cluster, pg_url  # noqa: F401 (fixtures)

from readcounter import Settings, create_app

GRACE = 300


def in_process_app(tmp_path: Path, url: str, clock: FakeClock):
    tmp_path.mkdir(parents=True, exist_ok=True)
    write_manifest(tmp_path / "stories.json", STORIES)
    settings = Settings.from_env({}, database_url=url, manifest_path=tmp_path / "stories.json", salt_grace=GRACE,
                                 trusted_proxies=(ipaddress.ip_network("127.0.0.1/32"),), rate_limit=10_000)
    return create_app(settings, prefix="/api", clock=clock)


async def read(client, story: str, n: int) -> dict:
    for _ in range(50):  # right after a PostgreSQL restart the pool replaces its connections: 503 meanwhile
        answer = await client.post(f"/api/reads/{story}", headers={"x-forwarded-for": f"198.18.0.{n}",
                                                                   "user-agent": BROWSER_UA})
        if answer.status_code == 200:
            return answer.json()
        assert answer.status_code == 503
        await asyncio.sleep(0.1)
    raise AssertionError("the counter did not recover")


def files_containing(folder: Path, needles: list[bytes]) -> list[str]:
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [f"{path.relative_to(folder)} ({needle[:6].hex()}...)" for needle in needles if needle in data]
    return found


def salts(url: str) -> dict[date, tuple[bytes, bytes]]:
    with psycopg.connect(url) as conn:
        return {day: (bytes(s), bytes(i)) for day, s, i in conn.execute("SELECT day, salt, salt_id FROM reader_salts")}


def test_finished_days_salt_is_gone_from_every_table_and_file(pg_cluster, pg_url, tmp_path):
    clock = FakeClock(bangkok(2026, 11, 24, 22, 0))
    first_app = in_process_app(tmp_path / "a", pg_url, clock)
    second_app = in_process_app(tmp_path / "b", pg_url, clock)  # a second instance on the same database
    transport = {"client": ("127.0.0.1", 40000)}

    async def scenario():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(first_app, **transport), base_url="http://a") as a, \
                httpx.AsyncClient(transport=httpx.ASGITransport(second_app, **transport), base_url="http://b") as b:
            assert (await read(a, "story-1", 1))["counted"]
            assert (await read(b, "story-1", 1))["counted"] is False  # one salt, one seen-set for both
            assert (await read(b, "story-2", 1))["counted"]
            [(day, (secret, salt_id))] = salts(pg_url).items()
            assert day == date(2026, 11, 24) and len(secret) == 32
            needles = [secret, secret.hex().encode()]

            # A clean restart makes PostgreSQL write the unlogged table's page to its data file: the grep below can
            # find the salt where it is. It is in no WAL segment, then or ever (unlogged).
            pg_cluster.restart("fast")
            data = pg_cluster.data
            assert files_containing(data / "base", needles), "the salt should be in its table's file now"
            assert files_containing(data / "pg_wal", needles) == []
            assert (await read(a, "story-3", 2))["counted"]  # the pool recovered; same salt after a clean restart
            assert salts(pg_url) == {day: (secret, salt_id)}

            # Midnight: a new day gets its own salt; yesterday's is kept for the grace period (clock skew).
            clock.set(bangkok(2026, 11, 25, 0, 0, 30))
            assert (await read(a, "story-1", 1))["counted"]  # a new day, a new count for the same reader
            assert set(salts(pg_url)) == {date(2026, 11, 24), date(2026, 11, 25)}
            # An instance whose clock lags a little still counts yesterday's readers once, with yesterday's salt.
            clock.set(bangkok(2026, 11, 24, 23, 59, 50))
            assert (await read(b, "story-1", 1))["counted"] is False

            # Grace over: the next batch (or the periodic maintenance) TRUNCATEs yesterday's slot.
            clock.set(bangkok(2026, 11, 25, 0, 0) + GRACE + 1)
            assert (await read(b, "story-4", 3))["counted"]
            assert (await read(a, "story-4", 4))["counted"]
            assert set(salts(pg_url)) == {date(2026, 11, 25)}
            assert day not in first_app.state.counter.recorder.held_salt_days()
            assert day not in second_app.state.counter.recorder.held_salt_days()
            dbname = pg_url.split("/")[3].split("?")[0]
            pg_cluster.psql(dbname, "CHECKPOINT")

            # Not in any table ...
            tables = pg_cluster.psql(dbname, "SELECT string_agg(quote_ident(relname), ',') FROM pg_class "
                                             "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace").split(",")
            for table in tables:
                hits = pg_cluster.psql(dbname, f"SELECT count(*) FROM {table} t "
                                               f"WHERE strpos(t::text, '{secret.hex()}') > 0")
                assert hits == "0", table
            # ... and its bytes are in no file of the data directory, the WAL included.
            assert files_containing(data, needles) == []
            # Yesterday's seen-set went with it; counts stay.
            with psycopg.connect(pg_url) as conn:
                assert conn.execute("SELECT count(*) FROM readers_seen").fetchone()[0] == 3  # today's readers
                assert dict(conn.execute(
                    "SELECT story_id, sum(reads)::bigint FROM reads_total GROUP BY 1").fetchall()) == {
                    "story-1": 2, "story-2": 1, "story-3": 1, "story-4": 2}

    try:
        run_async(scenario())
    finally:
        for app in (first_app, second_app):
            app.state.counter.close()


def test_counts_and_day_lists_follow_the_injected_calendar(pg_url, tmp_path):
    """Reads at 23:59:59 and 00:00:00 Bangkok time land on two days; the day and week lists follow the clock."""
    clock = FakeClock(bangkok(2026, 11, 24, 23, 59, 59))
    app = in_process_app(tmp_path, pg_url, clock)

    async def scenario():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app, client=("127.0.0.1", 1)),
                                     base_url="http://a") as client:
            for n in range(3):
                await read(client, "story-5", n)
            clock.set(bangkok(2026, 11, 25, 0, 0, 0))
            await read(client, "story-6", 1)
            day = (await client.get("/api/reads/top", params={"window": "day"})).json()["stories"]
            week = (await client.get("/api/reads/top", params={"window": "week"})).json()["stories"]
            assert [(s["id"], s["reads"]) for s in day] == [("story-6", 1)]
            assert [(s["id"], s["reads"]) for s in week] == [("story-5", 3), ("story-6", 1)]
            clock.set(bangkok(2026, 12, 1, 12, 0))  # seven days later: 24 November is out of the week
            week = (await client.get("/api/reads/top", params={"window": "week"})).json()["stories"]
            assert [(s["id"], s["reads"]) for s in week] == [("story-6", 1)]

    try:
        run_async(scenario())
    finally:
        app.state.counter.close()
    with psycopg.connect(pg_url) as conn:
        rows = conn.execute("SELECT story_id, day::text, sum(reads)::bigint FROM reads_daily "
                            "GROUP BY 1, 2 ORDER BY 1").fetchall()
    assert rows == [("story-5", "2026-11-24", 3), ("story-6", "2026-11-25", 1)]
