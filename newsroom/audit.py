"""The audit log: who did what and when (logins, account changes, publishes, schedules, corrections, withdrawals)."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass

# action -> Thai label shown to administrators
ACTIONS = {
    "login": "เข้าสู่ระบบ",
    "login_failed": "เข้าสู่ระบบไม่สำเร็จ",
    "login_locked": "ถูกล็อกชั่วคราว",
    "logout": "ออกจากระบบ",
    "account_created": "สร้างบัญชี",
    "account_disabled": "ระงับบัญชี",
    "account_enabled": "เปิดใช้บัญชี",
    "password_reset": "ตั้งรหัสผ่านใหม่",
    "role_changed": "เปลี่ยนบทบาท",
    "agencies_changed": "เปลี่ยนหน่วยงาน",
    "totp_enabled": "เปิดใช้รหัสยืนยันสองชั้น",
    "totp_removed": "ยกเลิกรหัสยืนยันสองชั้น",
    "story_created": "สร้างข่าว",
    "story_submitted": "ส่งตรวจ",
    "story_sent_back": "ส่งกลับแก้ไข",
    "story_published": "เผยแพร่",
    "story_scheduled": "ตั้งเวลาเผยแพร่",
    "scheduled_live": "ถึงเวลาเผยแพร่ตามที่ตั้งไว้",
    "story_corrected": "แก้ไขข่าวที่เผยแพร่แล้ว",
    "story_withdrawn": "ถอนข่าว",
    "story_restored": "กู้คืนฉบับเดิม",
    "site_update_failed": "ปรับปรุงเว็บไซต์ไม่สำเร็จ",
}


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: float
    actor: str
    action: str
    target: str
    detail: str

    @property
    def label(self) -> str:
        return ACTIONS.get(self.action, self.action)


def record(conn: sqlite3.Connection, at: float, actor: str, action: str, target: str = "", detail: str = "") -> None:
    """Add one entry, in the caller's transaction (the entry and the change it records commit together)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    conn.execute("INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
                 (at, actor[:100], action, target[:200], detail[:500]))


def entries(conn: sqlite3.Connection, limit: int = 100, before_id: int | None = None,
            action: str | None = None) -> list[AuditEntry]:
    """Newest first; `before_id` pages back."""
    sql, args = "SELECT id, at, actor, action, target, detail FROM audit_log WHERE 1=1", []
    if before_id is not None:
        sql, args = sql + " AND id < ?", [*args, before_id]
    if action:
        sql, args = sql + " AND action = ?", [*args, action]
    rows = conn.execute(sql + " ORDER BY id DESC LIMIT ?", [*args, limit]).fetchall()
    return [AuditEntry(*row) for row in rows]
