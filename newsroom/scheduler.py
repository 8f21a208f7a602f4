"""Scheduled publication without anyone present: a thread of the newsroom service that, every second, looks for
stories marked ตั้งเวลา whose วันที่ has come and asks for a site update (the build already treats such a story
as live, so the update is all it takes). Each (story, time) goes out once (`schedule_runs`); a story rescheduled
to another time goes out again at that time. Every half minute it also rescans content/ (files changed outside
the newsroom).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from . import audit
from .database import Database
from .jobs import SiteJobs
from .story_index import StoryIndex

log = logging.getLogger("newsroom.scheduler")
ACTOR = "ระบบตั้งเวลา"


class Scheduler:
    def __init__(self, db: Database, clock: Callable[[], float], index: StoryIndex, jobs: SiteJobs,
                 tick: float = 1.0, rescan_every: float = 30.0):
        self.db, self.clock, self.index, self.jobs = db, clock, index, jobs
        self.tick, self.rescan_every = tick, rescan_every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_due(self) -> list[str]:
        """Queue a site update for every scheduled story whose time has come; returns their ids."""
        now = self.clock()
        due = self.index.due_scheduled(now)
        if not due:
            return []
        with self.db.connect() as conn:
            for story in due:
                job = self.jobs.enqueue(conn, ACTOR, story.id or "", [story.path])
                conn.execute("INSERT OR IGNORE INTO schedule_runs (story_id, due, job_id) VALUES (?, ?, ?)",
                             (story.id, story.date, job))
                audit.record(conn, now, ACTOR, "scheduled_live", story.id or story.path, story.title)
        self.jobs.wake()
        return [s.id for s in due]

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="newsroom-scheduler", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout)

    def _loop(self) -> None:
        last_scan = None
        while not self._stop.is_set():
            try:
                if last_scan is None or self.clock() - last_scan >= self.rescan_every:
                    self.index.scan()
                    last_scan = self.clock()
                self.run_due()
            except Exception:  # the loop must outlive one bad moment (a locked database, a broken file)
                log.exception("newsroom: scheduler tick failed")
            self._stop.wait(self.tick)
