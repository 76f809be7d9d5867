"""The stamp of a store's current data: newest revision, its date, the data version."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from corridors.domain.provenance import DataStamp

if TYPE_CHECKING:
    from corridors.store import Store


def data_stamp(store: Store) -> DataStamp:
    """Return the stamp of ``store``'s current data (revision 0 when the history is empty)."""
    history = store.history()  # newest first
    if not history:
        return DataStamp(0, dt.datetime(1970, 1, 1, tzinfo=dt.UTC), store.data_version())
    newest = history[0]
    return DataStamp(newest.id, newest.created_at, store.data_version())
