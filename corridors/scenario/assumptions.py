"""The assumptions behind a scenario result, as sentences (page, CLI and CSV alike)."""

from __future__ import annotations

from corridors.domain.formatting import format_quantity
from corridors.domain.formatting import format_tonnage as quantity
from corridors.domain.series_catalog import load_series_catalog
from corridors.scenario.figures import DEFAULT_TEU_TONNES, TEU_TONNES_SOURCE, convert
from corridors.scenario.network import Network
from corridors.scenario.results import ScenarioResult


def _names(result: ScenarioResult, ids) -> str:
    return ", ".join(result.element(i).title for i in ids) or "none"


def assumptions(result: ScenarioResult, network: Network) -> list[str]:
    """Return the scenario's assumptions, one sentence each."""
    s = result.scenario
    unit = s.unit
    out = [
        f"Loads and capacities are per year in {unit}; tonnes and TEU convert at "
        f"{s.teu_tonnes:g} t of cargo per TEU (default {DEFAULT_TEU_TONNES:g} t per loaded "
        f"TEU, IMO MEPC.1/Circ.684: {TEU_TONNES_SOURCE}).",
        "Only annual figures (a calendar year, both directions) are used; part-year "
        "figures are never scaled up.",
        f"A capacity figure of year Y stands for {s.base_year} when it is the latest at or "
        f"before {s.base_year}, else the earliest after it; figures in {unit} come first, "
        "then the other unit converted.",
        "Where several figures fit (different series or sources), the corridor's headline "
        "series comes first, then the series listed first in the series catalog, then a "
        f"figure in {unit}, a reported figure before an estimate, then the larger value.",
    ]
    north = result.northern_base
    if north is not None:
        measured = (f"series: {load_series_catalog().title(north.series)}; "
                    if north.series else "")
        as_reported = convert(north.value, unit, north.unit, s.teu_tonnes)
        reported = (f"reported as {format_quantity(as_reported, north.unit)}, converted; "
                    if north.converted else "")
        out.append(f"The shift is a share of the Northern Corridor's {s.base_year} volume, "
                   f"{quantity(north.value, unit)} ({measured}{reported}source: "
                   f"{north.source}).")
    else:
        out.append(f"No annual Northern Corridor volume for {s.base_year}: the shift is an "
                   "amount, not a share.")
    no_base = [e.id for e in result.elements if not e.base_known]
    out.append(f"Base load is each element's {s.base_year} volume; without one it is taken "
               f"as 0 (optimistic): {_names(result, no_base)}.")
    chosen = ", ".join(s.branches)
    out.append(
        (f"Chosen branch(es): {chosen}; their stage sends all shifted freight that way. "
         if chosen else "") +
        "Where no branch is chosen, the shift is split so that the highest utilisation "
        "stays as low as possible (water-filling over parallel branches); branches "
        "without a known capacity take nothing while another branch has one.")
    out.append("The China crossings (Dostyk, Altynkol) take no extra load: the Northern "
               "Corridor's freight already enters Kazakhstan there.")
    out.append("Rail lines inside Kazakhstan and Georgia outside a catalogued route have "
               "no element of their own (no capacity figure per line); the whole-route "
               "capacity stands for them.")
    out.append(f"Unknown capacity (never taken as unlimited): "
               f"{_names(result, result.unknown_capacity)}.")
    if result.unknown_on_route:
        out.append("The largest shift is an upper bound: these elements on its path have "
                   f"no capacity figure: {_names(result, result.unknown_on_route)}.")
    converted = [e.id for e in result.elements if e.capacity and e.capacity.converted]
    if converted:
        out.append(f"Capacities converted from the other unit: {_names(result, converted)}.")
    converted = [e.id for e in result.elements if e.base_converted]
    if converted:
        out.append("Base loads converted from the other unit (a tonnage includes freight "
                   f"that is not containerised): {_names(result, converted)}.")
    return out
