"""The export buttons of the pages (AppTest): present, deferred (nothing is drawn until a
click), and their callables give the bytes of the view on screen."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from streamlit.testing.v1 import AppTest

from corridors.domain.paths import PROJECT_ROOT
from corridors.domain.selection import FeatureRef
from corridors.store import open_store
from corridors.timeline.series import PeriodBounds
from corridors.ui import exports


def run(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / page), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def buttons(at: AppTest) -> dict[str, object]:
    return {b.proto.id.rsplit("-", 1)[-1]: b.proto for b in at.get("download_button")}


def test_map_page_offers_png_and_svg_built_only_on_click():
    found = buttons(run("map.py", period="2024", metric="volume", unit="t"))
    for key in ("download_map_png", "download_map_svg"):
        assert key in found, sorted(found)
        assert found[key].deferred_file_id  # a callable: no image drawn for this rerun
        assert found[key].ignore_rerun
    assert "Map as image (PNG)" in {b.label for b in found.values()}


def test_timeline_page_offers_chart_images():
    found = buttons(run("timeline.py"))
    assert {"download_chart_png", "download_chart_svg"} <= set(found)
    assert all(found[k].deferred_file_id for k in ("download_chart_png", "download_chart_svg"))


@pytest.fixture
def source(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    return store.url, store.data_version()


def test_map_callable_draws_the_view(source):
    period = PeriodBounds("2022", "2022", *_bounds(2022), "year")
    data = exports.map_image_data(source, {"middle", "kazakhstan"}, "volume", "t", period,
                                  FeatureRef("nodes", "node", "aktau"), "svg")
    svg = data().decode("utf-8")
    assert "Volume per period (t), 2022" in svg and "selected: Aktau port" in svg
    assert exports.map_image_name("volume", "t", period, "svg") == \
        "corridors-map-volume-t-2022.svg"


def test_chart_and_snapshot_callables(source):
    spec = {"data": {"values": [{"x": 1, "y": 2}]}, "mark": "point", "width": "container",
            "encoding": {"x": {"field": "x", "type": "quantitative"}},
            "title": "A chart title"}
    assert "A chart title" in exports.chart_image_data(spec, "chart-svg")().decode()
    with zipfile.ZipFile(io.BytesIO(exports.snapshot_data(source)())) as archive:
        package = json.loads(archive.read("datapackage.json"))
    assert package["version"] == f"{open_store(source[0]).history()[0].id}.0.0"


def _bounds(year: int):
    import pandas as pd

    return pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
