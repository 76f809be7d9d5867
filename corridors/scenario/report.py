"""A scenario result as data: the CLI's JSON object, table rows, the CSV download, and
the scenario as URL query parameters (one code path for page and CLI)."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping

from corridors.domain.formatting import format_percent as percent
from corridors.domain.formatting import format_tonnage as quantity
from corridors.ingest import neutralise_formula
from corridors.scenario.figures import DEFAULT_TEU_TONNES
from corridors.scenario.model import Scenario, ScenarioError, ScenarioResult
from corridors.scenario.sentence import answer

CSV_COLUMNS = ("id", "kind", "corridor", "title", "base_load", "extra_load", "load",
               "capacity", "utilisation", "over_capacity", "unit", "capacity_year",
               "capacity_reported_unit", "capacity_converted", "capacity_source",
               "base_source")


def _number(value: float | None) -> float | None:
    """JSON-safe: None for unknown (and for an infinite utilisation of a zero capacity)."""
    if value is None or not math.isfinite(value):
        return None
    return float(value)


def element_dicts(result: ScenarioResult) -> list[dict]:
    """One dict per element, in path order (the China crossings last)."""
    rows = []
    for e in result.elements:
        cap = e.capacity
        rows.append({
            "id": e.id, "kind": e.kind, "corridor": e.corridor, "title": e.title,
            "base_load": _number(e.base_load), "extra_load": _number(e.extra_load),
            "load": _number(e.load), "capacity": _number(cap.value) if cap else None,
            "utilisation": _number(e.utilisation), "over_capacity": e.over_capacity,
            "unit": result.scenario.unit, "capacity_year": cap.year if cap else None,
            "capacity_reported_unit": cap.unit if cap else None,
            "capacity_converted": cap.converted if cap else None,
            "capacity_source": cap.source if cap else None,
            "base_source": e.base_source or None,
        })
    return rows


def result_dict(result: ScenarioResult) -> dict:
    """The ``corridors scenario --json`` object (issue 15's keys and a few more)."""
    s = result.scenario
    projection = result.projection_2030
    return {
        "base_year": s.base_year, "shift_share": _number(result.shift_share),
        "shift_amount": _number(result.shift_amount), "unit": s.unit,
        "teu_tonnes": s.teu_tonnes, "branch": list(s.branches) or ["best"],
        "northern_base_volume": _number(result.northern_base.value)
        if result.northern_base else None,
        "elements": element_dicts(result), "bottleneck": result.bottleneck,
        "max_shift_share": _number(result.max_shift_share),
        "max_shift_share_known": _number(result.max_shift_share_known),
        "max_shift_amount_known": _number(result.max_shift_amount_known),
        "unknown_capacity": result.unknown_capacity,
        "unknown_on_route": result.unknown_on_route,
        "projection_2030": {"value": _number(projection.value), "unit": s.unit,
                            "source": projection.source} if projection else None,
        "answer": answer(result), "assumptions": "\n".join(result.assumptions),
    }


def table_rows(result: ScenarioResult) -> list[dict]:
    """Rows for the page's table, fullest element first, unknown capacities last."""
    unit = result.scenario.unit

    def order(e) -> tuple:
        u = e.utilisation
        return (u is None, -(u if u is not None else 0), e.title)

    rows = []
    for e in sorted(result.elements, key=order):
        cap = e.capacity
        rows.append({
            "Element": e.title, "Kind": e.kind,
            "Utilisation": percent(e.utilisation) if cap else "unknown capacity",
            "Over capacity": "OVER" if e.over_capacity else "",
            "Load": quantity(e.load, unit), "Shifted": quantity(e.extra_load, unit),
            "Capacity": quantity(cap.value, unit) if cap else "unknown",
            "Capacity year": str(cap.year) if cap else "",
            "Capacity as reported": ("converted from " + cap.unit) if cap and cap.converted
            else (cap.unit if cap else ""),
            "Capacity source": cap.source if cap else "",
            "Base load": quantity(e.base_load, unit) + ("" if e.base_known else " (none)"),
        })
    return rows


def result_csv(result: ScenarioResult) -> bytes:
    """The per-element results as CSV (UTF-8), text cells formula-safe."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in element_dicts(result):
        writer.writerow({k: neutralise_formula(v) if isinstance(v, str) else
                         ("" if v is None else v) for k, v in row.items()})
    return out.getvalue().encode("utf-8")


# --- the scenario in the URL ----------------------------------------------------------------

def scenario_params(scenario: Scenario) -> dict[str, str]:
    """Query parameters that reproduce ``scenario`` (``year``, ``shift`` in %, ...)."""
    params = {"year": str(scenario.base_year), "unit": scenario.unit,
              "branch": ",".join(scenario.branches) or "best",
              "teu_t": f"{scenario.teu_tonnes:g}"}
    if scenario.shift_amount is not None:
        params["amount"] = f"{scenario.shift_amount:g}"
    else:
        params["shift"] = f"{(scenario.shift_share or 0) * 100:g}"
    return params


def _float(params: Mapping[str, str], key: str, default: float) -> float:
    try:
        value = float(params.get(key, default))
    except (TypeError, ValueError):
        return default
    return value if math.isfinite(value) else default


def scenario_from_params(params: Mapping[str, str], years: list[int], default_year: int,
                         branch_names: tuple[str, ...]) -> Scenario:
    """The scenario a URL asks for; anything unusable falls back to its default."""
    year = int(_float(params, "year", default_year))
    year = year if year in years else default_year
    unit = params.get("unit", "t")
    unit = unit if unit in ("t", "TEU") else "t"
    branches = tuple(b for b in str(params.get("branch", "")).split(",") if b in branch_names)
    teu = _float(params, "teu_t", DEFAULT_TEU_TONNES)
    teu = teu if 1 <= teu <= 30 else DEFAULT_TEU_TONNES
    share = min(max(_float(params, "shift", 30.0), 0.0), 100.0) / 100
    return Scenario(base_year=year, unit=unit, shift_share=share, branches=branches,
                    teu_tonnes=teu)


__all__ = ["ScenarioError", "element_dicts", "result_csv", "result_dict",
           "scenario_from_params", "scenario_params", "table_rows"]
