"""Site-update jobs: every publish, schedule going live, correction, withdrawal and restore of a live story asks
for one; a single worker thread runs them one at a time in a child process (newsroom/site_update.py).

Coalescing: when the worker is free it takes every queued job at once and runs ONE update for all of them, so
several publishes in a row cost one build (the ones made while a build runs wait for the next). The job table
is in the newsroom's database: the form shows a job's state (รอคิว / กำลังปรับปรุงเว็บไซต์ / เสร็จแล้ว / ไม่สำเร็จ),
and jobs a stopped server left running are queued again at start.
"""
from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .database import Database

log = logging.getLogger("newsroom.jobs")
ROOT = Path(__file__).resolve().parent.parent
STATES = {"queued": "รอคิว", "running": "กำลังปรับปรุงเว็บไซต์", "done": "เสร็จแล้ว", "failed": "ไม่สำเร็จ"}


@dataclass(frozen=True)
class Job:
    id: int
    state: str
    actor: str
    story_id: str
    paths: tuple[str, ...]
    created_at: float
    started_at: float | None
    finished_at: float | None
    batch: int | None
    message: str

    @property
    def label(self) -> str:
        return STATES[self.state]

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


class UpdateFailed(RuntimeError):
    pass


def child_update(settings_file: Path, htdocs: str, timeout: float = 1800) -> Callable[[list[str]], None]:
    """run(paths): newsroom/site_update.py in a child process; raises UpdateFailed with what it printed."""
    def run(paths: list[str]) -> None:
        cmd = [sys.executable, "-m", "newsroom.site_update", *(["--htdocs", htdocs] if htdocs else []),
               str(settings_file), "--", *paths]
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise UpdateFailed(shown_output(result.stderr or result.stdout, result.returncode))
    return run


def shown_output(text: str, code: int, lines: int = 30) -> str:
    """What a failed build said, fit for an editor's screen: the build's plain list of content problems; a crash
    (a traceback) is logged for the administrator and never shown."""
    if "Traceback (most recent call last)" in text:
        log.error("newsroom: build crashed (exit %s):\n%s", code, text)
        return "ระบบสร้างเว็บไซต์ขัดข้อง รายละเอียดอยู่ในบันทึกของเซิร์ฟเวอร์ (แจ้งผู้ดูแลระบบ)"
    said = text.strip().splitlines()
    return "\n".join(said[-lines:]) or f"exit {code}"


class SiteJobs:
    def __init__(self, db: Database, clock: Callable[[], float], run_update: Callable[[list[str]], None],
                 before_update: Callable[[], None] = lambda: None):
        self.db, self.clock = db, clock
        self.run_update, self.before_update = run_update, before_update
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.on_finished: Callable[[list[Job]], None] = lambda jobs: None

    # --- asking ----------------------------------------------------------------------------------------------
    def enqueue(self, conn, actor: str, story_id: str, paths: list[str]) -> int:
        """Queue an update (in the caller's transaction); the worker is woken when it commits (see `wake`)."""
        cur = conn.execute("INSERT INTO jobs (state, actor, story_id, paths, created_at) VALUES ('queued', ?, ?, ?, ?)",
                           (actor, story_id, json.dumps(paths), self.clock()))
        return cur.lastrowid

    def wake(self) -> None:
        self._wake.set()

    def get(self, job_id: int) -> Job | None:
        with self.db.read() as conn:
            row = conn.execute("SELECT id, state, actor, story_id, paths, created_at, started_at, finished_at, batch, "
                               "message FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return self._job(row) if row else None

    def latest_for(self, story_id: str) -> Job | None:
        with self.db.read() as conn:
            row = conn.execute("SELECT id, state, actor, story_id, paths, created_at, started_at, finished_at, batch, "
                               "message FROM jobs WHERE story_id = ? ORDER BY id DESC LIMIT 1", (story_id,)).fetchone()
        return self._job(row) if row else None

    @staticmethod
    def _job(row) -> Job:
        return Job(row[0], row[1], row[2], row[3], tuple(json.loads(row[4])), *tuple(row)[5:])

    # --- the worker ------------------------------------------------------------------------------------------
    def start(self) -> None:
        with self.db.connect() as conn:  # a server stopped mid-build: run those again
            conn.execute("UPDATE jobs SET state = 'queued', started_at = NULL WHERE state = 'running'")
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="newsroom-site-jobs", daemon=True)
        self._thread.start()
        self._wake.set()

    def stop(self, timeout: float = 60) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(5)
            self._wake.clear()
            while not self._stop.is_set() and self.run_once():
                pass

    def run_once(self) -> bool:
        """Run one update for every queued job; False when none was queued."""
        now = self.clock()
        with self.db.connect() as conn:
            ids = [r[0] for r in conn.execute("SELECT id FROM jobs WHERE state = 'queued' ORDER BY id")]
            if not ids:
                return False
            batch = ids[0]
            conn.execute(f"UPDATE jobs SET state = 'running', started_at = ?, batch = ? "
                         f"WHERE id IN ({','.join('?' * len(ids))})", (now, batch, *ids))
            paths = sorted({p for (raw,) in conn.execute(
                f"SELECT paths FROM jobs WHERE id IN ({','.join('?' * len(ids))})", ids) for p in json.loads(raw)})
        state, message = "done", ""
        try:
            self.before_update()
            self.run_update(paths)
        except Exception as err:  # a failed build is reported on the form and in the audit log, never raised
            log.exception("newsroom: site update %s failed", batch)
            state, message = "failed", str(err)[-4000:]
        with self.db.connect() as conn:
            conn.execute(f"UPDATE jobs SET state = ?, finished_at = ?, message = ? "
                         f"WHERE id IN ({','.join('?' * len(ids))})", (state, self.clock(), message, *ids))
            rows = conn.execute(f"SELECT id, state, actor, story_id, paths, created_at, started_at, finished_at, "
                                f"batch, message FROM jobs WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall()
        self.on_finished([self._job(r) for r in rows])
        return True
