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
from corridors.domain.formatting import format_number
from corridors.domain.i18n import LANGUAGES, N_, gettext_for
from corridors.domain.paths import GEODATA_DIR, STATIC_DIR
from corridors.domain.records import MODE_TITLES

COORD_DECIMALS = 4
ROLE_TITLES = {
    "border-crossing": N_("border crossing"),
    "dry-port": N_("dry port"),
    "sea-port": N_("sea port"),
    "junction": N_("junction"),
    "hub": N_("hub"),
    "terminus": N_("terminus"),
}
#: The segments' alignment notes (geodata), as msgids: shown in the reader's language.
ALIGNMENT_TITLES = (
    N_("schematic: node to node along a great circle, not the surveyed track"),
    N_("schematic: great-circle legs node to node via the waypoints 50.75 40.25 (lon lat) "
       "that keep the sea leg off the coast, not the sailed route"),
)
TIP_FIELDS = ("tip_title", "tip_line1", "tip_line2")


def tip_fields(lang: str) -> tuple[str, str, str]:
    """The tooltip property names of ``lang``: ``tip_title`` ... in English (as before
    the languages), ``tip_title_kk`` ... in Kazakh. Every display file carries all
    three languages, so the static geometry stays one file per layer."""
    return TIP_FIELDS if lang == "en" else tuple(f"{f}_{lang}" for f in TIP_FIELDS)


def _in_every_language(tips) -> dict:
    """``tips(lang)`` (a dict of the three English field names) for every language,
    under each language's field names."""
    out = {}
    for lang in LANGUAGES:
        out.update(zip(tip_fields(lang), tips(lang).values(), strict=True))
    return out


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


def segment_tooltip(catalog: Catalog, props: dict, lang: str = "en") -> dict:
    """Return the tooltip properties of one segment feature (length in km), in ``lang``."""
    _ = gettext_for(lang)
    corridor = catalog.corridors[props["corridor"]].title_in(lang)
    start = catalog.nodes[props["from"]].name_in(lang)
    end = catalog.nodes[props["to"]].name_in(lang)
    mode = _(MODE_TITLES.get(props["mode"], props["mode"]))
    branch = props["branch"]
    if branch in catalog.nodes:
        branch = catalog.nodes[branch].name_in(lang)
    elif branch == "main":
        branch = _("main line")
    length = format_number(props["length_km"], lang, 0)
    return {
        "tip_title": f"{corridor}: {start} → {end}",
        "tip_line1": _("{mode} · {length} km · branch {branch}").format(
            mode=mode, length=length, branch=branch),
        "tip_line2": _("schematic alignment (great circle, not the surveyed track)"),
    }


def node_tooltip(props: dict, lang: str = "en") -> dict:
    """Return the tooltip properties of one node feature (accuracy in km), in ``lang``
    (``props`` may carry ``name_ru``/``name_kk`` and ``country_name``)."""
    _ = gettext_for(lang)
    role = _(ROLE_TITLES.get(props["role"], props["role"]))
    name = props.get(f"name_{lang}") or (props.get("name_ru") if lang == "kk" else "")
    return {
        "tip_title": name or props["name"],
        "tip_line1": f"{role} · {props['country']}",
        "tip_line2": _("position ±{accuracy} km ({source})").format(
            accuracy=format_number(props["coord_accuracy_km"], lang),
            source=props["coord_source"]),
    }


def country_tooltip(props: dict, lang: str = "en") -> dict:
    """Return the tooltip properties of one country outline, in ``lang``."""
    _ = gettext_for(lang)
    name = props.get(f"name_{lang}") or (props.get("name_ru") if lang == "kk" else "")
    return {
        "tip_title": name or props["name"],
        "tip_line1": _("Natural Earth 1:10m admin-0 (public domain)"),
        "tip_line2": _("outline simplified for display"),
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
                **_in_every_language(lambda lang, p=f["properties"]: country_tooltip(p, lang)),
            })
            for f in countries if (f["properties"]["iso3"] == "KAZ") == keep
        )
    segments = _read_features(geodata_dir / "segments.geojson")
    for corridor in catalog.corridors:
        files[f"segments-{corridor}.geojson"] = _collection(
            _feature(f["geometry"], {
                "layer": corridor, "kind": "segment", "id": f["properties"]["id"],
                "corridor": corridor, "mode": f["properties"]["mode"],
                **_in_every_language(
                    lambda lang, p=f["properties"]: segment_tooltip(catalog, p, lang)),
            })
            for f in segments if f["properties"]["corridor"] == corridor
        )
    nodes = _read_features(geodata_dir / "nodes.geojson")

    def node_collection(corridors) -> bytes:
        return _collection(
            _feature(f["geometry"], {
                "layer": "nodes", "kind": "node", "id": f["properties"]["id"],
                "role": f["properties"]["role"],
                **_in_every_language(lambda lang, p=f["properties"]: node_tooltip(p, lang)),
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
