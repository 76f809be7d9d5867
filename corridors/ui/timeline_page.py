"""The Timeline page's widgets and caches: the place chooser and the charts' frames."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from corridors.domain.formatting import format_unit
from corridors.timeline.events import load_events
from corridors.timeline.view import (
    TimelineView,
    build_timeline,
    chart_specs,
    default_series,
    location_options,
    selection_from_param,
    series_options,
)
from corridors.ui.controls import METRIC_TITLES, SELECTION_PARAM, set_query_param
from corridors.ui.language import _, current_language, ngettext
from corridors.ui.loaders import cached_catalog, cached_store, store_at


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def _locations(url: str, version: int, lang: str) -> dict[str, str]:
    places = pd.DataFrame(store_at(url).figure_places(), columns=["corridor", "location"])
    return location_options(places, cached_catalog(), lang)


def timeline_locations() -> dict[str, str]:
    """The places with figures (``{location id: title}``, whole corridors first, titles
    in the session's language), once per data version: a rerun does not scan the
    figures again."""
    store = cached_store()
    return _locations(store.url, store.data_version(), current_language())


SERIES_PARAM = "series"


# A resource, not data: the series box and the charts of one place read the same
# figures, and st.cache_data would unpickle a copy for each (a second read of the place
# from the store doubled a cache miss at 1,000,000 figures, issue 17). Only filtered or
# grouped (pandas returns new frames); nothing writes into it.
@st.cache_resource(ttl=3600, max_entries=16, show_spinner=False)
def place_figures_at(url: str, version: int, location: str) -> pd.DataFrame:
    """The current figures of one place (every corridor, metric, unit and series; ``""``:
    the whole corridors), cached per data ``version`` and shared read-only by every
    session of the process: never modify the frame."""
    return store_at(url).current_figures(location=location)


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _series_choices(url: str, version: int, location: str, metric: str, unit: str,
                    with_plans: bool, lang: str = "en") -> tuple[dict[str, str], list[str]]:
    figures = place_figures_at(url, version, location)
    options = series_options(figures, location=location, metric=metric, unit=unit,
                             lang=lang)
    return options, default_series(figures, options, unit, with_plans=with_plans)


def series_control(location: str, metric: str, unit: str, show_plans: bool = False,
                   ) -> tuple[str, ...]:
    """Which series to draw (one line each), kept in ``?series=`` when it is not the
    default; the default is each corridor's headline series, with the plans' series when
    plans are shown (``default_series``). A caption says how many more series have
    figures here, beside a button that shows them all."""
    store = cached_store()
    options, defaults = _series_choices(store.url, store.data_version(), location, metric,
                                        unit, show_plans, current_language())
    if not options:
        return ()
    # one widget per selection: another place, unit or the plans switch has other defaults
    key = f"timeline_series:{location}:{metric}:{unit}:{int(show_plans)}"
    if key not in st.session_state:
        wanted = [s for s in st.query_params.get(SERIES_PARAM, "").split(",") if s in options]
        st.session_state[key] = wanted or defaults
    chosen = st.multiselect(_("Series"), list(options), key=key, format_func=options.get,
                            placeholder=_("Choose the series to draw"),
                            help=_("Each series is one publisher's count of one slice of "
                                   "traffic; series are never added up. The headline "
                                   "series are shown first."))
    if chosen == defaults:
        st.query_params.pop(SERIES_PARAM, None)
    else:
        set_query_param(SERIES_PARAM, ",".join(chosen))
    hidden = len(options) - len(chosen)
    if hidden > 0:
        text, button = st.columns([3, 1], vertical_alignment="center")
        text.caption(ngettext(
            "{n} more series has figures here: add them under Series to compare.",
            "{n} more series have figures here: add them under Series to compare.",
            hidden).format(n=hidden))
        button.button(_("Show every series"), key="timeline_every_series",
                      on_click=_choose_series, args=(key, list(options)))
    if not chosen:
        st.caption(_("No series chosen: choose one or more under Series."))
    return tuple(chosen)


def _choose_series(key: str, slugs: list[str]) -> None:
    st.session_state[key] = slugs  # a callback: runs before the multiselect exists


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _timeline(url: str, version: int, location: str, metric: str, unit: str,
              granularity: str, title: str, show_events: bool, show_plans: bool,
              series: tuple[str, ...] | None = None, lang: str = "en",
              ) -> tuple[TimelineView, dict[str, dict]]:
    # Only the chosen place's figures (every metric and unit: the capacity series sits
    # beside the volumes, and the other units are offered when this one has none), read
    # through the store (once for the series box and the charts): never all figures.
    figures = place_figures_at(url, version, location)
    catalog = cached_catalog()
    view = build_timeline(figures, location=location, metric=metric, unit=unit,
                          granularity=granularity, title=title, show_plans=show_plans,
                          catalog=catalog, series=series, lang=lang)
    events = load_events() if show_events else None
    return view, chart_specs(view, events, location=location, metric=metric, catalog=catalog,
                             lang=lang)


def timeline_view(location: str, metric: str, unit: str, granularity: str, title: str,
                  show_events: bool, show_plans: bool = False,
                  series: tuple[str, ...] | None = None,
                  ) -> tuple[TimelineView, dict[str, dict]]:
    """The Timeline page's frames and chart specs for one selection, in the session's
    language, cached per data version (a rerun with the same choices does no pandas or
    Altair work). ``series``: the slugs to draw (None: every series)."""
    store = cached_store()
    return _timeline(store.url, store.data_version(), location, metric, unit, granularity,
                     title, show_events, show_plans, series, current_language())


def _use_unit(unit: str) -> None:
    st.session_state["choice_unit"] = unit  # a callback: runs before the unit control


def unit_offers(view: TimelineView, metric: str) -> None:
    """When a corridor has no figure in the chosen unit, the notes say so; offer a button
    per unit in which it has figures (switching the sidebar's unit)."""
    lang = current_language()
    for other in view.other_units[:3]:
        label = (f"Show {metric} in {other}" if lang == "en" else _(
            "Show {metric} in {unit}").format(metric=_(METRIC_TITLES[metric]).lower(),
                                              unit=format_unit(other, lang)))
        st.button(label, key=f"use_unit_{other}", on_click=_use_unit, args=(other,))


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
    location = st.selectbox(_("Place"), list(options), key=key, format_func=options.get)
    if location:
        set_query_param(SELECTION_PARAM, location)
    else:
        st.query_params.pop(SELECTION_PARAM, None)
    return location
