"""CLI commands: validate (placeholder registration until its issue lands)."""

from __future__ import annotations


def register(subparsers) -> None:
    """Register this module's sub-commands (none yet)."""
