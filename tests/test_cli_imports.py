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
