"""The Scenario page's chart: each element's load (base and shifted) against its
capacity, with the 2030 projection as a reference line (a Vega-Lite spec as a dict)."""

from __future__ import annotations

from corridors.domain.formatting import amount_axis, format_unit, with_locale
from corridors.domain.formatting import format_tonnage as quantity
from corridors.domain.i18n import N_, translator
from corridors.scenario.model import ScenarioResult

#: The two parts of a bar, English msgids (the legend and tooltips show them translated).
PARTS = (N_("base load"), N_("shifted"))


def chart_rows(result: ScenarioResult, lang: str = "en") -> list[dict]:
    """Long rows: one per element and part (``base``, ``shifted``), on-path elements only."""
    _ = translator(lang).gettext
    rows = []
    for e in result.elements:
        if not e.on_shift_path:
            continue
        cap = e.capacity.value if e.capacity else None
        for part, value in zip(PARTS, (e.base_load, e.extra_load), strict=True):
            rows.append({"element": e.title_in(lang), "part": _(part), "value": value,
                         "capacity": cap})
    return rows


def _tooltip(lang: str) -> list[dict]:
    if lang == "en":  # the field names read as English already; the spec stays as it was
        return [{"field": "element"}, {"field": "part"}, {"field": "value", "format": ",.0f"}]
    _ = translator(lang).gettext
    return [{"field": "element", "title": _("Element")},
            {"field": "part", "title": _("Part")},
            {"field": "value", "format": ",.0f", "title": _("Amount")}]


def load_chart_spec(result: ScenarioResult, lang: str = "en") -> dict:
    """Horizontal stacked bars of load, a tick at each known capacity, and a rule at
    the Middle Corridor's 2030 projection (World Bank, Caspian flows) when stored; texts,
    element names and the axis's numbers in ``lang``."""
    _ = translator(lang).gettext
    unit = result.scenario.unit
    rows = chart_rows(result, lang)
    order = list(dict.fromkeys(r["element"] for r in rows))
    y = {"field": "element", "type": "nominal", "sort": order, "title": None,
         "axis": {"labelLimit": 260}}
    x_title = _("{unit} per year").format(unit=format_unit(unit, lang))
    x_axis = {} if lang == "en" else {"axis": amount_axis(lang)}
    layers = [
        {"mark": {"type": "bar"},
         "encoding": {"y": y, "x": {"field": "value", "type": "quantitative",
                                    "stack": "zero", "title": x_title, **x_axis},
                      "color": {"field": "part", "type": "nominal",
                                "scale": {"domain": [_(p) for p in PARTS],
                                          "range": ["#31688e", "#b5de2b"]},
                                "title": None},
                      "tooltip": _tooltip(lang)}},
        {"transform": [{"filter": "datum.capacity != null"}],
         "mark": {"type": "tick", "color": "#000000", "thickness": 3, "size": 18},
         "encoding": {"y": y, "x": {"field": "capacity", "type": "quantitative"}}},
    ]
    projection = result.projection_2030
    if projection is not None:
        label = _("2030 projection: {quantity}").format(
            quantity=quantity(projection.value, unit, lang))
        layers.append({
            "data": {"values": [{"value": projection.value, "label": label}]},
            "layer": [
                {"mark": {"type": "rule", "strokeDash": [6, 4], "color": "#440154"},
                 "encoding": {"x": {"field": "value", "type": "quantitative"}}},
                {"mark": {"type": "text", "align": "left", "dx": 4, "dy": -6,
                          "baseline": "bottom", "color": "#440154"},
                 "encoding": {"x": {"field": "value", "type": "quantitative"},
                              "y": {"value": 0}, "text": {"field": "label"}}},
            ]})
    spec = {"data": {"values": rows}, "height": {"step": 26}, "layer": layers,
            "title": _("Load against capacity (black tick); dashed: 2030 projection")}
    return with_locale(spec, lang)
