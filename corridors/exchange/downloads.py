"""Files anyone may download from the Data page, as bytes.

The current figures as canonical CSV and as GeoJSON (both formula-safe, through
``corridors.exchange.export``), and the published template CSV and Table Schema.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from corridors.domain.paths import GEODATA_DIR
from corridors.exchange.export import write_current_csv, write_current_geojson

if TYPE_CHECKING:
    from corridors.store import Store

SCHEMA_DIR = GEODATA_DIR / "schema"
TEMPLATE_PATH = SCHEMA_DIR / "throughput-template.csv"
TABLE_SCHEMA_PATH = SCHEMA_DIR / "throughput.schema.json"


def template_csv() -> bytes:
    """The template CSV: the canonical header and two example rows."""
    return TEMPLATE_PATH.read_bytes()


def table_schema_json() -> bytes:
    """The canonical CSV's Table Schema (Frictionless Data JSON)."""
    return TABLE_SCHEMA_PATH.read_bytes()


def current_csv(store: Store) -> bytes:
    """The current figures as canonical CSV (UTF-8), formula prefixes neutralised."""
    out = io.StringIO(newline="")
    write_current_csv(store, out)
    return out.getvalue().encode("utf-8")


def current_geojson(store: Store) -> bytes:
    """Nodes and segments (EPSG:4326) with their latest current figures, as GeoJSON."""
    out = io.StringIO()
    write_current_geojson(store, out)
    return out.getvalue().encode("utf-8")
