"""``corridors validate`` in-process: exit codes, JSON and canonical output."""

from __future__ import annotations

import json

from corridors.cli import main


def test_valid_file_json_and_output(tmp_path, capsys):
    source = tmp_path / "in.csv"
    source.write_text("Коридор;Период;Значение;Ед. изм.\nТМТМ;I кв. 2024;1,5;млн т\n",
                      encoding="utf-8")
    out = tmp_path / "canonical.csv"
    assert main(["validate", str(source), "--json", "--output", str(out)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is True and report["delimiter"] == ";" and report["rows"] == 1
    text = out.read_text(encoding="utf-8")
    # no series column: the Middle Corridor's headline series in tonnes, said once
    codes = [w["code"] for w in report["warnings"]]
    assert codes.count("series-assumed") == 1
    assert sorted(w["column"] for w in report["warnings"] if w["code"] == "default-filled") == [
        "direction", "metric", "quality"]
    assert ("middle,kz-mot-titr,,2024-Q1,2024-01-01,2024-03-31,volume,both,1500000,t,reported"
            in text)


def test_invalid_file_exit_1(tmp_path, capsys):
    source = tmp_path / "bad.csv"
    source.write_text("corridor,period,value,unit\nMidle Corridor,2023-Q5,-1,t\n")
    out = tmp_path / "never.csv"
    assert main(["validate", str(source), "--output", str(out)]) == 1
    text = capsys.readouterr().out
    assert "INVALID" in text and "unknown-corridor" in text and "bad-period" in text
    assert "Did you mean 'Middle Corridor'?" in text and not out.exists()


def test_invalid_json(tmp_path, capsys):
    source = tmp_path / "bad.pdf.csv"
    source.write_bytes(b"%PDF-1.4 ...")
    assert main(["validate", str(source), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["errors"][0]["code"] == "not-a-csv"


def test_missing_file_exit_2(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err
