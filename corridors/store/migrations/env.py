"""Alembic's environment for the store: runs on the connection the caller passes in.

``corridors.store.migrations.runner`` (start-up) and ``python -m corridors.store.migrations``
(developers) put an open connection into ``config.attributes["connection"]``; nothing
here opens one, reads ``alembic.ini`` or configures logging. When the connection is
already in a transaction (start-up: the store's write transaction, which holds the lock),
Alembic runs inside it and leaves the commit to the caller.
"""

from __future__ import annotations

from alembic import context

from corridors.store import schema

connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError(
        "corridors runs its migrations on a connection it passes in: use open_store() or "
        "`python -m corridors.store.migrations` (docs/architecture.md, Migrations).")

context.configure(
    connection=connection,
    # What autogenerate and check compare with: the models (tests pass another).
    target_metadata=context.config.attributes.get("target_metadata", schema.metadata),
    # SQLite cannot ALTER most things: autogenerate writes batch operations (copy and
    # move), which are plain ALTERs on PostgreSQL.
    render_as_batch=True,
    compare_type=True,
    compare_server_default=True,
    # SQLite's DDL is transactional too; the store relies on it (one write transaction).
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
