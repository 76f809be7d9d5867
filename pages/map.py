"""Map: Kazakhstan, the Northern and Middle Corridors and their nodes (thin page)."""

import streamlit as st

from corridors import ui
from corridors.deck import build_map_deck

ui.setup_page("Map")
catalog = ui.cached_catalog()
visible = ui.layer_toggles(catalog)
online_basemap = ui.online_basemap_optin()

st.title("Corridor map")
map_col, side_col = st.columns([4, 1], gap="small")
with map_col:
    event = st.pydeck_chart(
        build_map_deck(catalog, visible, online_basemap=online_basemap),
        on_select="rerun", selection_mode="single-object", key="map", height=620,
    )
with side_col:
    ui.render_legend(catalog, visible)
    ui.render_details(catalog, ui.selected_feature(event, catalog))
