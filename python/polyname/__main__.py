"""``python -m polyname`` runs the ``resolve`` command."""

import sys

from polyname.cli import main

if __name__ == "__main__":
    sys.exit(main())
