"""``python -m corridors`` runs the command line."""

import sys

from corridors.cli import main

sys.exit(main())
