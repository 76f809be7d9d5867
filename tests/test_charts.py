"""Altair chart specifications (corridors.timeline.charts): events, tooltips, partial points."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from corridors.domain.formatting import format_number as format_value
from corridors.timeline.charts import (
    series_colours,
    share_chart,
    timeline_chart,
    utilisation_chart,
    yoy_chart,
)
from corridors.timeline.comparisons import corridor_share, utilisation, year_on_year
from corridors.timeline.series import build_series


def figure(period, start, end, value, corridor="middle", metric="volume"):
    return {"corridor": corridor, "location": "", "period": period,
            "period_start": pd.Timestamp(start), "period_end": pd.Timestamp(end),
            "metric": metric, "direction": "both", "value": float(value), "unit": "t",
            "quality": "reported", "source": f"https://example.org/{corridor}/{period}",
            "note": ""}


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame([
        figure("2022", "2022-01-01", "2022-12-31", 1485000),
        figure("2023", "2023-01-01", "2023-12-31", 2764000),
        figure("2024-01..2024-11", "2024-01-01", "2024-11-30", 4100000),
        figure("2022", "2022-01-01", "2022-12-31", 3000000, "northern"),
        figure("2023", "2023-01-01", "2023-12-31", 2000000, "northern"),
        figure("2023", "2023-01-01", "2023-12-31", 5800000, metric="capacity"),
    ])


@pytest.fixture
def events() -> pd.DataFrame:
    return pd.DataFrame({
        "date": pd.to_datetime(["2022-02-24", "2023-06-08", "1991-07-20"]),
        "date_end": pd.NaT, "precision": ["day", "day", "day"],
        "title": ["Russia's full-scale invasion of Ukraine",
                  "Vassilenko: Northern Corridor volumes fell by over 35% in 2022",
                  "Dostyk-Alashankou rail crossing opens"],
        "description": ["d1", "d2", "d3"],
        "source": ["https://a.example/1", "https://b.example/2", "https://c.example/3"],
        "corridor": ["northern", "northern", "both"], "kind": ["geopolitics"] * 3})


def spec_of(chart) -> dict:
    return chart.to_dict()


def layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def values(spec: dict, layer: dict) -> list[dict]:
    data = layer.get("data", spec.get("data"))
    if "values" in data:
        return data["values"]
    return spec["datasets"][data["name"]]


def mark_type(layer: dict) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def timeline_spec(frame, events) -> dict:
    series = build_series(frame)
    capacity = build_series(frame, metric="capacity")
    return spec_of(timeline_chart(series, events, capacity=capacity, title="T"))


def test_events_layer_has_rules_and_titles(frame, events):
    spec = timeline_spec(frame, events)
    rules = [layer for layer in layers(spec) if mark_type(layer) == "rule"
             and "date" in layer["encoding"]["x"]["field"]]
    assert rules, "no event rule layer"
    titles = {row["title"] for row in values(spec, rules[0])}
    assert "Russia's full-scale invasion of Ukraine" in titles
    assert any("35%" in t for t in titles)
    # an event long before the charted span is left out so it does not squash the series
    assert "Dostyk-Alashankou rail crossing opens" not in titles
    tooltip = {t["field"] for t in rules[0]["encoding"]["tooltip"]}
    assert {"source", "title", "description"} <= tooltip
    texts = [layer for layer in layers(spec) if mark_type(layer) == "text"
             and layer["encoding"].get("text", {}).get("field") == "label"]
    assert texts, "no event label layer"


def test_point_tooltips_have_value_unit_period_source_quality(frame, events):
    spec = timeline_spec(frame, events)
    points = [layer for layer in layers(spec) if mark_type(layer) == "point"]
    fields = {t["field"] for t in points[0]["encoding"]["tooltip"]}
    assert {"value_text", "unit", "period_label", "source", "quality"} <= fields
    rows = values(spec, points[0])
    assert {"2,764,000", "4,100,000"} <= {r["value_text"] for r in rows}


def test_partial_points_are_distinguishable(frame, events):
    spec = timeline_spec(frame, events)
    points = next(layer for layer in layers(spec) if mark_type(layer) == "point")
    fill = points["encoding"]["fill"]
    # filled only for full reported periods; partial and estimate points are hollow
    assert fill["condition"]["test"] == "datum.shown_as == 'full period, reported'"
    assert fill["value"] == "white"
    shape = points["encoding"]["shape"]
    assert shape["field"] == "shown_as"
    assert len(set(shape["scale"]["range"])) == 3  # full, partial, estimate: three shapes
    rows = values(spec, points)
    partial = [r for r in rows if r["partial"]]
    assert [r["period_label"] for r in partial] == ["Jan–Nov 2024, partial year"]
    assert {r["shown_as"] for r in partial} == {"partial (not a full period)"}
    labels = [layer for layer in layers(spec) if mark_type(layer) == "text"
              and layer["encoding"].get("text", {}).get("value") == "partial"]
    assert labels
    line = next(layer for layer in layers(spec) if mark_type(layer) == "line")
    assert line["transform"] == [{"filter": "datum.shown_as == 'full period, reported'"}]


def test_capacity_is_dashed(frame, events):
    spec = timeline_spec(frame, events)
    dashed = [layer for layer in layers(spec) if mark_type(layer) == "rule"
              and "x2" in layer["encoding"]]
    assert dashed and dashed[0]["mark"]["strokeDash"]
    assert [r["value"] for r in values(spec, dashed[0])] == [5800000.0]


def test_y_axis_names_the_unit(frame, events):
    spec = timeline_spec(frame, events)
    points = next(layer for layer in layers(spec) if mark_type(layer) == "point")
    assert points["encoding"]["y"]["title"] == "Volume (t)"


def test_map_colours_for_corridors():
    domain, colours = series_colours(["northern", "middle", "middle: aktau"])
    assert dict(zip(domain, colours, strict=True)) == {
        "middle": "#0072B2", "northern": "#D55E00", "middle: aktau": "#E69F00"}


def test_no_url_data_in_any_chart(frame, events):
    series = build_series(frame)
    charts = [
        timeline_chart(series, events, capacity=build_series(frame, metric="capacity")),
        yoy_chart(year_on_year(series)),
        share_chart(corridor_share(frame)),
        utilisation_chart(utilisation(series, build_series(frame, metric="capacity"))),
        timeline_chart(series.iloc[:0], events),
        share_chart(corridor_share(frame, unit="TEU")),
    ]
    for chart in charts:
        text = json.dumps(chart.to_dict())
        assert '"url"' not in text
        assert "usermeta" not in text or '"actions": false' not in text


def test_derived_charts_carry_source_and_quality(frame):
    series = build_series(frame)
    for chart in (yoy_chart(year_on_year(series)), share_chart(corridor_share(frame)),
                  utilisation_chart(utilisation(series, build_series(frame,
                                                                     metric="capacity")))):
        spec = chart.to_dict()
        first = layers(spec)[0]
        fields = {t["field"] for t in first["encoding"]["tooltip"]}
        assert {"source", "quality", "unit", "period_label"} <= fields
        assert values(spec, first)


def test_share_chart_empty_says_so(frame):
    spec = share_chart(corridor_share(frame, unit="TEU")).to_dict()
    assert "No period where both corridors" in json.dumps(spec)


@pytest.mark.parametrize(("value", "text"), [(1485000.0, "1,485,000"), (12.5, "12.5"),
                                             (float("nan"), "")])
def test_format_value(value, text):
    assert format_value(value) == text
