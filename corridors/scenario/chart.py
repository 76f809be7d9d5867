"""The Scenario page's chart: each element's load (base and shifted) against its
capacity, with the 2030 projection as a reference line (a Vega-Lite spec as a dict)."""

from __future__ import annotations

from corridors.domain.formatting import format_tonnage as quantity
from corridors.scenario.model import ScenarioResult


def chart_rows(result: ScenarioResult) -> list[dict]:
    """Long rows: one per element and part (``base``, ``shifted``), on-path elements only."""
    rows = []
    for e in result.elements:
        if not e.on_shift_path:
            continue
        cap = e.capacity.value if e.capacity else None
        for part, value in (("base load", e.base_load), ("shifted", e.extra_load)):
            rows.append({"element": e.title, "part": part, "value": value, "capacity": cap})
    return rows


def load_chart_spec(result: ScenarioResult) -> dict:
    """Horizontal stacked bars of load, a tick at each known capacity, and a rule at
    the Middle Corridor's 2030 projection (World Bank, Caspian flows) when stored."""
    unit = result.scenario.unit
    rows = chart_rows(result)
    order = list(dict.fromkeys(r["element"] for r in rows))
    y = {"field": "element", "type": "nominal", "sort": order, "title": None,
         "axis": {"labelLimit": 260}}
    layers = [
        {"mark": {"type": "bar"},
         "encoding": {"y": y, "x": {"field": "value", "type": "quantitative",
                                    "stack": "zero", "title": f"{unit} per year"},
                      "color": {"field": "part", "type": "nominal",
                                "scale": {"domain": ["base load", "shifted"],
                                          "range": ["#31688e", "#b5de2b"]},
                                "title": None},
                      "tooltip": [{"field": "element"}, {"field": "part"},
                                  {"field": "value", "format": ",.0f"}]}},
        {"transform": [{"filter": "datum.capacity != null"}],
         "mark": {"type": "tick", "color": "#000000", "thickness": 3, "size": 18},
         "encoding": {"y": y, "x": {"field": "capacity", "type": "quantitative"}}},
    ]
    projection = result.projection_2030
    if projection is not None:
        label = f"2030 projection: {quantity(projection.value, unit)}"
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
    return {"data": {"values": rows}, "height": {"step": 26}, "layer": layers,
            "title": "Load against capacity (black tick); dashed: 2030 projection"}
