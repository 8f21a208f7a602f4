"""Forms posted after their session ran out: kept for their writer, given back after the next login.

A save that arrives with a session that has just ended (idle or at its absolute limit, not logged out) is not
lost: when its CSRF token is the one that ended session had (so it is the writer's own form, not a forged one),
its fields are kept here for that account, the writer is sent to the login page, and after logging in the form
comes back filled in exactly as it was, to be saved. Kept a day at most; photos chosen in it must be chosen again.
"""
from __future__ import annotations

import json
import secrets
import sqlite3

KEPT_FOR = 86400.0


def keep(conn: sqlite3.Connection, account_id: int, story_id: str, fields: dict, now: float) -> str:
    conn.execute("DELETE FROM pending_forms WHERE created_at < ?", (now - KEPT_FOR,))
    pending_id = secrets.token_urlsafe(16)
    conn.execute("INSERT INTO pending_forms (id, account_id, story_id, created_at, fields) VALUES (?, ?, ?, ?, ?)",
                 (pending_id, account_id, story_id, now, json.dumps(fields, ensure_ascii=False)))
    return pending_id


def waiting(conn: sqlite3.Connection, account_id: int, now: float) -> bool:
    return conn.execute("SELECT 1 FROM pending_forms WHERE account_id = ? AND created_at >= ?",
                        (account_id, now - KEPT_FOR)).fetchone() is not None


def take(conn: sqlite3.Connection, account_id: int, now: float) -> tuple[str, dict] | None:
    """The account's latest kept form (story id, fields), removed from the store."""
    row = conn.execute("SELECT id, story_id, fields FROM pending_forms WHERE account_id = ? AND created_at >= ? "
                       "ORDER BY created_at DESC LIMIT 1", (account_id, now - KEPT_FOR)).fetchone()
    if row is None:
        return None
    conn.execute("DELETE FROM pending_forms WHERE id = ?", (row[0],))
    return row[1], json.loads(row[2])
