"""Dates as users type them on the command line (``--published``, ``--since``, ``--until``).

Any unambiguous form is read and stored as ISO 8601: "2024-08-13", "13/08/2024" (the day is
over 12, so it cannot be a month), "13.08.2024", "13 August 2024", "Aug 13, 2024"; a month or a
year alone ("2024-08", "2024") stays as it is. A numeric
date whose day and month could be swapped ("03/04/2024") is refused with a one-line error that
names both readings: every relative date of a document is normalised against this one, so a
silent guess would shift them all.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import dateparser

from sitroom.errors import InputError

_YEAR_OR_MONTH = re.compile(r"\d{4}(-\d{2})?")
_YEAR = re.compile(r"\b\d{4}\b")
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_PARSER_SETTINGS = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}


class DateError(InputError):
    """A date given on the command line cannot be read, or reads two ways."""

    code = "E110"


def parse_user_date(text: str) -> str:
    """The ISO form of a date (or date and time) a user typed; raises :class:`DateError`."""
    value = text.strip()
    if _YEAR_OR_MONTH.fullmatch(value) and int(value[5:7] or 1) in range(1, 13):
        return value  # "2024", "2024-08": a date known to the month or the year
    try:  # ISO already, with or without a time
        return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        pass
    if not _YEAR.search(value):  # "yesterday", "13 August": relative to when it is typed
        raise DateError(f"cannot read the date {value!r} without its year: write YYYY-MM-DD")
    numeric = _NUMERIC.match(value)
    if numeric:
        return _numeric_date(value, *(int(part) for part in numeric.groups()))
    parsed = dateparser.parse(value, languages=["en"], settings=_PARSER_SETTINGS)
    if parsed is None:
        raise DateError(f"cannot read the date {value!r}: write it as YYYY-MM-DD")
    return parsed.date().isoformat()


def _numeric_date(text: str, first: int, second: int, year: int) -> str:
    readings = set()
    for day, month in ((first, second), (second, first)):
        try:
            readings.add(date(year, month, day))
        except ValueError:
            continue
    if not readings:
        raise DateError(f"{text!r} is no date: write it as YYYY-MM-DD")
    if len(readings) > 1:
        one, other = sorted(readings)
        raise DateError(
            f"{text!r} reads two ways ({one.isoformat()} or {other.isoformat()}): "
            "write it as YYYY-MM-DD"
        )
    return readings.pop().isoformat()
