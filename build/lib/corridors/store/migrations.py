"""A small versioned migrator: numbered steps recorded in ``schema_version``.

Why not Alembic's script directory: the store must migrate itself on start, from the
app and the CLI alike, with no ``alembic.ini`` and with two processes possibly starting
at the same moment. Each step here is a Python function; for anything beyond creating
tables, a step uses Alembic's operations API (``alembic_operations(conn)``: ``add_column``,
``create_index``, batch mode for SQLite's ALTER TABLE limits), so Alembic still does the
dialect work.

All pending steps run in one write transaction (SQLite ``BEGIN IMMEDIATE``, PostgreSQL
advisory lock; DDL is transactional on both), so concurrent starters serialise and the
second one finds nothing left to do. Never edit a released step: append a new one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from corridors.store import schema
from corridors.store.engine import run_transaction
from corridors.store.errors import SchemaTooNewError


@dataclass(frozen=True)
class Migration:
    """One schema step: ``apply(conn)`` brings version ``version - 1`` to ``version``."""

    version: int
    description: str
    apply: Callable[[Connection], None]


def alembic_operations(conn: Connection):
    """Return Alembic's ``Operations`` bound to ``conn`` (for steps that alter tables)."""
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    return Operations(MigrationContext.configure(conn))


def _v1_initial(conn: Connection) -> None:
    schema.metadata.create_all(
        conn, tables=[schema.revisions, schema.observations, schema.current, schema.meta])
    conn.execute(sa.insert(schema.meta).values(name="data_version", value=0))


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "revisions, observations, current figures, data version", _v1_initial),
)
LATEST_VERSION = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    """Return the schema version of the database behind ``conn`` (0 when empty)."""
    if not sa.inspect(conn).has_table("schema_version"):
        return 0
    version = conn.execute(sa.select(sa.func.max(schema.schema_version.c.version))).scalar()
    return int(version or 0)


def migrate(engine: Engine) -> int:
    """Apply every pending migration; return the resulting schema version.

    Raises
    ------
    SchemaTooNewError
        The database was migrated by a newer release; upgrade corridors instead.
    """
    with engine.connect() as conn:
        # Cheap check without the write lock: the usual start finds nothing to do.
        version = current_version(conn)
        conn.rollback()
    _check_not_newer(engine, version)
    if version == LATEST_VERSION:
        return version
    return run_transaction(engine, _apply_pending, write=True)


def _apply_pending(conn: Connection) -> int:
    schema.schema_version.create(conn, checkfirst=True)
    version = current_version(conn)  # again, under the lock: another starter may have won
    _check_not_newer(conn.engine, version)
    for step in MIGRATIONS:
        if step.version <= version:
            continue
        step.apply(conn)
        conn.execute(sa.insert(schema.schema_version).values(
            version=step.version, description=step.description,
            applied_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))
        version = step.version
    return version


def _check_not_newer(engine: Engine, version: int) -> None:
    if version > LATEST_VERSION:
        raise SchemaTooNewError(
            f"The database {engine.url.render_as_string(hide_password=True)} has schema "
            f"version {version}, newer than this corridors release knows ({LATEST_VERSION}). "
            "Upgrade corridors, or point CORRIDORS_DATABASE_URL at another database."
        )
