"""The export pack's buttons in a real browser: the Map page's PNG download gives the
slide image of the view on screen; the Data page's snapshot download gives the ZIP."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread

from corridors.domain.catalog import load_catalog
from tests.support import READY_SELECTOR, guard_offline

pytestmark = pytest.mark.browser  # skipped without Chromium, a failure in CI (conftest)


def _download(page, button_text: str, timeout_ms: int = 90_000) -> tuple[str, bytes]:
    with page.expect_download(timeout=timeout_ms) as info:
        page.get_by_role("button", name=button_text).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_map_page_downloads_a_slide_png_of_the_view(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    outside: list[str] = []
    guard_offline(page, outside)
    page.goto(f"{app_url}/?layers=kazakhstan,middle,nodes&period=2024")
    page.wait_for_selector(READY_SELECTOR, timeout=60_000)
    name, png = _download(page, "Map as image (PNG)")
    assert name == "corridors-map-volume-t-2024.png"
    assert png.startswith(b"\x89PNG")
    pixels = (imread(io.BytesIO(png), format="png")[..., :3] * 255).round().astype(int)
    assert pixels.shape[:2] == (1080, 1920)
    layers = load_catalog().layers

    def near(rgb) -> int:
        return int((np.abs(pixels[100:950, :1420] - np.array(rgb[:3])).max(axis=-1) <= 12).sum())

    assert near(layers["middle"].colour) > 500  # the view's corridor is drawn
    assert near(layers["northern"].colour) < 20  # the corridor switched off is not
    assert outside == [], f"requests left the machine: {outside}"
    page.close()


def test_data_page_downloads_the_snapshot_zip(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    outside: list[str] = []
    guard_offline(page, outside)
    page.goto(f"{app_url}/data")
    page.wait_for_selector(READY_SELECTOR, timeout=60_000)
    name, payload = _download(page, "Citable snapshot (ZIP)")
    assert name == "corridors-snapshot.zip"
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        assert {"datapackage.json", "CITATION.cff", "corridors.gpkg"} <= set(archive.namelist())
    assert outside == []
    page.close()
