"""`python -m tests.platform serve --port 8012 --data DIR`: the emulator by hand.

Prints the base URL and the demo accounts, then serves until Ctrl-C or
SIGTERM. Fault switches come from PLATFORM_EMULATOR_* environment variables
(see README.md) or `POST /api/v1/_emulator/faults`.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from tests.platform.faults import FaultSettings
from tests.platform.seed import DEMO_PASSWORD, USERS
from tests.platform.server import PlatformServer


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tests.platform")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the emulator on loopback")
    serve.add_argument("--port", type=int, default=8012, help="0 picks a free port")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--data", type=Path, required=True, help="data folder, created if missing")
    serve.add_argument(
        "--token-ttl", type=float, default=15 * 60, help="access-token lifetime in seconds"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    server = PlatformServer(
        args.data,
        host=args.host,
        port=args.port,
        access_token_ttl_s=args.token_ttl,
        faults=FaultSettings.from_env(),
    ).start()
    try:
        print(
            f"Platform emulator at {server.base_url}  (API {server.api_url}, docs "
            f"{server.base_url}/docs)"
        )
        print(f"Data: {args.data.resolve()}")
        print(f"Demo accounts, password '{DEMO_PASSWORD}' (demo only):")
        for user in USERS:
            print(f"  {user.email:<24} {user.role}")
        print("Ctrl-C to stop.", flush=True)
        while not stop.wait(0.5):
            pass  # a timed wait keeps the main thread responsive to signals
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
