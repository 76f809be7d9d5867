"""The Scenario map: every element coloured by utilisation, over-capacity marked.

Built on ``corridors.map.deck``'s conventions: explicit layer ids, ``map_provider=None``, the
countries and corridor lines referenced by URL (static files), one tooltip template.
Only the dozen scenario elements travel inline (a few KB per change).

Colours are steps of viridis (colour-blind safe, readable in greyscale): light yellow for
little use, dark blue-purple near capacity. Over capacity is not told by colour alone:
such an element is drawn three times as wide and labelled ``OVER 154%``. Elements without
a capacity figure are grey and, on the shift's path, labelled ``capacity ?``.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

import pydeck as pdk

from corridors.domain.catalog import Catalog
from corridors.domain.formatting import format_percent as percent
from corridors.domain.formatting import format_tonnage as quantity
from corridors.domain.formatting import format_unit
from corridors.domain.i18n import translator
from corridors.geo.display import tip_fields
from corridors.map.deck import PIXELS, STATIC_URL, build_layer, tooltip
from corridors.scenario.model import ElementResult, ScenarioResult

# Countries only: the corridors' own colours would read as steps of the scale.
BASE_LAYERS = ("neighbours", "kazakhstan")
# (upper bound of utilisation, RGB): viridis' ten classes, light to dark; the darkest
# class is kept for over capacity, so "over" is also the darkest line on the map.
STEPS = (
    (0.10, (253, 231, 37)),
    (0.20, (181, 222, 43)),
    (0.35, (110, 206, 88)),
    (0.50, (53, 183, 121)),
    (0.65, (31, 158, 137)),
    (0.80, (38, 130, 142)),
    (0.90, (49, 104, 142)),
    (1.00, (62, 73, 137)),
)
OVER_COLOUR = (68, 1, 84)
UNKNOWN_COLOUR = (150, 150, 150)
WIDTH_PX = {"route": 9.0, "segment": 5.0}
OVER_FACTOR = 3.0
RADIUS_PX = 7.0
# Fixed (a changed view state recentres the map): the Caspian and the Black Sea, from
# Constanța to Aktau; the China crossings are off-screen (they take no shifted freight).
SCENARIO_VIEW = {"longitude": 45.5, "latitude": 42.5, "zoom": 3.8, "min_zoom": 1.5,
                 "max_zoom": 11}


def utilisation_colour(utilisation: float | None) -> tuple[int, int, int]:
    """The step colour of a utilisation (grey when the capacity is unknown)."""
    if utilisation is None:
        return UNKNOWN_COLOUR
    for upper, colour in STEPS:
        if utilisation <= upper:
            return colour
    return OVER_COLOUR


def legend_rows(lang: str = "en") -> list[dict]:
    """The colour steps as rows (``label``, ``rgb``) for the page's legend, in ``lang``."""
    _ = translator(lang).gettext
    rows, lower = [], 0.0
    for upper, colour in STEPS:
        rows.append({"label": f"{percent(lower, lang)}–{percent(upper, lang)}",
                     "rgb": colour})
        lower = upper
    rows.append({"label": _("over capacity (wide line, {over} label)").format(
        over=_("OVER")), "rgb": OVER_COLOUR})
    rows.append({"label": _("capacity unknown (grey, '{label}')").format(
        label=_("capacity ?")), "rgb": UNKNOWN_COLOUR})
    return rows


#: About how many characters of 12 px sans-serif fit beside a swatch in the 300 px legend.
LEGEND_LINE_CHARS = 40


def _legend_lines(label: str) -> list[str]:
    """A label as one line, or two (its parenthesis below) when it would be cut off:
    the Russian and Kazakh explanations run longer than the English."""
    main, bracket, rest = label.partition(" (")
    if len(label) <= LEGEND_LINE_CHARS or not bracket:
        return [label]
    return [main, "(" + rest]


def legend_svg(lang: str = "en") -> str:
    """The colour steps as a small SVG (our own labels, XML-escaped all the same)."""
    rows = [(row, _legend_lines(row["label"])) for row in legend_rows(lang)]
    height = sum(6 + 14 * len(lines) for _, lines in rows) + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="{height}">']
    y = 4
    for row, lines in rows:
        parts.append('<rect x="2" y="{}" width="28" height="14" fill="rgb({},{},{})" '
                     'stroke="#333"/>'.format(y, *row["rgb"]))
        for n, line in enumerate(lines):
            parts.append(f'<text x="38" y="{y + 12 + 14 * n}" font-size="12" '
                         f'font-family="sans-serif">{escape(line)}</text>')
        y += 6 + 14 * len(lines)
    return "".join([*parts, "</svg>"])


def _label(e: ElementResult, lang: str = "en") -> str:
    _ = translator(lang).gettext
    if e.capacity is None:
        return _("capacity ?")
    text = percent(e.utilisation, lang)
    return _("OVER {share}").format(share=text) if e.over_capacity else text


def _capacity(e: ElementResult, unit: str, lang: str) -> str:
    _ = translator(lang).gettext
    cap = e.capacity
    if cap is None:
        return _("capacity unknown")
    if cap.converted:
        return _("capacity {quantity} ({year}, converted from {unit})").format(
            quantity=quantity(cap.value, unit, lang), year=cap.year,
            unit=format_unit(cap.unit, lang))
    return _("capacity {quantity} ({year})").format(
        quantity=quantity(cap.value, unit, lang), year=cap.year)


def _tips(e: ElementResult, unit: str, lang: str = "en") -> dict:
    _ = translator(lang).gettext
    title, line1, line2 = tip_fields(lang)
    return {
        "kind": e.kind, "id": e.id, title: e.title_in(lang),
        line1: _("load {quantity} · {capacity}").format(
            quantity=quantity(e.load, unit, lang), capacity=_capacity(e, unit, lang)),
        line2: (_("utilisation {share}").format(share=percent(e.utilisation, lang))
                if e.capacity else _("no capacity figure: never taken as unlimited")),
    }


def _paths(e: ElementResult, catalog: Catalog, paths: dict) -> list[list]:
    if e.kind == "segment":
        keys = [(e.corridor, e.id)]
    elif e.kind == "route":
        corridor = next(c for c in catalog.routes[e.id].corridors)
        keys = [(corridor, s) for s in catalog.routes[e.id].segments]
    else:
        return []
    return [paths[k] for k in keys if k in paths]


def element_layers(result: ScenarioResult, catalog: Catalog, paths: dict,
                   lang: str = "en") -> list[pdk.Layer]:
    """Inline layers of the scenario's elements (the whole corridor is not drawn).

    ``paths`` maps ``(corridor, segment id)`` to ``[[lon, lat], ...]`` (EPSG:4326), from
    ``corridors.geo.display.segment_paths``.
    """
    unit = result.scenario.unit
    lines, nodes, labels = [], [], []
    for e in result.elements:
        colour = list(utilisation_colour(e.utilisation))
        tips = _tips(e, unit, lang)
        if e.kind == "node":
            node = catalog.nodes[e.id]
            radius = RADIUS_PX * (2 if e.over_capacity else 1)
            nodes.append({"position": [node.lon, node.lat], "colour": colour,
                          "radius": radius, **tips})
            if e.on_shift_path:
                labels.append({"position": [node.lon, node.lat], "text": _label(e, lang),
                               **tips})
        drawn = _paths(e, catalog, paths)
        for path in drawn:
            width = WIDTH_PX[e.kind] * (OVER_FACTOR if e.over_capacity else 1)
            lines.append({"path": path, "colour": colour, "width": width,
                          "_route": e.kind == "route", **tips})
        if drawn and e.on_shift_path:  # one label, on the middle of the middle stretch
            middle = drawn[len(drawn) // 2]
            labels.append({"position": middle[len(middle) // 2], "text": _label(e, lang),
                           **tips})
    # routes under their segments, whatever the widths: a wide over-capacity segment
    # stays visible on its route, an over-capacity route shows as a wide band beneath
    lines.sort(key=lambda row: not row.pop("_route"))
    return [
        pdk.Layer("PathLayer", id="scenario-lines", data=lines, pickable=True,
                  get_path="path", get_color="colour", get_width="width",
                  width_units=PIXELS, cap_rounded=True, joint_rounded=True),
        pdk.Layer("ScatterplotLayer", id="scenario-nodes", data=nodes, pickable=True,
                  get_position="position", get_fill_color="colour", get_radius="radius",
                  radius_units=PIXELS, stroked=True, get_line_color=[0, 0, 0],
                  line_width_units=PIXELS, get_line_width=1),
        pdk.Layer("TextLayer", id="scenario-labels", data=labels, pickable=False,
                  get_position="position", get_text="text", get_size=12,
                  size_units=PIXELS, get_color=[20, 20, 20],
                  get_pixel_offset=[0, -16], background=True,
                  get_background_color=[255, 255, 255, 210]),
    ]


def build_scenario_deck(result: ScenarioResult, catalog: Catalog, paths: dict,
                        static_url: str = STATIC_URL, lang: str = "en") -> pdk.Deck:
    """The Scenario page's deck: countries and corridors by URL, elements inline.

    Coordinates are EPSG:4326 degrees; no basemap (``map_provider=None``), so the page
    makes no request beyond the app's own server.
    """
    base = [build_layer(catalog.layers[i], catalog, static_url) for i in BASE_LAYERS
            if i in catalog.layers]
    return pdk.Deck(layers=[*base, *element_layers(result, catalog, paths, lang)],
                    initial_view_state=pdk.ViewState(**SCENARIO_VIEW), tooltip=tooltip(lang),
                    map_provider=None)
