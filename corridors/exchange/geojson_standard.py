"""GeoJSON as RFC 7946 wants it: the right-hand rule, no ``crs`` member, sensible precision.

RFC 7946 section 3.1.6: an outer ring runs counter-clockwise and a hole clockwise;
section 4: the CRS is always WGS 84 longitude/latitude (EPSG:4326) and the ``crs``
member of the 2008 draft is gone; section 11.2: about six decimals are already
centimetres, so we round to ``COORD_DECIMALS`` (1e-5 degrees, about 1.1 m).

Plain dictionaries in, plain dictionaries out (the standard library and shapely only),
so the build script, the display copies and every export share one writer.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import shapely
import shapely.geometry

COORD_DECIMALS = 5
POLYGON_TYPES = ("Polygon", "MultiPolygon")


def round_coordinates(coords: Any, decimals: int = COORD_DECIMALS) -> Any:
    """Round nested coordinate lists (EPSG:4326 degrees) to ``decimals`` places."""
    if coords and isinstance(coords[0], int | float):
        return [round(float(c), decimals) for c in coords]
    return [round_coordinates(c, decimals) for c in coords]


def orient_geometry(geometry: dict | None) -> dict | None:
    """Return a GeoJSON geometry with outer rings counter-clockwise and holes clockwise.

    Non-polygon geometries (and ``None``) come back unchanged. The coordinates are not
    moved, only the order of each ring is reversed where needed.
    """
    if not geometry or geometry.get("type") not in POLYGON_TYPES:
        return geometry
    shape = shapely.orient_polygons(shapely.geometry.shape(geometry), exterior_cw=False)
    oriented = shapely.geometry.mapping(shape)
    return {"type": oriented["type"], "coordinates": _as_lists(oriented["coordinates"])}


def _as_lists(coords: Any) -> Any:
    """shapely's ``mapping`` gives nested tuples; JSON writers and tests want lists."""
    if coords and isinstance(coords[0], int | float):
        return list(coords)
    return [_as_lists(c) for c in coords]


def standard_geometry(geometry: dict | None, decimals: int = COORD_DECIMALS) -> dict | None:
    """Orient (RFC 7946 3.1.6) and round (``decimals`` places, EPSG:4326) one geometry."""
    if geometry is None:
        return None
    rounded = {"type": geometry["type"],
               "coordinates": round_coordinates(geometry["coordinates"], decimals)}
    return orient_geometry(rounded)


def standard_feature(feature: dict, decimals: int = COORD_DECIMALS) -> dict:
    """A feature with its geometry made standard (see :func:`standard_geometry`)."""
    return {**feature, "geometry": standard_geometry(feature.get("geometry"), decimals)}


def standard_collection(features: Iterable[dict], decimals: int = COORD_DECIMALS,
                        **members: Any) -> dict:
    """A FeatureCollection of standard features, without a ``crs`` member.

    ``members`` become extra top-level members (RFC 7946 6.1 foreign members), except
    ``crs``, which is refused: the CRS of GeoJSON is EPSG:4326 by definition.
    """
    if "crs" in members:
        raise ValueError("RFC 7946 GeoJSON has no crs member: the CRS is always EPSG:4326")
    return {"type": "FeatureCollection", **members,
            "features": [standard_feature(f, decimals) for f in features]}


def dumps_compact(doc: dict) -> str:
    """Compact, deterministic JSON text (UTF-8 friendly, no NaN)."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True,
                      allow_nan=False)


# --- checks, for tests and for anyone who wants to know ----------------------------------

def _ring_area(ring: list) -> float:
    """Shoelace area of a ring in degrees squared: positive when counter-clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(ring, ring[1:],
                                                                         strict=False)) / 2


def _polygons(geometry: dict) -> Iterator[list]:
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "GeometryCollection":
        for part in geometry["geometries"]:
            yield from _polygons(part)


def _coordinates(coords: Any) -> Iterator[float]:
    if coords and isinstance(coords[0], int | float):
        yield from coords
    else:
        for part in coords:
            yield from _coordinates(part)


def rfc7946_problems(doc: dict, decimals: int = COORD_DECIMALS) -> list[str]:
    """What in a GeoJSON document breaks RFC 7946 (empty when nothing does).

    Checks the ``crs`` member (top level and per feature), the winding of every ring
    (outer counter-clockwise, holes clockwise) and that no coordinate carries more than
    ``decimals`` decimal places.
    """
    problems = ["top-level crs member"] if "crs" in doc else []
    features = doc.get("features", [doc] if doc.get("type") == "Feature" else [])
    for index, feature in enumerate(features):
        if "crs" in feature:
            problems.append(f"feature {index}: crs member")
        geometry = feature.get("geometry")
        if not geometry:
            continue
        for polygon in _polygons(geometry):
            for ring_index, ring in enumerate(polygon):
                counter_clockwise = _ring_area(ring) > 0
                if counter_clockwise != (ring_index == 0):
                    kind = "outer ring" if ring_index == 0 else f"hole {ring_index}"
                    problems.append(f"feature {index}: {kind} is "
                                    f"{'counter-' if counter_clockwise else ''}clockwise")
        scale = 10 ** decimals
        if geometry.get("type") != "GeometryCollection" and any(
                abs(c * scale - round(c * scale)) > 1e-6
                for c in _coordinates(geometry["coordinates"])):
            problems.append(f"feature {index}: coordinates beyond {decimals} decimals")
    return problems
