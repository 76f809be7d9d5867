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
def _store_for(url: str) -> Store:
    return open_store(url)


def cached_store() -> Store:
    """The store for this process; DESIGN 3.6 picks the database on every run (an env
    lookup and a file check), and each URL gets one engine, migrated and seeded once."""
    return _store_for(resolve_database_url())


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def figures_at(url: str, version: int) -> pd.DataFrame:
    """Every current figure of the database at ``url``, cached per data ``version``."""
    # ``version`` is only the cache key: a write on any replica bumps it (DESIGN 4).
    return open_store(url).current_figures()


def current_figures() -> pd.DataFrame:
    """The current figure of every identity, re-read only when the data version changes."""
    store = cached_store()
    return figures_at(store.url, store.data_version())


def data_source() -> tuple[str, int]:
    """``(database URL, data version)`` for this rerun: one cheap query, the key of
    every map cache below (a write on any replica bumps the version, DESIGN 4)."""
    store = cached_store()
    return store.url, store.data_version()


@st.cache_data(show_spinner=False)
def cached_events() -> pd.DataFrame:
    """Dated events for the timeline (seed file; changes only with a deploy)."""
    return load_events()
