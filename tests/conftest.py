"""Shared fixtures: a database URL per backend, and the CI rule that skips fail.

``database_url`` is parametrized: ``sqlite`` (a file in the test's temporary directory)
and ``postgres`` (a fresh database ``corridors_test_<random>`` on the server at
``CORRIDORS_TEST_POSTGRES_URL``, dropped afterwards; skipped when the server is not
reachable). With ``CORRIDORS_REQUIRE_ALL=1`` (set by ``.ci/run``) a skipped test marked
``postgres`` or ``browser`` is reported as a failure.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import secrets

import pytest

POSTGRES_URL_ENV = "CORRIDORS_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
REQUIRED_MARKERS = ("postgres", "browser")


def postgres_admin_url() -> str:
    """Return the URL of the PostgreSQL server's maintenance database for tests."""
    return os.environ.get(POSTGRES_URL_ENV) or DEFAULT_POSTGRES_URL


@functools.cache
def postgres_unavailable_reason() -> str | None:
    """Return why PostgreSQL cannot be used, or None when it can."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'corridors[postgres]')"
    try:
        with psycopg.connect(_libpq_url(postgres_admin_url()), connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"PostgreSQL at {postgres_admin_url()} is not reachable: {exc}"


def _libpq_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@pytest.fixture(scope="session", autouse=True)
def _default_database_is_temporary(tmp_path_factory):
    """No test touches the developer's data/corridors.sqlite3: the default database of
    the pages and the CLI is a session-wide temporary file unless a test sets its own."""
    path = tmp_path_factory.mktemp("default-db") / "corridors.sqlite3"
    previous = os.environ.get("CORRIDORS_DATABASE_URL")
    os.environ["CORRIDORS_DATABASE_URL"] = f"sqlite:///{path}"
    yield
    if previous is None:
        os.environ.pop("CORRIDORS_DATABASE_URL", None)
    else:
        os.environ["CORRIDORS_DATABASE_URL"] = previous


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """Yield the URL of an empty database: a SQLite file, or a fresh PostgreSQL database."""
    from corridors.store.store import forget_url

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'corridors.sqlite3'}"
        yield url
        forget_url(url)
        return
    reason = postgres_unavailable_reason()
    if reason:
        pytest.skip(reason)
    import psycopg

    name = f"corridors_test_{secrets.token_hex(6)}"
    admin = _libpq_url(postgres_admin_url())
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = _with_database(postgres_admin_url(), name)
    try:
        yield url
    finally:
        forget_url(url)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def figure():
    """Return a factory of canonical Records with sensible defaults (yearly volumes, t)."""
    from corridors.domain.records import Record
    from corridors.domain.series_catalog import load_series_catalog

    def make(location: str = "aktau", value: float = 1.0, *, year: int = 2023,
             corridor: str = "middle", **fields) -> Record:
        values = dict(corridor=corridor, location=location, period=str(year),
                      period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31),
                      metric="volume", direction="both", value=value, unit="t",
                      quality="reported", source="https://example.org/source", note="")
        values.update(fields)
        # the corridor's default series for the unit and metric, as an upload gets it
        values.setdefault("series", load_series_catalog().default_for(
            values["corridor"], values["unit"], values["metric"]))
        return Record(**values)

    return make


def pytest_collection_modifyitems(config, items):
    """Skip ``browser`` tests where Debian's Chromium or Playwright is missing (in CI the
    skip then fails the run, see below)."""
    from tests.support import chromium_available

    if chromium_available():
        return
    skip = pytest.mark.skip(reason="Debian chromium (/usr/bin/chromium) or playwright missing")
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium (Playwright), one per test module."""
    from tests.support import chromium_browser

    with chromium_browser() as launched:
        yield launched


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """A running app (``streamlit run app.py``) on a fresh, seeded SQLite database."""
    from tests.support import app_server

    db = tmp_path_factory.mktemp("app-db") / "corridors.sqlite3"
    with app_server(env={"CORRIDORS_DATABASE_URL": f"sqlite:///{db}"}) as url:
        yield url


@pytest.fixture
def app_page():
    """Run a page with AppTest: ``app_page(PAGE, params={...}, secrets={...})``."""
    from tests.support import run_app_page

    return run_app_page


@pytest.fixture
def offline_page(browser):
    """Open browser pages that may not reach beyond localhost:
    ``with offline_page(width=1400, height=900) as page: ...``."""
    from tests.support import offline_page as open_offline_page

    return lambda **size: open_offline_page(browser, **size)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Turn skips of ``postgres``/``browser`` tests into failures in CI."""
    report = yield
    if os.environ.get("CORRIDORS_REQUIRE_ALL") != "1" or not report.skipped:
        return report
    required = [m for m in REQUIRED_MARKERS if item.get_closest_marker(m)]
    if required and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = (f"{item.nodeid} was skipped ({reason}), but CORRIDORS_REQUIRE_ALL=1 "
                           f"forbids skipping {'/'.join(required)} tests.")
    return report
