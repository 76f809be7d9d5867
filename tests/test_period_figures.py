"""One period's figures on the map: exact period match, placement, widths and sizes."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from corridors.domain.catalog import load_catalog
from corridors.domain.formatting import format_amount, format_change, format_quantity
from corridors.geo.display import segment_paths
from corridors.map.deck import badge_layer, figure_layers
from corridors.map.legend import figure_legend_svg
from corridors.map.period_figures import (
    default_period,
    periods_of_every_corridor,
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


@pytest.mark.parametrize(("value", "expected"), [(0, 3.0), (250, 16.5), (1000, 30.0)])
def test_width_grows_with_the_square_root_between_bounds(value, expected):
    assert width_px(value, 1000) == expected


def test_lines_and_circles_share_one_scale():
    """A line is as wide as the circle of the same value is across: 23 Mt through the
    crossings can never look smaller than Baku's 6.3 Mt circle."""
    top = 23_000_000
    assert width_px(23_000_000, top) > 2 * radius_px(6_300_000, top)
    for value in (0, 1e5, 6.3e6, 23e6):
        assert abs(width_px(value, top) - 2 * radius_px(value, top)) <= 0.1


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
    # the route's four segments and the sea leg; the corridor total is a badge (below)
    assert len(seg_rows) == 5
    assert {row["id"] for row in seg_rows} == {"aktau--alat", "baku-tbilisi-kars"}
    assert [row["id"] for row in node_rows] == ["aktau"]
    assert node_rows[0]["tip_line1"].startswith("1.0 Mt · 2023")
    assert all(row["tip_line2"] == "source: https://example.org" for row in seg_rows)
    # widest first so narrower figures stay visible on top
    assert [r["width"] for r in seg_rows] == sorted((r["width"] for r in seg_rows), reverse=True)


def test_figure_legend_lists_sample_values_and_missing():
    svg = figure_legend_svg(4_484_000, "t", (0, 114, 178))
    assert "4.0 Mt" in svg and "missing, not" in svg
    # three samples whose swatches differ visibly: each at least 4 px wider than the last
    widths = [float(w) for w in re.findall(r'stroke-width="([0-9.]+)"', svg)
              if float(w) > 2][:3]
    assert len(widths) == 3
    assert all(b - a >= 4 for a, b in zip(widths[:-1], widths[1:], strict=True))


def test_whole_corridor_figures_are_badges_with_change_on_a_year_before():
    figures = frame([("middle", "", "2022-01-01", "2022-12-31", 1_485_000),
                     ("middle", "", "2023-01-01", "2023-12-31", 2_764_000),
                     ("northern", "", "2023-01-01", "2023-12-31", 211_100)])
    selected = select_period(figures, "2023-01-01", "2023-12-31", metric="volume", unit="t")
    placed = place_figures(selected, CATALOG, figures)
    badges = badge_layer(placed, CATALOG).data
    texts = sorted(b["text"] for b in badges)
    assert texts == ["Middle Corridor\n2.8 Mt (+86% on 2022)", "Northern Corridor\n211 kt"]
    assert all(b["text"].isascii() for b in badges)  # deck.gl's default character set


def test_the_map_opens_where_both_corridors_have_figures():
    from corridors.timeline.series import periods_with_data

    figures = frame([("middle", "", "2024-01-01", "2024-12-31", 1),
                     ("northern", "", "2024-01-01", "2024-12-31", 1),
                     ("middle", "", "2025-01-01", "2025-12-31", 1)])
    both = periods_of_every_corridor(figures, ["northern", "middle"])
    assert both == {"2024"}
    periods = periods_with_data(figures)
    assert default_period(periods, today="2026-01-01", both=both) == "2024"
    assert default_period(periods, today="2026-01-01") == "2025"


@pytest.mark.parametrize(("value", "unit", "text"), [
    (4_119_000, "t", "4.1 Mt"), (23_000_000, "t", "23 Mt"), (759_000, "t", "759 kt"),
    (410_600, "TEU", "410,600 TEU"), (2_200_000.0, "TEU", "2,200,000 TEU"), (12, "trains",
                                                                          "12 trains"),
])
def test_format_amount_reads_like_a_person(value, unit, text):
    assert format_amount(value, unit) == text


def test_format_change():
    assert format_change(2_764_000, 1_485_000) == "+86%"
    assert format_change(211_100, 410_600) == "-49%"
    assert format_change(1, 0) == "" and format_change(1, None) == ""


def test_default_period_is_the_latest_that_has_begun():
    from corridors.timeline.series import periods_with_data

    figures = frame([("middle", "", f"{y}-01-01", f"{y}-12-31", 1) for y in (2024, 2025, 2030)])
    periods = periods_with_data(figures)
    assert default_period(periods, today="2026-11-27") == "2025"
    assert default_period(periods, today="2031-01-01") == "2030"
    assert default_period(periods, today="2000-01-01") == "2024"  # nothing begun: earliest
