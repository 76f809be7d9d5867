"""Run the Alembic script directory beside this module on a connection the store passes in.

No ``alembic.ini``: :func:`alembic_config` builds the configuration in code, with the
script location taken from this package, and hands the connection to ``env.py`` through
``config.attributes["connection"]``.

All pending revisions run in one write transaction (SQLite ``BEGIN IMMEDIATE``,
PostgreSQL advisory lock; DDL is transactional on both), so two processes starting on one
fresh database serialise and the second finds nothing left to do. A usual start (already
at head) only reads ``alembic_version``: no lock, no Alembic import (``_quick_head``).

Databases made by corridors 0.1.0 (the hand-made migrator: ``schema_version`` holds
version 1, there is no ``alembic_version``) have exactly the tables of the baseline
revision; they are stamped at it, untouched, then upgraded to head.

``schema_version`` stays, as a guard for that release: the baseline revision writes its
version 1 (so 0.1.0 still works on a database at the baseline, which has its schema), and
once a database goes past the baseline the runner adds version 2 (so 0.1.0 refuses it with
its own "newer schema" error instead of writing into tables it does not know).
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import sys
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from corridors.store.engine import run_transaction
from corridors.store.errors import SchemaTooNewError, StoreError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# Alembic is imported where it is used: importing it costs about 0.3-1 s, which neither a
# command that never opens the store nor a usual start (at head) pays.

SCRIPT_LOCATION = Path(str(resources.files(__package__)))
BASELINE = "0001"
"""The first revision: the schema of corridors 0.1.0 (``schema_version`` 1)."""
LEGACY_TABLE = "schema_version"
LEGACY_VERSION = 1  # what the hand-made migrator of 0.1.0 wrote
PAST_BASELINE_VERSION = 2  # written once a database goes past the baseline: 0.1.0 refuses it
FILE_TEMPLATE = "%%(rev)s_%%(slug)s"  # ConfigParser syntax: 0002_add_series.py


def alembic_config(connection: Connection | None = None, *,
                   script_location: Path = SCRIPT_LOCATION) -> Config:
    """Return the Alembic configuration of the store, built in code (no ``alembic.ini``).

    Parameters
    ----------
    connection : Connection, optional
        Passed to ``env.py`` through ``config.attributes["connection"]``; every command
        that touches a database needs one.
    script_location : Path, optional
        The script directory; tests pass a copy with extra revisions.
    """
    from alembic.config import Config

    # Alembic's default is the sys.stdout of when it was imported, which may be closed by
    # now (a redirected or captured stream): use today's.
    config = Config(stdout=sys.stdout)
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("file_template", FILE_TEMPLATE)
    config.set_main_option("truncate_slug_length", "40")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@functools.cache
def script_directory(script_location: Path = SCRIPT_LOCATION) -> ScriptDirectory:
    """Return the revisions in ``script_location`` (by default this release's)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config(script_location=script_location))


def known_revisions(script_location: Path = SCRIPT_LOCATION) -> frozenset[str]:
    """Return every revision id in ``script_location``."""
    return frozenset(s.revision for s in script_directory(script_location).walk_revisions())


def head_revision(script_location: Path = SCRIPT_LOCATION) -> str:
    """Return the newest revision id (there must be exactly one head)."""
    heads = script_directory(script_location).get_heads()
    if len(heads) != 1:
        raise StoreError(f"The migrations have {len(heads)} heads ({', '.join(heads)}); "
                         "merge them into one (see docs/architecture.md, Migrations).")
    return heads[0]


def current_heads(conn: Connection) -> tuple[str, ...]:
    """Return the revision ids in the database's ``alembic_version`` (empty: none)."""
    from alembic.migration import MigrationContext

    return tuple(MigrationContext.configure(conn).get_current_heads())


def legacy_version(conn: Connection) -> int | None:
    """Return the highest version in ``schema_version``, or None without that table."""
    if not sa.inspect(conn).has_table(LEGACY_TABLE):
        return None
    version = conn.execute(sa.text(f"SELECT max(version) FROM {LEGACY_TABLE}")).scalar()
    return int(version or 0)


def migrate(engine: Engine, script_location: Path = SCRIPT_LOCATION) -> str:
    """Bring the database behind ``engine`` to head; return its revision id.

    Parameters
    ----------
    engine : Engine
        From ``corridors.store.engine.get_engine``.
    script_location : Path, optional
        The script directory; by default this release's (tests add revisions).

    Raises
    ------
    SchemaTooNewError
        The database was migrated by a newer release; upgrade corridors instead.
    """
    quick_head = _quick_head(script_location)
    with engine.connect() as conn:
        # The usual start: one read, no lock, no Alembic import.
        at_head = quick_head is not None and _version_rows(conn) == [quick_head]
        conn.rollback()
    if at_head:
        return quick_head
    head = head_revision(script_location)
    with engine.connect() as conn:  # Alembic decides from here on
        heads = current_heads(conn)
        legacy = None if heads else legacy_version(conn)
        conn.rollback()
    _check_known(engine, script_location, heads, legacy)
    if heads == (head,):
        return head
    return run_transaction(engine, lambda conn: _upgrade(conn, script_location, head),
                           write=True)


def _version_rows(conn: Connection) -> list[str]:
    if not sa.inspect(conn).has_table("alembic_version"):
        return []
    return list(conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars())


@functools.cache
def _quick_head(script_location: Path) -> str | None:
    """The single head, read from the revision files' ``revision`` and ``down_revision``
    literals without importing Alembic; None when unsure (Alembic decides then)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((script_location / "versions").glob("*.py")):
        if path.name.startswith("__"):
            continue
        found: dict[str, object] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target = (node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1
                      else node.target if isinstance(node, ast.AnnAssign) else None)
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                try:
                    found[target.id] = ast.literal_eval(node.value)
                except ValueError:
                    return None
        revision, down = found.get("revision"), found.get("down_revision")
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        parents.update((down,) if isinstance(down, str) else down or ())
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _upgrade(conn: Connection, script_location: Path, head: str) -> str:
    from alembic import command

    heads = current_heads(conn)  # again, under the lock: another starter may have won
    legacy = None if heads else legacy_version(conn)
    _check_known(conn.engine, script_location, heads, legacy)
    if heads == (head,):
        return head
    config = alembic_config(conn, script_location=script_location)
    if not heads and legacy == LEGACY_VERSION:
        command.stamp(config, BASELINE)  # corridors 0.1.0: its tables are the baseline's
    command.upgrade(config, "head")
    if head != BASELINE:
        _bar_release_0_1(conn)
    return head


def _bar_release_0_1(conn: Connection) -> None:
    if legacy_version(conn) == LEGACY_VERSION:
        conn.execute(sa.text(f"INSERT INTO {LEGACY_TABLE} (version, description, applied_at) "
                             "VALUES (:version, :description, :applied_at)"),
                     {"version": PAST_BASELINE_VERSION,
                      "description": "past Alembic revision 0001: see alembic_version",
                      "applied_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})


def _check_known(engine: Engine, script_location: Path, heads: tuple[str, ...],
                 legacy: int | None) -> None:
    where = engine.url.render_as_string(hide_password=True)
    unknown = sorted(set(heads) - known_revisions(script_location))
    if unknown:
        raise SchemaTooNewError(
            f"The database {where} is at schema revision {', '.join(unknown)}, which this "
            f"corridors release does not know (its newest is "
            f"{head_revision(script_location)}). "
            "Upgrade corridors, or point CORRIDORS_DATABASE_URL at another database.")
    if not heads and legacy is not None and legacy != LEGACY_VERSION:
        raise SchemaTooNewError(
            f"The database {where} has schema version {legacy} in {LEGACY_TABLE} but no "
            "alembic_version: no corridors release this one knows made it. "
            "Upgrade corridors, or point CORRIDORS_DATABASE_URL at another database.")
