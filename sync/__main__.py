"""`python -m sync push [--server URL] [--profile NAME] [--forever]`: the worker alone.

For child processes (the soak test, scripted flushes): drains the outbox of a
profile with no window and no pull. Credentials as for `review-workstation
sync`: the keyring session, or REVIEW_WORKSTATION_EMAIL / _PASSWORD.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app.paths import DEFAULT_PROFILE
from sync.command_line import run_worker


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sync")
    commands = parser.add_subparsers(dest="command", required=True)
    push = commands.add_parser("push", help="send the outbox")
    push.add_argument("--server", help="server URL (default: the profile's last server)")
    push.add_argument("--profile", default=DEFAULT_PROFILE)
    push.add_argument("--forever", action="store_true", help="keep sending until SIGTERM")
    args = parser.parse_args(argv)
    return run_worker(args.server, forever=args.forever, profile_name=args.profile)


if __name__ == "__main__":
    sys.exit(main())
