"""The figures frame is one object shared read-only by every session (``figures_at`` is
an ``st.cache_resource``, issue 17): no page computation may write into it."""

from __future__ import annotations

import itertools

import pandas as pd

from corridors.domain.catalog import load_catalog
from corridors.map.period_figures import (
    metric_unit_figures,
    place_figures,
    scale_max,
    select_period,
)
from corridors.store import open_store
from corridors.timeline.series import periods_with_data
from corridors.timeline.view import build_timeline, location_options


def test_page_computations_leave_the_shared_frame_as_it_was():
    figures = open_store().current_figures()  # the seed data
    before = figures.copy(deep=True)
    catalog = load_catalog()
    options = location_options(figures, catalog)
    assert len(options) > 1
    for location, metric, unit, granularity in itertools.product(
            list(options)[:4], ("volume", "capacity"), ("t", "TEU"), ("year", "quarter")):
        build_timeline(figures, location=location, metric=metric, unit=unit,
                       granularity=granularity, title="x")
    for metric, unit in (("volume", "t"), ("volume", "TEU"), ("capacity", "t")):
        chosen = metric_unit_figures(figures, metric, unit)
        scale_max(chosen, metric=metric, unit=unit)
        for period in periods_with_data(chosen)[:6]:
            place_figures(select_period(chosen, period.start, period.end, metric=metric,
                                        unit=unit), catalog)
    pd.testing.assert_frame_equal(figures, before)
    assert figures.attrs == before.attrs


def test_store_period_summary_matches_the_figures():
    """The map's periods and line scale come from two aggregate queries; they must say
    what the figures frame says."""
    store = open_store()
    figures = store.current_figures()
    for metric, unit in (("volume", "t"), ("volume", "TEU"), ("capacity", "t"),
                         ("volume", "trains")):
        chosen = metric_unit_figures(figures, metric, unit)
        bounds, largest = store.period_summary(metric=metric, unit=unit, direction="both")
        assert periods_with_data(bounds) == periods_with_data(chosen)
        assert largest == scale_max(chosen, metric=metric, unit=unit)
    places = set(store.figure_places())
    assert places == set(zip(figures["corridor"], figures["location"], strict=True))
