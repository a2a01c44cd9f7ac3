"""`python -m tests.iris --port 8013`: the IRIS emulator by hand, until Ctrl-C.

Prints the address, the user and the jobs to try (File → Translation memory →
Open IRIS job… in the workstation).
"""

from __future__ import annotations

import argparse
import signal
import threading

from tests.iris.emulator import IrisServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.iris")
    parser.add_argument("--port", type=int, default=8013, help="0 picks a free port")
    args = parser.parse_args(argv)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    with IrisServer(port=args.port) as server:
        print(f"IRIS emulator at {server.base_url}")
        print(f"user {server.username!r}, password {server.password!r}")
        print(f"jobs: {', '.join(server.state.jobs)} (IRIS-1002 is still processing)", flush=True)
        stop.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
