"""The figures of one period, placed on the map (segments, nodes, routes, corridors).

Input is the store's canonical figures frame (``Store.current_figures``); output is plain
rows for the deck builder and the page. A figure is shown for a period only when its
period bounds are exactly that period's: a year-to-date range is its own period, never
a year. Locations without a figure stay without one: missing is never drawn as zero.
Values are in the figures' unit (t, TEU or trains per period).

Series are never added up: a place is drawn from one series. Where the corridor's
headline series (``geodata/series.toml``) has a figure for the place, the width is the
headline's; a place the headline does not count is drawn from its own series (the one
whose ``location_scope`` names it, else the first in catalog order).
``series_rows`` lists every series' figure of a place and period for the details panel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from corridors.domain.catalog import Catalog, UnknownLocationError
from corridors.domain.formatting import (
    format_amount,
    format_change,
    format_period,
    format_quantity,
)
from corridors.domain.i18n import N_, gettext_for
from corridors.domain.records import QUALITY_TITLES
from corridors.domain.series_catalog import SeriesCatalog, load_series_catalog

#: One scale for lines and circles: a line is as wide as the circle of the same value
#: is across, so 23 Mt through the China crossings never looks smaller than 6 Mt at Baku.
MIN_SIZE_PX = 3.0
MAX_SIZE_PX = 30.0


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
    corridor_title: str = ""
    previous_value: float | None = None  # the same place, metric and unit a year before
    previous_period: str = ""


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


def year_before(figures: pd.DataFrame, row) -> tuple[float | None, str]:
    """The figure of the same identity for the same span one year earlier, if stored."""
    start = pd.Timestamp(row.period_start) - pd.DateOffset(years=1)
    end = pd.Timestamp(row.period_end) + pd.Timedelta(days=1) - pd.DateOffset(years=1)
    end = end - pd.Timedelta(days=1)
    mask = ((figures["corridor"] == row.corridor) & (figures["location"] == row.location)
            & (figures["period_start"] == start) & (figures["period_end"] == end)
            & (figures["metric"] == row.metric) & (figures["unit"] == row.unit)
            & (figures["direction"] == row.direction))
    if "series" in figures and hasattr(row, "series"):
        mask &= figures["series"] == row.series
    found = figures.loc[mask]
    if found.empty:
        return None, ""
    return float(found["value"].iloc[0]), str(found["period"].iloc[0])


def place_figures(selected: pd.DataFrame, catalog: Catalog,
                  figures: pd.DataFrame | None = None, lang: str = "en") -> list[PlacedFigure]:
    """Attach each selected figure to the map feature it describes (titles in ``lang``).

    With ``figures`` (all figures of the same metric and unit), each placed figure also
    carries the value of the same span one year before, for "change on a year before".
    """
    placed = []
    for row in selected.itertuples(index=False):
        kind = location_kind(catalog, row.corridor, row.location)
        try:
            title = catalog.location_title(row.corridor, row.location, lang)
        except UnknownLocationError:  # stored before a geodata change removed the place
            kind, title = "unknown", row.location
        corridor = catalog.corridors.get(row.corridor)
        previous, previous_period = (year_before(figures, row) if figures is not None
                                     else (None, ""))
        placed.append(PlacedFigure(row.corridor, row.location, kind, title, float(row.value),
                                   row.unit, row.period, row.quality, row.source, row.note,
                                   corridor.title_in(lang) if corridor else row.corridor,
                                   previous, previous_period))
    return placed


def scale_max(figures: pd.DataFrame, *, metric: str, unit: str) -> float:
    """Largest located value of ``metric`` in ``unit`` over all periods (keeps widths
    comparable while the period changes); 0 when there is none."""
    mask = (figures["metric"] == metric) & (figures["unit"] == unit) & (figures["location"] != "")
    return float(figures.loc[mask, "value"].max()) if mask.any() else 0.0


def size_px(value: float, max_value: float) -> float:
    """Size in pixels of a value, from ``MIN_SIZE_PX`` to ``MAX_SIZE_PX``: a line's width
    and a circle's diameter alike. It grows with the square root of the value (a circle's
    area with the value), so one large figure does not squeeze every other to the minimum."""
    share = math.sqrt(min(value / max_value, 1.0)) if max_value > 0 else 0.0
    return round(MIN_SIZE_PX + (MAX_SIZE_PX - MIN_SIZE_PX) * share, 1)


def width_px(value: float, max_value: float) -> float:
    """Line width in pixels (:func:`size_px`)."""
    return size_px(value, max_value)


def radius_px(value: float, max_value: float) -> float:
    """Circle radius in pixels: half of :func:`size_px`, so a circle is as wide across
    as the line of the same value."""
    return round(size_px(value, max_value) / 2, 1)


def default_period(periods, today=None, *, both=None):
    """The period the map opens on: the latest one that has begun (a target for 2030 is
    not today's picture) and, when ``both`` names the periods where every corridor has
    a figure, the latest such one; else the earliest. ``periods`` are ``PeriodBounds``
    in order; ``both`` a collection of period labels."""
    today = pd.Timestamp(today or pd.Timestamp.now().normalize())
    begun = [p for p in periods if p.start <= today]
    shared = [p for p in begun if both is not None and p.period in both]
    if shared:
        return shared[-1].period
    return (begun[-1] if begun else periods[0]).period


def periods_of_every_corridor(figures: pd.DataFrame, corridors) -> set[str]:
    """Labels of the periods in which every corridor in ``corridors`` has a figure."""
    if figures.empty:
        return set()
    per_period = figures.groupby("period")["corridor"].agg(lambda c: set(c))
    wanted = set(corridors)
    return {period for period, have in per_period.items() if wanted <= have}


#: The table's headers, marked for extraction (``ui.text_table`` shows them translated).
FIGURE_HEADERS = (N_("Corridor"), N_("Where"), N_("Value"), N_("On a year before"),
                  N_("Period"), N_("Quality"), N_("Source"), N_("Note"))


def figure_rows(placed: list[PlacedFigure], lang: str = "en") -> list[dict]:
    """Rows for the page's table of the period's figures (text cells only; our words,
    numbers and periods in ``lang``; the headers are msgids, translated by the page)."""
    _ = gettext_for(lang)
    return [{"Corridor": f.corridor_title or f.corridor,
             "Where": f.title if f.kind != "corridor"
             else _("{place} (whole corridor)").format(place=f.title),
             "Value": format_quantity(f.value, f.unit, lang),
             "On a year before": change_text(f, lang),
             "Period": format_period(f.period, lang),
             "Quality": _(QUALITY_TITLES.get(f.quality, f.quality)),
             "Source": f.source, "Note": f.note}
            for f in sorted(placed, key=lambda f: (f.corridor, f.kind != "corridor", -f.value))]


def change_text(figure: PlacedFigure, lang: str = "en") -> str:
    """``+62% on 2023`` (same span a year before), or ``""`` without that figure."""
    change = format_change(figure.value, figure.previous_value, lang)
    if not change:
        return ""
    _ = gettext_for(lang)
    return _("{change} on {period}").format(
        change=change, period=format_period(figure.previous_period, lang))


def badge_text(figure: PlacedFigure, lang: str = "en") -> str:
    """A whole-corridor figure as the map's badge says it: title, amount, change."""
    change = change_text(figure, lang)
    amount = format_amount(figure.value, figure.unit, lang)
    return (f"{figure.corridor_title or figure.corridor}\n{amount}"
            + (f" ({change})" if change else ""))


def metric_unit_figures(figures: pd.DataFrame, metric: str, unit: str) -> pd.DataFrame:
    """The figures of one metric in one unit, direction ``both``, one series per place
    and period (what the map draws: see ``one_series_per_place``)."""
    mask = ((figures["metric"] == metric) & (figures["unit"] == unit)
            & (figures["direction"] == "both"))
    return one_series_per_place(figures.loc[mask])


_PLACE = ["corridor", "location", "period_start", "period_end", "metric", "unit",
          "direction"]


def series_rank(corridor: str, location: str, unit: str, slug: str,
                catalog: SeriesCatalog | None = None) -> tuple[int, int, int]:
    """Sort key of a series for drawing one place: headline, then the place's own
    series (the fewer places its ``location_scope`` names, the more its own), then
    catalog order (an unknown slug last)."""
    catalog = catalog or load_series_catalog()
    order = list(catalog.series)
    index = order.index(slug) if slug in catalog else len(order)
    if catalog.headline(corridor, unit) == slug:
        return 0, 0, index
    locations = catalog[slug].locations if slug in catalog else None
    if locations and location in locations:
        return 1, len(locations), index
    return 2, 0, index


def one_series_per_place(figures: pd.DataFrame) -> pd.DataFrame:
    """Keep, per place, period, metric, unit and direction, the figure of one series:
    the headline series where it has one, else the place's own (``series_rank``)."""
    if figures.empty or not figures.duplicated(_PLACE).any():
        return figures
    catalog = load_series_catalog()
    keys = figures[["corridor", "location", "unit", "series"]].drop_duplicates()
    ranks = {tuple(k): series_rank(*k, catalog) for k in keys.itertuples(index=False)}
    rank = [ranks[k] for k in zip(figures["corridor"], figures["location"], figures["unit"],
                                  figures["series"], strict=True)]
    ordered = figures.assign(_rank=rank).sort_values("_rank", kind="stable")
    return ordered.drop_duplicates(_PLACE).drop(columns="_rank").sort_index()


def competing_places(maxima: pd.DataFrame) -> pd.DataFrame:
    """The located ``(corridor, location)`` pairs that several series count, from
    ``Store.figure_groups(["corridor", "location", "series"], ...)``: where the map's one
    series per place can differ from period to period."""
    located = maxima[maxima["location"] != ""]
    counts = located.groupby(["corridor", "location"], sort=True).size()
    return counts[counts > 1].index.to_frame(index=False)


def scale_max_of_groups(maxima: pd.DataFrame, figures: pd.DataFrame | None, *, metric: str,
                        unit: str) -> float:
    """``scale_max`` of ``metric_unit_figures``, from per-series maxima (``value`` of
    ``Store.figure_groups(["corridor", "location", "series"], ...)`` of one metric, unit
    and direction ``both``) and ``figures``: canonical figures that hold at least every
    one of the ``competing_places`` (None when there is none). A place that one series
    counts is drawn from that series, so its largest figure is the group's; only the
    competing places need their figures (issue 17)."""
    located = maxima[maxima["location"] != ""]
    competing = competing_places(maxima)
    contested = set(zip(competing["corridor"], competing["location"], strict=True))
    alone = [value for corridor, location, value in zip(
        located["corridor"], located["location"], located["value"], strict=True)
        if (corridor, location) not in contested]
    largest = max(alone, default=0.0)
    if contested and figures is not None:
        keep = [pair in contested for pair in zip(figures["corridor"], figures["location"],
                                                  strict=True)]
        largest = max(largest, scale_max(metric_unit_figures(figures[keep], metric, unit),
                                         metric=metric, unit=unit))
    return float(largest)
