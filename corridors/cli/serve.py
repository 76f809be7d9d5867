"""``corridors serve [-- streamlit options]``: run the dashboard with Streamlit.

Runs ``python -m streamlit run <project>/app.py`` with the same interpreter, so the
dashboard sees the same packages and the same database setting (DESIGN 3.6) as the CLI.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

from corridors.store import StoreError, open_store
from corridors.store.config import project_root


def register(subparsers) -> None:
    """Add the ``serve`` command to ``subparsers``."""
    parser = subparsers.add_parser(
        "serve", help="run the dashboard (streamlit run app.py)",
        description="Run the dashboard. Options after -- go to `streamlit run`, "
                    "e.g. corridors serve -- --server.port 8502")
    parser.add_argument("streamlit_args", nargs=argparse.REMAINDER,
                        help="options passed to `streamlit run` (after --)")
    parser.set_defaults(handler=run)


def streamlit_command(streamlit_args: list[str]) -> list[str]:
    """Return the command line that serves the dashboard."""
    options = list(streamlit_args)
    if options[:1] == ["--"]:
        options = options[1:]
    return [sys.executable, "-m", "streamlit", "run", str(project_root() / "app.py"),
            *options]


def run(args: argparse.Namespace) -> int:
    """Serve until Streamlit exits; return its exit code."""
    app = project_root() / "app.py"
    if not app.is_file():
        print(f"corridors serve: {app} not found; run from a corridors checkout.",
              file=sys.stderr)
        return 2
    try:
        # migrate and seed before serving: a bad database setting is reported here, in
        # the terminal, rather than to the first visitor
        store = open_store()
    except StoreError as exc:
        print(f"corridors serve: {exc}", file=sys.stderr)
        return 1
    print(f"corridors serve: data in {store}, data version {store.data_version()}",
          file=sys.stderr)
    command = streamlit_command(args.streamlit_args)
    try:
        return subprocess.call(command)
    except KeyboardInterrupt:  # Streamlit got the same Ctrl-C and is shutting down
        return 130
