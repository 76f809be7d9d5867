"""``corridors serve --production``: the production profile's flags, and the refusals
that keep a replica from starting without a shared cookie secret or a shared database
(DESIGN 6; docs/deploy.md). ``subprocess.call`` is replaced, so nothing is served."""

from __future__ import annotations

import sys
import tomllib

import pytest

from corridors.cli import main
from corridors.cli import serve as serve_command

SECRET = "0123456789abcdef" * 4
REQUIRED = {  # DESIGN 6 and issue 7: the options the profile must set, and their values
    "server.maxUploadSize": 50,
    "client.showErrorDetails": "none",
    "browser.gatherUsageStats": False,
    "server.enableXsrfProtection": True,
    "server.enableCORS": True,
    "server.headless": True,
    "client.toolbarMode": "viewer",
    "server.enableStaticServing": True,
}


@pytest.fixture
def served(monkeypatch, tmp_path):
    """An app.py to serve, and the command lines that would have been run."""
    (tmp_path / "app.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(serve_command, "project_root", lambda: tmp_path)
    calls: list[list[str]] = []
    monkeypatch.setattr(serve_command.subprocess, "call", lambda cmd: calls.append(cmd) or 0)
    monkeypatch.delenv(serve_command.COOKIE_SECRET_ENV, raising=False)
    return calls


@pytest.fixture
def postgres_setting(monkeypatch):
    """A shared-database setting; the store is not opened in these tests."""
    url = "postgresql+psycopg://corridors@db.example.org/corridors"
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", url)
    opened: list[str | None] = []
    monkeypatch.setattr(serve_command, "open_store", lambda url=None: opened.append(url) or
                        _FakeStore())
    return opened


class _FakeStore:
    def data_version(self) -> int:
        return 7

    def __repr__(self) -> str:
        return "Store('postgresql+psycopg://corridors@db.example.org/corridors')"


def test_the_profile_sets_every_required_option():
    options = serve_command.production_options()
    assert {key: options.get(key) for key in REQUIRED} == REQUIRED
    assert "server.cookieSecret" not in options  # a secret is never committed
    raw = tomllib.loads(serve_command.PRODUCTION_CONFIG.read_text(encoding="utf-8"))
    assert raw["server"]["maxUploadSize"] == 50


def test_production_serves_with_the_profile_flags(served, postgres_setting, monkeypatch,
                                                  capsys):
    monkeypatch.setenv(serve_command.COOKIE_SECRET_ENV, SECRET)
    assert main(["serve", "--production", "--", "--server.port", "8502"]) == 0
    [command] = served
    assert command[:5] == [sys.executable, "-m", "streamlit", "run",
                           str(serve_command.project_root() / "app.py")]
    flags = command[5:]
    for flag in ("--server.maxUploadSize=50", "--client.showErrorDetails=none",
                 "--browser.gatherUsageStats=false", "--server.enableXsrfProtection=true",
                 "--server.enableCORS=true", "--server.headless=true",
                 "--client.toolbarMode=viewer", "--server.enableStaticServing=true"):
        assert flag in flags
    # the operator's own options come last, so they win over the profile
    assert flags[-2:] == ["--server.port", "8502"]
    assert not any(SECRET in part for part in command), "the secret leaked into argv"
    assert postgres_setting == [None]  # migrated before serving
    assert "production profile" in capsys.readouterr().err


def test_production_refuses_without_a_cookie_secret(served, postgres_setting, capsys):
    assert main(["serve", "--production"]) == 2
    err = capsys.readouterr().err
    assert "STREAMLIT_SERVER_COOKIE_SECRET is not set" in err
    assert "every replica" in err
    assert served == [] and postgres_setting == []


def test_production_refuses_a_short_cookie_secret(served, postgres_setting, monkeypatch,
                                                  capsys):
    monkeypatch.setenv(serve_command.COOKIE_SECRET_ENV, "hunter2")
    assert main(["serve", "--production"]) == 2
    assert "at least 32 random characters" in capsys.readouterr().err
    assert served == []


def test_production_refuses_a_cookie_secret_on_the_command_line(served, postgres_setting,
                                                                 monkeypatch, capsys):
    monkeypatch.setenv(serve_command.COOKIE_SECRET_ENV, SECRET)
    assert main(["serve", "--production", "--", f"--server.cookieSecret={SECRET}"]) == 2
    assert "process list" in capsys.readouterr().err
    assert served == []


def test_production_refuses_embedded_sqlite(served, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv(serve_command.COOKIE_SECRET_ENV, SECRET)
    db = tmp_path / "local.sqlite3"
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", f"sqlite:///{db}")
    assert main(["serve", "--production"]) == 2
    err = capsys.readouterr().err
    assert "embedded SQLite" in err and "CORRIDORS_DATABASE_URL=postgresql+psycopg://" in err
    assert "--allow-sqlite" in err
    assert served == [] and not db.exists(), "nothing may be created before the refusal"


def test_production_refuses_the_default_sqlite_file(served, monkeypatch, tmp_path, capsys):
    # no setting at all: DESIGN 3.6 falls back to the embedded file
    monkeypatch.setenv(serve_command.COOKIE_SECRET_ENV, SECRET)
    monkeypatch.delenv("CORRIDORS_DATABASE_URL")
    monkeypatch.setenv("CORRIDORS_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("corridors.store.config.secrets_files", lambda: [])
    assert main(["serve", "--production"]) == 2
    assert "embedded SQLite" in capsys.readouterr().err
    assert served == []


def test_allow_sqlite_serves_one_replica(served, monkeypatch, tmp_path):
    monkeypatch.setenv(serve_command.COOKIE_SECRET_ENV, SECRET)
    db = tmp_path / "single.sqlite3"
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", f"sqlite:///{db}")
    assert main(["serve", "--production", "--allow-sqlite"]) == 0
    assert "--client.showErrorDetails=none" in served[0]
    assert db.exists()


def test_allow_sqlite_without_production_is_a_usage_error(served, capsys):
    assert main(["serve", "--allow-sqlite"]) == 2
    assert "only means something with --production" in capsys.readouterr().err
    assert served == []


def test_without_production_nothing_is_added_or_required(served, monkeypatch, tmp_path):
    monkeypatch.setenv("CORRIDORS_DATABASE_URL", f"sqlite:///{tmp_path / 'dev.sqlite3'}")
    assert main(["serve", "--", "--server.port", "8502"]) == 0
    assert served == [[sys.executable, "-m", "streamlit", "run",
                       str(tmp_path / "app.py"), "--server.port", "8502"]]


def test_a_broken_profile_is_refused_clearly(served, postgres_setting, monkeypatch,
                                             tmp_path, capsys):
    monkeypatch.setenv(serve_command.COOKIE_SECRET_ENV, SECRET)
    broken = tmp_path / "production.config.toml"
    broken.write_text("[server\nmaxUploadSize = 50\n", encoding="utf-8")
    monkeypatch.setattr(serve_command, "PRODUCTION_CONFIG", broken)
    assert main(["serve", "--production"]) == 2
    assert "cannot read the production profile" in capsys.readouterr().err
    assert served == []


def test_streamlit_accepts_every_profile_flag():
    """Each flag must be a real `streamlit run` option: a renamed one would stop the app."""
    from streamlit.web import cli as streamlit_cli

    names = {param.name for param in streamlit_cli.main_run.params}
    for key in serve_command.production_options():
        assert key.replace(".", "_") in names, f"streamlit run has no --{key}"
