"""Accounts: a user name, a role, the agencies the account works for, a password hash, an optional TOTP secret.

Pure rules (`check_account`) plus the SQL that stores them; callers pass a connection from `Database.connect()`
so that a change and its audit entry commit together.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from .site_parts import Registry

ROLES = {"writer": "นักข่าว", "editor": "บรรณาธิการ", "admin": "ผู้ดูแลระบบ"}
NAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{1,39}")


class AccountError(ValueError):
    """A refused account change; `field` names the form field, the message is Thai."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: str
    agencies: tuple[str, ...]  # registry codes, e.g. ("LPG",)
    all_agencies: bool
    password_hash: str
    totp_secret: str | None
    totp_last_step: int
    disabled: bool
    created_at: float
    changed_at: float

    @property
    def role_label(self) -> str:
        return ROLES[self.role]

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def may_use_totp(self) -> bool:
        return self.role in ("editor", "admin")

    def works_for(self, agency_code: str) -> bool:
        return self.all_agencies or agency_code in self.agencies


def normalize_name(name: str) -> str:
    name = name.strip().lower()
    if not NAME_RE.fullmatch(name):
        raise AccountError("ชื่อผู้ใช้ต้องยาว 2–40 ตัว ใช้ได้เฉพาะ a-z 0-9 จุด ขีดล่าง และขีดกลาง "
                           "และขึ้นต้นด้วยตัวอักษรหรือตัวเลข", "name")
    return name


def resolve_agencies(registry: Registry, texts: list[str]) -> tuple[str, ...]:
    """Registry codes for any form the registry accepts (abbreviation, full name, code); unknown ones refused."""
    codes = []
    for text in texts:
        if not text.strip():
            continue
        agency = registry.find_agency(text)
        if agency is None:
            close = registry.suggest_agencies(text)
            hint = f" (หรือหมายถึง {', '.join(close)})" if close else ""
            raise AccountError(f"ไม่รู้จักหน่วยงาน '{text}'{hint}", "agencies")
        if agency.code not in codes:
            codes.append(agency.code)
    return tuple(codes)


def check_account(role: str, agencies: tuple[str, ...], all_agencies: bool) -> None:
    """A writer works for exactly one agency; an editor for one or more (or all); an administrator needs none."""
    if role not in ROLES:
        raise AccountError(f"บทบาทต้องเป็น {', '.join(ROLES)}", "role")
    if role == "writer" and (all_agencies or len(agencies) != 1):
        raise AccountError("นักข่าวต้องสังกัดหน่วยงานเดียว", "agencies")
    if role == "editor" and not (all_agencies or agencies):
        raise AccountError("บรรณาธิการต้องมีอย่างน้อยหนึ่งหน่วยงาน หรือทุกหน่วยงาน", "agencies")


_COLUMNS = ("id, name, role, all_agencies, password_hash, totp_secret, totp_last_step, disabled, created_at, "
            "changed_at")


def _account(conn: sqlite3.Connection, row) -> Account:
    codes = tuple(r[0] for r in conn.execute(
        "SELECT agency_code FROM account_agencies WHERE account_id = ? ORDER BY rowid", (row["id"],)))
    return Account(id=row["id"], name=row["name"], role=row["role"], agencies=codes,
                   all_agencies=bool(row["all_agencies"]), password_hash=row["password_hash"],
                   totp_secret=row["totp_secret"], totp_last_step=row["totp_last_step"],
                   disabled=bool(row["disabled"]), created_at=row["created_at"], changed_at=row["changed_at"])


def by_name(conn: sqlite3.Connection, name: str) -> Account | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM accounts WHERE name = ?", (name.strip(),)).fetchone()
    return _account(conn, row) if row else None


def by_id(conn: sqlite3.Connection, account_id: int) -> Account | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM accounts WHERE id = ?", (account_id,)).fetchone()
    return _account(conn, row) if row else None


def all_accounts(conn: sqlite3.Connection) -> list[Account]:
    return [_account(conn, row) for row in conn.execute(f"SELECT {_COLUMNS} FROM accounts ORDER BY name")]


def create(conn: sqlite3.Connection, now: float, name: str, role: str, agencies: tuple[str, ...],
           all_agencies: bool, password_hash: str) -> Account:
    name = normalize_name(name)
    check_account(role, agencies, all_agencies)
    if by_name(conn, name) is not None:
        raise AccountError(f"มีบัญชีชื่อ {name} อยู่แล้ว", "name")
    cur = conn.execute(
        "INSERT INTO accounts (name, role, all_agencies, password_hash, created_at, changed_at) "
        "VALUES (?, ?, ?, ?, ?, ?)", (name, role, int(all_agencies), password_hash, now, now))
    _set_agencies(conn, cur.lastrowid, agencies)
    return by_id(conn, cur.lastrowid)


def _set_agencies(conn: sqlite3.Connection, account_id: int, agencies: tuple[str, ...]) -> None:
    conn.execute("DELETE FROM account_agencies WHERE account_id = ?", (account_id,))
    conn.executemany("INSERT INTO account_agencies (account_id, agency_code) VALUES (?, ?)",
                     [(account_id, code) for code in agencies])


def set_role(conn: sqlite3.Connection, now: float, account: Account, role: str, agencies: tuple[str, ...],
             all_agencies: bool) -> Account:
    check_account(role, agencies, all_agencies)
    if account.role == "admin" and role != "admin" and active_admins(conn) == [account.name]:
        raise AccountError("ต้องมีผู้ดูแลระบบที่ใช้งานได้อย่างน้อยหนึ่งบัญชี", "role")
    conn.execute("UPDATE accounts SET role = ?, all_agencies = ?, changed_at = ? WHERE id = ?",
                 (role, int(all_agencies), now, account.id))
    if role not in ("editor", "admin"):
        conn.execute("UPDATE accounts SET totp_secret = NULL WHERE id = ?", (account.id,))
    _set_agencies(conn, account.id, agencies)
    return by_id(conn, account.id)


def set_password_hash(conn: sqlite3.Connection, now: float, account: Account, password_hash: str) -> None:
    conn.execute("UPDATE accounts SET password_hash = ?, changed_at = ? WHERE id = ?",
                 (password_hash, now, account.id))


def set_disabled(conn: sqlite3.Connection, now: float, account: Account, disabled: bool) -> None:
    if disabled and account.role == "admin" and active_admins(conn) == [account.name]:
        raise AccountError("ระงับผู้ดูแลระบบคนสุดท้ายไม่ได้", "disabled")
    conn.execute("UPDATE accounts SET disabled = ?, changed_at = ? WHERE id = ?", (int(disabled), now, account.id))
    if disabled:
        conn.execute("DELETE FROM sessions WHERE account_id = ? OR pending_account_id = ?", (account.id, account.id))


def set_totp(conn: sqlite3.Connection, now: float, account: Account, secret: str | None, step: int = 0) -> None:
    conn.execute("UPDATE accounts SET totp_secret = ?, totp_last_step = ?, changed_at = ? WHERE id = ?",
                 (secret, step, now, account.id))


def use_totp_step(conn: sqlite3.Connection, account: Account, step: int) -> bool:
    """Record that the code of time step `step` was used; False when it (or a later one) was used already."""
    cur = conn.execute("UPDATE accounts SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?",
                       (step, account.id, step))
    return cur.rowcount == 1


def active_admins(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT name FROM accounts WHERE role = 'admin' AND disabled = 0")]


def end_sessions(conn: sqlite3.Connection, account: Account, keep_token_hash: bytes | None = None) -> None:
    """Log the account out everywhere (after a password reset or a disable), except the given session."""
    conn.execute("DELETE FROM sessions WHERE (account_id = ? OR pending_account_id = ?) AND token_hash IS NOT ?",
                 (account.id, account.id, keep_token_hash))
