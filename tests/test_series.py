"""Timeline aggregation rules (corridors.timeline.series), on tiny inline figures."""

from __future__ import annotations

import pandas as pd
import pytest

from corridors.domain.records import CANONICAL_COLUMNS
from corridors.domain.series_catalog import load_series_catalog
from corridors.timeline.comparisons import corridor_share, utilisation, year_on_year
from corridors.timeline.series import (
    REPORTED,
    SERIES_COLUMNS,
    build_series,
    classify_periods,
    periods_with_data,
)

SERIES = load_series_catalog()
BOUNDS = {
    "2023": ("2023-01-01", "2023-12-31"), "2024": ("2024-01-01", "2024-12-31"),
    "2023-H1": ("2023-01-01", "2023-06-30"), "2023-H2": ("2023-07-01", "2023-12-31"),
    "2024-H1": ("2024-01-01", "2024-06-30"),
    **{f"2023-Q{q}": (f"2023-{3 * q - 2:02d}-01", end)
       for q, end in zip(range(1, 5), ["2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31"],
                         strict=True)},
    **{f"2024-Q{q}": (f"2024-{3 * q - 2:02d}-01", end)
       for q, end in zip(range(1, 5), ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"],
                         strict=True)},
    **{f"2023-{m:02d}": (f"2023-{m:02d}-01",
                         (pd.Timestamp(f"2023-{m:02d}-01") + pd.offsets.MonthEnd(1)).strftime(
                             "%Y-%m-%d")) for m in range(1, 13)},
    "2024-01..2024-11": ("2024-01-01", "2024-11-30"),
    "2023-01..2023-07": ("2023-01-01", "2023-07-31"),
    "2021-06..2022-06": ("2021-06-01", "2022-06-30"),
}


def figures(*rows: tuple) -> pd.DataFrame:
    """Rows of (period, value[, corridor[, metric[, unit[, location[, quality]]]]])."""
    out = []
    for row in rows:
        defaults = ("middle", "volume", "t", "", "reported")
        period, value, corridor, metric, unit, location, quality = (
            *row, *defaults[len(row) - 2:])
        start, end = BOUNDS[period]
        # the corridor's default series for the unit and metric, as an upload gets it
        series = SERIES.default_for(corridor, unit, metric)
        out.append({"corridor": corridor, "series": series, "location": location,
                    "period": period,
                    "period_start": pd.Timestamp(start), "period_end": pd.Timestamp(end),
                    "metric": metric, "direction": "both", "value": float(value),
                    "unit": unit, "quality": quality, "source": f"src {period}", "note": ""})
    return pd.DataFrame(out, columns=list(CANONICAL_COLUMNS))


def as_rows(series: pd.DataFrame) -> list[tuple]:
    return list(series[["period", "value", "partial"]].itertuples(index=False, name=None))


QUARTERS_2023 = [("2023-Q1", 10), ("2023-Q2", 20), ("2023-Q3", 30), ("2023-Q4", 40)]
MONTHS_2023 = [(f"2023-{m:02d}", m) for m in range(1, 13)]


@pytest.mark.parametrize(("rows", "granularity", "expected", "basis"), [
    # annual figures are kept as reported
    ([("2023", 100), ("2024", 150)], "year",
     [("2023", 100.0, False), ("2024", 150.0, False)], [REPORTED, REPORTED]),
    # four quarters tile the year: summed
    (QUARTERS_2023, "year", [("2023", 100.0, False)], ["sum of 4 quarters"]),
    # twelve months tile the year
    (MONTHS_2023, "year", [("2023", 78.0, False)], ["sum of 12 months"]),
    # a half plus two quarters tile the year
    ([("2023-H1", 30), ("2023-Q3", 30), ("2023-Q4", 40)], "year",
     [("2023", 100.0, False)], ["sum of 1 half and 2 quarters"]),
    # three quarters: a partial year, never a year
    (QUARTERS_2023[:3], "year", [("2023-01..2023-09", 60.0, True)], ["sum of 3 quarters"]),
    # one half only: partial
    ([("2024-H1", 70)], "year", [("2024-H1", 70.0, True)], ["reported for 2024-H1"]),
    # three months tile a quarter
    (MONTHS_2023[:3], "quarter", [("2023-Q1", 6.0, False)], ["sum of 3 months"]),
    # quarters are summed into halves
    (QUARTERS_2023, "half", [("2023-H1", 30.0, False), ("2023-H2", 70.0, False)],
     ["sum of 2 quarters", "sum of 2 quarters"]),
    # coarser figures never appear at a finer granularity
    ([("2023", 100)], "quarter", [], []),
])
def test_tiling_rules(rows, granularity, expected, basis):
    series = build_series(figures(*rows), granularity=granularity)
    assert as_rows(series) == expected
    assert series["basis"].tolist() == basis
    assert list(series.columns) == SERIES_COLUMNS


def test_partial_year_is_labelled_partial():
    series = build_series(figures(*QUARTERS_2023[:3]))
    assert series["period_label"].tolist() == ["Jan–Sep 2023, partial year"]


@pytest.mark.parametrize("rows", [
    [("2024-01..2024-11", 95), ("2024", 100)],
    [("2024-01..2024-11", 95), ("2024-Q1", 10), ("2024-Q2", 20), ("2024-Q3", 30),
     ("2024-Q4", 40)],
    [("2024-01..2024-11", 95)],
])
def test_ytd_range_never_added_to_plain_periods(rows):
    series = build_series(figures(*rows))
    ytd = series[series["period"] == "2024-01..2024-11"]
    assert ytd["value"].tolist() == [95.0]
    assert ytd["partial"].tolist() == [True]
    assert ytd["period_label"].tolist() == ["Jan–Nov 2024, partial year"]
    full = series[~series["partial"]]
    assert (full["value"] <= 100.0).all()  # 95 never added to anything
    assert series["value"].sum() == pytest.approx(sum(v for _, v in rows))


def test_range_across_years_left_out_and_counted():
    series = build_series(figures(("2021-06..2022-06", 129), ("2023", 10)))
    assert series["period"].tolist() == ["2023"]
    assert series.attrs["left_out"] == 1


@pytest.mark.parametrize("granularity", ["year", "half", "quarter"])
def test_capacity_never_summed(granularity):
    rows = [(p, 5, "middle", "capacity") for p, _ in QUARTERS_2023] + [
        ("2024", 6, "middle", "capacity")]
    series = build_series(figures(*rows), metric="capacity", granularity=granularity)
    expected = {"year": [("2024", 6.0, False)], "half": [],
                "quarter": [(p, 5.0, False) for p, _ in QUARTERS_2023]}[granularity]
    assert as_rows(series) == expected


def test_reported_wins_over_sum_and_is_noted():
    series = build_series(figures(("2023", 120), *QUARTERS_2023))
    assert as_rows(series) == [("2023", 120.0, False)]
    assert series["basis"].iloc[0] == REPORTED
    assert "sum of 4 quarters (100)" in series["note"].iloc[0]


def test_sources_and_quality_of_a_sum():
    rows = [*QUARTERS_2023[:3], ("2023-Q4", 40, "middle", "volume", "t", "", "estimate")]
    row = build_series(figures(*rows)).iloc[0]
    assert row["source"] == "src 2023-Q1; src 2023-Q2; src 2023-Q3; src 2023-Q4"
    assert row["quality"] == "estimate"


def test_locations_and_corridors_are_separate_series():
    rows = [("2023", 1), ("2023", 2, "northern"), ("2023", 3, "middle", "volume", "t", "aktau")]
    frame = figures(*rows)
    assert build_series(frame)["series"].tolist() == [
        "middle / kz-mot-titr", "middle: aktau / kz-mot-titr", "northern / kz-china-crossings"]
    assert build_series(frame, location="")["value"].tolist() == [1.0, 2.0]
    assert build_series(frame, corridor="middle", location="aktau")["value"].tolist() == [3.0]


def test_units_are_never_mixed():
    frame = figures(("2023", 1), ("2023", 2, "middle", "volume", "TEU"))
    assert build_series(frame, unit="TEU")["value"].tolist() == [2.0]


def test_empty_selection_gives_empty_frame():
    series = build_series(figures(("2023", 1)), corridor="northern")
    assert series.empty and list(series.columns) == SERIES_COLUMNS


@pytest.mark.parametrize(("rows", "granularity", "expected"), [
    ([("2023", 100), ("2024", 150)], "year", [("2024", "2023", 50.0)]),
    # a partial year is never compared with a full one
    ([("2023", 100), ("2024-01..2024-11", 150)], "year", []),
    ([*QUARTERS_2023, ("2024-Q1", 15), ("2024-Q2", 10)], "quarter",
     [("2024-Q1", "2023-Q1", 50.0), ("2024-Q2", "2023-Q2", -50.0)]),
    # a sum of 4 quarters is a full year: comparable with a reported one
    ([*QUARTERS_2023, ("2024", 50)], "year", [("2024", "2023", -50.0)]),
])
def test_year_on_year(rows, granularity, expected):
    yoy = year_on_year(build_series(figures(*rows), granularity=granularity))
    got = list(yoy[["period", "previous_period", "change_pct"]].itertuples(index=False,
                                                                          name=None))
    assert got == [(p, q, pytest.approx(c)) for p, q, c in expected]


def test_corridor_share_only_comparable_pairs():
    frame = figures(("2023", 30), ("2023", 70, "northern"), ("2024", 50),
                    ("2024", 10, "northern", "volume", "TEU"))
    share = corridor_share(frame, "volume", "t")
    assert share[["period", "share_pct"]].values.tolist() == [["2023", 30.0]]
    assert share["source"].iloc[0] == "src 2023"
    assert corridor_share(frame, "volume", "TEU").empty


def test_utilisation_same_location_period_unit():
    frame = figures(("2023", 50), ("2023", 200, "middle", "capacity"),
                    ("2024", 80, "middle", "capacity"), ("2024-01..2024-11", 70))
    util = utilisation(build_series(frame), build_series(frame, metric="capacity"))
    assert util[["period", "utilisation_pct", "capacity"]].values.tolist() == [
        ["2023", 25.0, 200.0]]


def test_periods_with_data_ordering():
    frame = figures(("2024-01..2024-11", 1), ("2023-Q2", 1), ("2023", 1), ("2023-Q1", 1),
                    ("2023-01..2023-07", 1), ("2023-02", 1), ("2024", 1), ("2023-H1", 1))
    got = [(p.period, p.kind) for p in periods_with_data(frame)]
    assert got == [("2023", "year"), ("2023-H1", "half"), ("2023-Q1", "quarter"),
                   ("2023-02", "month"), ("2023-Q2", "quarter"), ("2024", "year"),
                   ("2023-01..2023-07", "range"), ("2024-01..2024-11", "range")]
    assert periods_with_data(frame)[-1].label == "Jan–Nov 2024"


@pytest.mark.parametrize(("start", "end", "kind"), [
    ("2023-01-01", "2023-12-31", "year"), ("2023-07-01", "2023-12-31", "half"),
    ("2023-04-01", "2023-06-30", "quarter"), ("2024-02-01", "2024-02-29", "month"),
    ("2023-02-01", "2023-04-30", "range"), ("2023-04-01", "2023-09-30", "range"),
    ("2018-01-01", "2018-11-07", "range"), ("2022-12-01", "2023-11-30", "range"),
])
def test_classify_periods(start, end, kind):
    got = classify_periods(pd.Series([pd.Timestamp(start)]), pd.Series([pd.Timestamp(end)]))
    assert got.tolist() == [kind]


def test_two_series_of_one_corridor_and_period_are_two_lines_never_summed():
    frame = figures(("2023", 100), ("2023", 40))
    frame.loc[1, "series"] = "ktz-titr"
    series = build_series(frame)
    assert sorted(series["series"]) == ["middle / ktz-titr", "middle / kz-mot-titr"]
    assert sorted(series["value"]) == [40.0, 100.0]  # never 140
    # quarters of one series never complete the year of another
    frame = figures(*QUARTERS_2023[:2], ("2023-Q3", 30), ("2023-Q4", 40))
    frame.loc[frame["period"] == "2023-Q4", "series"] = "ktz-titr"
    rows = build_series(frame)
    assert rows["partial"].all() and 100.0 not in rows["value"].tolist()
    assert build_series(frame, series=["ktz-titr"])["series"].tolist() == ["middle / ktz-titr"]


def test_year_on_year_only_within_one_series_and_share_only_of_headlines():
    frame = figures(("2023", 100), ("2024", 150), ("2023", 10, "northern"),
                    ("2024", 30, "northern"))
    frame.loc[3, "series"] = "kz-transit"  # northern 2024 from another series
    changes = year_on_year(build_series(frame))
    assert changes["series"].tolist() == ["middle / kz-mot-titr"]
    assert changes["change_pct"].round(1).tolist() == [50.0]
    share = corridor_share(frame)
    assert share["period"].tolist() == ["2023"]  # 2024 has no northern headline figure
    assert share["share_pct"].round(2).tolist() == [round(100 / 110 * 100, 2)]
