"""The canonical throughput record.

One row of the canonical CSV, what validation produces, what the store keeps and what
export writes::

    corridor,series,location,period,period_start,period_end,metric,direction,value,unit,quality,source,note

The identity of a figure is (corridor, series, location, period_start, period_end,
metric, direction, unit): two rows with the same identity describe the same figure.
Two series of one corridor, location and period are two figures, never merged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass, fields, replace

from corridors.domain.i18n import N_

CORRIDORS = ("northern", "middle")
METRICS = ("volume", "capacity")
DIRECTIONS = ("both", "westbound", "eastbound")
UNITS = ("t", "TEU", "trains")
QUALITIES = ("reported", "estimate")
#: the calendar periods a series can be shown by, coarse to fine (the one table of them)
GRANULARITIES = ("year", "half", "quarter", "month")
#: every kind of period: a "range" is anything else (year-to-date, spans)
PERIOD_KINDS = (*GRANULARITIES, "range")
# Titles of the vocabularies are English msgids: shown through the catalogs
# (``gettext_for(lang)(PERIOD_KIND_TITLES[kind])``); the codes themselves never change.
PERIOD_KIND_TITLES = {"year": N_("Years"), "half": N_("Halves"), "quarter": N_("Quarters"),
                      "month": N_("Months"), "range": N_("Cumulative and other ranges")}
QUALITY_TITLES = {"reported": N_("reported"), "estimate": N_("estimate")}
DIRECTION_TITLES = {"both": N_("both directions"), "westbound": N_("westbound"),
                    "eastbound": N_("eastbound")}
MODE_TITLES = {"rail": N_("rail"), "sea": N_("sea"), "road": N_("road")}
#: The one year range of every period (label or explicit bounds), in ingest and store.
#: Freight statistics of these lines start in the 20th century and plans reach to about
#: 2050; both ends lie well inside pandas' datetime64[ns] range (1677-2262), so no
#: frame can ever wrap a stored date.
MIN_YEAR, MAX_YEAR = 1900, 2100
#: The largest value a figure may have, in its canonical unit (after unit scaling).
#: World seaborne trade is about 1.2e10 t a year; 1e15 leaves five orders of magnitude
#: and keeps sums, square roots and pixel widths of any number of figures finite.
MAX_VALUE = 1e15

CANONICAL_COLUMNS = (
    "corridor",
    "series",
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
    "series",
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
    series : str
        Slug of a series in ``geodata/series.toml`` (who counts, and what).
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
    series: str
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
        """The key that makes two rows the same figure."""
        return (
            self.corridor,
            self.series,
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


def keep_provenance(new: Record, old: Record) -> Record:
    """``new`` with ``old``'s source and note where they are blank and the value is equal.

    The re-import rule (issue 11): a file that repeats a stored figure with its
    source or note cell empty does not erase the stored provenance.
    """
    if new.value != old.value or (new.source and new.note):
        return new
    return replace(new, source=new.source or old.source, note=new.note or old.note)
