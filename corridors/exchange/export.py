"""Exports of the current figures: canonical CSV and GeoJSON.

Both neutralise formula prefixes (``= + - @``, tab, CR) in text, so a file opened in a
spreadsheet shows text instead of running it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from corridors.domain.records import Record
from corridors.ingest import neutralise_formula, write_canonical_csv

if TYPE_CHECKING:
    from corridors.store import Store

EXPORT_FORMATS = ("csv", "geojson")


def write_current_csv(store: Store, fh: IO[str], **filters: Any) -> int:
    """Write the current figures as canonical CSV; return the number of rows.

    Parameters
    ----------
    store : Store
    fh : text file
        Opened with ``newline=""``.
    **filters
        As for :meth:`Store.current_figures`.
    """
    return write_canonical_csv(store.current_records(**filters), fh, neutralise=True)


def latest_figures(records: Iterable[Record]) -> dict[str, list[dict[str, Any]]]:
    """Return, per location, the latest figure of each (corridor, series, metric, direction,
    unit): series are never merged (issue 11).

    Latest means the latest ``period_end``; between periods ending the same day
    (``2023`` and ``2023-Q4``) the longer one wins. Text is neutralised.
    """
    best: dict[tuple, Record] = {}
    for record in records:
        key = (record.location, record.corridor, record.series, record.metric,
               record.direction, record.unit)
        held = best.get(key)
        rank = (record.period_end, -record.period_start.toordinal())
        if held is None or rank > (held.period_end, -held.period_start.toordinal()):
            best[key] = record
    by_location: dict[str, list[dict[str, Any]]] = {}
    for (location, *_), r in sorted(best.items()):
        by_location.setdefault(location, []).append({
            "corridor": r.corridor, "series": r.series, "period": r.period,
            "period_start": r.period_start.isoformat(), "period_end": r.period_end.isoformat(),
            "metric": r.metric, "direction": r.direction, "value": r.value, "unit": r.unit,
            "quality": r.quality, "source": neutralise_formula(r.source),
            "note": neutralise_formula(r.note)})
    return by_location


def current_geojson(store: Store, geodata_dir: Path | None = None) -> dict[str, Any]:
    """Return a GeoJSON FeatureCollection (EPSG:4326) of nodes and segments.

    Each feature keeps its geodata properties, gains ``layer`` (``node`` or
    ``segment``) and ``figures``: its latest current figures (see :func:`latest_figures`);
    a segment lists only the figures of its own corridor. Text properties are
    formula-safe; coordinates are rounded to 1e-5 degrees (no ``crs`` member).
    """
    from corridors.exchange.geojson_standard import standard_collection
    from corridors.geo import layers as geodata  # geopandas is heavy: load it only for this export

    folder = {} if geodata_dir is None else {"geodata_dir": geodata_dir}
    figures = latest_figures(store.current_records())
    features = []
    for layer, frame in (("node", geodata.load_nodes(**folder)),
                         ("segment", geodata.load_segments(**folder))):
        for feature in frame.__geo_interface__["features"]:
            properties = _formula_safe(_plain(feature["properties"]))
            own = figures.get(properties["id"], [])
            if layer == "segment":
                own = [f for f in own if f["corridor"] == properties.get("corridor")]
            properties.update(layer=layer, figures=own)
            features.append({"type": "Feature", "properties": properties,
                             "geometry": feature["geometry"]})
    return standard_collection(features)


def _formula_safe(value: Any) -> Any:
    """Neutralise formula prefixes in every text of a (nested) property value."""
    if isinstance(value, str):
        return neutralise_formula(value)
    if isinstance(value, dict):
        return {key: _formula_safe(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_formula_safe(item) for item in value]
    return value


def _plain(value: Any) -> Any:
    """Return ``value`` with numpy arrays and scalars as Python ones and NaN as None."""
    if hasattr(value, "tolist"):  # geopandas reads JSON lists as numpy arrays
        value = value.tolist()
    if isinstance(value, float) and math.isnan(value):  # a property absent in this feature
        return None
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def write_current_geojson(store: Store, fh: IO[str], geodata_dir: Path | None = None) -> int:
    """Write :func:`current_geojson` as compact JSON; return the number of features."""
    collection = current_geojson(store, geodata_dir)
    json.dump(collection, fh, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    fh.write("\n")
    return len(collection["features"])
