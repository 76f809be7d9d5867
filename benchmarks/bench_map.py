"""Map benchmark: time to a drawn map in headless Chromium and websocket bytes for the
first load and for one layer toggle, our Map page beside the naive inline baseline
(benchmarks/naive_map_app.py) measured in the same run. Records BENCHMARKS.md.

Run: ``.venv/bin/python -m benchmarks.bench_map`` (needs the test and geodata extras).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time

from benchmarks.record import markdown_table, record_section
from corridors.domain.catalog import load_catalog
from corridors.domain.paths import STATIC_DIR
from tests.support import (
    READY_SELECTOR,
    app_server,
    chromium_browser,
    count_colour_pixels,
    guard_offline,
)

ROUNDS = 3


class Traffic:
    """Bytes the page receives over the websocket and over HTTP from /app/static."""

    def __init__(self, page):
        self.ws_bytes = 0
        self.static_bytes = 0
        page.on("websocket", self._on_socket)
        page.on("response", self._on_response)

    def _on_socket(self, ws):
        ws.on("framereceived", lambda payload: self._add(len(payload)))

    def _add(self, n: int) -> None:
        self.ws_bytes += n

    def _on_response(self, response):
        if "/app/static/" in response.url:
            try:
                self.static_bytes += len(response.body())
            except Exception:  # noqa: BLE001 - a cancelled response has no body
                pass

    def reset(self) -> None:
        self.ws_bytes = self.static_bytes = 0


def _wait_drawn(page, rgb, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    page.wait_for_selector(READY_SELECTOR, timeout=timeout_s * 1000)
    chart = page.locator("[data-testid='stDeckGlJsonChart']")
    while time.monotonic() < deadline:
        if count_colour_pixels(chart.screenshot(), rgb) > 200:
            return
        page.wait_for_timeout(100)
    raise TimeoutError("the corridors were never drawn")


def measure(browser, url: str, rgb) -> dict:
    """One round in a fresh browser context (empty HTTP cache): first load until drawn,
    one toggle (Middle Corridor off), one period step."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    outside: list[str] = []
    guard_offline(page, outside)
    traffic = Traffic(page)
    start = time.monotonic()
    page.goto(url)
    _wait_drawn(page, rgb)
    drawn_s = time.monotonic() - start
    page.wait_for_load_state("networkidle")
    first = (traffic.ws_bytes, traffic.static_bytes)
    traffic.reset()
    page.get_by_text("Middle Corridor", exact=True).first.click()
    page.wait_for_timeout(300)
    page.wait_for_selector(READY_SELECTOR, timeout=60_000)
    page.wait_for_load_state("networkidle")
    toggle = traffic.ws_bytes + traffic.static_bytes
    traffic.reset()
    page.locator("button", has_text="▶").first.click()
    page.wait_for_timeout(300)
    page.wait_for_selector(READY_SELECTOR, timeout=60_000)
    page.wait_for_load_state("networkidle")
    step = traffic.ws_bytes + traffic.static_bytes
    context.close()
    assert not outside, outside
    return {"drawn_s": drawn_s, "first_ws": first[0], "first_static": first[1],
            "toggle": toggle, "step": step}


def _median(rounds: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rounds)


def main() -> int:
    rgb = tuple(load_catalog().layers["northern"].colour)
    results = {}
    with tempfile.TemporaryDirectory() as tmp, chromium_browser() as browser:
        env = {"CORRIDORS_DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}
        for name, script, path in (("corridors Map page", "app.py", "/"),
                                   ("naive inline 1:10m (baseline)",
                                    "benchmarks/naive_map_app.py", "/")):
            with app_server(env=env, script=script) as url:
                measure(browser, url + path, rgb)  # warm-up: caches, first compile
                results[name] = [measure(browser, url + path, rgb) for _ in range(ROUNDS)]
    ours, naive = results.values()
    rows = []
    for label, key, unit in (("time to drawn map", "drawn_s", "s"),
                             ("first load, websocket", "first_ws", "KB"),
                             ("one toggle (websocket + HTTP)", "toggle", "KB"),
                             ("one period step (websocket + HTTP)", "step", "KB")):
        a, b = _median(ours, key), _median(naive, key)
        scale = 1 if unit == "s" else 1 / 1024
        ratio = f"{b / a:.1f}x fewer" if a and unit == "KB" else (
            f"{b / a:.2f}x" if a else "n/a")
        rows.append([label, f"{a * scale:,.2f} {unit}", f"{b * scale:,.2f} {unit}", ratio])
    static_kb = sum(p.stat().st_size for p in STATIC_DIR.glob("*.geojson")) / 1024
    rows.insert(2, ["static GeoJSON, fetched once per browser then cached (size on disk)",
                    f"{static_kb:,.2f} KB", "0 KB (all inline)", "n/a"])
    body = (f"Median of {ROUNDS} rounds after one warm-up, headless Debian Chromium "
            "(SwiftShader); toggle = Middle Corridor off; period step = the ▶ button. The "
            "baseline inlines the same layers at full Natural Earth 1:10m detail with "
            "pydeck's default JSON, so every change resends all of it (Russia and China at 1:10m "
            "make most of its ~20 MB; Kazakhstan alone is ~0.5 MB per change, DESIGN 4). "
            "Static GeoJSON is fetched once per browser and then comes from its cache.\n\n"
            + markdown_table(["measure", "corridors", "naive baseline", "baseline / ours"], rows))
    print(body)
    record_section("map", "Map: first load and one toggle", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
