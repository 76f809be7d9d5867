"""The map as an image: corridor colours drawn, legend present, texts in the SVG."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from matplotlib.image import imread

from corridors.cli.export import map_image_bytes as map_image
from corridors.domain.catalog import load_catalog
from corridors.domain.selection import FeatureRef
from corridors.exchange.stamp import data_stamp
from corridors.map.image import SIZES, MapImageError, MapView, resolve_view
from corridors.map.period_figures import metric_unit_figures
from corridors.store import open_store
from corridors.timeline.series import periods_with_data

ALL = ("neighbours", "kazakhstan", "northern", "middle", "nodes")
KNOWN = MapView(ALL, "volume", "t", "2024")  # seed data: routes, ports and the corridor


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    return open_store(f"sqlite:///{tmp_path_factory.mktemp('map') / 'db.sqlite3'}")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def slide_png(seeded, catalog):
    return map_image(seeded, catalog, KNOWN)


def _pixels(png: bytes) -> np.ndarray:
    return (imread(io.BytesIO(png), format="png")[..., :3] * 255).round().astype(int)


def _count_near(region: np.ndarray, rgb, tolerance: int = 12) -> int:
    return int((np.abs(region - np.array(rgb)).max(axis=-1) <= tolerance).sum())


def test_slide_is_1920_by_1080(slide_png):
    assert slide_png[:8] == b"\x89PNG\r\n\x1a\n"
    assert _pixels(slide_png).shape[:2] == (1080, 1920)


def test_both_corridor_colours_are_drawn_on_the_map(slide_png, catalog):
    map_area = _pixels(slide_png)[100:950, :1420]
    for corridor in ("northern", "middle"):
        assert _count_near(map_area, catalog.layers[corridor].colour[:3]) > 500, corridor


def test_hidden_corridor_is_not_drawn(seeded, catalog):
    png = map_image(seeded, catalog, MapView(("kazakhstan", "middle"), "volume", "t", "2024"))
    map_area = _pixels(png)[100:950, :1420]
    assert _count_near(map_area, catalog.layers["northern"].colour[:3]) < 20
    assert _count_near(map_area, catalog.layers["middle"].colour[:3]) > 500


def test_legend_area_is_not_blank(slide_png, catalog):
    legend = _pixels(slide_png)[100:950, 1440:]
    assert (legend.min(axis=-1) < 128).sum() > 2000  # dark legend text
    assert _count_near(legend, catalog.layers["northern"].colour[:3]) > 50  # its symbol


def test_a4_at_300_dpi(seeded, catalog):
    png = map_image(seeded, catalog, KNOWN, size="a4")
    width, height, _ = SIZES["a4"]
    assert _pixels(png).shape[:2] == (height, width)


def test_svg_is_xml_with_the_legend_and_stamp(seeded, catalog):
    svg = map_image(seeded, catalog, MapView(ALL, "volume", "t", "2022",
                                             FeatureRef("nodes", "node", "aktau")), fmt="svg")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    text = " ".join("".join(el.itertext()) for el in root.iter())
    for expected in ("Middle Corridor", "Northern Corridor", "Kazakhstan border",
                     "Volume per period (t), 2022", "selected: Aktau",
                     f"revision {data_stamp(seeded).revision}", "Natural Earth",
                     "Lines are schematic", "missing, not zero", "Whole corridor, 2022",
                     "Middle Corridor: 1,485,000 t (reported)"):
        assert expected in text, expected


def resolve(store, catalog, view):
    figures = store.current_figures()
    periods = periods_with_data(metric_unit_figures(figures, view.metric, view.unit))
    return resolve_view(figures, catalog, view, periods, data_stamp(store))


def test_view_resolution_refuses_what_does_not_exist(seeded, catalog):
    with pytest.raises(MapImageError, match="periods with figures: .*2024"):
        resolve(seeded, catalog, MapView(ALL, "volume", "t", "1999"))
    with pytest.raises(MapImageError, match="unknown layer rivers"):
        resolve(seeded, catalog, MapView(("rivers",)))


def test_switched_off_corridor_takes_its_figures(seeded, catalog):
    both = resolve(seeded, catalog, KNOWN)
    middle = resolve(seeded, catalog, MapView(("middle",), "volume", "t", "2024"))
    assert {f.corridor for f in middle.placed} == {"middle"}
    assert len(middle.placed) < len(both.placed)
