"""Display copies of the geodata layers, served as static files.

The map references these files by URL (``/app/static/<name>``) instead of inlining the
geometry in the deck JSON, so a widget change resends a few KB instead of the whole
1:10m outline. Each feature carries the same three tooltip properties (``tip_title``,
``tip_line1``, ``tip_line2``) because pydeck has one tooltip template for all layers.

All coordinates are EPSG:4326 (lon, lat degrees), rounded to 1e-4 degrees (about 11 m).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import shapely
import shapely.geometry

from corridors.domain.catalog import Catalog, load_catalog
from corridors.domain.paths import GEODATA_DIR, STATIC_DIR

COORD_DECIMALS = 4
ROLE_TITLES = {
    "border-crossing": "border crossing",
    "dry-port": "dry port",
    "sea-port": "sea port",
    "junction": "junction",
    "hub": "hub",
    "terminus": "terminus",
}


def _round_coords(coords):
    """Round nested coordinate lists to ``COORD_DECIMALS`` places."""
    if coords and isinstance(coords[0], int | float):
        return [round(c, COORD_DECIMALS) for c in coords]
    return [_round_coords(c) for c in coords]


def _feature(geometry: dict, properties: dict) -> dict:
    geometry = {"type": geometry["type"], "coordinates": _round_coords(geometry["coordinates"])}
    if geometry["type"] in ("Polygon", "MultiPolygon"):
        # RFC 7946: outer rings counter-clockwise, holes clockwise (rounding may not flip
        # a ring, but the source may not be oriented)
        oriented = shapely.geometry.mapping(shapely.orient_polygons(
            shapely.geometry.shape(geometry), exterior_cw=False))
        geometry = {"type": oriented["type"],
                    "coordinates": json.loads(json.dumps(oriented["coordinates"]))}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _collection(features: Iterable[dict]) -> bytes:
    doc = {"type": "FeatureCollection", "features": list(features)}
    # Compact separators: pydeck's indent=2 is what makes inline decks 3x larger.
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def _read_features(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def segment_tooltip(catalog: Catalog, props: dict) -> dict:
    """Return the tooltip properties of one segment feature (length in km)."""
    corridor = catalog.corridors[props["corridor"]].title
    start, end = catalog.nodes[props["from"]].name, catalog.nodes[props["to"]].name
    return {
        "tip_title": f"{corridor}: {start} → {end}",
        "tip_line1": f"{props['mode']} · {props['length_km']:,.0f} km · branch {props['branch']}",
        "tip_line2": "schematic alignment (great circle, not the surveyed track)",
    }


def node_tooltip(props: dict) -> dict:
    """Return the tooltip properties of one node feature (accuracy in km)."""
    role = ROLE_TITLES.get(props["role"], props["role"])
    return {
        "tip_title": props["name"],
        "tip_line1": f"{role} · {props['country']}",
        "tip_line2": f"position ±{props['coord_accuracy_km']:g} km ({props['coord_source']})",
    }


def build_display_layers(geodata_dir: Path = GEODATA_DIR) -> dict[str, bytes]:
    """Build every display file as compact GeoJSON bytes, keyed by file name.

    Parameters
    ----------
    geodata_dir : pathlib.Path
        Folder holding ``countries.geojson``, ``nodes.geojson`` and ``segments.geojson``
        (EPSG:4326).

    Returns
    -------
    dict of str to bytes
        ``kazakhstan.geojson``, ``neighbours.geojson``, ``segments-<corridor>.geojson``,
        ``nodes.geojson`` and ``nodes-<corridor>.geojson`` (the nodes a corridor uses),
        all EPSG:4326 with coordinates rounded to 1e-4 degrees.
    """
    catalog = load_catalog(geodata_dir)
    countries = _read_features(geodata_dir / "countries.geojson")
    files = {}
    for name, keep in (("kazakhstan", True), ("neighbours", False)):
        files[f"{name}.geojson"] = _collection(
            _feature(f["geometry"], {
                "layer": name, "kind": "country", "id": f["properties"]["iso3"],
                "tip_title": f["properties"]["name"],
                "tip_line1": "Natural Earth 1:10m admin-0 (public domain)",
                "tip_line2": "outline simplified for display",
            })
            for f in countries if (f["properties"]["iso3"] == "KAZ") == keep
        )
    segments = _read_features(geodata_dir / "segments.geojson")
    for corridor in catalog.corridors:
        files[f"segments-{corridor}.geojson"] = _collection(
            _feature(f["geometry"], {
                "layer": corridor, "kind": "segment", "id": f["properties"]["id"],
                "corridor": corridor, "mode": f["properties"]["mode"],
                **segment_tooltip(catalog, f["properties"]),
            })
            for f in segments if f["properties"]["corridor"] == corridor
        )
    nodes = _read_features(geodata_dir / "nodes.geojson")

    def node_collection(corridors) -> bytes:
        return _collection(
            _feature(f["geometry"], {
                "layer": "nodes", "kind": "node", "id": f["properties"]["id"],
                "role": f["properties"]["role"], **node_tooltip(f["properties"]),
            })
            for f in nodes
            if set(catalog.nodes[f["properties"]["id"]].corridors) & set(corridors))

    files["nodes.geojson"] = node_collection(catalog.corridors)
    # The nodes left when every other corridor is switched off: the map fetches one of
    # these instead of resending ~10 KB of nodes inline with each toggle (issue 17).
    for corridor in catalog.corridors:
        files[f"nodes-{corridor}.geojson"] = node_collection([corridor])
    return files


def write_display_layers(
    static_dir: Path = STATIC_DIR, geodata_dir: Path = GEODATA_DIR,
) -> list[Path]:
    """Write the display files into ``static_dir``; return the paths written (EPSG:4326)."""
    static_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, payload in build_display_layers(geodata_dir).items():
        path = static_dir / name
        path.write_bytes(payload)
        written.append(path)
    return written



def segment_paths(static_dir: Path = STATIC_DIR, keep_every: int = 4) -> dict[tuple, list]:
    """Thinned display paths of every segment, keyed by ``(corridor, id)`` (EPSG:4326).

    The period overlay sends these inline for the few segments that have a figure; every
    ``keep_every``-th vertex (plus both ends) is plenty at corridor scale and keeps each
    period step to a few KB.
    """
    paths = {}
    for corridor_file in sorted(static_dir.glob("segments-*.geojson")):
        for feature in _read_features(corridor_file):
            coords = feature["geometry"]["coordinates"]
            thinned = coords[::keep_every]
            if thinned[-1] != coords[-1]:
                thinned.append(coords[-1])
            key = (feature["properties"]["corridor"], feature["properties"]["id"])
            paths[key] = [[round(c, 3) for c in point] for point in thinned]
    return paths


if __name__ == "__main__":  # pragma: no cover - `python -m corridors.geo.display`
    for written_path in write_display_layers():
        print(written_path)
