"""The language choice in a real browser (issue 14): the browser's language is the
default, the sidebar switches it, the URL keeps it across pages and opens it again."""

from __future__ import annotations

import pytest

from tests.support import READY_SELECTOR, guard_offline

pytestmark = pytest.mark.browser  # skipped without Chromium, a failure in CI (conftest)

NAV = "[data-testid='stSidebarNav']"


def _ready(page) -> None:
    page.wait_for_selector(READY_SELECTOR, timeout=60_000)


def _pick_language(page, name: str) -> None:
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first
    box.click()
    page.get_by_role("option", name=name).click()


def test_switch_language_and_share_the_link(app_url, browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    guard_offline(page, outside)
    page.goto(f"{app_url}/about")
    _ready(page)
    assert page.locator("h1").first.inner_text() == "Freight corridors through Kazakhstan"
    _pick_language(page, "Қазақша")
    page.wait_for_function("() => location.search.includes('lang=kk')", timeout=15_000)
    page.get_by_text("Қазақстан арқылы өтетін жүк дәліздері").first.wait_for(timeout=30_000)
    nav = page.locator(NAV).inner_text()
    assert "Деректер" in nav and "Уақыт желісі" in nav, nav
    # the app's own menu keeps the language on the next page
    page.locator(f"{NAV} a", has_text="Деректер").click()
    page.wait_for_function("() => location.pathname.endsWith('/data')", timeout=15_000)
    _ready(page)
    page.get_by_role("heading", name="Деректер").first.wait_for(timeout=30_000)
    page.wait_for_function("() => location.search.includes('lang=kk')", timeout=15_000)
    assert page.get_by_text("Жүктеп алу").first.is_visible()
    shared = page.url
    assert outside == [], f"requests left the machine: {outside}"
    context.close()

    # a colleague with a Russian browser opens the shared link: it opens in Kazakh
    other = browser.new_context(locale="ru-RU", viewport={"width": 1400, "height": 900})
    page = other.new_page()
    page.goto(shared)
    _ready(page)
    page.get_by_role("heading", name="Деректер").first.wait_for(timeout=30_000)
    # and without ?lang= the browser's language decides
    page.goto(f"{app_url}/about")
    _ready(page)
    page.get_by_text("Грузовые коридоры через Казахстан").first.wait_for(timeout=30_000)
    assert "Данные" in page.locator(NAV).inner_text()
    other.close()


def _shows(page, where: str, *texts: str) -> None:
    """Wait until each text is drawn inside ``where`` (a page draws in several passes)."""
    for text in texts:
        page.locator(where).get_by_text(text).first.wait_for(timeout=30_000)


SIDEBAR, MAIN = "[data-testid='stSidebar']", "[data-testid='stMain']"


def test_map_and_timeline_in_kazakh_then_russian(app_url, browser):
    """The analyst in Astana: the Map opens in Kazakh from the link, the Timeline follows
    through the menu, and the sidebar turns the same view into Russian."""
    context = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    outside: list[str] = []
    guard_offline(page, outside)
    page.goto(f"{app_url}/?lang=kk&unit=t")
    _ready(page)
    page.get_by_role("heading", name="Дәліздер картасы").first.wait_for(timeout=30_000)
    _shows(page, SIDEBAR, "Қабаттар", "Көрсеткіш", "Бірлік", "Тораптар")
    _shows(page, MAIN, "Шартты белгілер", "Толығырақ", ": көрсеткіштер")
    page.locator("[data-testid='stDeckGlJsonChart']").first.wait_for(timeout=30_000)
    _ready(page)
    assert "Legend" not in page.locator(MAIN).inner_text()
    assert "Layers" not in page.locator(SIDEBAR).inner_text()

    page.locator(f"{NAV} a", has_text="Уақыт желісі").click()
    page.wait_for_function("() => location.pathname.endsWith('/timeline')", timeout=15_000)
    _ready(page)
    page.get_by_role("heading", name="Уақыт желісі").first.wait_for(timeout=30_000)
    page.wait_for_function("() => location.search.includes('lang=kk')", timeout=15_000)
    _shows(page, SIDEBAR, "Уақыт қадамы", "Оқиғаларды көрсету")
    _shows(page, MAIN, "График деректері", "Екі дәліз (бүкіл бағыттар)", "Оқиғалар")

    _pick_language(page, "Русский")
    page.wait_for_function("() => location.search.includes('lang=ru')", timeout=15_000)
    page.get_by_role("heading", name="Динамика").first.wait_for(timeout=30_000)
    _shows(page, SIDEBAR, "Шаг по времени", "Показывать события")
    _shows(page, MAIN, "Данные графика", "Оба коридора (маршруты целиком)")
    assert "unit=t" in page.url and "/timeline" in page.url  # the rest of the view stays
    assert outside == [], f"requests left the machine: {outside}"
    context.close()
