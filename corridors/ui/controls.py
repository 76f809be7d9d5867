"""Shared controls: choices mirrored in the URL, and the one way to show a table."""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa
import streamlit as st

from corridors.domain.i18n import N_
from corridors.domain.records import METRICS, UNITS
from corridors.exchange.reporting import formula_safe_table
from corridors.ui.language import _

# English msgids, shown translated
UNIT_TITLES = {"t": N_("tonnes (t)"), "TEU": N_("TEU"), "trains": N_("trains")}
METRIC_TITLES = {"volume": N_("Volume"), "capacity": N_("Capacity")}
#: Legend headings of the map's figures, by metric (``{unit}``: a translated UNIT_TITLES)
PER_PERIOD_TITLES = {"volume": N_("Volume per period ({unit})"),
                     "capacity": N_("Capacity per period ({unit})")}


SELECTION_PARAM = "sel"


def set_query_param(param: str, value: str) -> None:
    """Put ``?param=value`` in the URL, only when it changes: every assignment sends the
    browser a page-info message, about 0.3 KB of each rerun (issue 17)."""
    if st.query_params.get(param) != value:
        st.query_params[param] = value


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
    set_query_param(param, value)
    return value


def metric_unit_controls(where=st.sidebar) -> tuple[str, str]:
    """Metric (volume/capacity) and unit (t/TEU/trains) choices, in ``?metric=&unit=``."""
    metric = choice_control(_("Metric"), "metric", METRICS, "volume", where=where,
                            format_func=lambda m: _(METRIC_TITLES[m]))
    unit = choice_control(_("Unit"), "unit", UNITS, "t", where=where,
                          format_func=lambda u: _(UNIT_TITLES[u]))
    return metric, unit


def text_table(rows, columns: Sequence[str] | None = None) -> None:
    """Render rows as a plain table: cells are text, never HTML or markdown, and text
    that a spreadsheet would run as a formula is neutralised (the table's CSV download
    does not do it)."""
    frame = formula_safe_table(rows, columns)
    # headers are English msgids (machine formats keep them): shown in the page's language
    frame.columns = [_(str(name)) if name else name for name in frame.columns]
    # As an Arrow table without pandas' schema metadata (index and dtype notes the
    # browser does not use): about 0.7 KB less per table and rerun (issue 17).
    table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
    st.dataframe(table, hide_index=True, width="stretch")
