"""The story at first sight (issue 13), in a real browser: what a person sees on the Map
and the Timeline at 1400x1000 and on a 390x844 phone. Screenshots go to
``$CORRIDORS_SHOTS`` when set (to look at them)."""

from __future__ import annotations

import os
import re

import pytest

from corridors.domain.catalog import load_catalog
from corridors.map.deck import INITIAL_VIEW
from tests.support import (
    READY_SELECTOR,
    count_colour_pixels,
    guard_offline,
    press_until,
    screen_point,
)

pytestmark = pytest.mark.browser  # skipped without Chromium, a failure in CI (conftest)
CATALOG = load_catalog()
DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}


def wait_idle(page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector(READY_SELECTOR, timeout=60_000)


def wait_for_map(page) -> None:
    wait_idle(page)
    page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)


def shot(page, name: str) -> None:
    folder = os.environ.get("CORRIDORS_SHOTS")
    if folder:  # for a person to look at; a slow screenshot never fails the test
        try:
            page.screenshot(path=f"{folder}/{name}.png", full_page=True, timeout=90_000)
        except Exception:  # noqa: BLE001
            page.screenshot(path=f"{folder}/{name}.png", timeout=90_000)


def no_exception(page) -> None:
    boxes = page.get_by_test_id("stException")
    assert boxes.count() == 0, boxes.first.inner_text()[:300]


def canvas_box(page) -> dict:
    # deck.gl may swap its canvas while a loaded machine finishes the first draw
    canvas = page.locator("[data-testid='stDeckGlJsonChart'] canvas").first
    for _ in range(3):
        box = canvas.bounding_box(timeout=60_000)
        if box:
            return box
        page.wait_for_timeout(1000)
    raise AssertionError("the map canvas has no box")


def on_canvas(box: dict, node_id: str) -> bool:
    node = CATALOG.nodes[node_id]
    x, y = screen_point(box, node.lon, node.lat, INITIAL_VIEW)
    return (box["x"] <= x <= box["x"] + box["width"]
            and box["y"] <= y <= box["y"] + box["height"])


def open_map(browser, viewport, query: str = ""):
    page = browser.new_page(viewport=viewport)
    outside: list[str] = []
    guard_offline(page, outside)
    page.goto(f"{APP_URL[0]}/{query}")
    wait_for_map(page)
    return page, outside


APP_URL: list[str] = []


@pytest.fixture(autouse=True)
def _url(app_url):
    APP_URL[:] = [app_url]


def test_map_opens_on_both_corridors_framed_from_europe_to_china(browser):
    page, outside = open_map(browser, DESKTOP)
    shot(page, "map-1400")
    no_exception(page)
    box = canvas_box(page)
    for node in ("duisburg", "hamburg", "lodz", "xian", "chengdu", "chongqing", "aktau"):
        assert on_canvas(box, node), f"{node} is off the map at 1400 px"
    # the latest year where both corridors have figures (2025 in the default data), both
    # drawn
    opened = re.search(r"period=(\d{4})(&|$)", page.url)
    assert opened and int(opened.group(1)) >= 2024, page.url
    page.get_by_text(f"Figures for {opened.group(1)}").first.wait_for(timeout=10_000)
    png = page.locator("[data-testid='stDeckGlJsonChart']").screenshot()
    for corridor in ("northern", "middle"):
        assert count_colour_pixels(png, tuple(CATALOG.layers[corridor].colour)) > 200
    assert outside == []
    page.close()


def test_phone_frames_kazakhstan_and_puts_details_below_the_map(browser):
    page, outside = open_map(browser, PHONE)
    shot(page, "map-390")
    no_exception(page)
    box = canvas_box(page)
    for node in ("dostyk", "khorgos", "altynkol", "aktau", "astana"):
        assert on_canvas(box, node), f"{node} is off the map on a phone"
    details = page.get_by_text("Click a node or a corridor segment").first.bounding_box()
    assert details["y"] > box["y"] + box["height"] - 5, "details are not below the map"
    assert outside == []
    page.close()


def test_play_steps_through_three_periods_without_an_exception(browser):
    page, outside = open_map(browser, DESKTOP)
    slider = page.get_by_test_id("stSlider").first
    seen = {slider.inner_text()}
    page.get_by_test_id("stCheckbox").filter(has_text="Play").first.click()
    for _ in range(40):
        page.wait_for_timeout(500)
        no_exception(page)
        seen.add(page.get_by_test_id("stSlider").first.inner_text())
        if len(seen) >= 4:
            break
    assert len(seen) >= 4, f"Play stepped through {len(seen) - 1} periods: {seen}"
    page.get_by_test_id("stCheckbox").filter(has_text="Play").first.click()
    wait_for_map(page)
    no_exception(page)
    # the step buttons still work after playing
    before = page.get_by_test_id("stSlider").first.inner_text()
    page.get_by_role("button", name="▶").click()
    wait_idle(page)
    assert page.get_by_test_id("stSlider").first.inner_text() != before
    no_exception(page)
    assert outside == []
    page.close()


def test_click_on_aktau_answers_how_much_passes_there(browser):
    page, outside = open_map(browser, DESKTOP, "?period=2024")
    node = CATALOG.nodes["aktau"]
    x, y = screen_point(canvas_box(page), node.lon, node.lat, INITIAL_VIEW)
    press_until(page, x, y, "() => location.search.includes('sel=node%3Aaktau')",
                wait_ms=30_000)
    wait_idle(page)
    page.get_by_text("Open in Timeline").first.wait_for(timeout=15_000)
    shot(page, "map-aktau-1400")
    no_exception(page)
    text = page.get_by_test_id("stMainBlockContainer").inner_text()
    assert "Aktau port" in text and "Kuryk" not in text.split("Aktau port")[1][:40]
    metric = page.get_by_test_id("stMetric").first.inner_text()
    assert "Mt" in metric or "kt" in metric, metric
    page.get_by_text("Source").first.wait_for(timeout=5_000)
    page.get_by_text("Open in Timeline").first.click()
    wait_idle(page)
    page.wait_for_timeout(1000)
    assert "/timeline" in page.url
    # the page's own select box, not the sidebar's language choice
    place = page.locator("[data-testid='stMain'] [data-testid='stSelectbox']").first.locator(
        "input[role='combobox']")
    assert "Aktau" in place.input_value()
    assert outside == []
    page.close()


def test_hiding_a_corridor_hides_its_own_nodes(browser):
    page, outside = open_map(browser, DESKTOP, "?layers=middle,nodes,kazakhstan,neighbours")
    box = canvas_box(page)
    png = page.locator("[data-testid='stDeckGlJsonChart']").screenshot()
    dark = (0, 0, 0)
    # Moscow is on the Northern Corridor only: no node dot is drawn there any more
    node = CATALOG.nodes["moscow"]
    x, y = screen_point(box, node.lon, node.lat, INITIAL_VIEW)
    clip = {"x": x - 6, "y": y - 6, "width": 12, "height": 12}
    assert count_colour_pixels(page.screenshot(clip=clip), dark, 60) < 5
    node = CATALOG.nodes["aktau"]
    x, y = screen_point(box, node.lon, node.lat, INITIAL_VIEW)
    clip = {"x": x - 6, "y": y - 6, "width": 12, "height": 12}
    assert count_colour_pixels(page.screenshot(clip=clip), dark, 60) >= 5
    assert png and outside == []
    page.close()
