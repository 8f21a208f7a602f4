"""How readers see dates and numbers: Buddhist-era Thai formats, as Jinja filters.

In templates: <time datetime="{{ article.date|iso_datetime }}">{{ article.date|thai_date }}</time>
THAI_DIGITS = True in pelicanconf shows Thai numerals (๑๐ พ.ค. ๖๑); per call: {{ d|thai_date(thai_digits=True) }}.
The formats themselves live in nuea.thai_dates.FORMS, so what is shown always parses back (tested).
"""
from __future__ import annotations

from nuea.thai_dates import format_thai_date, iso_datetime

FILTER_FORMS = {
    "thai_date": "full",  # 10 พฤษภาคม 2561
    "thai_date_short": "short",  # 10 พ.ค. 61
    "thai_time": "time",  # 11:48 น.
    "thai_datetime": "full_time",  # 10 พฤษภาคม 2561 11:48 น.
    "thai_month_year": "month_year",  # พฤษภาคม 2561 (archive headings)
}


def jinja_filters(thai_digits: bool = False) -> dict:
    """The filters the theme uses; THAI_DIGITS in pelicanconf switches Thai numerals on (a call may override)."""

    def bind(form):
        return lambda dt, thai_digits=thai_digits: format_thai_date(dt, form, thai_digits)

    return {**{name: bind(form) for name, form in FILTER_FORMS.items()}, "iso_datetime": iso_datetime}
