"""Units with scale (t, kt, тыс. т, Mt, млн т, TEU, ДФЭ, thousand TEU, trains...).

Every accepted unit maps to a canonical unit (``t``, ``TEU``, ``trains``) and a factor.
Per-year forms (``t/yr``, ``т/год``) are accepted only for a period of exactly one year.
Some units are recognised only to be refused with a precise reason:

* ``containers`` are not TEU (a 40-foot box is 2 TEU) and no factor converts them, so a
  figure in containers is refused; convert it to TEU at the source or leave it out (the
  seed data leaves the reference's two "containers" rows out for that reason).
* ``%`` and per-day rates are not a volume or capacity for a period
  (``unit-metric-mismatch``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

_PER_YEAR = re.compile(r"\s*(?:/\s*(?:yr|year|y|год|г|жыл)|per year|в год|a year|pa|p\.a)$")
_PER_DAY = re.compile(r"\s*(?:/\s*(?:day|d|сут|сутки|день)|per day|в сутки|a day)$")
_PERCENT = re.compile(r"^%|^percent|^процент|^% ")
_CONTAINERS = re.compile(r"^(?:containers?|контейнер\w*|box(?:es)?)(?:\s|$)")


@dataclass(frozen=True, slots=True)
class Unit:
    """A recognised unit: canonical unit, factor to it, and whether it is per year."""

    unit: str
    factor: float
    per_year: bool = False


class UnitError(ValueError):
    """A unit that is refused; ``code`` is ``unknown-unit`` or ``unit-metric-mismatch``."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


_UNITS = (
    ("t", 1.0, "t|tonne|tonnes|ton|tons|tn|т|тн|тонна|тонны|тонн|metric tons|metric tonnes"),
    ("t", 1e3, "kt|thousand t|thousand tonnes|thousand tons|'000 t|000 t|ths t|тыс т|"
               "тыс тонн|тысяч тонн|мың т|мың тонна"),
    ("t", 1e6, "mt|mln t|million t|million tonnes|million tons|mio t|млн т|млн тонн|"
               "миллион тонн|миллионов тонн|млн тонна"),
    ("TEU", 1.0, "teu|teus|дфэ|дфе|twenty-foot equivalent units"),
    ("TEU", 1e3, "kteu|thousand teu|'000 teu|ths teu|тыс teu|тыс дфэ|тыс дфе|тысяч дфэ|"
                 "мың teu|мың дфэ"),
    ("TEU", 1e6, "mteu|million teu|mln teu|млн teu|млн дфэ"),
    ("trains", 1.0, "train|trains|поезд|поезда|поездов|пойыз|пойыздар|train trips|"
                    "контейнерных поездов|контейнерные поезда"),
    ("trains", 1e3, "thousand trains|тыс поездов"),
)


def _build_table() -> dict[str, tuple[str, float]]:
    """Alias -> (canonical unit, factor); ``|`` separates the aliases."""
    table: dict[str, tuple[str, float]] = {}
    for unit, factor, aliases in _UNITS:
        for alias in aliases.split("|"):
            table[_normalise(alias)] = (unit, factor)
    return table


def _normalise(text: str) -> str:
    """Lower case, ё as е, no dots, single spaces (``тыс. т`` == ``тыс т``)."""
    text = text.strip().lower().replace("ё", "е").replace("\u00a0", " ")
    text = text.replace(".", " ").replace("(", " ").replace(")", " ")
    return re.sub(r"\s+", " ", text).strip()


_TABLE = _build_table()
CANONICAL = {"t": Unit("t", 1.0), "TEU": Unit("TEU", 1.0), "trains": Unit("trains", 1.0)}


@functools.lru_cache(maxsize=1024)
def parse_unit(text: str) -> Unit:
    """Read a unit cell.

    Parameters
    ----------
    text : str
        The cell, e.g. ``тыс. т``, ``thousand TEU``, ``t/yr``.

    Returns
    -------
    Unit

    Raises
    ------
    UnitError
        With ``code`` ``unknown-unit`` or ``unit-metric-mismatch`` and a message that
        says how to fix it.
    """
    if text in CANONICAL:
        return CANONICAL[text]
    norm = _normalise(text)
    per_year = bool(_PER_YEAR.search(norm))
    base = _PER_YEAR.sub("", norm).strip() if per_year else norm
    if base in _TABLE:
        unit, factor = _TABLE[base]
        return Unit(unit, factor, per_year)
    _refuse(text, norm, base)
    raise AssertionError("unreachable")  # pragma: no cover


def _refuse(text: str, norm: str, base: str) -> None:
    """Raise the most helpful UnitError for an unaccepted unit."""
    if _PERCENT.search(norm):
        raise UnitError("unit-metric-mismatch", (
            f"{text!r} is a share or a change, not a volume or a capacity. Give the "
            "absolute figure in t, TEU or trains."))
    if _PER_DAY.search(norm):
        raise UnitError("unit-metric-mismatch", (
            f"{text!r} is a daily rate, not a figure for a period. Give the total for the "
            "period (or the yearly capacity) in t, TEU or trains."))
    if _CONTAINERS.match(base):
        raise UnitError("unknown-unit", (
            f"{text!r}: containers are not TEU (a 40-foot container is 2 TEU) and cannot "
            "be converted. Give the figure in TEU, or leave the row out."))
    raise UnitError("unknown-unit", (
        f"{text!r} is not a known unit. Use t, kt, Mt, тыс. т, млн т, TEU, thousand TEU, "
        "ДФЭ, тыс. ДФЭ or trains (поездов)."))


def check_unit_fits(unit: Unit, start: dt.date, end: dt.date) -> str | None:
    """Message when a per-year unit is used for a period that is not one year."""
    if unit.per_year and not (start.month == 1 and start.day == 1
                              and end == dt.date(start.year, 12, 31)):
        return ("A per-year unit is given for a period that is not one calendar year. "
                "Give the total for the period in t, TEU or trains, or use the year as "
                "the period.")
    return None
