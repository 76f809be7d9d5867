"""Load the geodata layers as GeoDataFrames in EPSG:4326.

The files are written by ``scripts/build_geodata.py``; see ``docs/architecture.md`` for
their ids. For names, aliases and styles without geopandas use :mod:`corridors.domain.catalog`.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import geopandas as gpd

from corridors.domain.paths import GEODATA_DIR

CRS_EPSG = 4326


class GeodataError(RuntimeError):
    """A geodata file is missing, unreadable or not in EPSG:4326."""


def read_layer(path: Path | str) -> gpd.GeoDataFrame:
    """Read one GeoJSON layer and check it is in EPSG:4326.

    Parameters
    ----------
    path : pathlib.Path or str
        A GeoJSON file.

    Returns
    -------
    geopandas.GeoDataFrame
        The features; CRS EPSG:4326 (longitude, latitude in degrees).

    Raises
    ------
    GeodataError
        The file is missing or unreadable, or declares a CRS other than EPSG:4326.
    """
    path = Path(path)
    if not path.is_file():
        # the cause names the file, so the CLI can tell a broken installation apart
        missing = FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
        raise GeodataError(f"{path}: file not found; run scripts/build_geodata.py") from missing
    try:
        frame = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise GeodataError(f"{path}: cannot read it as GeoJSON ({exc})") from exc
    if frame.crs is None or frame.crs.to_epsg() != CRS_EPSG:
        raise GeodataError(f"{path}: expected CRS EPSG:4326, found {frame.crs}")
    return frame


def load_countries(geodata_dir: Path | str = GEODATA_DIR) -> gpd.GeoDataFrame:
    """Return Kazakhstan and its neighbours (Natural Earth 1:10m, simplified).

    Parameters
    ----------
    geodata_dir : pathlib.Path or str
        Folder holding ``countries.geojson``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per country, CRS EPSG:4326; columns ``iso3``, ``name``, ``name_ru``,
        ``role`` (``kazakhstan`` or ``neighbour``), ``simplify_tolerance_m`` (metres),
        ``area_km2`` and ``source_area_km2`` (km2).
    """
    return read_layer(Path(geodata_dir) / "countries.geojson")


def load_nodes(geodata_dir: Path | str = GEODATA_DIR) -> gpd.GeoDataFrame:
    """Return the corridor nodes as points.

    Parameters
    ----------
    geodata_dir : pathlib.Path or str
        Folder holding ``nodes.geojson``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per node id, CRS EPSG:4326; columns include ``id``, ``name``, ``country``
        (ISO3), ``role``, ``corridors``, ``coord_source`` and ``coord_accuracy_km`` (km).
    """
    return read_layer(Path(geodata_dir) / "nodes.geojson")


def load_segments(geodata_dir: Path | str = GEODATA_DIR) -> gpd.GeoDataFrame:
    """Return the corridor segments as schematic great-circle lines.

    Parameters
    ----------
    geodata_dir : pathlib.Path or str
        Folder holding ``segments.geojson``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per ``(corridor, id)``, CRS EPSG:4326; columns include ``id``,
        ``corridor``, ``from``, ``to``, ``mode``, ``branch``, ``length_km`` (geodesic, km)
        and ``alignment``.
    """
    return read_layer(Path(geodata_dir) / "segments.geojson")
