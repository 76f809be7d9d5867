"""The canonical throughput record (DESIGN 3.2).

One row of the canonical CSV, what validation produces, what the store keeps and what
export writes::

    corridor,location,period,period_start,period_end,metric,direction,value,unit,quality,source,note

The identity of a figure is (corridor, location, period_start, period_end, metric,
direction, unit): two rows with the same identity describe the same figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass, fields

CORRIDORS = ("northern", "middle")
METRICS = ("volume", "capacity")
DIRECTIONS = ("both", "westbound", "eastbound")
UNITS = ("t", "TEU", "trains")
QUALITIES = ("reported", "estimate")
#: the calendar periods a series can be shown by, coarse to fine (the one table of them)
GRANULARITIES = ("year", "half", "quarter", "month")
#: every kind of period: a "range" is anything else (year-to-date, spans)
PERIOD_KINDS = (*GRANULARITIES, "range")
PERIOD_KIND_TITLES = {"year": "Years", "half": "Halves", "quarter": "Quarters",
                      "month": "Months", "range": "Cumulative and other ranges"}

CANONICAL_COLUMNS = (
    "corridor",
    "location",
    "period",
    "period_start",
    "period_end",
    "metric",
    "direction",
    "value",
    "unit",
    "quality",
    "source",
    "note",
)
IDENTITY_COLUMNS = (
    "corridor",
    "location",
    "period_start",
    "period_end",
    "metric",
    "direction",
    "unit",
)


@dataclass(frozen=True, slots=True)
class Record:
    """One throughput figure in canonical form.

    Parameters
    ----------
    corridor : str
        ``northern`` or ``middle``.
    location : str
        A node, segment or route id from geodata, or ``""`` for the whole corridor.
    period : str
        Canonical label: ``2023``, ``2023-H1``, ``2023-Q1``, ``2023-05`` or a range
        ``2024-01..2024-11``.
    period_start, period_end : datetime.date
        First and last day of the period, both inclusive.
    metric : str
        ``volume`` (what moved) or ``capacity`` (what could move).
    direction : str
        ``both``, ``westbound`` or ``eastbound``.
    value : float
        Finite and >= 0, in ``unit``.
    unit : str
        ``t`` (tonnes), ``TEU`` or ``trains``.
    quality : str
        ``reported`` or ``estimate``.
    source, note : str
        Citation (URL or text) and free text.
    """

    corridor: str
    location: str
    period: str
    period_start: dt.date
    period_end: dt.date
    metric: str
    direction: str
    value: float
    unit: str
    quality: str
    source: str
    note: str = ""

    @property
    def identity(self) -> tuple:
        """The key that makes two rows the same figure (DESIGN 3.2)."""
        return (
            self.corridor,
            self.location,
            self.period_start,
            self.period_end,
            self.metric,
            self.direction,
            self.unit,
        )

    def as_row(self) -> tuple:
        """Values in ``CANONICAL_COLUMNS`` order, dates as ``datetime.date``."""
        return astuple(self)


assert tuple(f.name for f in fields(Record)) == CANONICAL_COLUMNS
