"""``make bench``: run every benchmark; each rewrites its own section of BENCHMARKS.md."""

from __future__ import annotations

import subprocess
import sys
import time

BENCHMARKS = ("bench_ingest", "bench_store", "bench_timeline", "bench_pages", "bench_pages_1m",
              "bench_map", "bench_load")


def main() -> int:
    failed = []
    began = time.monotonic()
    for name in BENCHMARKS:
        print(f"== {name} (at {time.monotonic() - began:.0f} s)", flush=True)
        # one process per benchmark: peak memory and caches of one never leak into the next
        if subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], check=False).returncode:
            failed.append(name)
    print(f"== all benchmarks: {time.monotonic() - began:.0f} s (goal: under 20 minutes)")
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
