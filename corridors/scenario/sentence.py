"""The scenario's answer in words: one sentence for the limit, one for the chosen shift."""

from __future__ import annotations

from corridors.domain.formatting import format_percent as percent
from corridors.domain.formatting import format_tonnage as quantity
from corridors.scenario.model import ScenarioResult


def _of_north(result: ScenarioResult) -> str:
    return f"{result.scenario.base_year}'s Northern Corridor volume"


def limit_sentence(result: ScenarioResult) -> str:
    """How much the Middle Corridor absorbs and which element binds first.

    Example: "The Middle Corridor absorbs up to 12% of 2023's Northern Corridor volume
    (25,300 TEU); Aktau port binds first."
    """
    unit = result.scenario.unit
    limit = result.max_shift_amount_known
    if limit is None or result.bottleneck is None:
        return ("No element on the Middle Corridor's path has a capacity figure, so how "
                "much it could absorb is unknown.")
    binds = result.element(result.bottleneck).title
    share = result.max_shift_share_known
    how_much = (f"{percent(share)} of {_of_north(result)} ({quantity(limit, unit)})"
                if share is not None else quantity(limit, unit))
    if limit <= 0:
        return (f"The Middle Corridor absorbs no extra freight: {binds} is already at or "
                f"over capacity in {result.scenario.base_year}.")
    if not result.unknown_on_route:
        return f"The Middle Corridor absorbs up to {how_much}; {binds} binds first."
    unknown = ", ".join(result.element(i).title for i in result.unknown_on_route)
    count = len(result.unknown_on_route)
    return (f"With the capacities on record the Middle Corridor absorbs at most {how_much} "
            f"before {binds} binds; {count} element{'s' if count != 1 else ''} on the way "
            f"{'have' if count != 1 else 'has'} no capacity figure ({unknown}), so the "
            "real limit may be lower.")


def shift_sentence(result: ScenarioResult) -> str:
    """What the chosen shift does: which elements go over capacity, and how far."""
    unit = result.scenario.unit
    share = result.shift_share
    what = (f"A shift of {percent(share)} of {_of_north(result)} "
            f"({quantity(result.shift_amount, unit)})" if share is not None
            else f"A shift of {quantity(result.shift_amount, unit)}")
    over = sorted((e for e in result.elements if e.over_capacity),
                  key=lambda e: -(e.utilisation or 0))
    if not over:
        return f"{what} keeps every element with a known capacity within it."
    parts = ", ".join(f"{e.title} at {percent(e.utilisation)}" for e in over)
    count = len(over)
    return (f"{what} puts {count} element{'s' if count != 1 else ''} over capacity: "
            f"{parts}.")


def answer(result: ScenarioResult) -> str:
    """Both sentences, the limit first."""
    return f"{limit_sentence(result)} {shift_sentence(result)}"
