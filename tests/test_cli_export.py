"""``corridors export`` in every format, with its view options and exit codes."""

from __future__ import annotations

import io
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import pyogrio
import pytest

from corridors.cli import main


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A fresh seeded SQLite database through the environment, as a user would."""
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("fmt", "magic"), [
    ("png", b"\x89PNG"), ("svg", b"<?xml"), ("zip", b"PK\x03\x04"), ("parquet", b"PAR1"),
    ("gpkg", b"SQLite format 3\x00"), ("chart-png", b"\x89PNG"), ("chart-svg", b"<svg"),
])
def test_each_binary_format_writes_its_file(env, fmt, magic, capsys):
    target = env / f"out.{fmt}"
    assert main(["export", "--format", fmt, "--output", str(target)]) == 0
    assert target.read_bytes().startswith(magic)
    assert f"({fmt}) to {target}" in capsys.readouterr().err
    assert list(env.glob(".out.*")) == []  # no temporary file left behind


def test_map_options_reach_the_image(env):
    target = env / "map.svg"
    assert main(["export", "--format", "svg", "--period", "2022", "--layers",
                 "kazakhstan,middle", "--metric", "volume", "--unit", "t",
                 "--selection", "node:aktau", "--output", str(target)]) == 0
    text = " ".join(ET.fromstring(target.read_bytes()).itertext())
    assert "Volume per period (t), 2022" in text and "selected: Aktau" in text
    assert "Middle Corridor" in text and "Northern Corridor" not in text


def test_a4_size(env):
    target = env / "map.png"
    assert main(["export", "--format", "png", "--size", "a4", "--output", str(target)]) == 0
    from matplotlib.image import imread

    assert imread(target).shape[:2] == (2480, 3508)


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "png", "--period", "1999"], "periods with figures"),
    (["--format", "png", "--layers", "rivers"], "unknown layer rivers"),
    (["--format", "svg", "--selection", "node:atlantis"], "names no node"),
    (["--format", "chart-png", "--location", "atlantis"], "no figures for location"),
])
def test_bad_view_is_a_usage_error(env, args, message, capsys):
    target = env / "out.bin"
    assert main(["export", *args, "--output", str(target)]) == 2
    assert message in capsys.readouterr().err
    assert not target.exists()


def test_unknown_format_is_a_usage_error(env):
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "--format", "pdf"])
    assert exit_info.value.code == 2


def test_binary_to_a_pipe_and_refused_on_a_terminal(env):
    piped = subprocess.run([sys.executable, "-m", "corridors", "export", "--format", "gpkg"],
                           capture_output=True, check=False)
    assert piped.returncode == 0 and piped.stdout.startswith(b"SQLite format 3")
    path = env / "piped.gpkg"
    path.write_bytes(piped.stdout)
    assert len(pyogrio.list_layers(path)) == 4
    script = ("import sys; sys.stdout.isatty = lambda: True; from corridors.cli import main;"
              " sys.exit(main(['export', '--format', 'png']))")
    tty = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert tty.returncode == 2 and b"give --output" in tty.stderr


def test_zip_from_the_cli_opens(env):
    target = env / "snapshot.zip"
    assert main(["export", "--format", "zip", "--output", str(target)]) == 0
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as archive:
        assert "datapackage.json" in archive.namelist()
