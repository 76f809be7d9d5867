"""Map and Timeline with 1,000,000 stored figures: server time of reruns (cache hit and
miss), memory per rerun, and the first page load of a fresh server (issue 17).

One SQLite database with the seed and 1,000,000 valid figures (every catalogued place of
both corridors x metric x direction x unit x consecutive months) is built once; a fresh
child process (a new server: empty caches) then drives the pages through AppTest, which
runs the same script, widgets and caches as a server (its own overhead makes the figures
upper bounds). Baselines, same process: what ``st.cache_data`` did on every call before
(unpickle a copy of the figures frame) and ``pandas.read_sql`` of the whole table.

Run: ``.venv/bin/python -m benchmarks.bench_pages_1m [--rows N] [--no-record]``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.record import markdown_table, record_section  # noqa: E402

RERUNS = 20

CHILD = r"""
import json, pickle, statistics, sys, time
sys.path.insert(0, {root!r})
from streamlit.testing.v1 import AppTest
from corridors.domain.paths import PROJECT_ROOT

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

def timed(action):
    start = time.perf_counter(); action(); return time.perf_counter() - start

def check(at):
    assert not at.exception, at.exception

out = {{}}
start = time.perf_counter()
page = AppTest.from_file(str(PROJECT_ROOT / "pages" / "map.py"), default_timeout=600)
out["map_first"] = timed(page.run); check(page)
for name, script in (("map", "map.py"), ("timeline", "timeline.py")):
    at = page if name == "map" else AppTest.from_file(
        str(PROJECT_ROOT / "pages" / script), default_timeout=600)
    if name == "timeline":
        out["timeline_first"] = timed(at.run); check(at)
    before = rss_mb()
    out[name + "_hit"] = [timed(at.run) for _ in range({reruns})]
    check(at)
    out[name + "_rss_growth"] = rss_mb() - before
    if name == "map":
        misses = []
        for _ in range(10):  # each step: a period not drawn yet
            at.button(key="period_forward").click()
            misses.append(timed(at.run)); check(at)
        out["map_miss"] = misses
    else:
        import sqlalchemy as sa
        from corridors.store import open_store
        with open_store().engine.connect() as conn:
            places = conn.execute(sa.text(
                "SELECT DISTINCT location FROM current_figures WHERE location <> '' "
                "ORDER BY location LIMIT 10")).scalars().all()
        from corridors.store import queries
        store = open_store()
        def old_read(place):  # before: the whole table scanned, twice (series box, charts)
            for _ in range(2):
                stmt = queries.figures_statement(location=place)
                with store.engine.connect() as conn:
                    queries.figures_frame(conn.execute(stmt).all())
        misses, old_reads, new_reads = [], [], []
        for place in places:  # interleaved: the page's miss, the old reads, the new read
            at.selectbox(key="timeline_location").set_value(place)
            misses.append(timed(at.run)); check(at)
            old_reads.append(timed(lambda: old_read(place)))
            new_reads.append(timed(lambda: store.current_figures(location=place)))
        out["timeline_miss"] = misses
        out["old_reads"], out["new_reads"] = old_reads, new_reads
import pandas as pd, sqlalchemy as sa
from corridors.store import open_store
store = open_store()
start = time.perf_counter(); frame = store.current_figures()
out["read_all"] = time.perf_counter() - start
out["figures"] = len(frame)
out["frame_mb"] = frame.memory_usage(deep=True).sum() / 2**20
blob = pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL)
out["copy"] = min(timed(lambda: pickle.loads(blob)) for _ in range(3))
with store.engine.connect() as conn:
    out["read_sql"] = timed(lambda: pd.read_sql(sa.text("SELECT * FROM current_figures"), conn))
print("RESULT " + json.dumps(out))
"""


def shared_database(rows: int) -> str | None:
    """The URL of the database bench_store left for this benchmark (``make bench``), with
    the seed added (revision 2: its periods do not overlap the generated ones); None when
    there is none or it holds another number of figures."""
    from benchmarks.bench_store import SHARED_1M_ENV
    from corridors.store import open_store
    from corridors.store.seed import SEED_AUTHOR, read_seed

    path = os.environ.get(SHARED_1M_ENV)
    if not path or not Path(path).exists():
        return None
    url = f"sqlite:///{path}"
    store = open_store(url, seed_path=None)
    if [r.row_count for r in store.history() if r.kind == "import"] != [rows]:
        return None
    seed = read_seed()
    # an import, not a seed: the store seeds only an empty database
    store.import_records(seed.result.frame, filename=seed.filename, sha256=seed.sha256,
                         author=SEED_AUTHOR)  # the same bytes again: a no-op
    return url


def build_database(url: str, rows: int) -> float:
    """The seed plus ``rows`` valid figures in one revision; return the seconds it took."""
    from benchmarks.bench_store import make_valid_records
    from corridors.store import open_store

    start = time.perf_counter()
    store = open_store(url)
    store.import_records(make_valid_records(rows), filename="bench.csv", sha256="bench-1m",
                         author="bench")
    return time.perf_counter() - start


def _median_ms(values: list[float]) -> float:
    return sorted(values)[len(values) // 2] * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--no-record", action="store_true", help="print only")
    parser.add_argument("--database", help="use this database (built before) as it is")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        shared = None if args.database else shared_database(args.rows)
        url = args.database or shared or f"sqlite:///{folder}/pages-1m.sqlite3"
        built = 0.0 if args.database or shared else build_database(url, args.rows)
        child = subprocess.run(
            [sys.executable, "-c", CHILD.format(root=str(ROOT), reruns=RERUNS)],
            capture_output=True, text=True, check=False, timeout=3600,
            env={**os.environ, "CORRIDORS_DATABASE_URL": url})
        lines = [x for x in child.stdout.splitlines() if x.startswith("RESULT ")]
        if child.returncode or not lines:
            print(child.stdout[-3000:], child.stderr[-3000:], file=sys.stderr)
            return 1
        r = json.loads(lines[-1][len("RESULT "):])
    copy_ms = r["copy"] * 1000
    rows = [
        ["Map rerun, cache hit (median of 20)", f"{_median_ms(r['map_hit']):,.0f} ms",
         f"one copy of the figures frame out of st.cache_data: {copy_ms:,.0f} ms", "150 ms"],
        ["Timeline rerun, cache hit (median of 20)",
         f"{_median_ms(r['timeline_hit']):,.0f} ms",
         f"one copy of the figures frame out of st.cache_data: {copy_ms:,.0f} ms", "150 ms"],
        ["Map, a period not drawn yet (cache miss, median of 10)",
         f"{_median_ms(r['map_miss']):,.0f} ms", "", "1 s"],
        ["Timeline, a place not shown yet (cache miss, median of 10)",
         f"{_median_ms(r['timeline_miss']):,.0f} ms",
         f"its read of the place: {_median_ms(r['new_reads']):,.0f} ms; before (the table "
         f"scanned twice, series box and charts): {_median_ms(r['old_reads']):,.0f} ms",
         "1 s"],
        ["server RSS growth over 20 Map reruns", f"{r['map_rss_growth']:,.1f} MB",
         f"the frame a copy would allocate per rerun: {r['frame_mb']:,.0f} MB", "flat"],
        ["server RSS growth over 20 Timeline reruns", f"{r['timeline_rss_growth']:,.1f} MB",
         f"the frame a copy would allocate per rerun: {r['frame_mb']:,.0f} MB", "flat"],
        ["first Map page load of a fresh server (imports, store, queries)",
         f"{r['map_first']:,.2f} s",
         f"before: all figures read first (Store.current_figures): {r['read_all']:,.2f} s;"
         f" pandas.read_sql of the whole table: {r['read_sql']:,.2f} s", "3 s"],
        ["then the first Timeline load (its queries, series, charts)",
         f"{r['timeline_first']:,.2f} s", "", ""],
    ]
    origin = (f"database built in {built:.0f} s" if built else
              "the database bench_store imported, reused" if shared else "a given database")
    body = (f"{r['figures']:,} current figures (the seed plus {args.rows:,} valid monthly "
            f"figures, {origin}), embedded SQLite. A fresh process "
            "drives the pages through AppTest (server time, AppTest overhead included). "
            "The figures frame is an `st.cache_resource` shared read-only by every session "
            "(before issue 17 it was `st.cache_data`, which unpickles a copy on every call: "
            "the baseline column measures that copy in the same process).\n\n"
            + markdown_table(["measure", "corridors", "baseline (same run)", "goal"], rows))
    print(body)
    if not args.no_record:
        record_section("pages-1m", "Map and Timeline with 1,000,000 stored figures", body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
