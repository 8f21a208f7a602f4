"""Who may do what to a story (pure rules, checked on the server for every request and every story id).

ร่าง → รอตรวจ → (ตั้งเวลา) → เผยแพร่ → ถอนแล้ว. Writers work on their agency's drafts and submit them; editors (of
the story's agency) also send back with a comment, publish, schedule, correct a published story, withdraw and
restore earlier versions. Administrators manage accounts; they may read stories, not change them.
"""
from __future__ import annotations

from enum import StrEnum

from nuea.statuses import Status

from .accounts import Account


class Action(StrEnum):
    SAVE = "save"  # บันทึกร่าง
    SUBMIT = "submit"  # ส่งตรวจ
    SEND_BACK = "send_back"  # ส่งกลับแก้ไข
    PUBLISH = "publish"  # เผยแพร่ (on a published story: a correction)
    SCHEDULE = "schedule"  # ตั้งเวลาเผยแพร่
    WITHDRAW = "withdraw"  # ถอนข่าว
    RESTORE = "restore"  # กู้คืนฉบับนี้


BUTTONS = {
    Action.SAVE: "บันทึกร่าง", Action.SUBMIT: "ส่งตรวจ", Action.SEND_BACK: "ส่งกลับแก้ไข", Action.PUBLISH: "เผยแพร่",
    Action.SCHEDULE: "ตั้งเวลาเผยแพร่", Action.WITHDRAW: "ถอนข่าว", Action.RESTORE: "กู้คืนฉบับนี้",
}
# what each action may start from (None: a story not saved yet)
_FROM = {
    Action.SAVE: {None, Status.DRAFT, Status.SUBMITTED},
    Action.SUBMIT: {None, Status.DRAFT, Status.SUBMITTED},
    Action.SEND_BACK: {Status.SUBMITTED, Status.SCHEDULED},
    Action.PUBLISH: {None, Status.DRAFT, Status.SUBMITTED, Status.SCHEDULED, Status.PUBLISHED, Status.WITHDRAWN},
    Action.SCHEDULE: {None, Status.DRAFT, Status.SUBMITTED, Status.SCHEDULED},
    Action.WITHDRAW: {Status.PUBLISHED, Status.SCHEDULED},
    Action.RESTORE: {Status.DRAFT, Status.SUBMITTED, Status.SCHEDULED, Status.PUBLISHED, Status.WITHDRAWN},
}
EDITOR_ONLY = {Action.SEND_BACK, Action.PUBLISH, Action.SCHEDULE, Action.WITHDRAW, Action.RESTORE}
EDITORS_SAVE_FROM = {Status.SCHEDULED}  # an editor may also pull a scheduled story back into a draft


class Refused(Exception):
    """Not allowed (HTTP 403) or not possible now (409); the message is Thai."""

    def __init__(self, message: str, status: int = 403):
        super().__init__(message)
        self.status = status


def may_see(account: Account, agency_code: str) -> bool:
    return account.is_admin or (account.role in ("writer", "editor") and account.works_for(agency_code))


def may_write_for(account: Account, agency_code: str) -> bool:
    return account.role in ("writer", "editor") and account.works_for(agency_code)


def allowed(account: Account, action: Action, status: Status | None, agency_code: str | None) -> bool:
    """May `account` do `action` to a story of `agency_code` that is now `status` (None: new)?"""
    if account.role not in ("writer", "editor"):
        return False
    if agency_code is not None and not account.works_for(agency_code):
        return False
    if action in EDITOR_ONLY and account.role != "editor":
        return False
    starts = _FROM[action] | (EDITORS_SAVE_FROM if action is Action.SAVE and account.role == "editor" else set())
    return status in starts


def check(account: Account, action: Action, status: Status | None, agency_code: str | None) -> None:
    if not allowed(account, action, status, agency_code):
        if agency_code is not None and not account.works_for(agency_code):
            raise Refused("ข่าวนี้เป็นของหน่วยงานอื่น คุณไม่มีสิทธิ์แก้ไข")
        if action in EDITOR_ONLY and account.role != "editor":
            raise Refused(f"“{BUTTONS[action]}” ทำได้เฉพาะบรรณาธิการ")
        if account.role not in ("writer", "editor"):
            raise Refused("บัญชีผู้ดูแลระบบอ่านข่าวได้ แต่แก้ไขข่าวไม่ได้")
        now = status.thai if status else "ยังไม่บันทึก"
        raise Refused(f"ข่าวที่มีสถานะ “{now}” ทำ “{BUTTONS[action]}” ไม่ได้", 409)


def actions_for(account: Account, status: Status | None, agency_code: str | None) -> list[Action]:
    return [a for a in Action if a is not Action.RESTORE and allowed(account, a, status, agency_code)]
