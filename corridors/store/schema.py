"""Tables of the store (SQLAlchemy Core; the same definitions on SQLite and PostgreSQL).

- ``revisions``: one row per import, revert or seed; ``reverted_by``/``reverts`` link a
  revert to what it reverted, ``in_effect`` caches whether the revision counts now (a
  revert that is itself reverted re-applies what it reverted).
- ``observations``: every figure ever imported, in canonical form, tied to its revision.
  Never updated or deleted.
- ``current_figures``: one row per identity: the figure of the newest revision in
  effect. Its unique key is ordered (corridor, location, metric, unit, direction, series,
  period)
  so that it also serves the timeline query; a second index serves the map (one period).
- ``meta``: ``data_version``, bumped in the transaction of every change (cache keys).

Dates are ISO ``YYYY-MM-DD`` text on both backends: sortable, compared as text, and
read back identically everywhere.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

REVISION_KINDS = ("import", "revert", "seed")


def _figure_columns() -> list[sa.Column]:
    """The canonical columns (``corridors.domain.records.CANONICAL_COLUMNS``), fresh objects."""
    return [
        sa.Column("corridor", sa.String(16), nullable=False),
        sa.Column("series", sa.String(64), nullable=False),
        sa.Column("location", sa.String(80), nullable=False),
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("period_start", sa.String(10), nullable=False),
        sa.Column("period_end", sa.String(10), nullable=False),
        sa.Column("metric", sa.String(16), nullable=False),
        sa.Column("direction", sa.String(16), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(8), nullable=False),
        sa.Column("quality", sa.String(16), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    ]


schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("applied_at", sa.String(32), nullable=False),
)

revisions = sa.Table(
    "revisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("created_at", sa.String(32), nullable=False),  # ISO 8601 UTC, "...Z"
    sa.Column("author", sa.Text, nullable=False),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), unique=True),  # NULL for reverts
    sa.Column("row_count", sa.Integer, nullable=False),
    sa.Column("added", sa.Integer, nullable=False),
    sa.Column("changed", sa.Integer, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("reverts", sa.Integer, sa.ForeignKey("revisions.id")),
    sa.Column("reverted_by", sa.Integer, sa.ForeignKey("revisions.id")),
    sa.Column("in_effect", sa.Boolean, nullable=False),
    sa.CheckConstraint("kind IN ('import', 'revert', 'seed')", name="revisions_kind"),
)

observations = sa.Table(
    "observations",
    metadata,
    # A surrogate key keeps rows in insertion order: a revision's rows are contiguous,
    # and the revision index below is appended to, not reshuffled, by a bulk import.
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("revision_id", sa.Integer, sa.ForeignKey("revisions.id"), nullable=False),
    *_figure_columns(),
    sa.Index("observations_revision", "revision_id"),
)

IDENTITY_KEY = ("corridor", "location", "metric", "unit", "direction", "series",
                "period_start", "period_end")

# Named current_figures: CURRENT is an SQL keyword (window frames, WHERE CURRENT OF).
current = sa.Table(
    "current_figures",
    metadata,
    *_figure_columns(),
    sa.Column("revision_id", sa.Integer, sa.ForeignKey("revisions.id"), nullable=False),
    sa.Index("current_identity", *IDENTITY_KEY, unique=True),
    sa.Index("current_period", "period_start", "period_end"),
)

meta = sa.Table(
    "meta",
    metadata,
    sa.Column("name", sa.String(32), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

FIGURE_COLUMNS = tuple(c.name for c in _figure_columns())
