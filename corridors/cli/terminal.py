"""What the CLI prints: everything from a file or the database escaped for the terminal.

Exit codes of every command (README, "Command line"): 0 done; 1 refused (an invalid
file, a reverted file without ``--reapply``, a revision already reverted or missing, a
busy or full database: nothing was changed); 2 usage error (bad arguments, an input
file that cannot be read, an output folder that does not exist); 3 the database cannot
be used (read-only, damaged, cannot be opened, unreachable, connection ended); 4 an
unexpected internal error (a bug: the message says so; nothing is claimed about the
data).
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_DATABASE, EXIT_INTERNAL = 0, 1, 2, 3, 4


def say(text: str, file: TextIO | None = None, *, end: str = "\n") -> None:
    """Print ``text`` with invisible and control characters escaped."""
    from corridors.ingest.cells import escape_invisible  # not at import: --help stays light

    (file or sys.stdout).write(escape_invisible(str(text)) + end)


def say_json(data: object) -> None:
    """Print ``data`` as indented JSON, every invisible character ``\\u``-escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    from corridors.ingest.cells import escape_json_invisible

    sys.stdout.write(escape_json_invisible(text) + "\n")


def complain(command: str, message: str) -> None:
    """One sentence on standard error, prefixed with the command."""
    say(f"corridors {command}: {message}", sys.stderr)
