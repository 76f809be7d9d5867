"""Comparisons derived from timeline series: change on a year before, the Middle
Corridor's share of both corridors, utilisation of stated capacity.

Inputs are :func:`corridors.timeline.series.build_series` frames (values in their ``unit`` per
period); outputs are percentages. Only comparable periods are paired: full periods of
the same bounds, unit and direction; a pair with a zero denominator gives no row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from corridors.domain.formatting import format_number, format_unit
from corridors.domain.i18n import translator
from corridors.domain.series_catalog import load_series_catalog
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
        One row per period both corridors' headline series have with identical bounds and
        unit: ``period``,
        ``period_label``, ``period_start``, ``period_end``, ``period_mid``, ``unit``,
        ``middle_value`` and ``northern_value`` (in ``unit``), ``share_pct`` (Middle as a
        percent of the two together), ``partial``, ``source``, ``quality``. Empty when the
        data have no comparable pair; the caller says so rather than drawing a gap.
    """
    series = build_series(figures, location=location, metric=metric, unit=unit,
                          granularity=granularity, direction=direction)
    return share_from_series(series, unit)


def headline_lines(series: pd.DataFrame, unit: str) -> pd.DataFrame:
    """The rows of ``series`` that draw each corridor's headline series in ``unit``."""
    headlines = load_series_catalog().headlines()
    wanted = series["corridor"].map(lambda c: headlines.get((c, unit), ""))
    return series[series["slug"] == wanted]


def share_from_series(series: pd.DataFrame, unit: str) -> pd.DataFrame:
    """:func:`corridor_share` from an already built two-corridor series (same columns out).

    Only the headline series of each corridor in ``unit`` are compared
    (``geodata/series.toml``): two narrower or wider counts never make a share.
    """
    series = headline_lines(series, unit)
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


def series_changes(figures: pd.DataFrame, *, corridor: str, before: int, after: int,
                   metric: str = "volume", direction: str = "both",
                   location: str = "") -> pd.DataFrame:
    """Full-year change of every series of ``corridor`` that has both years.

    Parameters
    ----------
    figures : pandas.DataFrame
        Canonical figures.
    corridor : str
    before, after : int
        Calendar years; only figures for the whole year (1 Jan - 31 Dec) count.
    metric, direction, location : str
        Matched exactly; ``location=""`` is the whole corridor.

    Returns
    -------
    pandas.DataFrame
        One row per series and unit: ``series`` (slug), ``title``, ``unit``,
        ``value_before``, ``value_after`` (in ``unit``), ``change_pct`` (percent),
        ``source_before``, ``source_after``; sorted by title. Series that lack either
        year, or whose earlier value is 0, have no row.
    """
    mask = ((figures["corridor"] == corridor) & (figures["metric"] == metric)
            & (figures["direction"] == direction) & (figures["location"] == location))
    rows = figures.loc[mask]
    start, end = rows["period_start"], rows["period_end"]
    whole = ((start.dt.month == 1) & (start.dt.day == 1) & (end.dt.month == 12)
             & (end.dt.day == 31) & (start.dt.year == end.dt.year))
    rows = rows[whole].assign(year=start[whole].dt.year)
    cols = ["series", "unit", "value", "source"]
    pairs = rows[rows["year"] == before][cols].merge(
        rows[rows["year"] == after][cols], on=["series", "unit"],
        suffixes=("_before", "_after"))
    pairs = pairs[pairs["value_before"] > 0]
    pairs["change_pct"] = (pairs["value_after"] / pairs["value_before"] - 1.0) * 100.0
    catalog = load_series_catalog()
    pairs["title"] = pairs["series"].map(catalog.title)
    return pairs.sort_values(["title", "unit"]).reset_index(drop=True)


def statement_check(figures: pd.DataFrame, *, corridor: str, before: int, after: int,
                    claimed_pct: float, claim: str, lang: str = "en") -> str:
    """One sentence comparing a stated change with what the series give, in ``lang``
    (``claim`` is given in it).

    ``claimed_pct`` is the stated change in percent (e.g. -35 for "fell by over 35%");
    a series agrees when its change has the same sign and at least that size. The
    sentence names each series with both years, its change and whether it agrees, and
    says so when no series has both years.
    """
    changes = series_changes(figures, corridor=corridor, before=before, after=after)
    if lang != "en":
        return _statement_check_in(changes, lang, corridor=corridor, before=before,
                                   after=after, claimed_pct=claimed_pct, claim=claim)
    if changes.empty:
        return (f"No {corridor} series in the data has full-year figures for both "
                f"{before} and {after}, so the statement ({claim}) cannot be checked "
                "against them.")
    parts = []
    for r in changes.itertuples(index=False):
        agrees = (r.change_pct <= claimed_pct) if claimed_pct < 0 else (
            r.change_pct >= claimed_pct)
        parts.append(f"{r.title}: {r.value_before:,.0f} {r.unit} in {before}, "
                     f"{r.value_after:,.0f} in {after} ({r.change_pct:+.1f}%, "
                     f"{'agrees with' if agrees else 'does not bear out'} {claim})")
    return (f"What the series give for {before} -> {after} (full years, both directions): "
            + "; ".join(parts) + ". Other series lack one of the two years.")


def _statement_check_in(changes: pd.DataFrame, lang: str, *, corridor: str, before: int,
                        after: int, claimed_pct: float, claim: str) -> str:
    """:func:`statement_check`'s sentence in Russian or Kazakh (numbers per locale)."""
    t = translator(lang)
    _ = t.gettext
    if changes.empty:
        return _("No series of this corridor in the data has full-year figures for both "
                 "{before} and {after}, so the statement ({claim}) cannot be checked against "
                 "them.").format(before=before, after=after, claim=claim)
    catalog, parts = load_series_catalog(), []
    for r in changes.itertuples(index=False):
        agrees = (r.change_pct <= claimed_pct) if claimed_pct < 0 else (
            r.change_pct >= claimed_pct)
        verdict = (_("agrees with {claim}") if agrees
                   else _("does not bear out {claim}")).format(claim=claim)
        change = ("+" if r.change_pct >= 0 else "-") + format_number(abs(r.change_pct), lang, 1)
        parts.append(_("{series}: {before_value} {unit} in {before}, {after_value} in "
                       "{after} ({change}%, {verdict})").format(
            series=catalog.title(r.series, lang), unit=format_unit(r.unit, lang),
            before_value=format_number(r.value_before, lang, 0), before=before,
            after_value=format_number(r.value_after, lang, 0), after=after,
            change=change, verdict=verdict))
    return _("What the series give for {before} → {after} (full years, both directions): "
             "{parts}. Other series lack one of the two years.").format(
        before=before, after=after, parts="; ".join(parts))
