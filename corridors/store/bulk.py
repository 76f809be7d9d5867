"""Fast row transfer between ``Record`` objects and the database.

Bulk imports bypass SQLAlchemy's per-row parameter handling: plain tuples go to the
driver (sqlite3 ``executemany``, psycopg 3 ``COPY``) on the connection of the current
SQLAlchemy transaction, so they commit or roll back with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from operator import attrgetter

from sqlalchemy.engine import Connection

from corridors.records import IDENTITY_COLUMNS, Record
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


def check_unique(records: Sequence[Record]) -> None:
    """Raise DuplicateFiguresError when two records share an identity (DESIGN 3.2)."""
    seen: set[tuple] = set()
    size = 0
    for key in map(_identity, records):
        seen.add(key)
        size += 1
        if len(seen) != size:
            figure = dict(zip(IDENTITY_COLUMNS, key, strict=True))
            raise DuplicateFiguresError(
                f"Two records describe the same figure {figure}; nothing was written. "
                "Keep one row per corridor, location, period, metric, direction and unit."
            )


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
