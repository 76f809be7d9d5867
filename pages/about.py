"""About: what the dashboard shows, where its data comes from (thin page)."""

import streamlit as st

from corridors import ui
from corridors.map.details import corridor_summary
from corridors.ui.language import _

ui.setup_page("About")
catalog = ui.cached_catalog()

st.title(_("Freight corridors through Kazakhstan"))
st.write(_(
    "Throughput of the Eurasian rail and sea corridors that cross Kazakhstan: the "
    "Northern Corridor (China - Kazakhstan - Russia - Belarus - Poland) and the Middle "
    "Corridor, the Trans-Caspian International Transport Route (China - Kazakhstan - "
    "Caspian ports - Azerbaijan - Georgia - Turkey or the Black Sea)."
))
st.subheader(_("What the map holds"))
st.dataframe(corridor_summary(catalog, ui.current_language()), hide_index=True,
             width="stretch")
st.caption(_(
    "Lengths are geodesic sums over schematic segments (node to node along great "
    "circles), not surveyed track lengths; a stretch used by both corridors counts in "
    "both. Borders: Natural Earth 1:10m admin-0 (public domain), simplified for display. "
    "Node positions: GeoNames where it knows the place, else the cited source, each with "
    "its stated accuracy. Everything is served from this machine: no basemap, font or "
    "script is fetched from the internet unless you opt in."
))
