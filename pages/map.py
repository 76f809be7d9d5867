"""Map: Kazakhstan, the Northern and Middle Corridors, their nodes, and one period's
figures as line widths, circle sizes and whole-corridor badges (thin page: widgets,
library calls, rendering)."""

import streamlit as st

from corridors import ui
from corridors.map.legend import figure_legend_svg, svg_data_uri
from corridors.map.period_figures import figure_rows
from corridors.ui import exports
from corridors.ui.language import _

ui.setup_page("Map")
catalog = ui.cached_catalog()
visible = ui.layer_toggles(catalog)
metric, unit = ui.metric_unit_controls()
online_basemap = ui.online_basemap_optin()

st.title(_("Corridor map"))
lang = ui.current_language()
# Everything below is cached per data version (ui.data_source): a rerun that only moves
# the period or a toggle does no pandas work and reuses an already built deck.
source = ui.data_source()
periods, max_value = ui.map_periods(source, metric, unit)
kind = ui.period_kind_control(periods)
period = ui.period_control([p for p in periods if p.kind == kind],
                           ui.periods_of_both(source, metric, unit))
placed = ui.placed_figures(source, metric, unit, period)

event = st.pydeck_chart(
    ui.map_deck(source, visible, online_basemap, metric, unit, period, max_value),
    on_select="rerun", selection_mode="single-object", key="map", height=560,
)
selection = ui.selected_feature(event, catalog)
# Below the map, not beside it: the details need the width (a phone stacks the columns).
details_col, legend_col = st.columns([3, 2], gap="medium")
with details_col:
    ui.render_details(catalog, selection, source, metric, unit, period)
with legend_col:
    ui.render_legend(catalog, visible)
    if period:
        st.markdown("**" + _(ui.PER_PERIOD_TITLES[metric]).format(
            unit=_(ui.UNIT_TITLES[unit])) + "**")
        st.image(svg_data_uri(
            figure_legend_svg(max_value, unit, catalog.layers["middle"].colour, lang)))
        st.caption(_("Boxes on the corridors: figures for a whole corridor, with the "
                     "change on the same period a year before."))
    for fmt, mime in exports.IMAGE_MIME.items():  # drawn on the server only when clicked
        st.download_button(_("Map as image ({format})").format(format=fmt.upper()),
                           key=f"download_map_{fmt}",
                           data=exports.map_image_data(source, visible, metric, unit, period,
                                                       selection, fmt),
                           file_name=exports.map_image_name(metric, unit, period, fmt),
                           mime=mime, on_click="ignore",
                           help=_("1920x1080 with legend, period, sources and data "
                                  "revision"))

if period:
    st.subheader(_("Figures for {period}").format(period=ui.period_title(period)))
    ui.text_table(figure_rows(placed, lang) or [{"": _("No figure for this period.")}])
