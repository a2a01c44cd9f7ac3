"""Where the shared public test files are, and how big fuzzed inputs may get.

`HOSTILE_EXAMPLES` sets how many examples each fuzz test tries (default 60,
which keeps `tests/hostile` well under a minute on two cores); a long run
by hand is e.g. `HOSTILE_EXAMPLES=5000 .venv/bin/python -m pytest tests/hostile`.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, settings

SHARED = Path(__file__).resolve().parents[3] / "shared"
VTT_FILES = sorted((SHARED / "corpus" / "vtt").glob("*.vtt"))
TMX_FILES = sorted((SHARED / "corpus" / "tmx-lisa-kit").glob("*.tmx"))

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "60"))

# A deadline far above a normal read (milliseconds) but far below a hang:
# generous because two cores are shared, tight enough to catch a runaway
# regex or a loop that never ends. Inputs are bounded in size, so a read
# that passes the deadline is a bug, not a slow machine.
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=EXAMPLES <= 60,  # CI runs are reproducible; big runs explore
    database=None,
)
