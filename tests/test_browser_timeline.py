"""The Timeline page in a real browser: the chart renders offline, and a node clicked on
the map becomes the timeline's place."""

from __future__ import annotations

import pytest

from corridors.domain.catalog import load_catalog
from corridors.map.deck import INITIAL_VIEW
from tests.support import (
    READY_SELECTOR,
    guard_offline,
    press_until,
    screen_point,
)

pytestmark = pytest.mark.browser  # skipped without Chromium, a failure in CI (conftest)


def test_timeline_chart_renders_offline(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    outside: list[str] = []
    guard_offline(page, outside)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/timeline?unit=TEU")
    page.wait_for_selector(READY_SELECTOR, timeout=60_000)
    chart = page.locator("[data-testid='stVegaLiteChart']").first
    chart.wait_for(timeout=30_000)
    # vega draws into a canvas (or svg); the drawn chart has a real size and axis text
    drawn = ("() => { const c = document.querySelector(\"[data-testid='stVegaLiteChart'] "
             "canvas, [data-testid='stVegaLiteChart'] svg\"); "
             "return c && c.getBoundingClientRect().height > 200 }")
    page.wait_for_function(drawn, timeout=30_000)
    assert "Timeline" in page.locator("[data-testid='stSidebarNav']").inner_text()
    assert outside == [], f"requests left the machine: {outside}"
    assert errors == []
    page.close()


def test_a_node_clicked_on_the_map_filters_the_timeline(app_url, browser):
    # Aktau: at the map's Europe-to-China framing Alat and Baku lie a few pixels apart
    node = load_catalog().nodes["aktau"]
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    outside: list[str] = []
    guard_offline(page, outside)
    page.goto(f"{app_url}/?layers=middle,nodes")  # a hidden corridor hides its nodes
    page.wait_for_selector(READY_SELECTOR, timeout=60_000)
    page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    canvas = page.locator("[data-testid='stDeckGlJsonChart'] canvas").first
    canvas.scroll_into_view_if_needed()  # the period controls sit above the map
    box = canvas.bounding_box()
    x, y = screen_point(box, node.lon, node.lat, INITIAL_VIEW)
    press_until(page, x, y, "() => location.search.includes('sel=node%3Aaktau')",
                wait_ms=30_000)
    page.wait_for_selector(READY_SELECTOR, timeout=60_000)
    # go to the Timeline through the app's own menu: the selection follows in the session
    page.locator("[data-testid='stSidebarNav'] a", has_text="Timeline").click()
    page.wait_for_function("() => location.pathname.endsWith('/timeline')", timeout=15_000)
    page.wait_for_selector(READY_SELECTOR, timeout=60_000)
    place = page.locator("[data-testid='stSelectbox']").filter(has_text="Place").first
    place.wait_for(timeout=15_000)
    assert place.locator("input[role='combobox']").input_value() == "Aktau port"
    assert "sel=aktau" in page.url
    assert outside == []
    page.close()


def _legend_labels(page, expected: str) -> list[str]:
    """The main chart's legend labels, once one of them starts with ``expected``."""
    legend = "[data-testid='stVegaLiteChart'] svg .role-legend text"
    script = ("(want) => [...document.querySelectorAll(\"" + legend + "\")]"
              ".some(t => t.textContent.startsWith(want))")
    try:
        page.wait_for_function(script, arg=expected, timeout=30_000)
    except Exception:  # noqa: BLE001 - the assertion below shows what was drawn
        pass
    return page.locator(legend).all_text_contents()


def test_the_chart_legend_names_two_series_of_one_corridor(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    outside: list[str] = []
    guard_offline(page, outside)
    page.goto(f"{app_url}/timeline?unit=TEU")
    page.wait_for_selector(READY_SELECTOR, timeout=60_000)
    labels = _legend_labels(page, "Northern · ERAI: China-EU-China")
    # by default the headline series; Vega shortens long labels: compare the beginnings
    assert any(t.startswith("Northern · ERAI: China-EU-China") for t in labels), labels
    assert not any("ERAI: China-EU containers" in t for t in labels), labels
    # a reader adds a series in the Series box (type, then Enter)
    box = page.locator("[data-testid='stMultiSelect']").first
    box.locator("input").first.click()
    page.keyboard.type("ERAI: China-EU containers")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('series=')", timeout=30_000)
    page.wait_for_selector(READY_SELECTOR, timeout=60_000)
    labels = _legend_labels(page, "Northern · ERAI: China-EU contai")
    assert any(t.startswith("Northern · ERAI: China-EU-China") for t in labels), labels
    assert any(t.startswith("Northern · ERAI: China-EU contai") for t in labels), labels
    assert any(t.startswith("Middle · TITR: containers") for t in labels), labels
    # and then every series with one button
    page.get_by_role("button", name="Show every series").click()
    page.wait_for_function("() => location.search.includes('utlc-era-transit')",
                           timeout=30_000)
    page.wait_for_selector(READY_SELECTOR, timeout=60_000)
    assert any(t.startswith("Northern · UTLC ERA")
               for t in _legend_labels(page, "Northern · UTLC ERA"))
    assert page.get_by_text("Vassilenko said in June 2023").count() == 1
    assert outside == []
    page.close()
