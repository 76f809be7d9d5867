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


#: The template's header in Russian and Kazakh: names the reader maps to the canonical
#: columns (``corridors.ingest.headers``), in the canonical order.
TEMPLATE_HEADERS = {
    "ru": ("коридор", "пункт", "период", "начало периода", "конец периода", "показатель",
           "направление", "значение", "единица измерения", "качество", "источник",
           "примечание"),
    "kk": ("дәліз", "орын", "кезең", "басталуы", "аяқталуы", "көрсеткіш", "бағыт", "мән",
           "өлшем бірлігі", "сапа", "дереккөз", "ескертпе"),
}


def template_csv(lang: str = "en") -> bytes:
    """The template CSV: a header and two example rows. ``en`` is the canonical header;
    ``ru`` and ``kk`` name the same columns in Russian or Kazakh (the rows stay
    canonical), and the reader accepts all three alike."""
    data = TEMPLATE_PATH.read_bytes()
    if lang not in TEMPLATE_HEADERS:
        return data
    _header, _newline, rows = data.partition(b"\n")
    return (",".join(TEMPLATE_HEADERS[lang]) + "\n").encode("utf-8") + rows


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
