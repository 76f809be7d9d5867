"""Russian code pages recognised by name; --encoding on validate and import."""

from __future__ import annotations

import json

import pytest

from corridors.cli import main
from corridors.ingest import validate_bytes

TEXT = ("коридор;период;значение;ед. изм.\nСредний коридор;январь 2024;1,5;тыс. т\n"
        "Северный коридор;февраль 2024;2;тыс. т\n")
KAZAKH = "коридор;пункт;период;значение;ед. изм.\nСредний коридор;Алтынкөл;2024;1;т\n"


@pytest.mark.parametrize("codec,name", [("cp1251", "Windows-1251"), ("koi8-r", "KOI8-R"),
                                        ("cp866", "CP866")])
def test_russian_code_pages_are_recognised_and_named(codec, name):
    result = validate_bytes(TEXT.encode(codec))
    assert result.report.valid and result.report.encoding == codec
    assert [r.corridor for r in result.records] == ["middle", "northern"]
    guessed = [p for p in result.report.warnings if p.code == "encoding-guessed"]
    assert len(guessed) == 1 and name in guessed[0].message and "--encoding" in (
        guessed[0].message)


def test_kazakh_misdecoding_names_the_real_option():
    report = validate_bytes(KAZAKH.encode("kz1048")).report
    warning = next(p for p in report.warnings if p.code == "kazakh-mis-decoded")
    assert "--encoding kz1048" in warning.message


def test_cli_validate_with_encoding(tmp_path, capsys):
    path = tmp_path / "kz.csv"
    path.write_bytes(KAZAKH.encode("kz1048"))
    assert main(["validate", str(path), "--json", "--encoding", "kz1048"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["encoding"] == "kz1048" and report["encoding_guessed"] is False
    assert not [w for w in report["warnings"] if w["code"] == "kazakh-mis-decoded"]


def test_cli_import_with_encoding(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    path = tmp_path / "koi8.csv"
    path.write_bytes(TEXT.replace("2024", "2031").encode("koi8-r"))
    assert main(["import", str(path), "--encoding", "koi8-r", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "imported"
    other = tmp_path / "other.csv"
    other.write_bytes(TEXT.replace("2024", "2032").encode("koi8-r"))
    assert main(["import", str(other), "--encoding", "nope", "--json"]) == 1
    assert "Unknown encoding" in capsys.readouterr().out
