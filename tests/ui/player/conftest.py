"""Fixtures for the player tests: the demo media and captions, and a loaded player.

QtMultimedia probes the system's audio stack once per process and warns when
there is none (no PipeWire library, no PulseAudio server: the case on CI and
in containers), and the offscreen platform has no GPU API (RHI), so the first
video frame painted says it converts on the CPU. Those warnings say nothing
about our code, but pytest-qt fails a test on any warning, so they (and only
they) are ignored for the tests in this folder.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.captions.model import Cue
from app.captions.webvtt_file import read_file
from tests.conftest import REPO, SHARED
from ui.player.qt_backend import QtMultimediaBackend

AUDIO_PROBE_WARNINGS = (
    r"^Couldn't (load|resolve) pipewire-0\.3",
    r"^PulseAudioService: pa_context_connect\(\) failed",
    r"ThreadLocalRhiHolder::ensureRhi.*No RHI backend\. Using CPU conversion\.$",
)
DEMO_VIDEO = REPO / "resources" / "demo" / "demo.mp4"
DEMO_CAPTIONS = REPO / "resources" / "demo" / "en.captions.vtt"
BUNNY_24FPS = SHARED / "media" / "big-buck-bunny-480p-5s.mp4"
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            # pytest-qt reads only the closest marker: merge a test's own patterns in.
            own = [pattern for mark in item.iter_markers("qt_log_ignore") for pattern in mark.args]
            item.add_marker(pytest.mark.qt_log_ignore(*AUDIO_PROBE_WARNINGS, *own),
                            append=False)


@pytest.fixture
def demo_video() -> Path:
    return DEMO_VIDEO


@pytest.fixture
def demo_cues() -> Sequence[Cue]:
    return read_file(DEMO_CAPTIONS).cues


@pytest.fixture
def qt_player(qtbot: QtBot) -> Iterator[QtMultimediaBackend]:
    """The QtMultimedia back end with the demo video loaded, paused on frame 0."""
    player = QtMultimediaBackend()
    with qtbot.waitSignal(player.media_loaded, timeout=10_000):
        player.load(DEMO_VIDEO)
    yield player
    player.close()
    player.deleteLater()
