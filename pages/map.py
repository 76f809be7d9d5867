"""Map: Kazakhstan, the Northern and Middle Corridors, their nodes, and one period's
figures as line widths and circle sizes (thin page: widgets, library calls, rendering)."""

import streamlit as st

from corridors import ui
from corridors.deck import build_map_deck, figure_layers
from corridors.legend import figure_legend_svg
from corridors.period_figures import (
    figure_rows,
    metric_unit_figures,
    place_figures,
    scale_max,
    select_period,
)
from corridors.series import periods_with_data

ui.setup_page("Map")
catalog = ui.cached_catalog()
visible = ui.layer_toggles(catalog)
metric, unit = ui.metric_unit_controls()
online_basemap = ui.online_basemap_optin()

st.title("Corridor map")
figures = metric_unit_figures(ui.current_figures(), metric, unit)
periods = periods_with_data(figures)
kind = ui.period_kind_control(periods)
period = ui.period_control([p for p in periods if p.kind == kind])
placed = place_figures(select_period(figures, period.start, period.end, metric=metric,
                                     unit=unit), catalog) if period else []
max_value = scale_max(figures, metric=metric, unit=unit)

map_col, side_col = st.columns([4, 1], gap="small")
with map_col:
    overlay = figure_layers(placed, catalog, ui.cached_segment_paths(), max_value)
    event = st.pydeck_chart(
        build_map_deck(catalog, visible, extra_layers=overlay, online_basemap=online_basemap),
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
