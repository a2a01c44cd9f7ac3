"""The sync engine without a window: what `review-workstation sync|export|import` run.

Each function returns the process exit code and prints for people (or JSON
for scripts); `ui/command_line.py` parses the arguments and calls them. They
work on the same profile database as the window.

Exit codes of `sync`: 0 everything is synced, 1 items remain (offline,
conflict, refused; they are listed), 2 signing in failed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

from app.captions.quality import DEFAULT_PROFILE_NAME, check_timing_order, profile_named
from app.captions.webvtt_file import VttReadError, decode, parse
from app.paths import DEFAULT_PROFILE, profile
from app.storage import Database, Outbox, OutboxItem, TrackKind, TrackStore, open_profile
from sync.conflicts import ConflictStore
from sync.errors import SignInRequired, SyncError
from sync.profile_settings import SyncSettings, load_settings, save_settings
from sync.secret_store import KeyringSecretStore, SecretStore
from sync.session import SyncReport, SyncSession
from sync.transport import RetryPolicy

EMAIL_VARIABLE = "REVIEW_WORKSTATION_EMAIL"
PASSWORD_VARIABLE = "REVIEW_WORKSTATION_PASSWORD"

EXIT_SYNCED = 0
EXIT_ITEMS_REMAIN = 1
EXIT_SIGN_IN_FAILED = 2
EXIT_REFUSED = 2


def sync_once(
    server_url: str | None,
    json_output: bool,
    *,
    profile_name: str = DEFAULT_PROFILE,
    secrets: SecretStore | None = None,
    retry: RetryPolicy | None = None,
) -> int:
    """One pull-and-push cycle against `server_url` (None: the profile's last server)."""
    chosen = profile(profile_name)
    server = server_url or load_settings(chosen.folder).server_url
    if not server:
        return _say_failure(json_output, "No server: pass --server URL once", EXIT_SIGN_IN_FAILED)
    database = open_profile(chosen)
    try:
        return asyncio.run(
            _sync_once(server, database, chosen.folder, profile_name, json_output, secrets, retry)
        )
    finally:
        database.close()


async def _sync_once(
    server: str,
    database: Database,
    folder: Path,
    profile_name: str,
    json_output: bool,
    secrets: SecretStore | None,
    retry: RetryPolicy | None,
) -> int:
    session = SyncSession(
        server,
        database,
        secrets=secrets or KeyringSecretStore(),
        profile_name=profile_name,
        retry=retry,
    )
    try:
        try:
            await _sign_in(session)
        except SignInRequired as error:
            return _say_failure(json_output, f"Sign-in failed: {error.detail}", EXIT_SIGN_IN_FAILED)
        except SyncError as error:
            report = SyncReport(offline_reason=error.detail)
        else:
            _remember(folder, session)
            try:
                report = await session.sync_once()
            except SignInRequired as error:
                message = f"Sign-in failed: {error.detail}"
                return _say_failure(json_output, message, EXIT_SIGN_IN_FAILED)
        return _report(session, database, report, json_output)
    finally:
        await session.stop()


async def _sign_in(session: SyncSession) -> None:
    email, password = os.environ.get(EMAIL_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
    if email and password:
        await session.sign_in(email, password)
        return
    try:
        await session.resume()
    except SignInRequired:
        raise SignInRequired(
            f"not signed in; sign in in the window, or set {EMAIL_VARIABLE} and {PASSWORD_VARIABLE}"
        ) from None


def _remember(folder: Path, session: SyncSession) -> None:
    user = session.user
    save_settings(
        folder,
        SyncSettings(
            server_url=session.server_url,
            user_id=user.id if user else None,
            user_email=user.email if user else None,
            user_name=user.name if user else None,
            user_role=user.role if user else None,
        ),
    )


def _report(session: SyncSession, database: Database, report: SyncReport, as_json: bool) -> int:
    outbox = Outbox(database)
    remaining = outbox.pending_items() + outbox.failed_items()
    conflicts = ConflictStore(database).list()
    synced = not remaining and not conflicts and report.offline_reason is None
    code = EXIT_SYNCED if synced else EXIT_ITEMS_REMAIN
    summary: dict[str, Any] = {
        "server": session.server_url,
        "signed_in_as": session.user.email if session.user else None,
        "offline": report.offline_reason,
        "pulled_jobs": report.pull.jobs if report.pull else 0,
        "tracks_updated": report.pull.tracks_updated if report.pull else 0,
        "problems": report.pull.problems if report.pull else [],
        "sent": report.push.sent,
        "merged": report.push.merged,
        "remaining": [_item_json(item) for item in remaining],
        "conflicts": [
            {
                "job_id": c.job_id,
                "language": c.language,
                "kind": c.kind,
                "theirs_version": c.theirs_version,
                "reason": c.reason,
            }
            for c in conflicts
        ],
        "exit_code": code,
    }
    if as_json:
        print(json.dumps(summary, ensure_ascii=False), flush=True)
    else:
        _print_summary(summary)
    return code


def _item_json(item: OutboxItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "job_id": item.job_id,
        "language": item.language,
        "kind": item.kind,
        "target": item.target,
        "state": item.state.value,
        "attempts": item.attempts,
        "reason": item.last_error,
    }


def _print_summary(summary: dict[str, Any]) -> None:
    who = summary["signed_in_as"] or "nobody"
    print(f"{summary['server']}: signed in as {who}")
    if summary["offline"]:
        print(f"  offline: {summary['offline']}")
    print(
        f"  pulled {summary['pulled_jobs']} jobs ({summary['tracks_updated']} tracks updated); "
        f"sent {summary['sent']} items, merged {summary['merged']} tracks"
    )
    for problem in summary["problems"]:
        print(f"  problem: {problem}")
    for item in summary["remaining"]:
        where = f"{item['job_id']} {item['language'] or '(job)'}"
        reason = f": {item['reason']}" if item["reason"] else ""
        print(f"  {item['state']:9} {where} {item['kind']} {item['target']}{reason}")
    for conflict in summary["conflicts"]:
        print(
            f"  conflict  {conflict['job_id']} {conflict['language']} {conflict['kind']} "
            f"(server version {conflict['theirs_version']}): {conflict['reason']}"
        )
    if summary["exit_code"] == EXIT_SYNCED:
        print("  everything is synced")


def _say_failure(as_json: bool, message: str, code: int) -> int:
    if as_json:
        print(json.dumps({"error": message, "exit_code": code}), flush=True)
    else:
        print(f"review-workstation: {message}", file=sys.stderr)
    return code


def export_job(job_id: str, folder: Path, *, profile_name: str = DEFAULT_PROFILE) -> int:
    """Write every cached track of a job as `folder/<lang>.<kind>.vtt` (the working copies)."""
    database = open_profile(profile(profile_name))
    try:
        tracks = TrackStore(database).list_tracks(job_id)
    finally:
        database.close()
    if not tracks:
        print(f"review-workstation: job {job_id} has no cached tracks; run sync", file=sys.stderr)
        return 1
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for track in tracks:
            path = folder / f"{track.language}.{track.kind.value}.vtt"
            _write_atomically(path, track.working_content.encode("utf-8"))
            print(path)
    except OSError as error:
        print(f"review-workstation: cannot write to {folder}: {error}", file=sys.stderr)
        return 2
    return 0


def import_track(
    job_id: str, language: str, kind: str, file: Path, *, profile_name: str = DEFAULT_PROFILE
) -> int:
    """Replace a cached track's working copy with FILE as one local edit, queued for upload.

    A file that is not WebVTT is refused and nothing changes. The track must
    be cached (synced once): its server base is what the upload merges against.
    """
    if kind not in {k.value for k in TrackKind}:
        print(
            f"review-workstation: kind must be captions or descriptions, not {kind!r}",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    try:
        text = decode(file.read_bytes())
        backwards = [f for index, cue in enumerate(parse(text).cues)
                     if (f := check_timing_order(cue, index, profile_named(DEFAULT_PROFILE_NAME)))]
    except OSError as error:
        print(f"review-workstation: cannot read {file}: {error.strerror}", file=sys.stderr)
        return EXIT_REFUSED
    except VttReadError as error:
        print(f"review-workstation: {file} refused: {error}", file=sys.stderr)
        return EXIT_REFUSED
    if backwards:
        # Such a cue is never shown: uploading it would put a broken track on the server.
        first = backwards[0]
        cue = "?" if first.cue is None else first.cue + 1
        print(f"review-workstation: {file} refused: cue {cue}: {first.hint} "
              f"({len(backwards)} such cue(s))", file=sys.stderr)
        return EXIT_REFUSED
    database = open_profile(profile(profile_name))
    try:
        tracks = TrackStore(database)
        if tracks.get_track(job_id, language, kind) is None:
            print(
                f"review-workstation: no cached {kind} track for job {job_id}, language "
                f"{language}; run sync first",
                file=sys.stderr,
            )
            return EXIT_REFUSED
        revision = tracks.save_working_copy(job_id, language, kind, text)
    finally:
        database.close()
    print(
        f"{file}: saved as local revision {revision} of {job_id} {language} {kind}; "
        "queued for upload"
    )
    return 0


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.saving")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)


def run_worker(
    server_url: str | None, *, forever: bool, profile_name: str = DEFAULT_PROFILE
) -> int:
    """Drain the outbox once (or until SIGTERM/SIGINT with `forever`), no pull; for child processes.

    Exit codes as for `sync_once`.
    """
    chosen = profile(profile_name)
    server = server_url or load_settings(chosen.folder).server_url
    if not server:
        return _say_failure(False, "No server: pass --server URL", EXIT_SIGN_IN_FAILED)
    database = open_profile(chosen)
    try:
        return asyncio.run(_run_worker(server, database, profile_name, forever))
    finally:
        database.close()


async def _run_worker(server: str, database: Database, profile_name: str, forever: bool) -> int:
    session = SyncSession(server, database, secrets=KeyringSecretStore(), profile_name=profile_name)
    try:
        try:
            await _sign_in(session)
        except SignInRequired as error:
            return _say_failure(False, f"Sign-in failed: {error.detail}", EXIT_SIGN_IN_FAILED)
        if forever:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for name in ("SIGTERM", "SIGINT"):
                with contextlib.suppress(NotImplementedError, AttributeError):
                    loop.add_signal_handler(getattr(signal, name), stop.set)
            task = asyncio.ensure_future(session.worker.run())
            await stop.wait()
            session.worker.stop()
            await task
        else:
            await session.worker.drain()
        outbox = Outbox(database)
        left = outbox.pending_items() + outbox.failed_items()
        return EXIT_SYNCED if not left else EXIT_ITEMS_REMAIN
    finally:
        await session.stop()
