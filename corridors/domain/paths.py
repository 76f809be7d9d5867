"""Where the project's files live.

All paths are absolute :class:`pathlib.Path` objects derived from this file's location,
so they hold in a source checkout and in an editable install alike.
"""

from __future__ import annotations

from pathlib import Path

#: The repository root (the folder holding ``pyproject.toml``).
PROJECT_ROOT: Path = Path(__file__).resolve().parents[2]
#: Geodata layers and seed data (``countries.geojson``, ``nodes.geojson``,
#: ``segments.geojson``, ``catalog.toml``), all EPSG:4326.
GEODATA_DIR: Path = PROJECT_ROOT / "geodata"
#: Display copies of the geometry, served by Streamlit under ``/app/static/``.
STATIC_DIR: Path = PROJECT_ROOT / "static"

__all__ = ["GEODATA_DIR", "PROJECT_ROOT", "STATIC_DIR"]
