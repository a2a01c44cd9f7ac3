"""The soak test's child process: the outbox worker alone, until it is killed.

    python -m tests.sync.soak_child --server URL

It is what `python -m sync push --forever` runs (a `SyncSession` on the
profile database, signed in with REVIEW_WORKSTATION_EMAIL / _PASSWORD, the
worker's `run()` until SIGTERM), with three differences that keep the soak
test bounded and observable:

- retry and back-off numbers are test-sized (the same curves, shorter), so
  the worker's durable back-off cannot outlast the test;
- the worker is woken every few milliseconds, standing in for the window's
  `wake()` after each local save: the edits come from another process
  (the test), which cannot call it, and the idle poll is 30 s;
- it prints `ready` once signed in, so the test can aim its kills at the
  sending rather than at Python's start-up.

Exit codes: 0 when the outbox is empty at SIGTERM, 1 when items remain,
2 when signing in was refused.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Sequence

from app.paths import profile
from app.storage import Database, Outbox, open_profile
from sync.backoff import Backoff
from sync.command_line import EMAIL_VARIABLE, PASSWORD_VARIABLE
from sync.errors import SignInRequired, SyncError
from sync.secret_store import MemorySecretStore
from sync.session import SyncSession
from sync.transport import RetryPolicy

RETRY = RetryPolicy(
    attempts=4, total_s=5.0, backoff=Backoff(base_s=0.02, cap_s=0.2), longest_wait_s=2.0
)
WORKER_BACKOFF = Backoff(base_s=0.05, cap_s=0.5)
WAKE_EVERY_S = 0.05
SIGN_IN_ATTEMPTS = 50


async def _sign_in(session: SyncSession, email: str, password: str) -> None:
    # The emulator's faults hit the login too; a person would just try again.
    for attempt in range(SIGN_IN_ATTEMPTS):
        try:
            await session.sign_in(email, password)
            return
        except SignInRequired:
            raise
        except SyncError:
            if attempt == SIGN_IN_ATTEMPTS - 1:
                raise
            await asyncio.sleep(0.05)


async def _wake_often(session: SyncSession) -> None:
    while True:
        await asyncio.sleep(WAKE_EVERY_S)
        session.worker.wake()


async def _run(server: str, database: Database) -> int:
    session = SyncSession(
        server,
        database,
        secrets=MemorySecretStore(),
        retry=RETRY,
        worker_backoff=WORKER_BACKOFF,
    )
    try:
        try:
            await _sign_in(
                session, os.environ[EMAIL_VARIABLE], os.environ[PASSWORD_VARIABLE]
            )
        except SignInRequired as error:
            print(f"sign-in refused: {error.detail}", file=sys.stderr, flush=True)
            return 2
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        print("ready", flush=True)
        waker = asyncio.ensure_future(_wake_often(session))
        worker = asyncio.ensure_future(session.worker.run())
        await stop.wait()
        waker.cancel()
        session.worker.stop()
        await worker
        with contextlib.suppress(asyncio.CancelledError):
            await waker
        outbox = Outbox(database)
        return 0 if not (outbox.pending_items() or outbox.failed_items()) else 1
    finally:
        await session.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.sync.soak_child")
    parser.add_argument("--server", required=True)
    args = parser.parse_args(argv)
    # To stderr, which the test keeps: it counts the rows found in flight.
    logging.basicConfig(level=logging.INFO, format="%(name)s: %(message)s")
    database = open_profile(profile())  # also puts rows a kill left in flight back to pending
    try:
        return asyncio.run(_run(args.server, database))
    finally:
        database.close()


if __name__ == "__main__":
    sys.exit(main())
