"""The shift scenario on hand-computed networks (series, parallel, unknown capacities,
units) and on the default data (shift 0 = base, utilisation never falls as it grows)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from corridors.domain.catalog import load_catalog
from corridors.scenario import Scenario, ScenarioError, build_network, run_scenario
from corridors.scenario.figures import convert, default_base_year
from corridors.scenario.network import Element, Network, Parallel, Series, flow_graph
from corridors.scenario.sentence import limit_sentence, shift_sentence

YEAR = 2023


def row(location, metric, value, *, year=YEAR, unit="t", corridor="middle",
        quality="estimate", source="https://example.org/s"):
    return {"corridor": corridor, "location": location, "period": str(year),
            "period_start": pd.Timestamp(year, 1, 1), "period_end": pd.Timestamp(year, 12, 31),
            "metric": metric, "direction": "both", "value": float(value), "unit": unit,
            "quality": quality, "source": source, "note": ""}


def frame(*rows, northern=1000.0, northern_unit="t"):
    rows = list(rows)
    if northern is not None:
        rows.append(row("", "volume", northern, corridor="northern", unit=northern_unit,
                        quality="reported"))
    return pd.DataFrame(rows)


def element(eid):
    return Element(eid, "node", eid.upper(), eid, ("middle",))


def network(tree, *ids, choices=None):
    return Network({i: element(i) for i in ids}, tree, (), choices or {"s": ("x", "y")})


def run(figures, net, **kwargs):
    kwargs.setdefault("base_year", YEAR)
    if "shift_amount" in kwargs:
        kwargs.setdefault("shift_share", None)
    return run_scenario(figures, net, Scenario(**kwargs))


SERIES = network(Series(("a", "b")), "a", "b")
PARALLEL = network(Series(("a", Parallel((("x", Series(("x",))), ("y", Series(("y",))))))),
                   "a", "x", "y")


def test_elements_in_series_carry_the_whole_shift():
    figures = frame(row("a", "capacity", 100), row("b", "capacity", 50),
                    row("a", "volume", 20), row("b", "volume", 10))
    result = run(figures, SERIES, shift_amount=30)
    a, b = result.element("a"), result.element("b")
    assert (a.load, b.load) == (50, 40)
    assert (a.utilisation, b.utilisation) == (0.5, 0.8)
    # spare capacity 80 and 40 in series: 40 fits, b binds first
    assert result.max_shift_amount_known == pytest.approx(40)
    assert result.max_shift_share == pytest.approx(40 / 1000)
    assert result.bottleneck == "b"


def test_parallel_branches_share_the_shift_at_equal_utilisation():
    figures = frame(row("a", "capacity", 1000), row("x", "capacity", 100),
                    row("y", "capacity", 300), row("y", "volume", 100))
    result = run(figures, PARALLEL, shift_amount=200)
    # 100u + (300u - 100) = 200  ->  u = 0.75: x takes 75, y 125
    assert result.element("x").extra_load == pytest.approx(75)
    assert result.element("y").extra_load == pytest.approx(125)
    assert result.element("x").utilisation == pytest.approx(0.75)
    assert result.element("y").utilisation == pytest.approx(0.75)
    assert result.element("a").extra_load == pytest.approx(200)
    # max-flow over the branches: min(1000, 100 + 200) = 300
    assert result.max_shift_amount_known == pytest.approx(300)
    assert result.bottleneck == "x"


def test_a_chosen_branch_takes_everything():
    figures = frame(row("a", "capacity", 1000), row("x", "capacity", 100),
                    row("y", "capacity", 300), row("y", "volume", 100))
    result = run(figures, PARALLEL, shift_amount=200, branches=("y",))
    assert result.element("x").extra_load == 0
    assert result.element("y").extra_load == pytest.approx(200)
    assert result.element("y").utilisation == pytest.approx(1.0)
    assert not result.element("y").over_capacity  # full is not over
    assert result.max_shift_amount_known == pytest.approx(200)
    assert result.bottleneck == "y"
    over = run(figures, PARALLEL, shift_amount=250, branches=("y",))
    assert over.element("y").over_capacity
    assert "puts 1 element over capacity: Y at 117%" in shift_sentence(over)


def test_an_over_capacity_base_leaves_no_room():
    figures = frame(row("a", "capacity", 100), row("b", "capacity", 50),
                    row("b", "volume", 60))
    result = run(figures, SERIES, shift_share=0.0)
    assert result.max_shift_amount_known == 0
    assert result.bottleneck == "b"
    assert "already at or over capacity" in limit_sentence(result)


def test_an_unknown_element_in_series_makes_the_limit_an_upper_bound():
    figures = frame(row("a", "capacity", 100))
    result = run(figures, SERIES, shift_amount=10)
    assert result.unknown_capacity == ["b"]
    assert result.element("b").capacity is None
    assert result.element("b").utilisation is None
    assert result.max_shift_share is None  # b could bind first: no answer
    assert result.max_shift_share_known == pytest.approx(100 / 1000)
    assert result.unknown_on_route == ["b"]
    assert "may be lower" in limit_sentence(result)


def test_an_unknown_branch_is_never_taken_as_room():
    figures = frame(row("a", "capacity", 1000), row("x", "capacity", 100))
    result = run(figures, PARALLEL, shift_amount=150)
    assert result.element("y").extra_load == 0  # y has no capacity figure: not used
    assert result.element("x").extra_load == pytest.approx(150)
    assert result.element("x").over_capacity
    assert result.max_shift_amount_known == pytest.approx(100)
    assert result.max_shift_share == pytest.approx(0.1)
    assert result.unknown_capacity == ["y"]


def test_no_capacity_at_all_gives_no_answer():
    result = run(frame(), SERIES, shift_share=0.5)
    assert result.max_shift_amount_known is None
    assert result.max_shift_share is None
    assert result.bottleneck is None
    assert result.unknown_capacity == ["a", "b"]
    assert "unknown" in limit_sentence(result)


def test_tonnes_and_teu_convert_with_the_stated_factor():
    assert convert(10, "TEU", "t", 12.0) == 120
    assert convert(120, "t", "TEU", 12.0) == 10
    figures = frame(row("a", "capacity", 100, unit="TEU"), row("b", "capacity", 5000))
    result = run(figures, SERIES, shift_amount=100, unit="t", teu_tonnes=12.0)
    cap = result.element("a").capacity
    assert (cap.value, cap.unit, cap.converted) == (1200, "TEU", True)
    assert result.element("b").capacity.converted is False
    in_teu = run(figures, SERIES, shift_amount=10, unit="TEU", teu_tonnes=12.0)
    assert in_teu.element("a").capacity.value == 100
    assert in_teu.element("b").capacity.value == pytest.approx(5000 / 12)
    assert any("12 t of cargo per TEU" in line for line in in_teu.assumptions)


def test_a_share_is_of_the_northern_volume_converted_when_needed():
    figures = frame(row("a", "capacity", 100), row("b", "capacity", 100),
                    northern=500, northern_unit="TEU")
    result = run(figures, SERIES, shift_share=0.1, unit="t", teu_tonnes=10.0)
    assert result.northern_base.value == 5000
    assert result.shift_amount == pytest.approx(500)


def test_capacity_year_rule_latest_before_else_earliest_after():
    figures = frame(row("a", "capacity", 10, year=2020), row("a", "capacity", 30, year=2025),
                    row("a", "capacity", 20, year=2021), row("b", "capacity", 40, year=2027),
                    row("b", "capacity", 50, year=2026))
    result = run(figures, SERIES, shift_amount=0)
    assert (result.element("a").capacity.value, result.element("a").capacity.year) == (20, 2021)
    assert (result.element("b").capacity.value, result.element("b").capacity.year) == (50, 2026)


def test_reported_before_estimate_then_the_larger():
    figures = frame(row("a", "capacity", 90, source="est"),
                    row("a", "capacity", 70, quality="reported", source="rep"),
                    row("b", "capacity", 40, source="small"), row("b", "capacity", 60,
                                                                 source="large"))
    result = run(figures, SERIES, shift_amount=0)
    assert result.element("a").capacity.source == "rep"
    assert result.element("b").capacity.source == "large"


def test_a_load_is_set_against_a_capacity_reported_in_its_unit():
    # a container capacity in TEU and an all-cargo tonnage: never divided by each other
    figures = frame(row("a", "capacity", 100, unit="TEU"), row("a", "volume", 5000),
                    row("b", "capacity", 5000), row("b", "volume", 1000))
    result = run(figures, SERIES, shift_amount=10, unit="TEU", teu_tonnes=10.0)
    a = result.element("a")
    assert (a.base_known, a.load) == (False, 10)  # no load in TEU: taken as 0, and said
    assert result.element("b").load == pytest.approx(1000 / 10 + 10)  # t against t


def test_plans_and_targets_are_never_a_load():
    target = row("a", "volume", 90) | {"series": "titr-targets"}
    measured = row("b", "volume", 30) | {"series": "aktau-port"}
    figures = frame(row("a", "capacity", 100), row("b", "capacity", 100), target, measured)
    figures["series"] = figures["series"].fillna("erai-1520")
    result = run(figures, SERIES, shift_amount=0)
    assert (result.element("a").base_known, result.element("a").load) == (False, 0)
    assert result.element("b").load == 30


def test_the_northern_base_keeps_to_one_series_across_units():
    # the headline series in TEU (converted) beats a wider count in tonnes
    figures = frame(northern=None)
    figures = pd.DataFrame([
        row("", "volume", 400_000, corridor="northern", unit="TEU", quality="reported")
        | {"series": "erai-1520"},
        row("", "volume", 26_000_000, corridor="northern", quality="reported")
        | {"series": "kz-transit"},
        row("a", "capacity", 1e7) | {"series": "titr-capacity"},
        row("b", "capacity", 1e7) | {"series": "titr-capacity"}])
    result = run(figures, SERIES, shift_share=0.1, unit="t", teu_tonnes=10.0)
    assert (result.northern_base.series, result.northern_base.value) == ("erai-1520", 4e6)
    assert any("series: ERAI: China-EU-China transit" in a for a in result.assumptions)


def test_part_year_figures_are_not_annual():
    part = row("a", "capacity", 999) | {"period_end": pd.Timestamp(YEAR, 6, 30)}
    result = run(frame(part), SERIES, shift_amount=0)
    assert result.element("a").capacity is None


@pytest.mark.parametrize("kwargs, words", [
    ({"shift_share": 1.5}, "0 to 1"),
    ({"shift_share": -0.1}, "0 to 1"),
    ({"shift_share": None, "shift_amount": -5}, "0 or above"),
    ({"unit": "trains"}, "t and TEU"),
    ({"teu_tonnes": 0}, "above 0"),
    ({"branches": ("nowhere",)}, "allowed are x, y"),
    ({"branches": ("x", "y")}, "at most one"),
])
def test_usage_errors_say_what_is_allowed(kwargs, words):
    with pytest.raises(ScenarioError, match=words):
        run(frame(), SERIES, **kwargs)


def test_a_share_needs_a_northern_volume():
    with pytest.raises(ScenarioError, match="no annual Northern Corridor volume"):
        run(frame(northern=None), SERIES, shift_share=0.3)
    assert run(frame(northern=None), SERIES, shift_amount=5).shift_share is None


def test_flow_graph_is_the_tree():
    graph = flow_graph(PARALLEL.tree, {"a": 5, "x": 1, "y": 2}.get)
    import networkx as nx

    assert nx.maximum_flow_value(graph, "source", "sink") == 3


# --- the default data ------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_figures(tmp_path_factory):
    from corridors.store import open_store

    path = tmp_path_factory.mktemp("scenario-db") / "s.sqlite3"
    return open_store(f"sqlite:///{path}").current_figures()


@pytest.fixture(scope="module")
def default_network():
    return build_network(load_catalog())


def test_the_network_has_the_middle_corridor_branches(default_network):
    assert default_network.choices == {
        "caspian": ("aktau", "kuryk"), "exit": ("baku-tbilisi-kars", "batumi", "poti")}
    for eid in ("middle", "aktau", "kuryk", "aktau--alat", "trans-caspian-sea", "alat",
                "baku-tbilisi-kars", "black-sea", "dostyk", "altynkol"):
        assert eid in default_network.elements


@pytest.mark.parametrize("unit", ["t", "TEU"])
def test_a_shift_of_zero_is_the_base_year(seed_figures, default_network, unit):
    year = default_base_year(seed_figures)
    result = run(seed_figures, default_network, base_year=year, unit=unit, shift_share=0.0)
    for e in result.elements:
        assert e.extra_load == 0
        assert e.load == e.base_load


@pytest.mark.parametrize("branches", [(), ("kuryk",), ("aktau", "poti")])
def test_utilisation_never_falls_as_the_shift_grows(seed_figures, default_network, branches):
    year = default_base_year(seed_figures)
    previous = None
    for step in range(0, 101, 5):
        result = run(seed_figures, default_network, base_year=year, shift_share=step / 100,
                     branches=branches)
        loads = {e.id: e.load for e in result.elements}
        if previous:
            for eid, load in loads.items():
                assert load >= previous[eid] - 1e-6 * max(1.0, load), (step, eid)
        previous = loads


def test_the_china_crossings_take_no_extra_load(seed_figures, default_network):
    result = run(seed_figures, default_network, base_year=2023, shift_share=0.5)
    for eid in ("dostyk", "altynkol", "kazakhstan-china-crossings"):
        assert result.element(eid).extra_load == 0
        assert not result.element(eid).on_shift_path


def test_at_the_limit_the_bottleneck_is_full(seed_figures, default_network):
    result = run(seed_figures, default_network, base_year=2023, shift_share=0.0)
    share = result.max_shift_share_known
    assert share is not None and share > 0
    at_limit = run(seed_figures, default_network, base_year=2023, shift_share=min(share, 1.0))
    if share <= 1:
        assert at_limit.element(result.bottleneck).utilisation == pytest.approx(1.0)
    assert not math.isnan(share)
    assert "binds" in limit_sentence(result)
    assert shift_sentence(at_limit).startswith("A shift of")
