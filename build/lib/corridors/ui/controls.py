"""Shared controls: choices mirrored in the URL, and the one way to show a table."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from corridors.domain.records import METRICS, UNITS
from corridors.exchange.reporting import formula_safe_table

UNIT_TITLES = {"t": "tonnes (t)", "TEU": "TEU", "trains": "trains"}


SELECTION_PARAM = "sel"


def url_choice(param: str, options: Sequence[str], default: str) -> str:
    value = st.query_params.get(param, default)
    return value if value in options else default


def choice_control(label: str, param: str, options: Sequence[str], default: str,
                   *, where=st.sidebar, format_func=str) -> str:
    """A segmented choice whose value lives in ``?param=`` so a link reproduces it."""
    key = f"choice_{param}"
    if key not in st.session_state:
        st.session_state[key] = url_choice(param, options, default)
    value = where.segmented_control(label, options, key=key, format_func=format_func,
                                    selection_mode="single") or default
    st.query_params[param] = value
    return value


def metric_unit_controls(where=st.sidebar) -> tuple[str, str]:
    """Metric (volume/capacity) and unit (t/TEU/trains) choices, in ``?metric=&unit=``."""
    metric = choice_control("Metric", "metric", METRICS, "volume", where=where,
                            format_func=str.capitalize)
    unit = choice_control("Unit", "unit", UNITS, "t", where=where,
                          format_func=lambda u: UNIT_TITLES[u])
    return metric, unit


def text_table(rows, columns: Sequence[str] | None = None) -> None:
    """Render rows as a plain table: cells are text, never HTML or markdown, and text
    that a spreadsheet would run as a formula is neutralised (the table's CSV download
    does not do it)."""
    st.dataframe(formula_safe_table(rows, columns), hide_index=True, width="stretch")
