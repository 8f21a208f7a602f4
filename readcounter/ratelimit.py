"""Per-client rate limit: sliding window approximated from two fixed windows (O(1), memory-bounded)."""

from __future__ import annotations

import time


class RateLimiter:
    def __init__(self, limit: int, window: float, clock=time.monotonic):
        self.limit, self.window, self._clock = limit, window, clock
        self._start = clock()
        self._current: dict[bytes, int] = {}
        self._previous: dict[bytes, int] = {}

    def allow(self, key: bytes) -> bool:
        now = self._clock()
        elapsed = now - self._start
        if elapsed >= self.window:
            windows = int(elapsed // self.window)
            self._previous = self._current if windows == 1 else {}
            self._current = {}
            self._start += windows * self.window
            elapsed = now - self._start
        weight = 1.0 - elapsed / self.window
        used = self._current.get(key, 0)
        if used + self._previous.get(key, 0) * weight >= self.limit:
            return False
        self._current[key] = used + 1
        return True

    def retry_after(self) -> int:
        return max(1, int(self.window - (self._clock() - self._start)) + 1)
