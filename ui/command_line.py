"""The ``review-workstation`` command: the window with no arguments, batch work otherwise.

This is the composition root, so it lives with the views: it may reach every
layer. Batch commands import no Qt, so they start fast on a headless server.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path


class _PrintVersions(argparse.Action):
    """--version lists what the workstation runs on, as the About box does."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from ui.versions import version_text

        print(version_text())
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="review-workstation",
        description="Review Workstation: captions, audio description and translation review.",
    )
    parser.add_argument("--version", nargs=0, action=_PrintVersions,
                        help="show the versions of the workstation, Qt, libvlc and the database")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = commands.add_parser("open", help="open the window (the default)")
    gui.add_argument("files", nargs="*", type=Path,
                     help="a caption file (.vtt) and/or a video to open")
    gui.add_argument("--player", choices=["auto", "qtmultimedia", "vlc"],
                     help="video back end (default: the saved setting, else QtMultimedia)")

    check = commands.add_parser("check", help="check caption files against the QC rules")
    check.add_argument("--profile", default="netflix-en", help="QC profile (default netflix-en)")
    check.add_argument("--json", action="store_true", help="one JSON object per file and line")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")

    resave = commands.add_parser("resave", help="read a file and write it back unchanged")
    resave.add_argument("source", type=Path, metavar="IN")
    resave.add_argument("target", type=Path, metavar="OUT")

    sync = commands.add_parser("sync", help="one pull-and-push cycle with the server, then exit")
    sync.add_argument("--server", help="server base URL (remembered for next time)")
    sync.add_argument("--json", action="store_true", help="print the result as JSON")

    export = commands.add_parser("export", help="write a job's cached tracks to a folder")
    export.add_argument("job_id", metavar="JOB_ID")
    export.add_argument("folder", type=Path, metavar="DIR")

    imported = commands.add_parser(
        "import", help="replace a track's working copy with a file, queued for upload")
    imported.add_argument("job_id", metavar="JOB_ID")
    imported.add_argument("language", metavar="LANG")
    imported.add_argument("kind", metavar="KIND", help="captions or descriptions")
    imported.add_argument("file", type=Path, metavar="FILE")
    return parser


COMMANDS = ("open", "check", "resave", "sync", "export", "import")


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words and words[0] not in COMMANDS and not words[0].startswith("-"):
        words.insert(0, "open")  # `review-workstation episode.vtt video.mp4` opens them
    args = _parser().parse_args(words)
    if args.command == "check":
        return _check(args.files, args.profile, args.json)
    if args.command == "resave":
        return _resave(args.source, args.target)
    if args.command in ("sync", "export", "import"):
        return _scripted(args)
    from ui.application import run_window  # Qt is loaded only for the window

    return run_window(files=getattr(args, "files", []) or [],
                      player=getattr(args, "player", None))


def _scripted(args: argparse.Namespace) -> int:
    """sync, export and import: the sync engine without Qt, on the same profile."""
    from app.paths import profile
    from app.profile_lock import ProfileInUse, ProfileLock
    from sync import command_line as sync_commands

    if args.command == "export":  # reads only: no need to keep others out
        return sync_commands.export_job(args.job_id, args.folder)
    try:
        with ProfileLock(profile(), f"'review-workstation {args.command}' command"):
            if args.command == "sync":
                return sync_commands.sync_once(args.server, args.json)
            return sync_commands.import_track(args.job_id, args.language, args.kind, args.file)
    except ProfileInUse as error:
        print(f"review-workstation: {error}", file=sys.stderr)
        return 2


def _check(files: list[Path], profile_name: str, as_json: bool) -> int:
    from app.batch import check_file, exit_code
    from app.captions.quality import profile_named

    try:
        profile = profile_named(profile_name)
    except KeyError as error:
        print(f"review-workstation: {error.args[0]}", file=sys.stderr)
        return 2
    reports = []
    for path in files:
        report = check_file(path, profile)
        reports.append(report)
        if as_json:
            print(json.dumps(report.as_json(), ensure_ascii=False), flush=True)
        else:
            _print_report(report)
    return exit_code(reports)


def _print_report(report: object) -> None:
    from app.batch import FileReport

    assert isinstance(report, FileReport)
    if report.error is not None:
        where = f"line {report.error_line}: " if report.error_line else ""
        print(f"{report.path}: cannot be read: {where}{report.error}")
        return
    errors = sum(1 for f in report.findings if f.severity.value == "error")
    warnings = len(report.findings) - errors
    print(f"{report.path}: {report.cues} cues, {errors} errors, {warnings} warnings")
    for finding in report.findings:
        where = f"cue {finding.cue + 1}" if finding.cue is not None else f"line {finding.line}"
        print(f"  {finding.severity.value:7} {where}: {finding.rule}: {finding.hint}")


def _resave(source: Path, target: Path) -> int:
    from app.batch import resave
    from app.captions.webvtt_file import VttReadError

    try:
        resave(source, target)
    except VttReadError as error:
        print(f"review-workstation: {source}: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
