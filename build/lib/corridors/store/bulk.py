"""Fast row transfer between ``Record`` objects and the database.

Bulk imports bypass SQLAlchemy's per-row parameter handling: plain tuples go to the
driver (sqlite3 ``executemany``, psycopg 3 ``COPY``) on the connection of the current
SQLAlchemy transaction, so they commit or roll back with it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from operator import attrgetter

import pandas as pd
from sqlalchemy.engine import Connection

from corridors.domain.records import IDENTITY_COLUMNS, Record
from corridors.store.errors import DuplicateFiguresError
from corridors.store.schema import FIGURE_COLUMNS

ROW_COLUMNS = ("revision_id", *FIGURE_COLUMNS)
_identity = attrgetter(*IDENTITY_COLUMNS)


def record_rows(records: Sequence[Record], revision_id: int) -> list[tuple]:
    """Return database rows (``ROW_COLUMNS`` order, ISO date text) for ``records``."""
    iso: dict[dt.date, str] = {}  # a file has few distinct dates; format each once

    def text(day: dt.date) -> str:
        value = iso.get(day)
        if value is None:
            value = iso[day] = day.isoformat()
        return value

    return [(revision_id, r.corridor, r.location, r.period, text(r.period_start),
             text(r.period_end), r.metric, r.direction, float(r.value), r.unit, r.quality,
             r.source, r.note) for r in records]


def frame_rows(frame: pd.DataFrame, revision_id: int) -> list[tuple]:
    """Database rows for a canonical frame (``ValidationResult.frame``): the bulk path.

    Building a million ``Record`` objects costs seconds; the frame's columns go to tuples
    directly, dates formatted by numpy as ISO text.
    """
    def iso(column: str) -> list[str]:
        return frame[column].to_numpy().astype("datetime64[D]").astype(str).tolist()

    columns = [frame[c].tolist() for c in ("corridor", "location", "period")]
    tail = [frame[c].tolist() for c in ("metric", "direction")]
    values = frame["value"].astype(float).tolist()
    rest = [frame[c].tolist() for c in ("unit", "quality", "source", "note")]
    return list(zip(itertools.repeat(revision_id, len(frame)), *columns, iso("period_start"),
                    iso("period_end"), *tail, values, *rest, strict=False))


def batch_rows(batch: Sequence[Record] | pd.DataFrame, revision_id: int) -> list[tuple]:
    """Rows of a batch of figures given as Records or as a canonical frame."""
    if isinstance(batch, pd.DataFrame):
        return frame_rows(batch, revision_id)
    return record_rows(batch, revision_id)


def _duplicate(key: tuple) -> DuplicateFiguresError:
    figure = dict(zip(IDENTITY_COLUMNS, key, strict=True))
    return DuplicateFiguresError(
        f"Two records describe the same figure {figure}; nothing was written. "
        "Keep one row per corridor, location, period, metric, direction and unit."
    )


def check_unique(batch: Sequence[Record] | pd.DataFrame) -> None:
    """Raise DuplicateFiguresError when two figures share an identity (DESIGN 3.2)."""
    if isinstance(batch, pd.DataFrame):
        repeated = batch.loc[batch.duplicated(list(IDENTITY_COLUMNS)), list(IDENTITY_COLUMNS)]
        if len(repeated):
            raise _duplicate(tuple(repeated.iloc[0]))
        return
    seen: set[tuple] = set()
    for size, key in enumerate(map(_identity, batch), start=1):
        seen.add(key)
        if len(seen) != size:
            raise _duplicate(key)


def insert_rows(conn: Connection, table: str, rows: list[tuple]) -> None:
    """Append ``rows`` (``ROW_COLUMNS`` order) to ``table`` inside ``conn``'s transaction."""
    if not rows:
        return
    driver = conn.connection.driver_connection
    columns = ", ".join(ROW_COLUMNS)
    if conn.dialect.name == "sqlite":
        marks = ", ".join("?" * len(ROW_COLUMNS))
        driver.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        return
    with driver.cursor() as cursor, cursor.copy(
            f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def row_record(row: Sequence) -> Record:
    """Return the Record of a ``FIGURE_COLUMNS``-ordered database row."""
    (corridor, location, period, start, end, metric, direction, value, unit, quality,
     source, note) = row[:12]
    return Record(corridor, location, period, dt.date.fromisoformat(start),
                  dt.date.fromisoformat(end), metric, direction, float(value), unit,
                  quality, source, note)
