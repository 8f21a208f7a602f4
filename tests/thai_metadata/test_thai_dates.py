"""The Thai date parser over real and bad forms, and a property: every form the site shows parses back."""
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nuea.thai_dates import BANGKOK, FORMS, ThaiDateError, format_thai_date, iso_datetime, parse_thai_date
from plugins.thai_metadata.display import jinja_filters


def bkk(*args):
    return datetime(*args, tzinfo=BANGKOK)


SPOKEN = ["มกรา", "กุมภา", "มีนา", "เมษา", "พฤษภา", "มิถุนา", "กรกฎา", "สิงหา", "กันยา", "ตุลา", "พฤศจิกา", "ธันวา"]
GOOD = [
    # the colloquial short month names writers type, all twelve
    *((f"{month} {name} 2569", bkk(2026, month, month)) for month, name in enumerate(SPOKEN, 1)),
    ("1 ธันวา 2569 09:30", bkk(2026, 12, 1, 9, 30)),
    ("๒๕ ธันวา ๖๙", bkk(2026, 12, 25)),
    ("10 พฤษภาคม 2561 11:48:27", bkk(2018, 5, 10, 11, 48, 27)),
    ("10 พฤษภาคม 2561 / 11:48:27", bkk(2018, 5, 10, 11, 48, 27)),  # the legacy site's form
    ("10 พฤษภาคม 2561", bkk(2018, 5, 10)),
    ("10 พ.ค. 2561", bkk(2018, 5, 10)),
    ("10 พ.ค. 61", bkk(2018, 5, 10)),  # two-digit BE year
    ("10 พ.ค.61", bkk(2018, 5, 10)),
    ("10พ.ค.2561", bkk(2018, 5, 10)),
    ("10 พค 61", bkk(2018, 5, 10)),
    ("๑๐ พ.ค. ๒๕๖๑", bkk(2018, 5, 10)),  # Thai digits
    ("๑๐ พฤษภาคม ๒๕๖๑ ๑๑:๔๘ น.", bkk(2018, 5, 10, 11, 48)),
    ("10 พ.ค. 2561 11.48 น.", bkk(2018, 5, 10, 11, 48)),
    ("10 พฤษภาคม พ.ศ. 2561 เวลา 11.48 น.", bkk(2018, 5, 10, 11, 48)),
    ("10 พฤษภาคม 2018", bkk(2018, 5, 10)),  # CE year
    ("10 พฤษภาคม ค.ศ. 2018 11:48", bkk(2018, 5, 10, 11, 48)),
    ("วันพฤหัสบดีที่ 10 พฤษภาคม 2561", bkk(2018, 5, 10)),  # weekday checked
    ("10/05/2561", bkk(2018, 5, 10)),  # day first
    ("1/5/2561 08:05", bkk(2018, 5, 1, 8, 5)),
    ("10/05/61", bkk(2018, 5, 10)),
    ("10.05.2561", bkk(2018, 5, 10)),
    ("10-05-2018 11:48:27", bkk(2018, 5, 10, 11, 48, 27)),
    ("2561-05-10", bkk(2018, 5, 10)),  # ISO with a BE year
    ("2018-05-10", bkk(2018, 5, 10)),
    ("2018-05-10 11:48", bkk(2018, 5, 10, 11, 48)),
    ("2018-05-10T11:48:27+07:00", bkk(2018, 5, 10, 11, 48, 27)),
    ("2018-05-10T04:48:27Z", bkk(2018, 5, 10, 11, 48, 27)),  # converted to Bangkok time
    ("29 กุมภาพันธ์ 2563", bkk(2020, 2, 29)),  # leap year (2020)
    ("  1  มกราคม   2567  ", bkk(2024, 1, 1)),
    ("31 ธ.ค. 66 23:59:59", bkk(2023, 12, 31, 23, 59, 59)),
]

BAD = [
    ("31 เมษายน 2561", "day 31 does not exist in เมษายน 2561"),
    ("29 กุมภาพันธ์ 2562", "day 29 does not exist"),
    ("10/13/2561", "month 13 does not exist"),
    ("05/31/2018", "month 31 does not exist"),  # month-first is not guessed
    ("2018/05/10", "unclear"),
    ("10 พ.ค.", "year is missing"),
    ("10/05", "year is missing"),
    ("10 May 2018", "unknown month 'May'"),
    ("10 พฤษภา 2561 25:00", "time 25:00:00 does not exist"),
    ("10 พ.ค. 2561 11:60", "does not exist"),
    ("10 พ.ค. 561", "four digits"),
    ("วันจันทร์ที่ 10 พฤษภาคม 2561", "is a วันพฤหัสบดี, not วันจันทร์"),
    ("10 พฤษภาคม พ.ศ. 2018", "not a Buddhist-era year"),
    ("10 พฤษภาคม ค.ศ. 2561", "looks like a Buddhist-era year"),
    ("10 พฤษภาคม 1066", "out of range"),
    ("", "empty"),
    ("เมื่อวานนี้", "not a date"),
    ("25:00", "not a date"),
]


@pytest.mark.parametrize("text,expected", GOOD)
def test_reads_real_forms(text, expected):
    value = parse_thai_date(text)
    assert value == expected
    assert value.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize("text,reason", BAD)
def test_rejects_bad_forms_saying_why(text, reason):
    with pytest.raises(ThaiDateError) as err:
        parse_thai_date(text)
    assert reason in str(err.value)


ROUND_TRIP = [name for name, (_, precision) in FORMS.items() if precision]
PRECISION = {
    "day": dict(hour=0, minute=0, second=0),
    "minute": dict(second=0),
    "second": {},
}


@settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(1957, 1, 1), max_value=datetime(2056, 12, 31), timezones=st.just(BANGKOK)),
    form=st.sampled_from(ROUND_TRIP),
    thai_digits=st.booleans(),
)
def test_every_shown_form_parses_back(moment, form, thai_digits):
    moment = moment.replace(microsecond=0)
    shown = format_thai_date(moment, form, thai_digits)
    expected = moment.replace(**PRECISION[FORMS[form][1]])
    assert parse_thai_date(shown) == expected, shown
    assert parse_thai_date(iso_datetime(moment)) == moment


def test_display_filters():
    f = jinja_filters()
    thai_date, thai_date_short, thai_time, thai_month_year = (
        f["thai_date"], f["thai_date_short"], f["thai_time"], f["thai_month_year"])
    d = bkk(2018, 5, 10, 11, 48, 27)
    assert thai_date(d) == "10 พฤษภาคม 2561"
    assert thai_date_short(d) == "10 พ.ค. 61"
    assert thai_time(d) == "11:48 น."
    assert thai_month_year(d) == "พฤษภาคม 2561"
    assert thai_date(d, thai_digits=True) == "๑๐ พฤษภาคม ๒๕๖๑"
    assert iso_datetime(d) == "2018-05-10T11:48:27+07:00"
    assert iso_datetime(datetime(2018, 5, 10, 4, 48, 27, tzinfo=UTC)) == "2018-05-10T11:48:27+07:00"
    assert thai_date(datetime(2018, 5, 9, 20, 0, tzinfo=UTC)) == "10 พฤษภาคม 2561"  # Bangkok's day
    filters = jinja_filters(thai_digits=True)
    assert filters["thai_date_short"](d) == "๑๐ พ.ค. ๖๑"
    assert filters["thai_date_short"](d, thai_digits=False) == "10 พ.ค. 61"
    assert filters["iso_datetime"](d) == "2018-05-10T11:48:27+07:00"
