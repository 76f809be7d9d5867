"""Comparisons derived from timeline series: change on a year before, the Middle
Corridor's share of both corridors, utilisation of stated capacity.

Inputs are :func:`corridors.timeline.series.build_series` frames (values in their ``unit`` per
period); outputs are percentages. Only comparable periods are paired: full periods of
the same bounds, unit and direction; a pair with a zero denominator gives no row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from corridors.timeline.series import build_series


def year_on_year(series: pd.DataFrame) -> pd.DataFrame:
    """Percent change of each full period against the same period one year before.

    Parameters
    ----------
    series : pandas.DataFrame
        Output of :func:`build_series`.

    Returns
    -------
    pandas.DataFrame
        The series' columns for the later period plus ``previous_value`` (same unit),
        ``previous_period`` and ``change_pct`` (percent). Only pairs of full (not partial)
        periods of the same series and granularity whose starts are exactly one year apart;
        a previous value of 0 gives no row (the change is undefined).
    """
    full = series[~series["partial"]]
    keys = ["series", "metric", "direction", "unit", "granularity"]
    before = full[keys + ["period_start", "period", "value", "source", "quality"]].copy()
    before["period_start"] = before["period_start"] + pd.DateOffset(years=1)
    out = full.merge(before, on=keys + ["period_start"], suffixes=("", "_previous"))
    out = out[out["value_previous"] > 0].rename(columns={
        "value_previous": "previous_value", "period_previous": "previous_period"})
    out["change_pct"] = (out["value"] / out["previous_value"] - 1.0) * 100.0
    out["source"] = _pair_text(out["source"], out.pop("source_previous"))
    out["quality"] = np.where((out["quality"] == "estimate")
                              | (out.pop("quality_previous") == "estimate"),
                              "estimate", "reported")
    return out.reset_index(drop=True)


def _pair_text(first: pd.Series, second: pd.Series) -> pd.Series:
    """Join two texts with ``"; "`` unless they are equal or one is empty."""
    # per row, but only over chart-sized frames (one row per period)
    joined = ["; ".join(dict.fromkeys(t for t in f"{a}; {b}".split("; ") if t))
              for a, b in zip(first, second, strict=True)]
    return pd.Series(joined, index=first.index, dtype=object)


def corridor_share(figures: pd.DataFrame, metric: str = "volume", unit: str = "t", *,
                   granularity: str = "year", direction: str = "both",
                   location: str = "") -> pd.DataFrame:
    """The Middle Corridor's share of Middle + Northern where both cover the same period.

    Parameters
    ----------
    figures : pandas.DataFrame
        Canonical figures.
    metric, unit, granularity, direction, location : str
        As for :func:`build_series`; ``location=""`` compares whole corridors.

    Returns
    -------
    pandas.DataFrame
        One row per period both corridors have with identical bounds and unit: ``period``,
        ``period_label``, ``period_start``, ``period_end``, ``period_mid``, ``unit``,
        ``middle_value`` and ``northern_value`` (in ``unit``), ``share_pct`` (Middle as a
        percent of the two together), ``partial``, ``source``, ``quality``. Empty when the
        data have no comparable pair; the caller says so rather than drawing a gap.
    """
    series = build_series(figures, location=location, metric=metric, unit=unit,
                          granularity=granularity, direction=direction)
    return share_from_series(series, unit)


def share_from_series(series: pd.DataFrame, unit: str) -> pd.DataFrame:
    """:func:`corridor_share` from an already built two-corridor series (same columns out)."""
    cols = ["period_start", "period_end", "period", "period_label", "period_mid", "value",
            "partial", "source", "quality"]
    middle = series.loc[series["corridor"] == "middle", cols]
    northern = series.loc[series["corridor"] == "northern", cols]
    out = middle.merge(northern, on=["period_start", "period_end"],
                       suffixes=("_middle", "_northern"))
    for column in ("period", "period_label", "period_mid"):
        out[column] = out.pop(column + "_middle")
        out.pop(column + "_northern")
    out = out.rename(columns={"value_middle": "middle_value", "value_northern": "northern_value"})
    total = out["middle_value"] + out["northern_value"]
    out = out[total > 0]
    out["share_pct"] = out["middle_value"] / total[total > 0] * 100.0
    out["partial"] = out.pop("partial_middle") | out.pop("partial_northern")
    out["source"] = _pair_text(out.pop("source_middle"), out.pop("source_northern"))
    estimate = (out.pop("quality_middle") == "estimate") | (out.pop("quality_northern")
                                                            == "estimate")
    out["quality"] = np.where(estimate, "estimate", "reported")
    out["unit"] = unit
    return out.sort_values(["period_start", "period_end"]).reset_index(drop=True)


def utilisation(volume_series: pd.DataFrame, capacity_series: pd.DataFrame) -> pd.DataFrame:
    """Volume as a percent of capacity where both exist for the same place, period and unit.

    Parameters
    ----------
    volume_series, capacity_series : pandas.DataFrame
        :func:`build_series` outputs for ``metric="volume"`` and ``metric="capacity"``.
        Capacity is an annual rate, so only a full year of volume matches an annual
        capacity exactly; partial periods never match.

    Returns
    -------
    pandas.DataFrame
        The volume columns plus ``capacity`` (in ``unit``) and ``utilisation_pct``
        (percent; over 100 when the reported volume exceeds the stated capacity).
    """
    keys = ["corridor", "location", "direction", "unit", "period_start", "period_end"]
    capacity = capacity_series[keys + ["value", "source", "quality"]]
    out = volume_series.merge(capacity, on=keys, suffixes=("", "_capacity"))
    out = out[out["value_capacity"] > 0].rename(columns={"value_capacity": "capacity"})
    out["utilisation_pct"] = out["value"] / out["capacity"] * 100.0
    out["source"] = _pair_text(out["source"], out.pop("source_capacity"))
    out["quality"] = np.where((out["quality"] == "estimate")
                              | (out.pop("quality_capacity") == "estimate"),
                              "estimate", "reported")
    return out.reset_index(drop=True)
