"""Where the project's files live, in a source checkout and in an installed wheel alike.

In a checkout the files sit at the repository's top level (``geodata/``, ``static/``,
``pages/``, ``app.py``, ``.streamlit/``, ``deploy/``), the source of truth. A wheel carries
copies of them inside the package, under ``corridors/_bundle/`` (``setup.py`` puts them
there at build time); :data:`RESOURCE_ROOT` is whichever of the two exists, found
through :mod:`importlib.resources`. All paths are absolute :class:`pathlib.Path` objects.
"""

from __future__ import annotations

import os
import sys
from importlib.resources import files
from pathlib import Path

_PACKAGE: Path = Path(str(files("corridors")))
_BUNDLE: Path = _PACKAGE / "_bundle"

#: True when running from a source checkout (editable install or ``python -m``), False
#: when installed from a wheel.
IN_CHECKOUT: bool = not (_BUNDLE / "geodata").is_dir()
#: The folder holding ``geodata/``, ``static/``, ``pages/`` and ``app.py``: the repository
#: root in a checkout, ``corridors/_bundle`` in an installed wheel.
RESOURCE_ROOT: Path = _PACKAGE.parent if IN_CHECKOUT else _BUNDLE
#: Kept for the repository's own tools and tests: the repository root in a checkout.
PROJECT_ROOT: Path = RESOURCE_ROOT
#: Geodata layers and seed data (``countries.geojson``, ``nodes.geojson``,
#: ``segments.geojson``, ``catalog.toml``), all EPSG:4326.
GEODATA_DIR: Path = RESOURCE_ROOT / "geodata"
#: Display copies of the geometry, served by Streamlit under ``/app/static/``.
STATIC_DIR: Path = RESOURCE_ROOT / "static"
#: The app's own Streamlit settings (static serving, upload cap, no usage statistics).
APP_CONFIG: Path = RESOURCE_ROOT / ".streamlit" / "config.toml"


#: The CLI's exit code when a file the installation ships is missing: like a usage error,
#: the command could not run and nothing was done (exit 1 means "invalid input file").
EXIT_BROKEN_INSTALL = 2


def is_resource(path: str | os.PathLike | None) -> bool:
    """True when ``path`` lies under :data:`RESOURCE_ROOT` (a file we ship, not the user's)."""
    if not path:
        return False
    try:
        Path(path).resolve().relative_to(RESOURCE_ROOT.resolve())
    except ValueError:
        return False
    return True


def user_data_dir() -> Path:
    """Where an installed corridors keeps its embedded database when nothing else is set:
    ``$XDG_DATA_HOME/corridors`` (default ``~/.local/share/corridors``) on Linux,
    ``~/Library/Application Support/corridors`` on macOS, ``%LOCALAPPDATA%\\corridors`` on
    Windows. Never inside site-packages."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(Path.home() / "Library" / "Application Support")
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "corridors"


__all__ = ["APP_CONFIG", "EXIT_BROKEN_INSTALL", "GEODATA_DIR", "IN_CHECKOUT", "PROJECT_ROOT",
           "RESOURCE_ROOT", "STATIC_DIR", "is_resource", "user_data_dir"]
