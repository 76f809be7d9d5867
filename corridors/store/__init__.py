"""The store: revisions of throughput figures in SQLite (default) or PostgreSQL.

See docs/architecture.md ("Store API") for the configuration.
"""

from corridors.store.errors import (
    AlreadyReverted,
    ConfigError,
    DatabaseBusyError,
    DiskFullError,
    DuplicateFiguresError,
    RevisionNotFound,
    SchemaTooNewError,
    SeedError,
    StoreError,
)
from corridors.store.models import Change, ChangePreview, ImportOutcome, Revision
from corridors.store.store import Store, open_store

__all__ = [
    "AlreadyReverted",
    "Change",
    "ChangePreview",
    "ConfigError",
    "DatabaseBusyError",
    "DiskFullError",
    "DuplicateFiguresError",
    "ImportOutcome",
    "Revision",
    "RevisionNotFound",
    "SchemaTooNewError",
    "SeedError",
    "Store",
    "StoreError",
    "open_store",
]
