"""Timeline: volumes and capacities per corridor or place over time, with dated events
and the source behind every point (thin page: widgets, library calls, rendering)."""

import streamlit as st

from corridors import ui
from corridors.domain.records import GRANULARITIES, PERIOD_KIND_TITLES
from corridors.timeline.view import (
    chart_data_csv,
    event_rows,
    location_options,
    point_rows,
)

ui.setup_page("Timeline")
catalog = ui.cached_catalog()
metric, unit = ui.metric_unit_controls()
granularity = ui.choice_control("Granularity", "gran", GRANULARITIES, "year",
                                format_func=PERIOD_KIND_TITLES.get)
show_events = st.sidebar.toggle("Show events", value=True, key="show_events")

st.title("Timeline")
options = location_options(ui.current_figures(), catalog)
location = ui.location_control(options)
view, specs = ui.timeline_view(location, metric, unit, granularity, options[location],
                               show_events)

st.vega_lite_chart(specs["main"], width="stretch")
for note in view.notes:
    st.caption(note)
change_col, side_col = st.columns(2)
change_col.vega_lite_chart(specs["yoy"], width="stretch")
if "side" in specs:
    side_col.vega_lite_chart(specs["side"], width="stretch")
else:
    side_col.caption("No capacity figure matches these volumes, so no utilisation is shown.")

st.subheader("Data behind the chart")
ui.text_table(point_rows(view.series) or [{"": "No figures for this selection."}])
st.download_button("Download the chart's data (CSV)", chart_data_csv(view.series),
                   file_name=f"corridors-timeline-{location or 'corridors'}-{metric}-{unit}.csv",
                   mime="text/csv", key="download_chart_csv")
if show_events:
    st.subheader("Events")
    ui.text_table(event_rows(ui.cached_events()))
