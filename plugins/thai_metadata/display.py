"""Jinja filters for dates as Thai readers expect them: 10 พฤษภาคม 2561 · 10 พ.ค. 61 · 11:48 น.

In templates: <time datetime="{{ article.date|iso_datetime }}">{{ article.date|thai_date }}</time>
Thai digits (๑๐ พ.ค. ๖๑) when the setting THAI_DIGITS is true, or per call: {{ d|thai_date(thai_digits=True) }}.
"""
from __future__ import annotations

from datetime import datetime

from .thai_dates import format_thai_date, iso_datetime


def thai_date(value: datetime, thai_digits: bool = False) -> str:
    """10 พฤษภาคม 2561"""
    return format_thai_date(value, "full", thai_digits)


def thai_date_short(value: datetime, thai_digits: bool = False) -> str:
    """10 พ.ค. 61"""
    return format_thai_date(value, "short", thai_digits)


def thai_time(value: datetime, thai_digits: bool = False) -> str:
    """11:48 น."""
    return format_thai_date(value, "time", thai_digits)


def thai_datetime(value: datetime, thai_digits: bool = False) -> str:
    """10 พฤษภาคม 2561 11:48 น."""
    return format_thai_date(value, "full_time", thai_digits)


FILTERS = {
    "thai_date": thai_date,
    "thai_date_short": thai_date_short,
    "thai_time": thai_time,
    "thai_datetime": thai_datetime,
    "iso_datetime": iso_datetime,
}


def jinja_filters(thai_digits: bool = False) -> dict:
    """The filters with the site's THAI_DIGITS setting as their default."""
    if not thai_digits:
        return dict(FILTERS)

    def digits_default(fn):
        return lambda value, thai_digits=True: fn(value, thai_digits)

    return {name: (fn if name == "iso_datetime" else digits_default(fn)) for name, fn in FILTERS.items()}
