"""A scenario result as data: the CLI's JSON object, table rows, the CSV download, and
the scenario as URL query parameters (one code path for page and CLI)."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping

from corridors.domain.formatting import format_percent as percent
from corridors.domain.formatting import format_tonnage as quantity
from corridors.domain.formatting import format_unit
from corridors.domain.i18n import N_, translator
from corridors.ingest import neutralise_formula
from corridors.scenario.assumptions import assumptions
from corridors.scenario.figures import DEFAULT_TEU_TONNES
from corridors.scenario.model import Scenario, ScenarioError, ScenarioResult
from corridors.scenario.sentence import answer

CSV_COLUMNS = ("id", "kind", "corridor", "title", "base_load", "extra_load", "load",
               "capacity", "utilisation", "over_capacity", "unit", "capacity_year",
               "capacity_reported_unit", "capacity_converted", "capacity_source",
               "base_source")
#: The element kinds as the table shows them (English msgids; the CSV keeps the codes).
KIND_TITLES = {"corridor": N_("corridor"), "route": N_("route"), "node": N_("node"),
               "segment": N_("segment")}


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


def result_dict(result: ScenarioResult, lang: str = "en") -> dict:
    """The ``corridors scenario --json`` object (issue 15's keys and a few more); keys,
    codes and element titles stay English, the answer and assumptions are in ``lang``."""
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
        "answer": answer(result, lang),
        "assumptions": "\n".join(result.assumptions if lang == "en" else
                                 assumptions(result, lang=lang)),
    }


def _as_reported(cap, lang: str) -> str:
    _ = translator(lang).gettext
    if cap is None:
        return ""
    unit = format_unit(cap.unit, lang)
    return _("converted from {unit}").format(unit=unit) if cap.converted else unit


def table_rows(result: ScenarioResult, lang: str = "en") -> list[dict]:
    """Rows for the page's table, fullest element first, unknown capacities last.

    Keys are the English headers (msgids: ``ui.text_table`` shows them translated, the
    CLI reads them); cells are in ``lang``: titles from the catalog, quantities by the
    locale (``2,76 млн т``), status words through the catalogs. Sources stay as written.
    """
    _ = translator(lang).gettext
    unit = result.scenario.unit

    def order(e) -> tuple:
        u = e.utilisation
        return (u is None, -(u if u is not None else 0), e.title)

    rows = []
    for e in sorted(result.elements, key=order):
        cap = e.capacity
        base = quantity(e.base_load, unit, lang)
        rows.append({
            "Element": e.title_in(lang), "Kind": _(KIND_TITLES.get(e.kind, e.kind)),
            "Utilisation": percent(e.utilisation, lang) if cap else _("unknown capacity"),
            "Over capacity": _("OVER") if e.over_capacity else "",
            "Load": quantity(e.load, unit, lang),
            "Shifted": quantity(e.extra_load, unit, lang),
            "Capacity": quantity(cap.value, unit, lang) if cap else _("unknown"),
            "Capacity year": str(cap.year) if cap else "",
            "Capacity as reported": _as_reported(cap, lang),
            "Capacity source": cap.source if cap else "",
            "Base load": base if e.base_known else _("{quantity} (none)").format(
                quantity=base),
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
