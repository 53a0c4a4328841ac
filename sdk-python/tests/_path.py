"""Makes taskscope_sdk importable when the tests run from any directory (unittest discover -s sdk-python/tests)."""

import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
FIXTURES = os.path.abspath(os.path.join(ROOT, "..", "testdata", "simplepipe"))
