"""How numbers read for people: one rule for every table, tooltip, legend and chart.

Machine formats (the canonical CSV, JSON) keep exact values; see
``corridors.ingest.canonical.format_value``.
"""

from __future__ import annotations

import math


def format_number(value: float | None) -> str:
    """``1485000.0`` -> ``1,485,000``; ``12.5`` -> ``12.5`` (one decimal is kept below
    100, where it still matters); missing (None or NaN) -> ``""``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if abs(value) < 100 and value != int(value):
        return f"{value:,.1f}"
    return f"{value:,.0f}"


def format_quantity(value: float | None, unit: str) -> str:
    """A number with its unit: ``1,485,000 t``; ``56,500 TEU``; ``2.5 trains``."""
    text = format_number(value)
    return f"{text} {unit}" if text else ""


def format_amount(value: float | None, unit: str) -> str:
    """A quantity as a person reads it on a map or in a sentence: tonnes in kt or Mt
    (``4,119,000`` t -> ``4.1 Mt``, ``23,000,000`` t -> ``23 Mt``, ``759,000`` t ->
    ``759 kt``), TEU and trains in full with thousands separators (``410,600 TEU``).
    Missing -> ``""``. Tables keep :func:`format_quantity` (the exact figure)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if unit == "t" and abs(value) >= 1_000_000:
        scaled = value / 1_000_000
        return f"{scaled:,.0f} Mt" if abs(scaled) >= 10 else f"{scaled:.1f} Mt"
    if unit == "t" and abs(value) >= 10_000:
        return f"{value / 1000:,.0f} kt"
    return format_quantity(value, unit)


def format_change(value: float | None, previous: float | None) -> str:
    """Change in percent on an earlier value: ``+12%``, ``-48%``; ``""`` when either is
    missing or the earlier one is zero (no percentage of nothing)."""
    if value is None or previous is None or not previous:
        return ""
    if any(isinstance(v, float) and math.isnan(v) for v in (value, previous)):
        return ""
    change = 100.0 * (value - previous) / previous
    return f"{change:+.0f}%"


def format_percent(share: float | None) -> str:
    """A share as a percentage: ``0.3`` -> ``30%``; ``0.025`` -> ``2.5%`` (one decimal
    below 10%); None -> ``unknown``; infinity (a load on zero capacity) -> ``∞``."""
    if share is None:
        return "unknown"
    if math.isinf(share):
        return "∞"
    value = share * 100
    return f"{value:,.1f}%" if value < 10 and value != int(value) else f"{value:,.0f}%"


def format_tonnage(value: float, unit: str) -> str:
    """Like :func:`format_quantity`, with tonnes of a million or more in Mt (``3.04 Mt``),
    for sentences where seven digits would not read."""
    if unit == "t" and abs(value) >= 1e6:
        return f"{value / 1e6:,.2f} Mt"
    return format_quantity(value, unit)
