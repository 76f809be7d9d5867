"""The CLI under hostile input: re-importing a reverted file, terminal escapes from
files and from the database (issue 18)."""

from __future__ import annotations

import json

import pytest

from corridors.cli import main
from corridors.cli.terminal import EXIT_REFUSED
from corridors.store import open_store

GOOD = ("corridor,location,period,metric,value,unit,source\n"
        "middle,aktau,2032,volume,5,t,https://example.org\n")
ESC = "\x1b]0;pwned\x07\x1b[2J\x1b[31m"


@pytest.fixture
def env(database_url, monkeypatch, tmp_path):
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)
    return database_url


def figures_2032(url):
    frame = open_store(url).current_figures(location="aktau")
    return frame[frame["period"] == "2032"]["value"].tolist()


def test_reimporting_a_reverted_file_says_so_and_exits_1(env, tmp_path, capsys):
    path = tmp_path / "good.csv"
    path.write_text(GOOD)
    assert main(["import", str(path), "--author", "ann"]) == 0
    revision = open_store(env).history()[0].id
    assert main(["revert", str(revision), "--author", "ann"]) == 0
    assert figures_2032(env) == []
    capsys.readouterr()
    assert main(["import", str(path), "--author", "ann"]) == EXIT_REFUSED
    out = capsys.readouterr().out
    assert f"reverted by revision {revision + 1}" in out and "--reapply" in out
    assert figures_2032(env) == []  # still withdrawn: nothing changed
    assert main(["import", str(path), "--author", "ann", "--json"]) == EXIT_REFUSED
    assert json.loads(capsys.readouterr().out)["status"] == "reverted"


def test_reapply_creates_a_new_revision(env, tmp_path, capsys):
    path = tmp_path / "good.csv"
    path.write_text(GOOD)
    main(["import", str(path), "--author", "ann"])
    first = open_store(env).history()[0].id
    main(["revert", str(first), "--author", "ann"])
    assert main(["import", str(path), "--author", "ann", "--reapply"]) == 0
    newest = open_store(env).history()[0]
    assert newest.id == first + 2 and newest.kind == "import" and newest.in_effect
    assert figures_2032(env) == [5.0]
    # the same bytes now name the revision in effect: a plain re-import is a no-op
    capsys.readouterr()
    assert main(["import", str(path), "--author", "ann"]) == 0
    assert f"Already imported as revision {newest.id}" in capsys.readouterr().out
    # --reapply on a file in effect changes nothing either
    assert main(["import", str(path), "--reapply"]) == 0
    assert open_store(env).history()[0].id == newest.id


def test_escapes_from_files_never_reach_the_terminal(env, tmp_path, capsys):
    path = tmp_path / "hostile.csv"
    path.write_text(f"corridor,location,period,metric,value,unit,{ESC}colour\u202e\n"
                    f"middle,aktau,2032,volume,5,t,x\n")
    assert main(["validate", str(path)]) == 0  # an unknown column is a warning
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b]0;pwned" in out and "\\u202e" in out
    assert main(["validate", str(path), "--json"]) == 0
    text = capsys.readouterr().out
    assert "\x1b" not in text and "\u202e" not in text
    assert any("colour" in w["message"] for w in json.loads(text)["warnings"])


def test_escapes_from_the_database_never_reach_the_terminal(env, tmp_path, capsys):
    path = tmp_path / "good.csv"
    path.write_text(GOOD)
    assert main(["import", str(path), "--author", f"{ESC}eve\u202e\x9b31m"]) == 0
    capsys.readouterr()
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "\x9b" not in out
    assert main(["history", "--json"]) == 0
    text = capsys.readouterr().out
    assert "\x1b" not in text and "\u202e" not in text and "\x9b" not in text
    assert json.loads(text)[0]["author"] == f"{ESC}eve\u202e\x9b31m"  # same data, escaped
