"""An injected clock for the counter (GoatCounter's ztime.WithNow, in Python): time stands still until moved."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")


def bangkok(*fields) -> float:
    """UNIX time of a Bangkok wall-clock moment: bangkok(2026, 11, 24, 23, 59, 59)."""
    return datetime(*fields, tzinfo=BANGKOK).timestamp()


class FakeClock:
    def __init__(self, moment: float):
        self.moment = moment

    def __call__(self) -> float:
        return self.moment

    def set(self, moment: float) -> None:
        self.moment = moment

    def advance(self, seconds: float) -> None:
        self.moment += seconds
