"""``corridors serve [--production [--allow-sqlite]] [-- streamlit options]``: run the dashboard.

Runs ``python -m streamlit run <project>/app.py`` with the same interpreter, so the
dashboard sees the same packages and the same database setting as the CLI.

``--production`` adds the production profile, ``deploy/production.config.toml``,
as command-line flags (they win over ``.streamlit/config.toml``; options after ``--`` win
over them), and refuses to start without what several replicas need: a cookie secret
in ``STREAMLIT_SERVER_COOKIE_SECRET`` and a database they can share (not the embedded
SQLite file, unless ``--allow-sqlite`` says a single replica is meant). docs/deploy.md
has the rest.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tomllib
from pathlib import Path

from corridors.cli.terminal import EXIT_DATABASE, EXIT_REFUSED, complain
from corridors.domain.paths import APP_CONFIG, EXIT_BROKEN_INSTALL, RESOURCE_ROOT

#: The production profile: one file, read by ``--production`` and shown in docs/deploy.md.
PRODUCTION_CONFIG = RESOURCE_ROOT / "deploy" / "production.config.toml"
COOKIE_SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"  # noqa: S105 (a variable name)
#: Shorter secrets are refused: the cookie secret signs the XSRF and login cookies.
MIN_COOKIE_SECRET_CHARS = 32


class ProductionConfigError(ValueError):
    """``--production`` cannot start as configured; the message says how to fix it."""


# The store (SQLAlchemy, pandas) is imported only when ``serve`` runs: ``corridors --help``
# and the other commands must not pay for it (issue 17).
def project_root() -> Path:
    """Return the project root (see :func:`corridors.store.config.project_root`)."""
    from corridors.store.config import project_root as root

    return root()


def open_store(url: str | None = None):
    """Open the store (:func:`corridors.store.open_store`), imported on first use."""
    from corridors.store import open_store as open_

    return open_(url)


def register(subparsers) -> None:
    """Add the ``serve`` command to ``subparsers``."""
    parser = subparsers.add_parser(
        "serve", help="run the dashboard (streamlit run app.py)",
        description="Run the dashboard. Options after -- go to `streamlit run`, "
                    "e.g. corridors serve -- --server.port 8502")
    parser.add_argument(
        "--production", action="store_true",
        help="use the production profile (deploy/production.config.toml); needs "
             f"{COOKIE_SECRET_ENV} and a shared database (see docs/deploy.md)")
    parser.add_argument(
        "--allow-sqlite", action="store_true",
        help="with --production: accept the embedded SQLite database (one replica only)")
    parser.add_argument("streamlit_args", nargs=argparse.REMAINDER,
                        help="options passed to `streamlit run` (after --)")
    parser.set_defaults(handler=run)


def _strip_separator(streamlit_args: list[str]) -> list[str]:
    options = list(streamlit_args)
    return options[1:] if options[:1] == ["--"] else options


def streamlit_command(streamlit_args: list[str], *, production: bool = False) -> list[str]:
    """Return the command line that serves the dashboard (with the production flags)."""
    profile = production_flags() if production else []
    return [sys.executable, "-m", "streamlit", "run", str(project_root() / "app.py"),
            *app_config_flags(), *profile, *_strip_separator(streamlit_args)]


def app_config_flags(cwd: Path | None = None) -> list[str]:
    """The app's own ``.streamlit/config.toml`` as flags when Streamlit would not read it:
    Streamlit reads the config of the current directory, which is the app's own only when
    serving from the checkout's root (``make run``). Installed from a wheel, or started
    elsewhere, the flags carry static serving, the upload cap and the rest."""
    own = (cwd or Path.cwd()) / ".streamlit" / "config.toml"
    if own.is_file() and own.resolve() == APP_CONFIG.resolve():
        return []
    return production_flags(APP_CONFIG)


def _flag_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def production_options(path: Path | None = None) -> dict[str, object]:
    """Return the production profile (``path``, by default :data:`PRODUCTION_CONFIG`)
    as ``{"section.option": value}``.

    Raises
    ------
    ProductionConfigError
        When the profile file is missing or is not valid TOML.
    """
    path = path or PRODUCTION_CONFIG
    try:
        profile = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ProductionConfigError(
            f"the production profile {path} is missing; restore it from the repository."
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProductionConfigError(f"cannot read the production profile {path}: {exc}") from exc
    options: dict[str, object] = {}
    for section, values in profile.items():
        for name, value in values.items():
            options[f"{section}.{name}"] = value
    return options


def production_flags(path: Path | None = None) -> list[str]:
    """Return the production profile as ``streamlit run`` flags (``--server.x=y``)."""
    return [f"--{key}={_flag_value(value)}" for key, value in production_options(path).items()]


def check_production(streamlit_args: list[str], *, allow_sqlite: bool) -> str:
    """Check what several replicas need before serving; return the database URL.

    Raises
    ------
    ProductionConfigError
        Without a long enough cookie secret in the environment, with the secret on the
        command line, or with the embedded SQLite database and no ``--allow-sqlite``.
    """
    if any(arg.startswith("--server.cookieSecret") for arg in streamlit_args):
        raise ProductionConfigError(
            "do not pass --server.cookieSecret on the command line (every local user can "
            f"read it in the process list); set {COOKIE_SECRET_ENV} in the environment.")
    secret = os.environ.get(COOKIE_SECRET_ENV, "")
    if not secret.strip():
        raise ProductionConfigError(
            f"{COOKIE_SECRET_ENV} is not set. Every replica must sign cookies with the same "
            "secret: generate one once (python -c \"import secrets; "
            "print(secrets.token_hex(32))\"), keep it in your secret store and set it in "
            "every replica's environment.")
    if len(secret.strip()) < MIN_COOKIE_SECRET_CHARS:
        raise ProductionConfigError(
            f"{COOKIE_SECRET_ENV} is {len(secret.strip())} characters long; use at least "
            f"{MIN_COOKIE_SECRET_CHARS} random characters (python -c \"import secrets; "
            "print(secrets.token_hex(32))\").")
    from corridors.store.config import DATABASE_URL_ENV, resolve_database_url

    url = resolve_database_url()
    if url.startswith("sqlite") and not allow_sqlite:
        raise ProductionConfigError(
            f"the database is the embedded SQLite file ({url}), which replicas on other "
            f"machines cannot share. Set {DATABASE_URL_ENV}=postgresql+psycopg://USER@HOST/DB "
            "(pip install '.[postgres]'), or pass --allow-sqlite to run a single replica "
            "on this machine.")
    return url


def run(args: argparse.Namespace) -> int:
    """Serve until Streamlit exits; return its exit code."""
    app = project_root() / "app.py"
    if not app.is_file():
        print(f"corridors serve: {app} not found: this installation of corridors is "
              "incomplete. Reinstall it (pip install --force-reinstall corridors) or "
              "restore the checkout; nothing was started.", file=sys.stderr)
        return EXIT_BROKEN_INSTALL
    production = getattr(args, "production", False)
    streamlit_args = _strip_separator(args.streamlit_args)
    if getattr(args, "allow_sqlite", False) and not production:
        print("corridors serve: --allow-sqlite only means something with --production.",
              file=sys.stderr)
        return 2
    try:
        if production:
            check_production(streamlit_args, allow_sqlite=args.allow_sqlite)
            command = streamlit_command(streamlit_args, production=True)
        else:
            command = streamlit_command(streamlit_args)
    except ProductionConfigError as exc:
        print(f"corridors serve --production: {exc}", file=sys.stderr)
        return 2
    from corridors.store import StoreError
    from corridors.store.errors import DatabaseUnavailableError

    try:
        # migrate and seed before serving: a bad database setting is reported here, in
        # the terminal, rather than to the first visitor
        store = open_store()
        version = store.data_version()
    except StoreError as exc:
        complain("serve", str(exc))
        return EXIT_DATABASE if isinstance(exc, DatabaseUnavailableError) else EXIT_REFUSED
    print(f"corridors serve: data in {store}, data version {version}"
          f"{', production profile' if production else ''}", file=sys.stderr)
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:  # Streamlit got the same Ctrl-C and is shutting down
        return 130
