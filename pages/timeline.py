"""Timeline: volumes and capacities per corridor or place over time, with dated events
and the source behind every point (thin page: widgets, library calls, rendering)."""

import streamlit as st

from corridors import ui
from corridors.charts import share_chart, timeline_chart, utilisation_chart, yoy_chart
from corridors.timeline_view import (
    GRANULARITIES,
    GRANULARITY_TITLES,
    chart_data_csv,
    event_rows,
    location_options,
    point_rows,
)

ui.setup_page("Timeline")
catalog = ui.cached_catalog()
metric, unit = ui.metric_unit_controls()
granularity = ui.choice_control("Granularity", "gran", GRANULARITIES, "year",
                                format_func=GRANULARITY_TITLES.get)
show_events = st.sidebar.toggle("Show events", value=True, key="show_events")

st.title("Timeline")
options = location_options(ui.current_figures(), catalog)
location = ui.location_control(options)
view = ui.timeline_view(location, metric, unit, granularity, options[location])
events = ui.cached_events()

st.altair_chart(timeline_chart(view.series, events if show_events else None,
                               capacity=view.capacity, title=view.title), width="stretch")
for note in view.notes:
    st.caption(note)

change_col, share_col = st.columns(2)
with change_col:
    st.altair_chart(yoy_chart(view.yoy), width="stretch")
with share_col:
    if location == "" and metric == "volume":
        st.altair_chart(share_chart(view.share), width="stretch")
    elif not view.utilisation.empty:
        st.altair_chart(utilisation_chart(view.utilisation), width="stretch")
    else:
        st.caption("No capacity figure matches these volumes, so no utilisation is shown.")

st.subheader("Data behind the chart")
ui.text_table(point_rows(view.series) or [{"": "No figures for this selection."}])
st.download_button("Download the chart's data (CSV)", chart_data_csv(view.series),
                   file_name=f"corridors-timeline-{location or 'corridors'}-{metric}-{unit}.csv",
                   mime="text/csv", key="download_chart_csv")
if show_events:
    st.subheader("Events")
    ui.text_table(event_rows(events))
