"""How readers see dates: Buddhist-era Thai formats, as Jinja filters.

In templates: <time datetime="{{ article.date|iso_datetime }}">{{ article.date|thai_date }}</time>
THAI_DIGITS = True in pelicanconf shows Thai numerals (๑๐ พ.ค. ๖๑); per call: {{ d|thai_date(thai_digits=True) }}.
The formats themselves live in thai_dates.FORMS, so what is shown always parses back (tested).
"""
from __future__ import annotations

from datetime import datetime

from .thai_dates import BANGKOK, BE_OFFSET, format_thai_date, iso_datetime, to_thai_digits  # noqa: F401
from .thai_dates import MONTHS as THAI_MONTHS  # noqa: F401
from .thai_dates import MONTHS_ABBR as THAI_MONTHS_SHORT  # noqa: F401


def thai_date(dt: datetime, thai_digits: bool = False) -> str:
    """10 พฤษภาคม 2561"""
    return format_thai_date(dt, "full", thai_digits)


def thai_date_short(dt: datetime, thai_digits: bool = False) -> str:
    """10 พ.ค. 61"""
    return format_thai_date(dt, "short", thai_digits)


def thai_time(dt: datetime, thai_digits: bool = False) -> str:
    """11:48 น."""
    return format_thai_date(dt, "time", thai_digits)


def thai_datetime(dt: datetime, thai_digits: bool = False) -> str:
    """10 พฤษภาคม 2561 11:48 น."""
    return format_thai_date(dt, "full_time", thai_digits)


def thai_month_year(dt: datetime, thai_digits: bool = False) -> str:
    """พฤษภาคม 2561 (archive headings)"""
    return format_thai_date(dt, "month_year", thai_digits)


_DISPLAY = {
    "thai_date": thai_date,
    "thai_date_short": thai_date_short,
    "thai_time": thai_time,
    "thai_datetime": thai_datetime,
    "thai_month_year": thai_month_year,
}


def jinja_filters(thai_digits: bool = False) -> dict:
    """The filters the theme uses; THAI_DIGITS in pelicanconf switches Thai numerals on (a call may override)."""

    def bind(fn):
        return lambda dt, thai_digits=thai_digits: fn(dt, thai_digits)

    return {**{name: bind(fn) for name, fn in _DISPLAY.items()}, "iso_datetime": iso_datetime}
