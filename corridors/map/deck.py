"""Build the pydeck map of the corridors (EPSG:4326 in, Web Mercator on screen).

The geometry layers reference the display files under ``static/`` by URL (see
``corridors.geo.display``), so the deck JSON that Streamlit resends on every change
stays a few KB. No basemap is requested unless the caller opts in: ``map_provider=None``
keeps the page free of any request beyond the app's own server.
"""

from __future__ import annotations

import json
from collections.abc import Collection

import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from corridors.domain.catalog import Catalog, LayerStyle
from corridors.domain.formatting import format_amount, format_period
from corridors.domain.i18n import LANGUAGES, gettext_for
from corridors.domain.records import QUALITY_TITLES
from corridors.geo.display import node_tooltip, tip_fields
from corridors.map.period_figures import (
    PlacedFigure,
    badge_text,
    change_text,
    radius_px,
    width_px,
)

STATIC_URL = "/app/static"
# Fixed for the life of the app: a changed initial view state recentres the map.
# One view for every screen: at zoom 2.45 centred on 63° E, a desktop map (about 940 px
# wide at 1400 px) spans Duisburg and Hamburg to Xi'an and Chongqing, and a phone (about
# 360 px) spans Kazakhstan from the Caspian to Dostyk and Khorgos.
INITIAL_VIEW = {"longitude": 63.0, "latitude": 46.0, "zoom": 2.45, "min_zoom": 1.5,
                "max_zoom": 11}
#: Where a corridor's whole-route badge stands: a node on its trunk and a pixel offset.
BADGE_AT = {"northern": ("samara", (0, -38)), "middle": ("kyzylorda", (0, 46))}
TOOLTIP = {
    # {field} values are HTML-escaped by Streamlit >= 1.60; the markup here is ours alone.
    "html": "<b>{tip_title}</b><br/>{tip_line1}<br/>{tip_line2}",
    "style": {"backgroundColor": "#1f2933", "color": "#f5f7fa", "fontSize": "12px",
              "maxWidth": "320px"},
}


def tooltip(lang: str = "en") -> dict:
    """The one tooltip template of every layer, reading the fields of ``lang``
    (``{tip_title_kk}`` ...: every display file and figure row carries each language)."""
    title, line1, line2 = tip_fields(lang if lang in LANGUAGES else "en")
    return {**TOOLTIP, "html": f"<b>{{{title}}}</b><br/>{{{line1}}}<br/>{{{line2}}}"}
DASH_PX = [8, 5]
# pydeck turns plain strings into "@@=" accessor expressions; constants need types.String.
PIXELS = pdk.types.String("pixels")


class CompactDeck(pdk.Deck):
    """A :class:`pydeck.Deck` whose JSON has no indentation or spaces.

    pydeck indents by 2 (about 1.8x the bytes for this deck), and Streamlit sends the
    deck's JSON again on every change of it (a toggle, a period step): issue 17.
    """

    def to_json(self) -> str:
        """The same JSON as pydeck's ``to_json`` (sorted keys), compact, non-ASCII
        characters as UTF-8 rather than six-byte escapes."""
        return json.dumps(self, sort_keys=True, default=default_serialize,
                          separators=(",", ":"), ensure_ascii=False)


def _file_for(layer_id: str, catalog: Catalog) -> str:
    if layer_id in catalog.corridors:
        return f"segments-{layer_id}.geojson"
    return f"{layer_id}.geojson"


def _line_layer(style: LayerStyle, url: str) -> pdk.Layer:
    """A corridor's segments: coloured lines, dashed where the catalog says so."""
    dashed = style.line_style == "dashed"
    extras = {"extensions": [{"@@type": "PathStyleExtension", "dash": True,
                                  "highPrecisionDash": True}],
              "get_dash_array": DASH_PX} if dashed else {}
    return pdk.Layer(
        "GeoJsonLayer", id=style.id, data=url, pickable=True, stroked=True, filled=False,
        get_line_color=list(style.colour), line_width_units=PIXELS,
        get_line_width=style.width, line_width_min_pixels=style.width, **extras,
    )


def _area_layer(style: LayerStyle, url: str) -> pdk.Layer:
    """Country outlines; Kazakhstan drawn stronger than its neighbours.

    Only Kazakhstan is pickable: with the 22 neighbour polygons pickable too, clicks on
    nodes were lost in headless Chromium (hover still worked), and a neighbour's tooltip
    says nothing the map does not show.
    """
    return pdk.Layer(
        "GeoJsonLayer", id=style.id, data=url, pickable=style.id == "kazakhstan",
        stroked=True, filled=True,
        get_fill_color=list(style.fill_colour), get_line_color=list(style.colour),
        line_width_units=PIXELS, get_line_width=style.width,
        line_width_min_pixels=style.width,
    )


def node_features(catalog: Catalog, corridors: Collection[str]) -> dict:
    """The nodes of ``corridors`` as a GeoJSON FeatureCollection (EPSG:4326), with the
    same properties as ``static/nodes.geojson``: a hidden corridor takes its own nodes
    with it, and a node both corridors use stays while either is shown."""
    features = []
    for node in catalog.nodes.values():
        if not set(node.corridors) & set(corridors):
            continue
        facts = {"name": node.name, "name_ru": node.name_ru, "name_kk": node.name_kk,
                 "role": node.role, "country": node.country,
                 "coord_accuracy_km": node.coord_accuracy_km,
                 "coord_source": node.coord_source}
        props = {"layer": "nodes", "kind": "node", "id": node.id, "role": node.role}
        for lang in LANGUAGES:  # the same fields as the static file's
            props.update(zip(tip_fields(lang), node_tooltip(facts, lang).values(),
                             strict=True))
        features.append({"type": "Feature", "properties": props, "geometry": {
            "type": "Point", "coordinates": [round(node.lon, 4), round(node.lat, 4)]}})
    return {"type": "FeatureCollection", "features": features}


def _node_layer(style: LayerStyle, data) -> pdk.Layer:
    """Nodes as white circles with a dark rim, sized in pixels so they read at any zoom."""
    return pdk.Layer(
        "GeoJsonLayer", id=style.id, data=data, pickable=True, stroked=True, filled=True,
        point_type=pdk.types.String("circle"), get_fill_color=list(style.fill_colour),
        get_line_color=list(style.colour), point_radius_units=PIXELS, get_point_radius=5,
        line_width_units=PIXELS, get_line_width=style.width,
    )


def build_layer(style: LayerStyle, catalog: Catalog, static_url: str = STATIC_URL,
                visible: Collection[str] | None = None) -> pdk.Layer:
    """Return the pydeck layer for one catalog layer, its data referenced by URL.

    When a corridor in ``visible`` is switched off only the shown corridors' nodes are
    drawn: one corridor's from ``nodes-<corridor>.geojson``, any other choice inline.
    """
    url = f"{static_url}/{_file_for(style.id, catalog)}"
    if style.kind == "line":
        return _line_layer(style, url)
    if style.kind == "point":
        shown = [c for c in catalog.corridors if visible is None or c in visible]
        if len(shown) == 1 < len(catalog.corridors):
            # by URL: inline, these nodes were about 10 KB of every toggle (issue 17)
            return _node_layer(style, f"{static_url}/nodes-{shown[0]}.geojson")
        if len(shown) < len(catalog.corridors):
            return _node_layer(style, node_features(catalog, shown))
        return _node_layer(style, url)
    return _area_layer(style, url)


def build_map_deck(
    catalog: Catalog,
    visible: Collection[str],
    *,
    extra_layers: Collection[pdk.Layer] = (),
    top_layers: Collection[pdk.Layer] = (),
    online_basemap: bool = False,
    static_url: str = STATIC_URL,
    lang: str = "en",
) -> pdk.Deck:
    """Build the corridor map.

    Parameters
    ----------
    catalog : corridors.domain.catalog.Catalog
        Layer styles in draw order.
    visible : collection of str
        Ids of the catalog layers to draw; the others are left out of the deck entirely.
    extra_layers : collection of pydeck.Layer
        Layers drawn above the catalog's lines and areas but under its nodes (the
        period's figures): a node dot stays on top, so the node under the pointer is
        the one a click selects, even inside a neighbour's large figure circle.
    top_layers : collection of pydeck.Layer
        Layers drawn above everything (labels that pick nothing, such as the badges).
    online_basemap : bool
        Opt-in: draw Carto's light basemap, which sends tile requests to carto.com.
    static_url : str
        URL prefix of the display files (``server.enableStaticServing``).
    lang : str
        Language of the tooltips (``en``, ``ru``, ``kk``).

    Returns
    -------
    pydeck.Deck
        Coordinates are EPSG:4326 longitude/latitude in degrees.
    """
    styles = [s for s in catalog.layers.values() if s.id in visible]
    below = [build_layer(s, catalog, static_url, visible) for s in styles if s.kind != "point"]
    above = [build_layer(s, catalog, static_url, visible) for s in styles if s.kind == "point"]
    basemap = {"map_provider": "carto", "map_style": "light"} if online_basemap else {
        "map_provider": None}
    return CompactDeck(
        layers=[*below, *extra_layers, *above, *top_layers],
        initial_view_state=pdk.ViewState(**INITIAL_VIEW),
        tooltip=tooltip(lang),
        **basemap,
    )


def _tips(figure: PlacedFigure, lang: str = "en") -> dict:
    """Tooltip fields of a figure in ``lang``: value with unit, period, quality, source
    (escaped by Streamlit when rendered: the source text may come from an upload), plus
    what a click on it selects (``kind``, ``id``, ``corridor``, as on the static layers)."""
    _ = gettext_for(lang)
    change = change_text(figure, lang)
    title, line1, line2 = tip_fields(lang)
    return {
        "kind": figure.kind, "id": figure.location, "corridor": figure.corridor,
        title: figure.title,
        line1: f"{format_amount(figure.value, figure.unit, lang)} · "
               f"{format_period(figure.period, lang)} · "
               f"{_(QUALITY_TITLES.get(figure.quality, figure.quality))}"
               + (f" · {change}" if change else ""),
        line2: _("source: {source}").format(source=figure.source),
    }


def _segment_keys(figure: PlacedFigure, catalog: Catalog) -> list[tuple[str, str]]:
    if figure.kind == "segment":
        return [(figure.corridor, figure.location)]
    if figure.kind == "route":
        return [(figure.corridor, s) for s in catalog.routes[figure.location].segments]
    return []


def figure_layers(
    placed: Collection[PlacedFigure], catalog: Catalog, paths: dict, max_value: float,
    lang: str = "en",
) -> list[pdk.Layer]:
    """Layers that draw one period's figures: segment widths and node circle sizes.

    Parameters
    ----------
    placed : collection of PlacedFigure
        The period's figures (``corridors.map.period_figures.place_figures``); whole-corridor
        figures are not drawn (the page lists them).
    catalog : corridors.domain.catalog.Catalog
        Corridor colours and route membership.
    paths : dict
        ``(corridor, segment id) -> [[lon, lat], ...]`` (EPSG:4326 degrees), from
        ``corridors.geo.display.segment_paths``.
    max_value : float
        The value drawn at full width/size (``corridors.map.period_figures.scale_max``).
    lang : str
        Language of the tooltips (the figures' titles are already in it).

    Returns
    -------
    list of pydeck.Layer
        ``figures-segments`` (PathLayer) and ``figures-nodes`` (ScatterplotLayer), with
        inline data: only the located figures, a few KB per period.
    """
    segments, nodes = [], []
    for figure in placed:
        colour = list(catalog.layers[figure.corridor].colour)[:3]
        if figure.kind == "node":
            node = catalog.nodes[figure.location]
            nodes.append({"position": [node.lon, node.lat], "colour": [*colour, 190],
                          "radius": radius_px(figure.value, max_value),
                          **_tips(figure, lang)})
        for key in _segment_keys(figure, catalog):
            if key in paths:
                segments.append({"path": paths[key], "colour": [*colour, 150],
                                 "width": width_px(figure.value, max_value),
                                 **_tips(figure, lang)})
    # widest first, so a narrower figure on the same stretch stays visible on top
    segments.sort(key=lambda row: -row["width"])
    nodes.sort(key=lambda row: -row["radius"])
    return [
        pdk.Layer("PathLayer", id="figures-segments", data=segments, pickable=True,
                  get_path="path", get_color="colour", get_width="width", width_units=PIXELS,
                  cap_rounded=True, joint_rounded=True),
        pdk.Layer("ScatterplotLayer", id="figures-nodes", data=nodes, pickable=True,
                  get_position="position", get_fill_color="colour", get_radius="radius",
                  radius_units=PIXELS, stroked=True, get_line_color=[0, 0, 0],
                  line_width_units=PIXELS, get_line_width=1),
    ]


def _badge_position(catalog: Catalog, corridor: str) -> tuple[list[float], list[int]]:
    node_id, offset = BADGE_AT.get(corridor, ("", (0, 0)))
    node = catalog.nodes.get(node_id) or next(
        n for n in catalog.nodes.values() if corridor in n.corridors)
    return [node.lon, node.lat], list(offset)


def badge_layer(placed: Collection[PlacedFigure], catalog: Catalog,
                lang: str = "en") -> pdk.Layer:
    """Whole-corridor figures as labelled badges on the corridor's trunk: the corridor's
    title, the amount (``4.5 Mt``) and the change on a year before, framed in the
    corridor's colour. Picks nothing: clicks go to the nodes and lines under it.

    deck.gl's TextLayer draws only the characters of its ``characterSet`` (ASCII by
    default): the set is the badges' own characters, so Kazakh and Russian titles draw
    too and English decks stay as they were. Positions EPSG:4326 degrees.
    """
    rows = []
    for figure in placed:
        if figure.kind != "corridor" or figure.corridor not in catalog.corridors:
            continue
        position, offset = _badge_position(catalog, figure.corridor)
        colour = list(catalog.layers[figure.corridor].colour)[:3]
        rows.append({"position": position, "offset": offset, "text": badge_text(figure, lang),
                     "colour": colour})
    letters = sorted({c for row in rows for c in row["text"]} - set(map(chr, range(32, 127))))
    # a plain string: pydeck would turn a list into an "@@=" expression
    extra = ({"character_set": pdk.types.String("".join([*map(chr, range(32, 127)),
                                                         *letters]))} if letters else {})
    return pdk.Layer(
        "TextLayer", id="figures-corridors", data=rows, pickable=False, **extra,
        get_position="position", get_text="text", get_pixel_offset="offset",
        get_size=14, get_color=[31, 41, 51], font_weight=700,
        font_family=pdk.types.String("sans-serif"), line_height=1.25,
        background=True, get_background_color=[255, 255, 255, 235],
        get_border_color="colour", get_border_width=2, background_padding=[8, 5, 8, 5],
        get_text_anchor=pdk.types.String("middle"),
        get_alignment_baseline=pdk.types.String("center"),
    )
