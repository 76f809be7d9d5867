"""Series: a ``series`` column in the figures and in their identity (issue 11).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

Every figure and revision is kept. A stored figure gets the series the pre-series seed's
figure had (``corridors.domain.legacy_series``); any other figure gets its corridor's
default series for its unit and metric (the rule an upload without a series column
follows). SQLite needs batch mode for the new column; the identity index is rebuilt with
``series`` in it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LEGACY_FIELDS = ("corridor", "location", "period", "metric", "unit", "quality", "note")
_OLD_KEY = ("corridor", "location", "metric", "unit", "direction", "period_start",
            "period_end")
IDENTITY = ("corridor", "location", "metric", "unit", "direction", "series", "period_start",
            "period_end")


def upgrade() -> None:
    from corridors.domain.legacy_series import legacy_series
    from corridors.domain.series_catalog import load_series_catalog

    for table in ("observations", "current_figures"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("series", sa.String(64), nullable=False,
                                       server_default=""))
    conn = op.get_bind()
    catalog = load_series_catalog()
    cache: dict[tuple, str] = {}

    def series_of(row) -> str:
        key = tuple(row[f] for f in _LEGACY_FIELDS)
        if key not in cache:
            cache[key] = legacy_series(dict(zip(_LEGACY_FIELDS, key, strict=True)), catalog)
        return cache[key]

    rows = conn.execute(sa.text(f"SELECT id, {', '.join(_LEGACY_FIELDS)} FROM observations"))
    updates = [{"s": series_of(r._mapping), "i": r.id} for r in rows]
    if updates:
        conn.execute(sa.text("UPDATE observations SET series = :s WHERE id = :i"), updates)
    fields = ", ".join(dict.fromkeys((*_LEGACY_FIELDS, *_OLD_KEY)))
    where = " AND ".join(f"{k} = :{k}" for k in _OLD_KEY)
    rows = conn.execute(sa.text(f"SELECT {fields} FROM current_figures")).all()
    updates = [{**{k: r._mapping[k] for k in _OLD_KEY}, "s": series_of(r._mapping)}
               for r in rows]
    if updates:
        conn.execute(sa.text(f"UPDATE current_figures SET series = :s WHERE {where}"), updates)
    for table in ("observations", "current_figures"):
        with op.batch_alter_table(table) as batch:
            # the default only filled the existing rows: every write names the series
            batch.alter_column("series", existing_type=sa.String(64), existing_nullable=False,
                               server_default=None)
            if table == "current_figures":
                batch.drop_index("current_identity")
                batch.create_index("current_identity", list(IDENTITY), unique=True)


def downgrade() -> None:
    raise NotImplementedError("corridors migrates forward only; restore a backup instead")
