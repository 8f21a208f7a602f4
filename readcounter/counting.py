"""Who counts: once per reader per story per calendar day; bots are answered but not counted.

A reader is a keyed hash (blake2b) of client address + user agent + story id + day, keyed with a
random salt that lives only in memory and is replaced when the day changes. Neither the salt nor
the raw address or user agent is ever written anywhere; the day's set of hashes is dropped with it.
"""

from __future__ import annotations

import secrets
import time
from datetime import datetime
from functools import lru_cache
from hashlib import blake2b
from zoneinfo import ZoneInfo

from crawlerdetect import CrawlerDetect

_detector = CrawlerDetect()


@lru_cache(maxsize=4096)
def is_bot(user_agent: str) -> bool:
    """True for crawlers (maintained crawlerdetect list) and for requests without a user agent."""
    return not user_agent.strip() or _detector.is_crawler(user_agent)


class ReaderLedger:
    """Today's salt and the set of (reader, story) hashes already counted today. Memory only."""

    def __init__(self, timezone: str = "Asia/Bangkok"):
        self._zone = ZoneInfo(timezone)
        self._day = ""
        self._salt = b""
        self._seen: set[bytes] = set()
        self._recheck = float("-inf")

    def today(self) -> str:
        """ISO date in the service's zone; a new day brings a new salt and an empty ledger.
        The calendar is consulted at most every 0.2 s (hot path)."""
        now = time.monotonic()
        if now < self._recheck:
            return self._day
        self._recheck = now + 0.2
        day = datetime.now(self._zone).date().isoformat()
        if day != self._day:
            self._day, self._salt, self._seen = day, secrets.token_bytes(32), set()
        return day

    def reader_key(self, client: str, user_agent: str, story_id: str) -> bytes:
        day = self.today()
        text = f"{client}\x00{user_agent}\x00{story_id}\x00{day}".encode("utf-8", "surrogateescape")
        return blake2b(text, key=self._salt, digest_size=16).digest()

    def client_key(self, client: str) -> bytes:
        """Pseudonymous key for per-client limits, so no raw address is kept even in memory."""
        self.today()
        return blake2b(client.encode(), key=self._salt, digest_size=8, person=b"ratelim").digest()

    def claim(self, client: str, user_agent: str, story_id: str) -> bytes | None:
        """Reader key if this is the reader's first read of the story today, else None."""
        key = self.reader_key(client, user_agent, story_id)
        if key in self._seen:
            return None
        self._seen.add(key)
        return key

    def release(self, key: bytes) -> None:
        """Forget a claim whose read could not be stored, so the reader may retry."""
        self._seen.discard(key)
