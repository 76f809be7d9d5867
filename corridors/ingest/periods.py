"""Period labels in the forms analysts write, to a canonical label and inclusive dates.

Canonical labels: ``2023``, ``2023-H1``, ``2023-Q1``, ``2023-05`` and month
ranges ``2024-01..2024-11``. A range that is exactly a quarter, half or year gets that
label (``Jan-Mar 2023`` is ``2023-Q1``), so the same figure always has the same label.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from corridors.domain.records import MAX_YEAR, MIN_YEAR
from corridors.ingest.locales import cldr_month_names, cldr_quarter_names, roman_key

_MONTHS = {
    1: "jan january янв январь января январе қаңтар",
    2: "feb february фев февраль февраля ақпан",
    3: "mar march мар март марта наурыз",
    4: "apr april апр апрель апреля сәуір",
    5: "may май мая мамыр",
    6: "jun june июн июнь июня маусым",
    7: "jul july июл июль июля шілде",
    8: "aug august авг август августа тамыз",
    9: "sep sept september сен сент сентябрь сентября қыркүйек",
    10: "oct october окт октябрь октября қазан",
    11: "nov november ноя нояб ноябрь ноября қараша",
    12: "dec december дек декабрь декабря желтоқсан",
}
# The project's own spellings first; every CLDR month name of en, ru and kk on top.
MONTH_NAMES = {name: number for number, names in _MONTHS.items() for name in names.split()}
MONTH_NAMES.update(cldr_month_names())
QUARTER_NAMES = cldr_quarter_names()
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Y = r"(?P<y>\d{4})"
# Roman numerals with Latin i or Kazakh Cyrillic і (roman_key maps them to Latin).
_N = r"(?P<n>[1-9]|0[1-9]|[iі]{1,3}|[iі]v|\d+)"
# Ordinal endings: 1-й, 1-ый, 1-ое, 1-ші (Kazakh), 1st, 2nd, 3rd, 4th; or a bare 1-.
_ORD = r"(?:-?(?:й|ый|ий|ой|е|ое|ое|ші|шы|st|nd|rd|th))?-?"
_QUARTER_WORD = r"(?:кв|квартал|quarter|тоқсан|токсан|тқс)"
_HALF_WORD = (r"(?:пол|полугодие|полугодия|half|half year|half-year|жартыжылдық|"
              r"жарты жылдық|жарты жыл|жартыжыл|ж/ж)")
_YEAR_WORD = r"(?:г|год|года|жыл|жылы|ж)"
# Kazakh (CLDR yMMMM, yQQQQ) puts the year first: "2024 ж. қаңтар", "2024 ж. І тоқсан".
_YEAR_FIRST = re.compile(rf"(?P<y>\d{{4}})\s*{_YEAR_WORD}?\s+(?P<rest>\D.*)")
_FORMS = (
    ("year", re.compile(rf"{_Y}(?:\.0)?(?:\s*{_YEAR_WORD})?")),
    ("quarter", re.compile(rf"{_Y}-?q{_N}")),
    ("quarter", re.compile(rf"q{_N}[-\s]?{_Y}")),
    ("quarter", re.compile(rf"{_N}q[-\s]?{_Y}")),
    ("quarter", re.compile(rf"{_N}{_ORD}\s*{_QUARTER_WORD}\s*{_Y}(?:\s*г)?")),
    ("half", re.compile(rf"{_Y}-?h{_N}")),
    ("half", re.compile(rf"h{_N}[-\s]?{_Y}")),
    ("half", re.compile(rf"{_N}h[-\s]?{_Y}")),
    ("half", re.compile(rf"{_N}{_ORD}\s*{_HALF_WORD}\s*{_Y}(?:\s*г)?")),
    ("quarter_name", re.compile(rf"(?P<q>\D+?)\s*{_Y}(?:\s*г)?")),
    ("month", re.compile(rf"{_Y}[-/.](?P<m>\d{{1,2}})")),
    ("month", re.compile(rf"(?P<m>\d{{1,2}})[./-]{_Y}")),
    ("month_name", re.compile(rf"(?P<name>[^\W\d_]+)\s*{_Y}(?:\s*г)?")),
    ("month_range", re.compile(
        r"(?P<y1>\d{4})-(?P<m1>\d{1,2})\s*(?:\.\.|–|—|-)\s*(?P<y2>\d{4})-(?P<m2>\d{1,2})")),
    ("name_range", re.compile(
        rf"(?P<a>[^\W\d_]+)\s*(?:-|–|—|\.\.)\s*(?P<b>[^\W\d_]+)\s*{_Y}(?:\s*г)?")),
)


@dataclass(frozen=True, slots=True)
class Period:
    """A canonical period: label and inclusive first and last day."""

    label: str
    start: dt.date
    end: dt.date


class PeriodError(ValueError):
    """A period that cannot be read; the message says how to write it."""


def _normalise(text: str) -> str:
    """Lower case, single spaces, no dots after abbreviations, ё as е."""
    text = text.strip().lower().replace("ё", "е").replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"\.(?=[\s\-–—]|$)", " ", text)  # "кв." / "янв.-март" / "г."
    text = re.sub(r"\s*(?:\.\.|–|—)\s*", lambda m: m.group(0).strip(), text)
    return re.sub(r"\s+", " ", text).strip()


@functools.lru_cache(maxsize=8192)
def parse_period(text: str) -> Period:
    """Read a period label.

    Parameters
    ----------
    text : str
        ``2023``, ``2023-Q1``, ``Q1 2023``, ``I кв. 2023``, ``2023-H1``, ``1 пол. 2023``,
        ``2023-05``, ``05.2023``, ``May 2023``, ``янв 2023``, ``2024-01..2024-11``,
        ``Jan-Nov 2024``, ``янв-ноя 2024`` and the like.

    Returns
    -------
    Period

    Raises
    ------
    PeriodError
        When the text is not a period or names an impossible one (``13.2023``,
        ``2023-Q5``); the message says how to write it.
    """
    norm = _normalise(text)
    if re.fullmatch(r"\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d{2}-\d{2}", norm):
        raise PeriodError(f"{text!r} is a date, not a period (Excel may have turned a month "
                          "into a date). Write 2023-05, 05.2023, 2023-Q1 or 2023.")
    year_first = _YEAR_FIRST.fullmatch(norm)
    # "2024 ж қаңтар" is also tried as "қаңтар 2024" (Kazakh puts the year first)
    tries = (norm, f"{year_first.group('rest')} {year_first.group('y')}") if year_first else (
        norm,)
    for attempt in tries:
        for kind, pattern in _FORMS:
            found = pattern.fullmatch(attempt)
            if found and (kind != "quarter_name"
                          or roman_key(found.group("q")) in QUARTER_NAMES):
                return _BUILDERS[kind](found, text)
    raise PeriodError(f"{text!r} is not a period. Write 2023, 2023-Q1, 2023-H1, 2023-05 or "
                      "a range 2024-01..2024-11 (Russian and Kazakh forms such as 'I кв. 2023', "
                      "'янв. 2023', 'І тоқсан 2023' and '2023 ж.' work too).")


def _year(found: re.Match, text: str, group: str = "y") -> int:
    year = int(found.group(group))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"{text!r}: year {year} is outside {MIN_YEAR}-{MAX_YEAR}.")
    return year


def _number(found: re.Match, limit: int, text: str, what: str) -> int:
    raw = found.group("n")
    number = _ROMAN.get(roman_key(raw).lstrip("0") or "0")
    if number is None or number > limit:
        raise PeriodError(f"{text!r}: there is no {what} {raw.upper()} (1 to {limit}).")
    return number


def _quarter(found: re.Match, text: str) -> Period:
    return months_period(_year(found, text), 3 * _number(found, 4, text, "quarter") - 2,
                         None, 3)


def _quarter_name(found: re.Match, text: str) -> Period:
    number = QUARTER_NAMES[roman_key(found.group("q"))]
    return months_period(_year(found, text), 3 * number - 2, None, 3)


def _half(found: re.Match, text: str) -> Period:
    return months_period(_year(found, text), 6 * _number(found, 2, text, "half-year") - 5,
                         None, 6)


def _month(found: re.Match, text: str) -> Period:
    month = int(found.group("m"))
    if not 1 <= month <= 12:
        raise PeriodError(f"{text!r}: there is no month {month}. Write 2023-05 or 05.2023.")
    return months_period(_year(found, text), month, None, 1)


def _month_by_name(name: str, text: str) -> int:
    month = MONTH_NAMES.get(name.rstrip("."))
    if month is None:
        raise PeriodError(f"{text!r}: {name!r} is not a month name. Write e.g. 'May 2023', "
                          "'янв 2023' or 2023-05.")
    return month


def _month_name(found: re.Match, text: str) -> Period:
    return months_period(_year(found, text), _month_by_name(found.group("name"), text), None, 1)


def _name_range(found: re.Match, text: str) -> Period:
    year = _year(found, text)
    first = _month_by_name(found.group("a"), text)
    last = _month_by_name(found.group("b"), text)
    return _range(year, first, year, last, text)


def _month_range(found: re.Match, text: str) -> Period:
    first_year, last_year = _year(found, text, "y1"), _year(found, text, "y2")
    first, last = int(found.group("m1")), int(found.group("m2"))
    if not (1 <= first <= 12 and 1 <= last <= 12):
        raise PeriodError(f"{text!r}: months must be 01 to 12.")
    return _range(first_year, first, last_year, last, text)


def _range(first_year: int, first: int, last_year: int, last: int, text: str) -> Period:
    length = (last_year - first_year) * 12 + last - first + 1
    if length < 1:
        raise PeriodError(f"{text!r}: the range ends before it starts.")
    return months_period(first_year, first, None, length)


def _year_period(found: re.Match, text: str) -> Period:
    return months_period(_year(found, text), 1, None, 12)


def months_period(year: int, month: int, label: str | None, length: int) -> Period:
    """The period of ``length`` months from ``year-month``, with its canonical label."""
    last_index = year * 12 + month - 1 + length - 1
    end_year, end_month = divmod(last_index, 12)
    end_month += 1
    start = dt.date(year, month, 1)
    end = dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    return Period(label or canonical_label(start, end), start, end)


def canonical_label(start: dt.date, end: dt.date) -> str:
    """The canonical label of whole months ``start``..``end`` (both inclusive)."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    same_year = start.year == end.year
    if same_year and months == 12:
        return f"{start.year}"
    if same_year and months == 6 and start.month in (1, 7):
        return f"{start.year}-H{1 if start.month == 1 else 2}"
    if same_year and months == 3 and start.month % 3 == 1:
        return f"{start.year}-Q{start.month // 3 + 1}"
    if months == 1:
        return f"{start.year}-{start.month:02d}"
    return f"{start.year}-{start.month:02d}..{end.year}-{end.month:02d}"


def period_from_bounds(start: dt.date, end: dt.date) -> Period:
    """The canonical period of two dates, if they bound whole months.

    Raises
    ------
    PeriodError
        When ``start`` is not a first day or ``end`` not a last day of a month, or a
        year lies outside ``MIN_YEAR``-``MAX_YEAR``.
    """
    for day in (start, end):
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise PeriodError(f"{day.isoformat()}: year {day.year} is outside "
                              f"{MIN_YEAR}-{MAX_YEAR}.")
    last_day = calendar.monthrange(end.year, end.month)[1]
    if start.day != 1 or end.day != last_day or end < start:
        raise PeriodError(f"{start.isoformat()}..{end.isoformat()} does not cover whole "
                          "months; periods run from the 1st to the last day of a month.")
    return Period(canonical_label(start, end), start, end)


_BUILDERS = {
    "year": _year_period,
    "quarter": _quarter,
    "quarter_name": _quarter_name,
    "half": _half,
    "month": _month,
    "month_name": _month_name,
    "month_range": _month_range,
    "name_range": _name_range,
}
