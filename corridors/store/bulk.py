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

from corridors.domain.records import IDENTITY_COLUMNS, MAX_VALUE, MAX_YEAR, MIN_YEAR, Record
from corridors.store.errors import DuplicateFiguresError, InvalidFiguresError
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

    return [(revision_id, r.corridor, r.series, r.location, r.period, text(r.period_start),
             text(r.period_end), r.metric, r.direction, float(r.value), r.unit, r.quality,
             r.source, r.note) for r in records]


def frame_rows(frame: pd.DataFrame, revision_id: int) -> list[tuple]:
    """Database rows for a canonical frame (``ValidationResult.frame``): the bulk path.

    Building a million ``Record`` objects costs seconds; the frame's columns go to tuples
    directly, dates formatted by numpy as ISO text.
    """
    def iso(column: str) -> list[str]:
        return frame[column].to_numpy().astype("datetime64[D]").astype(str).tolist()

    columns = [frame[c].tolist() for c in ("corridor", "series", "location", "period")]
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
        "Keep one row per corridor, series, location, period, metric, direction and unit."
    )


def check_unique(batch: Sequence[Record] | pd.DataFrame) -> None:
    """Raise DuplicateFiguresError when two figures share an identity."""
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


def _refuse(what: str) -> InvalidFiguresError:
    return InvalidFiguresError(
        f"{what}; nothing was written. Figures must be finite, between 0 and "
        f"{MAX_VALUE:.0e}, with periods within {MIN_YEAR}-{MAX_YEAR}: validate the data "
        "with corridors.ingest first.")


def check_drawable(batch: Sequence[Record] | pd.DataFrame) -> None:
    """Raise InvalidFiguresError for a figure no page could draw (the store's own guard).

    Ingest refuses such figures already; this keeps anything handed to the store API
    directly (a script, a future importer) from reaching a page.
    """
    if isinstance(batch, pd.DataFrame):
        values = batch["value"].to_numpy(dtype=float)
        if len(values) and not ((values >= 0) & (values <= MAX_VALUE)).all():
            raise _refuse("A value is negative, not finite or above the largest figure")
        for column in ("period_start", "period_end"):
            years = pd.DatetimeIndex(batch[column]).year
            if len(years) and (years.min() < MIN_YEAR or years.max() > MAX_YEAR):
                raise _refuse(f"A {column} lies outside {MIN_YEAR}-{MAX_YEAR}")
        return
    for r in batch:
        if not 0 <= r.value <= MAX_VALUE:  # NaN fails both comparisons
            raise _refuse(f"The value {r.value!r} of {r.corridor} {r.period} is negative, "
                          "not finite or above the largest figure")
        if not (MIN_YEAR <= r.period_start.year <= MAX_YEAR
                and MIN_YEAR <= r.period_end.year <= MAX_YEAR) or r.period_end < r.period_start:
            raise _refuse(f"The period {r.period_start}..{r.period_end} of {r.corridor} lies "
                          f"outside {MIN_YEAR}-{MAX_YEAR} or ends before it starts")


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
    """Return the Record of a ``FIGURE_COLUMNS``-ordered database row.

    Raises ValueError for a row whose dates are not ISO text (``readable_records``
    skips such rows).
    """
    (corridor, series, location, period, start, end, metric, direction, value, unit, quality,
     source, note) = row[:13]
    return Record(corridor, series, location, period, dt.date.fromisoformat(start),
                  dt.date.fromisoformat(end), metric, direction, float(value), unit,
                  quality, source, note)


def readable_records(rows: Sequence[Sequence]) -> list[Record]:
    """Records of the rows that can be read and drawn; any other stored row is skipped.

    The read queries already leave out values and dates outside the drawable range
    (``corridors.store.queries``); this skips what text comparison cannot judge (a date
    that is not ISO text at all).
    """
    records = []
    for row in rows:
        try:
            record = row_record(row)
        except (TypeError, ValueError):
            continue
        if 0 <= record.value <= MAX_VALUE:
            records.append(record)
    return records
