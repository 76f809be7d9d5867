"""Page reruns: server time of a Timeline and a Map rerun with the seed data, in process.

Each page runs through Streamlit's AppTest (the same script, widgets and caches as in a
server; AppTest adds its own overhead, so these are upper bounds of server time). The
baseline is the same page's first run in the same process (cold caches: store opened,
figures read, series built). Goal (issue 6): a Timeline rerun under 150 ms.

Run: ``.venv/bin/python -m benchmarks.bench_pages``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

from benchmarks.record import markdown_table, record_section

RERUNS = 20


def _time_page(script: str, params: dict[str, str]) -> tuple[float, list[float]]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(script, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    start = time.perf_counter()
    at.run()
    cold = time.perf_counter() - start
    assert not at.exception, at.exception
    warm = []
    for _ in range(RERUNS):
        start = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - start)
    return cold, warm


def _time_selection_changes(script: str) -> list[float]:
    """Reruns that each pick a place/unit/granularity not seen before (cache misses)."""
    import itertools

    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(script, default_timeout=120)
    at.run()
    from corridors.domain.catalog import load_catalog
    from corridors.store import open_store
    from corridors.timeline.view import location_options

    places = list(location_options(open_store().current_figures(), load_catalog()))
    combos = itertools.islice(itertools.product(("t", "TEU"), ("year", "quarter"), places),
                              RERUNS)
    times = []
    for unit, gran, place in combos:
        at.selectbox(key="timeline_location").set_value(place)
        for key, value in (("choice_unit", unit), ("choice_gran", gran)):
            next(w for w in at.get("button_group") if w.key == key).set_value(value)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return times


def main() -> int:
    from corridors.domain.paths import PROJECT_ROOT

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CORRIDORS_DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        for label, page, params in (
            ("Timeline, both corridors, t by year", "timeline.py", {}),
            ("Timeline, TEU by quarter", "timeline.py", {"unit": "TEU", "gran": "quarter"}),
            ("Map, period 2024", "map.py", {"period": "2024"}),
        ):
            cold, warm = _time_page(str(PROJECT_ROOT / "pages" / page), params)
            median_ms = statistics.median(warm) * 1000
            p95_ms = sorted(warm)[int(0.95 * (len(warm) - 1))] * 1000
            rows.append([label, f"{median_ms:,.0f} ms", f"{p95_ms:,.0f} ms",
                         f"{cold * 1000:,.0f} ms", f"{cold * 1000 / median_ms:.1f}x"])
        misses = _time_selection_changes(str(PROJECT_ROOT / "pages" / "timeline.py"))
        median_ms = statistics.median(misses) * 1000
        p95_ms = sorted(misses)[int(0.95 * (len(misses) - 1))] * 1000
        rows.append(["Timeline, a new place/unit/granularity each rerun (cache miss)",
                     f"{median_ms:,.0f} ms", f"{p95_ms:,.0f} ms", "", ""])
    body = (f"Median and 95th percentile of {RERUNS} reruns through AppTest (in process, "
            "seed data, embedded SQLite); baseline: the page's first, cold run in the same "
            "process. Goal: a Timeline rerun under 150 ms. Reruns with the same choices "
            "reuse the cached series and chart specs (keyed on the data version); the last "
            "row changes the selection on every rerun, so each one builds its series and "
            "charts.\n\n"
            + markdown_table(["page", "rerun median", "rerun p95", "first run (baseline)",
                              "baseline / rerun"], rows))
    print(body)
    record_section("pages", "Page reruns (server time)", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
