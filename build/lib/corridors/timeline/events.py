"""Dated events for the timeline's annotations (``geodata/seed/events.csv``).

Each event has a date with an explicit precision (``day``, ``month`` or ``year``: a month
event is stored as its first day), an optional end date for spans, a title, a description,
the source it comes from, the corridor it concerns (``northern``, ``middle``, ``both`` or
``""``) and a kind (``infrastructure``, ``agreement``, ``policy``, ``geopolitics``,
``traffic``, ``service``, ``statement``, ``other``). The file is built from the research
notes by ``scripts/build_events.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from corridors.domain.paths import GEODATA_DIR

EVENTS_CSV = GEODATA_DIR / "seed" / "events.csv"
EVENT_COLUMNS = ["date", "date_end", "precision", "title", "description", "source", "corridor",
                 "kind"]
PRECISIONS = ("day", "month", "year")
EVENT_CORRIDORS = ("northern", "middle", "both", "")


class EventsFileError(ValueError):
    """The events file is malformed; the message names the row and the fix."""


def load_events(path: Path | str = EVENTS_CSV) -> pd.DataFrame:
    """Read the dated events.

    Parameters
    ----------
    path : path-like
        A CSV with the columns ``EVENT_COLUMNS``; dates ``YYYY``, ``YYYY-MM`` or
        ``YYYY-MM-DD`` matching their ``precision``.

    Returns
    -------
    pandas.DataFrame
        ``EVENT_COLUMNS``, sorted by date; ``date`` and ``date_end`` are datetime64[ns]
        (a month or year event is dated to its first day; ``date_end`` is NaT unless the
        event is a span); text columns are str with ``""`` for empty.

    Raises
    ------
    EventsFileError
        A column is missing, a date does not parse or does not match its precision, a
        corridor is unknown, or an event has no source.
    """
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in EVENT_COLUMNS if c not in raw.columns]
    if missing:
        raise EventsFileError(f"{path}: missing column(s) {missing}; expected {EVENT_COLUMNS}")
    frame = raw[EVENT_COLUMNS].copy()
    _check(frame, path)
    frame["date"] = pd.to_datetime(frame["date"], format="mixed").astype("datetime64[ns]")
    frame["date_end"] = pd.to_datetime(frame["date_end"].replace("", None),
                                       format="mixed").astype("datetime64[ns]")
    frame = frame.sort_values(["date", "title"]).reset_index(drop=True)
    frame["number"] = range(1, len(frame) + 1)  # the chart labels events by this number
    return frame


def _check(frame: pd.DataFrame, path: Path | str) -> None:
    """Raise EventsFileError for the first bad row (CSV line numbers, header = 1)."""
    width = {"year": 4, "month": 7, "day": 10}
    problems = [
        (~frame["precision"].isin(PRECISIONS), "precision must be one of day, month, year"),
        (frame["date"].str.len() != frame["precision"].map(width).fillna(-1),
         "date must be YYYY, YYYY-MM or YYYY-MM-DD as its precision says"),
        (~frame["corridor"].isin(EVENT_CORRIDORS),
         "corridor must be northern, middle, both or empty"),
        (frame["source"].str.strip() == "", "every event needs a source (URL or citation)"),
        (frame["title"].str.strip() == "", "every event needs a title"),
    ]
    for bad, message in problems:
        if bad.any():
            line = int(bad.to_numpy().nonzero()[0][0]) + 2
            raise EventsFileError(f"{path}, line {line}: {message}")
    for column in ("date", "date_end"):
        values = frame[column].replace("", None)
        parsed = pd.to_datetime(values, format="mixed", errors="coerce")
        bad = values.notna() & parsed.isna()
        if bad.any():
            line = int(bad.to_numpy().nonzero()[0][0]) + 2
            raise EventsFileError(f"{path}, line {line}: {column} {values[bad].iloc[0]!r} "
                                  "is not a date; write YYYY-MM-DD")
