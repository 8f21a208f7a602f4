"""How readers see dates: Buddhist-era Thai formats, as Jinja filters."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543
THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def to_thai_digits(text: str) -> str:
    return str(text).translate(_THAI_DIGITS)


def _local(dt: datetime) -> datetime:
    return dt.astimezone(BANGKOK) if dt.tzinfo else dt.replace(tzinfo=BANGKOK)


def _digits(text: str, thai_digits: bool) -> str:
    return to_thai_digits(text) if thai_digits else text


def thai_date(dt: datetime, thai_digits: bool = False) -> str:
    """10 พฤษภาคม 2561"""
    dt = _local(dt)
    return _digits(f"{dt.day} {THAI_MONTHS[dt.month - 1]} {dt.year + BE_OFFSET}", thai_digits)


def thai_date_short(dt: datetime, thai_digits: bool = False) -> str:
    """10 พ.ค. 61"""
    dt = _local(dt)
    return _digits(f"{dt.day} {THAI_MONTHS_SHORT[dt.month - 1]} {(dt.year + BE_OFFSET) % 100:02d}", thai_digits)


def thai_time(dt: datetime, thai_digits: bool = False) -> str:
    """11:48 น."""
    dt = _local(dt)
    return _digits(f"{dt.hour:02d}:{dt.minute:02d} น.", thai_digits)


def thai_month_year(dt: datetime, thai_digits: bool = False) -> str:
    """พฤษภาคม 2561 (archive headings)"""
    dt = _local(dt)
    return _digits(f"{THAI_MONTHS[dt.month - 1]} {dt.year + BE_OFFSET}", thai_digits)


def iso_datetime(dt: datetime) -> str:
    """2018-05-10T11:48:27+07:00, for <time datetime> and machine-readable metadata."""
    return _local(dt).isoformat(timespec="seconds")


def jinja_filters(thai_digits: bool = False) -> dict:
    """The filters the theme uses; THAI_DIGITS in pelicanconf switches Thai numerals on."""
    return {
        "thai_date": lambda dt: thai_date(dt, thai_digits),
        "thai_date_short": lambda dt: thai_date_short(dt, thai_digits),
        "thai_time": lambda dt: thai_time(dt, thai_digits),
        "thai_month_year": lambda dt: thai_month_year(dt, thai_digits),
        "iso_datetime": iso_datetime,
    }
