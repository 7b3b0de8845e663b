"""Calendar dates written the ways web pages write them ("Dec 19, 2024", "3 March 2021",
"2021-03-04"); anything less precise (a bare year or month) is not turned into a date."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {name: number for number, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
     ("nov", "november"), ("dec", "december")], start=1) for name in names}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
DATE_PATTERN = (
    rf"(?:{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>[A-Za-z]{{3,9}})\.?\s+(?P<year2>\d{{4}})"
    rf"|(?P<year3>\d{{4}})-(?P<month3>\d{{2}})-(?P<day3>\d{{2}}))"
)
_TRAILING = re.compile(rf"(?:^|\s+){DATE_PATTERN}$")
_WHOLE = re.compile(rf"^{DATE_PATTERN}$")


def parse_date(text: str) -> dt.date | None:
    """The date ``text`` consists of, or None."""
    found = _WHOLE.match(text.strip())
    return _to_date(found) if found else None


def split_trailing_date(text: str) -> tuple[dt.date | None, str]:
    """(date, text before it) when ``text`` ends with a date, else (None, text)."""
    found = _TRAILING.search(text)
    date = _to_date(found) if found else None
    if date is None:
        return None, text
    return date, text[: found.start()].strip()


def _to_date(found: re.Match) -> dt.date | None:
    year = found.group("year") or found.group("year2") or found.group("year3")
    month = found.group("month") or found.group("month2") or found.group("month3")
    day = found.group("day") or found.group("day2") or found.group("day3")
    month_no = int(month) if month.isdigit() else _MONTHS.get(month.casefold())
    if month_no is None:
        return None
    try:
        return dt.date(int(year), month_no, int(day))
    except ValueError:
        return None
