"""The figures a scenario uses: capacities, base-year loads and the Northern base volume.

Rules (stated again in every result's assumptions):

- Only annual figures (a calendar year, ``YYYY-01-01..YYYY-12-31``) in direction ``both``.
- A capacity figure of year Y stands for the base year when it is the latest at or
  before the base year; without one, the earliest after it.
- A base load is the element's measured volume figure of the base year itself, reported
  in the same unit as the element's capacity figure (a tonnage is never set against a
  container capacity in TEU); without one the base load is 0 and the element says so.
  Plans and targets are never a load.
- Figures in the scenario's unit come first; otherwise the other unit (t or TEU) is
  converted with the tonnes-per-TEU factor, and the figure is marked converted.
- Several figures for the same element and year (different series or sources): the
  corridor's headline series (``geodata/series.toml``) in either unit first, then the
  series listed first in the catalog; then a figure in the scenario's unit, a reported
  figure before an estimate, then the larger value. The result names the series.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from corridors.domain.series_catalog import load_series_catalog
from corridors.scenario.network import Element

UNITS = ("t", "TEU")
# IMO MEPC.1/Circ.684 (EEOI guidelines): "a TEU mass of 10 t could be applied for loaded TEUs".
DEFAULT_TEU_TONNES = 10.0
TEU_TONNES_SOURCE = "https://www.imorules.com/GUID-0A392370-4E02-446F-8C0E-4975BD9BB916.html"


@dataclass(frozen=True, slots=True)
class PickedFigure:
    """A figure as the scenario uses it: ``value`` in the scenario's unit."""

    value: float
    year: int
    unit: str  # the unit the figure was reported in
    converted: bool
    source: str
    quality: str
    series: str = ""  # the catalogued series' slug (``geodata/series.toml``)


def convert(value: float, from_unit: str, to_unit: str, teu_tonnes: float) -> float:
    """Convert between tonnes and TEU with ``teu_tonnes`` tonnes of cargo per TEU."""
    if from_unit == to_unit:
        return value
    if (from_unit, to_unit) == ("TEU", "t"):
        return value * teu_tonnes
    if (from_unit, to_unit) == ("t", "TEU"):
        return value / teu_tonnes
    raise ValueError(f"cannot convert {from_unit} to {to_unit}; units are {UNITS}")


def annual_figures(figures: pd.DataFrame) -> pd.DataFrame:
    """The calendar-year figures in direction ``both``, with a ``year`` column."""
    if figures.empty:
        columns = ["corridor", "location", "metric", "unit", "value", "quality", "source"]
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns}
                            | {"year": pd.Series(dtype=int)})
    start, end = figures["period_start"], figures["period_end"]
    annual = ((start.dt.month == 1) & (start.dt.day == 1) & (end.dt.month == 12)
              & (end.dt.day == 31) & (start.dt.year == end.dt.year)
              & (figures["direction"] == "both") & figures["unit"].isin(UNITS))
    out = figures.loc[annual].copy()
    out["year"] = out["period_start"].dt.year.astype(int)
    return out


def _best(rows: pd.DataFrame, unit: str, *, by_series: bool = False) -> pd.Series:
    """One figure, never a sum.

    ``by_series`` (the Northern base volume): the corridor's headline series first, in any
    unit (a headline in TEU converted beats another series in tonnes), then the series
    listed first in ``geodata/series.toml`` (the catalog lists a corridor's series from
    the closest to its headline's scope to the widest), so the base volume stays with one
    count from year to year. Otherwise (an element's load or capacity): a figure in
    ``unit`` first, then the same order. Then reported before estimated, then the largest.
    """
    catalog = load_series_catalog()
    headlines = catalog.headlines()
    order = {slug: i for i, slug in enumerate(catalog.series)}
    slugs = rows["series"] if "series" in rows else pd.Series([""] * len(rows), rows.index)
    headline = [s in (headlines.get((c, "t")), headlines.get((c, "TEU"))) for c, s in
                zip(rows["corridor"], slugs, strict=True)]
    ranked = rows.assign(_other=[not h for h in headline],
                         _order=[order.get(s, len(order)) for s in slugs],
                         _converted=rows["unit"] != unit,
                         _estimate=rows["quality"] != "reported")
    keys = (["_other", "_order", "_converted"] if by_series
            else ["_converted", "_other", "_order"])
    return ranked.sort_values([*keys, "_estimate", "value"],
                              ascending=[True, True, True, True, False]).iloc[0]


def _measured(rows: pd.DataFrame) -> pd.DataFrame:
    """Leave out figures of plan series (targets, forecasts): they never moved."""
    catalog = load_series_catalog()
    if "series" not in rows:
        return rows
    plans = [s.slug for s in catalog.series.values() if not s.measured]
    return rows[~rows["series"].isin(plans)]


def _rows_for(annual: pd.DataFrame, element: Element, metric: str) -> pd.DataFrame:
    return annual[(annual["metric"] == metric) & (annual["location"] == element.location)
                  & annual["corridor"].isin(element.corridors)]


def _picked(row: pd.Series, unit: str, teu_tonnes: float) -> PickedFigure:
    return PickedFigure(
        value=convert(float(row["value"]), row["unit"], unit, teu_tonnes),
        year=int(row["year"]), unit=row["unit"], converted=row["unit"] != unit,
        source=str(row["source"]), quality=str(row["quality"]),
        series=str(row.get("series", "") or ""))


def pick_capacity(annual: pd.DataFrame, element: Element, base_year: int, unit: str,
                  teu_tonnes: float) -> PickedFigure | None:
    """The element's capacity for ``base_year`` in ``unit`` (None when unknown)."""
    rows = _rows_for(annual, element, "capacity")
    for wanted in (unit, *(u for u in UNITS if u != unit)):
        in_unit = rows[rows["unit"] == wanted]
        if in_unit.empty:
            continue
        before = in_unit[in_unit["year"] <= base_year]
        year = before["year"].max() if not before.empty else in_unit["year"].min()
        return _picked(_best(in_unit[in_unit["year"] == year], unit), unit, teu_tonnes)
    return None


def pick_volume(annual: pd.DataFrame, element: Element, year: int, unit: str,
                teu_tonnes: float, *, reported_in: str | None = None,
                by_series: bool = False) -> PickedFigure | None:
    """The element's measured volume of ``year`` in ``unit`` (None when there is none).

    ``reported_in``: only figures reported in that unit (the unit of the element's
    capacity figure, so that a load in tonnes is never set against a container capacity
    in TEU); ``by_series``: keep to one series across years (see ``_best``). Plans and
    targets (series with ``measured = false``) are never a volume.
    """
    rows = _measured(_rows_for(annual, element, "volume"))
    rows = rows[rows["year"] == year]
    if reported_in is not None:
        rows = rows[rows["unit"] == reported_in]
    return (_picked(_best(rows, unit, by_series=by_series), unit, teu_tonnes)
            if not rows.empty else None)


def northern_years(figures: pd.DataFrame) -> list[int]:
    """Years with an annual whole-corridor Northern Corridor volume (t or TEU)."""
    annual = annual_figures(figures)
    rows = annual[(annual["corridor"] == "northern") & (annual["location"] == "")
                  & (annual["metric"] == "volume")]
    return sorted(set(rows["year"]))


def default_base_year(figures: pd.DataFrame) -> int | None:
    """The latest year with an annual Northern Corridor volume (None without any)."""
    years = northern_years(figures)
    return years[-1] if years else None


def projection_2030(figures: pd.DataFrame, unit: str, teu_tonnes: float,
                    ) -> PickedFigure | None:
    """The Middle Corridor's whole-route volume projected for 2030, in tonnes if stored.

    The default data's figure is the World Bank's (2023) projection of about 11 Mt through
    the Caspian; it is drawn as a reference, never as a load.
    """
    annual = annual_figures(figures)
    rows = annual[(annual["corridor"] == "middle") & (annual["location"] == "")
                  & (annual["metric"] == "volume") & (annual["year"] == 2030)]
    in_t = rows[rows["unit"] == "t"]
    if in_t.empty:
        return None
    return _picked(_best(in_t, "t"), unit, teu_tonnes)
