"""Timeline charts as images: vl-convert offline, the on-screen texts, fixed widths."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from matplotlib.image import imread

from corridors.domain.catalog import load_catalog
from corridors.store import open_store
from corridors.timeline.image import (
    ChartImageError,
    chart_image,
    render_chart,
    timeline_specs,
)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return open_store(f"sqlite:///{tmp_path_factory.mktemp('chart') / 'db.sqlite3'}")


@pytest.fixture(scope="module")
def specs(store):
    return timeline_specs(store.current_figures(), load_catalog())


def test_svg_carries_the_texts_of_the_screen(specs):
    svg = render_chart(specs["main"], "chart-svg")
    text = " ".join(ET.fromstring(svg).itertext())
    assert "Both corridors (whole routes)" in text  # the title shown on the page
    assert "Middle Corridor" in text  # the legend


def test_png_is_drawn_with_text_at_twice_the_width(specs):
    png = render_chart(specs["yoy"], "chart-png")
    pixels = imread(io.BytesIO(png), format="png")[..., :3]
    assert pixels.shape[1] >= 2 * 960
    title_band = pixels[: pixels.shape[0] // 8]
    assert (title_band.max(axis=-1) < 0.3).sum() > 100  # dark title glyphs: fonts bundled
    assert len(np.unique((pixels * 255).astype(int).reshape(-1, 3), axis=0)) > 20


def test_page_spec_is_not_changed(specs):
    before = repr(specs["main"])
    render_chart(specs["main"], "chart-svg")
    assert repr(specs["main"]) == before  # the page's cached spec keeps "container"


def test_unknown_chart_or_format(store):
    with pytest.raises(ChartImageError, match="no 'side' chart"):
        chart_image(store.current_figures(), load_catalog(), chart="side", location="aktau",
                    metric="capacity")
    with pytest.raises(ChartImageError, match="unknown chart format"):
        render_chart({}, "chart-gif")
