"""`corridors --help` and `validate` import only what they need (issue 17): no store,
no SQLAlchemy, no Streamlit. Checked by module names in a fresh interpreter, not by time."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("sqlalchemy", "streamlit", "pandas", "numpy", "pydeck", "corridors.store",
         "corridors.ingest")

CHILD = """
import contextlib, io, json, sys
from corridors.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _imported(*argv: str) -> tuple[int, set[str]]:
    out = subprocess.run([sys.executable, "-c", CHILD, *argv], capture_output=True,
                         text=True, check=True, timeout=120)
    answer = json.loads(out.stdout.strip().splitlines()[-1])
    return answer["code"], set(answer["modules"])


def _loaded(modules: set[str], package: str) -> bool:
    return any(m == package or m.startswith(package + ".") for m in modules)


@pytest.mark.parametrize("argv", [["--help"], ["validate", "--help"], ["import", "--help"],
                                  ["serve", "--help"], ["hash-password", "--help"]])
def test_help_imports_nothing_heavy(argv):
    code, modules = _imported(*argv)
    assert code == 0
    assert [p for p in HEAVY if _loaded(modules, p)] == []


def test_validate_does_not_import_the_store(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text("corridor,location,period,metric,value,unit\n"
                    "middle,,2023,volume,2760000,t\n", encoding="utf-8")
    code, modules = _imported("validate", str(path))
    assert code == 0
    assert _loaded(modules, "corridors.ingest")
    assert [p for p in ("sqlalchemy", "streamlit", "pydeck", "corridors.store",
                        "shapely", "geopandas") if _loaded(modules, p)] == []


def test_validate_counts_figures_without_building_records(tmp_path, monkeypatch, capsys):
    """The summary line's figure count comes from the fast path's frame: the Records
    (4x the validation for 1,000,000 rows) are built only for --output."""
    from corridors.cli import main
    from corridors.ingest import validate as validate_module

    def refuse(frame):
        raise AssertionError("Records were built just to count them")

    from corridors.ingest import fastpath

    monkeypatch.setattr(validate_module, "records_from_frame", refuse)
    monkeypatch.setattr(fastpath, "FAST_MIN_CHARS", 0)  # a small file takes the fast path
    path = tmp_path / "figures.csv"
    path.write_text("corridor,location,period,period_start,period_end,metric,direction,"
                    "value,unit,quality,source,note\n"
                    "middle,,2023,2023-01-01,2023-12-31,volume,both,2760000,t,reported,x,\n"
                    "northern,,2023,2023-01-01,2023-12-31,volume,both,1000,t,reported,x,\n",
                    encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "figures: 2" in out
