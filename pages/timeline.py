"""Timeline: volumes and capacities per corridor or place over time, with dated events
and the source behind every point (thin page: widgets, library calls, rendering)."""

import streamlit as st

from corridors import ui
from corridors.domain.records import GRANULARITIES, PERIOD_KIND_TITLES
from corridors.timeline.view import chart_data_csv, event_rows, point_rows
from corridors.ui import exports
from corridors.ui.language import _

ui.setup_page("Timeline")
catalog = ui.cached_catalog()
metric, unit = ui.metric_unit_controls()
granularity = ui.choice_control(_("Granularity"), "gran", GRANULARITIES, "year",
                                format_func=lambda g: _(PERIOD_KIND_TITLES[g]))
show_events = st.sidebar.toggle(_("Show events"), value=True, key="show_events")
show_plans = st.sidebar.toggle(_("Show plans and targets"), value=False, key="show_plans",
                               help=_("Figures for periods that have not begun (such as "
                                      "2030 targets): off, the axis ends at today's data."))
lang = ui.current_language()

st.title(_("Timeline"))
options = ui.timeline_locations()
location = ui.location_control(options)
series = ui.series_control(location, metric, unit, show_plans)
view, specs = ui.timeline_view(location, metric, unit, granularity, options[location],
                               show_events, show_plans, series)

st.vega_lite_chart(specs["main"], width="stretch")
for note in view.notes:
    st.caption(note)
if show_events:
    for statement in view.statements:  # a statement, checked against the series
        st.info(statement, icon=":material/fact_check:")
ui.unit_offers(view, metric)
change_col, side_col = st.columns(2)
change_col.vega_lite_chart(specs["yoy"], width="stretch")
if "side" in specs:
    side_col.vega_lite_chart(specs["side"], width="stretch")
else:
    side_col.caption(_("No capacity figure matches these volumes, so no utilisation is "
                       "shown."))

st.subheader(_("Data behind the chart"))
ui.text_table(point_rows(view.series, catalog, lang)
              or [{"": _("No figures for this selection.")}])
st.download_button(_("Download the chart's data (CSV)"), chart_data_csv(view.series),
                   file_name=f"corridors-timeline-{location or 'corridors'}-{metric}-{unit}.csv",
                   mime="text/csv", key="download_chart_csv")
for fmt, mime in exports.IMAGE_MIME.items():  # built only when clicked
    st.download_button(_("Chart as {format}").format(format=fmt.upper()),
                       key=f"download_chart_{fmt}",
                       data=exports.chart_image_data(specs["main"], f"chart-{fmt}"),
                       file_name=f"corridors-timeline-{location or 'corridors'}-{metric}-"
                                 f"{unit}.{fmt}", mime=mime, on_click="ignore")
if show_events:
    st.subheader(_("Events"))
    ui.text_table(event_rows(ui.cached_events(), lang))
