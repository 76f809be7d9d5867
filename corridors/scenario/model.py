"""What if Northern Corridor freight shifts to the Middle Corridor? (issue 15)

Per element of the scenario network (``corridors.scenario.network``): a capacity for the
base year, a base load (the base year's volume), the extra load of the shift, the load,
and the utilisation ``load / capacity``. Units: tonnes (``t``) or ``TEU`` per year; the
other unit is converted with a tonnes-per-TEU factor.

Routing rule. With a branch chosen (``aktau``, ``kuryk``, ``baku-tbilisi-kars``,
``poti``, ``batumi``), its stage sends everything that way. Otherwise the shift is split
between parallel branches so that the highest utilisation among them stays as low as
possible ("water-filling": every branch that takes freight ends at the same utilisation
of its fullest element). Branches without any known capacity take nothing while a
sibling has one (unknown is never room). Elements in series take the full amount.

The largest shift absorbed is the max-flow of the network whose element capacities are
their spare capacities (capacity minus base load), with networkx. When an element of
unknown capacity would carry part of it, that number is only an upper bound
(``max_shift_share_known``) and ``max_shift_share`` is None.
"""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd

from corridors.scenario import figures as fig
from corridors.scenario.assumptions import assumptions
from corridors.scenario.network import (
    Element,
    Network,
    Parallel,
    Series,
    flow_graph,
    leaves,
    prune,
    restrict,
)
from corridors.scenario.results import (
    TOLERANCE,
    ElementResult,
    Scenario,
    ScenarioError,
    ScenarioResult,
)

NORTHERN = Element("northern", "corridor", "Northern Corridor", "", ("northern",))
BEST = "best"
__all__ = ["BEST", "ElementResult", "Scenario", "ScenarioError", "ScenarioResult",
           "allocate", "level_capacity", "max_flow", "run_scenario"]


# --- routing on the series-parallel tree ------------------------------------------------

def level_capacity(part, level: float, cap: dict, base: dict) -> float:
    """How much shift ``part`` takes before its fullest known element reaches ``level``
    (utilisation); ``math.inf`` when no element of it has a known capacity."""
    if isinstance(part, str):
        c = cap.get(part)
        return math.inf if c is None else max(0.0, level * c - base[part])
    if isinstance(part, Series):
        return min(level_capacity(p, level, cap, base) for p in part.parts)
    sizes = [level_capacity(p, level, cap, base) for _, p in part.branches]
    finite = [s for s in sizes if s != math.inf]
    return sum(finite) if finite else math.inf


def _water_level(part: Parallel, amount: float, cap: dict, base: dict) -> float | None:
    """The lowest utilisation at which the branches together take ``amount``."""
    high = 1.0
    while level_capacity(part, high, cap, base) < amount:
        high *= 2
        if high > 1e12:
            return None  # known capacities of zero: no level takes it
    low = 0.0
    for _ in range(200):
        mid = (low + high) / 2
        low, high = (low, mid) if level_capacity(part, mid, cap, base) >= amount else (mid, high)
    return high


def allocate(part, amount: float, cap: dict, base: dict, extra: dict) -> None:
    """Add ``amount`` of shifted freight to ``extra`` along ``part`` by the routing rule."""
    if isinstance(part, str):
        extra[part] = extra.get(part, 0.0) + amount
        return
    if isinstance(part, Series):
        for p in part.parts:
            allocate(p, amount, cap, base, extra)
        return
    level = _water_level(part, amount, cap, base) if amount > 0 else None
    sizes = [level_capacity(p, level, cap, base) if level is not None else math.inf
             for _, p in part.branches]
    finite = [s if s != math.inf else 0.0 for s in sizes]
    if not sum(finite):  # nothing known, or all full: an even split
        finite = [1.0 for _ in sizes]
    for (_, p), size in zip(part.branches, finite, strict=True):
        allocate(p, amount * size / sum(finite), cap, base, extra)


def max_flow(tree, cap: dict, base: dict) -> float | None:
    """The largest shift before a known capacity is exceeded (networkx max-flow), or
    None when some path has no known capacity at all."""
    spare = {e: (None if cap.get(e) is None else max(0.0, cap[e] - base[e]))
             for e in leaves(tree)}
    graph = flow_graph(tree, spare.get)
    try:
        return float(nx.maximum_flow_value(graph, "source", "sink"))
    except nx.NetworkXUnbounded:
        return None


# --- the scenario -------------------------------------------------------------------------

def _check(scenario: Scenario, network: Network) -> None:
    if scenario.unit not in fig.UNITS:
        raise ScenarioError(f"unit {scenario.unit!r}: allowed are t and TEU")
    if not (scenario.teu_tonnes > 0 and math.isfinite(scenario.teu_tonnes)):
        raise ScenarioError("the tonnes-per-TEU factor must be a number above 0")
    share, amount = scenario.shift_share, scenario.shift_amount
    if (share is None) == (amount is None):
        raise ScenarioError("give either a shift share (0 to 1) or a shift amount")
    if share is not None and not 0 <= share <= 1:
        raise ScenarioError(f"shift share {share}: allowed is 0 to 1 (0.3 = 30%)")
    if amount is not None and not (amount >= 0 and math.isfinite(amount)):
        raise ScenarioError(f"shift amount {amount}: allowed is a number 0 or above")
    allowed = network.branch_names()
    for name in scenario.branches:
        if name not in allowed:
            raise ScenarioError(f"branch {name!r}: allowed are {', '.join(allowed)}")
    for stage, names in network.choices.items():
        if len(set(scenario.branches) & set(names)) > 1:
            raise ScenarioError(f"choose at most one {stage} branch of {', '.join(names)}")


def _shift(scenario: Scenario, northern: fig.PickedFigure | None) -> tuple[float | None, float]:
    if scenario.shift_amount is not None:
        share = scenario.shift_amount / northern.value if northern and northern.value else None
        return share, float(scenario.shift_amount)
    if northern is None:
        raise ScenarioError(
            f"no annual Northern Corridor volume for {scenario.base_year}: give the shift "
            "as an amount (t or TEU), or choose a base year with one")
    return scenario.shift_share, scenario.shift_share * northern.value


def run_scenario(figures: pd.DataFrame, network: Network, scenario: Scenario) -> ScenarioResult:
    """Compute a shift scenario on the current figures.

    Parameters
    ----------
    figures : pandas.DataFrame
        The canonical frame (``Store.current_figures()``).
    network : corridors.scenario.network.Network
        From ``build_network(catalog)``.
    scenario : Scenario
        Base year, unit (t or TEU per year), the shift, chosen branches, t per TEU.

    Returns
    -------
    ScenarioResult

    Raises
    ------
    ScenarioError
        A unit, share, amount or branch outside what is allowed, or a share without a
        Northern Corridor volume for the base year.
    """
    _check(scenario, network)
    annual = fig.annual_figures(figures)
    year, unit, factor = scenario.base_year, scenario.unit, scenario.teu_tonnes
    caps, bases = {}, {}
    for e in network.elements.values():
        caps[e.id] = fig.pick_capacity(annual, e, year, unit, factor)
        bases[e.id] = fig.pick_volume(annual, e, year, unit, factor, reported_in=(
            caps[e.id].unit if caps[e.id] is not None else None))
    northern = fig.pick_volume(annual, NORTHERN, year, unit, factor, by_series=True)
    share, amount = _shift(scenario, northern)
    cap = {i: c.value for i, c in caps.items() if c is not None}
    base = {i: (b.value if b else 0.0) for i, b in bases.items()}
    tree = prune(restrict(network.tree, frozenset(scenario.branches)), lambda e: e in cap)
    extra: dict[str, float] = {}
    allocate(tree, amount, cap, base, extra)
    limit = max_flow(tree, cap, base)
    at_limit: dict[str, float] = {}
    if limit is not None:
        allocate(tree, limit, cap, base, at_limit)
    on_route = [e for e in leaves(tree) if e not in cap and at_limit.get(e, 0.0) > 0]
    elements = [_element_result(e, network, caps, bases, extra, tree) for e in network.elements]
    bottleneck = _bottleneck(tree, cap, base, at_limit) if limit is not None else None
    north = northern.value if northern and northern.value else None
    share_known = limit / north if limit is not None and north else None
    result = ScenarioResult(
        scenario=scenario, northern_base=northern, shift_share=share, shift_amount=amount,
        elements=elements, bottleneck=bottleneck, max_shift_amount_known=limit,
        max_shift_share_known=share_known,
        max_shift_share=None if on_route else share_known, unknown_on_route=on_route,
        projection_2030=fig.projection_2030(figures, unit, factor))
    return _with(result, assumptions(result, network))


def _element_result(element_id, network, caps, bases, extra, tree) -> ElementResult:
    e = network.elements[element_id]
    b = bases[element_id]
    corridor = "middle" if "middle" in e.corridors else e.corridors[0]
    return ElementResult(
        id=e.id, kind=e.kind, corridor=corridor, title=e.title,
        base_load=b.value if b else 0.0, base_known=b is not None,
        extra_load=extra.get(element_id, 0.0), capacity=caps[element_id],
        on_shift_path=element_id in set(leaves(tree)),
        base_source=b.source if b else "", base_converted=bool(b and b.converted),
        title_ru=e.title_ru, title_kk=e.title_kk)


def _bottleneck(tree, cap: dict, base: dict, at_limit: dict) -> str | None:
    """The known element that is fullest when the largest shift is routed (path order)."""
    known = [e for e in leaves(tree) if e in cap]
    if not known:
        return None

    def utilisation(e: str) -> float:
        load = base[e] + at_limit.get(e, 0.0)
        return load / cap[e] if cap[e] else (math.inf if load else 0.0)

    top = max(utilisation(e) for e in known)
    return next(e for e in known if utilisation(e) >= top - TOLERANCE * max(1.0, top))


def _with(result: ScenarioResult, assumptions: list[str]) -> ScenarioResult:
    result.assumptions.extend(assumptions)
    return result
