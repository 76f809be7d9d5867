"""A wheel built from the repository works outside the checkout (issue 10, point 7):
the layers, catalog, seed, schema, static files, app.py, pages and Streamlit config travel
inside it, and the embedded database goes to the user's data directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

from corridors.domain.paths import PROJECT_ROOT
from tests.support import free_port

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv outside the checkout with only the built wheel installed; the
    dependencies come from this test run's environment through a .pth file."""
    base = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(PROJECT_ROOT), "--no-deps",
                    "-q", "-w", str(base / "dist")], check=True, cwd=base)
    wheel = next((base / "dist").glob("corridors-*.whl"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv),
                                                    "platbase": str(venv)}))
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                    "install", "--no-deps", "-q", str(wheel)], check=True)
    home, work = base / "home", base / "work"
    home.mkdir()
    work.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CORRIDORS_", "XDG_", "PYTHON", "VIRTUAL_ENV"))}
    env["HOME"] = str(home)
    return {"bin": venv / "bin", "site": site, "home": home, "work": work, "env": env}


def run(installed, *args, **kwargs):
    return subprocess.run([str(installed["bin"] / "corridors"), *args], cwd=installed["work"],
                          env=installed["env"], capture_output=True, text=True, timeout=180,
                          **kwargs)


def test_the_wheel_carries_the_app_and_imports_from_site_packages(installed):
    done = run(installed, "--version")
    assert done.returncode == 0 and done.stdout.startswith("corridors ")
    bundle = installed["site"] / "corridors" / "_bundle"
    for name in ("app.py", "pages/map.py", "geodata/catalog.toml", "geodata/seed/throughput.csv",
                 "geodata/schema/throughput.schema.json", "static/nodes.geojson",
                 ".streamlit/config.toml", "deploy/production.config.toml"):
        assert (bundle / name).is_file(), name


def test_the_wheel_carries_the_translations(installed):
    """The .po catalogs travel as package data and compile at first use (issue 14)."""
    for lang in ("ru", "kk"):
        assert (installed["site"] / "corridors" / "locale" / lang / "LC_MESSAGES"
                / "corridors.po").is_file(), lang
    broken = installed["work"] / "broken.csv"
    broken.write_text("corridor,period,value,unit\nnowhere,2024,5,t\n", encoding="utf-8")
    done = run(installed, "validate", "--lang", "ru", str(broken))
    assert done.returncode == 1
    assert "НЕВЕРНО" in done.stdout and "unknown-corridor" in done.stdout


def test_validate_and_export_outside_the_checkout(installed):
    sample = installed["work"] / "sample.csv"
    shutil.copy(PROJECT_ROOT / "geodata" / "seed" / "throughput.csv", sample)
    done = run(installed, "validate", str(sample))
    assert done.returncode == 0, done.stderr
    done = run(installed, "export", "--output", "out.csv")
    assert done.returncode == 0, done.stderr
    rows = (installed["work"] / "out.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) > 50 and rows[0].startswith("corridor,")
    database = installed["home"] / ".local" / "share" / "corridors" / "corridors.sqlite3"
    assert database.is_file()  # the user's data directory, never site-packages
    assert not list(installed["site"].rglob("*.sqlite3"))


def test_serve_outside_the_checkout_serves_pages_and_static_files(installed):
    port = free_port()
    log = installed["work"] / "serve.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen([str(installed["bin"] / "corridors"), "serve", "--",
                                 "--server.port", str(port), "--server.headless", "true"],
                                cwd=installed["work"], env=installed["env"],
                                stdout=sink, stderr=subprocess.STDOUT)
    try:
        base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            assert proc.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "the installed app never became healthy"
            time.sleep(0.3)
        # static serving comes from the app's own config, passed as flags
        with urllib.request.urlopen(f"{base}/app/static/nodes.geojson", timeout=10) as resp:
            assert resp.status == 200 and b"FeatureCollection" in resp.read()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@pytest.mark.parametrize(("name", "command"), [
    ("catalog.toml", ("validate", "sample.csv")),
    ("nodes.geojson", ("export", "--format", "geojson")),
])
def test_a_missing_data_file_is_a_sentence_not_a_traceback(installed, tmp_path, name, command):
    shutil.copy(PROJECT_ROOT / "geodata" / "seed" / "throughput.csv",
                installed["work"] / "sample.csv")
    shipped = installed["site"] / "corridors" / "_bundle" / "geodata" / name
    kept = tmp_path / name
    shutil.move(shipped, kept)
    try:
        done = run(installed, *command)
    finally:
        shutil.move(kept, shipped)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{name} is missing" in done.stderr and "Traceback" not in done.stderr
