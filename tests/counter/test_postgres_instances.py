"""Several counter instances on one REAL PostgreSQL (throwaway cluster): they count as one, exactly, through kill -9
of an instance and a restart or crash of PostgreSQL."""

from __future__ import annotations

import asyncio
import itertools
import os
import subprocess
import sys
import threading
import time

import httpx
import psycopg
import pytest
from counter_service import reader, wait_healthy
from event_loop import run_async
from pg_fixtures import PgService, pg_cluster, pg_instances, pg_url  # noqa: F401 (fixtures)

GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def db_totals(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return dict(conn.execute("SELECT story_id, sum(reads)::bigint FROM reads_total GROUP BY 1").fetchall())


def reads_of(svc, story_id: str) -> int:
    return httpx.get(f"{svc.url}/api/reads", params={"ids": story_id}, timeout=10).json()[story_id]


async def post_reads(jobs, concurrency: int = 64, on_answer=None) -> dict[int, tuple]:
    """jobs: [(reader n, instance, story)] -> {n: (status or None for a broken connection, counted or None)}."""
    results: dict[int, tuple] = {}
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=concurrency), timeout=15) as client:
        async def one(n, svc, story):
            async with gate:
                try:
                    answer = await client.post(f"{svc.url}/api/reads/{story}", headers=reader(n))
                    results[n] = (answer.status_code, answer.json().get("counted"))
                except httpx.TransportError:
                    results[n] = (None, None)
                if on_answer:
                    on_answer(len(results))

        await asyncio.gather(*(one(*job) for job in jobs))
    return results


async def post_until(done: threading.Event, instances, concurrency: int = 16) -> tuple[dict, list]:
    """New readers (n = 0, 1, 2...) spread over the instances, `concurrency` at a time, until `done` is set.
    Returns ({n: (status or None for a broken connection, counted or None)}, the jobs sent)."""
    results, jobs, numbers = {}, [], itertools.count()
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=concurrency), timeout=15) as client:
        async def worker():
            while not done.is_set():
                n = next(numbers)
                job = (n, instances[n % len(instances)], f"story-{n % 20 + 1}")
                jobs.append(job)
                try:
                    answer = await client.post(f"{job[1].url}/api/reads/{job[2]}", headers=reader(n))
                    results[n] = (answer.status_code, answer.json().get("counted"))
                except httpx.TransportError:
                    results[n] = (None, None)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results, jobs


def in_background(*steps) -> tuple[threading.Thread, threading.Event]:
    """Run steps (callables; a number = sleep that long) in a thread; the event is set when they are done."""
    done = threading.Event()

    def run():
        try:
            for step in steps:
                time.sleep(step) if isinstance(step, (int, float)) else step()
        finally:
            done.set()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, done


def expected_totals(jobs) -> dict[str, int]:
    expected: dict[str, int] = {}
    for _, _, story in jobs:
        expected[story] = expected.get(story, 0) + 1
    return expected


def retry_until_stored(jobs, timeout: float = 30) -> dict[int, bool]:
    """Send each read again until answered 200; {n: counted} of the final answers."""
    final, pending, deadline = {}, list(jobs), time.monotonic() + timeout
    while pending:
        assert time.monotonic() < deadline, f"{len(pending)} reads never stored"
        results = run_async(post_reads(pending, 16))
        for n, _svc, _story in pending:
            status, counted = results[n]
            if status == 200:
                final[n] = counted
        pending = [job for job in pending if job[0] not in final]
        if pending:
            time.sleep(0.3)
    return final


def test_two_instances_count_as_one(pg_instances, pg_url):
    a, b = pg_instances(2)
    results = run_async(post_reads([(n, (a, b)[n % 2], "story-1") for n in range(500)], concurrency=500))
    assert sorted(set(results.values())) == [(200, True)]
    assert db_totals(pg_url) == {"story-1": 500}
    assert reads_of(a, "story-1") == reads_of(b, "story-1") == 1 + 500  # legacy 1 + counted; both agree

    # the same reader on both instances: once
    first = httpx.post(f"{a.url}/api/reads/story-2", headers=reader(1000)).json()
    second = httpx.post(f"{b.url}/api/reads/story-2", headers=reader(1000)).json()
    assert (first["counted"], second["counted"]) == (True, False) and first["reads"] == second["reads"] == 3
    # ... even when it arrives at both at the same moment, many times over
    assert sum(run_async(_same_reader_burst([a, b], 2000, "story-3", 40))) == 1
    assert httpx.post(f"{a.url}/api/reads/story-3", headers=reader(2001)).json()["counted"]
    # a bot: answered, never counted
    bot = httpx.post(f"{b.url}/api/reads/story-4", headers={**reader(3000), "user-agent": GOOGLEBOT})
    assert bot.json() == {"id": "story-4", "reads": 4, "counted": False}
    assert db_totals(pg_url) == {"story-1": 500, "story-2": 1, "story-3": 2}
    top = httpx.get(f"{b.url}/api/reads/top", params={"window": "day", "limit": 2}).json()["stories"]
    assert [(s["id"], s["reads"]) for s in top] == [("story-1", 500), ("story-3", 2)]


async def _same_reader_burst(instances, n, story, copies) -> list[bool]:
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=copies), timeout=15) as client:
        answers = await asyncio.gather(*(client.post(f"{instances[i % len(instances)].url}/api/reads/{story}",
                                                     headers=reader(n)) for i in range(copies)))
    assert {a.status_code for a in answers} == {200}
    return [a.json()["counted"] for a in answers]


def test_kill_9_of_an_instance_during_load_loses_no_acknowledged_read_and_counts_none_twice(pg_instances, pg_url):
    a, b = pg_instances(2)
    # load on both; SIGKILL of `a` in the middle (no clean shutdown: reads of a batch in flight are never answered)
    thread, done = in_background(0.7, a.kill9, 0.5)
    results, jobs = run_async(post_until(done, [a, b], concurrency=32))
    thread.join()
    acknowledged = [n for n, (status, counted) in results.items() if status == 200 and counted]
    failed = [job for job in jobs if results[job[0]][0] != 200]
    assert acknowledged and failed, "the kill happened during the load"
    assert {results[job[0]][0] for job in failed} <= {None, 503}
    stored = sum(db_totals(pg_url).values())
    assert len(acknowledged) <= stored <= len(acknowledged) + len(failed)  # every acknowledged read is committed
    # the survivor serves on; every reader whose read was not acknowledged tries again there
    final = retry_until_stored([(n, b, story) for n, _, story in failed])
    assert db_totals(pg_url) == expected_totals(jobs)  # each reader exactly once: nothing lost, nothing twice
    # a retry of a read that had committed before the kill is recognised, not counted again
    assert sum(final.values()) == len(jobs) - stored


def test_postgres_restart_during_load_answers_503_never_a_false_200_and_recovers(pg_cluster, pg_instances, pg_url):
    a, b = pg_instances(2, READCOUNTER_DB_TIMEOUT="1")
    outage = {}

    def check_health():
        outage["health"] = [httpx.get(f"{svc.url}/api/health", timeout=10) for svc in (a, b)]

    thread, done = in_background(0.5, lambda: pg_cluster.stop("fast"), check_health, 1.0, pg_cluster.start, 0.5)
    results, jobs = run_async(post_until(done, [a, b], concurrency=16))
    thread.join()
    statuses = [status for status, _ in results.values()]
    assert statuses.count(503) > 0 and statuses.count(200) > 0
    assert set(statuses) <= {200, 503}
    for health in outage["health"]:
        assert health.status_code == 503
        assert health.json()["status"] == "unavailable" and "database unreachable" in health.json()["reason"]
    for svc in (a, b):
        wait_healthy(svc.url, timeout=30)  # recovered by themselves
    acknowledged = sum(1 for status, counted in results.values() if status == 200 and counted)
    refused = [job for job in jobs if results[job[0]][0] != 200]
    stored = sum(db_totals(pg_url).values())
    assert acknowledged <= stored <= acknowledged + len(refused)  # no 200 without a commit
    retry_until_stored(refused)
    assert db_totals(pg_url) == expected_totals(jobs)  # exact after the refused readers tried again


def test_postgres_crash_makes_a_new_salt_and_keeps_every_count(pg_cluster, pg_instances, pg_url):
    [svc] = pg_instances(1)
    assert httpx.post(f"{svc.url}/api/reads/story-7", headers=reader(1)).json()["counted"]
    with psycopg.connect(pg_url) as conn:
        before = conn.execute("SELECT salt_id FROM reader_salts").fetchall()
    assert len(before) == 1
    pg_cluster.stop("immediate")  # a crash: PostgreSQL empties unlogged tables during recovery
    pg_cluster.start()
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM reader_salts").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM readers_seen").fetchone()[0] == 0
    again = retry_until_stored([(1, svc, "story-7")])
    # documented: the salt was lost with the crash, so this reader is counted once more today ...
    assert again == {1: True}
    assert db_totals(pg_url) == {"story-7": 2}  # ... and the read committed before the crash is still there
    with psycopg.connect(pg_url) as conn:
        after = conn.execute("SELECT salt_id FROM reader_salts").fetchall()
    assert len(after) == 1 and after != before
    assert httpx.post(f"{svc.url}/api/reads/story-7", headers=reader(1)).json()["counted"] is False


def test_an_instance_started_before_postgresql_answers_503_then_recovers(pg_cluster, tmp_path, pg_url):
    pg_cluster.stop("fast")
    svc = PgService(tmp_path, pg_url, READCOUNTER_DB_TIMEOUT="0.5").start(wait=False)
    try:
        deadline = time.monotonic() + 30
        while True:  # the service is up (not crashed, not refusing connections) but says why it cannot count
            assert svc.proc.poll() is None and time.monotonic() < deadline, svc.log_path.read_text()
            try:
                health = httpx.get(f"{svc.url}/api/health", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert health.status_code == 503 and "database unreachable" in health.json()["reason"]
        assert httpx.post(f"{svc.url}/api/reads/story-1", headers=reader(1), timeout=10).status_code == 503
    finally:
        pg_cluster.start()
    try:
        wait_healthy(svc.url, svc.proc, timeout=30)  # migrated as soon as the database answered
        assert retry_until_stored([(1, svc, "story-1")]) == {1: True}
        assert db_totals(pg_url) == {"story-1": 1}
    finally:
        svc.stop()


def test_instances_started_together_migrate_once(tmp_path, pg_url):
    procs = [PgService(tmp_path, pg_url) for _ in range(3)]
    from counter_service import free_port

    for svc in procs:  # started at the same moment, each runs the migrations at start
        svc.port = free_port()
        svc.url = f"http://127.0.0.1:{svc.port}"
        svc._log = open(svc.log_path, "ab")
        svc.proc = subprocess.Popen([sys.executable, "-m", "readcounter", "--port", str(svc.port)],
                                    cwd=tmp_path, env=svc.env, stdout=subprocess.DEVNULL, stderr=svc._log)
    try:
        for svc in procs:
            wait_healthy(svc.url, svc.proc, timeout=30)
        with psycopg.connect(pg_url) as conn:
            versions = [v for (v,) in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]
        assert versions == [1, 2, 3]
        logs = " ".join(svc.log_path.read_text() for svc in procs)
        assert "Traceback" not in logs and logs.count("schema migrated") == 1
    finally:
        for svc in procs:
            svc.stop()


def test_migrations_from_many_connections_at_once(pg_url):
    from readcounter.migrations import MigrationError, migrate_postgres

    barrier, applied, errors = threading.Barrier(8), [], []

    def run():
        try:
            with psycopg.connect(pg_url, autocommit=True) as conn:
                barrier.wait()
                applied.append(migrate_postgres(conn))
        except Exception as exc:  # noqa: BLE001 (collected and asserted)
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(applied) == [[]] * 7 + [[1, 2, 3]]
    # forward only: an applied migration that changed, or a database newer than the code, stops the start
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 2")
        with pytest.raises(MigrationError, match="must not change"):
            migrate_postgres(conn)
        conn.execute("UPDATE schema_migrations SET checksum = %s WHERE version = 2",
                     (__import__("readcounter.migrations").migrations.migrations("postgresql")[1].checksum,))
        conn.execute("INSERT INTO schema_migrations (version, name, checksum) VALUES (99, 'future', 'x')")
        with pytest.raises(MigrationError, match="newer than this readcounter"):
            migrate_postgres(conn)


def test_manifest_from_an_http_url_and_health(tmp_path, pg_url):
    import json
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    site = tmp_path / "site"
    (site / "api").mkdir(parents=True)
    (site / "api" / "stories.json").write_text(json.dumps({"stories": {"far-away": {"legacy_reads": 4}}}))

    class Quiet(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    manifest_url = f"http://127.0.0.1:{server.server_address[1]}/api/stories.json"
    svc = PgService(tmp_path, pg_url, READCOUNTER_MANIFEST=manifest_url, READCOUNTER_MANIFEST_INTERVAL="0.2").start()
    try:
        health = httpx.get(f"{svc.url}/api/health").json()
        assert health == {"status": "ok", "stories": 1, "manifest_loaded": True, "store": "postgresql"}
        assert httpx.post(f"{svc.url}/api/reads/far-away", headers=reader(1)).json() == {
            "id": "far-away", "reads": 5, "counted": True}
        assert httpx.post(f"{svc.url}/api/reads/newer", headers=reader(1)).status_code == 404
        manifest = site / "api" / "stories.json"
        manifest.write_text(json.dumps({"stories": {"far-away": {"legacy_reads": 4}, "newer": {"legacy_reads": 0}}}))
        later = time.time() + 2  # Last-Modified has whole seconds: a rewrite within the second would get a 304
        os.utime(manifest, (later, later))
        deadline = time.monotonic() + 10
        while (answer := httpx.post(f"{svc.url}/api/reads/newer", headers=reader(2))).status_code == 404:
            assert time.monotonic() < deadline, "manifest URL not polled"
            time.sleep(0.1)
        assert answer.json()["counted"]
    finally:
        svc.stop()
        server.shutdown()
