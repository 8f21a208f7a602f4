"""Behaviour of the running service: who counts, what is refused, what survives a crash."""

from __future__ import annotations

import asyncio
import sqlite3
import time

import httpx
import pytest
from counter_service import (  # noqa: F401 (fixtures)
    BROWSER_UA,
    STORIES,
    reader,
    service,
    service_factory,
    threaded_service,
    write_manifest,
)
from event_loop import run_async


def reads_of(svc, story_id: str) -> int:
    return httpx.get(f"{svc.url}/api/reads", params={"ids": story_id}).json()[story_id]


def stored_rows(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COALESCE(SUM(reads), 0) FROM reads_total").fetchone()[0]


def test_500_concurrent_distinct_readers_count_exactly_500(service):
    async def burst():
        limits = httpx.Limits(max_connections=500)
        async with httpx.AsyncClient(base_url=service.url, limits=limits, timeout=30) as client:
            return await asyncio.gather(
                *(client.post("/api/reads/story-1", headers=reader(n)) for n in range(500))
            )

    answers = run_async(burst())
    assert [a.status_code for a in answers] == [200] * 500
    assert all(a.json()["counted"] for a in answers)
    assert reads_of(service, "story-1") == 1 + 500
    assert max(a.json()["reads"] for a in answers) == 501


def test_same_reader_twice_a_day_counts_once(service):
    first = httpx.post(f"{service.url}/api/reads/story-2", headers=reader(1000))
    second = httpx.post(f"{service.url}/api/reads/story-2", headers=reader(1000))
    assert first.json() == {"id": "story-2", "reads": 3, "counted": True}
    assert second.json() == {"id": "story-2", "reads": 3, "counted": False}
    # another story, or another user agent at the same address, is another read
    assert httpx.post(f"{service.url}/api/reads/story-3", headers=reader(1000)).json()["counted"]
    other_ua = {**reader(1000), "user-agent": BROWSER_UA + " Edg/120"}
    assert httpx.post(f"{service.url}/api/reads/story-2", headers=other_ua).json()["counted"]


@pytest.mark.parametrize("ua", [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "python-requests/2.31",
    "",
])
def test_bots_are_answered_but_not_counted(service, ua):
    answer = httpx.post(f"{service.url}/api/reads/story-4", headers={**reader(2000), "user-agent": ua})
    assert answer.status_code == 200
    assert answer.json() == {"id": "story-4", "reads": 4, "counted": False}


def test_refusals_store_nothing(service):
    before = stored_rows(service.db)
    url = service.url
    h = reader(3000)
    assert httpx.post(f"{url}/api/reads/no-such-story", headers=h).status_code == 404
    for bad in ["Hang-Chat", "a.b", "%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7", "-x", "a" * 101, "a_b"]:
        assert httpx.post(f"{url}/api/reads/{bad}", headers=h).status_code == 400, bad
    assert httpx.post(f"{url}/api/reads/story-5", headers=h, content=b"x" * 2000).status_code == 400
    chunked = httpx.post(f"{url}/api/reads/story-5", headers=h, content=iter([b"x" * 800] * 3))
    assert chunked.status_code == 400
    assert httpx.get(f"{url}/api/reads", params={"ids": ",".join(f"s{i}" for i in range(101))}).status_code == 400
    assert httpx.get(f"{url}/api/reads", params={"ids": "story-1,BAD"}).status_code == 400
    assert httpx.get(f"{url}/api/reads").status_code == 400
    assert httpx.get(f"{url}/api/reads", params={"ids": "story-1", "x": "1"}).status_code == 400
    assert httpx.get(f"{url}/api/reads/top", params={"window": "year"}).status_code == 400
    assert httpx.get(f"{url}/api/reads/top", params={"limit": "0"}).status_code == 400
    assert httpx.get(f"{url}/api/reads/top", params={"limit": "abc"}).status_code == 400
    bad_xff = {**h, "x-forwarded-for": "not-an-ip"}
    assert httpx.post(f"{url}/api/reads/story-5", headers=bad_xff).status_code == 400
    assert stored_rows(service.db) == before
    assert reads_of(service, "story-5") == 5


def test_batch_and_top(service):
    for n in range(3):
        httpx.post(f"{service.url}/api/reads/story-6", headers=reader(4000 + n))
    got = httpx.get(f"{service.url}/api/reads", params={"ids": "story-6,story-7,unknown-one"}).json()
    assert got == {"story-6": 9, "story-7": 7}
    top = httpx.get(f"{service.url}/api/reads/top", params={"window": "all", "limit": 1}).json()
    assert top["stories"][0]["id"] == "story-1"
    day = httpx.get(f"{service.url}/api/reads/top", params={"window": "day", "limit": 100}).json()["stories"]
    assert [s["reads"] for s in day] == sorted((s["reads"] for s in day), reverse=True)
    assert {"id": "story-6", "reads": 3, "title": "", "url": ""} in day
    week = httpx.get(f"{service.url}/api/reads/top", params={"window": "week"}).json()["stories"]
    assert week[0] == {"id": "story-1", "reads": 500, "title": "", "url": ""}


def test_rate_limit_per_client(service):
    h = reader(5000)
    codes = [httpx.get(f"{service.url}/api/reads", params={"ids": "story-8"}, headers=h).status_code
             for _ in range(20)]
    assert codes == [200] * 20
    limited = httpx.post(f"{service.url}/api/reads/story-8", headers=h)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert reads_of(service, "story-8") == 8  # refused read not counted
    # another client is not affected
    assert httpx.post(f"{service.url}/api/reads/story-8", headers=reader(5001)).json()["counted"]


def test_origin_allow_list(service):
    evil = httpx.post(f"{service.url}/api/reads/story-9", headers={**reader(6000), "origin": "https://evil.example"})
    assert evil.status_code == 403
    assert reads_of(service, "story-9") == 9
    ok = httpx.post(f"{service.url}/api/reads/story-9", headers={**reader(6001), "origin": "http://localhost:8000"})
    assert ok.json()["counted"] and ok.headers["access-control-allow-origin"] == "http://localhost:8000"


def test_forwarded_for_ignored_from_untrusted_peer(service_factory):
    svc = service_factory(READCOUNTER_TRUSTED_PROXIES="")
    a = httpx.post(f"{svc.url}/api/reads/story-10", headers=reader(1)).json()
    b = httpx.post(f"{svc.url}/api/reads/story-10", headers=reader(2)).json()
    assert (a["counted"], b["counted"]) == (True, False)


def test_acknowledged_reads_survive_kill_9(service_factory):
    svc = service_factory()

    async def reads(n):
        async with httpx.AsyncClient(base_url=svc.url, limits=httpx.Limits(max_connections=50)) as client:
            return await asyncio.gather(*(client.post("/api/reads/story-11", headers=reader(i)) for i in range(n)))

    answers = run_async(reads(300))
    svc.kill9()  # right after the last acknowledgement: no clean shutdown, no checkpoint
    acknowledged = sum(a.json()["counted"] for a in answers)
    assert acknowledged == 300
    svc.start()
    assert reads_of(svc, "story-11") == 11 + acknowledged


def test_manifest_reload(service_factory):
    svc = service_factory()
    h = reader(7000)
    assert httpx.post(f"{svc.url}/api/reads/brand-new", headers=h).status_code == 404
    write_manifest(svc.manifest, {**STORIES, "brand-new": {"legacy_reads": 7}})
    deadline = time.monotonic() + 5
    while (answer := httpx.post(f"{svc.url}/api/reads/brand-new", headers=h)).status_code == 404:
        assert time.monotonic() < deadline, "manifest not reloaded"
        time.sleep(0.2)
    assert answer.json() == {"id": "brand-new", "reads": 8, "counted": True}
    # a broken manifest keeps the previous one
    svc.manifest.write_text("{not json", encoding="utf-8")
    time.sleep(1.2)
    assert reads_of(svc, "brand-new") == 8


def test_salt_and_raw_reader_never_reach_disk(threaded_service):
    url, app, workdir = threaded_service
    ua = BROWSER_UA + " salt-test-marker"
    for n in range(50):
        answer = httpx.post(f"{url}/api/reads/story-12", headers={**reader(8000 + n), "user-agent": ua})
        assert answer.json()["counted"]
    counter = app.state.counter
    [day] = counter.recorder.held_salt_days()
    salt = counter.store.salt(day).secret
    assert len(salt) == 32
    files = [p for p in workdir.rglob("*") if p.is_file()]
    assert any(p.name.endswith("-wal") for p in files)
    for path in files:
        data = path.read_bytes()
        for secret in (salt, salt.hex().encode(), ua.encode(), b"198.18.31.64", b"salt-test-marker"):
            assert secret not in data, f"{secret!r} found in {path}"
