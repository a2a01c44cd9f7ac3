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

from app import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="review-workstation",
        description="Review Workstation: captions, audio description and translation review.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = commands.add_parser("open", help="open the window (the default)")
    gui.add_argument("files", nargs="*", type=Path, help="caption files to open")
    gui.add_argument("--demo", action="store_true", help="open the bundled demo workspace")

    check = commands.add_parser("check", help="check caption files against the QC rules")
    check.add_argument("--profile", default="netflix-en", help="QC profile (default netflix-en)")
    check.add_argument("--json", action="store_true", help="one JSON object per file and line")
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")

    resave = commands.add_parser("resave", help="read a file and write it back unchanged")
    resave.add_argument("source", type=Path, metavar="IN")
    resave.add_argument("target", type=Path, metavar="OUT")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.command == "check":
        return _check(args.files, args.profile, args.json)
    if args.command == "resave":
        return _resave(args.source, args.target)
    from ui.application import run_window  # Qt is loaded only for the window

    return run_window(
        files=getattr(args, "files", []) or [], demo=getattr(args, "demo", False)
    )


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
