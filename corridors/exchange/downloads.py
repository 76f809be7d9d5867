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
#: The template's header in Russian and Kazakh, by canonical column (names the reader
#: knows, ``corridors.ingest.headers``). Keyed by column, not by position: a column
#: added to the canonical CSV (as ``series`` was) is either named here or stays English.
TEMPLATE_HEADERS = {
    "ru": {"corridor": "коридор", "series": "ряд", "location": "пункт", "period": "период",
           "period_start": "начало периода", "period_end": "конец периода",
           "metric": "показатель", "direction": "направление", "value": "значение",
           "unit": "единица измерения", "quality": "качество", "source": "источник",
           "note": "примечание"},
    "kk": {"corridor": "дәліз", "series": "қатар", "location": "орын", "period": "кезең",
           "period_start": "басталуы", "period_end": "аяқталуы", "metric": "көрсеткіш",
           "direction": "бағыт", "value": "мән", "unit": "өлшем бірлігі", "quality": "сапа",
           "source": "дереккөз", "note": "ескертпе"},
}


def template_csv(lang: str = "en") -> bytes:
    """The template CSV: a header and two example rows. ``en`` is the canonical header;
    ``ru`` and ``kk`` name the same columns in Russian or Kazakh (the rows stay
    canonical), and the reader accepts all three alike."""
    data = TEMPLATE_PATH.read_bytes()
    if lang not in TEMPLATE_HEADERS:
        return data
    header, _newline, rows = data.partition(b"\n")
    names = TEMPLATE_HEADERS[lang]
    columns = [names.get(c, c) for c in header.decode("utf-8").strip().split(",")]
    return (",".join(columns) + "\n").encode("utf-8") + rows


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
