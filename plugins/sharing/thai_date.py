"""Buddhist-era dates as the card shows them (10 พฤษภาคม 2561)."""
from __future__ import annotations

from datetime import date

THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)


def format_be_date(moment: date) -> str:
    """`moment` as day, Thai month name and Buddhist-era year."""
    return f"{moment.day} {THAI_MONTHS[moment.month - 1]} {moment.year + 543}"
