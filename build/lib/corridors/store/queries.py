"""Read queries: current figures for the map and the timeline, history, previews."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from corridors.domain.records import CANONICAL_COLUMNS, IDENTITY_COLUMNS, PERIOD_KINDS, Record
from corridors.store import bulk
from corridors.store.models import Change, ChangePreview, Revision
from corridors.store.schema import FIGURE_COLUMNS, IDENTITY_KEY, current, meta, revisions
from corridors.store.writes import revision_from_row

if TYPE_CHECKING:
    import pandas as pd

FILTERS = ("corridor", "location", "metric", "unit", "direction", "period_start",
           "period_end", "granularity")
FIGURE_FRAME_COLUMNS = (*CANONICAL_COLUMNS, "revision")


def data_version(conn: Connection) -> int:
    """Return the data version (bumped by every committed change)."""
    return int(conn.execute(sa.select(meta.c.value)
                            .where(meta.c.name == "data_version")).scalar_one())


def _granularity_clause(name: str) -> sa.ColumnElement[bool]:
    """Match canonical period labels (DESIGN 3.2) of one granularity.

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
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise TypeError(f"Unknown filter(s) {sorted(unknown)}; use {', '.join(FILTERS)}.")
    columns = [current.c[name] for name in FIGURE_COLUMNS]
    stmt = sa.select(*columns, current.c.revision_id.label("revision"))
    for name, value in filters.items():
        if value is None:
            continue
        values = _as_list(value)
        if name == "granularity":
            stmt = stmt.where(sa.or_(*(_granularity_clause(v) for v in values)))
        else:
            stmt = stmt.where(current.c[name].in_(values))
    return stmt.order_by(*(current.c[k] for k in IDENTITY_KEY))


def figures_frame(rows: Sequence[Sequence]) -> pd.DataFrame:
    """Return rows of ``figures_statement`` as a typed DataFrame.

    ``period_start``/``period_end`` are ``datetime64[ns]``, ``value`` float64,
    ``revision`` int64.
    """
    import pandas as pd  # imported here: the CLI and imports do not need pandas

    frame = pd.DataFrame.from_records(list(rows), columns=list(FIGURE_FRAME_COLUMNS))
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d").astype(
            "datetime64[ns]")
    frame["value"] = frame["value"].astype("float64")
    frame["revision"] = frame["revision"].astype("int64")
    return frame


def history(conn: Connection) -> list[Revision]:
    """Return every revision, newest first."""
    rows = conn.execute(sa.select(revisions).order_by(revisions.c.id.desc())).all()
    return [revision_from_row(row) for row in rows]


def preview(conn: Connection, records: Sequence[Record]) -> ChangePreview:
    """Compare ``records`` with the current figures (nothing is written).

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
    stored = {record.identity: record for record in map(bulk.row_record, rows)}
    result = ChangePreview()
    for record in records:
        old = stored.get(record.identity)
        if old is None:
            result.added.append(record)
        elif old == record:
            result.unchanged.append(record)
        else:
            result.changed.append(Change(old=old, new=record))
    return result


assert set(IDENTITY_KEY) == set(IDENTITY_COLUMNS)
