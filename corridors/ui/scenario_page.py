"""The Scenario page's widgets and cached computations (streamlit side of
``corridors.scenario``). The scenario lives in the URL (``?year=&shift=&unit=&branch=
&teu_t=``): a copied link reproduces it."""

from __future__ import annotations

import pydeck as pdk
import streamlit as st

from corridors.domain.i18n import N_
from corridors.scenario import BEST, Scenario, ScenarioResult, build_network, run_scenario
from corridors.scenario.deck import build_scenario_deck
from corridors.scenario.figures import default_base_year, northern_years
from corridors.scenario.network import BRANCH_TITLES, STAGE_TITLES, Network
from corridors.scenario.report import scenario_from_params, scenario_params
from corridors.store import open_store
from corridors.ui.controls import UNIT_TITLES
from corridors.ui.language import _, current_language
from corridors.ui.loaders import cached_catalog, data_source
from corridors.ui.map_page import cached_segment_paths

PARAMS = ("year", "shift", "amount", "unit", "branch", "teu_t")
#: The result table's headers (``ui.text_table`` shows them translated).
TABLE_HEADERS = (N_("Element"), N_("Kind"), N_("Utilisation"), N_("Over capacity"),
                 N_("Load"), N_("Shifted"), N_("Capacity"), N_("Capacity year"),
                 N_("Capacity as reported"), N_("Capacity source"), N_("Base load"),
                 N_("Assumption"))


@st.cache_resource
def cached_network() -> Network:
    """The scenario network, built once per process from the catalog."""
    return build_network(cached_catalog())


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def _years(url: str, version: int) -> tuple[list[int], int | None]:
    figures = open_store(url).current_figures()
    return northern_years(figures), default_base_year(figures)


@st.cache_data(ttl=3600, max_entries=256, show_spinner=False)
def _result(url: str, version: int, base_year: int, unit: str, share: float,
            branches: tuple[str, ...], teu_tonnes: float) -> ScenarioResult:
    # ``version`` is the cache key: a write on any replica bumps it.
    scenario = Scenario(base_year=base_year, unit=unit, shift_share=share,
                        branches=branches, teu_tonnes=teu_tonnes)
    return run_scenario(open_store(url).current_figures(), cached_network(), scenario)


def scenario_result(scenario: Scenario) -> ScenarioResult:
    """The scenario computed on the current figures, once per data version."""
    return _result(*data_source(), scenario.base_year, scenario.unit,
                   float(scenario.shift_share or 0.0), scenario.branches,
                   float(scenario.teu_tonnes))


@st.cache_resource(ttl=3600, max_entries=256, show_spinner=False)
def _deck(url: str, version: int, base_year: int, unit: str, share: float,
          branches: tuple[str, ...], teu_tonnes: float, lang: str) -> pdk.Deck:
    result = _result(url, version, base_year, unit, share, branches, teu_tonnes)
    return build_scenario_deck(result, cached_catalog(), cached_segment_paths(), lang=lang)


def scenario_deck(scenario: Scenario) -> pdk.Deck:
    """The deck of one scenario in the session's language, shared read-only by every
    session that asks for the same."""
    return _deck(*data_source(), scenario.base_year, scenario.unit,
                 float(scenario.shift_share or 0.0), scenario.branches,
                 float(scenario.teu_tonnes), current_language())


def _copy(source: str, target: str) -> None:
    st.session_state[target] = st.session_state[source]


def _shift_controls() -> float:
    """A slider and a number box for the same share (percent), kept in step."""
    slider, number = st.sidebar.columns([3, 2], vertical_alignment="bottom")
    slider.slider(_("Shift (% of the Northern volume)"), 0, 100, key="shift_slider",
                  on_change=_copy, args=("shift_slider", "shift_number"))
    number.number_input(_("Shift %"), 0, 100, step=1, key="shift_number",
                        on_change=_copy, args=("shift_number", "shift_slider"))
    return st.session_state["shift_slider"] / 100


def _init_state(start: Scenario) -> None:
    """On a session's first run the URL decides every control."""
    if "shift_slider" in st.session_state:
        return
    st.session_state["shift_slider"] = st.session_state["shift_number"] = round(
        (start.shift_share or 0) * 100)
    st.session_state["scenario_year"] = start.base_year
    st.session_state["scenario_unit"] = start.unit
    st.session_state["scenario_teu_t"] = float(start.teu_tonnes)
    for stage, names in cached_network().choices.items():
        chosen = [b for b in start.branches if b in names]
        st.session_state[f"scenario_branch_{stage}"] = chosen[0] if chosen else BEST


def scenario_controls() -> Scenario | None:
    """Sidebar controls (base year, shift, unit, branches, t per TEU), mirrored in the URL.

    Returns None (with a message) when the store has no Northern Corridor volume.
    """
    years, default_year = _years(*data_source())
    if default_year is None:
        st.info(_("No annual Northern Corridor volume is stored yet: the scenario needs "
                  "one base-year figure to take a share of."))
        return None
    network = cached_network()
    params = {k: st.query_params[k] for k in PARAMS if k in st.query_params}
    _init_state(scenario_from_params(params, years, default_year, network.branch_names()))
    st.sidebar.subheader(_("Scenario"))
    year = st.sidebar.selectbox(_("Base year"), years, key="scenario_year")
    share = _shift_controls()
    unit = st.sidebar.segmented_control(_("Unit"), ("t", "TEU"), key="scenario_unit",
                                        format_func=lambda u: _(UNIT_TITLES[u])) or "t"
    branches = []
    for stage, names in network.choices.items():
        choice = st.sidebar.selectbox(_(STAGE_TITLES.get(stage, stage)), (BEST, *names),
                                      key=f"scenario_branch_{stage}",
                                      format_func=lambda b: _(BRANCH_TITLES.get(b, b)))
        if choice != BEST:
            branches.append(choice)
    teu = st.sidebar.number_input(_("Tonnes per TEU"), 1.0, 30.0, step=0.5,
                                  key="scenario_teu_t",
                                  help=_("Default 10 t per loaded TEU (IMO "
                                         "MEPC.1/Circ.684)."))
    scenario = Scenario(base_year=int(year), unit=unit, shift_share=share,
                        branches=tuple(branches), teu_tonnes=float(teu))
    for key, value in scenario_params(scenario).items():
        st.query_params[key] = value
    return scenario
