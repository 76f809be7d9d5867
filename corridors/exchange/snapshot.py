"""A citable snapshot of the current data: one ZIP a report can point to.

Contents (all EPSG:4326, values in each row's unit, text formula-safe):

- ``throughput.csv``: the canonical CSV and ``throughput.schema.json``,
  its Frictionless Table Schema;
- ``corridors.geojson``: nodes and segments with their latest figures (RFC 7946);
- ``corridors.gpkg``: layers countries, nodes, segments, figures (GeoPackage);
- ``figures.parquet``: the figures with the geometry of their place (GeoParquet);
- ``README.md``: what is inside, how the figures are made, where they come from;
- ``CITATION.cff``: how to cite this very revision;
- ``datapackage.json``: a Frictionless Data Package describing every file above, with
  bytes, SHA-256, sources and licences.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections import Counter
from typing import TYPE_CHECKING

from corridors.domain.paths import GEODATA_DIR
from corridors.domain.provenance import (
    BOUNDARY_SOURCE,
    LICENCES,
    PROJECT_TITLE,
    SCHEMATIC_NOTE,
    DataStamp,
)
from corridors.exchange.export import write_current_csv, write_current_geojson
from corridors.exchange.gis_tables import GPKG_LAYERS, geopackage_bytes, geoparquet_bytes
from corridors.exchange.stamp import data_stamp

if TYPE_CHECKING:
    from corridors.store import Store

TABLE_SCHEMA_PATH = GEODATA_DIR / "schema" / "throughput.schema.json"
NATURAL_EARTH = {"title": "Natural Earth 1:10m admin-0 countries (public domain)",
                 "path": "https://www.naturalearthdata.com/"}
# name in the ZIP -> (Data Package resource name, format, media type, title)
RESOURCES = {
    "throughput.csv": ("throughput", "csv", "text/csv",
                       "Current throughput figures, canonical CSV"),
    "throughput.schema.json": ("throughput-schema", "json", "application/schema+json",
                               "Table Schema of throughput.csv"),
    "corridors.geojson": ("corridors-geojson", "geojson", "application/geo+json",
                          "Nodes and segments with their latest figures (RFC 7946)"),
    "corridors.gpkg": ("corridors-gpkg", "gpkg", "application/geopackage+sqlite3",
                       f"GeoPackage, layers {', '.join(GPKG_LAYERS)}"),
    "figures.parquet": ("figures-geoparquet", "parquet", "application/vnd.apache.parquet",
                        "Figures with the geometry of their place (GeoParquet)"),
    "README.md": ("methodology", "md", "text/markdown", "Methodology and sources"),
    "CITATION.cff": ("citation", "cff", "text/plain", "Citation File Format"),
}


def _figure_sources(csv_text: str) -> Counter:
    """How many figures cite each source (column ``source`` of the canonical CSV)."""
    import csv

    return Counter(row["source"] for row in csv.DictReader(io.StringIO(csv_text))
                   if row["source"])


def citation_cff(stamp: DataStamp) -> str:
    """``CITATION.cff`` (Citation File Format 1.2.0) naming the revision and its date."""
    title = f"{PROJECT_TITLE}. Data snapshot, revision {stamp.revision}"
    return "\n".join([
        "cff-version: 1.2.0",
        'message: "If you use these data, please cite them as below."',
        "type: dataset",
        f"title: {json.dumps(title)}",
        f'version: "revision {stamp.revision}"',
        f"date-released: {stamp.date}",
        "authors:",
        '  - name: "corridors developers"',
        f"license: {LICENCES[0]['name']}",
        f"abstract: {json.dumps(_abstract(stamp))}",
        "keywords:",
        '  - "Middle Corridor"', '  - "Northern Corridor"', '  - "Kazakhstan"',
        '  - "rail freight"', '  - "TITR"',
        "",
    ])


def _abstract(stamp: DataStamp) -> str:
    return (f"Freight throughput per corridor, node and segment on the Eurasian corridors "
            f"through Kazakhstan, with the source of every figure. {stamp.as_of()}.")


def methodology_note(stamp: DataStamp, sources: Counter) -> str:
    """The snapshot's ``README.md``: contents, method, sources, licences, how to cite."""
    lines = [
        f"# {PROJECT_TITLE}", "", f"{stamp.as_of()}.", "",
        "## Files", "",
        *(f"- `{name}`: {spec[3]}" for name, spec in RESOURCES.items()),
        "- `datapackage.json`: Frictionless Data Package describing every file", "",
        "## Method", "",
        "Each row is one figure: a corridor (`northern` or `middle`), a place (node, "
        "segment or route id; empty for the whole corridor), a period with inclusive "
        "ISO start and end dates, a metric (`volume` moved or `capacity`), a direction, "
        "a value in its unit (t, TEU or trains per period), its quality (`reported` or "
        "`estimate`) and the source it was taken from. Only the current figure of each "
        "identity is included; earlier values stay in the app's revision history. "
        "Missing figures are missing, never zero.", "",
        f"{SCHEMATIC_NOTE} Coordinates are EPSG:4326 longitude/latitude in degrees.", "",
        "Text cells beginning with `=`, `+`, `-`, `@`, a tab or a carriage return carry a "
        "leading apostrophe so that a spreadsheet shows them as text.", "",
        "## Sources", "",
        *(f"- {source} ({count} figure{'s' if count != 1 else ''})"
          for source, count in sorted(sources.items())),
        f"- {BOUNDARY_SOURCE}", "",
        "## Licences", "",
        *(f"- {licence['title']}: {licence['path']}" for licence in LICENCES), "",
        "## Cite", "", "See `CITATION.cff`.", "",
    ]
    return "\n".join(lines)


def datapackage(files: dict[str, bytes], stamp: DataStamp, sources: Counter) -> dict:
    """A Frictionless Data Package (v1) describing ``files`` (ZIP name -> bytes)."""
    resources = []
    for name, payload in files.items():
        resource_name, fmt, mediatype, title = RESOURCES[name]
        resource = {"name": resource_name, "path": name, "title": title, "format": fmt,
                    "mediatype": mediatype, "encoding": "utf-8", "bytes": len(payload),
                    "hash": f"sha256:{hashlib.sha256(payload).hexdigest()}"}
        if name == "throughput.csv":
            resource.update(profile="tabular-data-resource", schema="throughput.schema.json")
        else:
            # "type": "file" (frictionless 5) checks bytes and hash without reading the
            # file as a table: it would try to, and fail, on the Parquet file
            resource.update(profile="data-resource", type="file")
            if fmt in ("gpkg", "parquet"):
                del resource["encoding"]
        resources.append(resource)
    return {
        "profile": "data-package",
        "name": "corridors-throughput",
        "title": f"{PROJECT_TITLE}, revision {stamp.revision}",
        "description": _abstract(stamp),
        "version": f"{stamp.revision}.0.0",
        "created": stamp.created_at.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "keywords": ["Middle Corridor", "Northern Corridor", "Kazakhstan", "freight"],
        "licenses": [dict(licence) for licence in LICENCES],
        "sources": [*({"title": s, **({"path": s} if "://" in s else {})}
                      for s in sorted(sources)), NATURAL_EARTH],
        "contributors": [{"title": "corridors developers", "role": "author"}],
        "resources": resources,
    }


def snapshot_files(store: Store) -> dict[str, bytes]:
    """Every file of the snapshot except ``datapackage.json``, as bytes."""
    stamp = data_stamp(store)
    csv_buffer = io.StringIO(newline="")
    write_current_csv(store, csv_buffer)
    geojson_buffer = io.StringIO()
    write_current_geojson(store, geojson_buffer)
    sources = _figure_sources(csv_buffer.getvalue())
    return {
        "throughput.csv": csv_buffer.getvalue().encode("utf-8"),
        "throughput.schema.json": TABLE_SCHEMA_PATH.read_bytes(),
        "corridors.geojson": geojson_buffer.getvalue().encode("utf-8"),
        "corridors.gpkg": geopackage_bytes(store),
        "figures.parquet": geoparquet_bytes(store),
        "README.md": methodology_note(stamp, sources).encode("utf-8"),
        "CITATION.cff": citation_cff(stamp).encode("utf-8"),
    }


def snapshot_zip(store: Store) -> bytes:
    """The snapshot ZIP: :func:`snapshot_files` plus ``datapackage.json``, all at the top
    level of the archive (deflated, fixed timestamps so only the data changes the bytes
    of the text files)."""
    files = snapshot_files(store)
    stamp = data_stamp(store)
    sources = _figure_sources(files["throughput.csv"].decode("utf-8"))
    package = datapackage(files, stamp, sources)
    files["datapackage.json"] = (json.dumps(package, ensure_ascii=False, indent=2)
                                 + "\n").encode("utf-8")
    buffer = io.BytesIO()
    date_time = stamp.created_at.timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, payload in files.items():
            info = zipfile.ZipInfo(name, date_time=max(date_time, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, payload)
    return buffer.getvalue()
