"""The data as a GIS and a data user would pick it: GeoPackage and GeoParquet (EPSG:4326).

Layers: ``countries``, ``nodes``, ``segments`` (the geodata layers) and ``figures``
(the current figures, one row per figure). In the GeoPackage ``figures`` is a table
without geometry that joins to ``nodes.id`` or ``segments.(corridor, id)`` through
``location``; the GeoParquet ``figures`` carries the geometry of the place each figure
describes (a point, a line, the lines of a route, none for a whole corridor). Every
text cell is formula-safe; list properties are joined with ``"; "``.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from corridors.domain.catalog import Catalog, load_catalog
from corridors.geo import layers as geodata
from corridors.ingest import neutralise_formula

if TYPE_CHECKING:
    from corridors.store import Store

GPKG_LAYERS = ("countries", "nodes", "segments", "figures")
LIST_SEPARATOR = "; "
CRS = "EPSG:4326"


def _safe_text(value):
    """Formula-safe text; lists (aliases, corridors) become one ``"; "``-joined text."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list | tuple):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    return neutralise_formula(value) if isinstance(value, str) else value


def formula_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text (and list) columns are formula-safe text."""
    out = frame.copy()
    for column in out.columns:
        if column == getattr(out, "_geometry_column_name", None):
            continue
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(_safe_text).astype(object)
    return out


def figures_table(store: Store) -> pd.DataFrame:
    """The current figures, canonical columns plus ``revision``; dates as ISO text."""
    figures = store.current_figures()
    figures = figures.assign(period_start=figures["period_start"].dt.strftime("%Y-%m-%d"),
                             period_end=figures["period_end"].dt.strftime("%Y-%m-%d"))
    return formula_safe_frame(figures.reset_index(drop=True))


def geodata_layers(geodata_dir: Path | None = None) -> dict[str, gpd.GeoDataFrame]:
    """``countries``, ``nodes`` and ``segments`` as formula-safe GeoDataFrames (EPSG:4326)."""
    folder = {} if geodata_dir is None else {"geodata_dir": geodata_dir}
    return {"countries": formula_safe_frame(geodata.load_countries(**folder)),
            "nodes": formula_safe_frame(geodata.load_nodes(**folder)),
            "segments": formula_safe_frame(geodata.load_segments(**folder))}


def location_geometries(layers: dict[str, gpd.GeoDataFrame], catalog: Catalog) -> dict:
    """``(corridor, location) -> shapely geometry`` for every node, segment and route."""
    shapes = {}
    segments = {(row.corridor, row.id): row.geometry for row in layers["segments"].itertuples()}
    shapes.update(segments)
    for route in catalog.routes.values():
        for corridor in route.corridors:
            parts = [segments[(corridor, s)] for s in route.segments if (corridor, s) in segments]
            shapes[(corridor, route.id)] = shapely.MultiLineString(parts)
    for row in layers["nodes"].itertuples():
        for corridor in catalog.corridors:
            shapes[(corridor, row.id)] = row.geometry
    return shapes


def figures_geoframe(store: Store, layers: dict[str, gpd.GeoDataFrame] | None = None,
                     catalog: Catalog | None = None) -> gpd.GeoDataFrame:
    """The current figures with the geometry of their place (EPSG:4326; none for a
    whole-corridor figure or a place no longer in geodata)."""
    layers = layers or geodata_layers()
    shapes = location_geometries(layers, catalog or load_catalog())
    figures = figures_table(store)
    geometry = [shapes.get((c, loc)) for c, loc in zip(figures["corridor"], figures["location"],
                                                        strict=True)]
    return gpd.GeoDataFrame(figures, geometry=geometry, crs=CRS)


def write_geopackage(store: Store, path: Path) -> None:
    """Write the four layers of :data:`GPKG_LAYERS` into a new GeoPackage at ``path``."""
    for name, frame in geodata_layers().items():
        pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG")
    # No geometry: a plain attribute table (GeoPackage "attributes") joined by location.
    pyogrio.write_dataframe(figures_table(store), path, layer="figures", driver="GPKG")


def geopackage_bytes(store: Store) -> bytes:
    """The GeoPackage (SQLite) as bytes; written to a temporary file first."""
    with tempfile.TemporaryDirectory(prefix="corridors-gpkg-") as folder:
        path = Path(folder) / "corridors.gpkg"
        write_geopackage(store, path)
        return path.read_bytes()


def geoparquet_bytes(store: Store) -> bytes:
    """The figures with their places as GeoParquet (geopandas, WKB, EPSG:4326)."""
    buffer = io.BytesIO()
    figures_geoframe(store).to_parquet(buffer, index=False)
    return buffer.getvalue()
