"""Write one benchmark's table into its own section of BENCHMARKS.md.

Each benchmark owns the text between ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->``,
so scripts can run in any order and rewrite only their own figures.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
from pathlib import Path

BENCHMARKS_MD = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"
HEADER = (
    "# Benchmarks\n\n"
    "Figures written by the scripts under `benchmarks/` (run them all with `make bench`).\n"
    "Each figure stands beside a baseline measured in the same run on the same machine.\n"
)


def machine_line() -> str:
    """Describe the machine and the moment of a run in one line."""
    # The machine is shared: the load average says how busy it was (ratios to the
    # same-run baselines are what compare across runs, not absolute times).
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, "
        f"{os.cpu_count()} cores, load average {load} (1/5/15 min), "
        f"Python {platform.python_version()}"
    )


def record_section(name: str, title: str, body: str, path: Path = BENCHMARKS_MD) -> None:
    """Replace (or append) the section ``name`` of BENCHMARKS.md with ``body``.

    Parameters
    ----------
    name : str
        Stable key of the benchmark, e.g. ``map``.
    title : str
        Heading shown above the table.
    body : str
        Markdown (usually a table) to store; the machine line is added.
    """
    text = path.read_text(encoding="utf-8") if path.exists() else HEADER
    block = (
        f"<!-- bench:{name} -->\n## {title}\n\n_Run: {machine_line()}_\n\n"
        f"{body.rstrip()}\n<!-- /bench:{name} -->"
    )
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->",
                         re.S)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else (
        text.rstrip() + "\n\n" + block + "\n")
    path.write_text(text, encoding="utf-8")


def markdown_table(headers: list[str], rows: list[list[object]]) -> str:
    """Return a Markdown table."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
