"""Map: Kazakhstan, the Northern and Middle Corridors, their nodes, and one period's
figures as line widths and circle sizes (thin page: widgets, library calls, rendering)."""

import streamlit as st

from corridors import ui
from corridors.map.legend import figure_legend_svg
from corridors.map.period_figures import figure_rows

ui.setup_page("Map")
catalog = ui.cached_catalog()
visible = ui.layer_toggles(catalog)
metric, unit = ui.metric_unit_controls()
online_basemap = ui.online_basemap_optin()

st.title("Corridor map")
# Everything below is cached per data version (ui.data_source): a rerun that only moves
# the period or a toggle does no pandas work and reuses an already built deck.
source = ui.data_source()
periods, max_value = ui.map_periods(source, metric, unit)
kind = ui.period_kind_control(periods)
period = ui.period_control([p for p in periods if p.kind == kind])
placed = ui.placed_figures(source, metric, unit, period)

map_col, side_col = st.columns([4, 1], gap="small")
with map_col:
    event = st.pydeck_chart(
        ui.map_deck(source, visible, online_basemap, metric, unit, period, max_value),
        on_select="rerun", selection_mode="single-object", key="map", height=620,
    )
with side_col:
    ui.render_legend(catalog, visible)
    if period:
        st.markdown(f"**{metric.capitalize()} per period ({unit})**")
        st.image(figure_legend_svg(max_value, unit, catalog.layers["middle"].colour))
    ui.render_details(catalog, ui.selected_feature(event, catalog))

if period:
    st.subheader(f"Figures for {period.label}")
    ui.text_table(figure_rows(placed) or [{"": "No figure for this period."}])
