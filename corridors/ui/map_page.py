"""The Map page's widgets and caches: layer toggles, the period control (step, play), the
deck, the legend and the details of a clicked feature.

A rerun that changes nothing in the data (a period step, a toggle, a click) does no pandas
work and builds no pydeck object: the deck is built once per distinct view and data version.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Sequence

import pandas as pd
import pydeck as pdk
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from corridors.domain.catalog import Catalog
from corridors.domain.formatting import format_number, format_period, format_unit
from corridors.domain.i18n import N_
from corridors.domain.records import PERIOD_KIND_TITLES
from corridors.domain.selection import FeatureRef, parse_feature_param
from corridors.geo.display import segment_paths
from corridors.map.deck import badge_layer, build_map_deck, figure_layers
from corridors.map.details import (
    feature_details,
    feature_title,
    place_figure_rows,
    place_history_spec,
)
from corridors.map.legend import legend_svg, svg_data_uri
from corridors.map.period_figures import (
    PlacedFigure,
    competing_places,
    default_period,
    periods_of_every_corridor,
    place_figures,
    scale_max_of_groups,
    select_period,
)
from corridors.timeline.series import PeriodBounds, periods_with_data
from corridors.ui.controls import (
    SELECTION_PARAM,
    choice_control,
    set_query_param,
    text_table,
    url_choice,
)
from corridors.ui.language import _, current_language
from corridors.ui.loaders import cached_catalog, store_at

LAYERS_PARAM = "layers"
#: The title of the clicked place's small chart, by metric (``{unit}`` in the language).
PER_YEAR_TITLES = {"volume": N_("Volume per year ({unit})"),
                   "capacity": N_("Capacity per year ({unit})")}


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
    st.sidebar.subheader(_("Layers"))
    visible = set()
    for style in reversed(list(catalog.layers.values())):
        key = f"layer_{style.id}"
        if key not in st.session_state:
            st.session_state[key] = style.id in from_url if from_url is not None else style.visible
        if st.sidebar.toggle(style.title_in(current_language()), key=key):
            visible.add(style.id)
    ordered = [layer for layer in catalog.layers if layer in visible]
    set_query_param(LAYERS_PARAM, ",".join(ordered))
    return visible


def online_basemap_optin() -> bool:
    """An explicit opt-in for a basemap fetched from Carto (off: nothing leaves the machine)."""
    return st.sidebar.checkbox(
        _("Online basemap (loads tiles from carto.com)"), value=False, key="online_basemap",
        help=_("Off by default: the map then makes no request beyond this app's own server."),
    )


def render_legend(catalog: Catalog, visible: Collection[str]) -> None:
    """Draw the legend (an SVG built from our own catalog, titles escaped)."""
    st.markdown("**" + _("Legend") + "**")
    st.image(svg_data_uri(legend_svg(catalog, visible, current_language())))
    st.caption(_("Corridor lines are schematic: node to node along great circles, "
                 "not surveyed track alignments."))


def selected_feature(event, catalog: Catalog) -> FeatureRef | None:
    """The feature clicked on the map, else the one named in ``?sel=`` (kept in the URL).

    A click on empty map clears the selection (and ``?sel=``).
    """
    objects = getattr(getattr(event, "selection", None), "objects", None) or {}
    for layer, picked in objects.items():
        props = (picked[0] or {}).get("properties", picked[0]) if picked else None
        if props and props.get("kind") in ("node", "segment", "route"):
            ref = FeatureRef(layer, props["kind"], props["id"], props.get("corridor", ""))
            set_query_param(SELECTION_PARAM, ref.to_param())
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


def render_details(catalog: Catalog, ref: FeatureRef | None, source: tuple[str, int],
                   metric: str, unit: str, period: PeriodBounds | None) -> None:
    """The clicked place: its figures for the period (every metric, unit and series, the
    source as a link, the quality), a small chart across periods, a link to the Timeline;
    the geodata metadata folded away in an expander."""
    lang = current_language()
    if ref is None:
        st.markdown("**" + _("Details") + "**")
        st.caption(_("Click a node or a corridor segment on the map: you will see how much "
                     "passed there in this period, from which source, and its history."))
        return
    title = feature_title(catalog, ref, lang)
    st.markdown(f"**{title}**" if title.isprintable() else "**" + _("Details") + "**")
    if ref.kind in ("node", "segment", "route"):
        # only this place's figures, read through the store (never all of them, issue 17)
        figures = store_at(source[0]).current_figures(location=ref.id)
        rows = (place_figure_rows(figures, catalog, ref, period.start, period.end, lang)
                if period else [])
        for row in rows:
            _figure_block(row)
        if not rows:
            when = period_title(period) if period else _("this period")
            st.caption(_("No figure stored for this place in {period}. The chart below "
                         "shows the periods that have one.").format(period=when))
        colour = catalog.layers[ref.corridor].colour if ref.corridor in catalog.layers else (
            catalog.layers["middle"].colour)
        spec = place_history_spec(figures, ref, metric=metric, unit=unit, kind="year",
                                  title=_(PER_YEAR_TITLES[metric]).format(
                                      unit=format_unit(unit, lang)),
                                  colour=colour, lang=lang)
        if spec:
            st.vega_lite_chart(spec, width="stretch")
        _timeline_link(ref)
    with st.expander(_("About this place (names, position, sources)")):
        text_table(feature_details(catalog, ref, lang), ["Field", "Value"])


def _figure_block(row: dict) -> None:
    """One figure of the clicked place: the amount large, the change, quality and exact
    value small, the source as a link (only a checked http(s) URL) or as plain text;
    notes are in the table under the map."""
    st.metric(row["Figure"], row["Amount"], row["Change"] or None, border=True)
    st.caption(f"{row['Quality']} · {row['Exact']}")  # our vocabulary and numbers only
    if row["Source"]:
        st.link_button(_("Source"), row["Source"], icon="🔗")
    elif row["Citation"]:
        st.text(_("Source: {citation}").format(citation=row["Citation"]))


def _timeline_link(ref: FeatureRef) -> None:
    """"Open in Timeline" for the clicked place (the Timeline follows ``?sel=``)."""
    try:
        st.page_link("pages/timeline.py", label=_("Open in Timeline"), icon="📈",
                     query_params={SELECTION_PARAM: ref.to_param()})
    except StreamlitPageNotFoundError:  # the page run on its own, outside app.py's menu
        st.caption(_("Open in Timeline: the Timeline page follows this selection."))


@st.cache_resource
def cached_segment_paths() -> dict:
    """Thinned display paths of all segments (EPSG:4326), for the period overlay."""
    return segment_paths()


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _map_periods(url: str, version: int, metric: str, unit: str,
                 ) -> tuple[list[PeriodBounds], float, set[str]]:
    # Aggregates computed by the database, and the figures only of the places several
    # series count: reading this metric's every figure (55,000 of 1,000,000) was most
    # of a fresh server's first Map page (issue 17). One series per place keeps every
    # place and period, so the periods and each period's corridors are those of all series.
    store, chosen = store_at(url), {"metric": metric, "unit": unit, "direction": "both"}
    periods = store.figure_groups(["period", "period_start", "period_end", "corridor"],
                                  **chosen)
    maxima = store.figure_groups(["corridor", "location", "series"], **chosen)
    competing = competing_places(maxima)
    figures = (store.current_figures(corridor=sorted(set(competing["corridor"])),
                                     location=sorted(set(competing["location"])), **chosen)
               if len(competing) else None)
    both = periods_of_every_corridor(periods, cached_catalog().corridors)
    return (periods_with_data(periods),
            scale_max_of_groups(maxima, figures, metric=metric, unit=unit), both)


def map_periods(source: tuple[str, int], metric: str, unit: str,
                ) -> tuple[list[PeriodBounds], float]:
    """The periods with figures of ``metric`` in ``unit`` and the value drawn at full
    width (``corridors.map.period_figures.scale_max``), once per data version."""
    periods, max_value, _ = _map_periods(*source, metric, unit)
    return periods, max_value


def periods_of_both(source: tuple[str, int], metric: str, unit: str) -> set[str]:
    """Labels of the periods in which every corridor has a figure (the map opens there)."""
    return _map_periods(*source, metric, unit)[2]


@st.cache_data(ttl=3600, max_entries=512, show_spinner=False)
def _placed(url: str, version: int, metric: str, unit: str, start: pd.Timestamp,
            end: pd.Timestamp, lang: str = "en") -> list[PlacedFigure]:
    figures = store_at(url).current_figures(metric=metric, unit=unit, direction="both",
                                            period_start=start.date(),
                                            period_end=end.date())
    return place_figures(select_period(figures, start, end, metric=metric, unit=unit),
                         cached_catalog(), figures, lang)


def placed_figures(source: tuple[str, int], metric: str, unit: str,
                   period: PeriodBounds | None) -> list[PlacedFigure]:
    """One period's figures placed on the map (empty without a period), titled in the
    session's language."""
    if period is None:
        return []
    return _placed(*source, metric, unit, period.start, period.end, current_language())


@st.cache_resource(ttl=3600, max_entries=512, show_spinner=False)
def _map_deck(url: str, version: int, metric: str, unit: str, start, end,
              visible: tuple[str, ...], online_basemap: bool, max_value: float,
              lang: str = "en") -> pdk.Deck:
    catalog = cached_catalog()
    placed = _placed(url, version, metric, unit, start, end, lang) if start is not None else []
    # a corridor switched off takes its figures with it
    placed = [f for f in placed if f.corridor in visible]
    overlay = figure_layers(placed, catalog, cached_segment_paths(), max_value, lang)
    return build_map_deck(catalog, set(visible), extra_layers=overlay,
                          top_layers=[badge_layer(placed, catalog, lang)],
                          online_basemap=online_basemap, lang=lang)


def map_deck(source: tuple[str, int], visible: Collection[str], online_basemap: bool,
             metric: str, unit: str, period: PeriodBounds | None,
             max_value: float) -> pdk.Deck:
    """The Map page's deck (catalog layers in ``visible`` plus the period's figures),
    built once per distinct view and data version and shared read-only by every session
    (``st.pydeck_chart`` only serialises it)."""
    start, end = (period.start, period.end) if period else (None, None)
    return _map_deck(*source, metric, unit, start, end, tuple(sorted(visible)),
                     bool(online_basemap), float(max_value), current_language())


def period_kind_control(periods: Sequence[PeriodBounds]) -> str:
    """Which kind of period the slider steps through (years by default), ``?ptype=``."""
    kinds = [k for k in PERIOD_KIND_TITLES if any(p.kind == k for p in periods)] or ["year"]
    return choice_control(_("Periods"), "ptype", kinds,
                          "year" if "year" in kinds else kinds[0], where=st,
                          format_func=lambda k: _(PERIOD_KIND_TITLES[k]))


def period_title(period: PeriodBounds) -> str:
    """A period as the session's language writes it: English keeps the slider's own
    labels (``Q1 2024``, ``Jan–Nov 2024``), Russian and Kazakh CLDR's (``I кв. 2024``)."""
    lang = current_language()
    return period.label if lang == "en" else format_period(period.period, lang)


def _step_period(options: Sequence[str], delta: int) -> None:
    current = st.session_state.get("period")
    index = options.index(current) if current in options else len(options) - 1
    st.session_state["period"] = options[(index + delta) % len(options)]


#: Seconds between two periods while playing.
PLAY_EVERY_S = 1.5


def period_control(periods: Sequence[PeriodBounds], both: Collection[str] = (),
                   ) -> PeriodBounds | None:
    """Slider over the periods with data, step buttons and play; ``?period=`` in the URL.

    Every change of the slider's value (a step, a tick of Play) happens here, before the
    slider is created in this run: setting a widget's state after it is drawn raises
    ``StreamlitWidgetAlreadyInstantiatedError`` ("Play with a fragment").
    """
    if not periods:
        st.info(_("No figures for this metric and unit yet: nothing to draw for a period."))
        return None
    by_period = {p.period: p for p in periods}
    options = list(by_period)
    if st.session_state.get("period") not in by_period:
        st.session_state["period"] = url_choice("period", options,
                                                   default_period(periods, both=both))
    if st.session_state.pop("play_due", False) and st.session_state.get("playing"):
        _step_period(options, 1)
    # One row that stays a row on a phone (columns stack below 640 px and pushed the map
    # under the fold): slots in reading order, filled in the order the state needs.
    row = st.container(horizontal=True, vertical_alignment="bottom", wrap=False)
    back, slider, forward = (row.container(width="content"), row.container(width="stretch"),
                             row.container(width="content"))
    play = st.container(width="content")
    # Buttons, not callbacks: a callback would step through the previous run's periods,
    # stale when another editor has just imported new ones.
    step = (forward.button("▶", key="period_forward", help=_("Next period"))
            - back.button("◀", key="period_back", help=_("Previous period")))
    if step:
        _step_period(options, step)
    playing = play.toggle(_("Play"), key="playing", help=_(
        "Step through the periods, one every {seconds} s, round and round").format(
        seconds=format_number(PLAY_EVERY_S, current_language())))
    chosen = slider.select_slider(_("Period"), options, key="period",
                                  format_func=lambda p: period_title(by_period[p]))
    set_query_param("period", chosen)
    if playing:
        st.session_state.setdefault("play_stepped_at", 0.0)
        _tick_while_playing()
    return by_period[chosen]


@st.fragment(run_every=PLAY_EVERY_S)
def _tick_while_playing() -> None:
    # Runs inline in the page's run and then on its own every PLAY_EVERY_S seconds. It
    # never touches the slider's state: it asks for one step, which the next full run
    # takes before the slider exists. The clock keeps the inline call (right after a
    # step) from asking for another at once.
    now = time.monotonic()
    if (st.session_state.get("playing")
            and now - st.session_state.get("play_stepped_at", 0.0) >= PLAY_EVERY_S * 0.8):
        st.session_state["play_due"] = True
        st.session_state["play_stepped_at"] = now
        st.rerun(scope="app")
