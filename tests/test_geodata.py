"""Checks of the committed geodata layers (EPSG:4326, lengths in km).

The checkers are small functions returning a list of problems, so each is also run on a
deliberately broken inline fixture to show it can fail.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import LineString, Point, Polygon
from shapely.ops import nearest_points

from corridors.domain.paths import GEODATA_DIR, STATIC_DIR
from corridors.geo.display import build_display_layers
from corridors.geo.layers import GeodataError, load_countries, load_nodes, load_segments, read_layer

GEOD = Geod(ellps="WGS84")
EU = {"POL", "DEU", "ROU", "BGR", "LTU", "LVA"}
REQUIRED_COUNTRIES = {
    "KAZ", "CHN", "RUS", "BLR", "POL", "DEU", "KGZ", "UZB", "TKM", "AZE", "GEO", "ARM",
    "TUR", "IRN", "MNG", "UKR", "LTU", "ROU", "BGR",
}
NODE_IDS = set(
    "xian chongqing chengdu urumqi alashankou dostyk khorgos altynkol zhetygen aktogay "
    "moyinty karaganda astana petropavl kurgan chelyabinsk yekaterinburg aktobe iletsk "
    "orenburg samara moscow smolensk krasnoye minsk brest terespol malaszewicze warsaw lodz "
    "duisburg hamburg almaty shymkent arys kyzylorda zhezkazgan saksaul beyneu aktau kuryk "
    "turkmenbashi alat baku ganja tbilisi akhalkalaki kars poti batumi anaklia istanbul "
    "constanta".split()
)
ROLES = {"border-crossing", "dry-port", "sea-port", "junction", "hub", "terminus"}
NODE_BORDER_KM = 5.0


@pytest.fixture(scope="module")
def countries() -> gpd.GeoDataFrame:
    return load_countries()


@pytest.fixture(scope="module")
def nodes() -> gpd.GeoDataFrame:
    return load_nodes()


@pytest.fixture(scope="module")
def segments() -> gpd.GeoDataFrame:
    return load_segments()


# --- checkers --------------------------------------------------------------------------


def distance_outside_km(point: Point, area) -> float:
    """Geodesic km from a point outside ``area`` to its boundary; 0 inside (EPSG:4326)."""
    if area.covers(point):
        return 0.0
    near = nearest_points(area.boundary, point)[0]
    return GEOD.inv(point.x, point.y, near.x, near.y)[2] / 1000.0


def endpoint_problems(segments: gpd.GeoDataFrame, nodes: gpd.GeoDataFrame) -> list[str]:
    """Segments whose ends are not nodes or whose geometry does not start/end at them."""
    where = {row.id: row.geometry for row in nodes.itertuples()}
    problems = []
    columns = ["corridor", "id", "from", "to", "geometry"]  # "from" is no attribute name
    for corridor, seg_id, start, end, line in segments[columns].itertuples(index=False):
        for node_id, xy in ((start, line.coords[0]), (end, line.coords[-1])):
            if node_id not in where:
                problems.append(f"{corridor}/{seg_id}: no node {node_id}")
            elif Point(xy).distance(where[node_id]) > 1e-6:
                problems.append(f"{corridor}/{seg_id}: geometry misses node {node_id}")
        if seg_id != f"{start}--{end}":
            problems.append(f"{corridor}/{seg_id}: id is not from--to")
    return problems


def corridor_problems(
    corridor: str, segments: gpd.GeoDataFrame, nodes: gpd.GeoDataFrame
) -> list[str]:
    """A corridor must be one connected graph holding a node in China and one in the EU."""
    rows = segments[segments["corridor"] == corridor]
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in zip(rows["from"], rows["to"], strict=True):
        graph[a].add(b)
        graph[b].add(a)
    if not graph:
        return [f"{corridor}: no segments"]
    seen, todo = set(), [next(iter(graph))]
    while todo:
        here = todo.pop()
        if here not in seen:
            seen.add(here)
            todo.extend(graph[here] - seen)
    country = dict(zip(nodes["id"], nodes["country"], strict=True))
    problems = []
    if seen != set(graph):
        problems.append(f"{corridor}: not connected, cut off {sorted(set(graph) - seen)}")
    if not any(country.get(n) == "CHN" for n in graph):
        problems.append(f"{corridor}: no node in China")
    if not any(country.get(n) in EU for n in graph):
        problems.append(f"{corridor}: no node in the EU")
    return problems


def line_length_km(line: LineString) -> float:
    """Geodesic WGS84 length of an EPSG:4326 line, in km."""
    return GEOD.geometry_length(line) / 1000.0


def geodesic_area_km2(geom) -> float:
    """Geodesic WGS84 area of an EPSG:4326 (multi)polygon, in km2."""
    parts = shapely.get_parts(geom)
    return sum(abs(GEOD.geometry_area_perimeter(shapely.geometry.polygon.orient(p))[0])
               for p in parts) / 1e6


# --- files and CRS ---------------------------------------------------------------------


@pytest.mark.parametrize("loader", [load_countries, load_nodes, load_segments])
def test_layer_is_epsg4326_and_valid(loader):
    frame = loader()
    assert frame.crs.to_epsg() == 4326
    assert frame.geometry.is_valid.all()
    assert not frame.geometry.is_empty.any()


def test_read_layer_refuses_other_crs(tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps({
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
        "features": [{"type": "Feature", "properties": {"id": "a"},
                      "geometry": {"type": "Point", "coordinates": [1e6, 5e6]}}],
    }))
    with pytest.raises(GeodataError, match="EPSG:4326"):
        read_layer(path)


def test_read_layer_names_missing_file(tmp_path):
    with pytest.raises(GeodataError, match="nodes.geojson"):
        load_nodes(tmp_path)


def test_static_display_files_are_fresh():
    """static/ must hold exactly what corridors.geo.display derives from geodata/."""
    for name, payload in build_display_layers().items():
        assert (STATIC_DIR / name).read_bytes() == payload, (
            f"static/{name} is stale: run `python -m corridors.geo.display`")


# --- countries -------------------------------------------------------------------------


def test_required_countries_present(countries):
    assert REQUIRED_COUNTRIES <= set(countries["iso3"])
    assert countries["iso3"].is_unique
    assert set(countries.loc[countries["iso3"] == "KAZ", "role"]) == {"kazakhstan"}
    assert set(countries.loc[countries["iso3"] != "KAZ", "role"]) == {"neighbour"}


def test_kazakhstan_keeps_10m_detail(countries):
    kaz = countries[countries["iso3"] == "KAZ"].iloc[0]
    assert kaz["simplify_tolerance_m"] <= 1000
    vertices = shapely.get_num_coordinates(kaz.geometry)
    assert vertices == kaz["vertex_count"]
    assert vertices >= 1000  # 1:110m Kazakhstan has about 100 vertices, 1:10m about 4,100
    assert geodesic_area_km2(kaz.geometry) == pytest.approx(kaz["source_area_km2"], rel=0.01)


def test_neighbours_coarser_than_kazakhstan(countries):
    kaz_tol = countries.loc[countries["iso3"] == "KAZ", "simplify_tolerance_m"].iloc[0]
    assert (countries.loc[countries["iso3"] != "KAZ", "simplify_tolerance_m"] >= kaz_tol).all()


def test_country_coordinates_rounded_for_display():
    doc = json.loads((GEODATA_DIR / "countries.geojson").read_text("utf-8"))
    geometry = json.dumps(doc["features"][0]["geometry"])
    coords = shapely.get_coordinates(shapely.from_geojson(geometry))
    assert (abs(coords * 1e4 - (coords * 1e4).round()) < 1e-6).all()


# --- nodes -----------------------------------------------------------------------------


def test_node_ids_are_the_architecture_ids(nodes):
    assert nodes["id"].is_unique
    assert set(nodes["id"]) == NODE_IDS


def test_node_properties(nodes):
    assert set(nodes["role"]) <= ROLES
    assert nodes["coord_accuracy_km"].gt(0).all()
    for row in nodes.itertuples():
        assert set(row.corridors) <= {"northern", "middle"} and len(row.corridors) > 0
        assert row.coord_source.startswith(("geonames:", "reference:verified",
                                            "reference:approximate")), row.id
        assert row.name and row.name_ru and row.name_kk, row.id  # issue 14: every node


CYRILLIC = re.compile(r"^[\u0400-\u04FF][\u0400-\u04FF .()/,'-]*$")


def test_country_names_in_russian_and_kazakh(countries):
    """Every country has a Russian and a Kazakh name in Cyrillic (Natural Earth's NAME_RU
    was once read as Latin-1: mojibake such as 'ÐÑ' must not come back)."""
    for row in countries.itertuples():
        assert CYRILLIC.match(row.name_ru), (row.iso3, row.name_ru)
        assert CYRILLIC.match(row.name_kk), (row.iso3, row.name_kk)


@pytest.mark.parametrize("node_id", sorted(NODE_IDS))
def test_node_lies_in_its_country(node_id, nodes, countries):
    node = nodes[nodes["id"] == node_id].iloc[0]
    area = countries[countries["iso3"] == node["country"]]
    assert len(area) == 1, f"countries.geojson lacks {node['country']}"
    assert distance_outside_km(node.geometry, area.geometry.iloc[0]) <= NODE_BORDER_KM


def test_country_check_catches_a_misplaced_node():
    square = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
    assert distance_outside_km(Point(0.5, 0.5), square) == 0
    assert distance_outside_km(Point(1.03, 0.5), square) < NODE_BORDER_KM  # ~3.3 km
    assert distance_outside_km(Point(1.2, 0.5), square) > NODE_BORDER_KM  # ~22 km


# --- segments --------------------------------------------------------------------------


def test_segment_keys_unique_and_vocabulary(segments):
    assert not segments.duplicated(["corridor", "id"]).any()
    assert set(segments["corridor"]) == {"northern", "middle"}
    assert set(segments["mode"]) <= {"rail", "sea", "road"}
    assert segments["alignment"].str.startswith("schematic").all()


def test_segment_endpoints_are_nodes(segments, nodes):
    assert endpoint_problems(segments, nodes) == []


def test_endpoint_check_catches_a_broken_segment(nodes):
    broken = gpd.GeoDataFrame(
        {"id": ["dostyk--nowhere"], "corridor": ["middle"], "from": ["dostyk"],
         "to": ["nowhere"]},
        geometry=[LineString([(80.0, 45.0), (70.0, 45.0)])], crs="EPSG:4326",
    )
    problems = endpoint_problems(broken, nodes)
    assert any("no node nowhere" in p for p in problems)
    assert any("misses node dostyk" in p for p in problems)


@pytest.mark.parametrize("corridor", ["northern", "middle"])
def test_corridor_connects_china_with_the_eu(corridor, segments, nodes):
    assert corridor_problems(corridor, segments, nodes) == []


def test_corridor_check_catches_a_gap(segments, nodes):
    cut = segments[~((segments["corridor"] == "northern")
                     & (segments["id"] == "moscow--smolensk"))]
    assert any("not connected" in p for p in corridor_problems("northern", cut, nodes))
    china_only = segments[segments["from"].isin(["xian", "chengdu"])]
    assert any("EU" in p for p in corridor_problems("northern", china_only, nodes))


def test_middle_corridor_crosses_caspian_by_sea(segments, nodes):
    country = dict(zip(nodes["id"], nodes["country"], strict=True))
    sea = segments[(segments["corridor"] == "middle") & (segments["mode"] == "sea")]
    crossings = [(country[a], country[b]) for a, b in zip(sea["from"], sea["to"], strict=True)]
    assert ("KAZ", "AZE") in crossings


def land_km(line: LineString, land) -> float:
    """Km of an EPSG:4326 line over ``land``, ignoring about 15 km around each end."""
    ends = shapely.union_all([Point(line.coords[i]).buffer(0.15) for i in (0, -1)])
    return line_length_km(line.difference(ends).intersection(land))


def test_sea_legs_stay_at_sea(segments, countries):
    land = shapely.union_all(countries.geometry.values)
    for row in segments[segments["mode"] == "sea"].itertuples():
        assert land_km(row.geometry, land) < 10, row.id


def test_sea_check_catches_a_leg_across_absheron(segments, countries):
    land = shapely.union_all(countries.geometry.values)
    leg = segments[segments["id"] == "aktau--alat"].geometry.iloc[0]
    straight = LineString([leg.coords[0], leg.coords[-1]]).segmentize(0.2)
    assert land_km(straight, land) > 10


@pytest.mark.parametrize("corridor", ["northern", "middle"])
def test_length_km_is_geodesic(corridor, segments):
    rows = segments[segments["corridor"] == corridor]
    for row in rows.itertuples():
        assert row.length_km == pytest.approx(line_length_km(row.geometry), rel=0.01), row.id


def test_segments_densified_for_mercator(segments):
    for row in segments.itertuples():
        coords = list(row.geometry.coords)
        steps = [GEOD.inv(*a, *b)[2] / 1000 for a, b in zip(coords, coords[1:], strict=False)]
        assert max(steps) <= 30, row.id


def test_one_corridors_nodes_come_by_url_and_match_the_inline_nodes():
    """With a corridor switched off, the nodes left come from nodes-<corridor>.geojson
    (issue 17: inline they were ~10 KB of every toggle): the same nodes as inline."""
    import json

    from corridors.domain.catalog import load_catalog
    from corridors.map.deck import build_layer, node_features

    catalog = load_catalog()
    style = next(s for s in catalog.layers.values() if s.kind == "point")
    for corridor in catalog.corridors:
        layer = build_layer(style, catalog, visible={corridor})
        assert layer.data == f"/app/static/nodes-{corridor}.geojson"
        served = json.loads((STATIC_DIR / f"nodes-{corridor}.geojson").read_text("utf-8"))
        inline = node_features(catalog, [corridor])
        assert ([f["properties"]["id"] for f in served["features"]]
                == [f["properties"]["id"] for f in inline["features"]])
    assert build_layer(style, catalog, visible=set()).data["features"] == []
