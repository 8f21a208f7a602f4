"""From pending reads to committed outcomes: hash each read with its day's salt, send the batch to the store,
answer each read. Runs in the commit thread (groupcommit.py), which also prunes finished days.

The salts an instance holds are a cache of the store's (shared, for PostgreSQL); when the store says a salt changed
(PostgreSQL lost its unlogged tables in a crash), the cache is dropped, the batch re-hashed with the new salt and
sent again. Nothing is counted by a batch that failed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import date

from readcounter.calendar import Calendar
from readcounter.counting import Claim, Outcome, PendingRead, reader_key
from readcounter.salts import Salt, SaltChanged
from readcounter.store import Store

log = logging.getLogger("readcounter")

PRUNE_EVERY = 60.0  # seconds: also remove days left behind by other instances or by downtime


class ReadRecorder:
    def __init__(self, store: Store, calendar: Calendar, clock: Callable[[], float] = time.time):
        self.store, self.calendar, self.clock = store, calendar, clock
        self._salts: dict[date, Salt] = {}
        self._next_prune = float("-inf")

    def _salt(self, day: date) -> Salt:
        salt = self._salts.get(day)
        if salt is None:
            salt = self._salts[day] = self.store.salt(day)
        return salt

    def record(self, reads: Sequence[PendingRead]) -> list[Outcome]:
        """One transaction for the batch; an outcome per read, in order. A reader twice in one batch counts once."""
        try:
            self.maintain()
        except Exception as exc:  # pruning can wait; the reads need not
            log.warning("removing finished days failed (%s); trying again later", exc)
            self._next_prune = self.clock() + 5.0
        for attempt in (1, 2):
            salts = {day: self._salt(day) for day in {r.day for r in reads}}
            claims: list[Claim] = []
            index: dict[bytes, int] = {}
            slots = []  # per read: (index of its claim, is it the claim's first read)
            for read in reads:
                key = reader_key(salts[read.day].secret, read.client, read.user_agent, read.story_id, read.day)
                first = key not in index
                if first:
                    index[key] = len(claims)
                    claims.append(Claim(key, read.story_id, read.day))
                slots.append((index[key], first))
            try:
                outcomes = self.store.record(claims, salts)
            except SaltChanged as exc:
                self._salts.clear()
                if attempt == 2:
                    raise
                log.warning("%s; using the stored salt (readers of this day may be counted once more)", exc)
                continue
            return [outcomes[i] if first else Outcome(False, outcomes[i].total) for i, first in slots]
        raise AssertionError("unreachable")

    def maintain(self, force: bool = False) -> list[date]:
        """Remove salts and seen-sets of days no longer alive, when due (or now, with force)."""
        now = self.clock()
        if not force and now < self._next_prune:
            return []
        alive = self.calendar.alive_days(now)
        removed = self.store.prune(alive)
        for day in [d for d in self._salts if d not in alive]:
            del self._salts[day]
        self._next_prune = min(self.calendar.next_expiry(now), now + PRUNE_EVERY)
        return removed

    def held_salt_days(self) -> list[date]:
        return sorted(self._salts)
