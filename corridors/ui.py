"""The one module that imports streamlit: page set-up, cached loaders, shared widgets.

Pages call these functions and the library; they hold no logic of their own. Nothing
from uploads or the database is ever passed to markdown or HTML here: tables and
``st.text`` only.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd
import streamlit as st

from corridors.catalog import Catalog, load_catalog
from corridors.details import FeatureRef, feature_details, parse_feature_param
from corridors.legend import legend_svg

APP_TITLE = "corridors"
LAYERS_PARAM = "layers"
SELECTION_PARAM = "sel"
# The app's pages, in menu order; app.py hands them to st.navigation. The map is the
# landing page: it is what people come for.
PAGES = (
    {"page": "pages/map.py", "title": "Map", "icon": "🗺️", "default": True},
    {"page": "pages/about.py", "title": "About", "icon": "ℹ️"},
)


def setup_page(title: str) -> None:
    """Configure the page (wide layout, title) and the sidebar caption every page shares."""
    st.set_page_config(page_title=f"{title} · {APP_TITLE}", page_icon="🚆", layout="wide")
    st.sidebar.caption("Freight corridors through Kazakhstan: Northern Corridor and "
                       "Middle Corridor (Trans-Caspian route).")


@st.cache_resource
def cached_catalog() -> Catalog:
    """The geodata catalog, read once per process (it only changes with a deploy)."""
    return load_catalog()


def _visible_from_query(catalog: Catalog) -> set[str] | None:
    """Layers named in ``?layers=a,b``; ``None`` when the URL does not say."""
    if LAYERS_PARAM not in st.query_params:
        return None
    named = {p.strip() for p in st.query_params[LAYERS_PARAM].split(",")}
    return {layer for layer in catalog.layers if layer in named}


def layer_toggles(catalog: Catalog) -> set[str]:
    """Sidebar toggles, one per catalog layer, mirrored in ``?layers=`` both ways.

    The URL wins on a session's first run (so a copied link reproduces the view); after
    that the toggles win and the URL follows them.
    """
    from_url = _visible_from_query(catalog)
    st.sidebar.subheader("Layers")
    visible = set()
    for style in reversed(list(catalog.layers.values())):
        key = f"layer_{style.id}"
        if key not in st.session_state:
            st.session_state[key] = style.id in from_url if from_url is not None else style.visible
        if st.sidebar.toggle(style.title, key=key):
            visible.add(style.id)
    ordered = [layer for layer in catalog.layers if layer in visible]
    st.query_params[LAYERS_PARAM] = ",".join(ordered)
    return visible


def online_basemap_optin() -> bool:
    """An explicit opt-in for a basemap fetched from Carto (off: nothing leaves the machine)."""
    return st.sidebar.checkbox(
        "Online basemap (loads tiles from carto.com)", value=False, key="online_basemap",
        help="Off by default: the map then makes no request beyond this app's own server.",
    )


def render_legend(catalog: Catalog, visible: Collection[str]) -> None:
    """Draw the legend (an SVG built from our own catalog, titles escaped)."""
    st.markdown("**Legend**")
    st.image(legend_svg(catalog, visible))
    st.caption("Corridor lines are schematic: node to node along great circles, "
               "not surveyed track alignments.")


def selected_feature(event, catalog: Catalog) -> FeatureRef | None:
    """The feature clicked on the map, else the one named in ``?sel=`` (kept in the URL)."""
    objects = getattr(getattr(event, "selection", None), "objects", None) or {}
    for layer, picked in objects.items():
        props = (picked[0] or {}).get("properties", picked[0]) if picked else None
        if props and "kind" in props:
            ref = FeatureRef(layer, props["kind"], props["id"])
            st.query_params[SELECTION_PARAM] = ref.to_param()
            return ref
    if SELECTION_PARAM in st.query_params:
        return parse_feature_param(st.query_params[SELECTION_PARAM], catalog)
    return None


def render_details(catalog: Catalog, ref: FeatureRef | None) -> None:
    """Show a clicked feature's details as a plain two-column table."""
    st.markdown("**Details**")
    if ref is None:
        st.caption("Click a node or a corridor segment on the map to see its details here.")
        return
    rows = feature_details(catalog, ref)
    st.dataframe(pd.DataFrame(rows, columns=["Field", "Value"]), hide_index=True,
                 width="stretch")

