"""The citable snapshot: a Frictionless package, a GeoPackage and GeoParquet a GIS opens,
RFC 7946 GeoJSON, a citation naming the revision, and formula-safe text everywhere."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import geopandas as gpd
import pyarrow.parquet as pq
import pyogrio
import pytest

from corridors.domain.records import Record
from corridors.exchange.geojson_standard import rfc7946_problems
from corridors.exchange.gis_tables import GPKG_LAYERS
from corridors.exchange.snapshot import snapshot_zip
from corridors.store import open_store

frictionless = pytest.importorskip("frictionless")
yaml = pytest.importorskip("yaml")  # frictionless depends on PyYAML

EVIL = '=HYPERLINK("http://evil")'


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('snap') / 'db.sqlite3'}")
    # Formulas are refused on import (DESIGN 6); a stored one can only come from
    # elsewhere (an older version, a direct write): it must still leave neutralised.
    store.import_records([Record(
        corridor="middle", series="aktau-port", location="aktau", period="2021",
        period_start=dt.date(2021, 1, 1), period_end=dt.date(2021, 12, 31), metric="volume",
        direction="both", value=5.0,
        unit="trains", quality="reported", source=EVIL, note="@SUM(A1)")],
        filename="evil.csv", sha256="evil", author="t", note="")
    return store


@pytest.fixture(scope="module")
def unpacked(store, tmp_path_factory):
    folder = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(io.BytesIO(snapshot_zip(store))) as archive:
        assert archive.testzip() is None
        archive.extractall(folder)
    return folder


def test_zip_holds_every_file(unpacked):
    names = {p.name for p in unpacked.iterdir()}
    assert names == {"throughput.csv", "throughput.schema.json", "corridors.geojson",
                     "corridors.gpkg", "figures.parquet", "README.md", "CITATION.cff",
                     "datapackage.json"}


def test_datapackage_validates_with_frictionless(unpacked):
    report = frictionless.validate(str(unpacked / "datapackage.json"))
    assert report.valid, report.flatten(["taskName", "type", "message"])
    package = json.loads((unpacked / "datapackage.json").read_text())
    described = {r["path"] for r in package["resources"]}
    assert described == {p.name for p in unpacked.iterdir()} - {"datapackage.json"}
    assert package["licenses"] and all(r.get("hash", "").startswith("sha256:")
                                       for r in package["resources"])
    assert any("Natural Earth" in s["title"] for s in package["sources"])


def test_frictionless_notices_a_changed_file(unpacked, tmp_path):
    for path in unpacked.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    gpkg = bytearray((tmp_path / "corridors.gpkg").read_bytes())
    gpkg[2000] ^= 0xFF
    (tmp_path / "corridors.gpkg").write_bytes(bytes(gpkg))
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid


def test_geopackage_layers_read_by_pyogrio(unpacked):
    path = unpacked / "corridors.gpkg"
    assert [name for name, _ in pyogrio.list_layers(path)] == list(GPKG_LAYERS)
    sizes = {name: len(pyogrio.read_dataframe(path, layer=name)) for name in GPKG_LAYERS}
    assert sizes["countries"] >= 20 and sizes["nodes"] >= 50 and sizes["segments"] >= 60
    assert sizes["figures"] > 50
    nodes = pyogrio.read_dataframe(path, layer="nodes")
    assert nodes.crs.to_epsg() == 4326 and "aktau" in set(nodes["id"])


def test_geoparquet_read_by_pyarrow_and_geopandas(unpacked):
    table = pq.read_table(unpacked / "figures.parquet")
    assert b"geo" in table.schema.metadata
    frame = gpd.read_parquet(unpacked / "figures.parquet")
    assert frame.crs.to_epsg() == 4326 and len(frame) == table.num_rows
    located = frame[frame["location"] != ""]
    assert located.geometry.notna().mean() > 0.9  # routes and nodes have a shape
    assert frame.loc[frame["location"] == "", "geometry"].isna().all()


def test_text_cells_are_formula_safe_everywhere(unpacked):
    rows = list(csv.DictReader(io.StringIO((unpacked / "throughput.csv").read_text())))
    assert "'" + EVIL in {r["source"] for r in rows}
    gpkg = pyogrio.read_dataframe(unpacked / "corridors.gpkg", layer="figures")
    parquet = gpd.read_parquet(unpacked / "figures.parquet")
    geojson = (unpacked / "corridors.geojson").read_text()
    for frame in (gpkg, parquet):
        texts = frame.select_dtypes(include=["object", "string"]).stack().astype(str)
        assert not texts.str.match(r"[=+\-@\t\r]").any()
        assert "'" + EVIL in set(frame["source"])
    assert json.dumps("'" + EVIL)[1:-1] in geojson


def test_geojson_in_the_snapshot_follows_rfc7946(unpacked):
    assert rfc7946_problems(json.loads((unpacked / "corridors.geojson").read_text())) == []


def test_citation_names_revision_and_date(unpacked, store):
    citation = yaml.safe_load((unpacked / "CITATION.cff").read_text())
    newest = store.history()[0]
    assert citation["cff-version"] == "1.2.0" and citation["type"] == "dataset"
    assert citation["version"] == f"revision {newest.id}"
    assert str(citation["date-released"]) == newest.created_at.date().isoformat()
    note = (unpacked / "README.md").read_text()
    assert f"revision {newest.id}" in note and "Natural Earth" in note
