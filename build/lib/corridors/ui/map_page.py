"""The Map page's widgets and caches: layer toggles, the period control (step, play), the
deck, the legend and the details of a clicked feature.

A rerun that changes nothing in the data (a period step, a toggle, a click) does no pandas
work and builds no pydeck object: the deck is built once per distinct view and data version.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pandas as pd
import pydeck as pdk
import streamlit as st

from corridors.domain.catalog import Catalog
from corridors.domain.records import PERIOD_KIND_TITLES
from corridors.domain.selection import FeatureRef, parse_feature_param
from corridors.geo.display import segment_paths
from corridors.map.deck import build_map_deck, figure_layers
from corridors.map.details import feature_details
from corridors.map.legend import legend_svg
from corridors.map.period_figures import (
    PlacedFigure,
    default_period,
    metric_unit_figures,
    place_figures,
    scale_max,
    select_period,
)
from corridors.timeline.series import PeriodBounds, periods_with_data
from corridors.ui.controls import SELECTION_PARAM, choice_control, text_table, url_choice
from corridors.ui.loaders import cached_catalog, figures_at

LAYERS_PARAM = "layers"


def _visible_from_query(catalog: Catalog) -> set[str] | None:
    """Layers named in ``?layers=a,b``; ``None`` when the URL does not say."""
    if LAYERS_PARAM not in st.query_params:
        return None
    named = {p.strip() for p in st.query_params[LAYERS_PARAM].split(",")}
    return {layer for layer in catalog.layers if layer in named}


def layer_toggles(catalog: Catalog) -> set[str]:
    """Sidebar toggles, one per catalog layer, mirrored in ``?layers=`` both ways.

    The URL wins on a session's first run (so a copied link reproduces the view); after
    that the toggles win and the URL follows them.
    """
    from_url = _visible_from_query(catalog)
    st.sidebar.subheader("Layers")
    visible = set()
    for style in reversed(list(catalog.layers.values())):
        key = f"layer_{style.id}"
        if key not in st.session_state:
            st.session_state[key] = style.id in from_url if from_url is not None else style.visible
        if st.sidebar.toggle(style.title, key=key):
            visible.add(style.id)
    ordered = [layer for layer in catalog.layers if layer in visible]
    st.query_params[LAYERS_PARAM] = ",".join(ordered)
    return visible


def online_basemap_optin() -> bool:
    """An explicit opt-in for a basemap fetched from Carto (off: nothing leaves the machine)."""
    return st.sidebar.checkbox(
        "Online basemap (loads tiles from carto.com)", value=False, key="online_basemap",
        help="Off by default: the map then makes no request beyond this app's own server.",
    )


def render_legend(catalog: Catalog, visible: Collection[str]) -> None:
    """Draw the legend (an SVG built from our own catalog, titles escaped)."""
    st.markdown("**Legend**")
    st.image(legend_svg(catalog, visible))
    st.caption("Corridor lines are schematic: node to node along great circles, "
               "not surveyed track alignments.")


def selected_feature(event, catalog: Catalog) -> FeatureRef | None:
    """The feature clicked on the map, else the one named in ``?sel=`` (kept in the URL).

    A click on empty map clears the selection (and ``?sel=``).
    """
    objects = getattr(getattr(event, "selection", None), "objects", None) or {}
    for layer, picked in objects.items():
        props = (picked[0] or {}).get("properties", picked[0]) if picked else None
        if props and props.get("kind") in ("node", "segment", "route"):
            ref = FeatureRef(layer, props["kind"], props["id"], props.get("corridor", ""))
            st.query_params[SELECTION_PARAM] = ref.to_param()
            st.session_state[SELECTION_PARAM] = ref.to_param()  # followed by the Timeline
            st.session_state["map_had_selection"] = True
            return ref
    if st.session_state.pop("map_had_selection", False):  # the reader clicked it away
        st.query_params.pop(SELECTION_PARAM, None)
        st.session_state.pop(SELECTION_PARAM, None)
        return None
    if SELECTION_PARAM in st.query_params:
        return parse_feature_param(st.query_params[SELECTION_PARAM], catalog)
    return None


def render_details(catalog: Catalog, ref: FeatureRef | None) -> None:
    """Show a clicked feature's details as a plain two-column table."""
    st.markdown("**Details**")
    if ref is None:
        st.caption("Click a node or a corridor segment on the map to see its details here.")
        return
    text_table(feature_details(catalog, ref), ["Field", "Value"])


@st.cache_resource
def cached_segment_paths() -> dict:
    """Thinned display paths of all segments (EPSG:4326), for the period overlay."""
    return segment_paths()


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _map_periods(url: str, version: int, metric: str, unit: str,
                 ) -> tuple[list[PeriodBounds], float]:
    # Reuses figures_at's frame under the same key, as _timeline does.
    figures = metric_unit_figures(figures_at(url, version), metric, unit)
    return periods_with_data(figures), scale_max(figures, metric=metric, unit=unit)


def map_periods(source: tuple[str, int], metric: str, unit: str,
                ) -> tuple[list[PeriodBounds], float]:
    """The periods with figures of ``metric`` in ``unit`` and the value drawn at full
    width (``corridors.map.period_figures.scale_max``), once per data version."""
    return _map_periods(*source, metric, unit)


@st.cache_data(ttl=3600, max_entries=512, show_spinner=False)
def _placed(url: str, version: int, metric: str, unit: str, start: pd.Timestamp,
            end: pd.Timestamp) -> list[PlacedFigure]:
    figures = metric_unit_figures(figures_at(url, version), metric, unit)
    return place_figures(select_period(figures, start, end, metric=metric, unit=unit),
                         cached_catalog())


def placed_figures(source: tuple[str, int], metric: str, unit: str,
                   period: PeriodBounds | None) -> list[PlacedFigure]:
    """One period's figures placed on the map (empty without a period)."""
    if period is None:
        return []
    return _placed(*source, metric, unit, period.start, period.end)


@st.cache_resource(ttl=3600, max_entries=512, show_spinner=False)
def _map_deck(url: str, version: int, metric: str, unit: str, start, end,
              visible: tuple[str, ...], online_basemap: bool, max_value: float) -> pdk.Deck:
    catalog = cached_catalog()
    placed = _placed(url, version, metric, unit, start, end) if start is not None else []
    # a corridor switched off takes its figures with it
    placed = [f for f in placed if f.corridor in visible]
    overlay = figure_layers(placed, catalog, cached_segment_paths(), max_value)
    return build_map_deck(catalog, set(visible), extra_layers=overlay,
                          online_basemap=online_basemap)


def map_deck(source: tuple[str, int], visible: Collection[str], online_basemap: bool,
             metric: str, unit: str, period: PeriodBounds | None,
             max_value: float) -> pdk.Deck:
    """The Map page's deck (catalog layers in ``visible`` plus the period's figures),
    built once per distinct view and data version and shared read-only by every session
    (``st.pydeck_chart`` only serialises it)."""
    start, end = (period.start, period.end) if period else (None, None)
    return _map_deck(*source, metric, unit, start, end, tuple(sorted(visible)),
                     bool(online_basemap), float(max_value))


def period_kind_control(periods: Sequence[PeriodBounds]) -> str:
    """Which kind of period the slider steps through (years by default), ``?ptype=``."""
    kinds = [k for k in PERIOD_KIND_TITLES if any(p.kind == k for p in periods)] or ["year"]
    return choice_control("Periods", "ptype", kinds, "year" if "year" in kinds else kinds[0],
                          where=st, format_func=PERIOD_KIND_TITLES.get)


def _step_period(options: Sequence[str], delta: int) -> None:
    current = st.session_state.get("period")
    index = options.index(current) if current in options else len(options) - 1
    st.session_state["period"] = options[(index + delta) % len(options)]


def period_control(periods: Sequence[PeriodBounds]) -> PeriodBounds | None:
    """Slider over the periods with data, step buttons and play; ``?period=`` in the URL."""
    if not periods:
        st.info("No figures for this metric and unit yet: nothing to draw for a period.")
        return None
    by_period = {p.period: p for p in periods}
    options = list(by_period)
    if st.session_state.get("period") not in by_period:
        st.session_state["period"] = url_choice("period", options, default_period(periods))
    back, slider, forward, play = st.columns([1, 10, 1, 2], vertical_alignment="bottom")
    # Buttons, not callbacks: a callback would step through the previous run's periods,
    # stale when another editor has just imported new ones.
    step = (forward.button("▶", key="period_forward", help="Next period")
            - back.button("◀", key="period_back", help="Previous period"))
    if step:
        _step_period(options, step)
    playing = play.toggle("Play", key="playing", help="Step through the periods")
    chosen = slider.select_slider("Period", options, key="period",
                                  format_func=lambda p: by_period[p].label)
    st.query_params["period"] = chosen
    if playing:
        _advance_while_playing(options)
    return by_period[chosen]


@st.fragment(run_every=1.5)
def _advance_while_playing(options: Sequence[str]) -> None:
    # Runs only while "Play" is on: each tick moves one period and reruns the page.
    if st.session_state.get("playing"):
        _step_period(options, 1)
        st.rerun(scope="app")
