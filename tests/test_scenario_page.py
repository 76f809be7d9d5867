"""AppTest of the Scenario page: the answer, the map coloured by utilisation and
recoloured by the shift, the URL round trip, the table, the assumptions, the CSV."""

from __future__ import annotations

import csv
import io
import json

from streamlit.testing.v1 import AppTest

from corridors.domain.paths import PROJECT_ROOT
from corridors.scenario.deck import OVER_COLOUR, STEPS, UNKNOWN_COLOUR
from corridors.ui import PAGES

SCENARIO_PAGE = str(PROJECT_ROOT / "pages" / "scenario.py")
SCALE = {tuple(c) for _, c in STEPS} | {OVER_COLOUR, UNKNOWN_COLOUR}


def run_page(**params) -> AppTest:
    at = AppTest.from_file(SCENARIO_PAGE, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def deck(at: AppTest) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def layer(at: AppTest, layer_id: str) -> list[dict]:
    return next(x for x in deck(at)["layers"] if x["id"] == layer_id)["data"]


def colours(at: AppTest) -> dict[str, tuple]:
    rows = layer(at, "scenario-lines") + layer(at, "scenario-nodes")
    return {r["id"]: tuple(r["colour"]) for r in rows}


def test_default_answers_in_a_sentence_and_colours_by_utilisation():
    at = run_page()
    sentence = at.info[0].value
    assert "Middle Corridor absorbs" in sentence and "Northern Corridor volume" in sentence
    assert "binds" in sentence
    assert set(colours(at).values()) <= SCALE
    ids = [x["id"] for x in deck(at)["layers"]]
    assert ids == ["neighbours", "kazakhstan", "scenario-lines", "scenario-nodes",
                   "scenario-labels"]
    assert deck(at).get("mapProvider") is None or "mapProvider" not in deck(at)
    labels = {r["id"]: r["text"] for r in layer(at, "scenario-labels")}
    # unknown, never unlimited: Kuryk-Alat carries the shift without a capacity figure
    assert labels["kuryk--alat"] == "capacity ?"
    assert "poti" not in labels  # an unknown branch takes no shift (and gets no label)
    assert colours(at)["poti"] == UNKNOWN_COLOUR
    assert at.query_params["shift"] == "30"


def test_the_shift_recolours_the_map_and_marks_over_capacity():
    at = run_page(branch="aktau")
    before = colours(at)
    at.slider(key="shift_slider").set_value(100).run()
    assert not at.exception
    after = colours(at)
    assert before != after
    # every shifted tonne goes by the Aktau-Alat feeders (89,000 TEU): far over capacity
    feeders = next(r for r in layer(at, "scenario-lines") if r["id"] == "aktau--alat")
    assert tuple(feeders["colour"]) == OVER_COLOUR
    assert feeders["width"] > 5
    labels = {r["id"]: r["text"] for r in layer(at, "scenario-labels")}
    assert labels["aktau--alat"].startswith("OVER ")
    assert at.number_input(key="shift_number").value == 100  # slider and number agree
    assert at.query_params["shift"] == "100"
    assert "over capacity" in at.markdown[0].value


def test_the_number_box_moves_the_slider():
    at = run_page()
    at.number_input(key="shift_number").set_value(55).run()
    assert at.slider(key="shift_slider").value == 55
    assert at.query_params["shift"] == "55"


def test_the_url_reproduces_the_scenario():
    at = run_page(year="2022", shift="45", unit="TEU", branch="kuryk,poti", teu_t="12")
    assert at.selectbox(key="scenario_year").value == 2022
    assert at.slider(key="shift_slider").value == 45
    assert at.selectbox(key="scenario_branch_caspian").value == "kuryk"
    assert at.selectbox(key="scenario_branch_exit").value == "poti"
    assert at.number_input(key="scenario_teu_t").value == 12
    assert at.query_params["branch"] == "kuryk,poti"
    assert at.query_params["unit"] == "TEU"
    table = at.dataframe[0].value
    assert table["Load"].str.endswith("TEU").all()


def test_a_broken_url_falls_back_to_defaults():
    at = run_page(year="1066", shift="<b>", unit="kg", branch="suez", teu_t="-3")
    assert at.slider(key="shift_slider").value == 30
    assert at.selectbox(key="scenario_branch_caspian").value == "best"
    assert at.number_input(key="scenario_teu_t").value == 10


def test_the_table_gives_each_capacity_its_source_and_year():
    at = run_page()
    table = at.dataframe[0].value
    known = table[table["Capacity"] != "unknown"]
    assert len(known) >= 5
    assert known["Capacity source"].str.startswith("http").all()
    assert known["Capacity year"].str.fullmatch(r"\d{4}").all()
    assert (table[table["Capacity"] == "unknown"]["Utilisation"] == "unknown capacity").all()
    assumptions = at.dataframe[1].value["Assumption"].tolist()
    assert any("IMO" in a for a in assumptions)
    assert any("Unknown capacity" in a for a in assumptions)


def test_results_download_as_csv_and_the_chart_has_the_2030_reference():
    at = run_page()
    download = at.get("download_button")[0]
    assert "csv" in download.proto.label.lower()
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    reference = spec["layer"][-1]["data"]["values"][0]
    assert reference["value"] == 11_000_000
    assert "2030 projection" in reference["label"]


def test_csv_rows_match_the_elements():
    from corridors.domain.catalog import load_catalog
    from corridors.scenario import Scenario, build_network, run_scenario
    from corridors.scenario.report import CSV_COLUMNS, result_csv
    from corridors.store import open_store

    figures = open_store().current_figures()
    result = run_scenario(figures, build_network(load_catalog()),
                          Scenario(base_year=2023, shift_share=0.3))
    rows = list(csv.DictReader(io.StringIO(result_csv(result).decode())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["id"] for r in rows] == [e.id for e in result.elements]


def test_scenario_is_in_the_navigation():
    assert any(p["page"] == "pages/scenario.py" for p in PAGES)
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=30)
    at.run()
    assert not at.exception
