"""AppTest of the Map page: it runs, each toggle removes and restores its layer, the URL
reproduces the view, clicks show details. No browser needed."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from corridors.domain.catalog import load_catalog
from corridors.domain.paths import PROJECT_ROOT

MAP_PAGE = str(PROJECT_ROOT / "pages" / "map.py")
LAYER_IDS = list(load_catalog().layers)


def deck_json(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert charts, "the page drew no map"
    return json.loads(charts[0].proto.json)


def deck_layer_ids(at: AppTest) -> list[str]:
    """Ids of the catalog layers in the deck (the period's figure layers left aside)."""
    return [layer["id"] for layer in deck_json(at)["layers"]
            if not layer["id"].startswith("figures-")]


@pytest.fixture
def map_page(app_page) -> AppTest:
    return app_page(MAP_PAGE, timeout_s=30)


def test_map_runs_with_default_layers(map_page):
    catalog = load_catalog()
    expected = [s.id for s in catalog.layers.values() if s.visible]
    assert deck_layer_ids(map_page) == expected
    assert map_page.query_params["layers"] == ",".join(expected)


def test_map_requests_no_basemap_by_default(map_page):
    deck = deck_json(map_page)
    assert deck.get("mapProvider") in (None, "")
    for layer in deck["layers"]:
        if layer["id"].startswith("figures-"):
            continue  # the period's figures: small inline rows, checked below
        # geometry by URL on this server only (DESIGN 4, payload and offline)
        assert layer["data"].startswith("/app/static/"), layer["id"]


@pytest.mark.parametrize("layer_id", LAYER_IDS)
def test_each_toggle_removes_and_restores_its_layer(layer_id):
    at = AppTest.from_file(MAP_PAGE, default_timeout=30)
    at.query_params["layers"] = ",".join(LAYER_IDS)
    at.run()
    assert layer_id in deck_layer_ids(at)
    at.toggle(key=f"layer_{layer_id}").set_value(False).run()
    assert layer_id not in deck_layer_ids(at)
    assert layer_id not in at.query_params["layers"].split(",")
    others = [i for i in LAYER_IDS if i != layer_id]
    assert [i for i in deck_layer_ids(at)] == others
    at.toggle(key=f"layer_{layer_id}").set_value(True).run()
    assert deck_layer_ids(at) == LAYER_IDS
    assert not at.exception


def test_query_params_round_trip():
    at = AppTest.from_file(MAP_PAGE, default_timeout=30)
    at.query_params["layers"] = "middle,nodes"
    at.run()
    assert sorted(deck_layer_ids(at)) == ["middle", "nodes"]
    assert at.toggle(key="layer_northern").value is False
    assert at.toggle(key="layer_middle").value is True
    at.toggle(key="layer_northern").set_value(True).run()
    assert set(at.query_params["layers"].split(",")) == {"northern", "middle", "nodes"}


def test_empty_layers_param_shows_no_layer():
    at = AppTest.from_file(MAP_PAGE, default_timeout=30)
    at.query_params["layers"] = ""
    at.run()
    assert deck_layer_ids(at) == []


def test_selection_in_url_shows_details():
    at = AppTest.from_file(MAP_PAGE, default_timeout=30)
    at.query_params["sel"] = "node:dostyk"
    at.run()
    table = at.dataframe[0].value
    assert "Dostyk" in table["Value"].tolist()
    assert "KAZ" in table["Value"].tolist()


def test_unknown_selection_is_ignored():
    at = AppTest.from_file(MAP_PAGE, default_timeout=30)
    at.query_params["sel"] = "node:<script>"
    at.run()
    assert not at.exception
    assert any("Click a node" in caption.value for caption in at.caption)


def test_changing_a_toggle_keeps_the_view_state(map_page):
    before = deck_json(map_page)["initialViewState"]
    map_page.toggle(key="layer_northern").set_value(False).run()
    assert deck_json(map_page)["initialViewState"] == before


def test_about_page_runs():
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / "about.py"), default_timeout=30)
    at.run()
    assert not at.exception
    corridors = at.dataframe[0].value["Corridor"].tolist()
    assert corridors == ["Northern Corridor", "Middle Corridor"]


def test_entry_point_lands_on_the_map():
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=30)
    at.run()
    assert not at.exception
    assert deck_layer_ids(at), "app.py did not open the map page"


def figure_rows(at: AppTest) -> dict[str, list[dict]]:
    """The inline rows of the period's figure layers, by layer id."""
    return {layer["id"]: layer["data"] for layer in deck_json(at)["layers"]
            if layer["id"].startswith("figures-")}


def test_period_control_sets_widths_and_sizes():
    at = AppTest.from_file(MAP_PAGE, default_timeout=30)
    at.query_params["period"] = "2023"
    at.run()
    rows_2023 = figure_rows(at)
    assert at.query_params["period"] == "2023"
    at.button(key="period_forward").click().run()
    assert at.query_params["period"] == "2024"
    rows_2024 = figure_rows(at)
    widths = {y: {(r["id"], r["width"]) for r in rows["figures-segments"]}
              for y, rows in (("2023", rows_2023), ("2024", rows_2024))}
    radii = {y: {(r["id"], r["radius"]) for r in rows["figures-nodes"]}
             for y, rows in (("2023", rows_2023), ("2024", rows_2024))}
    assert widths["2023"] != widths["2024"] or radii["2023"] != radii["2024"]
    at.button(key="period_back").click().run()
    assert figure_rows(at) == rows_2023


def test_figures_carry_value_unit_period_and_source():
    at = AppTest.from_file(MAP_PAGE, default_timeout=30)
    at.query_params["period"] = "2023"
    at.run()
    rows = [r for layer in figure_rows(at).values() for r in layer if "tip_line1" in r]
    assert rows
    for row in rows:
        assert re.search(r"[0-9.,]+ (kt|Mt) · 2023 · ", row["tip_line1"]), row["tip_line1"]
        assert row["tip_line2"].startswith("source: ") and len(row["tip_line2"]) > 10


def test_missing_figures_are_not_drawn_as_zero():
    at = AppTest.from_file(MAP_PAGE, default_timeout=30)
    at.query_params["period"] = "2030"
    at.run()
    rows = figure_rows(at)
    # 2030 has only a whole-corridor figure: nothing is located on the map, and the
    # whole-corridor figure stands on its trunk as a badge
    assert rows["figures-segments"] == [] and rows["figures-nodes"] == []
    assert [b["text"] for b in rows["figures-corridors"]] == [
        "Middle Corridor\n11 Mt"]  # the World Bank 2030 forecast; no 2029 figure: no change
    table = at.dataframe[-1].value
    assert table["Where"].tolist() == ["Middle Corridor (whole corridor)"]


def test_unit_choice_changes_the_periods_and_figures():
    at = AppTest.from_file(MAP_PAGE, default_timeout=30)
    at.query_params["unit"] = "TEU"
    at.run()
    rows = [r for layer in figure_rows(at).values() for r in layer if "tip_line1" in r]
    assert all(" TEU · " in r["tip_line1"] for r in rows)
    assert at.query_params["unit"] == "TEU"


def test_a_period_step_resends_no_geometry_of_the_base_layers():
    at = AppTest.from_file(MAP_PAGE, default_timeout=30)
    at.query_params["period"] = "2023"
    at.run()
    before = deck_json(at)
    at.button(key="period_forward").click().run()
    after = deck_json(at)
    base = [layer for layer in after["layers"] if not layer["id"].startswith("figures-")]
    assert base == [layer for layer in before["layers"]
                    if not layer["id"].startswith("figures-")]
    assert len(at.get("deck_gl_json_chart")[0].proto.json) < 20_000


def test_map_opens_on_a_period_that_has_begun():
    import datetime as dt

    at = AppTest.from_file(MAP_PAGE, default_timeout=30)
    at.run()
    opened = at.query_params["period"]
    assert int(opened[:4]) <= dt.date.today().year, "a future target is not today's map"


def test_step_uses_the_periods_of_this_run_not_the_last(monkeypatch, tmp_path, figure):
    """Another editor imports a new period while the page is open: ▶ steps onto it."""
    from corridors.store import open_store

    url = f"sqlite:///{tmp_path / 'steps.sqlite3'}"
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", url)
    at = AppTest.from_file(MAP_PAGE, default_timeout=30)
    at.query_params["period"] = "2025"
    at.run()
    open_store(url).import_records([figure("aktau", 5.0, year=2027)], filename="new.csv",
                                   sha256=None, author="other editor")
    at.button(key="period_forward").click().run()
    assert at.query_params["period"] == "2027"


def test_a_hidden_corridor_takes_its_figures_with_it():
    at = AppTest.from_file(MAP_PAGE, default_timeout=30)
    at.query_params["period"] = "2024"
    at.run()
    colours = {tuple(r["colour"][:3]) for rows in figure_rows(at).values() for r in rows}
    middle = tuple(load_catalog().layers["middle"].colour[:3])
    assert middle in colours
    at.toggle(key="layer_middle").set_value(False).run()
    colours = {tuple(r["colour"][:3]) for rows in figure_rows(at).values() for r in rows}
    assert middle not in colours
