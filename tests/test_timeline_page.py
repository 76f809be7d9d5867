"""AppTest of the Timeline page: every selector changes the chart, events are in the
spec, a map selection in the URL filters the series, the chart's data downloads."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from corridors.domain.paths import PROJECT_ROOT
from corridors.domain.records import Record
from corridors.store import open_store
from corridors.store.store import forget_url
from tests.support import run_app_page

TIMELINE_PAGE = str(PROJECT_ROOT / "pages" / "timeline.py")


def run_page(**params) -> AppTest:
    return run_app_page(TIMELINE_PAGE, params=params)


def main_spec(at: AppTest) -> dict:
    return json.loads(at.get("vega_lite_chart")[0].proto.spec)


def leaf_layers(spec: dict) -> list[dict]:
    if "layer" not in spec:
        return [spec]
    return [leaf for layer in spec["layer"] for leaf in leaf_layers(layer)]


def layer_values(spec: dict) -> list[dict]:
    """Inline rows of every layer, nested ones too (Altair hoists shared data up)."""
    rows = list((spec.get("data") or {}).get("values", []))
    for layer in spec.get("layer", []):
        rows += layer_values(layer)
    return rows


def series_rows(at: AppTest) -> list[dict]:
    return [r for r in layer_values(main_spec(at))
            if "series" in r and r.get("value") is not None and r.get("unit")]


def volume_lines(at: AppTest) -> set[str]:
    """The lines of volumes drawn (capacity rules are drawn whatever series are chosen)."""
    return {r["series"] for r in series_rows(at) if r.get("metric") == "volume"}


def button_group(at: AppTest, key: str):
    return next(w for w in at.get("button_group") if w.key == key)


def test_default_is_both_corridors_in_tonnes_by_year():
    at = run_page()
    rows = series_rows(at)
    assert rows, "no series drawn"
    assert {r["unit"] for r in rows} == {"t"}
    assert {r["granularity"] for r in rows} == {"year"}
    assert {r["location"] for r in rows} == {""}
    assert all(r["source"] for r in rows), "every point needs its source"


def test_events_are_in_the_chart_spec():
    at = run_page(unit="TEU")
    titles = {r.get("title") for r in layer_values(main_spec(at))}
    assert "Russia's full-scale invasion of Ukraine" in titles
    markers = [layer for layer in leaf_layers(main_spec(at))
               if layer.get("mark", {}).get("shape") == "triangle-up"]
    assert markers, "events are drawn as markers on the time axis"


def test_plans_and_targets_are_behind_a_switch_off_by_default():
    at = run_page(unit="TEU")
    years = {r["period_label"] for r in series_rows(at)}
    assert "2030" not in years and "2029" not in years
    at.toggle(key="show_plans").set_value(True).run()
    years = {r["period_label"] for r in series_rows(at)}
    assert "2030" in years


def test_a_corridor_without_figures_in_the_unit_is_named_and_a_unit_offered(tmp_path,
                                                                           monkeypatch):
    # the default data has both corridors in every unit: a store with one unit each
    store = open_store(f"sqlite:///{tmp_path / 'units.sqlite3'}", seed_path=None)
    store.import_records([
        Record("northern", "erai-1520", "", "2022", dt.date(2022, 1, 1), dt.date(2022, 12, 31),
               "volume", "both", 410600.0, "TEU", "reported", "https://example.org/n", ""),
        Record("middle", "kz-mot-titr", "", "2022", dt.date(2022, 1, 1),
               dt.date(2022, 12, 31), "volume", "both", 1485000.0, "t", "reported",
               "https://example.org/m", "")], filename="units.csv", sha256=None, author="t")
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", store.url)
    try:
        at = run_page(unit="t", metric="volume")
        assert any("The Northern Corridor has no whole-route volume figure in t; it has "
                   "figures in TEU" in c.value for c in at.caption)
        at.button(key="use_unit_TEU").click().run()
        assert not at.exception
        assert at.query_params["unit"] == "TEU"
        assert {r["series"] for r in series_rows(at)} == {"northern / erai-1520"}
    finally:
        forget_url(store.url)


def test_events_toggle_removes_them():
    at = run_page(unit="TEU")
    at.toggle(key="show_events").set_value(False).run()
    titles = {r.get("title") for r in layer_values(main_spec(at))}
    assert "Russia's full-scale invasion of Ukraine" not in titles


@pytest.mark.parametrize(("key", "value", "column", "expected"), [
    ("choice_unit", "TEU", "unit", {"TEU"}),
    ("choice_metric", "capacity", "metric", {"capacity"}),
    ("choice_gran", "half", "granularity", {"half"}),
])
def test_each_selector_changes_the_series(key, value, column, expected):
    at = run_page()
    button_group(at, key).set_value(value).run()
    assert not at.exception
    rows = series_rows(at)
    assert rows and {r[column] for r in rows} == expected
    param = key.removeprefix("choice_")
    assert at.query_params[param] == value


def test_map_selection_in_url_filters_the_series():
    at = run_page(sel="node:alat")
    assert at.selectbox(key="timeline_location").value == "alat"
    assert {r["location"] for r in series_rows(at)} == {"alat"}


def test_place_selector_round_trips_to_the_url():
    at = run_page()
    at.selectbox(key="timeline_location").set_value("aktau").run()
    assert {r["location"] for r in series_rows(at)} == {"aktau"}
    assert at.query_params["sel"] == "aktau"


def test_unknown_selection_falls_back_to_both_corridors():
    at = run_page(sel="node:<script>")
    assert at.selectbox(key="timeline_location").value == ""


def test_chart_data_download_holds_the_points():
    at = run_page(unit="TEU")
    download = at.get("download_button")[0]
    assert "csv" in download.proto.label.lower()
    # the table under the chart shows the same points, each with a source
    table = at.dataframe[0].value
    assert {"Series", "Period", "Value", "Source", "Quality"} <= set(table.columns)
    assert table["Source"].str.len().min() > 0
    assert table["Value"].str.endswith("TEU").all()


def test_headline_series_by_default_and_every_series_on_request():
    at = run_page(unit="TEU")
    assert at.multiselect[0].value == ["erai-1520", "titr-containers"]
    assert volume_lines(at) == {"northern / erai-1520", "middle / titr-containers"}
    assert "series" not in at.query_params  # the default stays out of the URL
    at.button(key="timeline_every_series").click().run()
    assert not at.exception
    assert len(at.multiselect[0].value) == len(at.multiselect[0].options) > 2
    assert "northern / utlc-era-transit" in volume_lines(at)
    assert "utlc-era-transit" in at.query_params["series"].split(",")


def test_the_series_choice_comes_from_the_url_and_leaves_the_share_alone():
    at = run_page(unit="TEU", series="erai-china-eu")
    assert volume_lines(at) == {"northern / erai-china-eu"}
    side = json.loads(at.get("vega_lite_chart")[2].proto.spec)
    # the Middle share still compares the headline series, whatever lines are drawn
    assert any(r.get("share_pct") is not None for r in layer_values(side))


def test_the_june_2023_statement_is_checked_against_the_series():
    at = run_page(unit="t")
    statement = next(i.value for i in at.info if "Vassilenko" in i.value)
    assert "ERAI: China-EU containers: 618,180 TEU in 2021, 386,374 in 2022 (-37.5%, " \
           'agrees with "over 35%")' in statement
    at.toggle(key="show_events").set_value(False).run()
    assert not [i for i in at.info if "Vassilenko" in i.value]


def test_one_line_per_series_with_the_series_titles_in_the_legend():
    at = run_page(unit="TEU", series="erai-1520,erai-china-eu,titr-containers")
    lines = {r["series"] for r in series_rows(at)}
    # two Northern series of the same years are two lines, never one sum
    assert {"northern / erai-1520", "northern / erai-china-eu",
            "middle / titr-containers"} <= lines
    colour = next(layer["encoding"]["color"] for layer in leaf_layers(main_spec(at))
                  if "color" in layer.get("encoding", {})
                  and layer["encoding"]["color"].get("field") == "series")
    labels = colour["legend"]["labelExpr"]
    assert "ERAI: China-EU-China transit via the 1520 mm network" in labels
    assert "ERAI: China-EU containers" in labels
    scopes = {r.get("scope") for r in series_rows(at)}
    assert any(s and "1520 mm network" in s for s in scopes)  # the scope shows on hover
    by_line = {}
    for r in series_rows(at):
        by_line.setdefault((r["series"], r["period"]), set()).add(r["value"])
    assert by_line[("northern / erai-china-eu", "2022")] == {386374.0}
    assert by_line[("northern / erai-1520", "2022")] == {410600.0}

