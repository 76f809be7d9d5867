"""Durability: SIGKILL during imports, concurrent writers, a full disk.

Every acknowledged revision (the child prints its id only after commit) must be present
and complete, no revision may be partial, and SQLite must pass its integrity check.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from corridors.store import DiskFullError, open_store
from corridors.store.engine import get_engine

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
FIGURES_PER_IMPORT = 1500

# Imports batches of figures for the same identities forever, acknowledging each commit.
CHILD = textwrap.dedent("""
    import datetime as dt, sys
    from corridors.domain.records import Record
    from corridors.store import open_store
    url, first, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = open_store(url, seed_path=None)
    print("READY", flush=True)
    for batch in range(first, first + count):
        records = [Record("middle", "kz-mot-titr", f"loc{j}", "2023", dt.date(2023, 1, 1),
                          dt.date(2023, 12, 31), "volume", "both", float(batch), "t",
                          "reported", "src", "") for j in range(PER)]
        outcome = store.import_records(records, filename=f"batch{batch}.csv",
                                       sha256=f"batch-{batch}", author="child")
        print("ACK", outcome.revision.id, batch, flush=True)
""").replace("PER", str(FIGURES_PER_IMPORT))


def start_child(url: str, first: int, count: int = 10_000) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", CHILD, url, str(first), str(count)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def acknowledged(output: str) -> dict[int, int]:
    """Return {revision id: batch} from a child's complete ACK lines."""
    acks = {}
    for line in output.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "ACK":
            acks[int(parts[1])] = int(parts[2])
    return acks


def check_consistent(url: str, acks: dict[int, int]) -> None:
    """Every acknowledged revision complete, none partial, current figures coherent."""
    store = open_store(url, seed_path=None)
    engine = get_engine(store.url)
    with engine.connect() as conn:
        counts = dict(conn.execute(sa.text(
            "SELECT r.id, count(o.id) FROM revisions r LEFT JOIN observations o "
            "ON o.revision_id = r.id GROUP BY r.id")).all())
        row_counts = dict(conn.execute(sa.text("SELECT id, row_count FROM revisions")).all())
        if store.backend == "sqlite":
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    assert set(acks) <= set(counts), "an acknowledged revision was lost"
    assert all(counts[rev] == row_counts[rev] == FIGURES_PER_IMPORT for rev in counts)
    history = store.history()
    for revision in history:
        if revision.id in acks:
            assert revision.filename == f"batch{acks[revision.id]}.csv"
    frame = store.current_figures()
    if history:
        assert len(frame) == FIGURES_PER_IMPORT
        assert set(frame["revision"]) == {history[0].id}


def test_sigkill_during_imports_loses_nothing_acknowledged(database_url):
    rng = random.Random(20240501)  # reproducible moments; vary the seed to explore
    acks: dict[int, int] = {}
    for round_number in range(20):
        child = start_child(database_url, first=round_number * 10_000)
        # the kill lands while imports run, not while Python starts (slow on a busy machine)
        assert child.stdout.readline().strip() == "READY"
        time.sleep(rng.uniform(0.25, 0.9))
        child.send_signal(signal.SIGKILL)
        output, _ = child.communicate(timeout=30)
        acks.update(acknowledged(output))
        check_consistent(database_url, acks)
    assert acks, "no import was acknowledged: the kill came too early every time"


def test_four_concurrent_writers_all_land(database_url):
    open_store(database_url, seed_path=None)  # migrate first: the race is on imports
    children = [start_child(database_url, first=n * 100, count=8) for n in range(4)]
    results = [child.communicate(timeout=120) for child in children]
    for child, (output, errors) in zip(children, results, strict=True):
        assert child.returncode == 0, errors
        assert "locked" not in (output + errors).lower()
    acks = {rev: batch for output, _ in results for rev, batch in acknowledged(output).items()}
    assert len(acks) == 32 and sorted(acks.values()) == sorted(
        n * 100 + k for n in range(4) for k in range(8))
    check_consistent(database_url, acks)


def test_full_disk_is_a_clear_error_and_writes_nothing(tmp_path, figure):
    url = f"sqlite:///{tmp_path / 'full.sqlite3'}"
    store = open_store(url, seed_path=None)
    store.import_records([figure("aktau", 1)], filename="a", sha256="a", author="ann")
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    def limit(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 5}")

    records = [figure(f"loc{i}", float(i)) for i in range(20_000)]
    event.listen(store.engine, "connect", limit)
    store.engine.dispose()  # pooled connections were opened without the limit
    with pytest.raises(DiskFullError, match="disk .* is full.*nothing was written"):
        store.import_records(records, filename="big.csv", sha256="big", author="ann")
    assert len(store.history()) == 1 and store.data_version() == 1
    assert len(store.current_figures()) == 1
    event.remove(store.engine, "connect", limit)
    store.engine.dispose()
    outcome = store.import_records(records, filename="big.csv", sha256="big", author="ann")
    assert outcome.status == "imported" and len(store.current_figures()) == 20_001
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
