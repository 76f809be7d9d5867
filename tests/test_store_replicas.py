"""Two app servers share PostgreSQL: a write through one is seen by the other's next read."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from corridors.store import open_store

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parent.parent

# A second replica: a separate process with its own engine and pool, answering reads.
REPLICA = textwrap.dedent("""
    import sys
    from corridors.store import open_store
    store = open_store(sys.argv[1], seed_path=None)
    for command in sys.stdin:
        frame = store.current_figures()
        print(store.data_version(), len(frame), frame["value"].sum(), flush=True)
""")


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_import_through_one_replica_is_visible_to_the_other(database_url, figure):
    here = open_store(database_url, seed_path=None)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    other = subprocess.Popen([sys.executable, "-c", REPLICA, database_url], cwd=ROOT, env=env,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def read_other() -> tuple[int, int, float]:
        other.stdin.write("read\n")
        other.stdin.flush()
        version, rows, total = other.stdout.readline().split()
        return int(version), int(rows), float(total)

    try:
        assert read_other() == (0, 0, 0.0)
        here.import_records([figure("aktau", 10), figure("alat", 5)], filename="a.csv",
                            sha256="a", author="replica-1")
        assert read_other() == (here.data_version(), 2, 15.0)
        here.revert(1, author="replica-1")
        version, rows, _ = read_other()
        assert (version, rows) == (here.data_version(), 0) and version == 2
    finally:
        other.stdin.close()
        other.wait(timeout=30)
        other.stdout.close()
