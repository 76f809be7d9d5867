"""One SQLAlchemy engine per process per URL, and the transactions the store runs in.

SQLite (the embedded default): WAL, ``synchronous=FULL``, a busy timeout,
foreign keys, and every write transaction opened with ``BEGIN IMMEDIATE`` so that a
writer takes the write lock up front; a deferred read-then-write transaction fails with
"database is locked" under concurrent writers whatever the timeout. pysqlite's own
transaction handling is switched off (the SQLAlchemy "serializable isolation / savepoints"
recipe) so that the ``begin`` event decides what BEGIN to emit.

PostgreSQL (psycopg 3): write transactions take a transaction-scoped advisory lock, so
concurrent imports from several replicas run one after the other.
"""

from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from corridors.store.errors import (
    DatabaseBusyError,
    DatabaseUnavailableError,
    DiskFullError,
    StoreError,
)

T = TypeVar("T")

SQLITE_BUSY_TIMEOUT_MS = 20_000
WRITE_ATTEMPTS = 6
# Negative = KiB. Bulk imports update two random-order indexes of current_figures; with
# the default 2 MB cache they spill to disk constantly (about twice as slow per 1M rows).
# Pages are allocated on demand, so small databases do not pay for it.
SQLITE_CACHE_KIB = -131_072
# Arbitrary but fixed: every corridors process must use the same key.
ADVISORY_LOCK_KEY = 0x636F72726964  # "corrid"
_WRITE_OPTION = "corridors_write"

try:  # psycopg is an optional extra; SQLite needs nothing
    from psycopg import Error as _PsycopgError
except ImportError:  # pragma: no cover
    class _PsycopgError(Exception):  # noqa: N818 - stand-in that nothing raises
        pass

# Bulk transfers talk to the driver directly, so its errors arrive unwrapped too.
DRIVER_ERRORS = (sa.exc.DBAPIError, sqlite3.Error, _PsycopgError)

_engines: dict[tuple[int, str], Engine] = {}
_engines_lock = threading.Lock()


def get_engine(url: str) -> Engine:
    """Return this process's engine for ``url``, creating it on first use.

    Parameters
    ----------
    url : str
        A resolved SQLAlchemy URL (``sqlite:///...`` or ``postgresql+psycopg://...``).
    """
    key = (os.getpid(), url)  # a forked child must not share its parent's sockets
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _create_engine(url)
            _engines[key] = engine
        return engine


def dispose_engine(url: str) -> None:
    """Close every pooled connection of ``url``'s engine and forget it (tests, shutdown)."""
    with _engines_lock:
        engine = _engines.pop((os.getpid(), url), None)
    if engine is not None:
        engine.dispose()


def _create_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url)
        event.listen(engine, "connect", _configure_sqlite_connection)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    if url.startswith("postgresql"):
        return sa.create_engine(url, pool_pre_ping=True)
    raise StoreError(
        f"Unsupported database URL {sa.make_url(url).render_as_string()!r}: use "
        "sqlite:///PATH or postgresql+psycopg://USER@HOST/DB."
    )


def _configure_sqlite_connection(dbapi_connection, _record) -> None:
    # Stop pysqlite from issuing its own BEGIN; _begin_sqlite emits the right one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # busy_timeout first: switching to WAL needs a lock another process may hold.
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA cache_size = {SQLITE_CACHE_KIB}")
        cursor.execute("PRAGMA temp_store = MEMORY")
    finally:
        cursor.close()


def _begin_sqlite(conn: Connection) -> None:
    write = conn.get_execution_options().get(_WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def is_sqlite(engine: Engine) -> bool:
    """Return True for the embedded SQLite backend."""
    return engine.dialect.name == "sqlite"


def run_transaction(engine: Engine, work: Callable[[Connection], T], *, write: bool,
                    attempts: int = WRITE_ATTEMPTS) -> T:
    """Run ``work(conn)`` in one transaction, retrying while the database is busy.

    Parameters
    ----------
    engine : Engine
        From :func:`get_engine`.
    work : callable
        Receives the connection; must do all its database work through it. It may run
        more than once (after a rollback), so it must not have outside side effects.
    write : bool
        Take the write lock at BEGIN (SQLite ``BEGIN IMMEDIATE``; PostgreSQL advisory lock).
    attempts : int
        How many times a busy or serialisation failure is retried.

    Raises
    ------
    DiskFullError
        The disk or the size limit is full; the transaction was rolled back.
    DatabaseBusyError
        Still busy after ``attempts`` tries; nothing was written.
    """
    for attempt in range(1, attempts + 1):
        try:
            with engine.connect() as conn:
                if write:
                    conn = conn.execution_options(**{_WRITE_OPTION: True})
                with conn.begin():
                    if write and not is_sqlite(engine):
                        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                                     {"key": ADVISORY_LOCK_KEY})
                    return work(conn)
        except DRIVER_ERRORS as exc:
            kind = classify_error(exc)
            where = engine.url.render_as_string(hide_password=True)
            if kind == "full":
                raise DiskFullError(where) from exc
            if kind in DatabaseUnavailableError.SENTENCES:
                raise DatabaseUnavailableError(kind, where) from exc
            if kind != "busy":
                raise
            if attempt == attempts:
                raise DatabaseBusyError(where, attempts) from exc
            time.sleep(min(2.0, 0.05 * 2**attempt) * (0.5 + random.random()))  # noqa: S311
    raise AssertionError("unreachable")  # pragma: no cover


_SQLITE_KINDS = {sqlite3.SQLITE_READONLY: "read-only", sqlite3.SQLITE_CORRUPT: "damaged",
                 sqlite3.SQLITE_NOTADB: "damaged", sqlite3.SQLITE_CANTOPEN: "cannot-open",
                 sqlite3.SQLITE_PERM: "read-only"}
_UNREACHABLE = ("connection refused", "could not connect", "connection failed",
                "could not translate host name", "name or service not known",
                "timeout expired", "no route to host", "connection timed out")
_ENDED = ("terminating connection", "server closed the connection", "connection is closed",
          "consuming input failed", "connection not open", "ssl connection has been closed")


def classify_error(exc: Exception) -> str:
    """Return what a driver error means: ``"full"``, ``"busy"`` (worth a retry), one of
    ``DatabaseUnavailableError.SENTENCES`` (``read-only``, ``damaged``, ``cannot-open``,
    ``unreachable``, ``connection-ended``) or ``"other"``."""
    orig = exc.orig if isinstance(exc, sa.exc.DBAPIError) else exc
    if isinstance(orig, sqlite3.Error):
        code = (getattr(orig, "sqlite_errorcode", None) or 0) & 0xFF  # primary code
        message = str(orig).lower()
        if code == sqlite3.SQLITE_FULL or "disk is full" in message:
            return "full"
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in message:
            return "busy"
        if code in _SQLITE_KINDS:
            return _SQLITE_KINDS[code]
        if "readonly" in message or "read-only" in message:
            return "read-only"
        if "not a database" in message or "malformed" in message:
            return "damaged"
        if "unable to open" in message:
            return "cannot-open"
        return "other"
    sqlstate = getattr(orig, "sqlstate", None) or ""
    message = str(orig).lower()
    if sqlstate == "53100":  # disk_full
        return "full"
    if sqlstate in ("40001", "40P01", "55P03"):  # serialization, deadlock, lock timeout
        return "busy"
    if sqlstate == "25006":  # read_only_sql_transaction (a hot standby)
        return "read-only"
    if sqlstate.startswith("57P") or any(m in message for m in _ENDED):
        return "connection-ended"  # admin shutdown, crash shutdown, cannot connect now
    if sqlstate.startswith("08") or any(m in message for m in _UNREACHABLE):
        return "unreachable"
    if isinstance(exc, sa.exc.DBAPIError) and exc.connection_invalidated:
        return "connection-ended"
    return "other"


def explain_error(exc: BaseException, engine: Engine) -> StoreError | None:
    """The StoreError (one sentence) for a driver error, or None when it means nothing
    we can explain (a bug: let it propagate)."""
    if not isinstance(exc, DRIVER_ERRORS):
        return None
    kind = classify_error(exc)
    where = engine.url.render_as_string(hide_password=True)
    if kind == "full":
        return DiskFullError(where)
    if kind in DatabaseUnavailableError.SENTENCES:
        return DatabaseUnavailableError(kind, where)
    return None
