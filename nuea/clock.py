"""The build's "now", one rule for every part of a build: the BUILD_NOW setting (tests, an injected clock), else
$SOURCE_DATE_EPOCH (reproducible builds), else the clock. Always aware, in Asia/Bangkok."""
from __future__ import annotations

import os
from datetime import UTC, datetime

from .thai_dates import BANGKOK


class ClockError(ValueError):
    pass


def build_now(settings: dict | None = None) -> datetime:
    fixed = (settings or {}).get("BUILD_NOW")
    if fixed:
        if isinstance(fixed, datetime):
            return fixed if fixed.tzinfo else fixed.replace(tzinfo=BANGKOK)
        try:
            when = datetime.fromisoformat(str(fixed))
        except ValueError:
            raise ClockError(f"BUILD_NOW: not an ISO date-time: {fixed!r}") from None
        return (when if when.tzinfo else when.replace(tzinfo=BANGKOK)).astimezone(BANGKOK)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC).astimezone(BANGKOK)
        except ValueError:
            raise ClockError(f"SOURCE_DATE_EPOCH: not a number of seconds: {epoch!r}") from None
    return datetime.now(BANGKOK)
