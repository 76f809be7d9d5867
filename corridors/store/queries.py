"""Read queries: current figures for the map and the timeline, history, previews."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from corridors.domain.records import (
    CANONICAL_COLUMNS,
    IDENTITY_COLUMNS,
    MAX_VALUE,
    MAX_YEAR,
    MIN_YEAR,
    PERIOD_KINDS,
    Record,
    keep_provenance,
)
from corridors.store import bulk
from corridors.store.models import Change, ChangePreview, Revision
from corridors.store.schema import FIGURE_COLUMNS, IDENTITY_KEY, current, meta, revisions
from corridors.store.writes import revision_from_row

if TYPE_CHECKING:
    import pandas as pd

FILTERS = ("corridor", "series", "location", "metric", "unit", "direction", "period_start",
           "period_end", "granularity")
FIGURE_FRAME_COLUMNS = (*CANONICAL_COLUMNS, "revision")
_log = logging.getLogger(__name__)


def drawable_clause() -> sa.ColumnElement[bool]:
    """Stored figures a page can draw: values in 0..MAX_VALUE (which leaves out inf and
    NaN on both backends), dates within MIN_YEAR..MAX_YEAR (ISO text compares in order).

    Ingest and ``Store.import_records`` never store anything else; this keeps a row put
    in by other means (an old version, a hand edit) from reaching a page.
    """
    return sa.and_(current.c.value >= 0, current.c.value <= MAX_VALUE,
                   current.c.period_start >= f"{MIN_YEAR:04d}-01-01",
                   current.c.period_end <= f"{MAX_YEAR:04d}-12-31",
                   current.c.period_start <= current.c.period_end)


def data_version(conn: Connection) -> int:
    """Return the data version (bumped by every committed change)."""
    return int(conn.execute(sa.select(meta.c.value)
                            .where(meta.c.name == "data_version")).scalar_one())


def _granularity_clause(name: str) -> sa.ColumnElement[bool]:
    """Match canonical period labels of one granularity.

    ``range`` labels (``2024-01..2024-11``) are cumulative and never mixed into plain
    periods by accident: they only match ``range``.
    """
    period = current.c.period
    clauses = {
        "year": sa.func.length(period) == 4,
        "half": period.like("____-H_"),
        "quarter": period.like("____-Q_"),
        "month": sa.and_(period.like("____-__"), period.not_like("%H%"),
                         period.not_like("%Q%")),
        "range": period.like("%..%"),
    }
    if name not in clauses:
        raise ValueError(f"Unknown granularity {name!r}; use one of {', '.join(PERIOD_KINDS)}.")
    return clauses[name]


def _as_list(value: Any) -> list:
    if isinstance(value, str | dt.date) or not isinstance(value, Iterable):
        value = [value]
    return [_iso(v) if isinstance(v, dt.date) else v for v in value]


def _iso(day: dt.date) -> str:
    # pandas.Timestamp and datetime are dates too, but their isoformat() has a time part.
    return (day.date() if isinstance(day, dt.datetime) else day).isoformat()


def figures_statement(**filters: Any) -> sa.Select:
    """Return the SELECT of current figures matching ``filters``.

    Each filter takes a value or a list of values (any of them matches); dates may be
    ``datetime.date`` or ISO text. ``granularity`` is one of ``PERIOD_KINDS``.
    """
    columns = [current.c[name] for name in FIGURE_COLUMNS]
    stmt = _where(sa.select(*columns, current.c.revision_id.label("revision"))
                  .where(drawable_clause()), filters)
    return stmt.order_by(*(current.c[k] for k in IDENTITY_KEY))


def period_summary_statements(**filters: Any) -> tuple[sa.Select, sa.Select]:
    """The distinct ``(period_start, period_end)`` of the current figures matching
    ``filters``, and their largest value at a place (not a whole corridor)."""
    bounds = _where(sa.select(current.c.period_start, current.c.period_end).distinct()
                    .where(drawable_clause()), filters)
    largest = _where(sa.select(sa.func.max(current.c.value))
                     .where(current.c.location != "", drawable_clause()), filters)
    return bounds, largest


def groups_statement(by: Sequence[str], **filters: Any) -> sa.Select:
    """The distinct values of the columns ``by`` among the current figures matching
    ``filters``, each with its largest ``value`` and its number of ``figures``."""
    unknown = [name for name in by if name not in FIGURE_COLUMNS]
    if unknown or not by:
        raise TypeError(f"Cannot group by {unknown or 'nothing'}; use columns of "
                        f"{', '.join(FIGURE_COLUMNS)}.")
    columns = [current.c[name] for name in by]
    stmt = _where(sa.select(*columns, sa.func.max(current.c.value).label("value"),
                            sa.func.count().label("figures")).where(drawable_clause()),
                  filters)
    return stmt.group_by(*columns).order_by(*columns)


def _where(stmt: sa.Select, filters: dict[str, Any]) -> sa.Select:
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise TypeError(f"Unknown filter(s) {sorted(unknown)}; use {', '.join(FILTERS)}.")
    for name, value in filters.items():
        if value is None:
            continue
        values = _as_list(value)
        if name == "granularity":
            stmt = stmt.where(sa.or_(*(_granularity_clause(v) for v in values)))
        else:
            stmt = stmt.where(current.c[name].in_(values))
    return stmt


def figures_frame(rows: Sequence[Sequence]) -> pd.DataFrame:
    """Return rows of ``figures_statement`` as a typed DataFrame.

    ``period_start``/``period_end`` are ``datetime64[ns]``, ``value`` float64,
    ``revision`` int64.
    """
    import pandas as pd  # imported here: the CLI and imports do not need pandas

    # Column by column: DataFrame.from_records on SQLAlchemy Rows takes pandas' slow path
    # (about 2x the time for 1,000,000 rows, issue 17).
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(FIGURE_FRAME_COLUMNS)
    frame = pd.DataFrame({name: pd.Series(values, dtype=object if not values else None)
                          for name, values in zip(FIGURE_FRAME_COLUMNS, columns,
                                                  strict=True)})
    readable = pd.Series(True, index=frame.index)
    for column in ("period_start", "period_end"):
        # coerce: a stored text that is not an ISO date becomes NaT and is skipped below,
        # never a crash (the query already leaves out years a frame cannot hold)
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d",
                                       errors="coerce").astype("datetime64[ns]")
        readable &= frame[column].notna()
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce").astype("float64")
    readable &= frame["value"].between(0, MAX_VALUE)
    if not readable.all():
        _log.warning("Skipped %d stored figures that cannot be read or drawn (dates that "
                     "are not ISO text, or values out of range).", int((~readable).sum()))
        frame = frame[readable].reset_index(drop=True)
    frame["revision"] = frame["revision"].astype("int64")
    return frame


def figure_places(conn: Connection) -> list[tuple[str, str]]:
    """Return the distinct ``(corridor, location)`` pairs of the current figures, in order.

    A loose index scan: one probe of the identity index per pair, each starting after
    the pair before. ``SELECT DISTINCT`` reads every index entry (370 ms for 1,000,000
    figures against about 3 ms for their 150 places, issue 17); neither SQLite without
    statistics nor PostgreSQL 15 skips through the index by itself. The probes compare
    one column at a time: SQLite seeks a row value ``(corridor, location) > (?, ?)`` on
    its first column only and then walks the corridor's entries (1 ms a probe).
    """
    corridor, location = current.c.corridor, current.c.location
    next_corridor = (sa.select(corridor).where(corridor > sa.bindparam("after"))
                     .order_by(corridor).limit(1))
    next_location = (sa.select(location)
                     .where(corridor == sa.bindparam("corridor"),
                            location > sa.bindparam("after"))
                     .order_by(corridor, location).limit(1))
    first_location = (sa.select(location).where(corridor == sa.bindparam("corridor"))
                      .order_by(corridor, location).limit(1))
    places = []
    here = conn.execute(sa.select(corridor).order_by(corridor).limit(1)).scalar()
    while here is not None:
        place = conn.execute(first_location, {"corridor": here}).scalar()
        while place is not None:
            places.append((here, place))
            place = conn.execute(next_location, {"corridor": here, "after": place}).scalar()
        here = conn.execute(next_corridor, {"after": here}).scalar()
    return places


def indexed_filters(conn: Connection, filters: dict[str, Any]) -> dict[str, Any]:
    """``filters`` with the ``corridor`` and ``location`` values that exist added where
    they are missing, so that the query probes the identity index (which starts with
    them) instead of reading the whole table; the rows it matches are the same.

    Without them, ``location=...`` alone or ``metric=..., unit=...`` scanned all
    1,000,000 figures (0.3-1.6 s, issue 17). Left alone: reads of everything, and reads
    of a period, which the period index serves.
    """
    narrowing = ("location", "metric", "unit", "direction", "series")
    if (all(filters.get(name) is not None for name in ("corridor", "location"))
            or any(filters.get(name) is not None for name in ("period_start", "period_end"))
            or all(filters.get(name) is None for name in narrowing)):
        return filters
    corridors = set(_as_list(filters["corridor"])) if filters.get("corridor") is not None \
        else None
    locations = set(_as_list(filters["location"])) if filters.get("location") is not None \
        else None
    pairs = [(c, loc) for c, loc in figure_places(conn)
             if (corridors is None or c in corridors) and (locations is None or loc in locations)]
    return {**filters, "corridor": sorted({c for c, _ in pairs}),
            "location": sorted({loc for _, loc in pairs})}


def history(conn: Connection) -> list[Revision]:
    """Return every revision, newest first."""
    rows = conn.execute(sa.select(revisions).order_by(revisions.c.id.desc())).all()
    return [revision_from_row(row) for row in rows]


def preview(conn: Connection, records: Sequence[Record]) -> ChangePreview:
    """Compare ``records`` with the current figures (nothing is written).

    A record repeating a stored value with a blank source or note keeps the stored
    ones (``keep_provenance``), as the import itself will.

    The records go to a temporary table so that the comparison is one indexed join
    whatever their number.
    """
    postgres = conn.dialect.name == "postgresql"
    conn.exec_driver_sql("DROP TABLE IF EXISTS incoming")
    columns = ", ".join(f"{c} {'double precision' if c == 'value' else 'text'}"
                        for c in bulk.ROW_COLUMNS)
    conn.exec_driver_sql(f"CREATE TEMP TABLE incoming ({columns})"
                         + (" ON COMMIT DROP" if postgres else ""))
    bulk.insert_rows(conn, "incoming", bulk.record_rows(records, 0))
    join = " AND ".join(f"c.{k} = i.{k}" for k in IDENTITY_KEY)
    rows = conn.exec_driver_sql(
        f"SELECT {', '.join('c.' + c for c in FIGURE_COLUMNS)} "
        f"FROM incoming i JOIN current_figures c ON {join}").all()
    if not postgres:
        conn.exec_driver_sql("DROP TABLE incoming")
    stored = {record.identity: record for record in bulk.readable_records(rows)}
    result = ChangePreview()
    for record in records:
        old = stored.get(record.identity)
        if old is not None:
            record = keep_provenance(record, old)
        if old is None:
            result.added.append(record)
        elif old == record:
            result.unchanged.append(record)
        else:
            result.changed.append(Change(old=old, new=record))
    return result


assert set(IDENTITY_KEY) == set(IDENTITY_COLUMNS)
