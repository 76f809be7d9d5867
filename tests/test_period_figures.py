"""One period's figures on the map: exact period match, placement, widths and sizes."""

from __future__ import annotations

import pandas as pd
import pytest

from corridors.domain.catalog import load_catalog
from corridors.domain.formatting import format_quantity
from corridors.geo.display import segment_paths
from corridors.map.deck import figure_layers
from corridors.map.legend import figure_legend_svg
from corridors.map.period_figures import (
    default_period,
    place_figures,
    radius_px,
    scale_max,
    select_period,
    width_px,
)

CATALOG = load_catalog()


def frame(rows: list[tuple]) -> pd.DataFrame:
    """Canonical figures from (corridor, location, start, end, value[, unit]) tuples."""
    records = []
    for row in rows:
        corridor, location, start, end, value, *rest = row
        records.append({"corridor": corridor, "location": location, "period": start[:4],
                        "period_start": pd.Timestamp(start), "period_end": pd.Timestamp(end),
                        "metric": "volume", "direction": "both", "value": float(value),
                        "unit": rest[0] if rest else "t", "quality": "reported",
                        "source": "https://example.org", "note": ""})
    return pd.DataFrame(records)


FIGURES = frame([
    ("middle", "aktau", "2023-01-01", "2023-12-31", 1_000_000),
    ("middle", "aktau", "2024-01-01", "2024-11-30", 900_000),           # year-to-date
    ("middle", "aktau--alat", "2023-01-01", "2023-12-31", 500_000),
    ("middle", "baku-tbilisi-kars", "2023-01-01", "2023-12-31", 250_000),
    ("middle", "", "2023-01-01", "2023-12-31", 2_764_000),
    ("northern", "dostyk", "2023-01-01", "2023-12-31", 100, "TEU"),
])


def test_a_year_to_date_range_is_not_the_year():
    year = select_period(FIGURES, "2024-01-01", "2024-12-31", metric="volume", unit="t")
    assert year.empty
    ytd = select_period(FIGURES, "2024-01-01", "2024-11-30", metric="volume", unit="t")
    assert ytd["value"].tolist() == [900_000]


def test_unit_and_metric_are_never_mixed():
    teu = select_period(FIGURES, "2023-01-01", "2023-12-31", metric="volume", unit="TEU")
    assert teu["location"].tolist() == ["dostyk"]
    assert select_period(FIGURES, "2023-01-01", "2023-12-31", metric="capacity",
                         unit="t").empty


def test_place_figures_kinds():
    selected = select_period(FIGURES, "2023-01-01", "2023-12-31", metric="volume", unit="t")
    kinds = {f.location: f.kind for f in place_figures(selected, CATALOG)}
    assert kinds == {"aktau": "node", "aktau--alat": "segment",
                     "baku-tbilisi-kars": "route", "": "corridor"}


def test_scale_ignores_whole_corridor_figures():
    assert scale_max(FIGURES, metric="volume", unit="t") == 1_000_000


@pytest.mark.parametrize(("value", "expected"), [(0, 2.0), (250, 10.0), (1000, 18.0)])
def test_width_grows_with_the_square_root_between_bounds(value, expected):
    assert width_px(value, 1000) == expected


def test_radius_area_grows_with_value():
    assert radius_px(0, 100) < radius_px(25, 100) < radius_px(100, 100)
    assert radius_px(100, 0) == radius_px(0, 0)  # no scale: the minimum, not an error


@pytest.mark.parametrize(("value", "unit", "text"), [
    (1485000, "t", "1,485,000 t"), (56500.0, "TEU", "56,500 TEU"), (2.5, "trains", "2.5 trains"),
])
def test_format_quantity(value, unit, text):
    assert format_quantity(value, unit) == text


def test_figure_layers_draw_only_located_figures():
    selected = select_period(FIGURES, "2023-01-01", "2023-12-31", metric="volume", unit="t")
    layers = figure_layers(place_figures(selected, CATALOG), CATALOG, segment_paths(),
                           scale_max(FIGURES, metric="volume", unit="t"))
    seg_rows, node_rows = layers[0].data, layers[1].data
    # the route's four segments and the sea leg; the corridor total is not on the map
    assert len(seg_rows) == 5
    assert {row["id"] for row in seg_rows} == {"aktau--alat", "baku-tbilisi-kars"}
    assert [row["id"] for row in node_rows] == ["aktau"]
    assert node_rows[0]["tip_line1"].startswith("1,000,000 t · 2023")
    assert all(row["tip_line2"] == "source: https://example.org" for row in seg_rows)
    # widest first so narrower figures stay visible on top
    assert [r["width"] for r in seg_rows] == sorted((r["width"] for r in seg_rows), reverse=True)


def test_figure_legend_lists_sample_values_and_missing():
    svg = figure_legend_svg(4_484_000, "t", (0, 114, 178))
    assert "4,000,000 t" in svg and "missing, not" in svg


def test_default_period_is_the_latest_that_has_begun():
    from corridors.timeline.series import periods_with_data

    figures = frame([("middle", "", f"{y}-01-01", f"{y}-12-31", 1) for y in (2024, 2025, 2030)])
    periods = periods_with_data(figures)
    assert default_period(periods, today="2026-11-27") == "2025"
    assert default_period(periods, today="2031-01-01") == "2030"
    assert default_period(periods, today="2000-01-01") == "2024"  # nothing begun: earliest
