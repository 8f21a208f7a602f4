"""Who counts: once per reader per story per calendar day; bots are answered but not counted.

A reader is a keyed hash (blake2b, 16 bytes) of client address + user agent + story id + day, keyed with the day's
random salt (salts.py). The store keeps the day's set of those hashes (the seen-set) and counts a read only when its
hash is new, in the same transaction as the count, so retries, restarts and several instances never count a reader
twice. Once the salt is gone, nothing stored can be tied back to an address or user agent: the hashes are keyed
with a random 256-bit secret that no longer exists anywhere.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from hashlib import blake2b

from crawlerdetect import CrawlerDetect

_detector = CrawlerDetect()


@lru_cache(maxsize=4096)
def is_bot(user_agent: str) -> bool:
    """True for crawlers (maintained crawlerdetect list) and for requests without a user agent."""
    return not user_agent.strip() or _detector.is_crawler(user_agent)


def reader_key(secret: bytes, client: str, user_agent: str, story_id: str, day: date) -> bytes:
    """The reader's keyed hash for one story on one day (pure)."""
    text = f"{client}\x00{user_agent}\x00{story_id}\x00{day.isoformat()}".encode("utf-8", "surrogateescape")
    return blake2b(text, key=secret, digest_size=16).digest()


@dataclass(frozen=True, slots=True)
class PendingRead:
    """A read waiting for its commit. Holds the raw address and user agent in memory only, for milliseconds:
    they are hashed with the day's salt in the commit thread and then dropped."""

    client: str
    user_agent: str
    story_id: str
    day: date


@dataclass(frozen=True, slots=True)
class Claim:
    """What the store receives: the reader hash, the story and the day; no address, no user agent."""

    key: bytes
    story_id: str
    day: date


@dataclass(frozen=True, slots=True)
class Outcome:
    counted: bool  # False: this reader was already counted for this story today
    total: int  # the story's committed count (without legacy reads)


class ClientKeys:
    """Pseudonymous keys for per-client rate limits: keyed with a random per-process secret, memory only,
    so no raw address is kept even in the limiter's tables."""

    def __init__(self):
        self._secret = secrets.token_bytes(32)

    def __call__(self, client: str) -> bytes:
        return blake2b(client.encode(), key=self._secret, digest_size=8, person=b"ratelim").digest()
