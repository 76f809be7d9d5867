"""Timeline aggregation: 1,000,000 canonical figures into chart data (DESIGN 5).

Builds a synthetic canonical frame (4,000 series x 250 figures: 20 years of months, some
reported years, some year-to-date ranges), then times ``build_series`` at each granularity
beside a plain ``DataFrame.groupby(...).sum()`` over the same frame, measured in the same run.
Run::

    python benchmarks/bench_timeline.py
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from benchmarks.record import markdown_table, record_section
from corridors.timeline.series import build_series

N_LOCATIONS = 2_000  # per corridor
YEARS = range(2005, 2025)
REPEATS = 3


def synthetic_figures(n_locations: int = N_LOCATIONS) -> pd.DataFrame:
    """Return a canonical-shaped frame: 2 corridors x ``n_locations`` x 250 periods."""
    months = pd.period_range(f"{YEARS[0]}-01", f"{YEARS[-1]}-12", freq="M")
    starts = list(months.start_time)
    ends = list(months.end_time.normalize())
    labels = [str(m) for m in months]
    for year in YEARS[::4]:  # a reported year beside its months: the reported one wins
        starts.append(pd.Timestamp(f"{year}-01-01"))
        ends.append(pd.Timestamp(f"{year}-12-31"))
        labels.append(str(year))
    for year in YEARS[1::4]:  # a year-to-date range: its own partial point
        starts.append(pd.Timestamp(f"{year}-01-01"))
        ends.append(pd.Timestamp(f"{year}-11-30"))
        labels.append(f"{year}-01..{year}-11")
    n_periods = len(starts)
    locations = np.array([f"loc{i:04d}" for i in range(n_locations)], dtype=object)
    corridor = np.repeat(np.array(["northern", "middle"], dtype=object), n_locations * n_periods)
    location = np.tile(np.repeat(locations, n_periods), 2)
    rng = np.random.default_rng(6)
    size = len(corridor)
    # each corridor's headline series in t (issue 11: build_series draws one line per series)
    series = np.where(corridor == "middle", "kz-mot-titr", "kz-china-crossings")
    return pd.DataFrame({
        "corridor": corridor, "series": series, "location": location,
        "period": np.tile(np.array(labels, dtype=object), 2 * n_locations),
        "period_start": np.tile(np.array(starts, dtype="datetime64[ns]"), 2 * n_locations),
        "period_end": np.tile(np.array(ends, dtype="datetime64[ns]"), 2 * n_locations),
        "metric": "volume", "direction": "both",
        "value": rng.uniform(1_000, 100_000, size).round(), "unit": "t",
        "quality": np.where(rng.random(size) < 0.05, "estimate", "reported"),
        "source": np.array([f"https://example.org/{i % 7}" for i in range(size)], dtype=object),
        "note": ""})


def best_of(func, repeats: int = REPEATS) -> tuple[float, object]:
    """Return (best wall time in seconds, last result) over ``repeats`` runs."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    figures = synthetic_figures()
    n = len(figures)
    baseline_s, base = best_of(lambda: figures.groupby(
        ["corridor", "location", figures["period_start"].dt.year])["value"].sum())
    rows = [["baseline: `groupby(corridor, location, year).sum()`", f"{n:,}",
             f"{len(base):,}", f"{baseline_s * 1000:,.0f}", "1.0"]]
    for granularity in ("year", "quarter", "month"):
        seconds, out = best_of(lambda g=granularity: build_series(figures, granularity=g))
        rows.append([f"`build_series(granularity={granularity!r})`", f"{n:,}", f"{len(out):,}",
                     f"{seconds * 1000:,.0f}", f"{seconds / baseline_s:.1f}"])
    body = markdown_table(["operation", "figures in", "points out", "best of 3 (ms)",
                           "x baseline"], rows)
    body += ("\n4,000 series (2 corridors x 2,000 locations) x 250 figures: 240 months "
             "2005-2024, 5 reported years (which win over their 12 months) and 5 "
             "year-to-date ranges (kept as their own partial points). The baseline only "
             "sums by calendar year; `build_series` also checks tiling, prefers reported "
             "figures, keeps cumulative ranges apart and joins sources.\n")
    print(body)
    record_section("timeline", "Timeline aggregation (1,000,000 figures)", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
