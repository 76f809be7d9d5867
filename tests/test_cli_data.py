"""``corridors import | history | revert | export | serve`` through ``corridors.cli.main``."""

from __future__ import annotations

import json
import sys

import pytest

from corridors.cli import main
from corridors.cli import serve as serve_command
from corridors.domain.records import CANONICAL_COLUMNS
from corridors.store import open_store

pytest.importorskip("corridors.ingest")

GOOD = (",".join(CANONICAL_COLUMNS) + "\n"
        "middle,aktau-port,aktau,2030,2030-01-01,2030-12-31,volume,both,1500,t,reported,https://a.example,\n"
        "middle,port-of-baku,alat,2030,2030-01-01,2030-12-31,volume,both,700,t,estimate,https://b.example,x\n")
BAD = GOOD.replace("middle,port-of-baku,alat", "moon,port-of-baku,alat")


@pytest.fixture
def env(database_url, monkeypatch, tmp_path):
    """Point the CLI at a fresh database through the environment, as a user would."""
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)
    return database_url


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_twice_then_history(env, tmp_path, capsys):
    path = write(tmp_path, "figures.csv", GOOD)
    assert main(["import", str(path), "--note", "annual", "--author", "ann"]) == 0
    assert "Imported figures.csv as revision 2: 2 figures, 2 added" in capsys.readouterr().out
    assert main(["import", str(path), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["status"] == "already-imported" and again["revision"]["id"] == 2
    assert main(["history", "--json"]) == 0
    history = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["kind"], r["author"], r["note"]) for r in history][:1] == [
        (2, "import", "ann", "annual")]
    assert history[-1]["kind"] == "seed"
    assert main(["history"]) == 0
    table = capsys.readouterr().out
    assert "figures.csv" in table and "in effect" in table


def test_invalid_import_is_refused_with_its_problems(env, tmp_path, capsys):
    path = write(tmp_path, "bad.csv", BAD)
    versions = open_store().data_version()
    assert main(["import", str(path)]) == 1
    out = capsys.readouterr().out
    assert "unknown-corridor" in out and "nothing was stored" in out
    assert main(["import", str(path), "--json"]) == 1
    refused = json.loads(capsys.readouterr().out)
    assert refused["status"] == "invalid" and refused["report"]["valid"] is False
    assert open_store().data_version() == versions


def test_import_of_a_missing_file_is_a_usage_error(env, tmp_path, capsys):
    assert main(["import", str(tmp_path / "nope.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_revert_and_its_refusals(env, tmp_path, capsys):
    main(["import", str(write(tmp_path, "figures.csv", GOOD))])
    capsys.readouterr()
    assert main(["revert", "2", "--author", "bob"]) == 0
    assert "Reverted revision 2 as new revision 3" in capsys.readouterr().out
    assert main(["revert", "2"]) == 1
    assert "already reverted by revision 3" in capsys.readouterr().err
    assert main(["revert", "99"]) == 1
    assert "There is no revision 99" in capsys.readouterr().err


def test_export_csv_to_stdout_and_geojson_to_a_file(env, tmp_path, capsys):
    main(["import", str(write(tmp_path, "figures.csv", GOOD))])
    capsys.readouterr()
    assert main(["export"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == ",".join(CANONICAL_COLUMNS)
    assert "middle,aktau-port,aktau,2030,2030-01-01,2030-12-31,volume,both,1500,t,reported," \
           "https://a.example," in lines
    target = tmp_path / "out.geojson"
    assert main(["export", "--format", "geojson", "--output", str(target)]) == 0
    collection = json.loads(target.read_text(encoding="utf-8"))
    aktau = [f for f in collection["features"] if f["properties"]["id"] == "aktau"]
    assert [f["value"] for f in aktau[0]["properties"]["figures"] if f["period"] == "2030"] \
        == [1500]
    assert list(tmp_path.glob(".out.geojson.*")) == []  # no temporary file left behind


def test_serve_runs_streamlit_with_the_options_after_the_separator(monkeypatch, tmp_path):
    (tmp_path / "app.py").write_text("", encoding="utf-8")
    calls = []
    monkeypatch.setattr(serve_command.subprocess, "call", lambda cmd: calls.append(cmd) or 0)
    monkeypatch.setattr(serve_command, "project_root", lambda: tmp_path)
    assert main(["serve", "--", "--server.port", "8502"]) == 0
    assert calls == [[sys.executable, "-m", "streamlit", "run", str(tmp_path / "app.py"),
                      "--server.port", "8502"]]


def test_serve_without_app_is_a_usage_error(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(serve_command, "project_root", lambda: tmp_path)
    assert main(["serve"]) == 2
    assert "app.py not found" in capsys.readouterr().err


def test_serve_prepares_the_database_before_serving(monkeypatch, tmp_path, capsys):
    (tmp_path / "app.py").write_text("", encoding="utf-8")
    db = tmp_path / "served.sqlite3"
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setattr(serve_command.subprocess, "call", lambda cmd: 0)
    monkeypatch.setattr(serve_command, "project_root", lambda: tmp_path)
    assert main(["serve"]) == 0
    assert db.exists(), "the embedded database was not prepared"
    assert "data version" in capsys.readouterr().err


def test_serve_reports_a_bad_database_setting(monkeypatch, tmp_path, capsys):
    (tmp_path / "app.py").write_text("", encoding="utf-8")
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", "nosuchdriver://nowhere/db")
    monkeypatch.setattr(serve_command.subprocess, "call", lambda cmd: 0)
    monkeypatch.setattr(serve_command, "project_root", lambda: tmp_path)
    assert main(["serve"]) == 1
    assert "corridors serve:" in capsys.readouterr().err
