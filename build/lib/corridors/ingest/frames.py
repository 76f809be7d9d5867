"""Canonical records as a pandas DataFrame, and back.

``ValidationResult.frame`` holds the accepted figures column by column
(``corridors.domain.records.CANONICAL_COLUMNS``): text columns as pandas' ``str`` dtype,
``period_start``/``period_end`` as ``datetime64[ns]``, ``value`` as ``float64``. A
million frozen ``Record`` objects cost seconds to build, so the fast path produces
only the frame and the record list is derived from it when someone asks for it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from corridors.domain.records import CANONICAL_COLUMNS, Record

DATE_COLUMNS = ("period_start", "period_end")
TEXT_COLUMNS = tuple(c for c in CANONICAL_COLUMNS if c not in (*DATE_COLUMNS, "value"))


def make_frame(columns: dict[str, object]) -> pd.DataFrame:
    """The canonical frame from its columns, with the canonical dtypes.

    Parameters
    ----------
    columns : dict
        Every name of ``CANONICAL_COLUMNS``: text as a sequence or Arrow array of str,
        dates as ``datetime64`` arrays, value as a float array.

    Returns
    -------
    pandas.DataFrame
    """
    data = {}
    for name in CANONICAL_COLUMNS:
        column = columns[name]
        if name in DATE_COLUMNS:
            data[name] = pd.Series(np.asarray(column, dtype="datetime64[ns]"), copy=False)
        elif name == "value":
            data[name] = pd.Series(np.asarray(column, dtype=np.float64), copy=False)
        else:
            data[name] = pd.Series(column, dtype="str")
    return pd.DataFrame(data)


def frame_from_records(records: Sequence[Record]) -> pd.DataFrame:
    """The canonical frame of a list of records (the row-by-row path's result)."""
    columns: dict[str, object] = {}
    for name in CANONICAL_COLUMNS:
        values = [getattr(r, name) for r in records]
        if name in DATE_COLUMNS:
            values = np.array(values, dtype="datetime64[D]")
        columns[name] = values
    return make_frame(columns)


def records_from_frame(frame: pd.DataFrame) -> list[Record]:
    """The records of a canonical frame, in its row order.

    Dates and texts are converted once per distinct value and the objects shared: a
    corridor or period repeats over a million rows, and a str object per row would
    cost hundreds of megabytes.
    """
    columns = []
    for name in CANONICAL_COLUMNS:
        series = frame[name]
        if name == "value":
            columns.append(series.tolist())
            continue
        codes, uniques = pd.factorize(series)
        if name in DATE_COLUMNS:
            uniques = np.asarray(uniques, dtype="datetime64[D]").astype(object)
        columns.append(np.asarray(uniques, dtype=object)[codes].tolist())
    return list(map(Record, *columns))

