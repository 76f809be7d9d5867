"""CLI: ``corridors hash-password``, the editor password hash for secrets.toml."""

from __future__ import annotations

import getpass
import sys

from corridors.domain.editors import hash_password


def register(subparsers) -> None:
    """Register ``hash-password``."""
    parser = subparsers.add_parser(
        "hash-password",
        help="print a salted hash of an editor password for .streamlit/secrets.toml",
        description="Reads the password (twice at a terminal, once from a pipe) and prints "
                    "the [editors] section to paste into .streamlit/secrets.toml.",
    )
    parser.set_defaults(handler=run)


def _read_password() -> str | None:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Editor password: ")
    if first != getpass.getpass("Once more: "):
        print("The two passwords differ; nothing was printed.", file=sys.stderr)
        return None
    return first


def run(args) -> int:
    """Print the ``[editors]`` section; exit 1 on an empty or mismatched password."""
    password = _read_password()
    if password is None:
        return 1
    if len(password) < 8:
        print("Use at least 8 characters; nothing was printed.", file=sys.stderr)
        return 1
    print(f'[editors]\npassword_hash = "{hash_password(password)}"')
    return 0
