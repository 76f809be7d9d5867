"""Schema migrations of the store: an Alembic script directory run at start-up.

``env.py``, ``script.py.mako`` and ``versions/`` are Alembic's; ``runner`` runs them on
the store's connection; ``python -m corridors.store.migrations`` helps developers add a
revision (docs/architecture.md, "Migrations: how to add a revision").
"""

from corridors.store.migrations.runner import (
    BASELINE,
    SCRIPT_LOCATION,
    alembic_config,
    current_heads,
    head_revision,
    legacy_version,
    migrate,
)

__all__ = [
    "BASELINE",
    "SCRIPT_LOCATION",
    "alembic_config",
    "current_heads",
    "head_revision",
    "legacy_version",
    "migrate",
]
