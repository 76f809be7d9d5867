"""The catalog: corridors, nodes, segments, routes, layer styles and every name they go by.

Read from ``geodata/catalog.toml``, ``geodata/nodes.geojson`` and
``geodata/segments.geojson`` with the standard library only (``tomllib`` and ``json``),
so importing it is fast and needs no geopandas. Coordinates are EPSG:4326 longitude and
latitude in degrees; lengths are in km.

Example
-------
>>> from corridors.domain.catalog import load_catalog
>>> catalog = load_catalog()
>>> catalog.location_title("northern", "dostyk--aktogay")
'Dostyk – Aktogay'
"""

from __future__ import annotations

import functools
import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corridors.domain.i18n import TitledInLanguages, localised_name
from corridors.domain.paths import GEODATA_DIR

CATALOG_FILE = "catalog.toml"
NODES_FILE = "nodes.geojson"
SEGMENTS_FILE = "segments.geojson"
EN_DASH = "–"


class CatalogError(ValueError):
    """A geodata file is missing or broken; the message names the file and the key."""


class UnknownLocationError(LookupError):
    """A location id is neither a node, a segment nor a route of the corridor."""


@dataclass(frozen=True, slots=True)
class Corridor(TitledInLanguages):
    """A freight corridor (``northern`` or ``middle``) and the names it goes by."""

    id: str
    title: str
    short_title: str
    description: str
    aliases: tuple[str, ...]
    colour: tuple[int, ...]
    title_ru: str = ""
    title_kk: str = ""


@dataclass(frozen=True, slots=True)
class Node:
    """A corridor node; ``lon``/``lat`` in EPSG:4326 degrees, accuracy in km."""

    id: str
    name: str
    name_ru: str
    name_kk: str
    aliases: tuple[str, ...]
    country: str
    role: str
    corridors: tuple[str, ...]
    lon: float
    lat: float
    coord_source: str
    coord_accuracy_km: float
    description: str
    coord_note: str = ""
    source: str = ""

    def name_in(self, lang: str | None) -> str:
        """The name in ``en``, ``ru`` or ``kk`` (``name_kk``, else Russian, else English)."""
        return localised_name({"en": self.name, "ru": self.name_ru, "kk": self.name_kk},
                              lang)


@dataclass(frozen=True, slots=True)
class Segment:
    """A corridor segment between two nodes (``from_id`` -> ``to_id``), length in km."""

    id: str
    corridor: str
    from_id: str
    to_id: str
    mode: str
    branch: str
    length_km: float
    alignment: str


@dataclass(frozen=True, slots=True)
class Route(TitledInLanguages):
    """A named chain of segments (for figures reported for a whole line)."""

    id: str
    title: str
    corridors: tuple[str, ...]
    segments: tuple[str, ...]
    aliases: tuple[str, ...]
    title_ru: str = ""
    title_kk: str = ""


@dataclass(frozen=True, slots=True)
class LayerStyle(TitledInLanguages):
    """How the map draws one layer: RGB(A) colours, ``solid``/``dashed``, width in px."""

    id: str
    title: str
    kind: str
    colour: tuple[int, ...]
    fill_colour: tuple[int, ...]
    line_style: str
    width: float
    visible: bool
    order: int
    title_ru: str = ""
    title_kk: str = ""


@dataclass(frozen=True)
class Catalog:
    """Everything a record, a page or the CSV matcher needs to know about locations.

    ``layers`` is ordered by draw order (drawn first, first). Segments are keyed by
    ``(corridor, id)`` because a stretch used by both corridors appears once in each.
    """

    corridors: Mapping[str, Corridor]
    nodes: Mapping[str, Node]
    segments: Mapping[tuple[str, str], Segment]
    routes: Mapping[str, Route]
    layers: Mapping[str, LayerStyle]
    geodata: Mapping[str, Any]

    def location_ids(self, corridor: str | None = None) -> set[str]:
        """Return the node, segment and route ids a record of ``corridor`` may use.

        With ``corridor=None``, the ids of every corridor.
        """
        wanted = set(self.corridors) if corridor is None else {corridor}
        ids = {n.id for n in self.nodes.values() if wanted & set(n.corridors)}
        ids |= {s.id for (c, _), s in self.segments.items() if c in wanted}
        ids |= {r.id for r in self.routes.values() if wanted & set(r.corridors)}
        return ids

    def location_title(self, corridor: str, location: str, lang: str = "en") -> str:
        """Return a human title: a node name, ``"Dostyk – Aktogay"``, a route title; names
        in ``lang`` where the catalog has them.

        An empty ``location`` means the whole corridor and returns the corridor's title.
        Raises :class:`UnknownLocationError` for an id the corridor does not use.
        """
        if corridor not in self.corridors:
            raise UnknownLocationError(f"unknown corridor {corridor!r}")
        if not location:
            return self.corridors[corridor].title_in(lang)
        if location not in self.location_ids(corridor):
            raise UnknownLocationError(f"{corridor}: unknown location {location!r}")
        if (corridor, location) in self.segments:
            seg = self.segments[(corridor, location)]
            return (f"{self.nodes[seg.from_id].name_in(lang)} {EN_DASH} "
                    f"{self.nodes[seg.to_id].name_in(lang)}")
        if location in self.routes:
            return self.routes[location].title_in(lang)
        return self.nodes[location].name_in(lang)

    def names_for_matching(self) -> dict[str, list[str]]:
        """Return every corridor, node, segment and route id with all its names.

        Each list starts with the id itself, then titles, English, Russian and Kazakh
        names and aliases, without duplicates. Segments also get ``"A - B"`` names in
        both orders and with hyphen or en dash, from the nodes' English and Russian names.
        """
        names: dict[str, list[str]] = {}
        for c in self.corridors.values():
            names[c.id] = [c.id, c.title, c.short_title, *c.aliases]
        for n in self.nodes.values():
            names[n.id] = [n.id, n.name, n.name_ru, n.name_kk, *n.aliases]
        for s in self.segments.values():
            names.setdefault(s.id, [s.id]).extend(self._segment_names(s))
        for r in self.routes.values():
            names[r.id] = [r.id, r.title, r.title_ru, r.title_kk, *r.aliases]
        return {key: list(dict.fromkeys(v for v in values if v)) for key, values in names.items()}

    def _segment_names(self, seg: Segment) -> list[str]:
        a, b = self.nodes[seg.from_id], self.nodes[seg.to_id]
        pairs = [(x, y) for x in _short_names(a) for y in _short_names(b) if x and y]
        pairs += [(a.name_ru, b.name_ru)] if a.name_ru and b.name_ru else []
        return [f"{x}{sep}{y}" for p, q in pairs for x, y in ((p, q), (q, p))
                for sep in ("-", " - ", f" {EN_DASH} ")]


def _short_names(node: Node) -> list[str]:
    """The node's English name and its first alias (the short form: Alat, Aktau, Altynkol)."""
    return [node.name, *node.aliases[:1]]


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CatalogError(f"{path}: file not found; run scripts/build_geodata.py") from exc
    except json.JSONDecodeError as exc:
        raise CatalogError(f"{path}: not valid JSON ({exc})") from exc


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CatalogError(f"{path}: file not found; run scripts/build_geodata.py") from exc
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{path}: not valid TOML ({exc})") from exc


def _field(table: Mapping, key: str, where: str, kind: type | tuple[type, ...]) -> Any:
    """Return ``table[key]`` checked against ``kind``, or raise naming ``where`` and ``key``."""
    if key not in table:
        raise CatalogError(f"{where}: missing key {key!r}")
    value = table[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, float)):
        raise CatalogError(f"{where}: key {key!r} has the wrong type ({type(value).__name__})")
    return value


def _colour(table: Mapping, key: str, where: str) -> tuple[int, ...]:
    value = _field(table, key, where, list)
    if len(value) not in (3, 4) or not all(
            isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 255 for v in value):
        raise CatalogError(f"{where}: key {key!r} must be 3 or 4 integers 0-255, got {value}")
    return tuple(value)


def _strings(table: Mapping, key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogError(f"{where}: key {key!r} must be a list of strings")
    return tuple(value)


def _layers(toml: Mapping, where: str) -> dict[str, LayerStyle]:
    styles = []
    for layer_id, t in _field(toml, "layers", where, dict).items():
        at = f"{where} [layers.{layer_id}]"
        line_style = _field(t, "line_style", at, str)
        if line_style not in ("solid", "dashed"):
            raise CatalogError(f"{at}: line_style must be 'solid' or 'dashed', got {line_style!r}")
        styles.append(LayerStyle(
            id=layer_id, title=_field(t, "title", at, str), kind=_field(t, "kind", at, str),
            colour=_colour(t, "colour", at), fill_colour=_colour(t, "fill_colour", at),
            line_style=line_style, width=_field(t, "width", at, (int, float)),
            visible=_field(t, "visible", at, bool), order=_field(t, "order", at, int),
            title_ru=t.get("title_ru", ""), title_kk=t.get("title_kk", ""),
        ))
    return {s.id: s for s in sorted(styles, key=lambda s: (s.order, s.id))}


def _corridors(toml: Mapping, layers: Mapping[str, LayerStyle], where: str) -> dict:
    corridors = {}
    for cid, t in _field(toml, "corridors", where, dict).items():
        at = f"{where} [corridors.{cid}]"
        colour = layers[cid].colour if cid in layers else ()
        corridors[cid] = Corridor(
            id=cid, title=_field(t, "title", at, str),
            short_title=_field(t, "short_title", at, str),
            description=t.get("description", ""), aliases=_strings(t, "aliases", at),
            colour=colour, title_ru=t.get("title_ru", ""), title_kk=t.get("title_kk", ""),
        )
    return corridors


def _routes(toml: Mapping, where: str) -> dict[str, Route]:
    routes = {}
    for rid, t in toml.get("routes", {}).items():
        at = f"{where} [routes.{rid}]"
        routes[rid] = Route(
            id=rid, title=_field(t, "title", at, str), corridors=_strings(t, "corridors", at),
            segments=_strings(t, "segments", at), aliases=_strings(t, "aliases", at),
            title_ru=t.get("title_ru", ""), title_kk=t.get("title_kk", ""),
        )
    return routes


def _features(path: Path) -> list[tuple[str, dict, dict]]:
    """Return ``(where, properties, geometry)`` per feature of a GeoJSON file."""
    doc = _read_json(path)
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        raise CatalogError(f"{path}: missing key 'features' (not a FeatureCollection)")
    out = []
    for i, f in enumerate(features):
        props = f.get("properties") if isinstance(f, dict) else None
        if not isinstance(props, dict):
            raise CatalogError(f"{path}: feature {i} has no 'properties'")
        where = f"{path} feature {i} ({props.get('id', '?')})"
        out.append((where, props, f.get("geometry") or {}))
    return out


def _node(where: str, p: Mapping, geometry: Mapping) -> Node:
    coords = geometry.get("coordinates")
    if geometry.get("type") != "Point" or not isinstance(coords, list) or len(coords) < 2:
        raise CatalogError(f"{where}: key 'geometry' must be a Point")
    return Node(
        id=_field(p, "id", where, str), name=_field(p, "name", where, str),
        name_ru=p.get("name_ru", ""), name_kk=p.get("name_kk", ""),
        aliases=_strings(p, "aliases", where), country=_field(p, "country", where, str),
        role=_field(p, "role", where, str), corridors=_strings(p, "corridors", where),
        lon=float(coords[0]), lat=float(coords[1]),
        coord_source=_field(p, "coord_source", where, str),
        coord_accuracy_km=float(_field(p, "coord_accuracy_km", where, (int, float))),
        description=p.get("description", ""), coord_note=p.get("coord_note", ""),
        source=p.get("source", ""),
    )


def _segment(where: str, p: Mapping, nodes: Mapping[str, Node]) -> Segment:
    seg = Segment(
        id=_field(p, "id", where, str), corridor=_field(p, "corridor", where, str),
        from_id=_field(p, "from", where, str), to_id=_field(p, "to", where, str),
        mode=_field(p, "mode", where, str), branch=_field(p, "branch", where, str),
        length_km=float(_field(p, "length_km", where, (int, float))),
        alignment=_field(p, "alignment", where, str),
    )
    for key, node_id in (("from", seg.from_id), ("to", seg.to_id)):
        if node_id not in nodes:
            raise CatalogError(f"{where}: key {key!r} names no node ({node_id!r})")
    return seg


def _unique(items: list, key, path: Path, what: str) -> dict:
    out = {}
    for item in items:
        k = key(item)
        if k in out:
            raise CatalogError(f"{path}: duplicate {what} {k!r}")
        out[k] = item
    return out


def _check_references(catalog: Catalog, path: Path) -> None:
    for s in catalog.segments.values():
        if s.corridor not in catalog.corridors:
            raise CatalogError(f"{path}: segment {s.id} has unknown corridor {s.corridor!r}")
    for r in catalog.routes.values():
        for c in r.corridors:
            missing = [s for s in r.segments if (c, s) not in catalog.segments]
            if c not in catalog.corridors or missing:
                raise CatalogError(f"{path} [routes.{r.id}]: {c} has no segment(s) {missing}")


@functools.lru_cache(maxsize=8)
def _load(geodata_dir: Path) -> Catalog:
    toml_path = geodata_dir / CATALOG_FILE
    toml = _read_toml(toml_path)
    layers = _layers(toml, str(toml_path))
    nodes_path, segments_path = geodata_dir / NODES_FILE, geodata_dir / SEGMENTS_FILE
    nodes = _unique([_node(*f) for f in _features(nodes_path)], lambda n: n.id, nodes_path,
                    "node id")
    segments = _unique([_segment(w, p, nodes) for w, p, _ in _features(segments_path)],
                       lambda s: (s.corridor, s.id), segments_path, "segment (corridor, id)")
    catalog = Catalog(
        corridors=_corridors(toml, layers, str(toml_path)), nodes=nodes, segments=segments,
        routes=_routes(toml, str(toml_path)), layers=layers, geodata=toml.get("geodata", {}),
    )
    _check_references(catalog, toml_path)
    return catalog


def load_catalog(geodata_dir: Path | str = GEODATA_DIR) -> Catalog:
    """Load the catalog from ``geodata_dir`` (cached per resolved path).

    Parameters
    ----------
    geodata_dir : pathlib.Path or str
        Folder holding ``catalog.toml``, ``nodes.geojson`` and ``segments.geojson``.

    Returns
    -------
    Catalog
        Frozen records; node coordinates in EPSG:4326 degrees, lengths in km.

    Raises
    ------
    CatalogError
        A file is missing or broken; the message names the file and the key.
    """
    return _load(Path(geodata_dir).resolve())

