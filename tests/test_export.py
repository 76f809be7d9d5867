"""Exports: canonical CSV with formulas neutralised, GeoJSON of nodes and segments."""

from __future__ import annotations

import csv
import io
import json

import pytest

from corridors.domain.records import CANONICAL_COLUMNS
from corridors.exchange import export
from corridors.store import open_store

pytest.importorskip("corridors.ingest")


@pytest.fixture
def store(database_url, figure):
    store = open_store(database_url, seed_path=None)
    store.import_records([
        figure("aktau", 1500, source="=HYPERLINK(\"http://evil\")", note="@SUM(A1)"),
        figure("aktau", 900, year=2022, note="-2+3"),
        figure("aktau--alat", 10, unit="TEU", source="+cmd"),
        figure("aktau--alat", 99, corridor="northern", unit="TEU"),
    ], filename="a.csv", sha256="a", author="ann")
    return store


def test_csv_neutralises_formula_prefixes(store):
    buffer = io.StringIO(newline="")
    assert export.write_current_csv(store, buffer) == 4
    rows = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    assert tuple(rows[0]) == CANONICAL_COLUMNS
    cells = [row[column] for row in rows for column in ("source", "note")]
    assert "'=HYPERLINK(\"http://evil\")" in cells and "'@SUM(A1)" in cells
    assert "'-2+3" in cells and "'+cmd" in cells
    assert not any(cell[:1] in "=+-@\t\r" and cell for cell in cells)


def test_csv_export_honours_filters(store):
    buffer = io.StringIO(newline="")
    assert export.write_current_csv(store, buffer, corridor="northern") == 1


def test_latest_figures_prefer_the_latest_and_longest_period(figure):
    import datetime as dt

    q4 = dict(period="2023-Q4", period_start=dt.date(2023, 10, 1),
              period_end=dt.date(2023, 12, 31))
    latest = export.latest_figures([figure("aktau", 1, year=2022), figure("aktau", 2, **q4),
                                    figure("aktau", 3), figure("aktau", 4, unit="TEU")])
    # one figure per series (kz-mot-titr in t, titr-containers in TEU), in slug order
    assert [(f["period"], f["value"], f["unit"], f["series"]) for f in latest["aktau"]] == [
        ("2023", 3, "t", "kz-mot-titr"), ("2023", 4, "TEU", "titr-containers")]


def test_geojson_is_valid_wgs84_with_latest_figures(store):
    buffer = io.StringIO()
    count = export.write_current_geojson(store, buffer)
    collection = json.loads(buffer.getvalue())  # allow_nan=False: strict JSON
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == count
    layers = {f["properties"]["layer"] for f in collection["features"]}
    assert layers == {"node", "segment"}
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] in ("Point", "LineString", "MultiLineString")
        for lon, lat in _positions(feature["geometry"]):
            assert -180 <= lon <= 180 and -90 <= lat <= 90  # EPSG:4326 order: lon, lat
    aktau = next(f for f in collection["features"] if f["properties"]["id"] == "aktau")
    assert [(f["period"], f["value"]) for f in aktau["properties"]["figures"]] == [
        ("2023", 1500)]
    assert aktau["properties"]["figures"][0]["source"].startswith("'=")


def _positions(geometry):
    coordinates = geometry["coordinates"]
    if geometry["type"] == "Point":
        return [coordinates]
    if geometry["type"] == "LineString":
        return coordinates
    return [p for line in coordinates for p in line]
