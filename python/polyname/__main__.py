"""``python -m polyname`` runs the ``resolve`` command."""

import sys

from polyname.cli import main

sys.exit(main())
