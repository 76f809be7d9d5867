"""The only package that imports streamlit: page set-up, cached loaders, shared widgets.

Pages call these functions and the library; they hold no logic of their own. Nothing
from uploads or the database is ever passed to markdown or HTML here: tables and
``st.text`` only.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import pandas as pd
import pydeck as pdk
import streamlit as st

from corridors.catalog import Catalog, load_catalog
from corridors.deck import build_map_deck, figure_layers
from corridors.details import FeatureRef, feature_details, parse_feature_param
from corridors.display_layers import segment_paths
from corridors.events import load_events
from corridors.legend import legend_svg
from corridors.period_figures import (
    PlacedFigure,
    default_period,
    metric_unit_figures,
    place_figures,
    scale_max,
    select_period,
)
from corridors.records import METRICS, PERIOD_KIND_TITLES, UNITS
from corridors.reporting import formula_safe_table
from corridors.series import PeriodBounds, periods_with_data
from corridors.store import Store, open_store
from corridors.store.config import resolve_database_url
from corridors.timeline_view import TimelineView, build_timeline, chart_specs, selection_from_param

APP_TITLE = "corridors"
UNIT_TITLES = {"t": "tonnes (t)", "TEU": "TEU", "trains": "trains"}
LAYERS_PARAM = "layers"
SELECTION_PARAM = "sel"
# The app's pages, in menu order; app.py hands them to st.navigation. The map is the
# landing page: it is what people come for. Emoji, not ":material/..." icons: a page's
# icon becomes the favicon, and Streamlit fetches material favicons from Google's font
# servers, which breaks the offline promise (the browser tests catch it).
PAGES = (
    {"page": "pages/map.py", "title": "Map", "icon": "🗺️", "default": True},
    {"page": "pages/timeline.py", "title": "Timeline", "icon": "📈"},
    {"page": "pages/scenario.py", "title": "Scenario", "icon": "⚖️"},
    {"page": "pages/data.py", "title": "Data", "icon": "🗂️"},
    {"page": "pages/about.py", "title": "About", "icon": "ℹ️"},
)


def _leave_legacy_multipage_mode() -> None:
    """Make app.py's ``st.navigation`` run every page, even on a fresh server's first request.

    Streamlit picks its old multipage mode when a ``pages/`` folder sits beside the entry
    script, until some run calls ``st.navigation``. A first request straight to ``/timeline``
    would then run the page without app.py (another menu, other titles). Leaving that mode
    and rerunning hands the request to app.py, which routes it to the same page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def setup_page(title: str) -> None:
    """Configure the page (wide layout, title) and the sidebar caption every page shares."""
    _leave_legacy_multipage_mode()
    st.set_page_config(page_title=f"{title} · {APP_TITLE}", page_icon="🚆",
                       layout="wide")
    st.sidebar.caption("Freight corridors through Kazakhstan: Northern Corridor and "
                       "Middle Corridor (Trans-Caspian route).")


@st.cache_resource
def cached_catalog() -> Catalog:
    """The geodata catalog, read once per process (it only changes with a deploy)."""
    return load_catalog()


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



# --- data access: one engine per process, loaders keyed on the data version ------------

@st.cache_resource
def _store_for(url: str) -> Store:
    return open_store(url)


def cached_store() -> Store:
    """The store for this process; DESIGN 3.6 picks the database on every run (an env
    lookup and a file check), and each URL gets one engine, migrated and seeded once."""
    return _store_for(resolve_database_url())


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def _figures(url: str, version: int) -> pd.DataFrame:
    # ``version`` is only the cache key: a write on any replica bumps it (DESIGN 4).
    return open_store(url).current_figures()


def current_figures() -> pd.DataFrame:
    """The current figure of every identity, re-read only when the data version changes."""
    store = cached_store()
    return _figures(store.url, store.data_version())


@st.cache_resource
def cached_segment_paths() -> dict:
    """Thinned display paths of all segments (EPSG:4326), for the period overlay."""
    return segment_paths()


# --- the Map page: its figures, period list and deck, cached per data version ----------
# A rerun that changes nothing in the data (a period step, a toggle, a click) then does
# no pandas work and builds no pydeck object: the deck is built once per distinct view.

def data_source() -> tuple[str, int]:
    """``(database URL, data version)`` for this rerun: one cheap query, the key of
    every map cache below (a write on any replica bumps the version, DESIGN 4)."""
    store = cached_store()
    return store.url, store.data_version()


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _map_periods(url: str, version: int, metric: str, unit: str,
                 ) -> tuple[list[PeriodBounds], float]:
    # Reuses _figures' frame under the same key, as _timeline does.
    figures = metric_unit_figures(_figures(url, version), metric, unit)
    return periods_with_data(figures), scale_max(figures, metric=metric, unit=unit)


def map_periods(source: tuple[str, int], metric: str, unit: str,
                ) -> tuple[list[PeriodBounds], float]:
    """The periods with figures of ``metric`` in ``unit`` and the value drawn at full
    width (``corridors.period_figures.scale_max``), once per data version."""
    return _map_periods(*source, metric, unit)


@st.cache_data(ttl=3600, max_entries=512, show_spinner=False)
def _placed(url: str, version: int, metric: str, unit: str, start: pd.Timestamp,
            end: pd.Timestamp) -> list[PlacedFigure]:
    figures = metric_unit_figures(_figures(url, version), metric, unit)
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


@st.cache_data(show_spinner=False)
def cached_events() -> pd.DataFrame:
    """Dated events for the timeline (seed file; changes only with a deploy)."""
    return load_events()


# --- shared controls, mirrored in the URL ----------------------------------------------

def _url_choice(param: str, options: Sequence[str], default: str) -> str:
    value = st.query_params.get(param, default)
    return value if value in options else default


def choice_control(label: str, param: str, options: Sequence[str], default: str,
                   *, where=st.sidebar, format_func=str) -> str:
    """A segmented choice whose value lives in ``?param=`` so a link reproduces it."""
    key = f"choice_{param}"
    if key not in st.session_state:
        st.session_state[key] = _url_choice(param, options, default)
    value = where.segmented_control(label, options, key=key, format_func=format_func,
                                    selection_mode="single") or default
    st.query_params[param] = value
    return value


def metric_unit_controls(where=st.sidebar) -> tuple[str, str]:
    """Metric (volume/capacity) and unit (t/TEU/trains) choices, in ``?metric=&unit=``."""
    metric = choice_control("Metric", "metric", METRICS, "volume", where=where,
                            format_func=str.capitalize)
    unit = choice_control("Unit", "unit", UNITS, "t", where=where,
                          format_func=lambda u: UNIT_TITLES[u])
    return metric, unit


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
        st.session_state["period"] = _url_choice("period", options, default_period(periods))
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


def text_table(rows, columns: Sequence[str] | None = None) -> None:
    """Render rows as a plain table: cells are text, never HTML or markdown, and text
    that a spreadsheet would run as a formula is neutralised (the table's CSV download
    does not do it)."""
    st.dataframe(formula_safe_table(rows, columns), hide_index=True, width="stretch")


# --- timeline ---------------------------------------------------------------------------

@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _timeline(url: str, version: int, location: str, metric: str, unit: str,
              granularity: str, title: str, show_events: bool,
              ) -> tuple[TimelineView, dict[str, dict]]:
    # Keyed on the data version like _figures, whose cached frame it reuses: both keys
    # move together, so a write on another replica can never pair old and new data.
    view = build_timeline(_figures(url, version), location=location, metric=metric,
                          unit=unit, granularity=granularity, title=title)
    events = load_events() if show_events else None
    return view, chart_specs(view, events, location=location, metric=metric)


def timeline_view(location: str, metric: str, unit: str, granularity: str, title: str,
                  show_events: bool) -> tuple[TimelineView, dict[str, dict]]:
    """The Timeline page's frames and chart specs for one selection, cached per data
    version (a rerun with the same choices does no pandas or Altair work)."""
    store = cached_store()
    return _timeline(store.url, store.data_version(), location, metric, unit, granularity,
                     title, show_events)


def location_control(options: dict[str, str]) -> str:
    """Where the series come from, kept in ``?sel=``. On a session's first run the URL
    decides; later a new click on the map (this session) moves the timeline to that
    place; otherwise the select box keeps the reader's choice."""
    key, seen = "timeline_location", "timeline_seen_map_selection"
    map_selection = st.session_state.get(SELECTION_PARAM, "")
    if key not in st.session_state:
        wanted = st.query_params.get(SELECTION_PARAM) or map_selection
        st.session_state[key] = selection_from_param(wanted, options)
        st.session_state[seen] = map_selection
    elif map_selection != st.session_state.get(seen):
        st.session_state[key] = selection_from_param(map_selection, options)
        st.session_state[seen] = map_selection
    if st.session_state[key] not in options:  # the data changed under the selection
        st.session_state[key] = ""
    location = st.selectbox("Place", list(options), key=key, format_func=options.get)
    if location:
        st.query_params[SELECTION_PARAM] = location
    else:
        st.query_params.pop(SELECTION_PARAM, None)
    return location
