"""Checks of corridors.domain.catalog: the committed catalog and tiny broken inline fixtures."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict

import pytest

from corridors.domain.catalog import CatalogError, UnknownLocationError, load_catalog
from corridors.domain.paths import GEODATA_DIR

LAYER_IDS = {"neighbours", "kazakhstan", "northern", "middle", "nodes"}


def normalise(name: str) -> str:
    """How the CSV matcher compares names: case-folded, single spaces."""
    return " ".join(name.casefold().split())


def alias_collisions(names: dict[str, list[str]]) -> dict[str, set[str]]:
    """Names that map to more than one id."""
    owners: dict[str, set[str]] = defaultdict(set)
    for key, values in names.items():
        for value in values:
            owners[normalise(value)].add(key)
    return {name: ids for name, ids in owners.items() if len(ids) > 1}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


# --- the committed catalog ---------------------------------------------------------------


def test_corridors_and_layers(catalog):
    assert set(catalog.corridors) == {"northern", "middle"}
    assert set(catalog.layers) == LAYER_IDS
    orders = [style.order for style in catalog.layers.values()]
    assert orders == sorted(orders)
    assert list(catalog.layers)[-1] == "nodes"  # drawn last, on top


@pytest.mark.parametrize("layer_id", sorted(LAYER_IDS))
def test_layer_has_colour_and_style(catalog, layer_id):
    style = catalog.layers[layer_id]
    assert style.title and style.kind in {"area", "line", "point"}
    assert len(style.colour) in (3, 4) and len(style.fill_colour) in (3, 4)
    assert style.line_style in {"solid", "dashed"} and style.width > 0


def test_corridors_differ_without_colour(catalog):
    assert catalog.layers["northern"].line_style != catalog.layers["middle"].line_style
    assert catalog.corridors["northern"].colour != catalog.corridors["middle"].colour


def test_no_alias_maps_to_two_ids(catalog):
    assert alias_collisions(catalog.names_for_matching()) == {}


def test_alias_check_catches_a_collision():
    assert alias_collisions({"a": ["Khorgos"], "b": ["khorgos "]}) == {"khorgos": {"a", "b"}}


@pytest.mark.parametrize(("name", "expected"), [
    ("TITR", "middle"),
    ("Trans-Caspian International Transport Route", "middle"),
    ("ТМТМ", "middle"),
    ("Средний коридор", "middle"),
    ("Орта дәліз", "middle"),
    ("Northern Corridor", "northern"),
    ("Северный коридор", "northern"),
    ("Khorgos Gateway", "altynkol"),
    ("Алтынколь", "altynkol"),
    ("Khorgos", "khorgos"),
    ("Port of Baku", "alat"),
    ("Алят", "alat"),
    ("Petropavlovsk", "petropavl"),
    ("Malaszewicze", "malaszewicze"),
    ("Małaszewicze", "malaszewicze"),
    ("Alataw Pass", "alashankou"),
    ("Достық", "dostyk"),
    ("Altynkol-Khorgos", "khorgos--altynkol"),
    ("Aktau-Alat", "aktau--alat"),
    ("Dostyk – Aktogay", "dostyk--aktogay"),
    ("Baku-Tbilisi-Kars railway", "baku-tbilisi-kars"),
])
def test_names_for_matching(catalog, name, expected):
    owners = {key for key, names in catalog.names_for_matching().items()
              if normalise(name) in {normalise(n) for n in names}}
    assert owners == {expected}


def test_location_ids_per_corridor(catalog):
    northern, middle = catalog.location_ids("northern"), catalog.location_ids("middle")
    assert {"dostyk", "dostyk--aktogay", "dostyk-moyinty"} <= northern & middle
    assert {"aktau", "aktau--alat", "baku-tbilisi-kars"} <= middle - northern
    assert {"brest", "brest--terespol"} <= northern - middle
    assert catalog.location_ids() == northern | middle


@pytest.mark.parametrize(("corridor", "location", "title"), [
    ("northern", "dostyk--aktogay", "Dostyk – Aktogay"),
    ("middle", "aktau", "Aktau port"),
    ("middle", "baku-tbilisi-kars", "Baku–Tbilisi–Kars railway"),
    ("middle", "", "Middle Corridor"),
])
def test_location_title(catalog, corridor, location, title):
    assert catalog.location_title(corridor, location) == title


@pytest.mark.parametrize(("corridor", "location"), [
    ("northern", "aktau"), ("middle", "nowhere"), ("southern", ""),
])
def test_location_title_refuses_unknown(catalog, corridor, location):
    with pytest.raises(UnknownLocationError):
        catalog.location_title(corridor, location)


def test_route_segments_exist(catalog):
    for route in catalog.routes.values():
        for corridor in route.corridors:
            for seg in route.segments:
                assert (corridor, seg) in catalog.segments, (route.id, seg)


def test_ids_do_not_clash_across_kinds(catalog):
    segment_ids = {s.id for s in catalog.segments.values()}
    kinds = [set(catalog.corridors), set(catalog.nodes), segment_ids, set(catalog.routes)]
    assert sum(len(k) for k in kinds) == len(set().union(*kinds))


def test_loader_is_cached_per_path(catalog):
    assert load_catalog(str(GEODATA_DIR)) is catalog


def test_import_does_not_pull_geopandas():
    code = "import sys, corridors.domain.catalog; print('geopandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=GEODATA_DIR.parent)
    assert out.stdout.strip() == "False"


# --- broken files ----------------------------------------------------------------------

TOML = """
[corridors.middle]
title = "Middle Corridor"
short_title = "Middle"
aliases = ["TITR"]

[layers.middle]
title = "Middle Corridor"
kind = "line"
colour = [0, 114, 178]
fill_colour = [0, 114, 178]
line_style = "solid"
width = 3
visible = true
order = 1
"""


def node(node_id: str, lon: float) -> dict:
    props = {"id": node_id, "name": node_id.title(), "country": "KAZ", "role": "junction",
             "corridors": ["middle"], "coord_source": "reference:approximate",
             "coord_accuracy_km": 15}
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "Point", "coordinates": [lon, 45.0]}}


def segment(start: str, end: str) -> dict:
    props = {"id": f"{start}--{end}", "corridor": "middle", "from": start, "to": end,
             "mode": "rail", "branch": "main", "length_km": 78.8, "alignment": "schematic"}
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "LineString", "coordinates": [[70, 45], [71, 45]]}}


def write_fixture(folder, toml=TOML, nodes=None, segments=None):
    nodes = [node("a", 70.0), node("b", 71.0)] if nodes is None else nodes
    segments = [segment("a", "b")] if segments is None else segments
    (folder / "catalog.toml").write_text(toml, "utf-8")
    for name, features in (("nodes", nodes), ("segments", segments)):
        doc = {"type": "FeatureCollection", "features": features}
        (folder / f"{name}.geojson").write_text(json.dumps(doc), "utf-8")
    return folder


def test_tiny_fixture_loads(tmp_path):
    catalog = load_catalog(write_fixture(tmp_path))
    assert catalog.location_title("middle", "a--b") == "A – B"
    assert catalog.location_ids("middle") == {"a", "b", "a--b"}


@pytest.mark.parametrize(("break_it", "message"), [
    (lambda d: (d / "nodes.geojson").unlink(), r"nodes\.geojson: file not found"),
    (lambda d: (d / "catalog.toml").write_text("[layers", "utf-8"),
     r"catalog\.toml: not valid TOML"),
    (lambda d: (d / "segments.geojson").write_text("{", "utf-8"),
     r"segments\.geojson: not valid JSON"),
    (lambda d: write_fixture(d, toml=TOML.replace("colour = [0, 114, 178]\n", "", 1)),
     r"\[layers\.middle\]: missing key 'colour'"),
    (lambda d: write_fixture(d, toml=TOML.replace('"solid"', '"dotted"')),
     r"\[layers\.middle\]: line_style must be"),
    (lambda d: write_fixture(d, segments=[segment("a", "zz")]), r"key 'to' names no node"),
    (lambda d: write_fixture(d, nodes=[node("a", 70.0), node("a", 71.0)]),
     r"duplicate node id 'a'"),
    (lambda d: write_fixture(d, toml=TOML + '[routes.r]\ntitle = "R"\ncorridors = ["middle"]\n'
                                            'segments = ["b--a"]\n'),
     r"\[routes\.r\]: middle has no segment"),
])
def test_broken_files_raise_catalog_error(tmp_path, break_it, message):
    write_fixture(tmp_path)
    break_it(tmp_path)
    with pytest.raises(CatalogError, match=message):
        load_catalog(tmp_path)
