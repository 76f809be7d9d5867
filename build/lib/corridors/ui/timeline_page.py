"""The Timeline page's widgets and caches: the place chooser and the charts' frames."""

from __future__ import annotations

import streamlit as st

from corridors.timeline.events import load_events
from corridors.timeline.view import TimelineView, build_timeline, chart_specs, selection_from_param
from corridors.ui.controls import SELECTION_PARAM
from corridors.ui.loaders import cached_store, figures_at


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _timeline(url: str, version: int, location: str, metric: str, unit: str,
              granularity: str, title: str, show_events: bool,
              ) -> tuple[TimelineView, dict[str, dict]]:
    # Keyed on the data version like figures_at, whose cached frame it reuses: both keys
    # move together, so a write on another replica can never pair old and new data.
    view = build_timeline(figures_at(url, version), location=location, metric=metric,
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
