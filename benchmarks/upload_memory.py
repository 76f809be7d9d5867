"""Peak memory of validating worst-case uploads just under the upload cap (issue 18).

The parent writes each file to a temporary folder; a fresh child process reads it as
bytes (as the server holds an upload), notes its resident set, validates, and reports
its peak resident set (``ru_maxrss``): interpreter and imports, the uploaded bytes, and
everything validation adds. Run: ``.venv/bin/python benchmarks/upload_memory.py [MB]``.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HEADER = "corridor,location,period,metric,direction,value,unit,quality,source,note\n"
MONTHS = [f"{y}-{m:02d}" for y in range(1900, 2101) for m in range(1, 13)]

CHILD = r"""
import resource, sys, time
import corridors.ingest.fastpath, pyarrow.csv  # imported before the baseline
from corridors.ingest import validate_bytes
data = open(sys.argv[1], "rb").read()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
result = validate_bytes(data)
seconds = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
codes = ",".join(sorted(result.report.counts)) or "valid"
print(f"{len(data) / 2**20:.0f}\t{base / 1024:.0f}\t{peak / 1024:.0f}\t{seconds:.1f}\t"
      f"{result.report.rows}\t{len(result.frame) if result.valid else 0}\t{codes}")
"""


def build(kind: str, size: int) -> bytes:
    """A file of ``kind`` cut to ``size`` bytes at a line end."""
    if kind == "wide":
        header = "corridor,location,unit," + ",".join(MONTHS[:2400]) + "\n"
        line = "Middle Corridor,aktau,t," + ",".join(["1"] * 2400) + "\n"
        return (header + line * (size // len(line))).encode()
    if kind == "unclosed-quote":
        return (HEADER + 'middle,aktau,2023,volume,both,1,t,reported,s,"'
                + "x, y\n" * (size // 5)).encode()[:size]
    quote = '"' if kind == "long-quoted" else ""
    rows, total, i = [HEADER], len(HEADER), 0
    while total < size:
        # distinct identities: month ranges of 1 to 24 months, then other directions
        first, length = i % len(MONTHS), 1 + i // len(MONTHS) % 24
        other = i // (len(MONTHS) * 24)
        direction = ("both", "westbound", "eastbound")[other % 3]
        metric = ("volume", "capacity")[other // 3 % 2]
        unit = ("t", "TEU", "trains")[other // 6 % 3]
        i += 1
        if first + length > len(MONTHS):
            continue
        period = MONTHS[first] + (f"..{MONTHS[first + length - 1]}" if length > 1 else "")
        row = (f"middle,aktau,{period},{metric},{direction},{i},{unit},reported,"
               f"{quote}https://example.org/{i // 7200}{quote},\n")
        rows.append(row)
        total += len(row)
    return "".join(rows).encode()


def main() -> None:
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    kinds = sys.argv[2].split(",") if len(sys.argv) > 2 else ("long-fast", "long-quoted",
                                                             "wide", "unclosed-quote")
    print("case\tMB\tRSS before MB\tpeak RSS MB\tseconds\trows\tfigures\tcodes")
    with tempfile.TemporaryDirectory() as folder:
        for kind in kinds:
            path = Path(folder) / f"{kind}.csv"
            path.write_bytes(build(kind, megabytes * 1024 * 1024))
            out = subprocess.run([sys.executable, "-c", CHILD, str(path)],
                                 capture_output=True, text=True, check=False)
            print(kind + "\t" + (out.stdout.strip() or out.stderr.strip().splitlines()[-1]))
            path.unlink()


if __name__ == "__main__":
    main()
