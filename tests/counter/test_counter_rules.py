"""The counter's pure parts, in process: the calendar and salt rotation under an injected clock, who counts, the
admission rules, the most-read ranking. Table-driven (GoatCounter style); the app through httpx's ASGITransport.
Real-server tests (sockets, kill -9, concurrency) are in test_counting.py and test_postgres_*.py."""

from __future__ import annotations

import ipaddress
import os
import random
import tempfile
from datetime import date
from pathlib import Path

import httpx
import pytest
from counter_service import BROWSER_UA, STORIES, write_manifest
from event_loop import run_async
from fake_clock import FakeClock, bangkok
from hypothesis import given, settings
from hypothesis import strategies as st

from readcounter import Settings, create_app
from readcounter.calendar import Calendar, slot_of
from readcounter.counting import is_bot, reader_key
from readcounter.proxies import BadForwardedFor, ClientAddress
from readcounter.ranking import brute_force, sorted_scores, top_k
from readcounter.ratelimit import RateLimiter
from readcounter.salts import LocalSalts, check_ram_folder, filesystem_type
from readcounter.sqlite_store import SQLiteStore
from system import require_system

D24, D25, D26 = date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)


# -- the calendar -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("moment, day, alive", [
    (bangkok(2026, 11, 24, 12, 0), D24, {D24}),
    (bangkok(2026, 11, 24, 23, 54, 59), D24, {D24}),
    (bangkok(2026, 11, 24, 23, 55, 0), D24, {D24, D25}),  # within the grace before midnight: tomorrow's comes
    (bangkok(2026, 11, 24, 23, 59, 59), D24, {D24, D25}),
    (bangkok(2026, 11, 25, 0, 0, 0), D25, {D24, D25}),  # midnight Bangkok = 17:00 UTC
    (bangkok(2026, 11, 25, 0, 4, 59), D25, {D24, D25}),
    (bangkok(2026, 11, 25, 0, 5, 0), D25, {D25}),  # grace over: yesterday is gone
    (bangkok(2026, 11, 25, 0, 0, 0) - 0.001, D24, {D24, D25}),
])
def test_calendar_days_and_grace(moment, day, alive):
    calendar = Calendar("Asia/Bangkok", grace=300)
    assert calendar.day_of(moment) == day
    assert calendar.day_of(moment) == day  # the cached span answers the same
    assert calendar.alive_days(moment) == alive


@pytest.mark.parametrize("moment, expiry", [
    (bangkok(2026, 11, 24, 12, 0), bangkok(2026, 11, 25, 0, 5)),
    (bangkok(2026, 11, 25, 0, 1), bangkok(2026, 11, 25, 0, 5)),
    (bangkok(2026, 11, 25, 0, 5), bangkok(2026, 11, 26, 0, 5)),
])
def test_calendar_next_expiry(moment, expiry):
    assert Calendar("Asia/Bangkok", grace=300).next_expiry(moment) == expiry


def test_three_consecutive_days_never_share_a_slot():
    for start in range(date(2026, 1, 1).toordinal(), date(2027, 1, 1).toordinal()):
        assert len({slot_of(date.fromordinal(start + i)) for i in range(3)}) == 3


# -- who counts ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ua, bot", [
    ("", True), ("   ", True),
    ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", True),
    ("facebookexternalhit/1.1", True), ("python-requests/2.31", True), ("curl/8.0", True),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36", True),
    (BROWSER_UA, False),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Line/13.20.0", False),
])
def test_who_is_a_bot(ua, bot):
    assert is_bot(ua) is bot


def test_reader_key_depends_on_every_part_and_the_salt():
    salt, other_salt = b"s" * 32, b"t" * 32
    base = reader_key(salt, "198.18.0.1", BROWSER_UA, "story-1", D24)
    variants = [
        reader_key(other_salt, "198.18.0.1", BROWSER_UA, "story-1", D24),
        reader_key(salt, "198.18.0.2", BROWSER_UA, "story-1", D24),
        reader_key(salt, "198.18.0.1", BROWSER_UA + "x", "story-1", D24),
        reader_key(salt, "198.18.0.1", BROWSER_UA, "story-2", D24),
        reader_key(salt, "198.18.0.1", BROWSER_UA, "story-1", D25),
        reader_key(salt, "198.18.0.1\x00", BROWSER_UA, "story-1", D24),  # separators cannot be forged into a match
    ]
    assert len(base) == 16 and base not in variants and len(set(variants)) == len(variants)
    assert reader_key(salt, "198.18.0.1", BROWSER_UA, "story-1", D24) == base


# -- salts ----------------------------------------------------------------------------------------------------------
def test_local_salts_rotate_and_are_forgotten():
    salts = LocalSalts()
    first = salts.salt(D24)
    assert salts.salt(D24) is first and salts.salt(D25) != first
    assert "secret" not in repr(first) and first.secret.hex() not in repr(first)
    assert salts.forget(frozenset({D25})) == [D24]
    assert salts.held_days() == [D25]
    assert salts.salt(D24).secret != first.secret  # a forgotten salt never comes back


MOUNTS = """\
22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda rw
23 22 0:22 / /dev/shm rw,relatime shared:2 - tmpfs tmpfs rw
24 22 0:23 / /run rw,relatime shared:3 - tmpfs tmpfs rw
25 24 0:24 / /run/user/1000 rw,relatime shared:4 - tmpfs tmpfs rw
26 22 0:25 / /srv/data rw,relatime shared:5 - xfs /dev/vdb rw
"""


@pytest.mark.parametrize("path, kind", [
    ("/dev/shm/readcounter", "tmpfs"), ("/run/nuea-readcounter", "tmpfs"), ("/run/user/1000/x", "tmpfs"),
    ("/srv/data/salts", "xfs"), ("/srv/datax", "ext4"), ("/var/lib/nuea-news", "ext4"), ("/", "ext4"),
])
def test_filesystem_of_a_folder(path, kind):
    assert filesystem_type(Path(path), MOUNTS) == kind


def test_salt_folder_on_a_disk_is_refused(tmp_path):
    on_disk = Path(__file__).parent  # the checkout
    if filesystem_type(on_disk) in ("tmpfs", "ramfs"):
        on_disk = Path("/")
    with pytest.raises(ValueError, match="never reach a disk"):
        check_ram_folder(on_disk)


@pytest.fixture
def ram_folder():
    shm = Path("/dev/shm")
    require_system("a tmpfs at /dev/shm", shm.is_dir() and filesystem_type(shm) == "tmpfs", "mount -t tmpfs")
    folder = Path(tempfile.mkdtemp(prefix="readcounter-test-", dir=shm))
    yield folder
    for child in folder.iterdir():
        child.unlink()
    folder.rmdir()


def test_salts_in_a_ram_folder_survive_a_restart(ram_folder):
    first = LocalSalts(ram_folder).salt(D24)
    assert LocalSalts(ram_folder).salt(D24) == first
    assert oct(os.stat(ram_folder / "readcounter-salts").st_mode & 0o777) == "0o600"
    LocalSalts(ram_folder).forget(frozenset({D25}))
    assert LocalSalts(ram_folder).held_days() == []


# -- admission ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("trusted, peer, forwarded, client", [
    ((), "203.0.113.9", "198.18.0.1", "203.0.113.9"),  # no trusted proxy: the header is ignored
    (("127.0.0.1",), "203.0.113.9", "198.18.0.1", "203.0.113.9"),  # from an untrusted peer: ignored
    (("127.0.0.1",), "127.0.0.1", "198.18.0.1", "198.18.0.1"),
    (("127.0.0.1",), "127.0.0.1", "6.6.6.6, 198.18.0.1", "198.18.0.1"),  # forged left part gains nothing
    (("127.0.0.1", "10.0.0.0/8"), "127.0.0.1", "198.18.0.1, 10.1.2.3", "198.18.0.1"),  # two proxies
    (("127.0.0.1",), "127.0.0.1", "2001:db8::1", "2001:db8::1"),
    (("127.0.0.1",), "127.0.0.1", None, "127.0.0.1"),
])
def test_client_address(trusted, peer, forwarded, client):
    nets = tuple(ipaddress.ip_network(t) for t in trusted)
    assert ClientAddress(nets)(peer, forwarded) == client


@pytest.mark.parametrize("forwarded", ["not-an-ip", "198.18.0.1, ", "198.18.0.1:8080", "[2001:db8::1]"])
def test_bad_forwarded_for(forwarded):
    with pytest.raises(BadForwardedFor):
        ClientAddress((ipaddress.ip_network("127.0.0.1"),))("127.0.0.1", forwarded)


def test_rate_limit_window_with_an_injected_clock():
    clock = FakeClock(1000.0)
    limiter = RateLimiter(limit=3, window=60, clock=clock)
    steps = [  # (advance seconds, allowed?)
        (0, True), (0, True), (0, True), (0, False),  # 3 per window
        (59, False),  # the previous window still weighs in
        (1, False),  # new window: previous 3 * weight 1.0 >= 3
        (30, True),  # half a window later the previous window weighs 3 * 0.5 = 1.5: 0 + 1.5 < 3
        (0, True),  # 1 + 1.5 < 3
        (0, False),  # 2 + 1.5 >= 3
        (120, True),  # long idle: everything forgotten
    ]
    for advance, allowed in steps:
        clock.advance(advance)
        assert limiter.allow(b"client") is allowed, (clock.moment, allowed)
    assert limiter.allow(b"another client")


# -- the app in process (SQLite store, injected clock) --------------------------------------------------------------
class InProcess:
    """The app through httpx's ASGITransport: no socket, no lifespan; `restart()` opens a new app on the same
    files, like a service restart."""

    def __init__(self, folder: Path, clock: FakeClock, **overrides):
        self.folder, self.clock, self.overrides = folder, clock, overrides
        write_manifest(folder / "stories.json", STORIES)
        self.app = self._open()

    def _open(self):
        settings = Settings.from_env(
            {}, db_path=self.folder / "reads.sqlite3", manifest_path=self.folder / "stories.json",
            trusted_proxies=(ipaddress.ip_network("127.0.0.1/32"),), salt_grace=300,
            **{"rate_limit": 10_000, **self.overrides})
        return create_app(settings, prefix="/api", clock=self.clock)

    @property
    def counter(self):
        return self.app.state.counter

    def restart(self) -> None:
        self.counter.close()
        self.app = self._open()

    def close(self) -> None:
        self.counter.close()

    def request(self, method: str, path: str, peer: str = "127.0.0.1", **kwargs) -> httpx.Response:
        async def go():
            transport = httpx.ASGITransport(self.app, client=(peer, 40000))
            async with httpx.AsyncClient(transport=transport, base_url="http://counter") as client:
                return await client.request(method, path, **kwargs)

        return run_async(go())

    def read(self, story: str, who: int, ua: str = BROWSER_UA, **headers) -> httpx.Response:
        return self.request("POST", f"/api/reads/{story}",
                            headers={"x-forwarded-for": f"198.18.0.{who}", "user-agent": ua, **headers})


@pytest.fixture
def counter(tmp_path):
    service = InProcess(tmp_path, FakeClock(bangkok(2026, 11, 24, 22, 0)))
    yield service
    service.close()


def test_day_rollover_salts_and_expiry(counter):
    """Each step: (clock, reader, story) -> (counted?, reads shown = legacy + counted, salts held afterwards).
    Legacy reads: story-1 1, story-2 2. Grace 300 s."""
    d27 = date(2026, 11, 27)
    steps = [
        (bangkok(2026, 11, 24, 22, 0), 1, "story-1", True, 2, {D24}),
        (bangkok(2026, 11, 24, 23, 59, 59), 1, "story-1", False, 2, {D24}),  # same day: once
        (bangkok(2026, 11, 24, 23, 59, 59), 2, "story-1", True, 3, {D24}),  # another reader
        (bangkok(2026, 11, 24, 23, 59, 59), 1, "story-2", True, 3, {D24}),  # another story
        (bangkok(2026, 11, 25, 0, 0, 0), 1, "story-1", True, 4, {D24, D25}),  # midnight: a new day, a new salt
        (bangkok(2026, 11, 25, 0, 4, 0), 1, "story-1", False, 4, {D24, D25}),
        (bangkok(2026, 11, 25, 0, 5, 1), 2, "story-1", True, 5, {D25}),  # grace over: yesterday's salt dropped
        (bangkok(2026, 11, 25, 23, 0), 2, "story-1", False, 5, {D25}),
        (bangkok(2026, 11, 27, 9, 0), 2, "story-1", True, 6, {d27}),  # days skipped: only today's
    ]
    for moment, who, story, counted, reads, held in steps:
        counter.clock.set(moment)
        answer = counter.read(story, who)
        assert answer.status_code == 200
        assert answer.json() == {"id": story, "reads": reads, "counted": counted}, moment
        assert set(counter.counter.store.salts.held_days()) == held, moment
        assert set(counter.counter.recorder.held_salt_days()) == held, moment


def test_a_restart_keeps_the_day_when_the_salt_is_in_ram(tmp_path, ram_folder):
    service = InProcess(tmp_path, FakeClock(bangkok(2026, 11, 24, 9, 0)), salt_dir=ram_folder)
    try:
        assert service.read("story-1", 1).json()["counted"]
        service.restart()
        assert service.read("story-1", 1).json()["counted"] is False  # same salt, same seen-set on disk
        assert service.read("story-1", 2).json()["counted"]
    finally:
        service.close()


def test_without_a_ram_folder_a_restart_may_count_a_reader_once_more(counter):
    assert counter.read("story-1", 1).json()["counted"]
    counter.restart()  # documented: a new salt, the old seen-set cannot recognise the reader
    assert counter.read("story-1", 1).json() == {"id": "story-1", "reads": 3, "counted": True}
    assert counter.read("story-1", 1).json()["counted"] is False


@pytest.mark.parametrize("method, path, headers, body, status", [
    ("POST", "/api/reads/no-such-story", {}, b"", 404),
    ("POST", "/api/reads/Story-1", {}, b"", 400),
    ("POST", "/api/reads/" + "a" * 101, {}, b"", 400),
    ("POST", "/api/reads/story-1", {}, b"x" * 2000, 400),  # body over the limit
    ("POST", "/api/reads/story-1", {"x-forwarded-for": "not-an-ip"}, b"", 400),
    ("POST", "/api/reads/story-1", {"origin": "https://evil.example"}, b"", 403),
    ("GET", "/api/reads?ids=story-1&x=1", {}, b"", 400),
    ("GET", "/api/reads?ids=" + ",".join(f"s{i}" for i in range(101)), {}, b"", 400),
    ("GET", "/api/reads/top?window=year", {}, b"", 400),
    ("GET", "/api/reads/top?limit=101", {}, b"", 400),
    ("GET", "/api/reads/top?window=day&window=week", {}, b"", 400),
])
def test_refusals_store_nothing(counter, method, path, headers, body, status):
    sent = {"x-forwarded-for": "198.18.0.9", "user-agent": BROWSER_UA, **headers}
    answer = counter.request(method, path, headers=sent, content=body)
    assert answer.status_code == status and "error" in answer.json()
    assert answer.headers["cache-control"] == "no-store"
    assert counter.counter.store.window_totals(None) == {}


def test_rate_limit_answers_429_with_retry_after(tmp_path):
    service = InProcess(tmp_path, FakeClock(bangkok(2026, 11, 24, 9, 0)), rate_limit=3)
    try:
        codes = [service.read("story-1", 1).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        limited = service.read("story-1", 1)
        assert int(limited.headers["retry-after"]) >= 1
        assert service.read("story-1", 2).status_code == 200  # another client is not affected
    finally:
        service.close()


def test_bots_and_empty_user_agents_are_answered_not_counted(counter):
    for ua in ("", "Googlebot/2.1", "facebookexternalhit/1.1"):
        assert counter.read("story-3", 1, ua=ua).json() == {"id": "story-3", "reads": 3, "counted": False}
    assert counter.counter.store.window_totals(None) == {}


def test_health_in_process(counter):
    assert counter.request("GET", "/api/health").json() == {
        "status": "ok", "stories": len(STORIES), "manifest_loaded": True, "store": "sqlite"}


# -- most-read ranking ----------------------------------------------------------------------------------------------
@settings(max_examples=150, deadline=None)
@given(st.data())
def test_threshold_ranking_equals_sorting_everything(data):
    ids = [f"s{i:02d}" for i in range(data.draw(st.integers(0, 40)))]
    values = st.integers(0, 6) | st.integers(0, 500)
    parts = [{i: v for i in ids if (v := data.draw(values)) > 0} for _ in range(data.draw(st.integers(1, 7)))]
    eligible = set(data.draw(st.lists(st.sampled_from(ids), unique=True))) if ids else set()
    k = data.draw(st.integers(1, 12))
    score = {i: sum(p.get(i, 0) for p in parts) for i in ids}
    got = top_k(k, lambda d: [sorted_scores(p)[:d] for p in parts], lambda c: {i: score[i] for i in c},
                eligible.__contains__, keep=lambda n: n > 0, first_depth=data.draw(st.integers(1, 6)))
    assert got == brute_force(k, [(i, score[i]) for i in eligible], keep=lambda n: n > 0)


def test_top_lists_equal_the_whole_windows_sorted(tmp_path):
    """Random counts in the SQLite store; every window's list equals sorting the window's full sums."""
    rng = random.Random(7)
    clock = FakeClock(bangkok(2026, 11, 24, 12, 0))
    stories = {f"s{i:03d}": {"legacy_reads": rng.choice([0, 0, 5, 50, rng.randint(0, 900)])} for i in range(300)}
    write_manifest(tmp_path / "stories.json", stories)
    store = SQLiteStore(tmp_path / "reads.sqlite3")
    days = [date.fromordinal(D24.toordinal() - n) for n in range(10)]
    store.add_reads({(rng.choice(list(stories) + ["gone-story"]), rng.choice(days)): rng.choice([1, 1, 2, 3, 40])
                     for _ in range(2500)})
    settings_ = Settings.from_env({}, db_path=tmp_path / "reads.sqlite3", manifest_path=tmp_path / "stories.json")
    app = create_app(settings_, store=store, clock=clock)
    try:
        counter = app.state.counter
        totals = store.window_totals(None)
        week = store.window_totals(days[6])
        day = store.window_totals(D24)
        legacy = {s: v["legacy_reads"] for s, v in stories.items()}
        expected = {
            "all": [(s, legacy[s] + totals.get(s, 0)) for s in stories],
            "week": [(s, n) for s, n in week.items() if s in stories],
            "day": [(s, n) for s, n in day.items() if s in stories],
        }
        for window, scores in expected.items():
            for limit in (1, 5, 10, 100):
                got = [(s["id"], s["reads"]) for s in counter.top(window, limit)]
                assert got == brute_force(limit, scores, keep=(lambda n: True) if window == "all" else lambda n: n > 0)
    finally:
        app.state.counter.close()


# -- settings -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("env, backend, problem", [
    ({}, "sqlite", None),
    ({"READCOUNTER_DATABASE_URL": "postgresql://counter@/news?host=/var/run/postgresql"}, "postgresql", None),
    ({"READCOUNTER_DATABASE_URL": "postgres://counter:pw@db:5432/news", "READCOUNTER_DB": "x.sqlite3"},
     "postgresql", None),  # the URL wins over the SQLite file
    ({"READCOUNTER_DATABASE_URL": "mysql://counter@db/news"}, None, "postgresql:// or postgres://"),
    ({"READCOUNTER_SALT_GRACE": "86400"}, None, "less than half a day"),
    ({"READCOUNTER_DB_TIMEOUT": "0"}, None, "READCOUNTER_DB_TIMEOUT"),
])
def test_settings_choose_the_store(env, backend, problem):
    if problem:
        with pytest.raises(ValueError, match=problem):
            Settings.from_env(env)
    else:
        assert Settings.from_env(env).backend == backend


def test_manifest_setting_is_a_path_or_a_url(tmp_path):
    assert Settings.from_env({"READCOUNTER_MANIFEST": "https://site/api/stories.json"}, site_root=tmp_path
                             ).manifest_path == "https://site/api/stories.json"
    assert Settings.from_env({"READCOUNTER_MANIFEST": "output/api/stories.json"}, site_root=tmp_path
                             ).manifest_path == tmp_path / "output/api/stories.json"
    assert Settings.from_env({"RUNTIME_DIRECTORY": "/run/nuea-readcounter"}).salt_dir == Path("/run/nuea-readcounter")
