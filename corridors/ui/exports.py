"""Download buttons' data for the export pack: built only when clicked, then cached.

``st.download_button`` calls a callable ``data`` when the reader clicks (on a separate
thread, after the page has rendered), so a map or chart image costs nothing until
someone asks for it; the bytes are cached per data version and view.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Collection

import streamlit as st

from corridors.domain.selection import FeatureRef, parse_feature_param
from corridors.timeline.series import PeriodBounds
from corridors.ui.language import current_language
from corridors.ui.loaders import cached_catalog, figures_at
from corridors.ui.map_page import map_periods

IMAGE_MIME = {"png": "image/png", "svg": "image/svg+xml"}


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _map_image(url: str, version: int, visible: tuple[str, ...], metric: str, unit: str,
               period: str | None, selection: str, fmt: str, lang: str = "en") -> bytes:
    # matplotlib loads only when someone downloads a map
    from corridors.exchange.stamp import data_stamp
    from corridors.map.image import MapView, render_map, resolve_view
    from corridors.store import open_store

    catalog = cached_catalog()
    ref = parse_feature_param(selection, catalog) if selection else None
    periods, _ = map_periods((url, version), metric, unit)  # the slider's periods
    content = resolve_view(figures_at(url, version), catalog,
                           MapView(visible, metric, unit, period, ref, lang), periods,
                           data_stamp(open_store(url)))
    return render_map(content, catalog, fmt=fmt)


def map_image_data(source: tuple[str, int], visible: Collection[str], metric: str,
                   unit: str, period: PeriodBounds | None, selection: FeatureRef | None,
                   fmt: str = "png") -> Callable[[], bytes]:
    """A no-argument callable returning the Map page's view as a slide-sized image, its
    texts in the session's language."""
    return functools.partial(_map_image, *source, tuple(sorted(visible)), metric, unit,
                             period.period if period else None,
                             selection.to_param() if selection else "", fmt,
                             current_language())


def map_image_name(metric: str, unit: str, period: PeriodBounds | None, fmt: str) -> str:
    """``corridors-map-volume-t-2023.png``."""
    label = (period.period if period else "latest").replace("..", "-to-")
    return f"corridors-map-{metric}-{unit}-{label}.{fmt}"


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def _chart_image(spec_json: str, fmt: str) -> bytes:
    from corridors.timeline.image import render_chart  # vl-convert only when clicked

    return render_chart(json.loads(spec_json), fmt)


def chart_image_data(spec: dict, fmt: str = "chart-png") -> Callable[[], bytes]:
    """A no-argument callable returning one of the Timeline's charts as PNG or SVG,
    from the very spec the page shows (so the texts are the same)."""
    return functools.partial(_chart_image, json.dumps(spec, sort_keys=True, default=str), fmt)


@st.cache_data(ttl=3600, max_entries=4, show_spinner=False)
def _snapshot(url: str, version: int) -> bytes:
    from corridors.exchange.snapshot import snapshot_zip
    from corridors.store import open_store

    return snapshot_zip(open_store(url))


def snapshot_data(source: tuple[str, int]) -> Callable[[], bytes]:
    """A no-argument callable returning the citable snapshot ZIP of this data version."""
    return functools.partial(_snapshot, *source)
