"""Login guessing: count failures per account and per client, lock either for a while after too many.

Neither the client's address nor the typed user name is stored: both are kept as keyed BLAKE2b hashes. The key
(salt) is random, kept in the database so that a lock survives a restart, replaced every `salt_period` and deleted
one period later, after which no stored hash can be linked to an address even by trying every address.
"""
from __future__ import annotations

import hashlib
import secrets
import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    account_failures: int
    client_failures: int
    window: float
    lock: float
    salt_period: float


class LoginThrottle:
    def __init__(self, limits: Limits):
        self.limits = limits

    def _salts(self, conn: sqlite3.Connection, now: float) -> list[bytes]:
        """Current salt first, then the previous one (its hashes are still checked until they expire)."""
        conn.execute("DELETE FROM client_salts WHERE created_at < ?", (now - 2 * self.limits.salt_period,))
        rows = conn.execute("SELECT created_at, salt FROM client_salts ORDER BY created_at DESC LIMIT 2").fetchall()
        if not rows or now - rows[0]["created_at"] >= self.limits.salt_period:
            salt = secrets.token_bytes(32)
            conn.execute("INSERT INTO client_salts (created_at, salt) VALUES (?, ?)", (now, salt))
            return [salt] + [r["salt"] for r in rows[:1]]
        return [r["salt"] for r in rows]

    @staticmethod
    def _key(salt: bytes, scope: str, value: str) -> bytes:
        return hashlib.blake2b(value.encode(), key=salt, digest_size=16, person=scope.encode()).digest()

    def _keys(self, conn, now: float, account: str, client: str) -> dict[str, list[bytes]]:
        salts = self._salts(conn, now)
        return {"account": [self._key(s, "account", account.strip().lower()) for s in salts],
                "client": [self._key(s, "client", client) for s in salts]}

    def client_tag(self, conn: sqlite3.Connection, now: float, client: str) -> str:
        """A short keyed hash of the client for the audit log: links one day's attempts, never the address."""
        return self._key(self._salts(conn, now)[0], "audit", client).hex()[:12]

    def locked_for(self, conn: sqlite3.Connection, now: float, account: str, client: str) -> float:
        """Seconds until both the account and the client may try again (0: not locked)."""
        self._prune(conn, now)
        keys = self._keys(conn, now, account, client)
        until = 0.0
        for scope, values in keys.items():
            for key in values:
                row = conn.execute("SELECT locked_until FROM login_failures WHERE scope = ? AND key = ?",
                                   (scope, key)).fetchone()
                if row:
                    until = max(until, row[0])
        return max(0.0, until - now)

    def failed(self, conn: sqlite3.Connection, now: float, account: str, client: str) -> bool:
        """Count one failure for both; True when this failure locked the account or the client."""
        keys = self._keys(conn, now, account, client)
        locked = False
        for scope, limit in (("account", self.limits.account_failures), ("client", self.limits.client_failures)):
            key = keys[scope][0]
            row = conn.execute("SELECT failures, window_start FROM login_failures WHERE scope = ? AND key = ?",
                               (scope, key)).fetchone()
            failures, start = (1, now) if row is None or now - row[1] > self.limits.window else (row[0] + 1, row[1])
            locked_until = 0.0
            if failures >= limit:
                failures, start, locked_until, locked = 0, now, now + self.limits.lock, True
            conn.execute(
                "INSERT INTO login_failures (scope, key, failures, window_start, locked_until) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (scope, key) DO UPDATE SET failures = excluded.failures, "
                "window_start = excluded.window_start, locked_until = max(locked_until, excluded.locked_until)",
                (scope, key, failures, start, locked_until))
        return locked

    def succeeded(self, conn: sqlite3.Connection, now: float, account: str, client: str) -> None:
        """A right password clears the account's count (not the client's: one office may share an address)."""
        for key in self._keys(conn, now, account, client)["account"]:
            conn.execute("DELETE FROM login_failures WHERE scope = 'account' AND key = ? AND locked_until <= ?",
                         (key, now))

    def _prune(self, conn: sqlite3.Connection, now: float) -> None:
        conn.execute("DELETE FROM login_failures WHERE window_start < ? AND locked_until < ?",
                     (now - self.limits.window, now))
