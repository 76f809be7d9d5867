"""Cached loaders every page shares: one engine per process, data keyed on the data version.

``st.cache_data`` is per process, so every loader is keyed on the data version read from
the database (a cheap query each rerun): a write on any replica is seen at the next rerun.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from corridors.domain.catalog import Catalog, load_catalog
from corridors.store import Store, open_store
from corridors.store.config import resolve_database_url
from corridors.timeline.events import load_events


@st.cache_resource
def cached_catalog() -> Catalog:
    """The geodata catalog, read once per process (it only changes with a deploy)."""
    return load_catalog()


@st.cache_resource
def store_at(url: str) -> Store:
    """The store at ``url``, opened (migrated, seeded) once per process."""
    return open_store(url)


def cached_store() -> Store:
    """The store for this process; the configuration picks the database on every run (an env
    lookup and a file check), and each URL gets one engine, migrated and seeded once."""
    return store_at(resolve_database_url())


# A resource, not data: st.cache_data unpickles a fresh copy on every call, which with
# 1,000,000 figures cost about 260 ms and 170 MB per rerun and session (issue 17). Every
# caller only filters or groups it (pandas returns new frames); none writes into it.
@st.cache_resource(ttl=3600, max_entries=2, show_spinner=False)
def figures_at(url: str, version: int) -> pd.DataFrame:
    """Every current figure of the database at ``url``, cached per data ``version`` and
    shared read-only by every session of the process: never modify the frame."""
    # ``version`` is only the cache key: a write on any replica bumps it.
    return open_store(url).current_figures()


def current_figures() -> pd.DataFrame:
    """The current figure of every identity, re-read only when the data version changes."""
    store = cached_store()
    return figures_at(store.url, store.data_version())


def data_source() -> tuple[str, int]:
    """``(database URL, data version)`` for this rerun: one cheap query, the key of
    every map cache below (a write on any replica bumps the version)."""
    store = cached_store()
    return store.url, store.data_version()


@st.cache_data(show_spinner=False)
def cached_events() -> pd.DataFrame:
    """Dated events for the timeline (seed file; changes only with a deploy)."""
    return load_events()
