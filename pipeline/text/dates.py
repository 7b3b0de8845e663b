"""Calendar dates and month names as documents and reference lists write them.

Two readers: ``parse_date`` for a full date a web page writes ("Dec 19, 2024", "3 March 2021",
"2021-03-04"), where anything less precise (a bare year or month) is not a date; and
``iso_date`` for the dates of reference lists ("accessed 3 Mar. 2020", "March 2021"), which keep
a month without a day. Neither ever returns a date the calendar does not have (30 February).
"""

from __future__ import annotations

import datetime as dt
import re

_MONTH_NAMES = (
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
    ("nov", "november"), ("dec", "december"),
)
MONTHS: dict[str, int] = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
"""Lower-case month name or abbreviation -> month number."""
MONTH_ABBREVIATIONS = frozenset(name for names in _MONTH_NAMES for name in names[:-1])
"""The short forms ("sept"), which a period may follow without ending a sentence."""
MONTH_PATTERN = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
"""A capitalised month name or abbreviation, optionally with its period (no groups)."""

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
DATE_PATTERN = (
    rf"(?:{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>[A-Za-z]{{3,9}})\.?\s+(?P<year2>\d{{4}})"
    rf"|(?P<year3>\d{{4}})-(?P<month3>\d{{2}})-(?P<day3>\d{{2}}))"
)
"""A full date: "Dec 19, 2024", "19 December 2024" or "2024-12-19" (named groups)."""
_TRAILING = re.compile(rf"(?:^|\s+){DATE_PATTERN}$")
_WHOLE = re.compile(rf"^{DATE_PATTERN}$")


def calendar_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when the calendar has no such day (2024-02-30, month 13)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """The date ``text`` consists of, or None."""
    found = _WHOLE.match(text.strip())
    return _to_date(found) if found else None


def split_trailing_date(text: str) -> tuple[dt.date | None, str]:
    """(date, text before it) when ``text`` ends with a date, else (None, text)."""
    found = _TRAILING.search(text)
    date = _to_date(found) if found else None
    if found is None or date is None:
        return None, text
    return date, text[: found.start()].strip()


def _to_date(found: re.Match[str]) -> dt.date | None:
    year = found.group("year") or found.group("year2") or found.group("year3")
    month = found.group("month") or found.group("month2") or found.group("month3")
    day = found.group("day") or found.group("day2") or found.group("day3")
    month_no = int(month) if month.isdigit() else MONTHS.get(month.casefold())
    if month_no is None:
        return None
    return calendar_date(int(year), month_no, int(day))


def iso_date(raw: str) -> str | None:
    """ISO date (YYYY-MM-DD, or YYYY-MM without a day) from the usual written forms, or None.

    A day the month does not have makes the whole value None: it is a typo, not a date.
    """
    text = raw.strip().rstrip(".").replace(",", " ")
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        found = calendar_date(*(int(part) for part in match.groups()))
        return found.isoformat() if found else None
    tokens = text.replace(".", " ").split()
    year = next((int(t) for t in tokens if re.fullmatch(r"\d{4}", t)), None)
    month = next((MONTHS[t.lower()] for t in tokens if t.lower() in MONTHS), None)
    day = next((int(t) for t in tokens if re.fullmatch(r"\d{1,2}", t) and 1 <= int(t) <= 31), None)
    if year is None or month is None or not 1 <= year:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    found = calendar_date(year, month, day)
    return found.isoformat() if found else None
