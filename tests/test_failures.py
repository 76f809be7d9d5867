"""Failures in sentences (issue 18): a read-only, damaged, unopenable or unreachable
database, a backend terminated mid-write and a missing output folder each end in one
sentence with its documented exit code on the CLI, and in a page-level message on every
page; never a traceback, never a change."""

from __future__ import annotations

import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from corridors.cli import main
from corridors.domain.paths import PROJECT_ROOT
from corridors.store import StoreError, open_store, writes
from corridors.store.errors import DatabaseUnavailableError
from corridors.store.store import forget_url

GOOD = ("corridor,location,period,metric,value,unit,source\n"
        "middle,aktau,2031,volume,5,t,https://example.org\n")
PAGES = ["map.py", "timeline.py", "data.py", "about.py"]


def sentence_of(kind: str) -> str:
    """The words after the database's name in the kind's sentence."""
    return DatabaseUnavailableError.SENTENCES[kind].split("{where}")[1][:40]


@pytest.fixture
def seeded(tmp_path):
    """A seeded SQLite file; the engine is forgotten so other URLs of it start afresh."""
    path = tmp_path / "db.sqlite3"
    url = f"sqlite:///{path}"
    open_store(url).data_version()
    forget_url(url)
    return path


def damaged_url(tmp_path):
    path = tmp_path / "damaged.sqlite3"
    path.write_bytes(b"this is not a database at all\n" * 200)
    return f"sqlite:///{path}"


def readonly_url(seeded):
    return f"sqlite:///file:{seeded}?mode=ro&uri=true"


def unopenable_url(tmp_path):
    (tmp_path / "plain-file").write_text("x")
    return f"sqlite:///{tmp_path / 'plain-file' / 'db.sqlite3'}"


UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere?connect_timeout=2"


def broken_url(kind, tmp_path, seeded):
    return {"damaged": lambda: damaged_url(tmp_path), "read-only": lambda: readonly_url(seeded),
            "cannot-open": lambda: unopenable_url(tmp_path),
            "unreachable": lambda: UNREACHABLE}[kind]()


COMMANDS = [["import", "{file}"], ["history"], ["revert", "1"], ["export"]]
# reading a read-only database works: only the writes fail there
CLI_CASES = [(kind, command) for kind in ("damaged", "read-only", "cannot-open", "unreachable")
             for command in COMMANDS
             if not (kind == "read-only" and command in (["history"], ["export"]))]


@pytest.mark.parametrize(("kind", "command"), CLI_CASES,
                         ids=[f"{k}-{c[0]}" for k, c in CLI_CASES])
def test_cli_says_one_sentence_and_exits_3(kind, command, tmp_path, seeded, monkeypatch,
                                           capsys):
    url = broken_url(kind, tmp_path, seeded)
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", url)
    data = tmp_path / "good.csv"
    data.write_text(GOOD)
    assert main([part.format(file=data) for part in command]) == 3
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "Traceback" not in err
    assert "nothing was" in err and sentence_of(kind) in err
    forget_url(url)


def test_the_real_command_prints_no_traceback(tmp_path):
    env = {"CORRIDORS_DATABASE_URL": damaged_url(tmp_path), "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(PROJECT_ROOT)}
    done = subprocess.run([sys.executable, "-m", "corridors", "history"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    assert "Traceback" not in done.stderr and "is damaged" in done.stderr


def test_missing_output_folder_is_a_usage_error(tmp_path, monkeypatch, capsys, seeded):
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", f"sqlite:///{seeded}")
    target = tmp_path / "no" / "such" / "out.csv"
    assert main(["export", "--output", str(target)]) == 2
    data = tmp_path / "good.csv"
    data.write_text(GOOD)
    assert main(["validate", str(data), "--output", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("does not exist, so nothing was written") == 2
    assert not target.parent.exists()
    forget_url(f"sqlite:///{seeded}")


def test_unexpected_errors_are_one_sentence_exit_4(monkeypatch, capsys, tmp_path, seeded):
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", f"sqlite:///{seeded}")

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("corridors.store.Store.history", explode)
    assert main(["history"]) == 4
    err = capsys.readouterr().err
    assert "unexpected internal error (RuntimeError: boom)" in err and "Traceback" not in err
    forget_url(f"sqlite:///{seeded}")


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_backend_terminated_mid_write_changes_nothing(database_url, monkeypatch, capsys,
                                                        tmp_path):
    store = open_store(database_url)
    before = store.history()
    real = writes.bump_data_version

    def terminate_then_bump(conn):  # the server ends this backend inside the write
        conn.exec_driver_sql("SELECT pg_terminate_backend(pg_backend_pid())")
        return real(conn)

    monkeypatch.setattr(writes, "bump_data_version", terminate_then_bump)
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", database_url)
    data = tmp_path / "good.csv"
    data.write_text(GOOD)
    assert main(["import", str(data)]) == 3
    err = capsys.readouterr().err
    assert "ended the connection in the middle of the work" in err and "Traceback" not in err
    monkeypatch.setattr(writes, "bump_data_version", real)
    assert store.history() == before


@pytest.mark.parametrize("kind", ["damaged", "cannot-open", "unreachable"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_the_sentence(page, kind, tmp_path, seeded, monkeypatch):
    url = broken_url(kind, tmp_path, seeded)
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", url)
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / page), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["The data cannot be shown right now."]
    assert any(sentence_of(kind) in t.value for t in at.text)
    forget_url(url)


def test_store_errors_are_store_errors(tmp_path):
    with pytest.raises(StoreError, match="is damaged"):
        open_store(damaged_url(tmp_path))
