"""``python -m polyname.cli`` runs the ``resolve`` command, as the single module did."""

import sys

from polyname.cli import main

if __name__ == "__main__":
    sys.exit(main())
