"""Server-side sessions: the browser holds only a random token; the database holds its SHA-256, the account,
the CSRF token and the times that end it (idle and absolute). A login always starts a new session (new token)."""
from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from dataclasses import dataclass, field

TOUCH_EVERY = 15.0  # seconds: last_seen is written at most this often (a write per request is not needed)
EXPIRED_KEPT = 86400.0  # seconds an ended session's account and CSRF token are kept (a form posted after it ended)


@dataclass
class Session:
    token_hash: bytes
    account_id: int | None
    pending_account_id: int | None  # password accepted, second factor still to come
    csrf: str
    created_at: float
    last_seen: float
    authenticated_at: float | None
    data: dict = field(default_factory=dict)


def token_hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


class SessionStore:
    def __init__(self, idle: float, maximum: float):
        self.idle, self.maximum = idle, maximum

    def create(self, conn: sqlite3.Connection, now: float, account_id: int | None = None,
               pending_account_id: int | None = None, data: dict | None = None) -> tuple[str, Session]:
        self.prune(conn, now)
        token = secrets.token_urlsafe(32)
        session = Session(token_hash(token), account_id, pending_account_id, secrets.token_urlsafe(32), now, now,
                          now if account_id else None, dict(data or {}))
        conn.execute(
            "INSERT INTO sessions (token_hash, account_id, pending_account_id, csrf, created_at, last_seen, "
            "authenticated_at, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (session.token_hash, account_id, pending_account_id, session.csrf, now, now, session.authenticated_at,
             json.dumps(session.data)))
        return token, session

    def _is_over(self, session: Session, now: float) -> bool:
        return now - session.last_seen > self.idle or now - session.created_at > self.maximum

    def peek(self, conn: sqlite3.Connection, token: str | None, now: float) -> tuple[Session | None, bool]:
        """Read only: the live session of this token (or None) and whether `load` would have to write
        (to end it, or to note that it was seen)."""
        if not token or len(token) > 100:
            return None, False
        row = conn.execute(
            "SELECT token_hash, account_id, pending_account_id, csrf, created_at, last_seen, authenticated_at, data "
            "FROM sessions WHERE token_hash = ?", (token_hash(token),)).fetchone()
        if row is None:
            return None, False
        session = Session(*tuple(row)[:7], data=json.loads(row["data"]))
        if self._is_over(session, now):
            return None, True
        return session, now - session.last_seen >= TOUCH_EVERY

    def load(self, conn: sqlite3.Connection, token: str | None, now: float) -> Session | None:
        """The live session of this token, or None (unknown, idle too long, or past its absolute end)."""
        if not token or len(token) > 100:
            return None
        row = conn.execute(
            "SELECT token_hash, account_id, pending_account_id, csrf, created_at, last_seen, authenticated_at, data "
            "FROM sessions WHERE token_hash = ?", (token_hash(token),)).fetchone()
        if row is None:
            return None
        session = Session(*tuple(row)[:7], data=json.loads(row["data"]))
        if self._is_over(session, now):
            self._end(conn, "token_hash = ?", (session.token_hash,), now)
            return None
        if now - session.last_seen >= TOUCH_EVERY:
            conn.execute("UPDATE sessions SET last_seen = ? WHERE token_hash = ?", (now, session.token_hash))
            session.last_seen = now
        return session

    def replace(self, conn: sqlite3.Connection, old: Session | None, now: float, account_id: int | None = None,
                pending_account_id: int | None = None, data: dict | None = None) -> tuple[str, Session]:
        """End `old` and start a new session (new token, new CSRF token): used at every change of who is in."""
        if old is not None:
            self.delete(conn, old)
        return self.create(conn, now, account_id, pending_account_id, data)

    def save_data(self, conn: sqlite3.Connection, session: Session) -> None:
        conn.execute("UPDATE sessions SET data = ? WHERE token_hash = ?", (json.dumps(session.data),
                                                                           session.token_hash))

    def delete(self, conn: sqlite3.Connection, session: Session) -> None:
        conn.execute("DELETE FROM sessions WHERE token_hash = ?", (session.token_hash,))

    def prune(self, conn: sqlite3.Connection, now: float) -> None:
        self._end(conn, "last_seen < ? OR created_at < ?", (now - self.idle, now - self.maximum), now)
        conn.execute("DELETE FROM expired_sessions WHERE expired_at < ?", (now - EXPIRED_KEPT,))

    @staticmethod
    def _end(conn: sqlite3.Connection, where: str, args: tuple, now: float) -> None:
        """End sessions that ran out: a logged-in one leaves its account and CSRF token in expired_sessions for a
        day, so a form its writer posts after the end is kept for them (newsroom/pending_forms.py)."""
        conn.execute(f"INSERT OR REPLACE INTO expired_sessions (token_hash, account_id, csrf, expired_at) "
                     f"SELECT token_hash, account_id, csrf, ? FROM sessions WHERE account_id IS NOT NULL AND ({where})",
                     (now, *args))
        conn.execute(f"DELETE FROM sessions WHERE {where}", args)

    @staticmethod
    def expired(conn: sqlite3.Connection, token: str | None) -> tuple[int, str] | None:
        """(account id, CSRF token) of the session this token had, when it ran out (not logged out) lately."""
        if not token or len(token) > 100:
            return None
        row = conn.execute("SELECT account_id, csrf FROM expired_sessions WHERE token_hash = ?",
                           (token_hash(token),)).fetchone()
        return (row[0], row[1]) if row else None
