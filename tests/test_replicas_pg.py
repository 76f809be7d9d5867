"""Two app replicas on one PostgreSQL database stay consistent (DESIGN 6, issue 7 item 3).

Two ``streamlit run app.py`` servers share a fresh PostgreSQL database. A figure for a
new period is imported through replica A's Data page in a real browser (upload, Import);
then replica B shows it: a freshly loaded Map page at ``?period=<new period>``, and a Map
session that was already open on B before the import, at its next rerun (the data
version moved, so its cached loaders re-read). Before the import, B has no such period:
the same URL falls back to the latest stored period, so the checks can fail.
"""

from __future__ import annotations

import contextlib
import re

import pytest

from corridors.domain.records import CANONICAL_COLUMNS
from tests.support import READY_SELECTOR, app_server, chromium_available, chromium_browser

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not chromium_available(), reason="Debian chromium or playwright missing"),
]

NEW_PERIOD = "2041"  # beyond the seed data: only the import can bring it
FIGURE = (",".join(CANONICAL_COLUMNS) + "\n"
          f"middle,aktau-port,aktau,{NEW_PERIOD},{NEW_PERIOD}-01-01,{NEW_PERIOD}-12-31,volume,both,"
          "424242,t,reported,https://example.org/aktau-replicas,through replica A\n").encode()
MAP = f"/?metric=volume&unit=t&ptype=year&period={NEW_PERIOD}"
UPLOAD_INPUT = "[data-testid='stFileUploaderDropzoneInput']"
HEADING = f"Figures for {NEW_PERIOD}"


def ready(page) -> None:
    page.wait_for_selector(READY_SELECTOR, timeout=60_000)


def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    ready(page)
    return page


def shown_period_heading(page) -> str:
    """The Map page's "Figures for <period>" heading, once the page has drawn it."""
    heading = page.get_by_text(re.compile(r"^Figures for \S+$")).first
    heading.wait_for(timeout=60_000)
    return heading.inner_text().strip()


def last_stop(page) -> str:
    """The period slider's last stop, as its tick bar labels it."""
    return page.locator("[data-testid='stSliderTickBar']").first.inner_text().split()[-1]


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_an_import_through_one_replica_shows_on_the_other(database_url):
    env = {"CORRIDORS_DATABASE_URL": database_url}
    with contextlib.ExitStack() as stack:
        url_a = stack.enter_context(app_server(env=env))
        url_b = stack.enter_context(app_server(env=env))
        browser = stack.enter_context(chromium_browser())

        # Both replicas open the store (migrate, seed) on their first page run, close
        # together; neither may fail or seed twice.
        early_a = browser.new_page()
        early_a.goto(f"{url_a}/data")
        open_b = open_page(browser, url_b + MAP)
        ready(early_a)
        early_a.close()
        before = shown_period_heading(open_b)
        assert before != HEADING, "the new period exists before the import"
        assert last_stop(open_b) != NEW_PERIOD

        # Import through replica A's Data page (local mode: anyone may edit).
        page_a = open_page(browser, f"{url_a}/data")
        name = page_a.get_by_label("Your name (shown in the history)", exact=True)
        name.fill("replica-a")
        name.press("Enter")
        page_a.wait_for_timeout(300)
        ready(page_a)
        page_a.locator(UPLOAD_INPUT).set_input_files(
            {"name": "replica.csv", "mimeType": "text/csv", "buffer": FIGURE})
        page_a.get_by_text("Validation report", exact=True).wait_for(timeout=60_000)
        ready(page_a)
        page_a.get_by_role("button", name="Import", exact=True).click()
        page_a.get_by_text("Imported as revision 2").wait_for(timeout=60_000)
        page_a.close()

        # A new visitor on replica B: the URL's period now exists and is drawn.
        fresh_b = open_page(browser, url_b + MAP)
        assert shown_period_heading(fresh_b) == HEADING
        fresh_b.close()

        # The session that was open on B before the import: its next rerun (any widget;
        # here the ◀ step) re-reads the data, so the period slider now reaches the new
        # period. Before the import its last stop was the period shown first (``before``).
        open_b.get_by_role("button", name="◀").click()
        open_b.wait_for_timeout(300)
        ready(open_b)
        assert last_stop(open_b) == NEW_PERIOD
        thumb = open_b.locator("[data-testid='stSlider'] input[type='range']").first
        thumb.focus()
        thumb.press("End")
        open_b.get_by_text(HEADING, exact=True).wait_for(timeout=30_000)
        ready(open_b)
        open_b.close()
