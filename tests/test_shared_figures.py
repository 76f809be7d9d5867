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


def _map_summary_both_ways(store, metric: str, unit: str):
    """The map's periods, scale and periods of both corridors: from the figures frame
    (as before issue 17) and from the store's aggregates (as the page computes them)."""
    from corridors.map.period_figures import (
        competing_places,
        periods_of_every_corridor,
        scale_max_of_groups,
    )

    corridors = load_catalog().corridors
    chosen = {"metric": metric, "unit": unit, "direction": "both"}
    frame = metric_unit_figures(store.current_figures(**chosen), metric, unit)
    before = (periods_with_data(frame), scale_max(frame, metric=metric, unit=unit),
              periods_of_every_corridor(frame, corridors))
    periods = store.figure_groups(["period", "period_start", "period_end", "corridor"],
                                  **chosen)
    maxima = store.figure_groups(["corridor", "location", "series"], **chosen)
    competing = competing_places(maxima)
    figures = (store.current_figures(corridor=sorted(set(competing["corridor"])),
                                     location=sorted(set(competing["location"])), **chosen)
               if len(competing) else None)
    after = (periods_with_data(periods), scale_max_of_groups(maxima, figures, metric=metric,
                                                             unit=unit),
             periods_of_every_corridor(periods, corridors))
    return before, after


def test_map_summary_from_aggregates_is_the_frame_summary(database_url):
    """Where two series count a place, the headline's smaller figure is drawn (so the
    scale is not the largest of all series); the aggregates must say the same."""
    import datetime as dt

    from corridors.domain.records import Record
    from corridors.store.seed import read_seed

    store = open_store(database_url, seed_path=None)
    seed = read_seed()
    store.import_records(seed.result.frame, filename="seed.csv", sha256="seed", author="t")

    def record(series, location, year, value):
        return Record("northern", series, location, str(year), dt.date(year, 1, 1),
                      dt.date(year, 12, 31), "volume", "both", float(value), "TEU",
                      "reported", "https://example.org/s", "")

    store.import_records([record("erai-1520", "dostyk", 1990, 5.0),
                          record("erai-china-eu", "dostyk", 1990, 9e9),  # not drawn
                          record("erai-china-eu", "dostyk", 1991, 7.0)],  # drawn: no headline
                         filename="two.csv", sha256="two", author="t")
    for metric, unit in (("volume", "TEU"), ("volume", "t"), ("capacity", "t"),
                         ("volume", "trains")):
        before, after = _map_summary_both_ways(store, metric, unit)
        assert after == before, (metric, unit)
    assert _map_summary_both_ways(store, "volume", "TEU")[1][1] < 9e9
