"""The Scenario page in a real browser: a larger shift recolours the map (the Aktau-Alat
feeders turn the over-capacity colour and widen), with no exception box, no page error
and no request leaving localhost."""

from __future__ import annotations

import pytest

from corridors.scenario.deck import OVER_COLOUR, STEPS
from tests.support import READY_SELECTOR, count_colour_pixels, guard_offline

pytestmark = pytest.mark.browser  # skipped without Chromium, a failure in CI (conftest)
LOWEST = STEPS[0][1]


def wait_for_map(page) -> None:
    page.wait_for_selector(READY_SELECTOR, timeout=60_000)
    page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)  # deck.gl draws after the script ends


def map_png(page) -> bytes:
    return page.locator("[data-testid='stDeckGlJsonChart']").screenshot()


def test_a_larger_shift_recolours_the_map(app_url, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []
    guard_offline(page, outside)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{app_url}/scenario?shift=0&branch=aktau,baku-tbilisi-kars")
    wait_for_map(page)
    before = map_png(page)
    assert count_colour_pixels(before, OVER_COLOUR, tolerance=12) < 30, "over at no shift"
    assert count_colour_pixels(before, LOWEST, tolerance=12) > 50, "elements not drawn"

    box = page.get_by_label("Shift %")
    box.fill("100")
    box.press("Enter")
    page.wait_for_function("() => location.search.includes('shift=100')", timeout=30_000)
    wait_for_map(page)
    after = map_png(page)
    assert after != before
    # the feeders (89,000 TEU) cannot take a whole year's Northern volume: wide and dark
    assert count_colour_pixels(after, OVER_COLOUR, tolerance=12) > 150
    assert page.locator("[data-testid='stException']").count() == 0
    assert "over capacity" in page.locator("[data-testid='stMarkdown']").filter(
        has_text="A shift of").first.inner_text()
    assert errors == []
    assert outside == [], f"requests left the machine: {outside}"
    page.close()
