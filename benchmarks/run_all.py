"""``make bench``: run every benchmark; each rewrites its own section of BENCHMARKS.md.

One process per benchmark, one after the other: run side by side on 2 cores they would
measure each other. bench_store leaves its 1,000,000-valid-figure database in a folder
of this run for bench_pages_1m (``CORRIDORS_BENCH_1M_DATABASE``) instead of a second
build. The duration of each benchmark, with the load average, goes to the ``make-bench``
section (issue 17: the whole run under 20 minutes).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

from benchmarks.bench_store import SHARED_1M_ENV
from benchmarks.record import markdown_table, record_section

BENCHMARKS = ("bench_ingest", "bench_store", "bench_timeline", "bench_pages", "bench_pages_1m",
              "bench_map", "bench_load")
GOAL_S = 20 * 60


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> int:
    failed, rows = [], []
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="corridors-bench-") as folder:
        env = {**os.environ, SHARED_1M_ENV: os.path.join(folder, "figures-1m.sqlite3")}
        for name in BENCHMARKS:
            start, load = time.monotonic(), _load()
            print(f"== {name} (at {start - began:.0f} s, load {load})", flush=True)
            code = subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], env=env,
                                  check=False).returncode
            if code:
                failed.append(name)
            rows.append([name, f"{time.monotonic() - start:,.0f} s", load, _load(),
                         "failed" if code else "ok"])
    total = time.monotonic() - began
    rows.append(["all (`make bench`)", f"{total:,.0f} s ({total / 60:.1f} min)", "", "",
                 f"goal under {GOAL_S // 60} min: {'met' if total < GOAL_S else 'missed'}"])
    print(f"== all benchmarks: {total:.0f} s (goal: under 20 minutes)")
    record_section("make-bench", "`make bench`: duration of each benchmark",
                   "Load average 1/5/15 min when each benchmark started and ended (the "
                   "machine is shared).\n\n"
                   + markdown_table(["benchmark", "wall time", "load at start", "load at end",
                                     "result"], rows))
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
