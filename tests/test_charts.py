"""Altair chart specifications (corridors.timeline.charts): events, tooltips, partial points."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from corridors.domain.formatting import format_number as format_value
from corridors.timeline.charts import (
    event_label_rows,
    series_colours,
    series_title,
    share_chart,
    timeline_chart,
    utilisation_chart,
    yoy_chart,
)
from corridors.timeline.comparisons import corridor_share, utilisation, year_on_year
from corridors.timeline.series import build_series

SERIES = {("middle", "volume"): "kz-mot-titr", ("northern", "volume"): "kz-china-crossings",
          ("middle", "capacity"): "titr-capacity"}  # the headline / capacity series in t


def figure(period, start, end, value, corridor="middle", metric="volume"):
    return {"corridor": corridor, "series": SERIES[(corridor, metric)], "location": "",
            "period": period,
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
    """Every leaf layer, nested layers flattened (events sit in a layer of their own)."""
    if "layer" not in spec:
        return [spec]
    return [leaf for layer in spec["layer"] for leaf in layers(layer)]


def _parent_data(spec: dict, layer: dict):
    """The data a leaf layer draws: its own, else the nearest enclosing layer's."""
    for child in spec.get("layer", []):
        if child is layer:
            return spec.get("data")
        if "layer" in child:
            found = _parent_data(child, layer)
            if found is not None:
                return found
    return None


def values(spec: dict, layer: dict) -> list[dict]:
    data = layer.get("data") or _parent_data(spec, layer) or spec.get("data")
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


def test_events_are_small_markers_with_titles_not_rules(frame, events):
    spec = timeline_spec(frame, events)
    assert not [layer for layer in layers(spec) if mark_type(layer) == "rule"
                and "date" in layer["encoding"]["x"]["field"]], "events must not be rules"
    rules = [layer for layer in layers(spec) if mark_type(layer) == "point"
             and "date" in layer["encoding"]["x"]["field"]]
    assert rules, "no event marker layer"
    # markers sit just above the time axis, on a scale of their own (a share of the plot)
    assert rules[0]["encoding"]["y"]["scale"] == {"domain": [0, 1]}
    assert all(row["marker_y"] <= 0.2 for row in values(spec, rules[0]))
    titles = {row["title"] for row in values(spec, rules[0])}
    assert "Russia's full-scale invasion of Ukraine" in titles
    assert any("35%" in t for t in titles)
    # an event long before the charted span is left out so it does not squash the series
    assert "Dostyk-Alashankou rail crossing opens" not in titles
    tooltip = {t["field"] for t in rules[0]["encoding"]["tooltip"]}
    assert {"source", "title", "date_text"} <= tooltip
    texts = [layer for layer in layers(spec) if mark_type(layer) == "text"
             and layer["encoding"].get("text", {}).get("field") == "label"]
    assert texts, "no event label layer"


def test_point_tooltips_have_value_unit_period_source_quality(frame, events):
    spec = timeline_spec(frame, events)
    points = [layer for layer in layers(spec) if mark_type(layer) == "point"]
    fields = {t["field"] for t in points[0]["encoding"]["tooltip"]}
    assert {"value_text", "unit", "period_label", "source", "quality", "scope"} <= fields
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
    assert {r["shown_as"] for r in values(spec, line)} <= {"full period, reported", None}


def test_the_line_breaks_where_a_period_has_no_figure():
    frame = pd.DataFrame([figure(str(y), f"{y}-01-01", f"{y}-12-31", 10 * y)
                          for y in (2015, 2022, 2023)])
    spec = spec_of(timeline_chart(build_series(frame), title="T"))
    line = next(layer for layer in layers(spec) if mark_type(layer) == "line")
    assert line["encoding"]["detail"]["field"] == "run"  # one line per run of periods
    rows = values(spec, line)
    assert [r["run"] for r in rows] == ["middle / kz-mot-titr#0", "middle / kz-mot-titr#1",
                                        "middle / kz-mot-titr#1"]


def test_events_follow_the_corridor_shown(frame, events):
    middle_only = frame[frame["corridor"] == "middle"]
    spec = timeline_spec(middle_only, events)
    titles = {r.get("title") for layer in layers(spec) for r in values(spec, layer)}
    assert "Russia's full-scale invasion of Ukraine" not in titles  # a Northern event


def test_event_numbers_close_in_time_stand_on_different_rows():
    dates = pd.Series(pd.to_datetime(["2022-01-01", "2022-02-01", "2022-03-01",
                                      "2023-06-01"]))
    assert event_label_rows(dates) == [0, 1, 2, 0]


def test_legends_sit_under_the_chart_and_titles_come_from_the_catalog(frame, events):
    from corridors.domain.catalog import load_catalog

    catalog = load_catalog()
    spec = spec_of(timeline_chart(build_series(frame), events, title="T", catalog=catalog))
    points = next(layer for layer in layers(spec) if mark_type(layer) == "point")
    assert points["encoding"]["color"]["legend"]["orient"] == "bottom"
    keys = [layer for layer in layers(spec) if (layer["encoding"].get("shape") or {}).get(
        "legend")]
    assert keys and keys[0]["encoding"]["shape"]["legend"]["orient"] == "bottom"
    assert keys[0]["encoding"]["shape"]["legend"]["symbolStrokeColor"] == "#333333"
    # the legend names each line's corridor and series
    label_expr = points["encoding"]["color"]["legend"]["labelExpr"]
    assert "Middle · KZ Ministry of Transport: TITR cargo, whole route" in label_expr
    assert f"{catalog.corridors['northern'].short_title} · " in label_expr
    assert series_title("middle: aktau", catalog) == "Middle Corridor: Aktau port"


def test_the_chart_builder_reads_no_catalog_of_its_own():
    import inspect

    import corridors.timeline.charts as charts

    assert "load_catalog" not in inspect.getsource(charts)


def test_capacity_is_dashed(frame, events):
    spec = timeline_spec(frame, events)
    dashed = [layer for layer in layers(spec) if mark_type(layer) == "rule"
              and "x2" in layer["encoding"]]
    assert dashed and dashed[0]["encoding"]["strokeDash"]["scale"]["range"] == [[6, 4]]
    # the dashed line has its own legend entry
    assert "capacity" in dashed[0]["encoding"]["strokeDash"]["scale"]["domain"][0]
    assert [r["value"] for r in values(spec, dashed[0])] == [5800000.0]


def test_y_axis_names_the_unit(frame, events):
    spec = timeline_spec(frame, events)
    points = next(layer for layer in layers(spec) if mark_type(layer) == "point")
    assert points["encoding"]["y"]["title"] == "Volume (t)"


def test_map_colours_for_corridors():
    domain, colours = series_colours(["northern", "middle", "middle: aktau"])
    assert dict(zip(domain, colours, strict=True)) == {
        "middle": "#0072B2", "northern": "#D55E00", "middle: aktau": "#E69F00"}


def test_headline_series_take_the_corridor_colour_and_titles_name_the_series():
    names = ["northern / rzd-transit", "northern / erai-1520", "middle / titr-containers"]
    domain, colours = series_colours(names)
    given = dict(zip(domain, colours, strict=True))
    assert given["northern / erai-1520"] == "#D55E00"  # headline in TEU: the map colour
    assert given["middle / titr-containers"] == "#0072B2"
    assert given["northern / rzd-transit"] not in ("#D55E00", "#0072B2")
    assert series_title("northern / erai-1520") == (
        "ERAI: China-EU-China transit via the 1520 mm network")
    assert series_title("middle: aktau / aktau-port").startswith("Aktau")


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
        first = next(layer for layer in layers(spec) if "tooltip" in layer["encoding"])
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


@pytest.mark.parametrize("location", ["", "dostyk"])
def test_page_specs_are_the_validated_specs(frame, events, location):
    """The page skips Altair's schema check (issue 17): the same dicts, checked here."""
    from corridors.timeline.view import build_timeline, chart_specs

    here = frame.assign(location=location)
    view = build_timeline(here, location=location, metric="volume", unit="t",
                          granularity="year", title="Here")
    fast = chart_specs(view, events, location=location, metric="volume")
    checked = chart_specs(view, events, location=location, metric="volume", validate=True)
    assert fast == checked and set(fast) >= {"main", "yoy"}
