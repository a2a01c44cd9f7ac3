"""Start the workstation the way the ``review-workstation`` command does."""

from __future__ import annotations

import sys

from ui.command_line import main

if __name__ == "__main__":
    sys.exit(main())
