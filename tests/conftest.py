"""Test-wide settings.

Under CI (the environment variable CI is set, as `.ci/run` runs it) hypothesis draws the
same examples on every run, so that a submission is judged on its code, not on a draw.
Locally every run draws anew, to keep finding new cases.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
