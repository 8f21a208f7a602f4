"""A story's status (สถานะ) and which stories are on the site.

ร่าง draft → รอตรวจ submitted → ตั้งเวลา scheduled → เผยแพร่ published → ถอนแล้ว withdrawn.
Only published stories and scheduled ones whose วันที่ has come are live: on the site, in feeds, search, sitemaps
and the counter's manifest. A published story dated in the future waits for its time like a scheduled one.
Withdrawn stories keep their file and id; their address answers 410 Gone.
"""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"

    @property
    def thai(self) -> str:
        return THAI[self]

    @classmethod
    def parse(cls, text: str) -> Status | None:
        """The status for a Thai or English word (case and spaces ignored), or None."""
        return _LOOKUP.get("".join(str(text).split()).lower())


THAI = {
    Status.DRAFT: "ร่าง",
    Status.SUBMITTED: "รอตรวจ",
    Status.SCHEDULED: "ตั้งเวลา",
    Status.PUBLISHED: "เผยแพร่",
    Status.WITHDRAWN: "ถอนแล้ว",
}
_LOOKUP = {
    **{s.value: s for s in Status}, **{t: s for s, t in THAI.items()},
    "เผยแพร่แล้ว": Status.PUBLISHED, "ถอน": Status.WITHDRAWN, "ถอนข่าว": Status.WITHDRAWN,
    "ส่งตรวจ": Status.SUBMITTED,
}
GOING_OUT = (Status.PUBLISHED, Status.SCHEDULED)  # statuses whose stories reach readers (at their time)


def is_live(status: Status, date: datetime, now: datetime) -> bool:
    """On the site now: published or scheduled, and its publication time has come."""
    return status in GOING_OUT and date <= now

