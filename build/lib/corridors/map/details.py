"""What the map's side panel says about a clicked node, segment or country.

Plain (label, value) pairs: the page renders them as a table, never as HTML or
markdown. Lengths in km, coordinates in EPSG:4326 degrees.
"""

from __future__ import annotations

from corridors.domain.catalog import Catalog
from corridors.domain.selection import FeatureRef


def node_details(catalog: Catalog, node_id: str) -> list[tuple[str, str]]:
    """Describe one node: names, role, country, corridors and where its position comes from."""
    node = catalog.nodes[node_id]
    return [
        ("Name", node.name),
        ("Russian", node.name_ru or "—"),
        ("Kazakh", node.name_kk or "—"),
        ("Role", node.role.replace("-", " ")),
        ("Country (ISO3)", node.country),
        ("Corridors", ", ".join(catalog.corridors[c].title for c in node.corridors)),
        ("Position", f"{node.lat:.4f}° N, {node.lon:.4f}° E (EPSG:4326)"),
        ("Position accuracy", f"±{node.coord_accuracy_km:g} km"),
        ("Position source", node.coord_source),
        ("Position note", node.coord_note or "—"),
        ("About", node.description or "—"),
        ("Sources", node.source or "—"),
    ]


def segment_details(catalog: Catalog, corridor: str, segment_id: str) -> list[tuple[str, str]]:
    """Describe one segment: corridor, ends, mode, branch, geodesic length in km, alignment."""
    seg = catalog.segments[(corridor, segment_id)]
    return [
        ("Corridor", catalog.corridors[corridor].title),
        ("From", catalog.nodes[seg.from_id].name),
        ("To", catalog.nodes[seg.to_id].name),
        ("Mode", seg.mode),
        ("Branch", seg.branch),
        ("Length", f"{seg.length_km:,.1f} km (geodesic)"),
        ("Alignment", seg.alignment),
    ]


def route_details(catalog: Catalog, corridor: str, route_id: str) -> list[tuple[str, str]]:
    """Describe a route (a named chain of segments): title, corridor, segments, length."""
    route = catalog.routes[route_id]
    segments = [catalog.segments[(corridor, s)] for s in route.segments]
    return [
        ("Route", route.title),
        ("Corridor", catalog.corridors[corridor].title),
        ("Segments", "; ".join(catalog.location_title(corridor, s.id) for s in segments)),
        ("Length", f"{sum(s.length_km for s in segments):,.1f} km (geodesic, all segments)"),
    ]


def feature_details(catalog: Catalog, ref: FeatureRef) -> list[tuple[str, str]]:
    """Dispatch on the feature kind; countries get their name and data source."""
    if ref.kind == "node":
        return node_details(catalog, ref.id)
    if ref.kind == "segment":
        return segment_details(catalog, ref.corridor, ref.id)
    if ref.kind == "route":
        return route_details(catalog, ref.corridor, ref.id)
    return [("Country (ISO3)", ref.id), ("Outline", "Natural Earth 1:10m admin-0, simplified")]


def corridor_summary(catalog: Catalog) -> list[dict]:
    """One row per corridor: nodes, segments, sea legs and schematic length in km."""
    rows = []
    for corridor_id, corridor in catalog.corridors.items():
        segments = [s for (c, _), s in catalog.segments.items() if c == corridor_id]
        nodes = {n for s in segments for n in (s.from_id, s.to_id)}
        rows.append({
            "Corridor": corridor.title,
            "Nodes": len(nodes),
            "Segments": len(segments),
            "Sea legs": sum(s.mode == "sea" for s in segments),
            "Length of all branches (km)": round(sum(s.length_km for s in segments)),
        })
    return rows
