"""The Briefcase app definition, read by Briefcase's own parser for each platform.

`briefcase create`/`build` fetch templates from the network, which CI cannot
reach; this checks everything those steps would read from `pyproject.toml`:
the app validates (name, bundle, version, licence, a source package named
after the app), every source and icon file exists, the runtime and test
requirements arrive from `[project]`, and each platform says what it needs.
"""

from __future__ import annotations

import runpy
import tomllib
from pathlib import Path
from typing import Any

import pytest

briefcase_config = pytest.importorskip("briefcase.config")
from briefcase.console import Console  # type: ignore[import-untyped]  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = REPO / "pyproject.toml"
APP = "review-workstation"
# Sizes Briefcase's Linux and Windows templates ask for (`<icon>-<size>.png`).
LINUX_ICON_SIZES = (16, 32, 64, 128, 256, 512)
TARGETS = [("linux", "system"), ("linux", "flatpak"), ("macOS", "app"), ("windows", "app")]


class RecordingConsole(Console):
    """Briefcase's console, keeping the warning banners it would print."""

    def __init__(self) -> None:
        super().__init__()
        self.warnings: list[str] = []

    def warning_banner(self, title: str, message: str = "", **kwargs: Any) -> None:
        self.warnings.append(title)


def parsed(platform: str, output_format: str) -> tuple[Any, RecordingConsole]:
    console = RecordingConsole()
    _global, apps = briefcase_config.parse_config(
        PYPROJECT, platform=platform, output_format=output_format, console=console)
    assert list(apps) == [APP]
    return briefcase_config.DraftAppConfig(**apps[APP]), console


def project_table() -> dict[str, Any]:
    with PYPROJECT.open("rb") as handle:
        table: dict[str, Any] = tomllib.load(handle)["project"]
    return table


@pytest.mark.parametrize(("platform", "output_format"), TARGETS)
def test_the_app_validates_without_warnings(platform: str, output_format: str) -> None:
    app, console = parsed(platform, output_format)
    assert console.warnings == []
    assert app.formal_name == "Review Workstation"
    assert app.bundle_identifier == "solutions.accessible-video.review-workstation"
    assert str(app.version) == project_table()["version"]
    assert app.description and len(app.description) <= 80
    assert app.long_description
    assert app.license == "LicenseRef-Proprietary"
    assert all((REPO / name).is_file() for name in app.license_files)


@pytest.mark.parametrize(("platform", "output_format"), TARGETS)
def test_every_source_exists_and_the_entry_module_starts_the_command_line(
    platform: str, output_format: str
) -> None:
    app, _console = parsed(platform, output_format)
    for source in [*app.sources, *app.test_sources]:
        assert (REPO / source / "__init__.py").is_file(), source
    entry = next(s for s in app.sources if s.rsplit("/", 1)[-1] == app.module_name)
    main = (REPO / entry / "__main__.py").read_text(encoding="utf-8")
    assert "from ui.command_line import main" in main
    # `briefcase dev --test` runs tests.<module>; it must exist and print the sentinel.
    runner = REPO / "tests" / f"{app.module_name}.py"
    assert ">>>>>>>>>> EXIT" in runner.read_text(encoding="utf-8")


@pytest.mark.parametrize(("platform", "output_format"), TARGETS)
def test_requirements_include_every_project_dependency_and_the_test_extra(
    platform: str, output_format: str
) -> None:
    app, _console = parsed(platform, output_format)
    project = project_table()
    assert set(project["dependencies"]) <= set(app.requires)
    assert any(r.lower().startswith("pyside6") for r in app.requires)
    assert set(project["optional-dependencies"]["test"]) <= set(app.test_requires)
    assert any(r.startswith("pytest-qt") for r in app.test_requires)


def test_icon_files_exist_for_every_platform() -> None:
    linux, _ = parsed("linux", "system")
    base = REPO / linux.icon
    for size in LINUX_ICON_SIZES:
        assert (base.parent / f"{base.name}-{size}.png").is_file(), size
    for suffix in ("ico", "icns", "svg"):
        assert base.with_name(f"{base.name}.{suffix}").is_file(), suffix
    for platform, output_format in TARGETS:
        app, _ = parsed(platform, output_format)
        assert app.icon == linux.icon


def test_the_icons_are_what_the_drawing_script_makes(tmp_path: Path, qapp: object) -> None:
    """Committed icons are not stale: drawing them again gives the same pixels."""
    from PySide6.QtGui import QImage

    script = runpy.run_path(str(REPO / "packaging" / "make_icons.py"))
    script["write_all"](tmp_path)
    linux, _ = parsed("linux", "system")
    committed = REPO / linux.icon
    for size in (16, 256):
        fresh = QImage(str(tmp_path / f"{committed.name}-{size}.png"))
        stored = QImage(str(committed.parent / f"{committed.name}-{size}.png"))
        assert stored.size() == fresh.size()
        assert stored == fresh


def test_debian_package_needs_libvlc_and_the_qt_xcb_libraries() -> None:
    app, _ = parsed("linux", "system")
    debian = app.debian
    assert "libvlc-dev" in debian["system_requires"]
    runtime = set(debian["system_runtime_requires"])
    assert {"libvlc5", "vlc-plugin-base"} <= runtime
    assert {"libxcb-cursor0", "libxkbcommon-x11-0", "libxcb-icccm4", "libegl1"} <= runtime


def test_other_platforms_have_their_sections() -> None:
    flatpak, _ = parsed("linux", "flatpak")
    assert flatpak.flatpak_runtime and flatpak.flatpak_sdk and flatpak.flatpak_runtime_version
    macos, _ = parsed("macOS", "app")
    assert macos.universal_build is True
    # The VLC notes for macOS and Windows are comments beside their sections.
    text = PYPROJECT.read_text(encoding="utf-8")
    for section in ("macOS", "windows"):
        header = f"[tool.briefcase.app.{APP}.{section}]"
        assert header in text
        notes = text[: text.index(header)].rsplit("\n\n", 1)[-1]
        assert "VLC" in notes and "QtMultimedia" in notes, section


def test_desktop_entry_names_the_command_and_icon() -> None:
    entry = (REPO / "packaging" / "review-workstation.desktop").read_text(encoding="utf-8")
    lines = entry.splitlines()
    assert lines[0] == "[Desktop Entry]"
    fields = dict(line.split("=", 1) for line in lines[1:] if "=" in line)
    assert fields["Type"] == "Application"
    assert fields["Name"] == "Review Workstation"
    assert fields["Exec"].split()[0] == next(iter(project_table()["scripts"]))
    assert fields["Icon"] == "review-workstation"
    assert fields["Categories"].endswith(";")
    assert "text/vtt" in fields["MimeType"]
