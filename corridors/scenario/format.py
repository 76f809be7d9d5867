"""Numbers in scenario text: quantities with units and percentages."""

from __future__ import annotations

import math


def quantity(value: float, unit: str) -> str:
    """``1,485,000 t``; ``56,500 TEU``; large values rounded to three figures."""
    if value >= 1e6:
        return f"{value / 1e6:,.2f} M{unit}" if unit == "t" else f"{value:,.0f} {unit}"
    return f"{value:,.0f} {unit}"


def percent(share: float | None) -> str:
    """``30%``; ``2.5%`` below 10; ``unknown`` for None; ``∞`` for infinity."""
    if share is None:
        return "unknown"
    if math.isinf(share):
        return "∞"
    value = share * 100
    return f"{value:,.1f}%" if value < 10 and value != int(value) else f"{value:,.0f}%"
