"""Where the database lives: one setting for the app and the CLI alike.

Resolution order:

1. the environment variable ``CORRIDORS_DATABASE_URL``;
2. ``[connections.corridors] url`` in ``.streamlit/secrets.toml`` (the project root's,
   else the current directory's), the file Streamlit itself reads;
3. the embedded SQLite file ``corridors.sqlite3`` in ``$CORRIDORS_DATA_DIR``, by default
   ``<project root>/data/`` in a checkout and the user's data directory
   (:func:`corridors.domain.paths.user_data_dir`) when installed from a wheel.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from corridors.domain.paths import IN_CHECKOUT, PROJECT_ROOT, user_data_dir
from corridors.store.errors import ConfigError, DatabaseUnavailableError

DATABASE_URL_ENV = "CORRIDORS_DATABASE_URL"
DATA_DIR_ENV = "CORRIDORS_DATA_DIR"
SQLITE_FILENAME = "corridors.sqlite3"


def project_root() -> Path:
    """Return the project root (the directory holding ``corridors/`` and ``geodata/``)."""
    return PROJECT_ROOT


def secrets_files() -> list[Path]:
    """Return the ``secrets.toml`` candidates, project root first, without duplicates."""
    candidates = [project_root() / ".streamlit" / "secrets.toml",
                  Path.cwd() / ".streamlit" / "secrets.toml"]
    unique: list[Path] = []
    for path in candidates:
        if path.resolve() not in [p.resolve() for p in unique]:
            unique.append(path)
    return unique


def url_from_secrets(path: Path) -> str | None:
    """Return ``[connections.corridors] url`` from one secrets file, or None.

    Raises
    ------
    ConfigError
        When the file exists but is not valid TOML (a silent fallback to SQLite would
        split the data between two databases).
    """
    if not path.is_file():
        return None
    try:
        secrets = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"Cannot read {path}: {exc}. Fix the TOML syntax, or set "
            f"{DATABASE_URL_ENV} to choose the database explicitly."
        ) from exc
    url = secrets.get("connections", {}).get("corridors", {}).get("url")
    return str(url) if url else None


def default_sqlite_path() -> Path:
    """Return the embedded database file: ``$CORRIDORS_DATA_DIR``, else ``<root>/data`` in
    a checkout, else the user's data directory (never inside site-packages)."""
    data_dir = os.environ.get(DATA_DIR_ENV)
    if data_dir:
        base = Path(data_dir).expanduser()
    else:
        base = project_root() / "data" if IN_CHECKOUT else user_data_dir()
    return base / SQLITE_FILENAME


def sqlite_url(path: Path) -> str:
    """Return the SQLAlchemy URL of a SQLite file (absolute, so cwd does not matter)."""
    return f"sqlite:///{Path(path).resolve()}"


def resolve_database_url(url: str | None = None) -> str:
    """Return the database URL to use, in the order the module docstring gives.

    Parameters
    ----------
    url : str, optional
        An explicit URL wins over every setting.

    Returns
    -------
    str
        A SQLAlchemy URL; ``postgresql://`` is normalised to the psycopg 3 driver.
    """
    if not url:
        url = os.environ.get(DATABASE_URL_ENV) or None
    if not url:
        for path in secrets_files():
            url = url_from_secrets(path)
            if url:
                break
    if not url:
        path = default_sqlite_path()
        _make_folder(path.parent)
        return sqlite_url(path)
    return normalise_url(url)


def _make_folder(folder: Path) -> None:
    """Create the database's folder; a folder that cannot be made is a sentence."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:

        raise DatabaseUnavailableError("cannot-open", str(folder)) from exc


def normalise_url(url: str) -> str:
    """Map ``postgres://`` and ``postgresql://`` to ``postgresql+psycopg://`` (psycopg 3)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    if url.startswith("sqlite:///"):
        # SQLite creates the file but not its directory: a fresh checkout has no data/.
        path = url[len("sqlite:///"):].split("?", 1)[0]
        path = path[len("file:"):] if path.startswith("file:") else path  # a URI filename
        if path and path != ":memory:":
            _make_folder(Path(path).parent)
    return url
