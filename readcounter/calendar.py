"""The counter's calendar: which day a moment belongs to (in the service's zone), and which days are still alive.

"Once per reader per day" is bounded by the calendar day in READCOUNTER_TIMEZONE (Asia/Bangkok). A day's salt and
seen-set stay usable until the day is over plus a short grace period (clock skew between instances); then they are
removed. Days are kept in three rotating slots (day ordinal mod 3): yesterday, today and tomorrow never share one.
Pure: every function takes the moment (UNIX seconds) as an argument; the service passes its (injectable) clock.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

SLOTS = 3


def slot_of(day: date) -> int:
    """The rotating slot (0, 1, 2) of a day's salt and seen-set."""
    return day.toordinal() % SLOTS


class Calendar:
    def __init__(self, timezone: str = "Asia/Bangkok", grace: float = 300.0):
        self.zone = ZoneInfo(timezone)
        self.grace = grace
        self._span = (0.0, -1.0, date.min)  # [start, end) of the last day looked up, and that day

    def day_of(self, moment: float) -> date:
        """The calendar day of a UNIX time in the service's zone (cached: the hot path asks every request)."""
        start, end, day = self._span
        if start <= moment < end:
            return day
        day = datetime.fromtimestamp(moment, self.zone).date()
        self._span = (self.start_of(day), self.start_of(day + timedelta(days=1)), day)
        return day

    def start_of(self, day: date) -> float:
        """UNIX time of the first moment of a day (midnight in the zone)."""
        return datetime.combine(day, time(0), self.zone).timestamp()

    def alive_days(self, moment: float) -> frozenset[date]:
        """Days whose salt and seen-set must still exist at `moment`: today, yesterday until the grace period after
        midnight is over, and tomorrow from the grace period before midnight (an instance whose clock is ahead)."""
        today = self.day_of(moment)
        alive = {today}
        if moment < self.start_of(today) + self.grace:
            alive.add(today - timedelta(days=1))
        tomorrow = today + timedelta(days=1)
        if moment >= self.start_of(tomorrow) - self.grace:
            alive.add(tomorrow)
        return frozenset(alive)

    def next_expiry(self, moment: float) -> float:
        """The next moment at which alive_days() loses a day (when pruning is due)."""
        today = self.day_of(moment)
        expiry = self.start_of(today) + self.grace
        return expiry if moment < expiry else self.start_of(today + timedelta(days=1)) + self.grace
