"""Header names in English, Russian and Kazakh, in any order; long and wide layouts.

A *long* file has one figure per row (a ``value`` and a ``period`` column). A *wide*
file has one column per period (``2022``, ``2023``, ``I кв. 2024``...) and no value or
period column, as spreadsheets often are; each non-empty cell under a period column is
one figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corridors.ingest.periods import Period, PeriodError, parse_period

_ALIASES = {
    "corridor": "corridor|corridor id|коридор|маршрут коридора|дәліз|transport corridor",
    "series": "series|series id|series slug|dataset|серия|ряд|ряд данных|временной ряд|"
              "қатар|серия данных",
    "location": "location|location id|segment|node|segment or node|segment_or_node|point|"
                "place|node or segment|узел|пункт|участок|станция|порт|место|локация|"
                "пункт пропуска|торап|орын|учаске",
    "period": "period|период|год|year|month|месяц|quarter|квартал|кезең|жыл|ай",
    "period_start": "period_start|period start|start|start date|начало|начало периода|"
                    "басталуы",
    "period_end": "period_end|period end|end|end date|конец|конец периода|аяқталуы",
    "metric": "metric|measure|indicator|показатель|вид показателя|метрика|көрсеткіш",
    "direction": "direction|направление|бағыт",
    "value": "value|значение|объем|объём|volume|amount|количество|величина|figure|мән|көлем",
    "unit": "unit|units|uom|unit of measure|ед изм|ед. изм.|единица|единица измерения|"
            "единицы измерения|өлшем бірлігі|өлшем",
    "quality": "quality|качество|status|статус|сапа|достоверность",
    "source": "source|источник|дереккөз|url|link|ссылка|citation|sources",
    "note": "note|notes|comment|comments|remark|remarks|примечание|комментарий|ескертпе|"
            "ескерту",
}
REQUIRED_LONG = ("corridor", "value", "unit")
REQUIRED_WIDE = ("corridor", "unit")


def header_key(text: str) -> str:
    """Matching key of a header cell: letters and digits only, lower case, ё as е."""
    return re.sub(r"[\W_]+", "", text.casefold().replace("ё", "е"))


HEADER_FIELDS = {header_key(alias): name for name, aliases in _ALIASES.items()
                 for alias in aliases.split("|")}


@dataclass
class HeaderMap:
    """Where each canonical field sits in the file.

    ``names`` are the header cells as written (used as the ``column`` of problems);
    ``fields`` maps a canonical field to its index; ``period_columns`` lists the
    ``(index, Period)`` of a wide file. ``problems`` are ``(column, code, message)``.
    """

    names: list[str]
    fields: dict[str, int] = field(default_factory=dict)
    period_columns: list[tuple[int, Period]] = field(default_factory=list)
    layout: str = "long"
    problems: list[tuple[str | None, str, str]] = field(default_factory=list)

    @property
    def width(self) -> int:
        """Number of columns, trailing unnamed ones excluded."""
        return len(self.names)


def map_header(cells: list[str]) -> HeaderMap:
    """Read the header row.

    Parameters
    ----------
    cells : list of str
        The header row as read (trailing empty cells are dropped here).

    Returns
    -------
    HeaderMap
    """
    names = [c.strip().lstrip("\ufeff").strip() for c in cells]
    while names and not names[-1]:
        names.pop()
    result = HeaderMap(names)
    periods: list[tuple[int, Period]] = []
    unknown: list[int] = []
    for index, name in enumerate(names):
        canonical = HEADER_FIELDS.get(header_key(name))
        if canonical is None:
            period = _as_period(name)
            (periods.append((index, period)) if period else unknown.append(index))
        elif canonical in result.fields:
            first = names[result.fields[canonical]]
            result.problems.append((name, "duplicate-column", (
                f"Columns {first!r} and {name!r} both mean {canonical}. Delete or rename "
                "one of them.")))
        else:
            result.fields[canonical] = index
    _choose_layout(result, periods, unknown)
    return result


def _as_period(name: str) -> Period | None:
    try:
        return parse_period(name) if name else None
    except PeriodError:
        return None


def _choose_layout(result: HeaderMap, periods: list[tuple[int, Period]],
                   unknown: list[int]) -> None:
    """Long unless there is no value/period column but there are period columns."""
    fields = result.fields
    long_like = "value" in fields or "period" in fields or "period_start" in fields
    if periods and not long_like:
        result.layout = "wide"
        result.period_columns = periods
    else:
        unknown = sorted(unknown + [index for index, _ in periods])
    for index in unknown:
        name = result.names[index]
        result.problems.append((name or f"column {index + 1}", "unknown-column", (
            f"Column {name or index + 1!r} is not one of the known columns and is ignored. "
            "Known: corridor, series, location, period, metric, direction, value, unit, quality, "
            "source, note (or their Russian names).")))
    _check_required(result)
    _note_defaults(result)


#: Columns a file may leave out; the reader fills them, and says so once per column.
FILLED = {"metric": "volume", "direction": "both", "quality": "reported"}


def _note_defaults(result: HeaderMap) -> None:
    """One ``default-filled`` warning per optional column the file lacks."""
    for name, default in FILLED.items():
        if name not in result.fields:
            result.problems.append((name, "default-filled", (
                f"The file has no {name} column, so every figure was read as {default!r}. "
                f"If that is wrong for some rows, add a column headed {name!r}.")))


def _check_required(result: HeaderMap) -> None:
    required = REQUIRED_WIDE if result.layout == "wide" else REQUIRED_LONG
    missing = [name for name in required if name not in result.fields]
    has_period = "period" in result.fields or {"period_start", "period_end"} <= set(
        result.fields)
    if result.layout == "long" and not has_period:
        missing.insert(1, "period")
    for name in missing:
        result.problems.append((name, "missing-column", (
            f"The file has no {name} column. Add a column headed {name!r} (or its Russian "
            f"name, e.g. {_RUSSIAN[name]!r}); for one column per period, head each with "
            "the period (2023, 2023-Q1...).")))


_RUSSIAN = {"corridor": "коридор", "period": "период", "value": "значение",
            "unit": "ед. изм."}
