"""The store on both backends: imports, idempotency, reverts, history, queries, seeding."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import sqlalchemy as sa

from corridors.domain.records import CANONICAL_COLUMNS
from corridors.store import (
    AlreadyReverted,
    DuplicateFiguresError,
    RevisionNotFound,
    SchemaTooNewError,
    config,
    open_store,
    writes,
)
from corridors.store.migrations import current_heads, head_revision
from corridors.store.store import forget_url

ROOT = Path(__file__).resolve().parent.parent
CANONICAL_HEADER = ",".join(CANONICAL_COLUMNS)


@pytest.fixture
def store(database_url):
    return open_store(database_url, seed_path=None)


def table_count(store, table: str) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()


def values(store, **filters) -> dict[str, float]:
    frame = store.current_figures(**filters)
    return dict(zip(frame["location"], frame["value"], strict=True))


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=120)


def canonical_csv(*rows: str) -> bytes:
    return ("\n".join([CANONICAL_HEADER, *rows]) + "\n").encode()


ROW_AKTAU = "middle,aktau-port,aktau,2023,2023-01-01,2023-12-31,volume,both,1500,t,reported,https://a.example,"
ROW_BAKU = "middle,port-of-baku,alat,2023,2023-01-01,2023-12-31,volume,both,700,t,estimate,https://b.example,n"


def test_fresh_database_is_migrated(database_url):
    store = open_store(database_url, seed_path=None)
    with store.engine.connect() as conn:
        assert current_heads(conn) == (head_revision(),)
        tables = set(sa.inspect(conn).get_table_names())
    assert {"revisions", "observations", "current_figures", "meta", "schema_version"} <= tables
    assert store.data_version() == 0 and store.history() == []
    forget_url(database_url)  # a second start finds nothing to migrate
    assert open_store(database_url, seed_path=None).data_version() == 0


def test_newer_schema_is_refused(store, database_url):
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0999'"))
    forget_url(database_url)
    with pytest.raises(SchemaTooNewError, match="Upgrade corridors"):
        open_store(database_url, seed_path=None)


def test_import_stores_figures_with_types(store, figure):
    outcome = store.import_records([figure("aktau", 1500), figure("alat", 700.5)],
                                   filename="a.csv", sha256="a" * 64, author="ann", note="Q")
    assert outcome.status == "imported" and outcome.ok
    assert (outcome.added, outcome.changed, outcome.revision.id) == (2, 0, 1)
    frame = store.current_figures()
    assert tuple(frame.columns) == (*CANONICAL_COLUMNS, "revision")
    assert str(frame["period_start"].dtype) == "datetime64[ns]"
    assert str(frame["period_end"].dtype) == "datetime64[ns]"
    assert frame["value"].dtype == "float64"
    assert frame["period_end"].iloc[0] == dt.datetime(2023, 12, 31)
    assert values(store) == {"aktau": 1500.0, "alat": 700.5}
    assert set(frame["revision"]) == {1}


def test_empty_result_keeps_types(store):
    frame = store.current_figures(corridor="northern")
    assert frame.empty and str(frame["period_start"].dtype) == "datetime64[ns]"
    assert frame["value"].dtype == "float64"


def test_same_bytes_twice_change_nothing(store, figure):
    records = [figure("aktau", 1)]
    first = store.import_records(records, filename="a.csv", sha256="x", author="ann")
    version = store.data_version()
    again = store.import_records(records, filename="other.csv", sha256="x", author="bob")
    assert again.status == "already-imported" and again.ok
    assert again.revision.id == first.revision.id
    assert "already imported as revision 1" in again.message.lower()
    assert store.data_version() == version and len(store.history()) == 1
    assert table_count(store, "observations") == 1


def test_second_import_counts_added_and_changed(store, figure):
    store.import_records([figure("aktau", 1), figure("alat", 2)], filename="a",
                         sha256="a", author="ann")
    outcome = store.import_records([figure("aktau", 5), figure("alat", 2), figure("poti", 3)],
                                   filename="b", sha256="b", author="bob", note="update")
    assert (outcome.added, outcome.changed) == (1, 1)
    assert values(store) == {"aktau": 5, "alat": 2, "poti": 3}
    assert set(store.current_figures()["revision"]) == {2}


def test_duplicate_identities_are_refused(store, figure):
    with pytest.raises(DuplicateFiguresError, match="same figure"):
        store.import_records([figure("aktau", 1), figure("aktau", 2)], filename="d",
                             sha256="d", author="ann")
    assert store.history() == [] and store.data_version() == 0


def test_revert_records_a_revision_and_deletes_nothing(store, figure):
    store.import_records([figure("aktau", 1), figure("alat", 2)], filename="a",
                         sha256="a", author="ann")
    second = store.import_records([figure("aktau", 5), figure("poti", 3)], filename="b",
                                  sha256="b", author="bob")
    observations = table_count(store, "observations")
    revert = store.revert(second.revision.id, author="cyd")
    assert (revert.kind, revert.reverts, revert.author, revert.id) == ("revert", 2, "cyd", 3)
    assert values(store) == {"aktau": 1, "alat": 2}  # poti had no older figure
    assert (revert.added, revert.changed) == (0, 2)
    assert table_count(store, "observations") == observations
    reverted = store.revision(2)
    assert reverted.reverted_by == 3 and not reverted.in_effect
    with pytest.raises(AlreadyReverted, match="revert revision 3"):
        store.revert(2, author="cyd")
    with pytest.raises(RevisionNotFound, match="corridors history"):
        store.revert(99, author="cyd")


def test_revert_of_revert_reapplies(store, figure):
    store.import_records([figure("aktau", 1)], filename="a", sha256="a", author="ann")
    store.import_records([figure("aktau", 5), figure("poti", 3)], filename="b",
                         sha256="b", author="bob")
    first_revert = store.revert(2, author="cyd")
    again = store.revert(first_revert.id, author="dan")
    assert values(store) == {"aktau": 5, "poti": 3}
    assert (again.added, again.changed) == (1, 1)
    assert store.revision(2).in_effect and not store.revision(first_revert.id).in_effect
    third = store.revert(again.id, author="eve")  # and once more: withdrawn again
    assert values(store) == {"aktau": 1}
    assert not store.revision(2).in_effect and store.revision(third.id).in_effect


def test_reverting_an_old_revision_keeps_newer_figures(store, figure):
    store.import_records([figure("aktau", 1), figure("alat", 1)], filename="a",
                         sha256="a", author="ann")
    store.import_records([figure("aktau", 2)], filename="b", sha256="b", author="ann")
    store.revert(1, author="ann")
    assert values(store) == {"aktau": 2}
    store.revert(3, author="ann")  # revert of the revert: alat returns, aktau stays newer
    assert values(store) == {"aktau": 2, "alat": 1}
    assert store.current_figures(location="aktau")["revision"].tolist() == [2]


def current_figures_schema(store) -> list[tuple]:
    """The stored definitions of current_figures and its indexes (SQLite; [] otherwise)."""
    if store.backend != "sqlite":
        return []
    with store.engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'current_figures' "
            "ORDER BY type, name").all()


@pytest.mark.parametrize("older", [10, 1_500])
def test_reverting_a_large_revision_restores_what_it_replaced(store, figure, older):
    """1,200 figures: on SQLite, with 10 older ones they are most of current_figures
    (withdrawn by emptying the table and putting back what stays), with 1,500 not."""
    store.import_records([figure("alat", 7)], filename="o", sha256="o", author="ann")
    store.import_records([figure(f"p{i}", 1) for i in range(older)], filename="a",
                         sha256="a", author="ann")
    big = store.import_records([figure(f"p{i}", 2) for i in range(1_200)], filename="b",
                               sha256="b", author="bob").revision
    schema = current_figures_schema(store)
    revert = store.revert(big.id, author="cyd")
    assert (revert.added, revert.changed) == (0, 1_200)
    assert values(store) == {"alat": 7, **{f"p{i}": 1 for i in range(older)}}
    # SQLite replaced the table by a copy of what stays: the same definition and indexes
    assert current_figures_schema(store) == schema
    store.revert(revert.id, author="cyd")  # and back: the large revision wins again
    assert values(store) == {"alat": 7, **{f"p{i}": 1 for i in range(older)},
                             **{f"p{i}": 2 for i in range(1_200)}}
    assert table_count(store, "observations") == 1 + older + 1_200


def test_history_says_who_when_what(store, figure):
    before = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5)
    store.import_records([figure("aktau", 1)], filename="a.csv", sha256="a", author="ann",
                         note="first")
    store.import_records([figure("aktau", 2), figure("alat", 1)], filename="b.csv",
                         sha256="b", author="bob")
    store.revert(2, author="cyd")
    history = store.history()
    assert [r.id for r in history] == [3, 2, 1]
    assert [(r.kind, r.author, r.filename) for r in history] == [
        ("revert", "cyd", "b.csv"), ("import", "bob", "b.csv"), ("import", "ann", "a.csv")]
    assert [(r.row_count, r.added, r.changed) for r in history[1:]] == [(2, 1, 1), (1, 1, 0)]
    assert history[2].note == "first" and history[2].sha256 == "a"
    assert all(r.created_at.tzinfo is not None and r.created_at >= before for r in history)
    assert history[0].to_dict()["created_at"].endswith("Z")


def test_current_figures_filters(store, figure):
    q1 = dict(period="2023-Q1", period_start=dt.date(2023, 1, 1),
              period_end=dt.date(2023, 3, 31))
    ytd = dict(period="2023-01..2023-11", period_start=dt.date(2023, 1, 1),
               period_end=dt.date(2023, 11, 30))
    store.import_records([
        figure("aktau", 10), figure("aktau", 3, **q1), figure("aktau", 9, **ytd),
        figure("alat", 4, **q1), figure("dostyk", 7, corridor="northern", unit="TEU"),
    ], filename="a", sha256="a", author="ann")
    assert values(store, period_start="2023-01-01", period_end="2023-03-31") == {
        "aktau": 3, "alat": 4}
    assert values(store, corridor="northern") == {"dostyk": 7}
    import pandas as pd

    assert values(store, period_start=pd.Timestamp("2023-01-01"),
                  period_end=dt.date(2023, 3, 31)) == {"aktau": 3, "alat": 4}
    assert len(store.current_figures(location=["aktau", "alat"])) == 4
    timeline = store.current_figures(corridor="middle", location="aktau", metric="volume",
                                     unit="t", granularity=["year", "quarter"])
    assert timeline["period"].tolist() == ["2023-Q1", "2023"]  # ordered by period start
    assert store.current_figures(granularity="range")["period"].tolist() == ["2023-01..2023-11"]
    with pytest.raises(TypeError, match="Unknown filter"):
        store.current_figures(year=2023)
    with pytest.raises(ValueError, match="granularity"):
        store.current_figures(granularity="week")


def test_preview_diff_writes_nothing(store, figure):
    store.import_records([figure("aktau", 1), figure("alat", 2)], filename="a",
                         sha256="a", author="ann")
    version = store.data_version()
    preview = store.preview([figure("aktau", 5), figure("alat", 2), figure("poti", 1),
                             figure("dostyk", 1, corridor="northern")])
    assert [r.location for r in preview.added] == ["poti", "dostyk"]
    assert [(c.old.value, c.new.value) for c in preview.changed] == [(1.0, 5)]
    assert [r.location for r in preview.unchanged] == ["alat"]
    assert preview.summary() == {"middle": {"added": 1, "changed": 1, "unchanged": 1},
                                 "northern": {"added": 1, "changed": 0, "unchanged": 0}}
    assert preview.has_changes and store.data_version() == version
    assert store.preview([figure("alat", 2)]).has_changes is False


def test_data_version_bumps_once_per_change_in_the_same_transaction(store, figure,
                                                                     monkeypatch):
    versions = [store.data_version()]
    store.import_records([figure("aktau", 1)], filename="a", sha256="a", author="ann")
    versions.append(store.data_version())
    store.revert(1, author="ann")
    versions.append(store.data_version())
    assert versions == [0, 1, 2]

    def fail_after_bump(conn, revision_id):
        raise RuntimeError("crash after the bump, before commit")

    monkeypatch.setattr(writes, "get_revision", fail_after_bump)
    with pytest.raises(RuntimeError):
        store.import_records([figure("poti", 1)], filename="p", sha256="p", author="ann")
    monkeypatch.undo()
    assert store.data_version() == 2 and len(store.history()) == 2
    assert table_count(store, "observations") == 1


def test_bulk_import_of_thousands(store, figure):
    records = [figure(f"loc{i}", float(i), year=2000 + i % 20) for i in range(6000)]
    outcome = store.import_records(records, filename="big", sha256="big", author="ann")
    assert outcome.added == 6000 and table_count(store, "current_figures") == 6000
    assert store.current_figures(location="loc42")["value"].tolist() == [42.0]


def write_seed(tmp_path: Path) -> Path:
    path = tmp_path / "throughput.csv"
    path.write_bytes(canonical_csv(ROW_AKTAU, ROW_BAKU))
    return path


def test_seed_is_imported_once(database_url, tmp_path):
    pytest.importorskip("corridors.ingest")
    seed = write_seed(tmp_path)
    store = open_store(database_url, seed_path=seed)
    history = store.history()
    assert [(r.id, r.kind, r.row_count) for r in history] == [(1, "seed", 2)]
    assert history[0].sha256 == hashlib.sha256(seed.read_bytes()).hexdigest()
    forget_url(database_url)
    assert len(open_store(database_url, seed_path=seed).history()) == 1


def test_two_processes_starting_at_once_migrate_and_seed_once(database_url, tmp_path):
    pytest.importorskip("corridors.ingest")
    seed = write_seed(tmp_path)
    code = f"""
        from corridors.store import open_store
        store = open_store({database_url!r}, seed_path={str(seed)!r})
        print(len(store.history()))
    """
    environ = {**os.environ, "PYTHONPATH": str(ROOT)}
    children = [subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                                 env=environ, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True) for _ in range(2)]
    results = [child.communicate(timeout=120) for child in children]
    assert [child.returncode for child in children] == [0, 0], results
    store = open_store(database_url, seed_path=None)
    assert [r.kind for r in store.history()] == ["seed"]


def test_import_file_validates_then_stores(store):
    pytest.importorskip("corridors.ingest")
    data = canonical_csv(ROW_AKTAU, ROW_BAKU)
    outcome = store.import_file(data, filename="upload.csv", author="ann", note="n")
    assert outcome.status == "imported" and outcome.report.valid
    assert outcome.revision.sha256 == hashlib.sha256(data).hexdigest()
    assert values(store) == {"aktau": 1500, "alat": 700}
    again = store.import_file(data, filename="again.csv", author="bob")
    assert again.status == "already-imported" and again.revision.id == outcome.revision.id


def test_invalid_file_writes_nothing(store):
    pytest.importorskip("corridors.ingest")
    bad = canonical_csv(ROW_AKTAU.replace("1500", "-5"), ROW_BAKU.replace("middle", "moon"))
    outcome = store.import_file(bad, filename="bad.csv", author="ann")
    assert outcome.status == "invalid" and not outcome.ok
    assert not outcome.report.valid and outcome.report.errors
    assert store.history() == [] and store.data_version() == 0


def test_configuration_order(tmp_path, monkeypatch):
    monkeypatch.delenv(config.DATABASE_URL_ENV, raising=False)
    monkeypatch.setenv(config.DATA_DIR_ENV, str(tmp_path / "data"))
    monkeypatch.setattr(config, "secrets_files", lambda: [tmp_path / "secrets.toml"])
    expected = f"sqlite:///{(tmp_path / 'data' / 'corridors.sqlite3').resolve()}"
    assert config.resolve_database_url() == expected
    assert (tmp_path / "data").is_dir()
    (tmp_path / "secrets.toml").write_text(
        '[connections.corridors]\nurl = "postgresql://u@h/db"\n', encoding="utf-8")
    assert config.resolve_database_url() == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv(config.DATABASE_URL_ENV, "sqlite:////tmp/x/env.sqlite3")
    assert config.resolve_database_url() == "sqlite:////tmp/x/env.sqlite3"
    assert config.resolve_database_url("sqlite:////tmp/x/y.db") == "sqlite:////tmp/x/y.db"


def test_broken_secrets_file_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv(config.DATABASE_URL_ENV, raising=False)
    (tmp_path / "secrets.toml").write_text("[connections.corridors\n", encoding="utf-8")
    monkeypatch.setattr(config, "secrets_files", lambda: [tmp_path / "secrets.toml"])
    with pytest.raises(config.ConfigError, match="Fix the TOML syntax"):
        config.resolve_database_url()


def test_threads_of_one_process_import_concurrently(store, figure):
    """Streamlit serves sessions from threads: concurrent imports share one engine."""
    import threading

    errors: list[BaseException] = []

    def importer(worker: int) -> None:
        try:
            for batch in range(3):
                records = [figure(f"loc{j}", float(worker * 10 + batch)) for j in range(200)]
                store.import_records(records, filename=f"w{worker}-{batch}",
                                     sha256=f"w{worker}-{batch}", author=f"w{worker}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=importer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    history = store.history()
    assert len(history) == 12 and store.data_version() == 12
    assert set(store.current_figures()["revision"]) == {history[0].id}
