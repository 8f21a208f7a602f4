"""Thai dates: parse what writers type (Buddhist era, Thai months and digits) and format what readers expect.

parse_thai_date("10 พฤษภาคม 2561 / 11:48:27") -> 2018-05-10 11:48:27+07:00 (Asia/Bangkok).
Anything ambiguous or impossible raises ThaiDateError saying why; nothing is guessed.
"""
from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

BANGKOK = ZoneInfo("Asia/Bangkok")
BE_OFFSET = 543  # Buddhist era year = Christian era year + 543
BE_THRESHOLD = 2400  # a four-digit year above this is Buddhist era
MIN_YEAR, MAX_YEAR = 1900, 2200  # plausible Christian-era years for a news story

MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
MONTHS_ABBR = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
# colloquial forms: the full name without its ending (-คม, -ยน, -พันธ์)
MONTHS_SPOKEN = (
    "มกรา", "กุมภา", "มีนา", "เมษา", "พฤษภา", "มิถุนา",
    "กรกฎา", "สิงหา", "กันยา", "ตุลา", "พฤศจิกา", "ธันวา",
)
WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)

# month name (full, abbreviated with or without dots, common misspellings left out on purpose) -> number
_MONTH_NUMBER = {}
for _i, (_full, _abbr) in enumerate(zip(MONTHS, MONTHS_ABBR, strict=True), 1):
    _MONTH_NUMBER[_full] = _i
    _MONTH_NUMBER[_abbr] = _i
    _MONTH_NUMBER[_abbr.replace(".", "")] = _i
    _MONTH_NUMBER[_abbr.rstrip(".")] = _i
for _i, _spoken in enumerate(MONTHS_SPOKEN, 1):  # the shortened names writers use: 1 ธันวา 2569
    _MONTH_NUMBER[_spoken] = _i

_WEEKDAY = r"(?:วัน)?(?P<weekday>" + "|".join(WEEKDAYS) + r")(?:ที่)?\s*"
_TIME = (
    r"(?:\s*(?:/|,|T|\s)\s*(?:เวลา\s*)?"
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:[:.](?P<second>\d{2}))?\s*(?:น\.?|นาฬิกา)?)?"
)
_ERA = r"(?:(?P<era>พ\.\s?ศ\.|ค\.\s?ศ\.)\s*)?"
_THAI_FORM = re.compile(
    rf"^(?:{_WEEKDAY})?(?:ที่\s*)?(?P<day>\d{{1,2}})\s*(?P<month>[^\W\d_][^\d\s/]*?)\s*{_ERA}(?P<year>\d+){_TIME}$"
)
_NUMERIC_FORM = re.compile(
    rf"^(?:{_WEEKDAY})?(?P<day>\d{{1,2}})(?P<sep>[/.-])(?P<month>\d{{1,2}})(?P=sep){_ERA}(?P<year>\d+){_TIME}$"
)
_ISO_FORM = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)

EXPECTED = "expected e.g. '10 พฤษภาคม 2561 11:48', '10 พ.ค. 61', '10/05/2561' or '2018-05-10'"


class ThaiDateError(ValueError):
    """A date a writer typed that cannot be read without guessing; the message says why."""


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI)


def parse_thai_date(text: str) -> datetime:
    """Read a date (and optional time) in any supported Thai or ISO form as an aware Asia/Bangkok datetime."""
    if isinstance(text, datetime):
        return text if text.tzinfo else text.replace(tzinfo=BANGKOK)
    raw = str(text)
    s = " ".join(to_arabic_digits(raw).split())
    if not s:
        raise ThaiDateError("empty date; " + EXPECTED)

    m = _ISO_FORM.match(s)
    if m:
        year = _four_digit_year(m["year"], None)
        return _build(year, int(m["month"]), int(m["day"]), m, tz=m["tz"])

    m = _NUMERIC_FORM.match(s)
    if m:
        year = _year(m["year"], m["era"])
        return _build(year, int(m["month"]), int(m["day"]), m)

    m = _THAI_FORM.match(s)
    if m:
        name = m["month"]
        month = _MONTH_NUMBER.get(name) or _MONTH_NUMBER.get(name.replace(" ", ""))
        if month is None:
            raise ThaiDateError(f"unknown month {name!r}; write it in full (พฤษภาคม), abbreviated (พ.ค.) or short (พฤษภา)")
        year = _year(m["year"], m["era"])
        return _build(year, month, int(m["day"]), m)

    if re.fullmatch(r"\d{1,2}\s*[^\W\d_][^\d\s/]*", s) or re.fullmatch(r"\d{1,2}[/.-]\d{1,2}", s):
        raise ThaiDateError("the year is missing")
    if re.match(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}[/.-]", s) or re.match(r"^\d{4}[/.]\d{1,2}[/.]\d{1,2}", s):
        raise ThaiDateError("order of day, month and year is unclear; " + EXPECTED)
    raise ThaiDateError("not a date this site understands; " + EXPECTED)


def _four_digit_year(digits: str, era: str | None) -> int:
    """Christian-era year from a four-digit year: above 2400 (or marked พ.ศ.) it is Buddhist era."""
    year = int(digits)
    era = (era or "").replace(" ", "")
    if era == "พ.ศ.":
        if year <= BE_THRESHOLD:
            raise ThaiDateError(f"พ.ศ. {year} is not a Buddhist-era year (they are above {BE_THRESHOLD})")
        year -= BE_OFFSET
    elif era == "ค.ศ.":
        if year > BE_THRESHOLD:
            raise ThaiDateError(
                f"ค.ศ. {year} looks like a Buddhist-era year; write พ.ศ. {year} or ค.ศ. {year - BE_OFFSET}"
            )
    elif year > BE_THRESHOLD:
        year -= BE_OFFSET
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ThaiDateError(f"year {digits} is out of range (Christian era {MIN_YEAR}-{MAX_YEAR})")
    return year


def _year(digits: str, era: str | None) -> int:
    if len(digits) == 4:
        return _four_digit_year(digits, era)
    if len(digits) == 2:
        if era and era.replace(" ", "") == "ค.ศ.":
            raise ThaiDateError(f"two-digit year {digits} with ค.ศ. is ambiguous; write the full year")
        return 2500 + int(digits) - BE_OFFSET  # two-digit years are Buddhist era: 61 = 2561
    raise ThaiDateError(f"year {digits!r} must have four digits (2561) or two (61)")


def _build(year: int, month: int, day: int, m: re.Match, tz: str | None = None) -> datetime:
    if not 1 <= month <= 12:
        raise ThaiDateError(f"month {month} does not exist (1-12); dates are day first: 10/05/2561")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ThaiDateError(
            f"day {day} does not exist in {MONTHS[month - 1]} {year + BE_OFFSET} (it has {days} days)"
        )
    hour = int(m["hour"]) if m["hour"] else 0
    minute = int(m["minute"]) if m["minute"] else 0
    second = int(m["second"]) if m["second"] else 0
    if hour > 23 or minute > 59 or second > 59:
        raise ThaiDateError(f"time {hour:02d}:{minute:02d}:{second:02d} does not exist (use 24-hour time)")
    if tz:
        offset = _offset(tz)
        value = datetime(year, month, day, hour, minute, second, tzinfo=offset).astimezone(BANGKOK)
    else:
        value = datetime(year, month, day, hour, minute, second, tzinfo=BANGKOK)
    weekday = m.groupdict().get("weekday")
    if weekday and WEEKDAYS.index(weekday) != value.weekday():
        actual = WEEKDAYS[value.weekday()]
        raise ThaiDateError(f"{day} {MONTHS[month - 1]} {year + BE_OFFSET} is a วัน{actual}, not วัน{weekday}")
    return value


def _offset(tz: str) -> timezone:
    if tz == "Z":
        return UTC
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


# --- formatting: the forms readers (and writers) see -------------------------------------------------------

FORMS = {
    # name: (template, what survives a round trip: "day" | "minute" | "second")
    "full": ("{d} {month} {be}", "day"),  # 10 พฤษภาคม 2561
    "short": ("{d} {abbr} {yy}", "day"),  # 10 พ.ค. 61
    "spoken": ("{d} {spoken} {be}", "day"),  # 10 พฤษภา 2561
    "abbr": ("{d} {abbr} {be}", "day"),  # 10 พ.ค. 2561
    "numeric": ("{dd}/{mm}/{be}", "day"),  # 10/05/2561
    "full_time": ("{d} {month} {be} {HH}:{MM} น.", "minute"),  # 10 พฤษภาคม 2561 11:48 น.
    "full_clock": ("{d} {month} {be} {HH}:{MM}", "minute"),  # 10 พฤษภาคม 2561 11:48 (story files)
    "full_seconds": ("{d} {month} {be} {HH}:{MM}:{SS}", "second"),  # 10 พฤษภาคม 2561 11:48:27 (story files)
    "short_time": ("{d} {abbr} {yy} {HH}.{MM} น.", "minute"),  # 10 พ.ค. 61 11.48 น.
    "legacy": ("{d} {month} {be} / {HH}:{MM}:{SS}", "second"),  # 10 พฤษภาคม 2561 / 11:48:27
    "numeric_time": ("{dd}/{mm}/{be} {HH}:{MM}:{SS}", "second"),  # 10/05/2561 11:48:27
    "time": ("{HH}:{MM} น.", None),  # 11:48 น.
    "month_year": ("{month} {be}", None),  # พฤษภาคม 2561 (archive headings)
}


def format_thai_date(value: datetime, form: str = "full", thai_digits: bool = False) -> str:
    """Format an aware (or Bangkok-naive) datetime in one of FORMS, in Bangkok time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=BANGKOK)
    v = value.astimezone(BANGKOK)
    be = v.year + BE_OFFSET
    text = FORMS[form][0].format(
        d=v.day, dd=f"{v.day:02d}", mm=f"{v.month:02d}", month=MONTHS[v.month - 1], abbr=MONTHS_ABBR[v.month - 1],
        spoken=MONTHS_SPOKEN[v.month - 1],
        be=be, yy=f"{be % 100:02d}", HH=f"{v.hour:02d}", MM=f"{v.minute:02d}", SS=f"{v.second:02d}",
    )
    return to_thai_digits(text) if thai_digits else text


def iso_datetime(value: datetime) -> str:
    """ISO 8601 in Bangkok time with its offset, for <time datetime>: 2018-05-10T11:48:27+07:00."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=BANGKOK)
    return value.astimezone(BANGKOK).replace(microsecond=0).isoformat()
