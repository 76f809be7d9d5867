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
