"""What ``briefcase dev --test`` and ``briefcase run --test`` run: the test suite.

Briefcase starts ``tests.<module name>`` in test mode and reads the exit code
from the last line of output, in the form printed below.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest


def run() -> int:
    tests = Path(__file__).resolve().parent
    # Slow soak tests stay out of the packaged run; extra words pass through
    # (`briefcase dev --test -- -k settings`).
    return int(pytest.main([str(tests), "-m", "not slow", "-q", *sys.argv[1:]]))


if __name__ == "__main__":
    code = run()
    print(f">>>>>>>>>> EXIT {code} <<<<<<<<<<")
    sys.exit(code)
