"""Fixtures of the newsroom tests: an app on a temporary database with an injected clock, an in-process client
(httpx ASGITransport) that keeps cookies and reads CSRF tokens like a browser, and test accounts.

This folder is a package (__init__.py), so this conftest does not take the name `conftest` from tests/conftest.py.
"""
from __future__ import annotations

import asyncio
import inspect
import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from newsroom.app import server_app
from newsroom.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "รหัสผ่านยาวพอ-2569"
CSRF_RE = re.compile(r'name="csrf" value="([^"]+)"')
# Cheap Argon2id for tests (the defaults are tested on their own in test_passwords.py).
FAST_ARGON2 = {"argon2_time_cost": 1, "argon2_memory_kib": 1024, "argon2_parallelism": 1}


class Clock:
    """An injected wall clock: tests move time forward instead of sleeping."""

    def __init__(self, now: float = 1_796_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_settings(tmp_path: Path, **overrides) -> Settings:
    content = tmp_path / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "agencies.toml").write_bytes((ROOT / "content" / "agencies.toml").read_bytes())
    values = {"db_path": tmp_path / "var" / "newsroom.sqlite3", "content_dir": content,
              "counter_db": tmp_path / "var" / "readcounter.sqlite3", "cache_dir": ROOT / "cache",
              **FAST_ARGON2, **overrides}
    return Settings.from_env({}, **values)


@dataclass
class Site:
    app: object
    clock: Clock
    settings: Settings

    @property
    def newsroom(self):
        return self.app.state.newsroom

    def add_account(self, name: str, role: str, agencies=(), all_agencies=False, password=PASSWORD):
        return self.newsroom.create_account("test", name, role, list(agencies), all_agencies, password)

    def count(self, table: str) -> int:
        with self.newsroom.db.connect() as conn:
            return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    def client(self, base_url: str = "http://newsroom.test", peer: str = "203.0.113.7", **kwargs) -> Client:
        transport = httpx.ASGITransport(app=self.app, client=(peer, 40000), raise_app_exceptions=False)
        return Client(httpx.AsyncClient(transport=transport, base_url=base_url, **kwargs))


class Client:
    """A cookie-keeping client that fills in the CSRF token of the page it last read, as a browser would."""

    def __init__(self, http: httpx.AsyncClient):
        self.http = http
        self.csrf = ""

    async def get(self, path: str, **kwargs) -> httpx.Response:
        response = await self.http.get(path, **kwargs)
        found = CSRF_RE.search(response.text)
        if found:
            self.csrf = found.group(1)
        return response

    async def post(self, path: str, data: dict | None = None, csrf: str | None = "page", **kwargs) -> httpx.Response:
        data = dict(data or {})
        if csrf == "page":
            data["csrf"] = self.csrf
        elif csrf is not None:
            data["csrf"] = csrf
        response = await self.http.post(path, data=data, **kwargs)
        found = CSRF_RE.search(response.text)
        if found:
            self.csrf = found.group(1)
        return response

    async def login(self, name: str, password: str = PASSWORD, code: str | None = None) -> httpx.Response:
        await self.get("/newsroom/login")
        response = await self.post("/newsroom/login", {"name": name, "password": password})
        if code is not None and response.headers.get("location", "").endswith("/login/totp"):
            await self.get("/newsroom/login/totp")
            response = await self.post("/newsroom/login/totp", {"code": code})
        return response

    async def aclose(self):
        await self.http.aclose()


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests on an event loop of their own thread: the suite's session-wide Playwright (sync API)
    keeps a loop running in the main thread, where asyncio.run would refuse to start another."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    kwargs = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, pyfuncitem.obj(**kwargs)).result()
    return True


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def site(tmp_path, clock) -> Site:
    settings = make_settings(tmp_path, trusted_proxies=Settings.from_env(
        {"NEWSROOM_TRUSTED_PROXIES": "127.0.0.1"}).trusted_proxies)
    return Site(server_app(settings, clock), clock, settings)


def git_repo(path: Path) -> Path:
    """A fresh git repository at `path` with one commit (the agency registry under content/)."""
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    return path


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout
