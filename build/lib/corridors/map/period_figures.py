"""The figures of one period, placed on the map (segments, nodes, routes, corridors).

Input is the store's canonical figures frame (``Store.current_figures``); output is plain
rows for the deck builder and the page. A figure is shown for a period only when its
period bounds are exactly that period's: a year-to-date range is its own period, never
a year. Locations without a figure stay without one: missing is never drawn as zero.
Values are in the figures' unit (t, TEU or trains per period).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from corridors.domain.catalog import Catalog, UnknownLocationError
from corridors.domain.formatting import format_quantity

MIN_WIDTH_PX = 2.0
MAX_WIDTH_PX = 18.0
MIN_RADIUS_PX = 5.0
MAX_RADIUS_PX = 22.0


@dataclass(frozen=True)
class PlacedFigure:
    """One figure and where it is drawn: ``kind`` is segment, node, route or corridor."""

    corridor: str
    location: str
    kind: str
    title: str
    value: float
    unit: str
    period: str
    quality: str
    source: str
    note: str


def select_period(figures: pd.DataFrame, start, end, *, metric: str, unit: str,
                  direction: str = "both") -> pd.DataFrame:
    """Figures whose period is exactly ``start``..``end`` (inclusive dates)."""
    mask = ((figures["period_start"] == pd.Timestamp(start))
            & (figures["period_end"] == pd.Timestamp(end))
            & (figures["metric"] == metric) & (figures["unit"] == unit)
            & (figures["direction"] == direction))
    return figures.loc[mask]


def location_kind(catalog: Catalog, corridor: str, location: str) -> str:
    """``corridor`` (empty location), ``node``, ``segment``, ``route`` or ``unknown``."""
    if not location:
        return "corridor"
    if location in catalog.nodes:
        return "node"
    if (corridor, location) in catalog.segments:
        return "segment"
    if location in catalog.routes:
        return "route"
    return "unknown"


def place_figures(selected: pd.DataFrame, catalog: Catalog) -> list[PlacedFigure]:
    """Attach each selected figure to the map feature it describes."""
    placed = []
    for row in selected.itertuples(index=False):
        kind = location_kind(catalog, row.corridor, row.location)
        try:
            title = catalog.location_title(row.corridor, row.location)
        except UnknownLocationError:  # stored before a geodata change removed the place
            kind, title = "unknown", row.location
        placed.append(PlacedFigure(row.corridor, row.location, kind, title, float(row.value),
                                   row.unit, row.period, row.quality, row.source, row.note))
    return placed


def scale_max(figures: pd.DataFrame, *, metric: str, unit: str) -> float:
    """Largest located value of ``metric`` in ``unit`` over all periods (keeps widths
    comparable while the period changes); 0 when there is none."""
    mask = (figures["metric"] == metric) & (figures["unit"] == unit) & (figures["location"] != "")
    return float(figures.loc[mask, "value"].max()) if mask.any() else 0.0


def width_px(value: float, max_value: float) -> float:
    """Line width in pixels from ``MIN_WIDTH_PX`` to ``MAX_WIDTH_PX``, growing with the
    square root of the value: one large figure (32 Mt across the China crossings) would
    otherwise squeeze every other line to the minimum."""
    share = math.sqrt(value / max_value) if max_value > 0 else 0.0
    return round(MIN_WIDTH_PX + (MAX_WIDTH_PX - MIN_WIDTH_PX) * share, 1)


def radius_px(value: float, max_value: float) -> float:
    """Circle radius in pixels, so that the circle's area grows with the value."""
    share = math.sqrt(value / max_value) if max_value > 0 else 0.0
    return round(MIN_RADIUS_PX + (MAX_RADIUS_PX - MIN_RADIUS_PX) * share, 1)



def default_period(periods, today=None):
    """The period the map opens on: the latest one that has begun (a target for 2030 is
    not today's picture), else the earliest. ``periods`` are ``PeriodBounds`` in order."""
    today = pd.Timestamp(today or pd.Timestamp.now().normalize())
    begun = [p for p in periods if p.start <= today]
    return (begun[-1] if begun else periods[0]).period


def figure_rows(placed: list[PlacedFigure]) -> list[dict]:
    """Rows for the page's table of the period's figures (text cells only)."""
    return [{"Corridor": f.corridor, "Where": f.title if f.kind != "corridor" else
             f"{f.title} (whole corridor)", "Value": format_quantity(f.value, f.unit),
             "Period": f.period, "Quality": f.quality, "Source": f.source, "Note": f.note}
            for f in sorted(placed, key=lambda f: (f.corridor, f.kind != "corridor", -f.value))]


def metric_unit_figures(figures: pd.DataFrame, metric: str, unit: str) -> pd.DataFrame:
    """The figures of one metric in one unit, direction ``both`` (what the map draws)."""
    mask = ((figures["metric"] == metric) & (figures["unit"] == unit)
            & (figures["direction"] == "both"))
    return figures.loc[mask]
