"""The ``corridors`` command line: a thin shell over the library; one module
per command group, :mod:`corridors.cli.main` builds the parser."""

from corridors.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
