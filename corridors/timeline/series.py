"""Timeline aggregation: canonical figures -> chart data (issue 6).

The input is the store's ``current_figures()`` frame (canonical columns, ``period_start``
and ``period_end`` inclusive ``datetime64[ns]``). Rules, in the order they are applied:

* Series are never merged: every rule below works within one series (the catalogued
  slug of ``geodata/series.toml``) of one corridor and location, and each is its own line.
* A figure is used at a granularity (``year``, ``half``, ``quarter``, ``month``) only if its
  period is exactly one such period, or if finer *plain* figures tile that period exactly
  (3 months -> quarter, 2 quarters -> half, 2 halves -> year, so also 4 quarters or 12 months
  -> year, or mixes such as H1 + Q3 + Q4). Tiled parts are summed: volumes only.
* Capacity is a rate (t/yr, TEU/yr): it is never summed; it is shown only where its period
  is exactly the granularity's period.
* When a period has both a reported figure and a complete sum of parts, the reported figure
  wins and the sum is written in ``note``.
* Finer plain figures that do not tile their period are summed into one point marked
  ``partial`` (a year with only H1, or three quarters, is never shown as a full year).
* Cumulative ranges (``2024-01..2024-11``) are never summed with anything: each is its own
  point, marked ``partial``, labelled e.g. ``Jan–Nov 2024, partial year``. Ranges that do not
  fit inside one period of the granularity are left out (counted in ``attrs["left_out"]``).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from corridors.domain.records import GRANULARITIES

# fine to coarse: a period of one kind tiles the next kinds up
FINE_TO_COARSE = tuple(reversed(GRANULARITIES))
#: child granularity and how many children tile one parent
_CHILD = {"quarter": ("month", 3), "half": ("quarter", 2), "year": ("half", 2)}
_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}
_LEAF_NAMES = {"month": ("month", "months"), "quarter": ("quarter", "quarters"),
               "half": ("half", "halves"), "year": ("year", "years")}
_KEY = ["corridor", "slug", "location"]
#: ``series`` is the line's id (``middle / kz-mot-titr``, ``middle: aktau / aktau-port``),
#: ``slug`` the catalogued series it draws
LINE_SEPARATOR = " / "
SERIES_COLUMNS = [
    "series", "slug", "corridor", "location", "metric", "direction", "unit", "granularity",
    "period",
    "period_label", "period_start", "period_end", "period_mid", "value", "partial", "basis",
    "source", "quality", "note",
]
REPORTED = "reported for the period"


class PeriodBounds(NamedTuple):
    """One period with data, for the map's period control."""

    period: str  #: canonical label, e.g. ``2023-Q1`` or ``2024-01..2024-11``
    label: str  #: display label, e.g. ``Q1 2023`` or ``Jan–Nov 2024``
    start: pd.Timestamp  #: first day, inclusive
    end: pd.Timestamp  #: last day, inclusive
    kind: str  #: ``year``, ``half``, ``quarter``, ``month`` or ``range``


def classify_periods(start: pd.Series, end: pd.Series) -> pd.Series:
    """Return the kind of each period from its inclusive bounds.

    Parameters
    ----------
    start, end : pandas.Series of datetime64[ns]
        First and last day of each period, both inclusive.

    Returns
    -------
    pandas.Series of str
        ``year``, ``half``, ``quarter``, ``month``, or ``range`` for anything else
        (cumulative year-to-date spans, spans across periods, day-precise spans).
    """
    month_aligned = (start.dt.day == 1) & end.dt.is_month_end
    n_months = (end.dt.year - start.dt.year) * 12 + end.dt.month - start.dt.month + 1
    first = start.dt.month
    conditions = [
        month_aligned & (n_months == 12) & (first == 1),
        month_aligned & (n_months == 6) & first.isin([1, 7]),
        month_aligned & (n_months == 3) & first.isin([1, 4, 7, 10]),
        month_aligned & (n_months == 1),
    ]
    kinds = np.select(conditions, ["year", "half", "quarter", "month"], default="range")
    return pd.Series(kinds, index=start.index, dtype=object)


def floor_period(start: pd.Series, granularity: str) -> pd.Series:
    """Return the first day of the ``granularity`` period containing each date."""
    step = _MONTHS[granularity]
    month = (start.dt.month - 1) // step * step + 1
    return pd.to_datetime(pd.DataFrame({"year": start.dt.year, "month": month, "day": 1}))


def _period_end(first: pd.Series, granularity: str) -> pd.Series:
    return first + pd.offsets.MonthEnd(_MONTHS[granularity])


def _on_unique(func, *columns: pd.Series):
    """Apply ``func`` to the distinct rows of ``columns`` only and spread the results back.

    Chart data repeat a few hundred periods over up to millions of rows; string formatting
    per distinct period instead of per row is what keeps the 1M-row benchmark fast.
    """
    index = columns[0].index
    codes = np.zeros(len(index), dtype=np.int64)
    for column in columns:  # mixed-radix code per row; cheaper than a MultiIndex
        column_codes, uniques = pd.factorize(column)
        codes = codes * (len(uniques) + 1) + column_codes
    _, first, codes = np.unique(codes, return_index=True, return_inverse=True)
    levels = [column.iloc[first].reset_index(drop=True) for column in columns]
    results = func(*levels)
    results = results if isinstance(results, tuple) else (results,)
    spread = tuple(pd.Series(np.asarray(r, dtype=object)[codes], index=index) for r in results)
    return spread if len(spread) > 1 else spread[0]


def period_labels(start: pd.Series, kind: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return (canonical, display) labels of plain periods (``2023-Q1``, ``Q1 2023``)."""
    return _on_unique(_period_labels, start, kind) if len(start) else (start.astype(object),) * 2


def _period_labels(start: pd.Series, kind: pd.Series) -> tuple[pd.Series, pd.Series]:
    year = start.dt.year.astype(str)
    month = start.dt.month
    half = np.where(month <= 6, "H1", "H2")
    quarter = "Q" + ((month - 1) // 3 + 1).astype(str)
    canon = np.select(
        [kind == "year", kind == "half", kind == "quarter"],
        [year, year + "-" + half, year + "-" + quarter],
        default=start.dt.strftime("%Y-%m"))
    shown = np.select(
        [kind == "year", kind == "half", kind == "quarter"],
        [year, half + " " + year, quarter + " " + year],
        default=start.dt.strftime("%b %Y"))
    return pd.Series(canon, index=start.index), pd.Series(shown, index=start.index)


def span_labels(start: pd.Series, end: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Return (canonical, display) labels of ranges: ``2024-01..2024-11``, ``Jan–Nov 2024``."""
    return _on_unique(_span_labels, start, end) if len(start) else (start.astype(object),) * 2


def _span_labels(start: pd.Series, end: pd.Series) -> tuple[pd.Series, pd.Series]:
    aligned = (start.dt.day == 1) & end.dt.is_month_end
    canon = np.where(aligned,
                     start.dt.strftime("%Y-%m") + ".." + end.dt.strftime("%Y-%m"),
                     start.dt.strftime("%Y-%m-%d") + ".." + end.dt.strftime("%Y-%m-%d"))
    same_year = start.dt.year == end.dt.year
    first = np.where(aligned, start.dt.strftime("%b"), start.dt.strftime("%-d %b"))
    last = np.where(aligned, end.dt.strftime("%b %Y"), end.dt.strftime("%-d %b %Y"))
    first = np.where(same_year, first, pd.Series(first, index=start.index) + " "
                     + start.dt.year.astype(str))
    return (pd.Series(canon, index=start.index),
            pd.Series(first, index=start.index) + "–" + pd.Series(last, index=start.index))


def line_id(corridor: str, location: str, slug: str) -> str:
    """The id of one line: ``middle / kz-mot-titr``, ``middle: aktau / aktau-port``."""
    place = f"{corridor}: {location}" if location else corridor
    return f"{place}{LINE_SEPARATOR}{slug}" if slug else place


def split_line_id(name: str) -> tuple[str, str, str]:
    """``(corridor, location, slug)`` of a line id (slug ``""`` for a plain place id)."""
    place, sep, slug = name.rpartition(LINE_SEPARATOR)
    if not sep:
        place, slug = name, ""
    corridor, _, location = place.partition(":")
    return corridor, location.strip(), slug


def _select(figures: pd.DataFrame, corridor, location, metric, unit, direction,
            series=None) -> pd.DataFrame:
    mask = ((figures["metric"] == metric) & (figures["unit"] == unit)
            & (figures["direction"] == direction))
    if series is not None:
        mask &= figures["series"].isin(list(series))
    if corridor is not None:
        mask &= figures["corridor"] == corridor
    if location is not None:
        mask &= figures["location"].fillna("") == location
    cols = ["corridor", "series", "location", "period_start", "period_end", "value",
            "source", "quality", "note"]
    frame = figures.loc[mask, cols].rename(columns={"series": "slug"})
    frame["slug"] = frame["slug"].fillna("")
    frame["location"] = frame["location"].fillna("")
    frame["note"] = frame["note"].fillna("")
    frame["source"] = frame["source"].fillna("")
    frame["kind"] = classify_periods(frame["period_start"], frame["period_end"])
    return frame


def _join_unique(frame: pd.DataFrame, group: str, column: str) -> pd.Series:
    """Join the distinct non-empty texts of ``column`` per ``group`` with ``"; "``."""
    # string concatenation through groupby-sum stays vectorised; a per-group lambda does not
    pairs = frame.loc[frame[column] != "", [group, column]].drop_duplicates()
    return (pairs[column] + "; ").groupby(pairs[group]).sum().str[:-2]


def _leaf_init(frame: pd.DataFrame) -> pd.DataFrame:
    """Turn reported figures into pieces: one leaf of their own kind each."""
    pieces = frame.copy()
    for kind in FINE_TO_COARSE:
        pieces["n_" + kind] = (pieces["kind"] == kind).astype(np.int64)
    pieces["estimate"] = pieces["quality"] == "estimate"
    return pieces.drop(columns=["quality"])


def _sum_groups(pieces: pd.DataFrame, group: pd.Series) -> pd.DataFrame:
    """Sum disjoint pieces per group id: values, leaf counts, bounds, sources, notes."""
    work = pieces.assign(group=group.to_numpy())
    leaf_cols = ["n_" + k for k in FINE_TO_COARSE]
    out = work.groupby("group").agg(
        corridor=("corridor", "first"), slug=("slug", "first"),
        location=("location", "first"),
        period_start=("period_start", "min"), period_end=("period_end", "max"),
        value=("value", "sum"), estimate=("estimate", "max"),
        **{c: (c, "sum") for c in leaf_cols})
    out["source"] = _join_unique(work, "group", "source").reindex(out.index, fill_value="")
    out["note"] = _join_unique(work, "group", "note").reindex(out.index, fill_value="")
    return out.reset_index(drop=True)


def describe_leaves(counts: pd.DataFrame) -> pd.Series:
    """Return ``sum of 4 quarters``-style text from the ``n_<kind>`` leaf counts."""
    columns = [counts["n_" + k] for k in FINE_TO_COARSE]
    if counts.empty:
        return pd.Series("", index=counts.index, dtype=object)
    return _on_unique(lambda *c: _describe_leaves(pd.concat(
        c, axis=1, keys=["n_" + k for k in FINE_TO_COARSE])), *columns)


def _describe_leaves(counts: pd.DataFrame) -> pd.Series:
    text = pd.Series("", index=counts.index, dtype=object)
    for kind in reversed(FINE_TO_COARSE):
        n = counts["n_" + kind]
        one, many = _LEAF_NAMES[kind]
        part = np.where(n == 1, "1 " + one, n.astype(str) + " " + many)
        text = np.where(n > 0, np.where(text == "", part, text + " and " + part), text)
        text = pd.Series(text, index=counts.index, dtype=object)
    return "sum of " + text


def _roll_up(pieces: pd.DataFrame, reported: pd.DataFrame, level: str) -> pd.DataFrame:
    """Merge pieces one level up: complete tilings are summed, reported figures win."""
    child, n_children = _CHILD[level]
    pieces = pieces.assign(parent=floor_period(pieces["period_start"], level))
    ids = pieces.groupby(_KEY + ["parent"], sort=False).ngroup()
    is_child = (pieces["kind"] == child).groupby(ids).transform("sum")
    complete = is_child.to_numpy() == n_children
    summed = _sum_groups(pieces[complete], ids[complete])
    summed["kind"], summed["reported"] = level, False
    orphans = pieces[~complete]
    # a reported figure for the parent overrides both its summed parts and its orphans
    taken = reported[_KEY + ["period_start"]].rename(columns={"period_start": "parent"})
    taken = taken.assign(_taken=True)
    orphans = orphans.merge(taken, on=_KEY + ["parent"], how="left")
    orphans = orphans[orphans["_taken"].isna()].drop(columns=["_taken", "parent"])
    keys = _KEY + ["period_start"]
    both = reported.merge(summed[keys + ["value"] + ["n_" + k for k in FINE_TO_COARSE]],
                          on=keys, how="left", suffixes=("", "_sum"))
    reported = _note_overridden(both)
    summed = summed.merge(taken.rename(columns={"parent": "period_start"}), on=keys, how="left")
    summed = summed[summed["_taken"].isna()].drop(columns="_taken")
    return pd.concat([reported, summed, orphans], ignore_index=True)


def _note_overridden(both: pd.DataFrame) -> pd.DataFrame:
    """Write the overridden sum of parts into the note of each reported figure."""
    has_sum = both["value_sum"].notna()
    if has_sum.any():
        counts = both.loc[has_sum, [f"n_{k}_sum" for k in FINE_TO_COARSE]]
        counts.columns = ["n_" + k for k in FINE_TO_COARSE]
        text = ("reported figure preferred over the " + describe_leaves(counts) + " ("
                + both.loc[has_sum, "value_sum"].map("{:,.0f}".format) + ")")
        note = both.loc[has_sum, "note"]
        both.loc[has_sum, "note"] = np.where(note == "", text, note + "; " + text)
    return both.drop(columns=[c for c in both.columns if c.endswith("_sum")])


def _complete_pieces(frame: pd.DataFrame, granularity: str, summable: bool) -> pd.DataFrame:
    """Return the disjoint maximal pieces at ``granularity`` (complete ones and orphans)."""
    plain = _leaf_init(frame[frame["kind"] != "range"])
    plain["reported"] = True
    if not summable:  # capacity: only figures of exactly this granularity
        return plain[plain["kind"] == granularity]
    levels = FINE_TO_COARSE[: FINE_TO_COARSE.index(granularity) + 1]
    pieces = plain[plain["kind"] == levels[0]]
    for level in levels[1:]:
        pieces = _roll_up(pieces, plain[plain["kind"] == level], level)
    return pieces


def _partial_points(orphans: pd.DataFrame, granularity: str) -> pd.DataFrame:
    """Sum the pieces that do not tile their period into one partial point per period."""
    if orphans.empty:
        return orphans.assign(period="", period_label="", basis="")
    ids = orphans.groupby(_KEY + [floor_period(orphans["period_start"], granularity)],
                          sort=False).ngroup()
    out = _sum_groups(orphans, ids)
    covered = out["n_month"] + 3 * out["n_quarter"] + 6 * out["n_half"]
    start, end = out["period_start"], out["period_end"]
    span = (end.dt.year - start.dt.year) * 12 + end.dt.month - start.dt.month + 1
    kind = classify_periods(start, end)
    plain_canon, _ = period_labels(start, kind)
    canon, shown = span_labels(start, end)
    out["period"] = np.where(kind != "range", plain_canon, canon)
    gap_label = start.dt.year.astype(str) + ", " + covered.astype(str) + " of " + str(
        _MONTHS[granularity]) + " months"
    out["period_label"] = np.where(covered == span, shown, gap_label) + f", partial {granularity}"
    single = covered.isin([1, 3, 6]) & (out[["n_" + k for k in FINE_TO_COARSE]].sum(axis=1) == 1)
    out["basis"] = np.where(single, "reported for " + out["period"], describe_leaves(out))
    return out


def _range_points(ranges: pd.DataFrame, granularity: str) -> pd.DataFrame:
    """Cumulative ranges inside one period of ``granularity``: each its own partial point."""
    inside = (floor_period(ranges["period_start"], granularity)
              == floor_period(ranges["period_end"], granularity))
    out = ranges[inside].copy()
    out["period"], shown = span_labels(out["period_start"], out["period_end"])
    out["period_label"] = shown + f", partial {granularity}"
    out["basis"] = "reported cumulative range"
    out["estimate"] = out["quality"] == "estimate"
    return out


def build_series(figures: pd.DataFrame, *, corridor: str | None = None,
                 location: str | None = None, metric: str = "volume", unit: str = "t",
                 granularity: str = "year", direction: str = "both",
                 series=None) -> pd.DataFrame:
    """Aggregate canonical figures into one row per (line, period) for a chart.

    A line is one series of one corridor at one location: figures of two series are
    never summed, averaged or drawn as one line.

    Parameters
    ----------
    figures : pandas.DataFrame
        Canonical figures (``Store.current_figures()``); bounds inclusive datetime64[ns].
    corridor : str, optional
        ``northern`` or ``middle``; None keeps both (one series each).
    location : str, optional
        Node, segment or route id; ``""`` is the whole corridor; None keeps every location,
        each as its own series.
    metric : str
        ``volume`` (summed over tiling parts) or ``capacity`` (a rate, never summed).
    unit : str
        ``t`` (tonnes), ``TEU`` or ``trains``; units are never converted or mixed.
    granularity : str
        ``year``, ``half``, ``quarter`` or ``month``.
    direction : str
        ``both``, ``westbound`` or ``eastbound`` (matched exactly, never summed).
    series : iterable of str, optional
        Slugs of the series to keep; None keeps every series (one line each).

    Returns
    -------
    pandas.DataFrame
        Columns ``SERIES_COLUMNS``, sorted by series and period. ``value`` is in ``unit``
        per period (capacity: in ``unit`` per year as reported). ``partial`` marks cumulative
        ranges and periods only partly covered. ``attrs["left_out"]`` counts selected
        figures that cannot be shown at this granularity (coarser, or spanning periods).
    """
    if granularity not in FINE_TO_COARSE:
        raise ValueError(f"granularity {granularity!r} is not one of {FINE_TO_COARSE}")
    frame = _select(figures, corridor, location, metric, unit, direction, series)
    pieces = _complete_pieces(frame, granularity, summable=metric == "volume")
    full = pieces[pieces["kind"] == granularity].copy()
    full["period"], full["period_label"] = period_labels(full["period_start"], full["kind"])
    full["basis"] = np.where(full["reported"], REPORTED, describe_leaves(full))
    parts = [full.assign(partial=False)]
    if metric == "volume":
        orphans = pieces[pieces["kind"] != granularity]
        parts.append(_partial_points(orphans, granularity).assign(partial=True))
        ranges = _range_points(frame[frame["kind"] == "range"], granularity)
        parts.append(ranges.assign(partial=True))
    parts = [p for p in parts if not p.empty]
    out = (_finish(pd.concat(parts, ignore_index=True), metric, unit, direction, granularity)
           if parts else _empty_series())
    out.attrs["left_out"] = _left_out(frame, granularity, summable=metric == "volume")
    return out


def _empty_series() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype=object) for c in SERIES_COLUMNS})
    for column in ("period_start", "period_end", "period_mid"):
        out[column] = out[column].astype("datetime64[ns]")
    out["value"], out["partial"] = out["value"].astype(float), out["partial"].astype(bool)
    out.attrs["left_out"] = 0
    return out


def _left_out(frame: pd.DataFrame, granularity: str, summable: bool) -> int:
    """Count figures that cannot appear at ``granularity`` at all (not overridden ones)."""
    if not summable:
        return int((frame["kind"] != granularity).sum())
    coarser = frame["kind"].isin(FINE_TO_COARSE[FINE_TO_COARSE.index(granularity) + 1:])
    ranges = frame[frame["kind"] == "range"]
    spanning = (floor_period(ranges["period_start"], granularity)
                != floor_period(ranges["period_end"], granularity))
    return int(coarser.sum() + spanning.sum())


def _finish(points: pd.DataFrame, metric: str, unit: str, direction: str,
            granularity: str) -> pd.DataFrame:
    """Add the constant and derived columns and order rows and columns."""
    out = points.assign(metric=metric, unit=unit, direction=direction, granularity=granularity)
    place = np.where(out["location"] == "", out["corridor"],
                     out["corridor"] + ": " + out["location"])
    out["series"] = np.where(out["slug"] == "", place,
                             pd.Series(place, index=out.index) + LINE_SEPARATOR + out["slug"])
    out["quality"] = np.where(out["estimate"].astype(bool), "estimate", "reported")
    out["period_mid"] = out["period_start"] + (out["period_end"] - out["period_start"]) / 2
    out["period_mid"] = out["period_mid"].dt.floor("D")
    out["partial"] = out["partial"].astype(bool)
    out["value"] = out["value"].astype(float)
    out = out[SERIES_COLUMNS].sort_values(["series", "period_start", "period_end"])
    return out.reset_index(drop=True)


def periods_with_data(figures: pd.DataFrame) -> list[PeriodBounds]:
    """Distinct periods of the figures, for the map's period control.

    Parameters
    ----------
    figures : pandas.DataFrame
        Canonical figures.

    Returns
    -------
    list of PeriodBounds
        Plain periods (year, half, quarter, month) first, in time order with the longer
        period first when two start together (2023, H1 2023, Q1 2023, Jan 2023); then
        ranges (cumulative and other spans) by start and end.
    """
    bounds = figures[["period_start", "period_end"]].drop_duplicates()
    kind = classify_periods(bounds["period_start"], bounds["period_end"])
    canon, shown = period_labels(bounds["period_start"], kind)
    span_canon, span_shown = span_labels(bounds["period_start"], bounds["period_end"])
    is_range = kind == "range"
    table = bounds.assign(kind=kind, is_range=is_range,
                          period=np.where(is_range, span_canon, canon),
                          label=np.where(is_range, span_shown, shown))
    table = table.sort_values(["is_range", "period_start", "period_end"],
                              ascending=[True, True, False])
    return [PeriodBounds(r.period, r.label, r.period_start, r.period_end, r.kind)
            for r in table.itertuples(index=False)]
