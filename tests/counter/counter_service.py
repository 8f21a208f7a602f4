"""The REAL read-counter service on a loopback port: helpers and fixtures for the counter tests.

(Not a conftest.py: the suite's tests/conftest.py is imported as `conftest` by other areas.)
"""

from __future__ import annotations

import ipaddress
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn

ROOT = Path(__file__).resolve().parents[2]
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
STORIES = {
    "hang-chat-gecc": {"legacy_reads": 185, "title": "กฟภ.ห้างฉัตร", "url": "/news/hang-chat-gecc/"},
    **{f"story-{n}": {"legacy_reads": n} for n in range(1, 21)},
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_manifest(path: Path, stories: dict) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"stories": stories}, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def reader(n: int) -> dict:
    """Headers of distinct reader n, as forwarded by the trusted proxy (127.0.0.1)."""
    return {"x-forwarded-for": f"198.18.{n // 256}.{n % 256}", "user-agent": BROWSER_UA}


def wait_healthy(url: str, proc=None, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {proc.stderr.read().decode()}")
        try:
            if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError("server did not become healthy")


class ServiceProcess:
    """`python -m readcounter` in a subprocess, settings through the environment."""

    def __init__(self, workdir: Path, **env):
        self.workdir = workdir
        self.db = workdir / "var" / "reads.sqlite3"
        self.manifest = workdir / "stories.json"
        if not self.manifest.exists():
            write_manifest(self.manifest, STORIES)
        self.env = {
            **os.environ,
            "READCOUNTER_DB": str(self.db),
            "READCOUNTER_MANIFEST": str(self.manifest),
            "READCOUNTER_TRUSTED_PROXIES": "127.0.0.1",
            "READCOUNTER_ALLOWED_ORIGINS": "http://localhost:8000",
            "PYTHONPATH": str(ROOT),
            **env,
        }
        self.proc = None

    def start(self) -> ServiceProcess:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "readcounter", "--port", str(self.port)],
            cwd=self.workdir, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        wait_healthy(self.url, self.proc)
        return self

    def kill9(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.kill9()


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    svc = ServiceProcess(tmp_path_factory.mktemp("counter"), READCOUNTER_RATE_LIMIT="20").start()
    yield svc
    svc.stop()


@pytest.fixture
def service_factory(tmp_path):
    started = []

    def start(**env) -> ServiceProcess:
        svc = ServiceProcess(tmp_path, **env).start()
        started.append(svc)
        return svc

    yield start
    for svc in started:
        svc.stop()


@pytest.fixture
def threaded_service(tmp_path):
    """The app served by uvicorn in a thread of the test process, so the test can inspect its memory."""
    from readcounter import Settings, create_app

    write_manifest(tmp_path / "stories.json", STORIES)
    settings = Settings.from_env(
        {}, db_path=tmp_path / "var" / "reads.sqlite3", manifest_path=tmp_path / "stories.json",
        trusted_proxies=(ipaddress.ip_network("127.0.0.1/32"),),
    )
    app = create_app(settings, prefix="/api")
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           proxy_headers=False, access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url)
    yield url, app, tmp_path
    server.should_exit = True
    thread.join(10)
