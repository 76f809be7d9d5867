"""The Data page in a real browser (Debian Chromium through Playwright, DESIGN 4, 6):
upload through the page's own file input, import, see the success message; hostile text
in an import stays inert on every page afterwards; an over-cap upload is refused on
screen; no request leaves localhost."""

from __future__ import annotations

import pytest

from corridors.domain.catalog import load_catalog
from corridors.domain.records import CANONICAL_COLUMNS
from corridors.map.deck import INITIAL_VIEW
from tests.support import (
    READY_SELECTOR,
    app_server,
    guard_offline,
    press_until,
    screen_point,
)

pytestmark = pytest.mark.browser  # skipped without Chromium, a failure in CI (conftest)

HEADER = ",".join(CANONICAL_COLUMNS) + "\n"
GOOD = (HEADER + "middle,aktau-port,aktau,2037,2037-01-01,2037-12-31,volume,both,123456,t,reported,"
        "https://example.org/aktau-2037,browser upload\n").encode()
HOSTILE = (HEADER + "middle,aktau-port,aktau,2038,2038-01-01,2038-12-31,volume,both,654321,t,"
           "reported,"
           "<img src=x onerror=alert(1)>,\"<script>alert(2)</script> "
           "[link](javascript:alert(3))\"\n").encode()
HOSTILE_NAME = "<img src=x onerror=alert(4)>[a](javascript:alert(5)).csv"
HOSTILE_NOTE = "<script>alert(6)</script> [note](javascript:alert(7))"
UPLOAD_INPUT = "[data-testid='stFileUploaderDropzoneInput']"


def ready(page) -> None:
    page.wait_for_selector(READY_SELECTOR, timeout=60_000)


def open_page(browser, url: str, outside: list[str], dialogs: list[str]):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    guard_offline(page, outside)

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(url)
    ready(page)
    return page


def type_into(page, label: str, text: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(text)
    box.press("Enter")  # Streamlit commits a text input on Enter (or blur)
    page.wait_for_timeout(300)
    ready(page)


def upload_file(page, name: str, data: bytes, *, replaces: str | None = None) -> None:
    page.locator(UPLOAD_INPUT).set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": data})
    if replaces:  # a new file clears the last message: wait for that rerun
        page.get_by_text(replaces).wait_for(state="detached", timeout=60_000)
    page.get_by_text("Validation report", exact=True).wait_for(timeout=60_000)
    ready(page)


def import_and_expect(page, message: str) -> None:
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text(message).wait_for(timeout=60_000)
    ready(page)


def assert_inert(page, dialogs: list[str]) -> None:
    page.wait_for_timeout(500)  # let any injected handler fire before looking
    assert dialogs == [], f"a dialog opened: {dialogs}"
    assert page.locator("img[src='x']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    scripts = page.evaluate("() => [...document.scripts].filter(s => "
                            "s.textContent.includes('alert(')).length")
    assert scripts == 0


def test_upload_import_then_hostile_text_stays_inert(browser, tmp_path):
    outside: list[str] = []
    dialogs: list[str] = []
    db = tmp_path / "corridors.sqlite3"
    with app_server(env={"CORRIDORS_DATABASE_URL": f"sqlite:///{db}"}) as url:
        page = open_page(browser, f"{url}/data", outside, dialogs)
        page.get_by_text("Local single-user mode").wait_for(timeout=30_000)
        type_into(page, "Your name (shown in the history)", "Ana")
        upload_file(page, "good.csv", GOOD)
        first = "Imported as revision 2: 1 figures, 1 added, 0 changed."
        import_and_expect(page, first)

        upload_file(page, HOSTILE_NAME, HOSTILE, replaces=first)
        type_into(page, "Note (why these figures; shown in the history)", HOSTILE_NOTE)
        import_and_expect(page, "Imported as revision 3")
        assert_inert(page, dialogs)
        page.close()

        # the map with the period that holds the hostile figure: its tooltip data and the
        # period table carry the hostile source and note
        page = open_page(browser, f"{url}/?metric=volume&unit=t&ptype=year&period=2038",
                         outside, dialogs)
        page.wait_for_selector("[data-testid='stDeckGlJsonChart'] canvas", timeout=60_000)
        page.get_by_text("Figures for 2038").wait_for(timeout=30_000)
        _hover_aktau(page)
        assert_inert(page, dialogs)
        page.close()

        for path in ("/data", "/timeline"):
            page = open_page(browser, f"{url}{path}", outside, dialogs)
            page.wait_for_timeout(1000)
            assert_inert(page, dialogs)
            page.close()
    assert outside == [], f"requests left the machine: {outside}"


def _hover_aktau(page) -> None:
    """Click Aktau: its details show the hostile source as plain text (the node's own dot
    is drawn above the figure's circle, so the pointer finds the node, not the figure)."""
    node = load_catalog().nodes["aktau"]
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    canvas = page.locator("[data-testid='stDeckGlJsonChart'] canvas").first
    canvas.scroll_into_view_if_needed()
    x, y = screen_point(canvas.bounding_box(), node.lon, node.lat, INITIAL_VIEW)
    press_until(page, x, y, "() => location.search.includes('sel=node%3Aaktau')",
                wait_ms=30_000)
    page.wait_for_selector(READY_SELECTOR, timeout=60_000)
    shown = page.get_by_text("<img src=x onerror=alert(1)>", exact=False).first
    shown.wait_for(timeout=15_000)  # escaped: the markup shows as text, builds no element


def test_over_cap_upload_is_refused_on_screen(browser, tmp_path):
    outside: list[str] = []
    dialogs: list[str] = []
    db = tmp_path / "corridors.sqlite3"
    big = HEADER.encode() + GOOD.splitlines(keepends=True)[1] * 13_000  # about 1.5 MB
    assert len(big) > 1_400_000
    with app_server(env={"CORRIDORS_DATABASE_URL": f"sqlite:///{db}"},
                    options=("--server.maxUploadSize=1",)) as url:
        page = open_page(browser, f"{url}/data", outside, dialogs)
        page.locator(UPLOAD_INPUT).set_input_files(
            {"name": "big.csv", "mimeType": "text/csv", "buffer": big})
        refusal = page.get_by_text("File must be 1.0MB or smaller", exact=False)
        refusal.first.wait_for(timeout=30_000)
        ready(page)
        assert page.get_by_text("Validation report", exact=True).count() == 0
        assert page.get_by_role("button", name="Import", exact=True).count() == 0
        page.close()
    assert outside == [] and dialogs == []


def _two_sheet_workbook() -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["Figures are on the next sheet"])
    sheet = book.create_sheet("Данные")
    sheet.append(["Коридор", "Пункт", "Период", "Значение", "Ед. изм."])
    sheet.append(["Средний коридор", "Актау", "2039", 4321, "т"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_workbook_upload_pick_sheet_and_import(browser, tmp_path):
    outside: list[str] = []
    dialogs: list[str] = []
    db = tmp_path / "corridors.sqlite3"
    with app_server(env={"CORRIDORS_DATABASE_URL": f"sqlite:///{db}"}) as url:
        page = open_page(browser, f"{url}/data", outside, dialogs)
        type_into(page, "Your name (shown in the history)", "Ana")
        page.locator(UPLOAD_INPUT).set_input_files({
            "name": "figures.xlsx", "buffer": _two_sheet_workbook(),
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
        page.get_by_text("Validation report", exact=True).wait_for(timeout=60_000)
        ready(page)
        assert page.get_by_role("button", name="Import", exact=True).count() == 0
        chooser = page.locator("[data-testid='stSelectbox']").filter(has_text="Sheet")
        chooser.click()
        page.get_by_role("option", name="Данные").click()
        page.get_by_text("Данные!1:1", exact=False).first.wait_for(state="attached",
                                                              timeout=60_000)
        ready(page)
        import_and_expect(page, "Imported as revision 2: 1 figures, 1 added, 0 changed.")
        page.close()
    assert outside == [] and dialogs == []
