"""Baseline: revisions, observations, current figures, data version (corridors 0.1.0).

Revision ID: 0001
Revises:
Create Date: 2026-12-01

The schema the hand-made migrator of corridors 0.1.0 created (its ``schema_version`` 1),
written out table by table so that later changes to ``corridors.store.schema`` cannot
change what a fresh database starts from. Databases made by 0.1.0 are stamped at this
revision without running it. ``schema_version`` is kept and gets the row 0.1.0 wrote, so
that release still works on a database at this revision (see the runner's docstring).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _figure_columns() -> list[sa.Column]:
    return [
        sa.Column("corridor", sa.String(16), nullable=False),
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


def upgrade() -> None:
    schema_version = op.create_table(
        "schema_version",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("applied_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("version"),
    )
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("filename", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("reverts", sa.Integer(), nullable=True),
        sa.Column("reverted_by", sa.Integer(), nullable=True),
        sa.Column("in_effect", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("kind IN ('import', 'revert', 'seed')", name="revisions_kind"),
        sa.UniqueConstraint("sha256"),
        sa.ForeignKeyConstraint(["reverts"], ["revisions.id"]),
        sa.ForeignKeyConstraint(["reverted_by"], ["revisions.id"]),
    )
    meta = op.create_table(
        "meta",
        sa.Column("name", sa.String(32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "observations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        *_figure_columns(),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"]),
    )
    op.create_index("observations_revision", "observations", ["revision_id"])
    op.create_table(
        "current_figures",
        *_figure_columns(),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.id"]),
    )
    op.create_index(
        "current_identity", "current_figures",
        ["corridor", "location", "metric", "unit", "direction", "period_start", "period_end"],
        unique=True)
    op.create_index("current_period", "current_figures", ["period_start", "period_end"])
    op.bulk_insert(meta, [{"name": "data_version", "value": 0}])
    op.bulk_insert(schema_version, [{
        "version": 1, "description": "revisions, observations, current figures, data version",
        "applied_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}])


def downgrade() -> None:
    for table in ("current_figures", "observations", "meta", "revisions", "schema_version"):
        op.drop_table(table)
